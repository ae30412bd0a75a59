#ifndef GADGET_H
#define GADGET_H
int gadget_count(void);
#endif
