/* render_boxes: draws a slide's boxes (text, fills, rules, photos) onto a
 * cairo context, the one drawing that the PDF's pages, the handout sheets
 * and the PNG previews share. What differs between them (structure tags,
 * grey, decoded photos) is in the render_target. */
#ifndef RENDER_BOXES_H
#define RENDER_BOXES_H

#include "image_cache.h"
#include "render.h"
#include "render_tags.h"

/* Where and how boxes are drawn. Every pointer is borrowed. */
typedef struct render_target {
    cairo_t *cr;
    image_cache *images; /* photos read once, shared by the whole output */
    render_tags *tags;   /* structure tags and links (the slides' PDF), or NULL (sheets, previews) */
    bool grey;           /* colours as grey (BT.601 luma) */
    bool decode;         /* photos decoded (previews) instead of passed through (PDF) */
    diag_list *diags;    /* photos that cannot be drawn */
} render_target;

/* Sets the source colour 0xRRGGBB 'color', or its grey in grey mode. */
void render_color_set(const render_target *t, guint32 color);

/* Draws the boxes of slide 'pg' at its own coordinates, then closes the
 * structure containers it opened (Document stays open). False (and an
 * error in t->diags for each) when a photo could not be drawn; the rest
 * is still drawn. */
bool render_slide_draw(const render_target *t, const page *pg);

/* Every slide of every part, in order: a new array (free with
 * g_ptr_array_unref) of page* borrowed from the parts' layouts. */
GPtrArray *render_slides_of(const pdf_part *parts, int nparts);

#endif
