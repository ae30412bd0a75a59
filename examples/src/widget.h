#ifndef WIDGET_H
#define WIDGET_H

#if defined(_WIN32) && defined(WIDGET_BUILDING)
# define WIDGET_API __declspec(dllexport)
#else
# define WIDGET_API
#endif

typedef struct widget widget;

WIDGET_API widget *widget_new(const char *name);
WIDGET_API void widget_free(widget *w);
WIDGET_API int widget_resize(widget *w, int width,
                             int height);
WIDGET_API void widget_reset(widget *w);

#endif
