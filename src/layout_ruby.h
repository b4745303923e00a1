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
 * 'o'; spans not wholly inside are left out: the base kept whole, spaced
 * out when its reading is wider, and its line's extent grown by the
 * reading's height (both ways: Pango 1.50 grows a line's extent evenly),
 * which gives a first line its room above. Attaches the readings to 'pl'
 * (owned by it). Without 'keep' (the last resort for a text with something
 * wider than its line) a base may break like other text, and a reading
 * narrower than its base is not spread over it. */
void ruby_add_attrs(layout_ctx *c, PangoLayout *pl, const char *text, int len, int offset, const GArray *spans,
                    PangoAttrList *attrs, const text_opts *o, bool keep);

/* Once 'pl' is wrapped and spaced as it will be set: when a line after the
 * first carries a reading that the leading between the lines (Pango's
 * line spacing factor) cannot hold, the layout is spaced instead by a
 * fixed gap equal to that leading, and each line with readings grows by
 * what it lacks, above and below: lines without ruby keep their pitch.
 * Nothing changes for layouts without readings. Call again after changing
 * the width or wrapping. */
void ruby_fit_lines(PangoLayout *pl);

/* How much room line 'line' of 'pl' has above its base text for
 * readings (0 when it carries none), in points: text set beside it
 * (another cell of a table row) comes down by as much to share its
 * baseline. */
double ruby_line_room(PangoLayout *pl, int line);

#endif
