/* render_tags: the tagged-PDF marks around a slide's drawing. Keeps the
 * structure elements open (Document, and the containers a box sits in:
 * L/LI, Table/TR, Div, the layout's layout_group chain) as a stack, opens
 * and closes them with cairo's tags as boxes go by, and adds link
 * annotations over the text of links. Only render_boxes.c and
 * render_pdf.c use it; sheets and previews are drawn without it. */
#ifndef RENDER_TAGS_H
#define RENDER_TAGS_H

#include "layout.h"

#include <cairo.h>

typedef struct render_tags render_tags;

/* Most containers a box sits in (the layout nests two: L/LI, Table/TR). */
#define RENDER_TAGS_DEPTH 8

/* Starts the structure on 'cr' with the one Document element that holds
 * everything: cairo 1.16 marks a PDF as tagged (/MarkInfo) only when the
 * first structure tag is a top-level element such as Document. 'cr' and
 * 'alts' (of char*, freeing them; gets each Figure's /Alt) are borrowed
 * and must outlive the result. Free with render_tags_free(), which closes
 * whatever is open. */
render_tags *render_tags_new(cairo_t *cr, GPtrArray *alts);
void render_tags_free(render_tags *t); /* NULL is fine */

/* The containers of a box: 'group' and those it sits in (NULL: none),
 * outermost first, into 'out' (borrowed from the layout, at most
 * RENDER_TAGS_DEPTH of them: deeper is a layout bug, warned of, and the
 * innermost are left out). Returns how many. */
int render_tags_path_of(const layout_group *group, const layout_group *out[RENDER_TAGS_DEPTH]);

/* Makes exactly Document and the containers of 'group' open (NULL: only
 * Document), closing those no longer wanted, innermost first. An open
 * container is kept when it is the one wanted at its depth or alike (the
 * same tag and id). 'group' and the containers it sits in are borrowed
 * until they are closed (at the latest by render_tags_leave()). */
void render_tags_enter(render_tags *t, const layout_group *group);

/* Closes every container, leaving Document open (page furniture, the end
 * of a slide). */
void render_tags_leave(render_tags *t);

/* Opens leaf element 'tag' ("P", "H1", "Figure", "Span", …) inside what
 * is open; close it with render_tags_end(). */
void render_tags_begin(render_tags *t, const char *tag);
void render_tags_end(render_tags *t, const char *tag);

/* Appends the /Alt of the Figure just opened ('alt' copied; NULL: "") to
 * the 'alts' array: the incremental update gives the Figures their /Alt
 * in this order. */
void render_tags_add_alt(render_tags *t, const char *alt);

/* Link annotations over the shown part of each link of text box 'b': one
 * rectangle a line. Nothing for a box without links. */
void render_tags_add_links(render_tags *t, const box *b);

#endif
