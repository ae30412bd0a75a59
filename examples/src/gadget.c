#include "gadget.h"
int gadget_count(void) { return 1; }
