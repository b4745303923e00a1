/* Unit tests for image_estimate.c: the size a PDF would have at 150 dpi,
 * computed from its photos alone, against the PDF really made at 150 dpi
 * (to the byte for JPEGs); one stream per photo and size; what is
 * remembered; and the size note of a report made that way, without a
 * second render. */
#include "imagetest.h"

#include "diag.h"
#include "image_estimate.h"
#include "image_verify_pool.h"
#include "report.h"

#include <math.h>

typedef struct drawing {
    const char *path;
    double w, h;
    bool cover;
} drawing;

/* Draws the 'n' drawings, one a page, into 'pdf' through one cache
 * downsampling to 'dpi' (0: none), recording them in 'est' when given. The
 * PDF's size. */
static gint64 draw_scene(const char *pdf, const drawing *d, int n, int dpi, image_estimate *est)
{
    image_cache *c = image_cache_new();
    if (dpi > 0)
        image_cache_set_downsample(c, dpi, 0);
    if (est)
        image_estimate_attach(c, est);
    cairo_surface_t *s = pdf_new(pdf, 400, 300);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-04-01T09:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    for (int i = 0; i < n; i++) {
        draw_ok(c, cr, d[i].path, 10, 10, d[i].w, d[i].h, d[i].cover, false);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    image_cache_free(c);
    pdf_close(s);
    return (gint64)file_size(pdf);
}

/* The estimate for the drawings against the PDF made at 150 dpi: their
 * difference in bytes. */
static gint64 estimate_error(const drawing *d, int n, gint64 *real)
{
    char *full = path_of("est-full.pdf"), *small = path_of("est-150.pdf");
    image_estimate *est = image_estimate_new(150, 0);
    gint64 full_size = draw_scene(full, d, n, 0, est);
    GError *err = NULL;
    gint64 guess = image_estimate_pdf_size(est, full, &err);
    g_assert_no_error(err);
    image_estimate_free(est);
    *real = draw_scene(small, d, n, 150, NULL);
    g_test_message("PDF %" G_GINT64_FORMAT " bytes; at 150 dpi %" G_GINT64_FORMAT ", estimated %" G_GINT64_FORMAT,
                   full_size, *real, guess);
    g_assert_cmpint(*real, <, full_size);
    g_free(full);
    g_free(small);
    return guess - *real;
}

/* JPEGs: a photo sharper than 150 dpi drawn twice at one size (one stream
 * in both PDFs), one that is not (it stays as it is): the estimate is the
 * PDF at 150 dpi to the byte, and it made the reduced photo once. */
static void test_estimate_jpeg_exact(void)
{
    char *small = noise_jpeg("est-small.jpg", 200, 150, 7, 1, 0);
    drawing d[] = { { big_photo(), 300, 225, false }, { small, 300, 225, false }, { big_photo(), 300, 225, false } };
    int made0 = 0, made1 = 0;
    image_estimate_test_stats(NULL, &made0, NULL);
    gint64 real;
    g_assert_cmpint(estimate_error(d, 3, &real), ==, 0);
    image_estimate_test_stats(NULL, &made1, NULL);
    g_assert_cmpint(made1 - made0, ==, 1);
    g_free(small);
}

/* A PNG (decoded: cairo compresses its pixels) reduced: its objects are
 * measured as cairo writes them; the page's drawing operators hold the
 * image's size in pixels, so a few bytes of its compressed content may
 * differ. And a photo drawn at two sizes becomes two objects: close. */
static void test_estimate_png_and_two_sizes(void)
{
    char *png = upright_png("est-upright.png"); /* 160×120 */
    drawing d[] = { { png, 30, 22.5, false }, { big_photo(), 300, 225, false } };
    gint64 real;
    gint64 e = estimate_error(d, 2, &real);
    g_assert_cmpint(llabs(e), <=, 64);
    drawing two[] = { { big_photo(), 300, 225, false }, { big_photo(), 150, 150, true } };
    e = estimate_error(two, 2, &real);
    g_assert_cmpint(llabs(e), <=, 200);
    g_free(png);
}

/* Estimated again with the files unchanged, nothing is made again (watch
 * saves the trip again and again); a photo changed is made anew. */
static void test_estimate_remembered(void)
{
    char *photo = noise_jpeg("est-again.jpg", 1600, 1200, 11, 1, 0);
    drawing d[] = { { photo, 200, 150, false } };
    gint64 real;
    int made0, made1, kept0, kept1;
    g_assert_cmpint(estimate_error(d, 1, &real), ==, 0);
    image_estimate_test_stats(NULL, &made0, &kept0);
    g_assert_cmpint(estimate_error(d, 1, &real), ==, 0);
    image_estimate_test_stats(NULL, &made1, &kept1);
    g_assert_cmpint(made1, ==, made0);
    g_assert_cmpint(kept1, ==, kept0 + 1);
    g_free(noise_jpeg("est-again.jpg", 1600, 1200, 12, 1, 0)); /* another photo, same name */
    g_assert_cmpint(estimate_error(d, 1, &real), ==, 0);
    image_estimate_test_stats(NULL, &made0, &kept0);
    g_assert_cmpint(made0, ==, made1 + 1);
    g_assert_cmpint(kept0, ==, kept1);
    g_free(photo);
}

/* The size note of a report over its pdf-size-limit: its figure is what
 * --image-dpi 150 makes, and it came from one estimate (no second render
 * of the pages, which would not count here). */
static void test_estimate_report_note(void)
{
    char *text = g_strdup_printf("number: 18\nplace: 福島県磐梯町\nperiod: 2024-06-03 .. 2024-06-05\n"
                                 "traveler: 磐梯太郎\n\n[photos]\nheading: 写真\nphoto: %s\ncaption: 市役所\n",
                                 big_photo());
    char *trip = write_fixture("trip.txt", text, strlen(text));
    const char *limit = "pdf-size-limit: 0.1\n";
    char *layout = write_fixture("small.layout", limit, strlen(limit));
    char *pdf = path_of("report.pdf"), *pdf150 = path_of("report-150.pdf");
    report_options o;
    memset(&o, 0, sizeof o);
    o.layout = layout;
    o.size_note = true;
    int est0, est1, made0, made1;
    image_estimate_test_stats(&est0, &made0, NULL);
    diag_list *d = diag_list_new();
    g_assert_true(report_render(trip, pdf, &o, d, NULL));
    image_estimate_test_stats(&est1, &made1, NULL);
    g_assert_cmpint(est1, ==, est0 + 1);
    g_assert_cmpint(made1, ==, made0 + 1);
    const char *said = NULL;
    for (guint i = 0; i < d->msgs->len && !said; i++) {
        char *m = diag_format(g_ptr_array_index(d->msgs, i));
        const char *at = strstr(m, "with --image-dpi 150 it is ");
        if (at)
            said = g_intern_string(at + strlen("with --image-dpi 150 it is "));
        g_free(m);
    }
    g_assert_nonnull(said);
    diag_list_free(d);
    o.image_dpi = 150;
    d = diag_list_new();
    g_assert_true(report_render(trip, pdf150, &o, d, NULL));
    image_estimate_test_stats(&est0, NULL, NULL);
    g_assert_cmpint(est0, ==, est1); /* already at 150 dpi: no note, no estimate */
    diag_list_free(d);
    double mb = (double)file_size(pdf150) / 1e6;
    g_test_message("note: %s; at 150 dpi %.3f MB", said, mb);
    g_assert_cmpfloat(fabs(g_ascii_strtod(said, NULL) - mb), <=, 0.051);
    g_free(pdf150);
    g_free(pdf);
    g_free(layout);
    g_free(trip);
    g_free(text);
}

/* The first diagnostic of 'd' with 'part' in it, formatted (owned by
 * GLib's string pool), or NULL. */
static const char *said_with(diag_list *d, const char *part)
{
    for (guint i = 0; i < d->msgs->len; i++) {
        char *m = diag_format(g_ptr_array_index(d->msgs, i));
        const char *s = strstr(m, part) ? g_intern_string(m) : NULL;
        g_free(m);
        if (s)
            return s;
    }
    return NULL;
}

/* A report sure to get the size note (its photos alone over the limit):
 * each photo is read through once, in the decode that makes its image for
 * the note (not once more to check it), made ahead from where the layout
 * puts it (the same size as drawn, a photo cropped to fill its cell
 * too: none made twice), and the note is said; a damaged one among them
 * is an error at its line, and the PDF already there is left as it was. */
static void test_estimate_report_one_decode(void)
{
    char *photos[4];
    for (int i = 0; i < 4; i++) {
        char *name = g_strdup_printf("one-decode-%d.jpg", i);
        photos[i] = noise_jpeg(name, 1200, i == 1 ? 600 : 900, 40 + (guint32)i, 1, 0); /* 1: 2:1, cropped to 4:3 */
        g_free(name);
    }
    GString *t = g_string_new("number: 18\nplace: 福島県磐梯町\nperiod: 2024-06-03 .. 2024-06-05\n"
                              "traveler: 磐梯太郎\n\n[photos]\nheading: 写真\n");
    for (int i = 0; i < 3; i++)
        g_string_append_printf(t, "photo: %s\n%scaption: 写真 %d\n", photos[i], i == 1 ? "fit: cover\n" : "", i);
    char *trip = write_fixture("one-decode.txt", t->str, t->len);
    const char *limit = "pdf-size-limit: 0.1\n";
    char *layout = write_fixture("one-decode.layout", limit, strlen(limit));
    char *pdf = path_of("one-decode.pdf");
    report_options o;
    memset(&o, 0, sizeof o);
    o.layout = layout;
    o.size_note = true;
    int decoded0 = image_verify_pool_decoded(), checked0 = image_estimate_test_checked();
    int ahead0 = image_estimate_test_ahead(), made0 = 0, made1 = 0;
    image_estimate_test_stats(NULL, &made0, NULL);
    diag_list *d = diag_list_new();
    g_assert_true(report_render(trip, pdf, &o, d, NULL));
    g_assert_nonnull(said_with(d, "with --image-dpi 150 it is "));
    g_assert_cmpint(image_estimate_test_checked() - checked0, ==, 3);
    g_assert_cmpint(image_estimate_test_ahead() - ahead0, ==, 3);
    image_estimate_test_stats(NULL, &made1, NULL);
    g_assert_cmpint(made1 - made0, ==, 3);
    g_assert_cmpint(image_verify_pool_decoded() - decoded0, ==, 0); /* not read through by the pool as well */
    diag_list_free(d);

    /* The fourth photo cut short, the EOI put back, on line 15 (after the
     * 'fit' line). */
    GByteArray *j = read_all(photos[3]);
    j->data[j->len / 2] = 0xFF;
    j->data[j->len / 2 + 1] = 0xD9;
    g_free(write_fixture("one-decode-3.jpg", j->data, j->len / 2 + 2));
    g_byte_array_unref(j);
    g_string_append_printf(t, "photo: %s\ncaption: 写真 3\n", photos[3]);
    g_free(write_fixture("one-decode.txt", t->str, t->len));
    GByteArray *before = read_all(pdf);
    d = diag_list_new();
    g_assert_false(report_render(trip, pdf, &o, d, NULL));
    char *where = g_strdup_printf("one-decode.txt:15:8: error: image '%s' is a damaged JPEG: its picture data runs "
                                  "out at about row ",
                                  photos[3]);
    const char *err = said_with(d, "is a damaged JPEG");
    if (!err) {
        GString *all = g_string_new(NULL);
        for (guint i = 0; i < d->msgs->len; i++) {
            char *m = diag_format(g_ptr_array_index(d->msgs, i));
            g_string_append_printf(all, "%s\n", m);
            g_free(m);
        }
        g_error("no damage said; the messages:\n%s", all->str);
    }
    if (!strstr(err, where))
        g_error("got '%s', wanted '%s…'", err, where);
    g_assert_null(said_with(d, "with --image-dpi 150"));
    diag_list_free(d);
    GByteArray *after = read_all(pdf);
    g_assert_cmpmem(after->data, after->len, before->data, before->len);
    g_byte_array_unref(after);
    g_byte_array_unref(before);
    g_free(where);
    g_free(pdf);
    g_free(layout);
    g_free(trip);
    g_string_free(t, TRUE);
    for (int i = 0; i < 4; i++)
        g_free(photos[i]);
}

/* A report sure to get the size note, with photos new to the process: the
 * note's images of its photo pages are begun before the text is laid out
 * (each made once, ahead, checked in that decode), and the PDF and the
 * messages are those of a render where they were known already: begun
 * then only when a photo has changed since (a new identity). */
static void test_estimate_report_early(void)
{
    char *photos[3];
    GString *t = g_string_new("number: 18\nplace: 福島県磐梯町\nperiod: 2024-06-03 .. 2024-06-05\n"
                              "traveler: 磐梯太郎\n\n[text]\nheading: 本文\ntext: 本文です。\n\n"
                              "[photos]\nheading: 写真\n");
    for (int i = 0; i < 3; i++) {
        char *name = g_strdup_printf("early-%d.jpg", i);
        photos[i] = noise_jpeg(name, 1200, 900, 70 + (guint32)i, 1, 0);
        g_string_append_printf(t, "photo: %s\ncaption: 写真 %d\n", photos[i], i);
        g_free(name);
    }
    char *trip = write_fixture("early.txt", t->str, t->len);
    const char *limit = "pdf-size-limit: 0.1\n";
    char *layout = write_fixture("early.layout", limit, strlen(limit));
    char *pdf[3] = { path_of("early-1.pdf"), path_of("early-2.pdf"), path_of("early-3.pdf") };
    report_options o;
    memset(&o, 0, sizeof o);
    o.layout = layout;
    o.size_note = true;
    char *said[3];
    for (int run = 0; run < 3; run++) {
        if (run == 2) { /* the second photo written again: the same pixels, another file */
            GByteArray *j = read_all(photos[1]);
            g_assert_cmpint(g_unlink(photos[1]), ==, 0);
            g_free(write_fixture("early-1.jpg", j->data, j->len));
            g_byte_array_unref(j);
        }
        int begun0 = report_test_early_begun(), ahead0 = image_estimate_test_ahead();
        int checked0 = image_estimate_test_checked();
        diag_list *d = diag_list_new();
        g_assert_true(report_render(trip, pdf[run], &o, d, NULL));
        g_assert_nonnull(said_with(d, "with --image-dpi 150 it is "));
        GString *m = g_string_new(NULL);
        for (guint i = 0; i < d->msgs->len; i++) {
            char *line = diag_format(g_ptr_array_index(d->msgs, i));
            g_string_append_printf(m, "%s\n", line);
            g_free(line);
        }
        said[run] = g_string_free(m, FALSE);
        diag_list_free(d);
        int begun = report_test_early_begun() - begun0, ahead = image_estimate_test_ahead() - ahead0;
        int checked = image_estimate_test_checked() - checked0;
        g_test_message("run %d: begun %d, ahead %d, checked %d", run, begun, ahead, checked);
        g_assert_cmpint(begun, ==, run == 1 ? 0 : 1);
        g_assert_cmpint(ahead, ==, run == 0 ? 3 : run == 1 ? 0 : 1); /* the changed one alone */
        g_assert_cmpint(checked, ==, run == 0 ? 3 : run == 1 ? 0 : 1);
    }
    GByteArray *a = read_all(pdf[0]), *b = read_all(pdf[1]), *c = read_all(pdf[2]);
    g_assert_cmpmem(a->data, a->len, b->data, b->len);
    g_assert_cmpmem(a->data, a->len, c->data, c->len);
    for (int run = 1; run < 3; run++) {
        char *x = g_strdup(said[0]), *y = g_strdup(said[run]); /* each names its own PDF */
        g_assert_nonnull(strstr(x, "early-1.pdf"));
        g_assert_nonnull(strstr(y, run == 1 ? "early-2.pdf" : "early-3.pdf"));
        GRegex *re = g_regex_new("early-[123]\\.pdf", 0, 0, NULL);
        char *x2 = g_regex_replace_literal(re, x, -1, 0, "early.pdf", 0, NULL);
        char *y2 = g_regex_replace_literal(re, y, -1, 0, "early.pdf", 0, NULL);
        g_assert_cmpstr(x2, ==, y2);
        g_regex_unref(re);
        g_free(x);
        g_free(y);
        g_free(x2);
        g_free(y2);
    }
    g_byte_array_unref(a);
    g_byte_array_unref(b);
    g_byte_array_unref(c);
    for (int i = 0; i < 3; i++) {
        g_free(said[i]);
        g_free(pdf[i]);
        g_free(photos[i]);
    }
    g_free(layout);
    g_free(trip);
    g_string_free(t, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    imagetest_begin();

    g_test_add_func("/image/estimate/jpeg-exact", test_estimate_jpeg_exact);
    g_test_add_func("/image/estimate/png-and-two-sizes", test_estimate_png_and_two_sizes);
    g_test_add_func("/image/estimate/remembered", test_estimate_remembered);
    g_test_add_func("/image/estimate/report-note", test_estimate_report_note);
    g_test_add_func("/image/estimate/report-one-decode", test_estimate_report_one_decode);
    g_test_add_func("/image/estimate/report-early", test_estimate_report_early);
    int rc = g_test_run();
    imagetest_end();
    return rc;
}
