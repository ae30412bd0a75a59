#include <stdlib.h>
#include "widget.h"

struct widget { int width, height; };

widget *widget_new(const char *name) { (void)name; return calloc(1, sizeof(widget)); }
void widget_free(widget *w) { free(w); }
int widget_resize(widget *w, int width, int height) { w->width = width; w->height = height; return 0; }
void widget_reset(widget *w) { w->width = w->height = 0; }
