/* test_photos: Photos: passthrough, orientation, downsampling, bad image files. */
#include "e2e.h"

static const char *const sample_photos[] = {
    "01-city-hall.jpg", "02-counter.jpg", "03-temporary.jpg", "04-space.jpg",
    "05-assembly.jpg",  "06-history.jpg", "07-gallery.jpg",   "08-sunrise.jpg",
};

/* pdfimages -list: every photo is a jpeg at its stored size, once. */
static void test_photos_listed(void)
{
    result r = RUN("pdfimages", "-list", render_sample());
    g_assert_cmpint(r.status, ==, 0);
    int jpegs = 0, big = 0, tall = 0, png = 0;
    char **lines = g_strsplit(r.out, "\n", -1);
    for (int i = 2; lines[i]; i++) {
        int page, num, w, h;
        char type[16], enc[16];
        if (sscanf(lines[i], "%d %d %15s %d %d %*s %*d %*d %15s", &page, &num, type, &w, &h, enc) != 6)
            continue;
        if (strcmp(enc, "jpeg") == 0) {
            jpegs++;
            big += w == 4032 && h == 3024;
            tall += w == 3024 && h == 4032;
        } else if (w == 1600 && h == 1200) {
            png++;
        }
    }
    g_strfreev(lines);
    /* 6 stored landscape (04 is landscape with EXIF 6), 2 portrait, 1 map. */
    g_assert_cmpint(jpegs, ==, 8);
    g_assert_cmpint(big, ==, 6);
    g_assert_cmpint(tall, ==, 2);
    g_assert_cmpint(png, ==, 1);
    result_clear(&r);
}

/* The offset of the first segment after the JPEG's APPn and COM segments
 * (the image from its tables on), walking from SOI; 0 if there is none. */
static gsize image_start(const guint8 *b, gsize len)
{
    gsize off = 2;
    while (off + 4 <= len && b[off] == 0xFF && ((b[off + 1] >= 0xE0 && b[off + 1] <= 0xEF) || b[off + 1] == 0xFE))
        off += 2 + ((gsize)b[off + 2] << 8 | b[off + 3]);
    return off + 4 <= len ? off : 0;
}

/* A hash of the JPEG 'b' from its tables on (the metadata segments in
 * front may go: test_photo_metadata.c). Caller frees. */
static char *image_sum(const char *b, gsize len)
{
    gsize at = image_start((const guint8 *)b, len);
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)b + at, len - at);
}

/* pdfimages -j gives back each photo's own bytes (less its metadata
 * segments), and the PDF is not much more than its photos. */
static void test_photos_passthrough(void)
{
    char *dir = tmpdir();
    char *prefix = g_build_filename(dir, "img", NULL);
    result r = RUN("pdfimages", "-j", render_sample(), prefix);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    GHashTable *extracted = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GDir *gd = g_dir_open(dir, 0, NULL);
    const char *n;
    while ((n = g_dir_read_name(gd))) {
        if (!g_str_has_suffix(n, ".jpg"))
            continue;
        char *path = g_build_filename(dir, n, NULL);
        char *bytes = NULL;
        gsize len = 0;
        g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
        g_hash_table_add(extracted, image_sum(bytes, len));
        g_free(bytes);
        g_free(path);
    }
    g_dir_close(gd);
    gsize photo_bytes = 0;
    for (guint i = 0; i < G_N_ELEMENTS(sample_photos); i++) {
        char *path = g_build_filename("samples/017-matsue/photos", sample_photos[i], NULL);
        char *bytes = NULL;
        gsize len = 0;
        g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
        photo_bytes += len;
        char *sum = image_sum(bytes, len);
        if (!g_hash_table_contains(extracted, sum))
            g_test_message("%s is not in the PDF byte for byte", path);
        g_assert_true(g_hash_table_contains(extracted, sum));
        g_free(sum);
        g_free(bytes);
        g_free(path);
    }
    g_assert_cmpuint(g_hash_table_size(extracted), ==, G_N_ELEMENTS(sample_photos));
    g_hash_table_unref(extracted);
    GStatBuf st;
    g_assert_cmpint(g_stat(render_sample(), &st), ==, 0);
    GStatBuf map;
    g_assert_cmpint(g_stat("samples/017-matsue/photos/matsue-map.png", &map), ==, 0);
    /* Photos + map (re-compressed by cairo, at most its file size again)
     * + fonts and pages: well under 300 KB on top. */
    g_test_message("PDF %ld bytes, photos %zu bytes, map %ld bytes", (long)st.st_size, photo_bytes, (long)map.st_size);
    g_assert_cmpint(st.st_size, <=, (gint64)photo_bytes + 2 * map.st_size + 300 * 1024);
    rm_rf(dir);
    g_free(prefix);
    g_free(dir);
}

/* Every EXIF orientation: the fixture's top half is red, its bottom half
 * blue, once shown upright; on the rendered page red is above blue where
 * each photo sits, and the photo box is landscape (160 × 120 shown). */
static void test_photos_orientation(void)
{
    char *dir = tmpdir();
    GString *t = g_string_new("number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n\n[photos]\nheading: 向き\n");
    char *fx = abs_path("out/fixtures");
    for (int i = 1; i <= 8; i++)
        g_string_append_printf(t, "photo: %s/orient-%d.jpg\ncaption: EXIF %d\n", fx, i, i);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    char *pdf = g_build_filename(dir, "o.pdf", NULL);
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN(bin, "render", "--dump", trip);
    g_assert_cmpint(r.status, ==, 0);
    char **lines = g_strsplit(r.out, "\n", -1);
    int page = 0, seen = 0;
    pixmap pm = { 0, 0, NULL };
    for (int i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], "page ")) {
            page = atoi(lines[i] + 5);
            g_free(pm.rgb);
            pm = render_page(pdf, page, dir);
            continue;
        }
        double x, y, w, h;
        char path[512];
        if (sscanf(lines[i], "  image photo %lf %lf %lf %lf %511s", &x, &y, &w, &h, path) != 5)
            continue;
        /* Shown landscape like the upright picture (4:3). */
        g_assert_cmpfloat(fabs(w / h - 4.0 / 3.0), <, 0.01);
        int rr, gg, bb;
        pixel(&pm, x + w / 2, y + h / 4, &rr, &gg, &bb);
        if (!(rr > 200 && bb < 60))
            g_test_message("%s: top is %d,%d,%d, not red", path, rr, gg, bb);
        g_assert_true(rr > 200 && bb < 60);
        pixel(&pm, x + w / 2, y + h * 3 / 4, &rr, &gg, &bb);
        if (!(bb > 200 && rr < 60))
            g_test_message("%s: bottom is %d,%d,%d, not blue", path, rr, gg, bb);
        g_assert_true(bb > 200 && rr < 60);
        seen++;
    }
    g_assert_cmpint(seen, ==, 8);
    g_free(pm.rgb);
    g_strfreev(lines);
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_free(fx);
    g_string_free(t, TRUE);
    g_free(dir);
}

/* --image-dpi 150: a much smaller PDF whose images are at most 150 dpi
 * where they sit; photos stay JPEG. */
static void test_photos_image_dpi(void)
{
    char *dir = tmpdir();
    char *pdf = g_build_filename(dir, "s150.pdf", NULL);
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--image-dpi", "150", "--jpeg-quality", "80", "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    GStatBuf small, full;
    g_assert_cmpint(g_stat(pdf, &small), ==, 0);
    g_assert_cmpint(g_stat(render_sample(), &full), ==, 0);
    g_test_message("PDF %ld bytes at --image-dpi 150, %ld bytes passed through", (long)small.st_size, (long)full.st_size);
    g_assert_cmpint(small.st_size * 10, <, full.st_size);
    r = RUN("pdfimages", "-list", pdf);
    char **lines = g_strsplit(r.out, "\n", -1);
    int images = 0, jpegs = 0;
    for (int i = 2; lines[i]; i++) {
        char enc[16];
        int xppi = 0, yppi = 0;
        if (sscanf(lines[i], "%*d %*d %*s %*d %*d %*s %*d %*d %15s %*s %*d %*d %d %d", enc, &xppi, &yppi) != 3)
            continue;
        images++;
        jpegs += strcmp(enc, "jpeg") == 0;
        g_assert_cmpint(xppi, <=, 151);
        g_assert_cmpint(yppi, <=, 151);
    }
    g_assert_cmpint(images, ==, 9);
    g_assert_cmpint(jpegs, ==, 8);
    g_strfreev(lines);
    result_clear(&r);
    r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--jpeg-quality", "0", "-o", pdf);
    g_assert_cmpint(r.status, ==, 2);
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* Every broken or unsupported image from the generator: an error at its
 * photo's line that says what it is; memory stays small whatever a header
 * claims (the 60000×60000 one). */
static void test_photos_bad_fixtures(void)
{
    static const struct {
        const char *file, *says;
    } cases[] = {
        { "empty.jpg", "is empty (0 bytes)" },
        { "truncated.jpg", "is a truncated or damaged JPEG" },
        { "huge-header.jpg", "claims 60000×60000 pixels, more than the 50-megapixel limit" },
        { "not-image.jpg", "is not an image" },
        { "fake.heic", "is a HEIC photo, which PDF cannot hold: convert it to JPEG" },
        { "fake.webp", "is a WebP image" },
        { "fake.gif", "is a GIF image" },
        { "truncated.png", "is a truncated or damaged PNG" },
    };
    char *dir = tmpdir();
    char *fx = abs_path("out/fixtures");
    GString *t = g_string_new("number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n\n[photos]\nheading: h\n");
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
        g_string_append_printf(t, "photo: %s/%s\ncaption: c\n", fx, cases[i].file);
    /* A PNG named .jpg and a JPEG named .png are fine: read by their bytes. */
    g_string_append_printf(t, "photo: %s/png-as-jpg.jpg\ncaption: c\nphoto: %s/jpg-as-png.png\ncaption: c\n", fx, fx);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    result r = RUN(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 1);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *want = g_strdup_printf("%s:%u:8: error: image '%s/%s' %s", trip, 8 + 2 * i, fx, cases[i].file, cases[i].says);
        if (!strstr(r.err, want))
            g_test_message("missing: %s", want);
        g_assert_nonnull(strstr(r.err, want));
        g_free(want);
    }
    g_assert_null(strstr(r.err, "png-as-jpg"));
    g_assert_null(strstr(r.err, "jpg-as-png"));
    result_clear(&r);
    char *pdf = g_build_filename(dir, "d.pdf", NULL);
    r = RUN(bin, "render", "--draft", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN("pdfimages", "-list", pdf);
    /* The two good ones: a PNG (flate) and a JPEG passed through. */
    g_assert_nonnull(strstr(r.out, " jpeg "));
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_string_free(t, TRUE);
    g_free(fx);
    g_free(dir);
}

E2E_TESTS(add_photos_tests, 20)
{
    g_test_add_func("/e2e/photos/listed", test_photos_listed);
    g_test_add_func("/e2e/photos/passthrough", test_photos_passthrough);
    g_test_add_func("/e2e/photos/orientation", test_photos_orientation);
    g_test_add_func("/e2e/photos/image-dpi", test_photos_image_dpi);
    g_test_add_func("/e2e/photos/bad-fixtures", test_photos_bad_fixtures);
}
