/* layout_check: laid-out pages -> layout_check(), the promise that nothing
 * is drawn outside its box (tests, fuzzing, the dump), and warnings for
 * characters no installed font can draw, at their line and column. */
#include "layout_check.h"
#include "i18n.h"

#include "layout_pango.h"
#include "layout_text.h"

#include <math.h>
#include <string.h>

/*** Characters no installed font can draw ***/

/* The position in the trip file of byte 'off' of text 't'. The line is
 * exact (each '\n' of the text is a line of the file). The column is
 * exact on the text's first line, counting the markup that the text no
 * longer holds: '**' around bold, '[' '](url)' around a link's text. It is
 * approximate where the text lost other characters (an escape such as
 * \u{B2} or \* counts as the one character it became; a comment line
 * inside an indented block is not counted as a line), and on the lines
 * after the first of an indented block, whose indentation is not kept:
 * there the column is counted from the column the text's first line
 * starts at. */
static diag_loc text_position(const doc_text *t, int off)
{
    const char *s = t->str;
    int line = t->loc.line, line_start = 0;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + off - p))); p++) {
        line++;
        line_start = (int)(p - s) + 1;
    }
    int col = t->loc.col + (int)g_utf8_strlen(s + line_start, off - line_start);
    for (guint i = 0; t->spans && i < t->spans->len; i++) {
        const doc_span *sp = &g_array_index(t->spans, doc_span, i);
        if (sp->start < line_start || sp->start > off)
            continue;
        if (sp->kind == DOC_SPAN_BOLD) {
            col += 2 + (sp->end <= off ? 2 : 0);
        } else if (sp->kind == DOC_SPAN_RUBY && sp->ruby) {
            /* '{' before the base, '|reading}' after it. */
            col += 1 + (sp->end <= off ? 2 + (int)g_utf8_strlen(sp->ruby, -1) : 0);
        } else if (sp->kind == DOC_SPAN_LINK && sp->url &&
                   !(strlen(sp->url) == (size_t)(sp->end - sp->start) && strncmp(sp->url, s + sp->start, strlen(sp->url)) == 0)) {
            col += 1 + (sp->end <= off ? 3 + (int)g_utf8_strlen(sp->url, -1) : 0);
        }
    }
    return (diag_loc){ t->loc.file, line, col };
}

typedef struct unknown_key {
    const doc_text *text; /* NULL: text of no doc text (metadata, page furniture) */
    int off;              /* byte in text->str, or the character itself */
} unknown_key;

static guint unknown_hash(gconstpointer k)
{
    const unknown_key *u = k;
    return g_direct_hash(u->text) * 31u + (guint)u->off;
}

static gboolean unknown_equal(gconstpointer a, gconstpointer b)
{
    const unknown_key *x = a, *y = b;
    return x->text == y->text && x->off == y->off;
}

/* Warns once for each character that a text box shows and that no
 * installed font has (Pango draws a box with its code in it): at its line
 * and column when it comes from a doc text, else at the file (metadata
 * shown on the title page and in footers). */
void layout_warn_unknown_glyphs(const layout *l, const doc *dc, diag_list *d)
{
    if (!d)
        return;
    GHashTable *seen = g_hash_table_new_full(unknown_hash, unknown_equal, g_free, NULL);
    GHashTable *layouts = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        for (guint j = 0; j < pg->boxes->len; j++) {
            const box *b = g_ptr_array_index(pg->boxes, j);
            if (b->type != BOX_TEXT || !b->pango || g_hash_table_contains(layouts, b->pango))
                continue;
            g_hash_table_add(layouts, b->pango);
            if (pango_layout_get_unknown_glyphs_count(b->pango) == 0)
                continue;
            const char *text = pango_layout_get_text(b->pango);
            PangoLayoutIter *it = pango_layout_get_iter(b->pango);
            do {
                PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
                if (!run)
                    continue;
                for (int g = 0; g < run->glyphs->num_glyphs; g++) {
                    PangoGlyph gl = run->glyphs->glyphs[g].glyph;
                    if (!(gl & PANGO_GLYPH_UNKNOWN_FLAG))
                        continue;
                    int at = run->item->offset + run->glyphs->log_clusters[g];
                    gunichar ch = g_utf8_get_char(text + at);
                    /* Where it comes from: a doc text (not bytes the layout
                     * added, nor the lines of a piece shown on the next page). */
                    unknown_key key = { NULL, (int)ch };
                    bool from_source = false;
                    for (int s = 0; s < 2; s++) {
                        const box_source *src = &b->src[s];
                        if (src->text && src->text->loc.file && at >= src->start && at < src->start + src->len) {
                            key = (unknown_key){ src->text, src->from + at - src->start };
                            from_source = true;
                        }
                    }
                    if (!from_source && b->node && ((b->src[0].text && b->src[0].text->loc.file) ||
                                                    (b->src[1].text && b->src[1].text->loc.file)))
                        continue; /* a character of a doc text, not shown here */
                    if (g_hash_table_contains(seen, &key))
                        continue;
                    g_hash_table_add(seen, g_memdup2(&key, sizeof key));
                    char utf8[8] = { 0 };
                    g_unichar_to_utf8(ch, utf8);
                    diag_loc loc = key.text ? text_position(key.text, key.off) : (diag_loc){ dc->file, 0, 0 };
                    diag_warning(d, loc, "no installed font can draw 'U+%04X' (%s)%s; it will print as a box", ch, utf8,
                                 key.text ? "" : _(" in the metadata or a page's furniture"));
                }
            } while (pango_layout_iter_next_run(it));
            pango_layout_iter_free(it);
        }
    }
    g_hash_table_unref(layouts);
    g_hash_table_unref(seen);
}

/*** The invariant check ***/

/* One line of a layout, in points from the layout's origin. */
typedef struct line_ext {
    double top, bottom; /* the line's y range */
    double lx0, lx1;    /* logical x range */
    double ix0, iy0, ix1, iy1; /* ink rectangle (x1 <= x0: no ink) */
} line_ext;

static GArray *line_exts(PangoLayout *pl)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(line_ext));
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    do {
        int y0, y1;
        PangoRectangle ink, logical;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        pango_layout_iter_get_line_extents(it, &ink, &logical);
        line_ext e = { PT(y0), PT(y1), PT(logical.x), PT(logical.x + logical.width),
                       PT(ink.x), PT(ink.y), PT(ink.x + ink.width), PT(ink.y + ink.height) };
        g_array_append_val(a, e);
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return a;
}

static const char *const area_names[] = { "no", "content", "page", "band", "footer" };

typedef struct checker {
    GString *why;
    int faults;
    GHashTable *lines; /* PangoLayout* -> GArray of line_ext, owned */
} checker;

static void G_GNUC_PRINTF(4, 5) fault(checker *k, const page *pg, const box *b, const char *fmt, ...)
{
    if (k->faults++ >= 20 || !k->why)
        return;
    static const char *const types[] = { "none", "text", "fill", "rule", "image" };
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (b)
        g_string_append_printf(k->why, "page %d: %s %s box at %.2f %.2f %.2fx%.2f: %s\n", pg->number,
                               b->role ? b->role : "-", types[b->type <= BOX_IMAGE ? b->type : 0], b->x_pt, b->y_pt,
                               b->w_pt, b->h_pt, msg);
    else
        g_string_append_printf(k->why, "page %d: %s\n", pg->number, msg);
    g_free(msg);
}

#define EPS 0.01

static bool rect_inside(double x0, double y0, double x1, double y1, const layout_rect *r, double slack)
{
    return x0 >= r->x_pt - slack && y0 >= r->y_pt - slack && x1 <= r->x_pt + r->w_pt + slack &&
           y1 <= r->y_pt + r->h_pt + slack;
}

static const layout_rect *area_of(const page *pg, const layout_rect *whole, box_area a)
{
    switch (a) {
    case BOX_AREA_CONTENT: return &pg->content;
    case BOX_AREA_PAGE: return whole;
    case BOX_AREA_BAND: return &pg->band;
    case BOX_AREA_FOOTER: return &pg->footer;
    case BOX_AREA_NONE: break;
    }
    return NULL;
}

static void check_text(checker *k, const page *pg, const box *b, const layout_rect *area)
{
    GArray *lines = g_hash_table_lookup(k->lines, b->pango);
    if (!lines) {
        lines = line_exts(b->pango);
        g_hash_table_insert(k->lines, b->pango, lines);
    }
    int n = (int)lines->len;
    int first = b->line_first, last = b->line_count < 0 ? n : b->line_first + b->line_count;
    if (first < 0 || first >= n || last > n || last <= first) {
        fault(k, pg, b, "shows lines %d to %d of a layout of %d", first + 1, last, n);
        return;
    }
    const line_ext *l0 = &g_array_index(lines, line_ext, first);
    double dy = b->y_pt - l0->top;
    double shown = g_array_index(lines, line_ext, last - 1).bottom - l0->top;
    if (shown > b->h_pt + EPS)
        fault(k, pg, b, "its %d lines are %.2f pt high", last - first, shown);
    for (int i = first; i < last; i++) {
        const line_ext *e = &g_array_index(lines, line_ext, i);
        if (e->lx1 > e->lx0 && (e->lx0 < -EPS || e->lx1 > b->w_pt + 0.5)) {
            fault(k, pg, b, "line %d runs from %.2f to %.2f pt across it", i + 1, e->lx0, e->lx1);
            break;
        }
        if (e->ix1 > e->ix0 && e->iy1 > e->iy0 &&
            !rect_inside(b->x_pt + e->ix0, dy + e->iy0, b->x_pt + e->ix1, dy + e->iy1, area, 1.0)) {
            fault(k, pg, b, "the ink of line %d (%.2f %.2f to %.2f %.2f) leaves the %s area", i + 1, b->x_pt + e->ix0,
                  dy + e->iy0, b->x_pt + e->ix1, dy + e->iy1, area_names[b->area]);
            break;
        }
    }
    /* The readings (ruby) of the lines shown: inside the box, whose
     * lines make room for them, and inside its area. */
    GArray *places = layout_ruby_places(b->pango);
    const GArray *marks = layout_ruby_marks(b->pango);
    for (guint r = 0; places && r < places->len; r++) {
        const layout_ruby_place *p = &g_array_index(places, layout_ruby_place, r);
        const layout_ruby *m = &g_array_index(marks, layout_ruby, r);
        if (p->line < first || p->line >= last)
            continue;
        double x0 = b->x_pt + p->x_pt, y0 = dy + p->y_pt, x1 = x0 + m->width_pt, y1 = y0 + m->height_pt;
        const layout_rect self = { b->x_pt, b->y_pt, b->w_pt, b->h_pt };
        if (!rect_inside(x0, y0, x1, y1, &self, 0.5) || !rect_inside(x0, y0, x1, y1, area, 1.0)) {
            fault(k, pg, b, "the reading over line %d (%.2f %.2f to %.2f %.2f) leaves the box", p->line + 1, x0, y0,
                  x1, y1);
            break;
        }
    }
    if (places)
        g_array_unref(places);
}

static int by_top(gconstpointer a, gconstpointer b)
{
    const box *x = *(const box *const *)a, *y = *(const box *const *)b;
    return x->y_pt < y->y_pt ? -1 : x->y_pt > y->y_pt;
}

bool layout_check(const layout *l, GString *why)
{
    g_return_val_if_fail(l != NULL, false);
    checker k = { why, 0, g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_array_unref) };
    const layout_rect whole = { 0, 0, l->width_pt, l->height_pt };
    GPtrArray *solid = g_ptr_array_new();
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        const layout_rect *areas[] = { &pg->content, &pg->band, &pg->footer };
        for (guint a = 0; a < G_N_ELEMENTS(areas); a++) {
            const layout_rect *r = areas[a];
            if (r->w_pt < 0 || r->h_pt < 0 ||
                ((r->w_pt > 0 || r->h_pt > 0) &&
                 !rect_inside(r->x_pt, r->y_pt, r->x_pt + r->w_pt, r->y_pt + r->h_pt, &whole, EPS)))
                fault(&k, pg, NULL, "its %s area %.2f %.2f %.2fx%.2f is not inside the page", area_names[a == 0 ? 1 : a + 2],
                      r->x_pt, r->y_pt, r->w_pt, r->h_pt);
        }
        g_ptr_array_set_size(solid, 0);
        for (guint j = 0; j < pg->boxes->len; j++) {
            const box *b = g_ptr_array_index(pg->boxes, j);
            const layout_rect *area = area_of(pg, &whole, b->area);
            if (!area) {
                fault(&k, pg, b, "it belongs to no area");
                continue;
            }
            if (!isfinite(b->x_pt) || !isfinite(b->y_pt) || !isfinite(b->w_pt) || !isfinite(b->h_pt) ||
                (b->type != BOX_RULE && (b->w_pt < 0 || b->h_pt < 0))) {
                fault(&k, pg, b, "its size is not a size");
                continue;
            }
            double x0 = MIN(b->x_pt, b->x_pt + b->w_pt), x1 = MAX(b->x_pt, b->x_pt + b->w_pt);
            double y0 = MIN(b->y_pt, b->y_pt + b->h_pt), y1 = MAX(b->y_pt, b->y_pt + b->h_pt);
            if (!rect_inside(x0, y0, x1, y1, &whole, EPS))
                fault(&k, pg, b, "it is not inside the page");
            else if (!rect_inside(x0, y0, x1, y1, area, EPS))
                fault(&k, pg, b, "it is not inside the %s area %.2f %.2f %.2fx%.2f", area_names[b->area], area->x_pt,
                      area->y_pt, area->w_pt, area->h_pt);
            if (b->type == BOX_TEXT) {
                if (!b->pango)
                    fault(&k, pg, b, "it has no text");
                else
                    check_text(&k, pg, b, area);
            }
            if (b->type == BOX_TEXT || b->type == BOX_IMAGE)
                g_ptr_array_add(solid, (gpointer)b);
        }
        /* Overlaps: a sweep down the page. */
        g_ptr_array_sort(solid, by_top);
        for (guint a = 0; a < solid->len; a++) {
            const box *ba = g_ptr_array_index(solid, a);
            for (guint c = a + 1; c < solid->len; c++) {
                const box *bc = g_ptr_array_index(solid, c);
                if (bc->y_pt >= ba->y_pt + ba->h_pt - 0.5)
                    break;
                double ox = MIN(ba->x_pt + ba->w_pt, bc->x_pt + bc->w_pt) - MAX(ba->x_pt, bc->x_pt);
                double oy = MIN(ba->y_pt + ba->h_pt, bc->y_pt + bc->h_pt) - MAX(ba->y_pt, bc->y_pt);
                if (ox > 0.5 && oy > 0.5)
                    fault(&k, pg, bc, "it overlaps the %s box at %.2f %.2f %.2fx%.2f", ba->role ? ba->role : "-",
                          ba->x_pt, ba->y_pt, ba->w_pt, ba->h_pt);
            }
        }
    }
    if (why && k.faults > 20)
        g_string_append_printf(why, "(%d more)\n", k.faults - 20);
    g_ptr_array_unref(solid);
    g_hash_table_unref(k.lines);
    return k.faults == 0;
}
