/* layout_ruby: ruby spans -> the attributes that make room for their
 * readings in a text's Pango layout, and the readings themselves, set at
 * half the base size and attached to the layout (JLReq 3.3). */
#include "layout_ruby.h"

#include "fonts.h"
#include "layout_pango.h"
#include "typeset_compose.h"

#include <string.h>

#define RUBY_KEY "tripreport-ruby"

const GArray *layout_ruby_marks(PangoLayout *pl)
{
    return pl ? g_object_get_data(G_OBJECT(pl), RUBY_KEY) : NULL;
}

GArray *layout_ruby_places(PangoLayout *pl)
{
    const GArray *marks = layout_ruby_marks(pl);
    if (!marks)
        return NULL;
    GArray *out = g_array_sized_new(FALSE, TRUE, sizeof(layout_ruby_place), marks->len);
    const char *text = pango_layout_get_text(pl);
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    guint k = 0;
    int line = 0;
    do {
        PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
        int line_end = ln->start_index + ln->length;
        bool last = pango_layout_iter_at_last_line(it);
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double baseline = PT(pango_layout_iter_get_baseline(it));
        for (; k < marks->len && (last || g_array_index(marks, layout_ruby, k).start < line_end); k++) {
            const layout_ruby *m = &g_array_index(marks, layout_ruby, k);
            PangoRectangle first, lastc;
            pango_layout_index_to_pos(pl, m->start, &first);
            pango_layout_index_to_pos(pl, (int)(g_utf8_prev_char(text + m->end) - text), &lastc);
            double x0 = PT(MIN(first.x, lastc.x)), x1 = PT(MAX(first.x + first.width, lastc.x + lastc.width));
            if (m->end > line_end) {
                /* A base broken between lines (the last resort for one
                 * wider than its line): the reading over its first part. */
                x0 = PT(first.x);
                x1 = PT(logical.x + logical.width);
            }
            double x = (x0 + x1) / 2 - m->width_pt / 2;
            x = MIN(x, PT(logical.x + logical.width) - m->width_pt);
            x = MAX(x, PT(logical.x));
            layout_ruby_place p = { line, x, baseline - m->ascent_pt - m->height_pt };
            g_array_append_val(out, p);
        }
        line++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return out;
}

GArray *box_ruby_places(const box *b)
{
    PangoLayout *pl = box_pango_layout(b);
    GArray *places = pl ? layout_ruby_places(pl) : NULL;
    if (!places)
        return NULL;
    int last = b->line_count < 0 ? G_MAXINT : b->line_first + b->line_count;
    double top0 = 0;
    if (b->line_first > 0) {
        PangoLayoutIter *it = pango_layout_get_iter(pl);
        for (int i = 0; i < b->line_first && pango_layout_iter_next_line(it); i++)
            ;
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        top0 = PT(y0);
        pango_layout_iter_free(it);
    }
    for (guint k = 0; k < places->len; k++) {
        layout_ruby_place *p = &g_array_index(places, layout_ruby_place, k);
        if (p->line < b->line_first || p->line >= last)
            p->line = -1;
        p->x_pt += b->x_pt;
        p->y_pt += b->y_pt - top0;
    }
    return places;
}

char *box_text_ruby(const box *b, const char *sep)
{
    GArray *places = box_ruby_places(b);
    if (!places)
        return NULL;
    const GArray *marks = layout_ruby_marks(b->pango);
    const char *text = pango_layout_get_text(b->pango);
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < places->len; k++) {
        const layout_ruby_place *p = &g_array_index(places, layout_ruby_place, k);
        const layout_ruby *m = &g_array_index(marks, layout_ruby, k);
        if (p->line < 0)
            continue;
        g_string_append_printf(s, "%s%.*s|%s@%.2f,%.2f", s->len ? sep : "", m->end - m->start, text + m->start,
                               pango_layout_get_text(m->reading), p->x_pt, p->y_pt);
    }
    g_array_unref(places);
    if (s->len == 0) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

double ruby_line_room(PangoLayout *pl, int line)
{
    const GArray *marks = layout_ruby_marks(pl);
    PangoLayoutLine *ln = marks ? pango_layout_get_line_readonly(pl, line) : NULL;
    if (!ln)
        return 0;
    const layout_ruby *m = NULL;
    for (guint k = 0; k < marks->len && !m; k++) {
        const layout_ruby *x = &g_array_index(marks, layout_ruby, k);
        if (x->start >= ln->start_index && x->start < ln->start_index + ln->length)
            m = x;
    }
    if (!m)
        return 0;
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    for (int i = 0; i < line && pango_layout_iter_next_line(it); i++)
        ;
    int y0, y1;
    pango_layout_iter_get_line_yrange(it, &y0, &y1);
    double room = PT(pango_layout_iter_get_baseline(it) - y0) - m->ascent_pt;
    pango_layout_iter_free(it);
    return MAX(0, room);
}

static void mark_clear(gpointer p)
{
    layout_ruby *m = p;
    g_clear_object(&m->reading);
}

static void marks_free(gpointer p)
{
    g_array_unref(p);
}

/* Hiragana and katakana (and the prolonged sound mark): the neighbours a
 * reading may overhang (JLReq 3.3.8). */
static bool is_kana(gunichar ch)
{
    return (ch >= 0x3041 && ch <= 0x309F) || (ch >= 0x30A0 && ch <= 0x30FF);
}

static PangoFontDescription *font_of(const text_opts *o, double size_pt)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, o->family);
    pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, o->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    return fd;
}

/* A one-line layout of 'len' bytes of 'text' in 'fd'; 'ls' > 0: that
 * letter-spacing (Pango units) over all of it. */
static PangoLayout *line_of(layout_ctx *c, const char *text, int len, const PangoFontDescription *fd, int ls)
{
    PangoLayout *pl = pango_layout_new(c->f->context);
    pango_layout_set_font_description(pl, fd);
    pango_layout_set_text(pl, text, len);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_language_new(pango_language_from_string("ja")));
    if (ls > 0)
        pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(ls));
    pango_layout_set_attributes(pl, attrs);
    pango_attr_list_unref(attrs);
    return pl;
}

void ruby_add_attrs(layout_ctx *c, PangoLayout *pl, const char *text, int len, int offset, const GArray *spans,
                    PangoAttrList *attrs, const text_opts *o, bool keep)
{
    if (!spans)
        return;
    GArray *marks = NULL;
    /* Fonts and metrics once a ruby is found: most texts have none. */
    PangoFontDescription *base_fd = NULL, *ruby_fd = NULL;
    double ascent = 0, height = 0;
    for (guint i = 0; i < spans->len; i++) {
        const doc_span *sp = &g_array_index(spans, doc_span, i);
        if (sp->kind != DOC_SPAN_RUBY || sp->start < offset || sp->end > offset + len || sp->end <= sp->start)
            continue;
        int s = sp->start - offset, e = sp->end - offset;
        if (!base_fd) {
            base_fd = font_of(o, o->size_pt);
            ruby_fd = font_of(o, o->size_pt / 2);
            PangoFontMetrics *fm = pango_context_get_metrics(c->f->context, base_fd, pango_language_from_string("ja"));
            ascent = PT(pango_font_metrics_get_ascent(fm));
            height = PT(pango_font_metrics_get_height(fm));
            pango_font_metrics_unref(fm);
        }
        int nbase = (int)g_utf8_strlen(text + s, e - s);
        int nruby = (int)g_utf8_strlen(sp->ruby, -1);

        /* The base alone, and the reading, as set. */
        PangoLayout *bl = line_of(c, text + s, e - s, base_fd, 0);
        PangoRectangle blog;
        pango_layout_get_extents(bl, NULL, &blog);
        g_object_unref(bl);
        PangoLayout *rl = line_of(c, sp->ruby, -1, ruby_fd, 0);
        PangoRectangle rlog;
        pango_layout_get_extents(rl, NULL, &rlog);
        int excess = rlog.width - blog.width;
        if (excess > 0) {
            /* A reading wider than its base may overhang kana on both
             * sides by up to one ruby character (half a base em), and
             * stays centred; the rest spaces the base out 1:2:1 (half a
             * gap at each end: Pango's letter-spacing). */
            gunichar before = s > 0 ? g_utf8_get_char(g_utf8_prev_char(text + s)) : 0;
            gunichar after = e < len ? g_utf8_get_char(text + e) : 0;
            int over = 0;
            if (is_kana(before) && is_kana(after))
                over = MIN(excess / 2, UNITS(o->size_pt / 2));
            int spread = excess - 2 * over;
            if (spread > 0) {
                PangoAttribute *a = pango_attr_letter_spacing_new((spread + nbase - 1) / nbase);
                a->start_index = (guint)s;
                a->end_index = (guint)e;
                pango_attr_list_insert(attrs, a);
                PangoAttribute *fx = typeset_fixed_spacing_attr_new(); /* not 和欧間: kept by typeset_compose */
                fx->start_index = (guint)s;
                fx->end_index = (guint)e;
                pango_attr_list_insert(attrs, fx);
            }
        } else if (excess < 0 && nbase > 1 && nruby > 0 && keep) {
            /* Group ruby narrower than its base: spread over it 1:2:1. */
            g_object_unref(rl);
            rl = line_of(c, sp->ruby, -1, ruby_fd, -excess / nruby);
            pango_layout_get_extents(rl, NULL, &rlog);
        }
        /* The base is one unit: no line break inside it. */
        if (keep) {
            PangoAttribute *k = pango_attr_allow_breaks_new(FALSE);
            k->start_index = (guint)s;
            k->end_index = (guint)e;
            pango_attr_list_insert(attrs, k);
        }
        /* Room for the reading above the line: the line's logical extent
         * grows by the reading's height (Pango adds half the extra line
         * height above and half below). A first line comes down by it; the
         * lines after it keep their pitch (see ruby_fit_lines()). */
        PangoAttribute *lh = pango_attr_line_height_new_absolute(blog.height + 2 * rlog.height);
        lh->start_index = (guint)s;
        lh->end_index = (guint)e;
        pango_attr_list_insert(attrs, lh);

        if (!marks) {
            marks = g_array_new(FALSE, TRUE, sizeof(layout_ruby));
            g_array_set_clear_func(marks, mark_clear);
        }
        layout_ruby m = { s, e, rl, PT(rlog.width), PT(rlog.height), ascent, blog.height, height };
        g_array_append_val(marks, m);
    }
    if (base_fd) {
        pango_font_description_free(base_fd);
        pango_font_description_free(ruby_fd);
    }
    if (marks)
        g_object_set_data_full(G_OBJECT(pl), RUBY_KEY, marks, marks_free);
}

#define SPACING_KEY "tripreport-ruby-spacing"

static gboolean is_line_height(PangoAttribute *a, gpointer data)
{
    (void)data;
    return a->klass->type == PANGO_ATTR_ABSOLUTE_LINE_HEIGHT;
}

void ruby_fit_lines(PangoLayout *pl)
{
    const GArray *marks = layout_ruby_marks(pl);
    if (!marks || marks->len == 0)
        return;
    /* The design's factor: the layout's own, or the one it had before an
     * earlier call spaced it by a gap. */
    float *kept = g_object_get_data(G_OBJECT(pl), SPACING_KEY);
    double factor = kept ? *kept : pango_layout_get_line_spacing(pl);
    if (factor <= 0)
        return; /* spaced by the lines' own extents: each grows by itself */
    /* The leading between two lines of the base font, and the lines that
     * carry readings. */
    const layout_ruby *m0 = &g_array_index(marks, layout_ruby, 0);
    double gap = factor * m0->metric_h_pt - PT(m0->base_h);
    int nlines = pango_layout_get_line_count(pl);
    double *need = g_new0(double, (gsize)nlines);
    bool short_of_room = false;
    for (guint k = 0; k < marks->len; k++) {
        const layout_ruby *m = &g_array_index(marks, layout_ruby, k);
        int line = 0, x;
        pango_layout_index_to_line_x(pl, m->start, FALSE, &line, &x);
        if (line < 0 || line >= nlines)
            continue;
        need[line] = MAX(need[line], m->height_pt);
        if (line > 0 && m->height_pt > gap + 0.01)
            short_of_room = true;
    }
    if (short_of_room) {
        if (!kept) {
            float *f = g_new(float, 1);
            *f = (float)factor;
            g_object_set_data_full(G_OBJECT(pl), SPACING_KEY, f, g_free);
        }
        /* A fixed gap instead of the factor: the same pitch for lines of
         * the base font, and each line grows by itself. */
        double sp = MAX(0, gap);
        PangoAttrList *attrs = pango_attr_list_copy(pango_layout_get_attributes(pl));
        PangoAttrList *old = pango_attr_list_filter(attrs, is_line_height, NULL);
        if (old)
            pango_attr_list_unref(old);
        for (guint k = 0; k < marks->len; k++) {
            const layout_ruby *m = &g_array_index(marks, layout_ruby, k);
            int line = 0, x;
            pango_layout_index_to_line_x(pl, m->start, FALSE, &line, &x);
            /* The first line has no leading above it; the others have 'sp'. */
            double grow = line <= 0 ? need[MAX(line, 0)] : MAX(0, need[line] - sp);
            PangoAttribute *lh = pango_attr_line_height_new_absolute(m->base_h + 2 * UNITS(grow));
            lh->start_index = (guint)m->start;
            lh->end_index = (guint)m->end;
            pango_attr_list_insert(attrs, lh);
        }
        pango_layout_set_line_spacing(pl, 0);
        pango_layout_set_spacing(pl, UNITS(sp));
        pango_layout_set_attributes(pl, attrs);
        pango_attr_list_unref(attrs);
    }
    g_free(need);
}
