/* layout_kinds: the page kinds: one function for each [kind] of a trip
 * file adds the pages of one section (a doc node) to the run; layout.c
 * calls them in the sections' order. Internal to the layout's files. */
#ifndef LAYOUT_KINDS_H
#define LAYOUT_KINDS_H

#include "layout_box.h"

/* To add a page kind: add it to doc.h (DOC_KIND_…, its name in doc.c) and
 * build.c (its keys); write its function in a layout_kind_*.c file (a page
 * of its own design like kind_closing, or pages that flow like kind_text,
 * with layout_flow.h and layout_table.h); declare it here and add a row to
 * the table in layout.c. Its measures go in the page design (style.h,
 * style.c's key table, layouts/default.layout, docs/layout-format.md), the
 * words it adds in layout_words.c, new box roles in layout_box.c. */

/* layout_kind_title.c: pages of their own design, without a heading band */
void kind_title(layout_ctx *c, const doc_node *sec);   /* the title page, from the metadata */
void kind_closing(layout_ctx *c, const doc_node *sec); /* [closing]: mark, title, text, signature */

/* layout_kind_flow.c: text and tables that flow down pages under the section's heading */
void kind_goals(layout_ctx *c, const doc_node *sec);    /* [goals]: each goal's title beside its text */
void kind_overview(layout_ctx *c, const doc_node *sec); /* [overview]: the facts as a large two-column table */
void kind_bullets(layout_ctx *c, const doc_node *sec);  /* [bullets]: lists set large */
void kind_text(layout_ctx *c, const doc_node *sec);     /* [text]: paragraphs, lists, subheadings */
void kind_schedule(layout_ctx *c, const doc_node *sec); /* [schedule]: a table, then text */

/* layout_kind_facts.c */
void kind_facts(layout_ctx *c, const doc_node *sec);    /* [facts]: an image (a map) beside a title and facts */

/* layout_kind_photos.c */
void kind_photos(layout_ctx *c, const doc_node *sec);   /* [photos]: photos with captions in a grid */

/* The first child of 'sec' of type 't', or NULL. */
const doc_node *kind_child(const doc_node *sec, doc_node_type t);

#endif
