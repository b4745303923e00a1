/* typeset_break: what Pango needs, beyond typeset.h's keep-whole ranges,
 * to break Japanese lines as JLReq wants, found by looking at a first
 * layout of the text: the ranges too wide for their line (broken, the
 * others kept), the 字下げ at 1 em, runts (a paragraph's last line of fewer
 * than three characters: tightened, else pushed down) and hanging 。、.
 * Each returns attributes for the next layout of the same text; offsets are
 * byte offsets into the layout's text. No fonts but the layout's own. */
#ifndef TYPESET_BREAK_H
#define TYPESET_BREAK_H

#include "typeset_compose.h"

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

/* Adds the keep-whole attributes of the first 'len' bytes of 'text', but
 * for the ranges in 'drop' (kept in pieces instead: typeset_keep_units). */
void typeset_keep_attrs_add_except(const char *text, int len, PangoAttrList *attrs, const GArray *drop);

/* Adds a letter spacing to each full-width space that starts a paragraph
 * of 'text' (the first one only if 'starts'), making it 1 em ('size_pt')
 * wide while Pango breaks the lines ('pl' gives the face to measure it in). */
void typeset_jisage_attrs_add(PangoLayout *pl, const char *text, int len, bool starts, PangoAttrList *attrs,
                              double size_pt);

/* Appends to 'drop' the kept ranges (or pieces of dropped ones) of 'pl'
 * (whose text is 'text', 'len' bytes) wider than 'width_pt' or not on one
 * line; how many. Ranges of fewer characters than width / (2 'size_pt')
 * are not measured. */
int typeset_too_wide_find(PangoLayout *pl, const char *text, int len, double width_pt, double size_pt, GArray *drop);

/* The attributes that push characters down to every last line of a
 * paragraph of 'pl' holding fewer than three characters (punctuation not
 * counted) after a broken line; NULL when there is none. 'text_ends': the
 * layout's text ends a paragraph. When 'tight' is given, '*tight' also
 * gets (made when NULL) the attributes that would instead take such a line
 * back up by setting the 和欧間 of the line before at 1/8 em, where that
 * makes room. Caller unrefs both. */
PangoAttrList *typeset_runt_attrs(PangoLayout *pl, bool text_ends, const typeset_params *tp, PangoAttrList **tight);

/* Adds to '*attrs' (made when NULL) what lets a 。 or 、 that Pango sent to
 * the next line with the character before it hang instead; how many. */
int typeset_hang_attrs(PangoLayout *pl, PangoAttrList **attrs);

#endif
