/* Unit tests for grid.c: photo pages checked against geometric invariants
 * (aspect kept, inside the area, no overlaps, captions under their photos,
 * reading order, minimum height, balanced pagination) rather than against
 * fixed coordinates, plus the 第17弾 sample's layout. */
#include "grid.h"

#include <glib.h>
#include <math.h>

#define EPS 1e-6
#define L43 (4.0 / 3.0)
#define P34 0.75
#define W169 (16.0 / 9.0)

/* A caption of natural width text_w[index] set in lines line_h high:
 * narrower boxes need more lines. */
typedef struct fake_caption {
    const double *text_w;
    double line_h;
    int calls;
    int bad_calls; /* calls with an index or width out of range */
    int lo, hi;    /* indices the current call of grid_page may ask for */
} fake_caption;

static double caption_lines(void *user, int index, double width_pt)
{
    fake_caption *fc = user;
    fc->calls++;
    if (index < fc->lo || index >= fc->hi || !(width_pt > 0))
        fc->bad_calls++;
    double tw = fc->text_w ? fc->text_w[index] : 150;
    return fc->line_h * ceil(tw / fmax(width_pt, 1));
}

/* Grows continuously as the width shrinks: no whole lines to settle on. */
static double caption_smooth(void *user, int index, double width_pt)
{
    fake_caption *fc = user;
    fc->calls++;
    (void)index;
    return 8 + 3000 / fmax(width_pt, 1);
}

static grid_params params_017(fake_caption *fc)
{
    return (grid_params){
        .area_w_pt = 770, .area_h_pt = 420, .gap_pt = 12, .caption_gap_pt = 4,
        .min_photo_h_pt = 110, .max_per_page = 6, .caption = caption_lines, .user = fc,
    };
}

static bool disjoint(double ax, double ay, double aw, double ah, double bx, double by, double bw,
                     double bh)
{
    return ax + aw <= bx + EPS || bx + bw <= ax + EPS || ay + ah <= by + EPS ||
           by + bh <= ay + EPS;
}

static double page_area(const grid_cell *c, int k)
{
    double s = 0;
    for (int i = 0; i < k; i++)
        s += c[i].w_pt * c[i].h_pt;
    return s;
}

/* Every invariant of one page of 'k' cells for photos from 'first'. */
static void check_page(const double *aspect, int first, int k, const grid_params *p,
                       const grid_cell *c)
{
    double W = p->area_w_pt, H = p->area_h_pt;
    for (int i = 0; i < k; i++) {
        const grid_cell *a = &c[i];
        g_assert_cmpfloat(a->h_pt, >, 0);
        g_assert_cmpfloat(fabs(a->w_pt / a->h_pt - aspect[first + i]), <, EPS);
        g_assert_cmpfloat(a->x_pt, >=, -EPS);
        g_assert_cmpfloat(a->y_pt, >=, -EPS);
        g_assert_cmpfloat(a->x_pt + a->w_pt, <=, W + EPS);
        g_assert_cmpfloat(a->y_pt + a->h_pt, <=, H + EPS);
        g_assert_cmpfloat(a->cap_x_pt, >=, -EPS);
        g_assert_cmpfloat(a->cap_x_pt + a->cap_w_pt, <=, W + EPS);
        g_assert_cmpfloat(a->cap_y_pt + a->cap_h_pt, <=, H + EPS);
        g_assert_cmpfloat(a->cap_h_pt, >=, 0);
        /* the caption directly below its photo, at least as wide, centred */
        g_assert_cmpfloat(a->cap_y_pt, >=, a->y_pt + a->h_pt - EPS);
        g_assert_cmpfloat(a->cap_y_pt, <=, a->y_pt + a->h_pt + p->caption_gap_pt + EPS);
        g_assert_cmpfloat(a->cap_w_pt, >=, a->w_pt - EPS);
        g_assert_cmpfloat(fabs((a->cap_x_pt + a->cap_w_pt / 2) - (a->x_pt + a->w_pt / 2)), <,
                          EPS);
        /* the box the caption was measured for */
        if (p->caption == caption_lines) {
            fake_caption probe = *(fake_caption *)p->user;
            double want = caption_lines(&probe, first + i, a->cap_w_pt);
            /* cut only when it would run out of the area (a squeezed page) */
            if (a->cap_y_pt + want <= H + EPS)
                g_assert_cmpfloat(fabs(a->cap_h_pt - want), <, EPS);
            else
                g_assert_cmpfloat(fabs(a->cap_y_pt + a->cap_h_pt - H), <, EPS);
        }
        if (k > 1)
            g_assert_cmpfloat(a->h_pt, >=, p->min_photo_h_pt - EPS);
        for (int j = 0; j < k; j++) {
            const grid_cell *b = &c[j];
            if (j != i) {
                g_assert_true(disjoint(a->x_pt, a->y_pt, a->w_pt, a->h_pt, b->x_pt, b->y_pt,
                                       b->w_pt, b->h_pt));
                g_assert_true(disjoint(a->cap_x_pt, a->cap_y_pt, a->cap_w_pt, a->cap_h_pt,
                                       b->cap_x_pt, b->cap_y_pt, b->cap_w_pt, b->cap_h_pt));
            }
            g_assert_true(disjoint(a->x_pt, a->y_pt, a->w_pt, a->h_pt, b->cap_x_pt, b->cap_y_pt,
                                   b->cap_w_pt, b->cap_h_pt));
        }
        /* reading order: the next photo is right of this one in the same
         * row (same caption line), or in a row below this one's caption */
        if (i + 1 < k) {
            const grid_cell *b = &c[i + 1];
            if (fabs(b->cap_y_pt - a->cap_y_pt) < EPS)
                g_assert_cmpfloat(b->x_pt, >=, a->x_pt + a->w_pt - EPS);
            else
                g_assert_cmpfloat(b->y_pt, >=, a->cap_y_pt + a->cap_h_pt - EPS);
        }
    }
}

/* Lays out all 'n' photos page by page, checking each page; stores the
 * counts in 'counts' (room for n) and returns the number of pages. */
static int paginate(const double *aspect, int n, const grid_params *p, int *counts,
                    double *areas)
{
    grid_cell *cells = g_new0(grid_cell, p->max_per_page);
    fake_caption *fc = p->caption == caption_lines ? p->user : NULL;
    int pages = 0;
    for (int first = 0; first < n;) {
        if (fc) {
            fc->lo = first;
            fc->hi = n;
        }
        int k = grid_page(aspect, first, n, p, cells);
        g_assert_cmpint(k, >=, 1);
        g_assert_cmpint(k, <=, p->max_per_page);
        g_assert_cmpint(first + k, <=, n);
        check_page(aspect, first, k, p, cells);
        counts[pages] = k;
        if (areas)
            areas[pages] = page_area(cells, k);
        pages++;
        first += k;
    }
    if (fc)
        g_assert_cmpint(fc->bad_calls, ==, 0);
    g_free(cells);
    return pages;
}

static void assert_balanced(const int *counts, int pages, int n)
{
    int sum = 0, lo = G_MAXINT, hi = 0;
    for (int i = 0; i < pages; i++) {
        sum += counts[i];
        lo = MIN(lo, counts[i]);
        hi = MAX(hi, counts[i]);
    }
    g_assert_cmpint(sum, ==, n);
    g_assert_cmpint(hi - lo, <=, 1);
}

/* The same photos in a naive fixed 3x2 grid: equal cells, captions at the
 * cell width, each photo fitted in its cell. */
static double naive_3x2_area(const double *aspect, int first, int k, const grid_params *p)
{
    g_assert_cmpint(k, <=, 6);
    double cw = (p->area_w_pt - 2 * p->gap_pt) / 3, caps = 0;
    for (int r = 0; r < 2; r++) {
        double row_cap = 0;
        for (int i = r * 3; i < MIN(k, r * 3 + 3); i++) {
            fake_caption probe = *(fake_caption *)p->user;
            row_cap = fmax(row_cap, p->caption(&probe, first + i, cw));
        }
        caps += row_cap;
    }
    double ch = (p->area_h_pt - 2 * p->caption_gap_pt - p->gap_pt - caps) / 2, area = 0;
    for (int i = 0; i < k; i++) {
        double h = fmin(ch, cw / aspect[first + i]);
        area += h * h * aspect[first + i];
    }
    return area;
}

/* Checks each page of a run against the naive grid; returns the ratio of
 * the total areas. */
static double run_vs_naive(const double *aspect, int n, const grid_params *p)
{
    grid_cell cells[6];
    double ours = 0, naive = 0;
    for (int first = 0; first < n;) {
        int k = grid_page(aspect, first, n, p, cells);
        double a = page_area(cells, k), b = naive_3x2_area(aspect, first, k, p);
        g_assert_cmpfloat(a, >=, b - EPS);
        ours += a;
        naive += b;
        first += k;
    }
    return ours / naive;
}

static const double text_w[] = { 150, 210, 180, 120, 240, 160, 200, 130, 170, 220,
                                 140, 190, 260, 110, 230, 175, 205, 155, 185, 125 };

static void test_mixes(void)
{
    static const double all_l[] = { L43, L43, L43, L43, L43, L43, L43, L43, L43, L43 };
    static const double all_p[] = { P34, P34, P34, P34, P34, P34, P34, P34, P34, P34 };
    static const double mixed[] = { L43, P34, L43, L43, P34, P34, W169, 1, L43, P34 };
    static const double wide[] = { W169, W169, 1, W169, P34, 1, W169, L43, 1, 9.0 / 16 };
    const double *sets[] = { all_l, all_p, mixed, wide };
    fake_caption fc = { .text_w = text_w, .line_h = 16 };
    grid_params p = params_017(&fc);
    int counts[10];
    for (int s = 0; s < 4; s++) {
        for (int n = 1; n <= 10; n++) {
            for (int m = 1; m <= 9; m++) {
                p.max_per_page = m;
                int pages = paginate(sets[s], n, &p, counts, NULL);
                g_assert_cmpint(pages, >=, (n + m - 1) / m);
                if (n <= m && s < 2)
                    g_assert_cmpint(pages, ==, 1); /* one shape: everything fits */
            }
        }
    }
}

static void test_one_photo(void)
{
    static const double a[] = { L43 };
    fake_caption fc = { .text_w = text_w, .line_h = 16 };
    grid_params p = params_017(&fc);
    grid_cell c[6];
    g_assert_cmpint(grid_page(a, 0, 1, &p, c), ==, 1);
    check_page(a, 0, 1, &p, c);
    /* as large as the height allows, centred */
    g_assert_cmpfloat(c[0].cap_y_pt + c[0].cap_h_pt - c[0].y_pt, >, 420 - EPS);
    g_assert_cmpfloat(fabs(c[0].x_pt + c[0].w_pt / 2 - 385), <, EPS);
}

/* 13 photos, 6 a page at most: three pages of 5/4/4 in some order. */
static void test_thirteen(void)
{
    static const double a[] = { L43, P34, L43, L43, P34, L43, L43, L43, P34, W169, L43, 1, L43 };
    fake_caption fc = { .text_w = text_w, .line_h = 16 };
    grid_params p = params_017(&fc);
    int counts[13];
    int pages = paginate(a, 13, &p, counts, NULL);
    g_assert_cmpint(pages, ==, 3);
    assert_balanced(counts, pages, 13);
}

static void test_balance(void)
{
    double a[40];
    for (int i = 0; i < 40; i++)
        a[i] = i % 3 == 2 ? P34 : L43;
    fake_caption fc = { .text_w = NULL, .line_h = 16 };
    grid_params p = params_017(&fc);
    int counts[40];
    /* 8 where 6 fit: 4 + 4, not 6 + 2; 7: 4 + 3 */
    g_assert_cmpint(paginate(a, 8, &p, counts, NULL), ==, 2);
    g_assert_cmpint(counts[0], ==, 4);
    g_assert_cmpint(counts[1], ==, 4);
    g_assert_cmpint(paginate(a, 7, &p, counts, NULL), ==, 2);
    assert_balanced(counts, 2, 7);
    for (int n = 1; n <= 40; n++) {
        int pages = paginate(a, n, &p, counts, NULL);
        g_assert_cmpint(pages, ==, (n + 5) / 6);
        assert_balanced(counts, pages, n);
    }
}

static void test_beats_naive_grid(void)
{
    static const double s017[] = { L43, L43, P34, P34, L43, L43, P34, L43 };
    static const double phone[] = { L43, P34, W169, 1, L43, P34, W169, L43, 1, P34, L43, W169 };
    static const double lll_ppp[] = { L43, L43, L43, P34, P34, P34 };
    static const double three[] = { L43, P34, L43 };
    static const double all_l[] = { L43, L43, L43, L43, L43, L43, L43 };
    static const double all_p[] = { P34, P34, P34, P34, P34, P34, P34 };
    fake_caption fc = { .text_w = text_w, .line_h = 16 };
    grid_params p = params_017(&fc);
    double r017 = run_vs_naive(s017, 8, &p), rphone = run_vs_naive(phone, 12, &p);
    double rlp = run_vs_naive(lll_ppp, 6, &p), r3 = run_vs_naive(three, 3, &p);
    double rl = run_vs_naive(all_l, 7, &p), rp = run_vs_naive(all_p, 7, &p);
    g_test_message("area / naive 3x2: 017 %.3f, phone mix %.3f, LLLPPP %.3f, LPL %.3f, "
                   "landscape %.3f, portrait %.3f",
                   r017, rphone, rlp, r3, rl, rp);
    g_assert_cmpfloat(rphone, >, 1.05);
    g_assert_cmpfloat(r3, >, 1.2);
}

/* Captions taller as they get narrower: whole lines, and smoothly. */
static void test_growing_captions(void)
{
    static const double a[] = { L43, P34, P34, L43, L43, P34, 1, W169, P34 };
    static const double long_w[] = { 400, 500, 380, 450, 600, 420, 390, 480, 510 };
    fake_caption fc = { .text_w = long_w, .line_h = 16 };
    grid_params p = params_017(&fc);
    int counts[9];
    for (int m = 1; m <= 9; m++) {
        p.max_per_page = m;
        paginate(a, 9, &p, counts, NULL);
    }
    fake_caption smooth = { 0 };
    p.caption = caption_smooth;
    p.user = &smooth;
    for (int m = 1; m <= 9; m++) {
        p.max_per_page = m;
        int pages = paginate(a, 9, &p, counts, NULL);
        g_assert_cmpint(pages, >=, 1);
    }
    /* wider boxes, shorter captions, in the result too */
    grid_cell c[9];
    p.max_per_page = 6;
    int k = grid_page(a, 0, 9, &p, c);
    for (int i = 0; i < k; i++)
        g_assert_cmpfloat(fabs(c[i].cap_h_pt - (8 + 3000 / c[i].cap_w_pt)), <, EPS);
}

/* Areas too small for the minimum height: still one photo a page, inside. */
static void test_squeezed(void)
{
    static const double a[] = { L43, P34, 4.0, 0.25, L43 };
    fake_caption fc = { .text_w = text_w, .line_h = 16 };
    grid_params p = params_017(&fc);
    int counts[5];
    p.area_h_pt = 120; /* one 16 pt line leaves under 110 pt */
    g_assert_cmpint(paginate(a, 5, &p, counts, NULL), ==, 5);
    p.area_h_pt = 30; /* two lines and the gap do not fit at all */
    p.area_w_pt = 60;
    g_assert_cmpint(paginate(a, 5, &p, counts, NULL), ==, 5);
    p.area_h_pt = 10;
    g_assert_cmpint(paginate(a, 5, &p, counts, NULL), ==, 5);
    /* no captions at all; one a page */
    p = params_017(NULL);
    p.caption = NULL;
    p.max_per_page = 1;
    g_assert_cmpint(paginate(a, 5, &p, counts, NULL), ==, 5);
}

/* A long run stays fast: the look-ahead is bounded. */
static void test_long_run(void)
{
    enum { N = 1000 };
    double *a = g_new(double, N);
    double *tw = g_new(double, N);
    int *counts = g_new(int, N);
    for (int i = 0; i < N; i++) {
        a[i] = (i * 7) % 5 == 0 ? P34 : (i % 11 == 0 ? W169 : L43);
        tw[i] = 100 + (i * 37) % 200;
    }
    fake_caption fc = { .text_w = tw, .line_h = 16 };
    grid_params p = params_017(&fc);
    gint64 t0 = g_get_monotonic_time();
    int pages = paginate(a, N, &p, counts, NULL);
    double secs = (g_get_monotonic_time() - t0) / 1e6;
    g_test_message("%d photos: %d pages, %d caption calls (%.1f a photo), %.3f s", N, pages,
                   fc.calls, (double)fc.calls / N, secs);
    int sum = 0;
    for (int i = 0; i < pages; i++)
        sum += counts[i];
    g_assert_cmpint(sum, ==, N);
    /* the tail of the run is balanced */
    for (int i = MAX(0, pages - 4); i < pages; i++)
        g_assert_cmpint(counts[i], >=, 4);
    g_free(a);
    g_free(tw);
    g_free(counts);
}

/* Random shapes, areas, gaps, limits and captions: the invariants hold. */
static void test_random(void)
{
    GRand *rnd = g_rand_new_with_seed(17);
    double a[30], tw[30];
    int counts[30];
    for (int run = 0; run < 300; run++) {
        int n = g_rand_int_range(rnd, 1, 31);
        for (int i = 0; i < n; i++) {
            a[i] = exp(g_rand_double_range(rnd, log(0.3), log(3.5)));
            tw[i] = g_rand_double_range(rnd, 20, 400);
        }
        fake_caption fc = { .text_w = tw, .line_h = g_rand_double_range(rnd, 8, 24) };
        grid_params p = {
            .area_w_pt = g_rand_double_range(rnd, 100, 1000),
            .area_h_pt = g_rand_double_range(rnd, 60, 700),
            .gap_pt = g_rand_double_range(rnd, 0, 30),
            .caption_gap_pt = g_rand_double_range(rnd, 0, 10),
            .min_photo_h_pt = g_rand_double_range(rnd, 0, 200),
            .max_per_page = g_rand_int_range(rnd, 1, 13),
            .caption = caption_lines,
            .user = &fc,
        };
        if (run % 5 == 0)
            p.caption = caption_smooth;
        paginate(a, n, &p, counts, NULL);
    }
    g_rand_free(rnd);
}

/* 第17弾: L L P P L L P L, 6 a page: two pages of four. */
static void test_sample_017(void)
{
    static const double a[] = { 1.333, 1.333, 0.75, 0.75, 1.333, 1.333, 0.75, 1.333 };
    static const double tw[] = { 180, 210, 150, 170, 240, 160, 200, 130 };
    fake_caption fc = { .text_w = tw, .line_h = 16, .hi = 8 };
    grid_params p = params_017(&fc);
    grid_cell c[6];
    int counts[8];
    double areas[8];
    g_assert_cmpint(paginate(a, 8, &p, counts, areas), ==, 2);
    g_test_message("caption calls for the run: %d", fc.calls);
    g_assert_cmpint(counts[0], ==, 4);
    g_assert_cmpint(counts[1], ==, 4);
    for (int first = 0; first < 8;) {
        int k = grid_page(a, first, 8, &p, c);
        g_test_message("page of %d, area %.0f pt^2 (naive 3x2 %.0f)", k, page_area(c, k),
                       naive_3x2_area(a, first, k, &p));
        for (int i = 0; i < k; i++)
            g_test_message("  photo %d: x %.1f y %.1f w %.1f h %.1f | caption x %.1f y %.1f w "
                           "%.1f h %.1f",
                           first + i, c[i].x_pt, c[i].y_pt, c[i].w_pt, c[i].h_pt, c[i].cap_x_pt,
                           c[i].cap_y_pt, c[i].cap_w_pt, c[i].cap_h_pt);
        first += k;
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/grid/mixes", test_mixes);
    g_test_add_func("/grid/one-photo", test_one_photo);
    g_test_add_func("/grid/thirteen", test_thirteen);
    g_test_add_func("/grid/balance", test_balance);
    g_test_add_func("/grid/beats-naive-grid", test_beats_naive_grid);
    g_test_add_func("/grid/growing-captions", test_growing_captions);
    g_test_add_func("/grid/squeezed", test_squeezed);
    g_test_add_func("/grid/long-run", test_long_run);
    g_test_add_func("/grid/random", test_random);
    g_test_add_func("/grid/sample-017", test_sample_017);
    return g_test_run();
}
