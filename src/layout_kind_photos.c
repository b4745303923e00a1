/* layout_kind_photos: the [photos] pages: photos in a grid (grid.c
 * chooses how many a page holds and their rows), each with its caption
 * below it, continued on as many pages as the photos need. */
#include "layout_kinds.h"
#include "i18n.h"

#include "grid.h"
#include "layout_figure.h"
#include "layout_flow.h"

#include <math.h>

typedef struct caption_ctx {
    layout_ctx *c;
    const doc_node *const *photos;
    text_opts o;
    double max_h;   /* a caption is cut to this height, so that a photo and its caption always fit a page */
    GHashTable *heights; /* (index, width in 1/100 pt) -> height: the grid search asks again and again */
} caption_ctx;

/* Caption 'index' set 'width_pt' wide, as measured and as drawn. */
static PangoLayout *caption_layout(caption_ctx *cc, int index, double width_pt, bool warn, int *shown)
{
    text_opts o = cc->o;
    o.width_pt = width_pt;
    const doc_text *t = cc->photos[index]->text;
    return text_clamped(cc->c, t->str, t->spans, &o, cc->max_h, warn ? t->loc : NO_LOC, N_("this caption"), shown);
}

/* The hash of a caption key (index << 32 | width in 1/100 pt): every bit
 * of both mixed. g_int64_hash gives index ^ width, which share their low
 * 15 bits or so: thousands of photos at a few dozen widths made a few
 * values for hundreds of thousands of keys, and long probe chains (5000
 * photos: 1.7 s to lay out, 0.8 s with this). */
static guint caption_key_hash(gconstpointer p)
{
    guint64 v = (guint64) * (const gint64 *)p * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
    return (guint)(v >> 32);
}

/* The height of caption 'index' set 'width_pt' wide. The grid tries many
 * arrangements of a page and asks for the same caption at the same width
 * each time: each is measured once (without the cache, a page of 20
 * photos with a long caption took seconds). */
static double caption_height(void *user, int index, double width_pt)
{
    caption_ctx *cc = user;
    gint64 key = ((gint64)index << 32) | (gint64)(guint32)lround(width_pt * 100);
    double *known = g_hash_table_lookup(cc->heights, &key);
    if (known)
        return *known;
    int shown;
    PangoLayout *pl = caption_layout(cc, index, width_pt, false, &shown);
    double h = text_height(pl);
    g_object_unref(pl);
    gint64 *k = g_new(gint64, 1);
    *k = key;
    double *v = g_new(double, 1);
    *v = h;
    g_hash_table_insert(cc->heights, k, v);
    return h;
}

void kind_photos(layout_ctx *c, const doc_node *sec)
{
    const style *st = c->st;
    const style_photos *P = &st->photos;
    GPtrArray *photos = g_ptr_array_new();
    GArray *aspects = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint i = 0; sec->children && i < sec->children->len; i++) {
        const doc_node *n = g_ptr_array_index(sec->children, i);
        if (n->type != DOC_NODE_PHOTO)
            continue;
        double a;
        if (!figure_probe(c, n, &a))
            continue;
        /* fit: cover fills a cell of the design's shape (cropping what
         * overflows); contain keeps the photo's own shape. */
        if (n->fit == DOC_FIT_COVER)
            a = P->aspect;
        g_ptr_array_add(photos, (gpointer)n);
        g_array_append_val(aspects, a);
    }
    flow f;
    flow_begin(&f, c, sec);
    flow_start(&f);
    double caption_pt = st->size_caption_pt + P->caption_plus_pt;
    caption_ctx cc = { c, (const doc_node *const *)photos->pdata,
                       text_opts_of(st->font_caption, caption_pt, false, 0, PANGO_ALIGN_CENTER), 0,
                       g_hash_table_new_full(caption_key_hash, g_int64_equal, g_free, g_free) };
    cc.o.spacing = P->caption_spacing;
    cc.max_h = (c->cbottom - c->cy) / 3;
    /* The last captions keep a line of theirs clear of the footer. */
    double clear = caption_pt * P->caption_spacing;
    grid_params gp = { c->cw, c->cbottom - c->cy - clear, P->gap_pt, P->caption_gap_pt, P->height_least_pt,
                       P->per_page, caption_height, &cc };
    grid_cell *cells = g_new(grid_cell, P->per_page);
    int n = (int)photos->len;
    for (int first = 0; first < n;) {
        if (first > 0)
            flow_new_page(&f);
        int k = grid_page((const double *)aspects->data, first, n, &gp, cells);
        if (k <= 0)
            k = 1;
        for (int i = 0; i < k; i++) {
            const doc_node *p = g_ptr_array_index(photos, first + i);
            grid_cell *gc = &cells[i];
            box *fig =
                figure_add(c, p, c->cx + gc->x_pt, c->cy + gc->y_pt, gc->w_pt, gc->h_pt, p->fit == DOC_FIT_COVER);
            int shown;
            PangoLayout *pl = caption_layout(&cc, first + i, gc->cap_w_pt, true, &shown);
            box *cb = box_add(c, BOX_TEXT, c->cx + gc->cap_x_pt, c->cy + gc->cap_y_pt, gc->cap_w_pt, text_height(pl));
            cb->pango = pl;
            cb->color = st->color_text;
            cb->role = "caption";
            cb->node = p;
            cb->links = box_links_of(p->text->spans, 0, shown);
            box_set_source(cb, 0, p->text, 0, 0, shown);
            cb->group = fig->group;
        }
        first += k;
    }
    g_free(cells);
    g_hash_table_unref(cc.heights);
    g_ptr_array_unref(photos);
    g_array_unref(aspects);
}
