/* grid: one page of a run of photos. Consumes aspect ratios and a caption
 * measuring callback; produces the photo and caption boxes of the page (how
 * many photos go on it, and where). Pure geometry: no Pango, no Cairo. */
#include "grid.h"

#include <glib.h>
#include <math.h>

/* Pages hold at most this many photos whatever max_per_page says: every
 * split of k photos into rows is tried, 2^(k-1) of them. */
#define GRID_MAX_K 12
/* A caption box under a narrow photo widens towards this, centred, as far
 * as half the gap to a neighbour (or the area's edge) allows. */
#define CAPTION_MIN_W_PT 120.0
/* Balancing looks this many pages ahead. A longer run fills its pages to
 * the maximum until its tail is this short, then spreads the tail evenly;
 * looking further would make paginating a run quadratic. */
#define LOOKAHEAD_PAGES 8
#define FIT_ITERATIONS 64
#define BISECT_ITERATIONS 48
#define TOL 1e-9

typedef enum arr_kind {
    ARR_NONE,
    ARR_ROWS_SCALED, /* rows justified to the full width, all scaled by one factor t <= 1 */
    ARR_ROWS_LEVEL,  /* rows of one common height t, a row capped at its full-width height */
    ARR_CELLS,       /* 'cols' equal cells a row; each photo fits its cell, t = the cells' photo height */
} arr_kind;

typedef struct arrangement {
    arr_kind kind;
    int k;                      /* photos */
    int nrows;                  /* rows (ROWS kinds) */
    int row_len[GRID_MAX_K];    /* photos in each row (ROWS kinds) */
    int cols;                   /* cells a row (CELLS) */
    double t;                   /* the fitted parameter, see arr_kind */
    double area;                /* sum of the photo areas, pt^2 */
    bool valid;                 /* every photo at least min_photo_h_pt high */
} arrangement;

typedef enum search_mode {
    SEARCH_NONE,
    SEARCH_ANY_VALID,  /* stop at the first valid arrangement */
    SEARCH_BEST_VALID, /* the valid arrangement with the largest area */
    SEARCH_BEST_FIT,   /* the largest that fits at all, valid or not (one photo) */
} search_mode;

typedef struct ctx {
    const double *aspect;
    int n;
    const grid_params *p;
    int kcap;       /* min(max_per_page, GRID_MAX_K) */
    int memo_first; /* memo[i - memo_first]: max_valid(i), 0 = not known yet */
    int memo_len;
    int *memo;
} ctx;

/*** Captions and placement ***/

static double caption_h(const ctx *cx, int index, double width_pt)
{
    if (!cx->p->caption)
        return 0;
    double h = cx->p->caption(cx->p->user, index, width_pt);
    return h > 0 && isfinite(h) ? h : 0; /* also drops NaN */
}

/* Caption boxes of a row of 'm' placed photos: each photo's own x and w,
 * widened (centred) towards CAPTION_MIN_W_PT but only into half the gap
 * beside a neighbour, or up to the area's edge for the row's end photos. */
static void row_caption_boxes(const ctx *cx, grid_cell *row, int m)
{
    double W = cx->p->area_w_pt, half_gap = cx->p->gap_pt / 2;
    double target = fmin(CAPTION_MIN_W_PT, W);
    for (int i = 0; i < m; i++) {
        grid_cell *c = &row[i];
        double e = fmax(0, (target - c->w_pt) / 2);
        e = fmin(e, i == 0 ? c->x_pt : half_gap);
        e = fmin(e, i == m - 1 ? W - (c->x_pt + c->w_pt) : half_gap);
        e = fmax(0, e);
        c->cap_x_pt = c->x_pt - e;
        c->cap_w_pt = c->w_pt + 2 * e;
    }
}

/* Places the rows of 'a' with photo heights 'y' from the area's top, each
 * row centred, measuring the captions; fills 'out' ('a->k' cells) and
 * returns the block's height. */
static double rows_place(const ctx *cx, int start, const arrangement *a, const double *y,
                         grid_cell *out)
{
    const grid_params *p = cx->p;
    double top = 0;
    int idx = 0;
    for (int j = 0; j < a->nrows; j++) {
        int m = a->row_len[j];
        grid_cell *row = &out[idx];
        double rw = (m - 1) * p->gap_pt;
        for (int i = 0; i < m; i++)
            rw += y[j] * cx->aspect[start + idx + i];
        double x = fmax(0, (p->area_w_pt - rw) / 2);
        for (int i = 0; i < m; i++) {
            row[i].x_pt = x;
            row[i].y_pt = top;
            row[i].h_pt = y[j];
            row[i].w_pt = y[j] * cx->aspect[start + idx + i];
            x += row[i].w_pt + p->gap_pt;
        }
        row_caption_boxes(cx, row, m);
        double row_cap = 0;
        for (int i = 0; i < m; i++) {
            row[i].cap_y_pt = top + y[j] + p->caption_gap_pt;
            row[i].cap_h_pt = caption_h(cx, start + idx + i, row[i].cap_w_pt);
            row_cap = fmax(row_cap, row[i].cap_h_pt);
        }
        top += y[j] + p->caption_gap_pt + row_cap;
        if (j < a->nrows - 1)
            top += p->gap_pt;
        idx += m;
    }
    return top;
}

static double cells_width(const ctx *cx, int cols)
{
    return (cx->p->area_w_pt - (cols - 1) * cx->p->gap_pt) / cols;
}

/* Places the cells of 'a' (photo height 't' at most, captions 'cap' already
 * measured at the cell width): rows of cells, the last row's cells centred,
 * each photo centred in its cell and standing on its row's caption line so
 * that a row's captions align. Fills 'out' and returns the block's height. */
static double cells_place(const ctx *cx, int start, const arrangement *a, const double *cap,
                          grid_cell *out)
{
    const grid_params *p = cx->p;
    int c = a->cols;
    double cw = cells_width(cx, c), top = 0;
    for (int r0 = 0; r0 < a->k; r0 += c) {
        int m = MIN(c, a->k - r0);
        double band = 0, row_cap = 0;
        for (int i = r0; i < r0 + m; i++) {
            band = fmax(band, fmin(a->t, cw / cx->aspect[start + i]));
            row_cap = fmax(row_cap, cap[i]);
        }
        double x = (c - m) * (cw + p->gap_pt) / 2;
        for (int i = r0; i < r0 + m; i++) {
            grid_cell *cell = &out[i];
            cell->h_pt = fmin(a->t, cw / cx->aspect[start + i]);
            cell->w_pt = cell->h_pt * cx->aspect[start + i];
            cell->x_pt = x + (cw - cell->w_pt) / 2;
            cell->y_pt = top + band - cell->h_pt;
            cell->cap_x_pt = x;
            cell->cap_w_pt = cw;
            cell->cap_y_pt = top + band + p->caption_gap_pt;
            cell->cap_h_pt = cap[i];
            x += cw + p->gap_pt;
        }
        top += band + p->caption_gap_pt + row_cap;
        if (r0 + m < a->k)
            top += p->gap_pt;
    }
    return top;
}

/*** Fitting one arrangement ***/

/* The largest t with sum_j min(t, lim[j]) <= budget, at most max(lim):
 * rows levelled to a common height, each capped at its own limit. May be
 * <= 0 when nothing fits. */
static double level_inverse(const double *lim, int r, double budget)
{
    double s[GRID_MAX_K];
    for (int j = 0; j < r; j++) {
        int i = j;
        for (; i > 0 && s[i - 1] > lim[j]; i--)
            s[i] = s[i - 1];
        s[i] = lim[j];
    }
    double below = 0;
    for (int j = 0; j < r; j++) {
        double t = (budget - below) / (r - j);
        if (t <= s[j])
            return t;
        below += s[j];
    }
    return s[r - 1];
}

/* The height of each row of 'a' when justified to the area's full width;
 * <= 0 when the gaps alone are wider than the area. */
static void rows_natural(const ctx *cx, int start, const arrangement *a, double *nat)
{
    int idx = 0;
    for (int j = 0; j < a->nrows; j++) {
        double sum_a = 0;
        for (int i = 0; i < a->row_len[j]; i++)
            sum_a += cx->aspect[start + idx + i];
        nat[j] = (cx->p->area_w_pt - (a->row_len[j] - 1) * cx->p->gap_pt) / sum_a;
        idx += a->row_len[j];
    }
}

/* Row heights of a ROWS arrangement at parameter 't'; 'nat' are the rows'
 * full-width heights. */
static void rows_heights(const arrangement *a, const double *nat, double t, double *y)
{
    for (int j = 0; j < a->nrows; j++)
        y[j] = a->kind == ARR_ROWS_SCALED ? t * nat[j] : fmin(t, nat[j]);
}

/* The largest t whose rows' photo heights sum to at most 'budget'. */
static double rows_inverse(const arrangement *a, const double *nat, double budget)
{
    if (a->kind == ARR_ROWS_LEVEL)
        return level_inverse(nat, a->nrows, budget);
    double sum = 0;
    for (int j = 0; j < a->nrows; j++)
        sum += nat[j];
    return fmin(1, budget / sum);
}

static double rows_total(const ctx *cx, int start, const arrangement *a, const double *nat,
                         double t, double *y)
{
    grid_cell scratch[GRID_MAX_K];
    rows_heights(a, nat, t, y);
    return rows_place(cx, start, a, y, scratch);
}

/* Fits a ROWS arrangement: the largest t at which photos, captions and gaps
 * fit the area's height. Captions get taller as photos get narrower, so t
 * is found by a fixed point: t(n+1) = the t whose photos fill what the
 * captions measured at t(n) leave. While captions only grow as widths
 * shrink, t(n) never drops below the best t and stops on it after a few
 * steps (caption heights are steps: whole lines); bisection backs this up
 * for callbacks that behave otherwise. With 'stop_if_invalid', gives up as
 * soon as the photos must go below the minimum height; gives up before
 * measuring any caption when even with empty captions the photos' area
 * would not exceed 'beat' (< 0: no bound). Returns whether it fits (and is
 * valid if asked); sets a->t, area and valid. */
static bool rows_fit(const ctx *cx, int start, arrangement *a, bool stop_if_invalid, double beat)
{
    const grid_params *p = cx->p;
    double nat[GRID_MAX_K], y[GRID_MAX_K], min_nat = G_MAXDOUBLE, max_nat = 0;
    rows_natural(cx, start, a, nat);
    for (int j = 0; j < a->nrows; j++) {
        min_nat = fmin(min_nat, nat[j]);
        max_nat = fmax(max_nat, nat[j]);
    }
    if (min_nat <= 0)
        return false;
    double h_min = p->min_photo_h_pt;
    if (stop_if_invalid && min_nat < h_min - TOL)
        return false;
    /* the t at which the lowest row reaches the minimum height */
    double t_valid = a->kind == ARR_ROWS_SCALED ? h_min / min_nat : h_min;
    double fixed = a->nrows * p->caption_gap_pt + (a->nrows - 1) * p->gap_pt;
    double t_max = a->kind == ARR_ROWS_SCALED ? 1 : max_nat;

    double t = rows_inverse(a, nat, p->area_h_pt - fixed); /* as if captions were empty */
    int idx;
    if (beat >= 0 && t > 0) {
        double bound = 0;
        rows_heights(a, nat, t, y);
        idx = 0;
        for (int j = 0; j < a->nrows; j++)
            for (int i = 0; i < a->row_len[j]; i++, idx++)
                bound += y[j] * y[j] * cx->aspect[start + idx];
        if (bound <= beat * (1 + TOL))
            return false;
    }
    bool fits = false;
    for (int it = 0; it < FIT_ITERATIONS; it++) {
        if (t <= 0 || (stop_if_invalid && t < t_valid - TOL))
            return false;
        double total = rows_total(cx, start, a, nat, t, y);
        if (total <= p->area_h_pt + TOL) {
            fits = true;
            break;
        }
        double photos = 0;
        for (int j = 0; j < a->nrows; j++)
            photos += y[j];
        double t2 = fmin(t_max, rows_inverse(a, nat, p->area_h_pt - (total - photos)));
        if (!(t2 < t))
            break; /* captions shrank as photos grew: leave it to bisection */
        t = t2;
    }
    if (!fits) {
        /* 't' does not fit; look below it */
        double lo = 0, hi = t;
        for (int it = 0; it < BISECT_ITERATIONS; it++) {
            if (stop_if_invalid && hi < t_valid - TOL)
                return false;
            double mid = (lo + hi) / 2;
            if (rows_total(cx, start, a, nat, mid, y) <= p->area_h_pt + TOL)
                lo = mid;
            else
                hi = mid;
        }
        if (lo <= 0)
            return false;
        t = lo;
    }
    rows_heights(a, nat, t, y);
    a->t = t;
    a->area = 0;
    a->valid = true;
    idx = 0;
    for (int j = 0; j < a->nrows; j++) {
        for (int i = 0; i < a->row_len[j]; i++)
            a->area += y[j] * y[j] * cx->aspect[start + idx + i];
        if (y[j] < h_min - TOL)
            a->valid = false;
        idx += a->row_len[j];
    }
    return !stop_if_invalid || a->valid;
}

/* Measures a CELLS arrangement's captions (at the cell width, so once) into
 * 'cap' and fits the largest photo height: a row is as high as its tallest
 * photo, a landscape photo in a narrow cell being limited by the width.
 * 'stop_if_invalid' and 'beat' as for rows_fit(). */
static bool cells_fit(const ctx *cx, int start, arrangement *a, bool stop_if_invalid, double beat,
                      double *cap)
{
    const grid_params *p = cx->p;
    int c = a->cols, r = (a->k + c - 1) / c;
    double cw = cells_width(cx, c), lim[GRID_MAX_K];
    if (cw <= 0)
        return false;
    double fixed = r * p->caption_gap_pt + (r - 1) * p->gap_pt;
    for (int j = 0; j < r; j++) {
        lim[j] = 0;
        for (int i = j * c; i < MIN(a->k, (j + 1) * c); i++) {
            double h = cw / cx->aspect[start + i];
            if (stop_if_invalid && h < p->min_photo_h_pt - TOL)
                return false;
            lim[j] = fmax(lim[j], h);
        }
    }
    double t_ub = level_inverse(lim, r, p->area_h_pt - fixed); /* as if captions were empty */
    if (stop_if_invalid && t_ub < p->min_photo_h_pt - TOL)
        return false;
    if (beat >= 0) {
        double bound = 0;
        for (int i = 0; i < a->k; i++) {
            double h = fmin(t_ub, cw / cx->aspect[start + i]);
            bound += h * h * cx->aspect[start + i];
        }
        if (bound <= beat * (1 + TOL))
            return false;
    }
    double caps = 0;
    for (int j = 0; j < r; j++) {
        double row_cap = 0;
        for (int i = j * c; i < MIN(a->k, (j + 1) * c); i++) {
            cap[i] = caption_h(cx, start + i, cw);
            row_cap = fmax(row_cap, cap[i]);
        }
        caps += row_cap;
    }
    double t = level_inverse(lim, r, p->area_h_pt - fixed - caps);
    if (t <= 0)
        return false;
    a->t = t;
    a->area = 0;
    a->valid = true;
    for (int i = 0; i < a->k; i++) {
        double h = fmin(t, cw / cx->aspect[start + i]);
        a->area += h * h * cx->aspect[start + i];
        if (h < p->min_photo_h_pt - TOL)
            a->valid = false;
    }
    return !stop_if_invalid || a->valid;
}

/*** Choosing the arrangement ***/

typedef struct search_state {
    const ctx *cx;
    int start, k;
    search_mode mode;
    arrangement *best;
    int max_rows;                /* more rows cannot hold photos of the minimum height */
    double row_min[GRID_MAX_K + 1]; /* row_min[i]: width of photos [0, i) at the minimum height */
    bool done;                   /* SEARCH_ANY_VALID found one */
} search_state;

/* True if the rows of 'a' hold as many photos as each other, give or
 * take one: no photo alone in a row under a row of three. */
static bool balanced(const arrangement *a)
{
    if (a->kind == ARR_CELLS) {
        int last = a->k % a->cols;
        return a->k <= a->cols || last == 0 || a->cols - last <= 1;
    }
    int lo = G_MAXINT, hi = 0;
    for (int j = 0; j < a->nrows; j++) {
        lo = MIN(lo, a->row_len[j]);
        hi = MAX(hi, a->row_len[j]);
    }
    return hi - lo <= 1;
}

/* A balanced arrangement wins over one that is not, whatever their
 * areas; among alike, the larger area wins. */
static void consider(search_state *s, arrangement *cand)
{
    bool stop = s->mode != SEARCH_BEST_FIT;
    bool any = s->mode == SEARCH_ANY_VALID;
    bool bal = balanced(cand), none = s->best->kind == ARR_NONE;
    bool best_bal = !none && balanced(s->best);
    if (!any && best_bal && !bal)
        return;
    bool better_class = !any && bal && !none && !best_bal;
    double beat = any || none || better_class ? -1 : s->best->area;
    double cap[GRID_MAX_K];
    bool fits = cand->kind == ARR_CELLS ? cells_fit(s->cx, s->start, cand, stop, beat, cap)
                                        : rows_fit(s->cx, s->start, cand, stop, beat);
    if (fits && (none || better_class || cand->area > s->best->area * (1 + TOL))) {
        *s->best = *cand;
        s->done = any;
    }
}

/* Every split of photos [pos, k) into further rows of 'a', longest first
 * row first; a row too wide for its photos at the minimum height, or one
 * row too many, is not followed further. */
static void splits(search_state *s, arrangement *a, int pos)
{
    if (s->done)
        return;
    if (pos == s->k) {
        a->kind = ARR_ROWS_SCALED;
        consider(s, a);
        if (a->nrows > 1 && !s->done) { /* one row: levelled is the same as scaled */
            a->kind = ARR_ROWS_LEVEL;
            consider(s, a);
        }
        return;
    }
    if (a->nrows == s->max_rows)
        return;
    double gap = s->cx->p->gap_pt, w = s->cx->p->area_w_pt;
    for (int len = s->k - pos; len >= 1 && !s->done; len--) {
        if (s->row_min[pos + len] - s->row_min[pos] + (len - 1) * gap > w + TOL)
            continue;
        a->row_len[a->nrows++] = len;
        splits(s, a, pos + len);
        a->nrows--;
    }
}

/* Compares the arrangements of photos [start, start+k): every split into
 * rows in order, each split both scaled and levelled, then grids of 1..k
 * columns. Earlier candidates win ties (compact rows before cells with
 * space around their photos); candidates that cannot beat the best so far
 * even with empty captions are dropped unmeasured. Returns whether one was
 * found. */
static bool search(const ctx *cx, int start, int k, search_mode mode, arrangement *best)
{
    const grid_params *p = cx->p;
    search_state s = { .cx = cx, .start = start, .k = k, .mode = mode, .best = best };
    best->kind = ARR_NONE;
    double h_min = mode == SEARCH_BEST_FIT ? 0 : p->min_photo_h_pt;
    s.row_min[0] = 0;
    for (int i = 0; i < k; i++)
        s.row_min[i + 1] = s.row_min[i] + h_min * cx->aspect[start + i];
    double per_row = h_min + p->caption_gap_pt + p->gap_pt;
    s.max_rows = per_row > 0 ? (int)MIN(k, floor((p->area_h_pt + p->gap_pt) / per_row + TOL)) : k;

    arrangement a = { .k = k };
    splits(&s, &a, 0);
    for (int c = 1; c <= k && !s.done; c++) {
        arrangement cells = { .kind = ARR_CELLS, .k = k, .cols = c };
        consider(&s, &cells);
    }
    return best->kind != ARR_NONE;
}

/* Places 'a' (fitted) into 'out', the block centred vertically: a page
 * with room to spare looks better with the space split above and below
 * than with all of it under the last caption. */
static void place(const ctx *cx, int start, const arrangement *a, grid_cell *out)
{
    double total;
    if (a->kind == ARR_CELLS) {
        double cap[GRID_MAX_K];
        for (int i = 0; i < a->k; i++)
            cap[i] = caption_h(cx, start + i, cells_width(cx, a->cols));
        total = cells_place(cx, start, a, cap, out);
    } else {
        double nat[GRID_MAX_K], y[GRID_MAX_K];
        rows_natural(cx, start, a, nat);
        rows_heights(a, nat, a->t, y);
        total = rows_place(cx, start, a, y, out);
    }
    double dy = fmax(0, (cx->p->area_h_pt - total) / 2);
    for (int i = 0; i < a->k; i++) {
        out[i].y_pt += dy;
        out[i].cap_y_pt += dy;
    }
}

/* Last resort for one photo whose caption leaves it no room: half the
 * area's height, the caption cut to what is left. */
static void place_squeezed(const ctx *cx, int start, grid_cell *out)
{
    const grid_params *p = cx->p;
    double a = cx->aspect[start];
    grid_cell *c = &out[0];
    c->h_pt = fmin(p->area_h_pt / 2, p->area_w_pt / a);
    c->w_pt = c->h_pt * a;
    c->x_pt = (p->area_w_pt - c->w_pt) / 2;
    c->y_pt = 0;
    row_caption_boxes(cx, c, 1);
    c->cap_y_pt = c->h_pt + fmin(p->caption_gap_pt, p->area_h_pt - c->h_pt);
    c->cap_h_pt = fmin(caption_h(cx, start, c->cap_w_pt), p->area_h_pt - c->cap_y_pt);
}

/*** Choosing the count ***/

static bool fits_valid(const ctx *cx, int start, int k)
{
    arrangement a;
    return search(cx, start, k, SEARCH_ANY_VALID, &a);
}

/* The most photos from 'start' that a page holds validly (at least 1). */
static int max_valid(const ctx *cx, int start)
{
    int slot = start - cx->memo_first;
    bool memo = slot >= 0 && slot < cx->memo_len;
    if (memo && cx->memo[slot])
        return cx->memo[slot];
    int k = MIN(cx->kcap, cx->n - start);
    while (k > 1 && !fits_valid(cx, start, k))
        k--;
    if (memo)
        cx->memo[slot] = k;
    return k;
}

/* Pages that photos [start, n) take when each page holds all it can, or
 * limit + 1 if more than 'limit'. */
static int pages_needed(const ctx *cx, int start, int limit)
{
    int pages = 0;
    while (start < cx->n) {
        if (pages == limit)
            return limit + 1;
        start += max_valid(cx, start);
        pages++;
    }
    return pages;
}

int grid_page(const double *aspect, int first, int n, const grid_params *p, grid_cell *out)
{
    g_return_val_if_fail(aspect != NULL && p != NULL && out != NULL, 0);
    g_return_val_if_fail(first >= 0 && first < n, 0);
    g_return_val_if_fail(p->area_w_pt > 0 && p->area_h_pt > 0 && p->max_per_page >= 1, 0);
    g_return_val_if_fail(p->gap_pt >= 0 && p->caption_gap_pt >= 0, 0);

    ctx cx = { .aspect = aspect, .n = n, .p = p, .kcap = MIN(p->max_per_page, GRID_MAX_K) };
    /* every photo the look-ahead can reach */
    cx.memo_first = first;
    cx.memo_len = (int)MIN((gint64)n - first, (gint64)(LOOKAHEAD_PAGES + 1) * cx.kcap + 1);
    for (int i = first; i < first + cx.memo_len; i++)
        g_return_val_if_fail(isfinite(aspect[i]) && aspect[i] > 0, 0);
    g_autofree int *memo = g_new0(int, cx.memo_len);
    cx.memo = memo;

    /* As many as fit, unless the run ends within a few pages: then the
     * fewest per page that still leaves the rest its remaining pages. */
    int k = max_valid(&cx, first);
    int pages = pages_needed(&cx, first, LOOKAHEAD_PAGES);
    if (pages > 1 && pages <= LOOKAHEAD_PAGES) {
        int rest = n - first, even = (rest + pages - 1) / pages;
        for (int kk = even; kk < k; kk++) {
            if (fits_valid(&cx, first, kk) && pages_needed(&cx, first + kk, pages - 1) <= pages - 1) {
                k = kk;
                break;
            }
        }
    }

    arrangement best;
    if (search(&cx, first, k, SEARCH_BEST_VALID, &best) ||
        search(&cx, first, k, SEARCH_BEST_FIT, &best)) {
        place(&cx, first, &best, out);
        return best.k;
    }
    g_assert(k == 1); /* k > 1 comes from a valid arrangement */
    place_squeezed(&cx, first, out);
    return 1;
}
