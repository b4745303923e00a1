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

#endif
