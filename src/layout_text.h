/* layout_text: text set with Pango (PangoLayouts of doc texts, fitted
 * titles, text clamped to a height) and text boxes made of it. Internal to
 * the layout's files; the only place that sets text. */
#ifndef LAYOUT_TEXT_H
#define LAYOUT_TEXT_H

#include "layout_box.h"

#include <pango/pango.h>

#define PT(units) ((double)(units) / PANGO_SCALE)
#define UNITS(pt) ((int)((pt) * PANGO_SCALE + 0.5))

/* How a text is set. */
typedef struct text_opts {
    const char *family;
    double size_pt;
    bool bold;
    double width_pt;       /* wrap width; <= 0: no wrapping */
    PangoAlignment align;
    bool justify;
    double spacing;        /* line spacing factor; 0 = the font's own */
    bool palt;             /* proportional punctuation (titles, headings) */
    double tab_pt;         /* > 0: one tab stop there, and later lines hang to it */
    const PangoAttrList *extra; /* more attributes (byte offsets into the whole text) */
} text_opts;

/* Options with these and nothing else set. */
text_opts text_opts_of(const char *family, double size, bool bold, double width, PangoAlignment align);

/*** Layouts (caller unrefs each PangoLayout) ***/

/* A layout of bytes [offset, end) of 'str' (end < 0: to its end) with
 * the bold 'spans' (offsets into 'str'; those outside are ignored), 'o',
 * and, if 'keep', the typeset keep-whole ranges. */
PangoLayout *text_build(layout_ctx *c, const char *str, const GArray *spans, int offset, int end, const text_opts *o,
                        bool keep);

/* The width of the text_build layout of the same on one line (o->width_pt
 * ignored), remembered for the next time the same is measured. */
double text_natural_width(layout_ctx *c, const char *str, const GArray *spans, int offset, int end,
                          const text_opts *o);

/* The same wrapped at o->width_pt, with the keep-whole ranges, no runt
 * last line (the last line of a paragraph holds at least three characters,
 * punctuation not counted) and, when the layout asks, hanging 。、. A kept
 * range wider than the line itself is broken (a URL after / - . or ?) while
 * the others stay whole, so that nothing runs out of its box, with a
 * warning at its line and column (once: not when '*warned', which is then
 * set; 'warned' may be NULL). The lines are composed (typeset_compose.h). */
PangoLayout *text_make(layout_ctx *c, const char *str, const GArray *spans, int offset, int end, const text_opts *o,
                       diag_loc loc, bool *warned);

/* The spans of a text kept by kind, so that those of a part of a long
 * text are found without looking at all of them (a paragraph set over
 * thousands of pages asks for them once a page). */
typedef struct span_index {
    const GArray *all;  /* borrowed; may be NULL */
    GArray *kind[2];    /* bold, links: each in order, not overlapping; NULL when 'all' is short */
} span_index;
void span_index_init(span_index *si, const GArray *spans);
void span_index_clear(span_index *si);

/* A layout of bytes [offset, len) of 'str' (text_make), or of only so
 * much of it that at least three lines follow those within 'max_h' (and
 * five lines in all): the lines before its last three are then exactly
 * those of the whole text. '*end' gets the end of the bytes laid out (len:
 * all of them), '*spans' (caller unrefs, may be NULL) the spans of those
 * bytes. Only texts wrapped to a width are cut. */
PangoLayout *text_prefix(layout_ctx *c, const char *str, int offset, int len, const span_index *si,
                         const text_opts *o, double max_h, diag_loc loc, bool *warned, int *end, GArray **spans);

/* A layout of 'str' (text_make) no taller than 'max_h' points: when its
 * lines are taller, the lines within 'max_h' are kept (at least one) and
 * the last of them ends in "…"; the text is then an error at 'loc' (a
 * warning in a draft) saying that 'what' ("this caption") is cut; no
 * message when 'loc' is NO_LOC. '*shown' gets how many bytes of 'str' are
 * shown. */
PangoLayout *text_clamped(layout_ctx *c, const char *str, const GArray *spans, const text_opts *o, double max_h,
                          diag_loc loc, const char *what, int *shown);

/*** Measures ***/

/* The right edge of the widest line, and the height, in points. */
double text_width(PangoLayout *pl);
double text_height(PangoLayout *pl);

/* Vertical extent of each line, in points from the layout's top. */
typedef struct line_range {
    double top, bottom;
    int start_index; /* byte offset of the line in the layout's text */
} line_range;
#define LINE(lines, i) (g_array_index((lines), line_range, (i)))

/* The lines of 'pl' (an array of line_range; caller unrefs). */
GArray *text_lines(PangoLayout *pl);

/* How many of 'lines' have their bottom within 'max_h'. */
int text_lines_within(const GArray *lines, double max_h);

/* Longer than this, a title cannot be one line at any size we set. */
#define TEXT_FIT_MAX_BYTES 4096

/* The bytes of at most the first 'max' bytes of 's' that end on a
 * character's boundary. */
int text_prefix_len(const char *s, int max);

/* The size at which 'str' fits 'max_w' on as many lines as it has: the
 * first of the sizes 4 % apart down to the style's floor that fits (found
 * from the width at the first size, with a layout or two). Warns at 'loc'
 * when even the floor is too wide (the text then wraps). */
double text_fitted_size(layout_ctx *c, const char *str, const GArray *spans, text_opts o, double max_w, diag_loc loc,
                        const char *what); /* 'what' names it in the warning: N_("this heading") */
/* The same, and '*probes' (may be NULL) gets how many widths it measured
 * to find the size: one where the first size fits, two where the width
 * measured tells which step fits. */
double text_fitted_size_probed(layout_ctx *c, const char *str, const GArray *spans, text_opts o, double max_w,
                               diag_loc loc, const char *what, int *probes);

/* The height of 'str' set with 'o', or a little more than 'max_h' when it
 * is taller (only so much of it is laid out). */
double text_height_upto(layout_ctx *c, const char *str, const GArray *spans, const text_opts *o, double max_h);

/*** Text boxes on c->pg ***/

/* Places 'str' at (x, y), set with 'o' and no taller than 'max_h' (see
 * text_clamped: 'what' names it in the message). 'src' (may be NULL) is
 * the doc text that 'str' shows from its byte 'src_start' on. */
box *text_add_clamped(layout_ctx *c, double x, double y, const char *str, const GArray *spans, const text_opts *o,
                      double max_h, guint32 color, const char *role, const doc_node *node, const doc_text *src,
                      int src_start, diag_loc loc, const char *what);

/* Places the whole of a short text at (x, y) (page furniture). */
box *text_add(layout_ctx *c, double x, double y, const char *str, const GArray *spans, const text_opts *o,
              guint32 color, const char *role, const doc_node *node);

/* A title: the size at which it fits one line of 'max_w' (down to the
 * floor), wrapped there and no taller than 'max_h'. */
box *text_add_fitted(layout_ctx *c, double x, double y, const char *str, const GArray *spans, text_opts o, double max_w,
                     double max_h, guint32 color, const char *role, const doc_node *node, const doc_text *src,
                     diag_loc loc, const char *what);

#endif
