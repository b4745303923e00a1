/* test_verify_order: the photos are read through at once, on threads, but
 * what is said of them is not changed by it: whichever of eight phone-size
 * photos are damaged, each is an error at its own 'photo:' line (a warning
 * with --draft), in the file's order, and the same words run after run. */
#include "e2e.h"

#define N 8
#define AGAIN "; copy the photo again from the camera or phone"

static const char *const sample[N] = {
    "01-city-hall.jpg", "02-counter.jpg", "03-temporary.jpg", "04-space.jpg",
    "05-assembly.jpg",  "06-history.jpg", "07-gallery.jpg",   "08-sunrise.jpg",
};

/* photos/wI.jpg: the sample's photo I whole; photos/dI.jpg: cut at its own
 * place, the EOI put back. */
static void make_photos(const char *dir)
{
    char *photos = g_build_filename(dir, "photos", NULL);
    g_assert_cmpint(g_mkdir(photos, 0755), ==, 0);
    for (int i = 0; i < N; i++) {
        char *src = g_build_filename("out/samples/017-matsue/photos", sample[i], NULL);
        gsize len = 0;
        char *b = file_bytes(src, &len);
        char *w = g_strdup_printf("%s/w%d.jpg", photos, i), *d = g_strdup_printf("%s/d%d.jpg", photos, i);
        g_assert_true(g_file_set_contents(w, b, (gssize)len, NULL));
        gsize cut = len / 4 + (gsize)i * len / 12;
        b[cut] = (char)0xFF;
        b[cut + 1] = (char)0xD9;
        g_assert_true(g_file_set_contents(d, b, (gssize)cut + 2, NULL));
        g_free(w);
        g_free(d);
        g_free(b);
        g_free(src);
    }
    g_free(photos);
}

/* trip-NAME.txt: photo I on line 7 + 2I, damaged where 'damaged' has bit I. */
static char *make_trip(const char *dir, unsigned damaged)
{
    GString *t = g_string_new("number: 1\nplace: 島根県\nperiod: 2024-02-07\ntraveler: 磐梯太郎\n[photos]\nheading: 写真\n");
    for (int i = 0; i < N; i++)
        g_string_append_printf(t, "photo: photos/%c%d.jpg\ncaption: 写真 %d\n", damaged & (1u << i) ? 'd' : 'w', i, i);
    char *name = g_strdup_printf("trip-%02x.txt", damaged);
    char *path = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(path, t->str, -1, NULL));
    g_free(path);
    g_string_free(t, TRUE);
    return name;
}

/* 'err' is one line for each damaged photo, in the file's order, at its
 * line, column 8: "runs out at about row R of the H", R below H. */
static void assert_in_order(const char *err, const char *trip, unsigned damaged, bool draft)
{
    char **lines = g_strsplit(err, "\n", -1);
    int k = 0;
    for (int i = 0; i < N; i++) {
        if (!(damaged & (1u << i)))
            continue;
        char *head = g_strdup_printf("%s:%d:8: %s: image 'photos/d%d.jpg' is a damaged JPEG: its picture data runs "
                                     "out at about row ",
                                     trip, 7 + 2 * i, draft ? "warning" : "error", i);
        if (!lines[k] || !g_str_has_prefix(lines[k], head))
            g_error("photo %d: wanted line %d to start '%s' in:\n%s", i, k + 1, head, err);
        int row = 0, h = 0;
        g_assert_cmpint(sscanf(lines[k] + strlen(head), "%d of the %d", &row, &h), ==, 2);
        g_assert_cmpint(row, >, 0);
        g_assert_cmpint(row, <, h);
        g_assert_nonnull(strstr(lines[k], draft ? AGAIN "; a placeholder is drawn instead (--draft)" : AGAIN));
        g_free(head);
        k++;
    }
    /* Nothing else said of the photos (render --draft adds its summary). */
    for (; lines[k]; k++)
        g_assert_null(strstr(lines[k], "photos/"));
    g_strfreev(lines);
}

static void test_verify_order(void)
{
    char *dir = tmpdir();
    make_photos(dir);
    char *prog = abs_path(bin);
    /* The first, the last, every other, all. */
    const unsigned sets[] = { 1u, 1u << (N - 1), 0x55, 0xFF };
    for (guint s = 0; s < G_N_ELEMENTS(sets); s++) {
        char *trip = make_trip(dir, sets[s]);
        char *first = NULL;
        for (int run = 0; run < 3; run++) {
            result r = run_in(dir, (const char *const[]){ prog, "check", trip, NULL });
            g_assert_cmpint(r.status, ==, 1);
            assert_in_order(r.err, trip, sets[s], false);
            if (!first)
                first = g_strdup(r.err);
            else
                g_assert_cmpstr(r.err, ==, first);
            result_clear(&r);
        }
        /* render reads the photos through while it lays the report out, and
         * asks for the answers before it draws: the same messages, and no
         * PDF. */
        char *pdf = g_build_filename(dir, "never.pdf", NULL);
        result r = run_in(dir, (const char *const[]){ prog, "render", trip, "-o", pdf, NULL });
        g_assert_cmpint(r.status, ==, 1);
        g_assert_cmpstr(r.err, ==, first);
        g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
        result_clear(&r);
        g_free(pdf);
        g_free(first);
        g_free(trip);
    }
    /* A damaged photo and a mistake the trip's reading finds after it: both
     * said, in the file's order, by render as by check. */
    {
        char *base = make_trip(dir, 0x02);
        char *path = g_build_filename(dir, base, NULL);
        char *text = file_bytes(path, NULL);
        char *more = g_strconcat(text, "colums: 2\n", NULL);
        g_assert_true(g_file_set_contents(path, more, -1, NULL));
        for (int k = 0; k < 2; k++) {
            result r = run_in(dir, (const char *const[]){ prog, k ? "render" : "check", base, "-o", "x.pdf", NULL });
            if (k == 0) { /* check takes no -o */
                result_clear(&r);
                r = run_in(dir, (const char *const[]){ prog, "check", base, NULL });
            }
            g_assert_cmpint(r.status, ==, 1);
            const char *photo = strstr(r.err, ":9:8: error: image 'photos/d1.jpg' is a damaged JPEG");
            const char *key = strstr(r.err, ":23:1: error: unknown key 'colums'");
            if (!photo || !key || key < photo)
                g_error("%s: wanted the photo's error, then the key's:\n%s", k ? "render" : "check", r.err);
            result_clear(&r);
        }
        g_free(more);
        g_free(text);
        g_free(path);
        g_free(base);
    }
    /* --draft: warnings, in order, and the PDF with the whole ones. */
    char *trip = make_trip(dir, 0x96);
    char *pdf = g_build_filename(dir, "r.pdf", NULL);
    result r = run_in(dir, (const char *const[]){ prog, "render", "--draft", trip, "-o", pdf, NULL });
    g_assert_cmpint(r.status, ==, 0);
    assert_in_order(r.err, trip, 0x96, true);
    result_clear(&r);
    r = RUN("pdfimages", "-list", pdf);
    int jpegs = 0;
    for (const char *p = r.out; (p = strstr(p, " jpeg ")); p++)
        jpegs++;
    g_assert_cmpint(jpegs, ==, 4);
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_free(prog);
    g_free(dir);
}

E2E_TESTS(add_verify_order_tests, 37)
{
    g_test_add_func("/e2e/verify-order/damaged-in-file-order", test_verify_order);
}
