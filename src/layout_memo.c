/* layout_memo: a flowing section's plan kept between runs under a hash of
 * everything it depends on (layout_memo.h). */
#include "layout_memo.h"

#include "fonts.h"
#include "image_memo.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define KEY_VERSION "tripreport plan 2"

static void add_bytes(GChecksum *k, const void *p, gsize n)
{
    g_checksum_update(k, p, (gssize)n);
}

static void add_int(GChecksum *k, gint64 v)
{
    add_bytes(k, &v, sizeof v);
}

static void add_double(GChecksum *k, double v)
{
    add_bytes(k, &v, sizeof v);
}

/* A string, told apart from its neighbours (and NULL from ""). */
static void add_str(GChecksum *k, const char *s)
{
    add_int(k, s ? (gint64)strlen(s) : -1);
    if (s)
        add_bytes(k, s, strlen(s));
}

static void add_date(GChecksum *k, doc_date d)
{
    add_int(k, d.year);
    add_int(k, d.month);
    add_int(k, d.day);
}

/* A text: its bytes and its spans (not where it is in the file). */
static void add_text(GChecksum *k, const doc_text *t)
{
    add_int(k, t ? 1 : 0);
    if (!t)
        return;
    add_str(k, t->str);
    guint n = t->spans ? t->spans->len : 0;
    add_int(k, n);
    for (guint i = 0; i < n; i++) {
        const doc_span *sp = &g_array_index(t->spans, doc_span, i);
        add_int(k, sp->start);
        add_int(k, sp->end);
        add_int(k, sp->kind);
        add_str(k, sp->url);
        add_str(k, sp->ruby);
    }
}

static void add_node(GChecksum *k, const doc_node *n)
{
    add_int(k, n->type);
    add_int(k, n->kind);
    add_text(k, n->text);
    add_text(k, n->text2);
    guint cells = n->cells ? n->cells->len : 0;
    add_int(k, cells);
    for (guint i = 0; i < cells; i++)
        add_text(k, g_ptr_array_index(n->cells, i));
    add_str(k, n->path);
    add_str(k, n->resolved);
    gint64 f[] = { n->level, n->header, n->is_date, n->fit, n->placeholder, n->display_w, n->display_h };
    add_bytes(k, f, sizeof f);
    guint kids = n->children ? n->children->len : 0;
    add_int(k, kids);
    for (guint i = 0; i < kids; i++)
        add_node(k, g_ptr_array_index(n->children, i));
}

/* The design: every measure as it is in memory, its strings by value. */
static void add_style(GChecksum *k, const style *st)
{
    style s;
    memcpy(&s, st, sizeof s);
    s.name = s.path = s.font_title = s.font_heading = s.font_body = s.font_caption = s.font_table = s.logo = NULL;
    add_bytes(k, &s, sizeof s);
    const char *strs[] = { st->font_title, st->font_heading, st->font_body, st->font_caption, st->font_table, st->logo };
    for (guint i = 0; i < G_N_ELEMENTS(strs); i++)
        add_str(k, strs[i]);
}

char *layout_memo_key(const layout_ctx *c, const doc_node *sec)
{
    GChecksum *k = g_checksum_new(G_CHECKSUM_SHA256);
    add_str(k, KEY_VERSION);
    add_str(k, fonts_identity(c->f));
    add_style(k, c->st);
    const doc_meta *m = &c->dc->meta;
    add_str(k, m->series);
    add_int(k, m->number);
    add_str(k, m->place);
    add_date(k, m->period_start);
    add_date(k, m->period_end);
    add_str(k, m->traveler);
    add_str(k, m->organization);
    add_str(k, m->author);
    add_date(k, m->date);
    add_str(k, m->layout);
    add_int(k, c->dc->draft);
    double g[] = { c->cx, c->cw, c->cy, c->cbottom, c->band_h };
    for (guint i = 0; i < G_N_ELEMENTS(g); i++)
        add_double(k, g[i]);
    add_node(k, sec);
    char *key = g_strdup(g_checksum_get_string(k));
    g_checksum_free(k);
    return key;
}

/* A double as the 16 hex digits of its bits: exact, and in any locale. */
static void put_double(GString *s, double v)
{
    guint64 b;
    memcpy(&b, &v, sizeof b);
    g_string_append_printf(s, " %016" G_GINT64_MODIFIER "x", b);
}

static bool get_double(const char **p, double *v)
{
    char *end = NULL;
    while (**p == ' ')
        (*p)++;
    guint64 b = g_ascii_strtoull(*p, &end, 16);
    if (end != *p + 16)
        return false;
    *p = end;
    memcpy(v, &b, sizeof b);
    return true;
}

bool layout_memo_find(const char *key, double *band, scale_plan *plan)
{
    const char *f = image_memo_plan_find(key);
    if (!f)
        return false;
    int step = -1, one = -1, n = 0;
    double b, fill;
    if (sscanf(f, "%d %d%n", &step, &one, &n) != 2 || step < 0 || step > 1000 || (one != 0 && one != 1))
        return false;
    const char *p = f + n;
    if (!get_double(&p, &b) || !get_double(&p, &fill) || *p || !(b >= 0 && b < 1e5) || !(fill >= 0 && fill < 1e5))
        return false;
    *band = b;
    *plan = (scale_plan){ step, one == 1, fill, 0 };
    return true;
}

void layout_memo_keep(const char *key, double band, const scale_plan *plan)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%d %d", plan->step, plan->one_page ? 1 : 0);
    put_double(s, band);
    put_double(s, plan->fill);
    image_memo_plan_keep(key, s->str);
    g_string_free(s, TRUE);
}
