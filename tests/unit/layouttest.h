/* layouttest: what the layout's unit tests share (static inline only): the
 * program's fonts, made once a test program, and a shipped design. */
#ifndef LAYOUTTEST_H
#define LAYOUTTEST_H

#include "diag.h"
#include "fonts.h"
#include "style.h"

#include <glib.h>

/* The test program's fonts (fonts_new), made at the first call. */
static inline fonts **lt_fonts_slot(void)
{
    static fonts *f;
    return &f;
}

static inline fonts *lt_fonts(void)
{
    fonts **f = lt_fonts_slot();
    if (!*f) {
        diag_list *d = diag_list_new();
        *f = fonts_new(d);
        g_assert_cmpint(d->errors, ==, 0);
        diag_list_free(d);
    }
    return *f;
}

/* Frees what lt_fonts() made, if it did. */
static inline void lt_fonts_free(void)
{
    fonts **f = lt_fonts_slot();
    fonts_free(*f);
    *f = NULL;
}

/* The shipped design 'name' ("default", "print"). Caller frees. */
static inline style *lt_style(const char *name)
{
    diag_list *d = diag_list_new();
    style *st = style_load(name, fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    g_assert_nonnull(st);
    diag_list_free(d);
    return st;
}

#endif
