/* layout_pango: the Pango side of the layout's text boxes, for the
 * renderers that draw text with Pango and cairo (PDF, PNG previews,
 * handouts). Renderers that only read text (the dump) use layout.h alone. */
#ifndef LAYOUT_PANGO_H
#define LAYOUT_PANGO_H

#include "layout.h"

#include <pango/pangocairo.h>

/* The PangoLayout of text box 'b' (NULL for other boxes): all of its text,
 * of which the box shows lines line_first .. line_first + line_count - 1.
 * Borrowed; valid until layout_free(). */
PangoLayout *box_pango_layout(const box *b);

/* A reading (furigana) to draw over bytes [start, end) of a layout's text:
 * set by the layout (layout_ruby.c), drawn by the renderers with its
 * logical bottom on the base's ascent line, centred over the base. */
typedef struct layout_ruby {
    int start, end;       /* the base: byte offsets in the layout's text */
    PangoLayout *reading; /* the reading, set; owned */
    double width_pt;      /* the reading's logical width */
    double height_pt;     /* its logical height */
    double ascent_pt;     /* the base font's ascent: from the baseline up to where the reading sits */
    /* For the layout (layout_ruby.c): */
    int base_h;           /* the base's logical height (Pango units) */
    double metric_h_pt;   /* the base font's line height, which Pango's line spacing multiplies */
} layout_ruby;

/* The readings of 'pl' (of layout_ruby, in text order), NULL when it has
 * none. Borrowed from 'pl'. */
const GArray *layout_ruby_marks(PangoLayout *pl);

/* Where a reading goes: the top-left of its layout, in points from the
 * top-left of 'pl', and the line of its base. */
typedef struct layout_ruby_place {
    int line;
    double x_pt, y_pt;
} layout_ruby_place;

/* The places of the readings of 'pl', one per mark in the same order
 * (caller unrefs), NULL when it has none: centred over the base as set
 * (its 1:2:1 spacing included), the reading's logical bottom on the base's
 * ascent line, moved inside its line's logical extent when it would
 * overhang the line's start or end. One pass over the lines. */
GArray *layout_ruby_places(PangoLayout *pl);

/* The same for text box 'b', in points on its page; a reading of a line
 * the box does not show has line -1. NULL when the box has none. Caller
 * unrefs. */
GArray *box_ruby_places(const box *b);

#endif
