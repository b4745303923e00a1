/* layout_box: the state of one layout run (layout_ctx) and the pages,
 * boxes and structure containers it adds to its layout. Internal to the
 * layout's files: every part (text, flow, tables, furniture, page kinds)
 * works on a layout_ctx. */
#ifndef LAYOUT_BOX_H
#define LAYOUT_BOX_H

#include "layout.h"
#include "layout_words.h"

#define NO_LOC ((diag_loc){ NULL, 0, 0 })

/* One run: what it reads (all borrowed), the layout it fills, and the
 * geometry of an ordinary page (layout_ctx_make, layout.c). */
typedef struct layout_ctx {
    const doc *dc;
    const style *st;
    const layout_words *w;   /* the words the layout adds */
    fonts *f;
    diag_list *d;            /* NULL: nothing is said (layout_number) */
    layout *out;
    page *pg;                /* the page being filled */
    int next_id;             /* the last structure container's id */
    double cx, cy, cw, cbottom; /* an ordinary page's content area: left, top, width, bottom (cy: below
                                   the band of the section being laid out) */
    double band_h;           /* the heading band's height, from the page's top: the section's, as high
                                as its heading needs (furniture_band_use) */
    double fill_bottom;      /* > 0: flowing text stops at this height on every page (an even split
                                of a section over its pages, layout_scale.c); 0: at cbottom */
    bool trial;              /* a trial layout of the type scale (layout_scale.c), never shown: the
                                heading bands are left out */
} layout_ctx;

/* Where a metadata value was written, or the top of the trip file when it
 * was not (a default). */
diag_loc layout_meta_loc(const layout_ctx *c, diag_loc at);

/* A new page of section 'sec' at the end of the layout, numbered in order,
 * with an ordinary page's areas; it becomes c->pg. Borrowed from the layout. */
page *page_add(layout_ctx *c, const doc_node *sec);
void page_free(gpointer p); /* a page and its boxes */

/* A new box on c->pg (in the content area; text boxes show all their
 * lines). Borrowed from the page. */
box *box_add(layout_ctx *c, box_type t, double x, double y, double w, double h);
box *box_add_fill(layout_ctx *c, double x, double y, double w, double h, guint32 color, const char *role);
box *box_add_rule(layout_ctx *c, double x, double y, double w, double h, double line_pt, guint32 color);

/* Sets source 'i' of text box 'b': its text's bytes from 'start' on are
 * 'len' bytes of 't' from byte 'from'. */
void box_set_source(box *b, int i, const doc_text *t, int start, int from, int len);

/* The links of 'spans' that fall in text from byte 'offset' on, 'len'
 * bytes, shifted to it; NULL when there are none. Caller unrefs. */
GArray *box_links_of(const GArray *spans, int offset, int len);

/* A new structure container 'tag' (static: "L", "LI", "Table", "TR",
 * "Div") with the next document-wide id, inside 'parent' (NULL: at the
 * top). Owned by the layout (c->out->groups); boxes inside it point to it. */
const layout_group *group_new(layout_ctx *c, const layout_group *parent, const char *tag);

#endif
