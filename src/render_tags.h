/* render_tags: the tagged-PDF marks around a slide's drawing. Keeps the
 * structure elements open (Document, and the containers a box sits in:
 * L/LI, Table/TR, Div, each with its document-wide id) as a stack of
 * {tag, id}, opens and closes them with cairo's tags as boxes go by, and
 * adds link annotations over the text of links. Only render_boxes.c and
 * render_pdf.c use it; sheets and previews are drawn without it. */
#ifndef RENDER_TAGS_H
#define RENDER_TAGS_H

#include "layout.h"

#include <cairo.h>

/* One structure element: its tag and its document-wide id (0: Document). */
typedef struct render_tag {
    char tag[16]; /* "Document", "L", "LI", "Table", "TR", "Div" */
    int id;
} render_tag;

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

/* The containers of a box's group ("L.4/LI.9", "Table.2/TR.5", "Div.3";
 * NULL: none), outermost first, into 'out' (RENDER_TAGS_DEPTH of them).
 * Returns how many. A component without an id ("Div") gets id 0. The
 * layout writes groups as such strings; this is the one place that reads
 * them. */
int render_tags_path_of(const char *group, render_tag out[RENDER_TAGS_DEPTH]);

/* Makes exactly Document and the containers of 'group' open (NULL: only
 * Document), closing those no longer wanted, innermost first. */
void render_tags_enter(render_tags *t, const char *group);

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
