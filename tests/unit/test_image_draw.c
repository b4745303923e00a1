/* Unit tests for image_draw.c, image_embed.c's JPEG passthrough and
 * image_cache.c: JPEG bytes passed through to the PDF unchanged and embedded
 * once per file (shared ids, the bytes up to the EOI only), photos upright
 * for all eight EXIF orientations in PDF and in decoded previews, cover and
 * contain, and the cache: each file read once, read again after a trim. */
#include "imagetest.h"

/*** Drawing into PDF ***/

static void test_pdf_passthrough(void)
{
    if (!have_tool("pdfimages")) {
        g_test_skip("pdfimages (poppler-utils) is not installed");
        return;
    }
    char *jp = noise_jpeg("pass.jpg", 64, 48, 31, 6, EXIF_AFTER_SOI);
    char *pdf = path_of("pass.pdf");
    image_cache *c = image_cache_new();
    image_cache_set_keep_metadata(c, true); /* the file's bytes below, its EXIF too */
    cairo_surface_t *s = pdf_new(pdf, 400, 400);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, jp, 10, 10, 96, 128, false, false);
    draw_ok(c, cr, jp, 200, 10, 150, 100, true, false); /* cover */
    cairo_show_page(cr);
    draw_ok(c, cr, jp, 10, 10, 48, 64, false, false);
    cairo_destroy(cr);
    image_cache_free(c); /* the PDF surface keeps what it still needs */
    pdf_close(s);

    GArray *imgs = pdf_images(pdf);
    g_assert_cmpuint(imgs->len, ==, 3);
    for (guint i = 0; i < imgs->len; i++) {
        pdf_image *im = &g_array_index(imgs, pdf_image, i);
        g_assert_cmpstr(im->type, ==, "image");
        g_assert_cmpstr(im->enc, ==, "jpeg");
        g_assert_cmpint(im->width, ==, 64);
        g_assert_cmpint(im->height, ==, 48);
    }
    g_assert_cmpint(distinct_objects(imgs), ==, 1);
    g_array_unref(imgs);

    /* the embedded bytes are the file's */
    char *prefix = path_of("pass-x");
    proc r = RUN("pdfimages", "-j", "-f", "1", "-l", "1", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    proc_clear(&r);
    char *x0 = g_strconcat(prefix, "-000.jpg", NULL);
    GByteArray *a = read_all(jp), *b = read_all(x0);
    g_assert_cmpmem(a->data, a->len, b->data, b->len);

    /* neither the path nor the unique id is written into the PDF */
    GByteArray *p = read_all(pdf);
    g_assert_nonnull(memmem(p->data, p->len, "/DCTDecode", 10)); /* the search does see the file */
    g_assert_null(memmem(p->data, p->len, tmp, strlen(tmp)));
    g_assert_null(memmem(p->data, p->len, "tripreport-image", 16));

    g_byte_array_unref(p);
    g_byte_array_unref(b);
    g_byte_array_unref(a);
    g_free(x0);
    g_free(prefix);
    g_free(pdf);
    g_free(jp);
}

/* Different photos stay apart; one file reached by two spellings of its
 * path is one; a PNG drawn twice is one image object too. */
static void test_pdf_sharing(void)
{
    if (!have_tool("pdfimages")) {
        g_test_skip("pdfimages (poppler-utils) is not installed");
        return;
    }
    char *a = noise_jpeg("share-a.jpg", 64, 48, 41, 1, EXIF_NONE);
    char *b = noise_jpeg("share-b.jpg", 64, 48, 42, 1, EXIF_NONE);
    char *a2 = g_build_filename(tmp, ".", "share-a.jpg", NULL);
    char *png = upright_png("share.png");
    char *pdf = path_of("share.pdf");
    image_cache *c = image_cache_new();
    cairo_surface_t *s = pdf_new(pdf, 400, 400);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, a, 0, 0, 64, 48, false, false);
    draw_ok(c, cr, b, 100, 0, 64, 48, false, false);
    draw_ok(c, cr, a2, 200, 0, 64, 48, false, false);
    draw_ok(c, cr, png, 0, 100, 160, 120, false, false);
    draw_ok(c, cr, png, 200, 100, 80, 60, false, false);
    cairo_destroy(cr);
    pdf_close(s);
    image_cache_free(c);

    GArray *imgs = pdf_images(pdf);
    g_assert_cmpuint(imgs->len, ==, 5);
    pdf_image *ia = &g_array_index(imgs, pdf_image, 0), *ib = &g_array_index(imgs, pdf_image, 1),
              *ia2 = &g_array_index(imgs, pdf_image, 2), *ip = &g_array_index(imgs, pdf_image, 3),
              *ip2 = &g_array_index(imgs, pdf_image, 4);
    g_assert_cmpint(ia->object, !=, ib->object);
    g_assert_cmpint(ia->object, ==, ia2->object);
    g_assert_cmpint(ip->object, ==, ip2->object);
    g_assert_cmpstr(ip->enc, !=, "jpeg");
    g_assert_cmpint(ip->width, ==, UP_W);
    g_assert_cmpint(ip->height, ==, UP_H);
    g_assert_cmpint(distinct_objects(imgs), ==, 3);
    g_array_unref(imgs);
    g_free(pdf);
    g_free(png);
    g_free(a2);
    g_free(b);
    g_free(a);
}

/* The unique id shares the image object beyond one surface: two caches
 * drawing the same file, and pages recorded then replayed (handouts). */
static void test_pdf_unique_id(void)
{
    if (!have_tool("pdfimages")) {
        g_test_skip("pdfimages (poppler-utils) is not installed");
        return;
    }
    char *jp = noise_jpeg("uid.jpg", 64, 48, 71, 8, EXIF_AFTER_SOI);
    char *pdf = path_of("uid.pdf");
    cairo_surface_t *s = pdf_new(pdf, 400, 400);
    cairo_t *cr = cairo_create(s);
    image_cache *c1 = image_cache_new(), *c2 = image_cache_new();
    draw_ok(c1, cr, jp, 0, 0, 48, 64, false, false);
    draw_ok(c2, cr, jp, 100, 0, 48, 64, true, false);
    /* Drawn again scaled into a slot, as handout sheets draw slides. */
    for (int i = 0; i < 2; i++) {
        cairo_save(cr);
        cairo_translate(cr, 200 * i, 200);
        cairo_scale(cr, 0.5, 0.5);
        cairo_rectangle(cr, 0, 0, 96, 128);
        cairo_clip(cr);
        draw_ok(i ? c2 : c1, cr, jp, 0, 0, 96, 128, false, false);
        cairo_restore(cr);
    }
    cairo_destroy(cr);
    image_cache_free(c1);
    image_cache_free(c2);
    pdf_close(s);
    GArray *imgs = pdf_images(pdf);
    g_assert_cmpuint(imgs->len, ==, 4);
    g_assert_cmpint(distinct_objects(imgs), ==, 1);
    g_assert_cmpstr(g_array_index(imgs, pdf_image, 3).enc, ==, "jpeg");
    g_array_unref(imgs);
    g_free(pdf);
    g_free(jp);
}

/* Data trailing the image is not embedded. */
static void test_pdf_trailer(void)
{
    if (!have_tool("pdfimages")) {
        g_test_skip("pdfimages (poppler-utils) is not installed");
        return;
    }
    char *jp = noise_jpeg("trail-src.jpg", 48, 32, 51, 1, EXIF_NONE);
    GByteArray *j = read_all(jp);
    GByteArray *t = g_byte_array_new();
    g_byte_array_append(t, j->data, j->len);
    for (int i = 0; i < 5000; i++)
        g_byte_array_append(t, (const guint8 *)"ftypmp42", 8);
    char *tp = write_fixture("trail.jpg", t->data, t->len);
    char *pdf = path_of("trail.pdf");
    image_cache *c = image_cache_new();
    cairo_surface_t *s = pdf_new(pdf, 100, 100);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, tp, 0, 0, 48, 32, false, false);
    cairo_destroy(cr);
    pdf_close(s);
    image_cache_free(c);
    char *prefix = path_of("trail-x");
    proc r = RUN("pdfimages", "-j", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    proc_clear(&r);
    char *x0 = g_strconcat(prefix, "-000.jpg", NULL);
    GByteArray *b = read_all(x0);
    g_assert_cmpmem(j->data, j->len, b->data, b->len);
    g_byte_array_unref(b);
    g_free(x0);
    g_free(prefix);
    g_free(pdf);
    g_free(tp);
    g_byte_array_unref(t);
    g_byte_array_unref(j);
    g_free(jp);
}

/* The JPEG passed through (never decoded by us) comes out upright in the
 * PDF for every orientation: render each page with pdftoppm and look. */
static void test_pdf_orientation(void)
{
    if (!have_tool("pdftoppm")) {
        g_test_skip("pdftoppm (poppler-utils) is not installed");
        return;
    }
    image_cache *c = image_cache_new();
    for (int o = 1; o <= 8; o++) {
        char *jp = oriented_jpeg(o);
        char *name = g_strdup_printf("orient-%d.pdf", o);
        char *pdf = path_of(name);
        cairo_surface_t *s = pdf_new(pdf, UP_W, UP_H);
        cairo_t *cr = cairo_create(s);
        draw_ok(c, cr, jp, 0, 0, UP_W, UP_H, false, false);
        cairo_destroy(cr);
        pdf_close(s);
        char *prefix = g_strdup_printf("%s/orient-%d", tmp, o);
        proc r = RUN("pdftoppm", "-r", "72", "-png", "-singlefile", pdf, prefix);
        g_assert_cmpint(r.status, ==, 0);
        proc_clear(&r);
        char *png = g_strconcat(prefix, ".png", NULL);
        cairo_surface_t *img = cairo_image_surface_create_from_png(png);
        g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint(cairo_image_surface_get_width(img), ==, UP_W);
        g_assert_cmpint(cairo_image_surface_get_height(img), ==, UP_H);
        char *what = g_strdup_printf("PDF, orientation %d", o);
        check_upright(img, 0, 0, 1, what);
        g_free(what);
        cairo_surface_destroy(img);
        g_free(png);
        g_free(prefix);
        g_free(pdf);
        g_free(name);
        g_free(jp);
    }
    image_cache_free(c);
}

/*** Drawing decoded pixels (previews) ***/

static void test_decode_orientation(void)
{
    image_cache *c = image_cache_new();
    for (int o = 1; o <= 8; o++) {
        char *jp = oriented_jpeg(o);
        char *what = g_strdup_printf("decoded, orientation %d", o);
        /* a quarter (decoded at 1/4), half (decoded again at 1/2), full size */
        static const double scales[] = { 0.25, 0.5, 1.0 };
        for (size_t i = 0; i < G_N_ELEMENTS(scales); i++) {
            double k = scales[i];
            cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
            cairo_t *cr = cairo_create(s);
            draw_ok(c, cr, jp, 10, 20, UP_W * k, UP_H * k, false, true);
            cairo_destroy(cr);
            check_upright(s, 10, 20, k, what);
            g_assert_cmpint(pixel(s, 5, 10), ==, C_CLEAR); /* outside stays untouched */
            g_assert_cmpint(pixel(s, (int)(10 + UP_W * k) + 1, (int)(20 + UP_H * k) + 1), ==, C_CLEAR);
            cairo_surface_destroy(s);
        }
        g_free(what);
        g_free(jp);
    }
    image_cache_free(c);
}

static void test_decode_cover_and_png(void)
{
    char *jp = oriented_jpeg(6);
    char *png = upright_png("cover.png");
    const char *paths[] = { jp, png };
    for (int i = 0; i < 2; i++) {
        image_cache *c = image_cache_new();
        /* cover a square: 160×120 scaled by 100/120, 16.7 cut off each side */
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 120, 120);
        cairo_t *cr = cairo_create(s);
        draw_ok(c, cr, paths[i], 10, 10, 100, 100, true, true);
        cairo_destroy(cr);
        for (int y = 10; y < 110; y++)
            for (int x = 10; x < 110; x++)
                g_assert_cmpint(pixel(s, x, y), !=, C_CLEAR);
        g_assert_cmpint(pixel(s, 5, 50), ==, C_CLEAR);
        g_assert_cmpint(pixel(s, 114, 50), ==, C_CLEAR);
        g_assert_cmpint(pixel(s, 60, 5), ==, C_CLEAR);
        g_assert_cmpint(pixel(s, 10 + 10, 10 + 20), ==, C_GREEN); /* the marker, moved left by the crop */
        g_assert_cmpint(pixel(s, 10 + 90, 10 + 20), ==, C_RED);
        g_assert_cmpint(pixel(s, 10 + 50, 10 + 80), ==, C_BLUE);
        cairo_surface_destroy(s);

        /* a PNG and a JPEG also draw as plain pixels */
        s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
        cr = cairo_create(s);
        draw_ok(c, cr, paths[i], 10, 20, UP_W, UP_H, false, i == 0);
        cairo_destroy(cr);
        check_upright(s, 10, 20, 1, i == 0 ? "JPEG" : "PNG");
        cairo_surface_destroy(s);
        image_cache_free(c);
    }
    g_free(png);
    g_free(jp);
}

/* The file is read once per cache: drawing again works after it is gone. */
static void test_cache_reads_once(void)
{
    char *jp = noise_jpeg("once.jpg", 40, 30, 61, 1, EXIF_NONE);
    char *png = upright_png("once.png");
    image_cache *c = image_cache_new();
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 50, 50);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, jp, 0, 0, 40, 30, false, true);
    draw_ok(c, cr, png, 0, 0, 40, 30, false, true);
    g_assert_cmpint(g_unlink(jp), ==, 0);
    g_assert_cmpint(g_unlink(png), ==, 0);
    draw_ok(c, cr, jp, 0, 0, 40, 30, true, true);
    draw_ok(c, cr, jp, 0, 0, 40, 30, false, false);
    draw_ok(c, cr, png, 0, 0, 20, 15, false, true);
    /* nothing to draw is not an error */
    draw_ok(c, cr, jp, 0, 0, 0, 30, false, true);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    image_cache_free(c);
    image_cache_free(NULL);

    /* a fresh cache reports the missing file */
    c = image_cache_new();
    s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
    cr = cairo_create(s);
    GError *err = NULL;
    g_assert_false(image_draw(c, cr, jp, 0, 0, 10, 10, false, false, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(err->message, ==, "was not found");
    g_error_free(err);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    image_cache_free(c);
    g_free(png);
    g_free(jp);
}

/* After a page is written its photos' bytes are let go
 * (image_cache_trim) and read again when drawn again: the same image
 * object; a file truncated or replaced meanwhile is an error for that
 * photo, never a crash (the bytes are read, never mapped). */
static void test_trim_reads_again(void)
{
    if (!have_tool("pdfimages")) {
        g_test_skip("pdfimages (poppler-utils) is not installed");
        return;
    }
    char *jp = noise_jpeg("again.jpg", 64, 48, 77, 1, EXIF_NONE);
    char *pdf = path_of("again.pdf");
    image_cache *c = image_cache_new();
    cairo_surface_t *s = pdf_new(pdf, 200, 200);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, jp, 10, 10, 64, 48, false, false);
    cairo_show_page(cr);
    image_cache_trim(c);
    draw_ok(c, cr, jp, 10, 10, 32, 24, false, false);
    cairo_show_page(cr);
    image_cache_trim(c);
    /* Cut in half by another program: this drawing fails, with a message. */
    GByteArray *whole = read_all(jp);
    g_assert_true(g_file_set_contents(jp, (const char *)whole->data, (gssize)whole->len / 2, NULL));
    GError *err = NULL;
    g_assert_false(image_draw(c, cr, jp, 10, 10, 64, 48, false, false, &err));
    g_assert_nonnull(err);
    g_assert_true(g_str_has_prefix(err->message, "is a truncated or damaged JPEG"));
    g_clear_error(&err);
    /* Replaced by another photo of another size. */
    char *other = noise_jpeg("other.jpg", 40, 40, 78, 1, EXIF_NONE);
    g_assert_cmpint(rename(other, jp), ==, 0);
    g_assert_false(image_draw(c, cr, jp, 10, 10, 64, 48, false, false, &err));
    g_assert_cmpstr(err->message, ==, "changed while the report was being made; make the report again");
    g_clear_error(&err);
    cairo_destroy(cr);
    image_cache_free(c);
    pdf_close(s);

    GArray *imgs = pdf_images(pdf);
    g_assert_cmpuint(imgs->len, ==, 2);
    g_assert_cmpint(distinct_objects(imgs), ==, 1);
    g_array_unref(imgs);
    char *prefix = path_of("again-x");
    proc r = RUN("pdfimages", "-j", "-f", "2", "-l", "2", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    proc_clear(&r);
    char *x0 = g_strconcat(prefix, "-000.jpg", NULL);
    GByteArray *b = read_all(x0);
    g_assert_cmpmem(whole->data, whole->len, b->data, b->len);
    g_byte_array_unref(b);
    g_byte_array_unref(whole);
    g_free(x0);
    g_free(prefix);
    g_free(other);
    g_free(pdf);
    g_free(jp);
}

/*** Main ***/

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    imagetest_begin();

    g_test_add_func("/image/cache/trim-reads-again", test_trim_reads_again);
    g_test_add_func("/image/pdf/passthrough", test_pdf_passthrough);
    g_test_add_func("/image/pdf/sharing", test_pdf_sharing);
    g_test_add_func("/image/pdf/unique-id", test_pdf_unique_id);
    g_test_add_func("/image/pdf/trailer", test_pdf_trailer);
    g_test_add_func("/image/pdf/orientation", test_pdf_orientation);
    g_test_add_func("/image/decode/orientation", test_decode_orientation);
    g_test_add_func("/image/decode/cover-and-png", test_decode_cover_and_png);
    g_test_add_func("/image/cache/reads-once", test_cache_reads_once);
    int rc = g_test_run();
    imagetest_end();
    return rc;
}
