/* render_tags: boxes' structure containers (layout_group) and links ->
 * cairo structure tags and link annotations (the tagged PDF's structure
 * tree). */
#include "render_tags.h"

#include "layout_pango.h"

#include <string.h>

/* The element that holds everything, open from first to last. */
static const layout_group document = { "Document", 0, NULL };

struct render_tags {
    cairo_t *cr;                       /* borrowed */
    GPtrArray *alts;                   /* borrowed; of char*, each Figure's /Alt in order */
    const layout_group *open[RENDER_TAGS_DEPTH + 1]; /* the elements open, &document first; borrowed */
    int nopen;
};

static bool group_alike(const layout_group *a, const layout_group *b)
{
    return a == b || (a->id == b->id && strcmp(a->tag, b->tag) == 0);
}

int render_tags_path_of(const layout_group *group, const layout_group *out[RENDER_TAGS_DEPTH])
{
    int depth = 0;
    for (const layout_group *g = group; g; g = g->parent)
        depth++;
    g_warn_if_fail(depth <= RENDER_TAGS_DEPTH); /* deeper: a layout bug */
    const layout_group *g = group;
    for (; depth > RENDER_TAGS_DEPTH; depth--)
        g = g->parent;
    for (int i = depth - 1; i >= 0; i--, g = g->parent)
        out[i] = g;
    return depth;
}

/* Closes elements down to 'keep' open, innermost first. */
static void close_to(render_tags *t, int keep)
{
    while (t->nopen > keep) {
        t->nopen--;
        cairo_tag_end(t->cr, t->open[t->nopen]->tag);
    }
}

static void open_one(render_tags *t, const layout_group *g)
{
    cairo_tag_begin(t->cr, g->tag, NULL);
    t->open[t->nopen++] = g;
}

render_tags *render_tags_new(cairo_t *cr, GPtrArray *alts)
{
    render_tags *t = g_new0(render_tags, 1);
    t->cr = cr;
    t->alts = alts;
    open_one(t, &document);
    return t;
}

void render_tags_free(render_tags *t)
{
    if (!t)
        return;
    close_to(t, 0);
    g_free(t);
}

void render_tags_enter(render_tags *t, const layout_group *group)
{
    const layout_group *want[RENDER_TAGS_DEPTH];
    int n = render_tags_path_of(group, want);
    /* Document stays; the containers alike from the outside in stay. */
    int k = 1;
    while (k < t->nopen && k - 1 < n && group_alike(t->open[k], want[k - 1]))
        k++;
    close_to(t, k);
    for (; k - 1 < n; k++)
        open_one(t, want[k - 1]);
}

void render_tags_leave(render_tags *t)
{
    close_to(t, 1);
}

void render_tags_begin(render_tags *t, const char *tag)
{
    cairo_tag_begin(t->cr, tag, NULL);
}

void render_tags_end(render_tags *t, const char *tag)
{
    cairo_tag_end(t->cr, tag);
}

void render_tags_add_alt(render_tags *t, const char *alt)
{
    g_ptr_array_add(t->alts, g_strdup(alt ? alt : ""));
}

/* 'url' quoted for cairo's attribute syntax: ' and \ escaped. Caller frees. */
static char *quote_url(const char *url)
{
    GString *s = g_string_new(NULL);
    for (const char *p = url; *p; p++) {
        if (*p == '\'' || *p == '\\')
            g_string_append_c(s, '\\');
        g_string_append_c(s, *p);
    }
    return g_string_free(s, FALSE);
}

/* The rectangles (x y w h, points) the bytes [start, end) of 'b''s text
 * cover on the lines the box shows, appended to 'rects'. */
static void link_rects(const box *b, int start, int end, GString *rects)
{
    PangoLayoutIter *it = pango_layout_get_iter(box_pango_layout(b));
    int i = 0, top0 = 0;
    int last = b->line_count < 0 ? G_MAXINT : b->line_first + b->line_count;
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        if (i == b->line_first)
            top0 = y0;
        if (i >= b->line_first && i < last) {
            PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
            int s0 = MAX(start, ln->start_index), s1 = MIN(end, ln->start_index + ln->length);
            if (s0 < s1) {
                PangoRectangle logical;
                pango_layout_iter_get_line_extents(it, NULL, &logical);
                int xa, xb;
                pango_layout_line_index_to_x(ln, s0, FALSE, &xa);
                pango_layout_line_index_to_x(ln, s1, FALSE, &xb);
                if (s1 == ln->start_index + ln->length)
                    xb = logical.width;
                double x = b->x_pt + (double)(logical.x + MIN(xa, xb)) / PANGO_SCALE;
                double y = b->y_pt + (double)(y0 - top0) / PANGO_SCALE;
                g_string_append_printf(rects, "%s%.2f %.2f %.2f %.2f", rects->len ? " " : "", x, y,
                                       (double)ABS(xb - xa) / PANGO_SCALE, (double)(y1 - y0) / PANGO_SCALE);
            }
        }
        i++;
    } while (i < last && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

void render_tags_add_links(render_tags *t, const box *b)
{
    if (!b->links)
        return;
    for (guint k = 0; k < b->links->len; k++) {
        const box_link *lk = &g_array_index(b->links, box_link, k);
        GString *rects = g_string_new(NULL);
        link_rects(b, lk->start, lk->end, rects);
        if (rects->len) {
            char *url = quote_url(lk->url);
            char *attrs = g_strdup_printf("uri='%s' rect=[%s]", url, rects->str);
            cairo_tag_begin(t->cr, CAIRO_TAG_LINK, attrs);
            cairo_tag_end(t->cr, CAIRO_TAG_LINK);
            g_free(attrs);
            g_free(url);
        }
        g_string_free(rects, TRUE);
    }
}
