/* test_handout: Handouts, PNG previews, grey prints. */
#include "e2e.h"

static int distinct_jpegs(const char *pdf, int *uses)
{
    result r = RUN("pdfimages", "-list", pdf);
    GHashTable *objects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char **lines = g_strsplit(r.out, "\n", -1);
    *uses = 0;
    for (int i = 2; lines[i]; i++) {
        char enc[16];
        int obj = 0;
        if (sscanf(lines[i], "%*d %*d %*s %*d %*d %*s %*d %*d %15s %*s %d", enc, &obj) != 2 || strcmp(enc, "jpeg") != 0)
            continue;
        (*uses)++;
        g_hash_table_add(objects, g_strdup_printf("%d", obj));
    }
    g_strfreev(lines);
    result_clear(&r);
    int n = (int)g_hash_table_size(objects);
    g_hash_table_unref(objects);
    return n;
}

/* --handout K: A4 portrait sheets, ceil(11 / K) of them, all the slides'
 * text, each photo one shared JPEG, a footer with the number and date. */
static void test_handouts(void)
{
    char *dir = tmpdir();
    const int ks[] = { 1, 2, 3, 4, 6 };
    for (guint i = 0; i < G_N_ELEMENTS(ks); i++) {
        char *k = g_strdup_printf("%d", ks[i]);
        char *pdf = g_strdup_printf("%s/h%d.pdf", dir, ks[i]);
        result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--handout", k, "-o", pdf);
        g_assert_cmpint(r.status, ==, 0);
        result_clear(&r);
        r = RUN("pdfinfo", pdf);
        g_assert_nonnull(strstr(r.out, "Page size:       595.276 x 841.89 pts (A4)"));
        result_clear(&r);
        int sheets = (11 + ks[i] - 1) / ks[i];
        g_assert_cmpint(pdf_pages(pdf), ==, sheets);
        char *text = pdftotext(pdf);
        /* Slides side by side (4, 6) share baselines and interleave in
         * pdftotext's reading order; in the order they are drawn (-raw)
         * every slide's lines come whole, on every sheet. */
        result raw = RUN("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-");
        g_assert_cmpint(raw.status, ==, 0);
        assert_seed_in(raw.out, false);
        result_clear(&raw);
        char *foot = g_strdup_printf("旅する公務員 第17弾 — %d / %d", sheets, sheets);
        g_assert_nonnull(strstr(text, foot));
        g_assert_nonnull(strstr(text, "2024年2月20日"));
        g_free(foot);
        g_free(text);
        int uses = 0;
        g_assert_cmpint(distinct_jpegs(pdf, &uses), ==, 8);
        g_assert_cmpint(uses, ==, 8);
        g_free(pdf);
        g_free(k);
    }
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--handout", "5", "-o", "/dev/null");
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "--handout takes 1, 2, 3, 4 or 6"));
    result_clear(&r);
    rm_rf(dir);
    g_free(dir);
}

static void png_size(const char *path, int *w, int *h)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    *w = cairo_image_surface_get_width(s);
    *h = cairo_image_surface_get_height(s);
    cairo_surface_destroy(s);
}

/* --png: a PNG a page (or a sheet) at the asked resolution, a range with
 * --pages, photos decoded upright. */
static void test_previews(void)
{
    char *dir = tmpdir();
    char *pv = g_build_filename(dir, "pv", NULL);
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--png", pv, "--dpi", "50");
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    for (int i = 1; i <= 11; i++) {
        char *f = g_strdup_printf("%s/017-matsue-%02d.png", pv, i);
        int w, h;
        png_size(f, &w, &h);
        g_assert_cmpint(w, ==, (int)ceil(841.8897 * 50 / 72));
        g_assert_cmpint(h, ==, (int)ceil(595.2756 * 50 / 72));
        g_free(f);
    }
    char *f12 = g_strdup_printf("%s/017-matsue-12.png", pv);
    g_assert_false(g_file_test(f12, G_FILE_TEST_EXISTS));
    g_free(f12);
    rm_rf(pv);
    r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--png", pv, "--pages", "3-5", "--handout", "1");
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    GDir *gd = g_dir_open(pv, 0, NULL);
    int n = 0;
    const char *name;
    while ((name = g_dir_read_name(gd))) {
        n++;
        g_assert_true(strcmp(name, "017-matsue-03.png") == 0 || strcmp(name, "017-matsue-04.png") == 0 ||
                      strcmp(name, "017-matsue-05.png") == 0);
        char *f = g_build_filename(pv, name, NULL);
        int w, h;
        png_size(f, &w, &h);
        g_assert_cmpint(w, ==, (int)ceil(595.2756 * 96 / 72)); /* a portrait sheet at 96 dpi */
        g_assert_cmpint(h, ==, (int)ceil(841.8897 * 96 / 72));
        g_free(f);
    }
    g_dir_close(gd);
    g_assert_cmpint(n, ==, 3);
    r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--pages", "3");
    g_assert_cmpint(r.status, ==, 2); /* --pages needs --png */
    result_clear(&r);
    /* Photos decoded upright: the EXIF fixtures, red above blue. */
    GString *t = g_string_new("number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n\n[photos]\nheading: 向き\n");
    char *fx = abs_path("out/fixtures");
    g_string_append_printf(t, "photo: %s/orient-6.jpg\ncaption: EXIF 6\nphoto: %s/orient-3.jpg\ncaption: EXIF 3\n", fx, fx);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    char *pv2 = g_build_filename(dir, "pv2", NULL);
    r = RUN(bin, "render", trip, "--png", pv2, "--dpi", "72", "--pages", "2");
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN(bin, "render", "--dump", trip);
    char *base = g_path_get_basename(dir); /* …/NAME/trip.txt is report NAME */
    char *png = g_strdup_printf("%s/%s-02.png", pv2, base);
    g_free(base);
    cairo_surface_t *s = cairo_image_surface_create_from_png(png);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    int stride = cairo_image_surface_get_stride(s);
    const guchar *px = cairo_image_surface_get_data(s);
    char **lines = g_strsplit(r.out, "\n", -1);
    int seen = 0;
    for (int i = 0; lines[i]; i++) {
        double x, y, w, h;
        if (sscanf(lines[i], "  image photo %lf %lf %lf %lf", &x, &y, &w, &h) != 4)
            continue;
        const guint32 *top = (const guint32 *)(px + (int)(y + h / 4) * stride) + (int)(x + w / 2);
        const guint32 *bot = (const guint32 *)(px + (int)(y + 3 * h / 4) * stride) + (int)(x + w / 2);
        g_assert_cmpuint((*top >> 16) & 0xFF, >, 200); /* red */
        g_assert_cmpuint(*top & 0xFF, <, 60);
        g_assert_cmpuint(*bot & 0xFF, >, 200);         /* blue */
        g_assert_cmpuint((*bot >> 16) & 0xFF, <, 60);
        seen++;
    }
    g_assert_cmpint(seen, ==, 2);
    g_strfreev(lines);
    cairo_surface_destroy(s);
    result_clear(&r);
    g_free(png);
    g_free(pv2);
    g_free(trip);
    g_free(fx);
    g_string_free(t, TRUE);
    rm_rf(dir);
    g_free(pv);
    g_free(dir);
}

/* --grayscale: colours grey, photos still passed through in colour;
 * --grayscale-photos: photos grey JPEGs too. */
static void test_grayscale(void)
{
    char *dir = tmpdir();
    char *a = g_build_filename(dir, "g.pdf", NULL), *b = g_build_filename(dir, "gp.pdf", NULL);
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--grayscale", "-o", a);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--grayscale-photos", "-o", b);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    /* The heading band of page 2, rendered: grey, not navy. */
    pixmap pm = render_page(a, 2, dir);
    int rr, gg, bb;
    pixel(&pm, 10, 10, &rr, &gg, &bb);
    g_assert_cmpint(ABS(rr - bb), <=, 2);
    g_assert_cmpint(ABS(rr - gg), <=, 2);
    g_assert_cmpint(rr, <, 100);
    g_free(pm.rgb);
    r = RUN("pdfimages", "-list", a);
    g_assert_nonnull(strstr(r.out, "rgb     3   8  jpeg"));
    g_assert_null(strstr(r.out, "gray    1   8  jpeg"));
    result_clear(&r);
    r = RUN("pdfimages", "-list", b);
    g_assert_nonnull(strstr(r.out, "gray    1   8  jpeg"));
    g_assert_null(strstr(r.out, "rgb     3   8  jpeg"));
    result_clear(&r);
    rm_rf(dir);
    g_free(a);
    g_free(b);
    g_free(dir);
}

/* Batch and volume take --handout too. */
static void test_handout_batch_volume(void)
{
    char *dir = make_series();
    char *out = out_of(dir);
    result r = RUN(bin, "batch", dir, "-o", out, "--handout", "2");
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0, failed 2"));
    result_clear(&r);
    char *pdf = g_build_filename(out, "002-kitakata.pdf", NULL);
    r = RUN("pdfinfo", pdf);
    g_assert_nonnull(strstr(r.out, "Page size:       595.276 x 841.89 pts (A4)"));
    g_assert_nonnull(strstr(r.out, "Pages:           2\n")); /* 3 slides, 2 a sheet */
    result_clear(&r);
    char *vol = g_build_filename(dir, "v.pdf", NULL);
    r = RUN(bin, "volume", dir, "-o", vol, "--handout", "6");
    result_clear(&r);
    g_assert_cmpint(pdf_pages(vol), ==, 2); /* 10 slides, 6 a sheet */
    g_free(vol);
    g_free(pdf);
    rm_rf(dir);
    g_free(out);
    g_free(dir);
}

E2E_TESTS(add_handout_tests, 50)
{
    g_test_add_func("/e2e/handout/sheets", test_handouts);
    g_test_add_func("/e2e/handout/previews", test_previews);
    g_test_add_func("/e2e/handout/grayscale", test_grayscale);
    g_test_add_func("/e2e/handout/batch-and-volume", test_handout_batch_volume);
}
