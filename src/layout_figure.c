/* layout_figure: images and placeholders as Figures, with their
 * alternative texts: the image's alt:, else its caption, else what its page
 * says about it (words from layout_words.c). */
#include "layout_figure.h"

#include "image_probe.h"
#include "layout_text.h"

bool figure_probe(layout_ctx *c, const doc_node *n, double *aspect)
{
    if (n->placeholder) {
        /* --draft: the photo is not usable yet; hold a place of the design's shape for it. */
        *aspect = c->st->photos.aspect;
        return true;
    }
    if (n->display_w > 0 && n->display_h > 0) {
        /* Probed when the doc was built: the shown size is all we need. */
        *aspect = (double)n->display_w / n->display_h;
        return true;
    }
    GError *err = NULL;
    image_info info;
    if (image_probe(n->resolved, &info, &err)) {
        *aspect = (double)info.display_w / info.display_h;
        return true;
    }
    diag_error(c->d, n->path_loc, "image '%s' %s", n->path, err ? err->message : "cannot be read");
    if (err)
        g_error_free(err);
    return false;
}

/* The alternative text of an image: its alt:, else its caption, else
 * what the page says about it. Caller frees. */
static char *image_alt_raw(const layout_ctx *c, const doc_node *n, const doc_node *sec);

/* Line breaks belong to the page, not to what a screen reader says. */
static char *image_alt(const layout_ctx *c, const doc_node *n, const doc_node *sec)
{
    char *a = image_alt_raw(c, n, sec);
    for (char *p = a; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return a;
}

static char *image_alt_raw(const layout_ctx *c, const doc_node *n, const doc_node *sec)
{
    if (n->type == DOC_NODE_PHOTO)
        return g_strdup(n->text2 ? n->text2->str : n->text ? n->text->str : c->w->photo_alt);
    if (n->text && n->text->str[0]) /* [facts] alt: */
        return g_strdup(n->text->str);
    const doc_node *title = NULL;
    for (guint i = 0; sec && sec->children && i < sec->children->len; i++) {
        const doc_node *k = g_ptr_array_index(sec->children, i);
        if (k->type == DOC_NODE_TITLE)
            title = k;
    }
    const char *what = title ? title->text->str : sec && sec->text ? sec->text->str : "";
    return n->text2 ? g_strdup_printf(c->w->image_alt_credit, what, n->text2->str)
                    : g_strdup_printf(c->w->image_alt, what);
}

/* A grey box with a cross and the file's name where a photo will go. */
static box *add_placeholder(layout_ctx *c, const doc_node *n, double x, double y, double w, double h)
{
    const style *st = c->st;
    const style_photos *P = &st->photos;
    box *fig = box_add_fill(c, x, y, w, h, P->color_placeholder, "placeholder-fill");
    box_add_rule(c, x, y, w, h, P->placeholder_rule_pt, st->color_rule);
    box_add_rule(c, x, y + h, w, -h, P->placeholder_rule_pt, st->color_rule);
    /* Its text no larger than a fifth of it. */
    double size = MIN(st->size_caption_pt + P->placeholder_plus_pt, h / 5);
    char *label = g_strconcat(c->w->no_photo, "\n", n->path ? n->path : "", NULL);
    g_strdelimit(label, "\t", ' '); /* a tab in the file name: a space (see doc_text_new) */
    double tw = MAX(1, w - 2 * P->placeholder_inset_pt);
    text_opts o = text_opts_of(st->font_caption, size, true, tw, PANGO_ALIGN_CENTER);
    box *b = text_add_clamped(c, x + P->placeholder_inset_pt, y, label, NULL, &o, h - P->placeholder_inset_pt,
                              st->color_muted, "placeholder", n, NULL, 0, NO_LOC, NULL);
    b->y_pt = y + (h - b->h_pt) / 2;
    g_free(label);
    return fig;
}

box *figure_add(layout_ctx *c, const doc_node *n, double x, double y, double w, double h, bool cover)
{
    if (n->placeholder) {
        box *fig = add_placeholder(c, n, x, y, w, h);
        fig->group = group_new(c, NULL, "Div");
        fig->alt = g_strdup_printf(c->w->no_photo_alt, n->path ? n->path : "");
        /* The label inside shares the figure. */
        box *label = g_ptr_array_index(c->pg->boxes, c->pg->boxes->len - 1);
        label->group = fig->group;
        return fig;
    }
    box *b = box_add(c, BOX_IMAGE, x, y, w, h);
    b->group = group_new(c, NULL, "Div");
    b->alt = image_alt(c, n, c->pg->section);
    b->path = n->resolved;
    b->node = n;
    b->cover = cover;
    b->role = n->type == DOC_NODE_PHOTO ? "photo" : "image";
    return b;
}
