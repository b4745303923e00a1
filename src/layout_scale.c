/* layout_scale: the composition of a flowing section's slides: the type
 * size (the largest step of the layout's range at which the section fits
 * one page), an even split instead of a runt continuation page, and the
 * leftover height of each page used (balance). Consumes a section and the
 * function of its kind; produces its pages in the run. */
#include "layout_scale.h"

#include <math.h>
#include <string.h>

/* The sections' pages laid out on their own, in a layout of their own
 * that nobody sees, at design 'st', flowing text stopping at 'fill' (0:
 * the page's bottom); the messages it would give counted in '*said' and
 * dropped. Caller frees. */
static layout *scratch_run(layout_ctx *c, scale_kind_fn lay, const doc_node *sec, const style *st, double fill,
                           int *said, guint *said_hash)
{
    layout *l = g_new0(layout, 1);
    l->pages = g_ptr_array_new_with_free_func(page_free);
    l->skipped = g_ptr_array_new();
    diag_list *d = diag_list_new();
    layout_ctx t = *c;
    t.st = st;
    t.out = l;
    t.d = d;
    t.pg = NULL;
    t.fill_bottom = fill;
    t.trial = true;
    lay(&t, sec);
    *said = (int)d->msgs->len;
    *said_hash = 0;
    for (guint i = 0; i < d->msgs->len; i++) {
        char *m = diag_format(g_ptr_array_index(d->msgs, i));
        *said_hash = *said_hash * 31 + g_str_hash(m);
        g_free(m);
    }
    diag_list_free(d);
    return l;
}

double scale_content_bottom(const page *pg)
{
    double bottom = -1;
    for (guint i = 0; i < pg->boxes->len; i++) {
        const box *b = g_ptr_array_index(pg->boxes, i);
        if (b->area == BOX_AREA_CONTENT)
            bottom = MAX(bottom, b->y_pt + b->h_pt);
    }
    return bottom;
}

/* The share of the content area's height that the content of 'pg' takes
 * (from the area's top to its lowest box). */
static double filled_share(const page *pg)
{
    double b = scale_content_bottom(pg);
    if (b < 0 || pg->content.h_pt <= 0)
        return 0;
    return (b - pg->content.y_pt) / pg->content.h_pt;
}

/* What a trial tells: how many pages, how full the last is, and the
 * content's height on all of them together. */
typedef struct trial {
    int said; /* messages it gives (a word wider than its line, a table too wide...) */
    guint said_hash; /* ... and what they say */
    int pages;
    double last_share;
    double total_h;
    bool split;  /* a text is split between two pages */
} trial;

static trial try_at(layout_ctx *c, scale_kind_fn lay, const doc_node *sec, const style *st, double fill)
{
    int said;
    guint said_hash;
    layout *l = scratch_run(c, lay, sec, st, fill, &said, &said_hash);
    trial t = { said, said_hash, (int)l->pages->len, 0, 0, false };
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        for (guint j = 0; j < pg->boxes->len; j++) {
            const box *b = g_ptr_array_index(pg->boxes, j);
            if (b->type == BOX_TEXT && b->area == BOX_AREA_CONTENT && b->line_count >= 0)
                t.split = true;
        }
        double share = filled_share(pg);
        t.total_h += share * pg->content.h_pt;
        t.last_share = share;
    }
    layout_free(l);
    return t;
}

int scale_trial_pages(layout_ctx *c, scale_kind_fn lay, const doc_node *sec)
{
    return try_at(c, lay, sec, c->st, 0).pages;
}

/* The split of a section over its pages (p->step and 'best', its trial
 * there, are the bisection's): a last page holding less than
 * continuation-least of a page is no good, nor (when it can be helped) a
 * paragraph read across two slides. Tried in order: at the step found and
 * up to two steps below it, the text of every page stopping at the page's
 * bottom, then at heights rising from the even share of the content (each
 * page holding about as much); the first split that is good wins. Failing
 * that, the first without a runt page at the step found, a paragraph split
 * or not; failing that, the pages as they flow. */
static void plan_split(layout_ctx *c, scale_kind_fn lay, const doc_node *sec, scale_plan *p, const trial *best)
{
    const style *st = c->st;
    double least = st->scale.continuation_least, H = c->cbottom - c->cy;
    int found = p->step;
    double runt_free = -1;
    for (int step = found; step >= 0 && step >= found - 2; step--) {
        style sp = style_at_step(st, step);
        trial t0 = step == found ? *best : try_at(c, lay, sec, &sp, 0);
        if (step != found)
            p->tries++;
        if (t0.pages != best->pages)
            continue;
        if (t0.last_share >= least && !t0.split) {
            p->step = step;
            p->fill = 0;
            return;
        }
        if (step == found && t0.last_share >= least)
            runt_free = 0;
        double even = t0.total_h / t0.pages;
        for (int j = 0; j < 8; j++) {
            double h = even + (H - even) * j / 8.0 + sp.size_body_pt * sp.line_spacing * 0.5;
            if (h >= H)
                break;
            trial r = try_at(c, lay, sec, &sp, c->cy + h);
            p->tries++;
            if (r.pages != t0.pages || r.last_share < least)
                continue;
            if (!r.split) {
                p->step = step;
                p->fill = c->cy + h;
                return;
            }
            if (step == found && runt_free < 0)
                runt_free = c->cy + h;
        }
    }
    p->step = found;
    p->fill = MAX(0, runt_free);
}

/* The trials of one section, each step tried at most once. */
typedef struct search {
    layout_ctx *c;
    scale_kind_fn lay;
    const doc_node *sec;
    int n;            /* steps */
    trial *at;        /* at[i]: the trial at step i, once tried (pages > 0) */
    int want;         /* the pages the section may take: 1, or what it takes at the least step */
    int *tries;
} search;

static const trial *search_at(search *S, int i)
{
    if (S->at[i].pages == 0) {
        style si = style_at_step(S->c->st, i);
        S->at[i] = try_at(S->c, S->lay, S->sec, &si, 0);
        (*S->tries)++;
    }
    return &S->at[i];
}

/* True if step 'i' fits: it keeps the pages the section may take, and has
 * nothing more to say than the least step (a larger size that breaks a
 * word inside, cuts a title or makes a table too wide for its columns is
 * no fit). */
static bool search_fits(search *S, int i)
{
    const trial *m = search_at(S, i);
    if (m->pages > S->want)
        return false;
    if (m->said == 0 || i == 0)
        return true;
    const trial *least = search_at(S, 0);
    return m->said == least->said && m->said_hash == least->said_hash;
}

scale_plan scale_plan_section(layout_ctx *c, scale_kind_fn lay, const doc_node *sec)
{
    const style *st = c->st;
    scale_plan p = { 0, true, 0, 0 };
    int n = style_scale_steps(st);
    search S = { c, lay, sec, n, g_new0(trial, n + 1), 1, &p.tries };
    /* The pages a section takes grow with its size (larger text, more
     * lines). The top step first (a short slide takes one trial); when it
     * does not fit, its content's height predicts the step that does
     * (height grows about as the size to the power 1.6: lines are taller
     * and hold fewer characters), and the steps next to the prediction
     * are tried up or down until the largest that fits is found. */
    if (search_fits(&S, n)) {
        p.step = n;
    } else if (n > 0) {
        double H = c->cbottom - c->cy, top_pt = st->size_body_pt + n * st->scale.body_step_pt;
        double pred = top_pt * pow(H / MAX(1, S.at[n].total_h), 1 / 1.6);
        int i = CLAMP((int)floor((pred - st->size_body_pt) / st->scale.body_step_pt + 1e-6), 0, n - 1);
        if (search_fits(&S, i)) {
            while (i + 1 < n && search_fits(&S, i + 1))
                i++;
        } else {
            while (i > 0 && !search_fits(&S, i))
                i--;
        }
        if (i == 0 && search_at(&S, 0)->pages > 1) {
            /* Longer than a page even at the least size: the largest
             * step that keeps it on as many pages (bisection). */
            S.want = S.at[0].pages;
            int lo = 0, hi = n;
            if (search_fits(&S, n))
                lo = n;
            while (hi - lo > 1) {
                int mid = (lo + hi) / 2;
                if (search_fits(&S, mid))
                    lo = mid;
                else
                    hi = mid;
            }
            i = lo;
        }
        p.step = i;
    }
    trial best = S.at[p.step];
    g_free(S.at);
    p.one_page = best.pages <= 1;
    if (!p.one_page)
        plan_split(c, lay, sec, &p, &best);
    return p;
}

void scale_plans_even(const doc *dc, scale_plan *plans, const bool *scaled, int steps_apart)
{
    /* One-page slides of a kind keep within 'steps_apart' steps of the
     * smallest of them: capping a step only makes a slide fit better. */
    for (guint i = 0; i < dc->sections->len; i++) {
        if (!scaled[i] || !plans[i].one_page)
            continue;
        const doc_node *a = g_ptr_array_index(dc->sections, i);
        int least = plans[i].step;
        for (guint j = 0; j < dc->sections->len; j++) {
            const doc_node *b = g_ptr_array_index(dc->sections, j);
            if (scaled[j] && plans[j].one_page && b->kind == a->kind)
                least = MIN(least, plans[j].step);
        }
        plans[i].step = MIN(plans[i].step, least + steps_apart);
    }
}

/*** Balance ***/

typedef struct block {
    double top, bottom;
} block;

static int cmp_block(const void *a, const void *b)
{
    const block *x = a, *y = b;
    return (x->top > y->top) - (x->top < y->top);
}

void scale_balance_page(const layout_ctx *c, page *pg)
{
    const style *st = c->st;
    if (st->scale.balance == BALANCE_TOP)
        return;
    /* A table is one block: the span of its cells' text, widened by a
     * cell's padding to take in its fills and rules. */
    GArray *tables = g_array_new(FALSE, FALSE, sizeof(block));
    GArray *table_ids = g_array_new(FALSE, FALSE, sizeof(int));
    double pad = MAX(st->table.pad_y_pt, st->table.overview_pad_y_pt) + 0.5;
    for (guint i = 0; i < pg->boxes->len; i++) {
        const box *b = g_ptr_array_index(pg->boxes, i);
        const layout_group *g = b->group;
        while (g && g->parent)
            g = g->parent;
        if (b->area != BOX_AREA_CONTENT || !g || strcmp(g->tag, "Table") != 0)
            continue;
        guint t = 0;
        while (t < table_ids->len && g_array_index(table_ids, int, t) != g->id)
            t++;
        if (t == table_ids->len) {
            g_array_append_val(table_ids, g->id);
            g_array_append_val(tables, ((block){ b->y_pt - pad, b->y_pt + b->h_pt + pad }));
        }
        block *T = &g_array_index(tables, block, t);
        T->top = MIN(T->top, b->y_pt - pad);
        T->bottom = MAX(T->bottom, b->y_pt + b->h_pt + pad);
    }
    GArray *bl = g_array_new(FALSE, FALSE, sizeof(block));
    for (guint i = 0; i < pg->boxes->len; i++) {
        const box *b = g_ptr_array_index(pg->boxes, i);
        if (b->area == BOX_AREA_CONTENT)
            g_array_append_val(bl, ((block){ b->y_pt, b->y_pt + b->h_pt }));
    }
    g_array_append_vals(bl, tables->data, tables->len);
    g_array_unref(tables);
    g_array_unref(table_ids);
    if (bl->len == 0) {
        g_array_unref(bl);
        return;
    }
    /* The blocks: boxes that touch or overlap (a text and its bullet, the
     * rows of a table) move together; the gaps between them may grow. */
    g_array_sort(bl, cmp_block);
    int nb = 0;
    block *B = (block *)bl->data;
    for (guint i = 0; i < bl->len; i++) {
        if (nb > 0 && B[i].top < B[nb - 1].bottom + 0.5)
            B[nb - 1].bottom = MAX(B[nb - 1].bottom, B[i].bottom);
        else
            B[nb++] = B[i];
    }
    double leftover = c->cbottom - B[nb - 1].bottom;
    double sum = 0, most = 0;
    for (int k = 0; k + 1 < nb; k++) {
        double g = MAX(0, B[k + 1].top - B[k].bottom);
        sum += g;
        most = MAX(most, g);
    }
    /* Spread: every gap grows by the same factor (a gap above a
     * subheading stays larger than the one below it), none by more than
     * the limit; what is left centres the whole (a little above the
     * middle, where the eye puts it). */
    double s = 0;
    if (st->scale.balance == BALANCE_SPREAD && sum > 0 && leftover > 0)
        s = MIN(leftover / sum, st->scale.spread_most * st->size_body_pt / most);
    double rest = MAX(0, leftover - s * sum);
    double top = rest * 0.4;
    if (top < 0.25 && s * sum < 0.25) {
        g_array_unref(bl);
        return;
    }
    /* The shift of each block: the centring plus the growth of the gaps above it. */
    double *shift = g_new(double, nb);
    double acc = top;
    for (int k = 0; k < nb; k++) {
        if (k > 0)
            acc += s * MAX(0, B[k].top - B[k - 1].bottom);
        shift[k] = acc;
    }
    for (guint i = 0; i < pg->boxes->len; i++) {
        box *b = g_ptr_array_index(pg->boxes, i);
        if (b->area != BOX_AREA_CONTENT)
            continue;
        int k = nb - 1;
        while (k > 0 && b->y_pt < B[k].top - 0.001)
            k--;
        b->y_pt += shift[k];
    }
    g_free(shift);
    g_array_unref(bl);
}
