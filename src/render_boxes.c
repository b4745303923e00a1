/* render_boxes: a page of boxes -> cairo drawing calls (and, for the
 * slides' PDF, the structure tags and links around them). */
#include "render_boxes.h"

#include "image_draw.h"
#include "layout_pango.h"

#include <string.h>

void render_color_set(const render_target *t, guint32 c)
{
    if (t->grey) {
        guint32 y = (((c >> 16) & 0xFF) * 299 + ((c >> 8) & 0xFF) * 587 + (c & 0xFF) * 114 + 500) / 1000;
        c = (y << 16) | (y << 8) | y;
    }
    cairo_set_source_rgb(t->cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0);
}

void box_show_text(cairo_t *cr, const box *b)
{
    if (b->line_first == 0 && b->line_count < 0) {
        cairo_move_to(cr, b->x_pt, b->y_pt);
        pango_cairo_show_layout(cr, box_pango_layout(b));
        return;
    }
    PangoLayoutIter *it = pango_layout_get_iter(box_pango_layout(b));
    int i = 0, top0 = 0;
    int last = b->line_count < 0 ? G_MAXINT : b->line_first + b->line_count;
    do {
        if (i >= b->line_first && i < last) {
            int y0, y1;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            if (i == b->line_first)
                top0 = y0;
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, NULL, &logical);
            int baseline = pango_layout_iter_get_baseline(it);
            cairo_move_to(cr, b->x_pt + (double)logical.x / PANGO_SCALE,
                          b->y_pt + (double)(baseline - top0) / PANGO_SCALE);
            pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
        }
        i++;
    } while (i < last && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static bool is_furniture(const box *b)
{
    return layout_role_is_furniture(b->role);
}

/* Opens the containers 'b' sits in and returns its own element (NULL:
 * none). Page furniture stays outside the structure; so does a rule or
 * fill that belongs to nothing (it is drawn inside what is open). */
static const char *tags_for(render_tags *tags, const box *b)
{
    if (!tags)
        return NULL;
    if (is_furniture(b)) {
        render_tags_leave(tags);
        return NULL;
    }
    if (b->group || b->type == BOX_TEXT)
        render_tags_enter(tags, b->group);
    return layout_role_tag(b->role);
}

static void draw_text(const render_target *t, const box *b, const char *leaf)
{
    if (leaf)
        render_tags_begin(t->tags, leaf);
    /* Text beside a link inside the same element needs a Span of its
     * own, or cairo 1.16 leaves it untagged. */
    if (leaf && b->links)
        render_tags_begin(t->tags, "Span");
    render_color_set(t, b->color);
    box_show_text(t->cr, b);
    if (leaf && b->links)
        render_tags_end(t->tags, "Span");
    if (t->tags)
        render_tags_add_links(t->tags, b);
    if (leaf)
        render_tags_end(t->tags, leaf);
}

static bool draw_image(const render_target *t, const box *b)
{
    GError *err = NULL;
    if (image_draw(t->images, t->cr, b->path, b->x_pt, b->y_pt, b->w_pt, b->h_pt, b->cover, t->decode, &err))
        return true;
    diag_loc loc = b->node ? b->node->path_loc : (diag_loc){ b->path, 0, 0 };
    diag_error(t->diags, loc, "image '%s' %s", b->node && b->node->path ? b->node->path : b->path,
               err ? err->message : "cannot be drawn");
    if (err)
        g_error_free(err);
    return false;
}

static bool draw_box(const render_target *t, const box *b)
{
    cairo_t *cr = t->cr;
    const char *leaf = tags_for(t->tags, b);
    if (b->type == BOX_TEXT) {
        draw_text(t, b, leaf);
        return true;
    }
    if (leaf) {
        /* A picture (or its placeholder): a Figure, whose /Alt the
         * incremental update adds in this order. */
        render_tags_begin(t->tags, leaf);
        if (strcmp(leaf, "Figure") == 0)
            render_tags_add_alt(t->tags, b->alt);
    }
    bool ok = true;
    switch (b->type) {
    case BOX_FILL:
        render_color_set(t, b->color);
        cairo_rectangle(cr, b->x_pt, b->y_pt, b->w_pt, b->h_pt);
        cairo_fill(cr);
        break;
    case BOX_RULE:
        render_color_set(t, b->color);
        cairo_set_line_width(cr, b->line_pt);
        cairo_move_to(cr, b->x_pt, b->y_pt);
        cairo_line_to(cr, b->x_pt + b->w_pt, b->y_pt + b->h_pt);
        cairo_stroke(cr);
        break;
    case BOX_IMAGE:
        ok = draw_image(t, b);
        break;
    case BOX_TEXT:
    case BOX_NONE:
        break;
    }
    if (leaf)
        render_tags_end(t->tags, leaf);
    return ok;
}

bool render_slide_draw(const render_target *t, const page *pg)
{
    bool ok = true;
    for (guint j = 0; j < pg->boxes->len; j++)
        ok = draw_box(t, g_ptr_array_index(pg->boxes, j)) && ok;
    if (t->tags)
        render_tags_leave(t->tags);
    return ok;
}

GPtrArray *render_slides_of(const pdf_part *parts, int nparts)
{
    GPtrArray *a = g_ptr_array_new();
    for (int p = 0; p < nparts; p++)
        for (guint i = 0; i < parts[p].l->pages->len; i++)
            g_ptr_array_add(a, g_ptr_array_index(parts[p].l->pages, i));
    return a;
}
