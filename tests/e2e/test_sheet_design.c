/* test_sheet_design: Handout sheets in the page design: the sheet footer in
 * the face and size of the slides' own footer, in the design's colour for
 * secondary text; frames and rules in its rule colour; grey with --grayscale. */
#include "e2e.h"

static const char sheet_trip[] = "number: 3\nplace: 会津若松市\nperiod: 2023-10-02 .. 2023-10-04\ntraveler: 磐梯太郎\n\n"
                                 "[text]\nheading: 見出し\ntext: 本文です。\n";
/* A face, size and colours unlike the built-in design's, so that nothing
 * hard-coded can pass for them. BIZ UDGothic sets digits half-width where
 * BIZ UDPGothic's are 0.76 em. (Not Noto Sans CJK JP: cairo 1.16 leaks
 * 768 bytes subsetting it, which fails the sanitized run.) */
static const char sheet_layout[] = "base: default\nfont-body: BIZ UDGothic\nsize-footer: 14pt\n"
                                   "color-muted: #E00000\ncolor-rule: #00B000\n";

typedef struct word_box {
    double x0, y0, x1, y1;
} word_box;

/* The boxes of 'word' on page 'page' of 'pdf' (pdftotext -bbox), top to bottom. */
static GArray *word_boxes(const char *pdf, int page, const char *word)
{
    char *num = g_strdup_printf("%d", page);
    result r = RUN("pdftotext", "-bbox", "-f", num, "-l", num, pdf, "-");
    g_assert_cmpint(r.status, ==, 0);
    GArray *a = g_array_new(FALSE, FALSE, sizeof(word_box));
    char *tail = g_strdup_printf(">%s</word>", word);
    char **lines = g_strsplit(r.out, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        word_box b;
        if (strstr(lines[i], tail) &&
            sscanf(lines[i], " <word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &b.x0, &b.y0, &b.x1, &b.y1) == 4)
            g_array_append_val(a, b);
    }
    g_strfreev(lines);
    g_free(tail);
    g_free(num);
    result_clear(&r);
    return a;
}

static char *write_inputs(const char *dir, char **layout)
{
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, sheet_trip, -1, NULL));
    *layout = g_build_filename(dir, "design.layout", NULL);
    g_assert_true(g_file_set_contents(*layout, sheet_layout, -1, NULL));
    return trip;
}

/* The sheet footer is set like the slide's own footer (font-body at
 * size-footer): on a sheet of one slide, the slide is scaled to the
 * sheet's width less two 36 pt margins, so its footer's words are that much
 * smaller than the same words in the sheet footer, in width and height
 * alike (the same face: another face's words have other proportions). */
static void test_sheet_footer_face(void)
{
    char *dir = tmpdir(), *layout = NULL;
    char *trip = write_inputs(dir, &layout);
    char *pdf = g_build_filename(dir, "h1.pdf", NULL);
    result r = RUN(bin, "render", trip, "--layout", layout, "--handout", "1", "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    double scale = 841.8898 / (595.2756 - 72);
    const char *const words[] = { "旅する公務員", "第3弾" };
    for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
        GArray *a = word_boxes(pdf, 2, words[i]); /* sheet 2: the [text] slide's footer, then the sheet's */
        g_assert_cmpuint(a->len, ==, 2);
        const word_box *slide = &g_array_index(a, word_box, 0), *sheet = &g_array_index(a, word_box, 1);
        g_assert_cmpfloat(sheet->y0, >, 780); /* the sheet footer, near the sheet's bottom */
        double wr = (sheet->x1 - sheet->x0) / (slide->x1 - slide->x0);
        double hr = (sheet->y1 - sheet->y0) / (slide->y1 - slide->y0);
        g_assert_cmpfloat(fabs(wr / scale - 1), <, 0.01);
        g_assert_cmpfloat(fabs(hr / scale - 1), <, 0.01);
        g_array_unref(a);
    }
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_free(layout);
    g_free(dir);
}

typedef struct image {
    cairo_surface_t *s;
    double px_per_pt;
} image;

/* The pixel at (x, y) points as r, g, b. */
static void image_rgb(const image *im, double x, double y, int *r, int *g, int *b)
{
    int ix = (int)(x * im->px_per_pt), iy = (int)(y * im->px_per_pt);
    g_assert_true(ix >= 0 && iy >= 0 && ix < cairo_image_surface_get_width(im->s) &&
                  iy < cairo_image_surface_get_height(im->s));
    guint32 p = *((const guint32 *)(cairo_image_surface_get_data(im->s) + iy * cairo_image_surface_get_stride(im->s)) + ix);
    *r = (p >> 16) & 0xFF;
    *g = (p >> 8) & 0xFF;
    *b = p & 0xFF;
}

/* Of the pixels of the rectangle (points), the one with the largest
 * 'score' (r, g, b weights), into r, g, b. */
static void image_best(const image *im, double x0, double y0, double x1, double y1, int wr, int wg, int wb, int *r,
                       int *g, int *b)
{
    int best = G_MININT;
    double step = 1 / im->px_per_pt;
    for (double y = y0; y < y1; y += step)
        for (double x = x0; x < x1; x += step) {
            int pr, pg, pb;
            image_rgb(im, x, y, &pr, &pg, &pb);
            int s = wr * pr + wg * pg + wb * pb;
            if (s > best) {
                best = s;
                *r = pr;
                *g = pg;
                *b = pb;
            }
        }
}

/* The preview of sheet 1 of 'trip' at one slide a sheet, 144 dpi. */
static image sheet_preview(const char *dir, const char *trip, const char *layout, bool grey)
{
    char *pv = g_build_filename(dir, grey ? "pv-grey" : "pv", NULL);
    result r = grey ? RUN(bin, "render", trip, "--layout", layout, "--handout", "1", "--png", pv, "--dpi", "144",
                          "--pages", "1", "--grayscale")
                    : RUN(bin, "render", trip, "--layout", layout, "--handout", "1", "--png", pv, "--dpi", "144",
                          "--pages", "1");
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *base = g_path_get_basename(dir); /* …/NAME/trip.txt is report NAME */
    char *png = g_strdup_printf("%s/%s-01.png", pv, base);
    image im = { cairo_image_surface_create_from_png(png), 2 };
    g_assert_cmpint(cairo_surface_status(im.s), ==, CAIRO_STATUS_SUCCESS);
    g_free(png);
    g_free(base);
    g_free(pv);
    return im;
}

/* The sheet's colours are the design's: the footer text in color-muted,
 * the slide's frame and the footer's rule in color-rule; with --grayscale,
 * their greys. The frame's left edge is at x = 36 pt beside the slide's
 * middle, the footer's rule 4 pt above its text, which starts 40 pt above
 * the sheet's bottom. */
static void test_sheet_colours(void)
{
    char *dir = tmpdir(), *layout = NULL;
    char *trip = write_inputs(dir, &layout);
    const double H = 841.8898, fy = H - 40;
    for (int grey = 0; grey <= 1; grey++) {
        image im = sheet_preview(dir, trip, layout, grey);
        int r, g, b;
        /* The greenest pixel in colour, the darkest in grey. */
        int wr = -1, wg = grey ? -1 : 2, wb = -1;
        image_best(&im, 34, 200, 38, 202, wr, wg, wb, &r, &g, &b); /* the frame */
        if (grey) {
            g_assert_cmpint(ABS(r - g), <=, 2);
            g_assert_cmpint(ABS(g - b), <=, 2);
            g_assert_cmpint(r, <, 230);
        } else {
            g_assert_cmpint(g - r, >, 60);
            g_assert_cmpint(g - b, >, 60);
        }
        image_best(&im, 200, fy - 7, 202, fy - 1, wr, wg, wb, &r, &g, &b); /* the footer's rule */
        if (grey) {
            g_assert_cmpint(ABS(r - g), <=, 2);
            g_assert_cmpint(ABS(g - b), <=, 2);
            g_assert_cmpint(r, <, 230);
        } else {
            g_assert_cmpint(g - r, >, 60);
        }
        image_best(&im, 36, fy, 120, fy + 16, -1, -1, -1, &r, &g, &b); /* the footer text: its darkest pixel */
        if (grey) {
            g_assert_cmpint(ABS(r - g), <=, 2);
            g_assert_cmpint(ABS(g - b), <=, 2);
            g_assert_cmpint(r, <, 110); /* #E00000's grey is 67 */
        } else {
            g_assert_cmpint(r, >, 180);
            g_assert_cmpint(g, <, 60);
            g_assert_cmpint(b, <, 60);
        }
        cairo_surface_destroy(im.s);
    }
    rm_rf(dir);
    g_free(trip);
    g_free(layout);
    g_free(dir);
}

E2E_TESTS(add_sheet_design_tests, 55)
{
    g_test_add_func("/e2e/sheet-design/footer-face", test_sheet_footer_face);
    g_test_add_func("/e2e/sheet-design/colours", test_sheet_colours);
}
