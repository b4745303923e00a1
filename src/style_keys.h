/* style_keys: the keys of a layout file, for style.c (which holds their
 * table, the built-in values and how each value is read) and style_load.c
 * (which reads the files). Internal to the style module. */
#ifndef STYLE_KEYS_H
#define STYLE_KEYS_H

#include "kv.h"
#include "style.h"

#include <stddef.h>

typedef enum {
    T_NONE,
    T_BASE,    /* another layout to start from */
    T_PAGE,    /* page_w_pt and page_h_pt */
    T_MARGINS, /* all four margins, in mm */
    T_MARGIN,  /* one margin: a double field in pt, written in mm */
    T_MM,      /* a double field in pt, written in mm */
    T_PT,      /* a double field in pt, written in pt */
    T_RANGE,   /* a size in pt or a range "15-24pt step 1.5pt": least in the field, most in style.scale */
    T_BALANCE, /* scale.balance: "top", "centre" or "spread" */
    T_FACTOR,  /* a double field, a plain number (line spacing) */
    T_EM,      /* a double field, a factor of a text size, written "0.7em" */
    T_PERCENT, /* a double field, a fraction, written as a percentage "35%" */
    T_PLUS,    /* a double field in pt added to another size, written with its sign "+5pt" */
    T_COUNT,   /* an int field, a whole number */
    T_RATIO,   /* a double field, width / height, written "4:3" */
    T_SIDE,    /* a bool field: one of two words, true for 'what' ("left", "keep"), false for
                  'example' ("right", "strip") */
    T_YESNO,   /* a bool field, written "yes" or "no" */
    T_FONT,    /* a char* field: a font family name */
    T_BAND,    /* band_filled */
    T_COLOR,   /* a guint32 field, 0xRRGGBB */
    T_LOGO,    /* a char* field: an existing image file, resolved */
} key_type;

typedef struct key_def {
    const char *key;
    key_type type;
    size_t off;          /* offsetof the field in struct style (T_MM … T_LOGO) */
    double min, max;     /* the accepted range of numbers, in the unit written */
    const char *what;    /* for range messages: "a size in pt" */
    const char *example; /* for "is empty" messages; NULL: the default, as written */
    double def;          /* the built-in design's value, in the unit written (numbers and colours) */
} key_def;

/* The key named 'key' (lower case), or NULL. Borrowed, static. */
const key_def *style_key_find(const char *key);

/* How many keys there are, and the i-th (NULL past the end), in the
 * table's order: the index of a key is its place there. */
size_t style_key_count(void);
const key_def *style_key_at(size_t i);

/* 0-3 for the key of margin-top, -right, -bottom, -left (a T_MARGIN key). */
int style_key_margin_side(const key_def *k);

/* Sets key 'k' of 's' from entry 'e' of the layout file 'label' (a logo's
 * path is relative to its folder); 'side_given' says which margins have a
 * line of their own. A bad value is an error in 'd' and leaves 's' as it was. */
void style_key_apply(diag_list *d, style *s, const key_def *k, const kv_entry *e, const char *label,
                     const bool side_given[4]);

/* The example a message gives for 'k': its own, else its built-in value
 * as it would be written ("24pt", "35%", "+1pt"). Caller frees. */
char *style_key_example(const key_def *k);

/* mm to points, by the same operations everywhere (equal results). */
double style_mm_to_pt(double mm);

/* 'dir'/'a'/'b' ('b' may be NULL), without a leading "./" when 'dir' is
 * the current folder. Caller frees. */
char *style_path_join(const char *dir, const char *a, const char *b);

#endif
