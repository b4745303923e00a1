/* layout_ruby: the ruby spans of a text ({宍道湖|しんじこ}) -> Pango
 * attributes that make room for their readings (the base kept whole,
 * spaced out when its reading is wider, room above its line) and the
 * readings, set and attached to the PangoLayout for the renderers
 * (layout_pango.h: layout_ruby_marks). Internal to the layout's files. */
#ifndef LAYOUT_RUBY_H
#define LAYOUT_RUBY_H

#include "layout_text.h"

/* Adds to 'attrs' (offsets into the layout's text) what the ruby spans
 * among 'spans' need in a layout 'pl' of the 'len' bytes 'text', which are
 * the bytes from 'offset' on of the doc text the spans point into, set with
 * 'o'; spans not wholly inside are left out. Attaches the readings to 'pl'
 * (owned by it). Returns the line spacing factor the layout needs at least
 * so that no reading reaches the line above (0: no need). */
double ruby_add_attrs(layout_ctx *c, PangoLayout *pl, const char *text, int len, int offset, const GArray *spans,
                      const text_opts *o, PangoAttrList *attrs);

/* How much room line 'line' of 'pl' has above its base text for
 * readings (0 when it carries none), in points: text set beside it
 * (another cell of a table row) comes down by as much to share its
 * baseline. */
double ruby_line_room(PangoLayout *pl, int line);

#endif
