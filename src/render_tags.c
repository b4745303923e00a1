/* render_tags: boxes' structure groups and links -> cairo structure tags
 * and link annotations (the tagged PDF's structure tree). */
#include "render_tags.h"

#include "layout_pango.h"

#include <stdlib.h>
#include <string.h>

struct render_tags {
    cairo_t *cr;                       /* borrowed */
    GPtrArray *alts;                   /* borrowed; of char*, each Figure's /Alt in order */
    render_tag open[RENDER_TAGS_DEPTH + 1]; /* the elements open, Document first */
    int nopen;
};

static bool tag_equal(const render_tag *a, const render_tag *b)
{
    return a->id == b->id && strcmp(a->tag, b->tag) == 0;
}

int render_tags_path_of(const char *group, render_tag out[RENDER_TAGS_DEPTH])
{
    int n = 0;
    const char *p = group;
    while (p && *p && n < RENDER_TAGS_DEPTH) {
        const char *end = strchr(p, '/');
        if (!end)
            end = p + strlen(p);
        const char *dot = memchr(p, '.', (size_t)(end - p));
        size_t len = (size_t)((dot ? dot : end) - p);
        g_warn_if_fail(len < sizeof out[n].tag);
        len = MIN(len, sizeof out[n].tag - 1);
        memcpy(out[n].tag, p, len);
        out[n].tag[len] = '\0';
        out[n].id = dot ? atoi(dot + 1) : 0;
        n++;
        p = *end ? end + 1 : end;
    }
    g_warn_if_fail(!p || !*p); /* deeper than RENDER_TAGS_DEPTH: a layout bug */
    return n;
}

/* Closes elements down to 'keep' open, innermost first. */
static void close_to(render_tags *t, int keep)
{
    while (t->nopen > keep) {
        t->nopen--;
        cairo_tag_end(t->cr, t->open[t->nopen].tag);
    }
}

static void open_one(render_tags *t, const render_tag *tag)
{
    cairo_tag_begin(t->cr, tag->tag, NULL);
    t->open[t->nopen++] = *tag;
}

render_tags *render_tags_new(cairo_t *cr, GPtrArray *alts)
{
    render_tags *t = g_new0(render_tags, 1);
    t->cr = cr;
    t->alts = alts;
    open_one(t, &(render_tag){ "Document", 0 });
    return t;
}

void render_tags_free(render_tags *t)
{
    if (!t)
        return;
    close_to(t, 0);
    g_free(t);
}

void render_tags_enter(render_tags *t, const char *group)
{
    render_tag want[RENDER_TAGS_DEPTH];
    int n = render_tags_path_of(group, want);
    /* Document stays; the containers alike from the outside in stay. */
    int k = 1;
    while (k < t->nopen && k - 1 < n && tag_equal(&t->open[k], &want[k - 1]))
        k++;
    close_to(t, k);
    for (; k - 1 < n; k++)
        open_one(t, &want[k - 1]);
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
