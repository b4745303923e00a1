/* Unit tests for image_resample.c (image_cache_set_downsample): sizes from
 * the resolution, reduced-scale decoding, passthrough below the resolution,
 * orientation, sharing, determinism, previews untouched. */
#include "imagetest.h"
#include "image_resample.h"
#include "image_source.h"
#include "image_verify.h"

/*** Downsampling for sharing (image_cache_set_downsample) ***/

static void render_photo(const char *pdf, int dpi, int quality, bool more, int stats[3])
{
    render_photo_as(pdf, dpi, quality, more, false, stats);
}

static void test_downsample_jpeg(void)
{
    if (!have_tool("pdfimages")) {
        g_test_skip("pdfimages (poppler-utils) is not installed");
        return;
    }
    const char *jp = big_photo();
    gsize photo_bytes = file_size(jp);
    g_assert_cmpuint(photo_bytes, >, 200000);

    /* without downsampling the photo passes through */
    char *pass = path_of("ds-pass.pdf");
    int st[3];
    render_photo(pass, 0, 0, false, st);
    g_assert_cmpint(st[0], ==, 0);
    g_assert_cmpint(st[2], ==, 0); /* nothing decoded */
    gsize pass_bytes = file_size(pass);
    GArray *imgs = pdf_images(pass);
    g_assert_cmpuint(imgs->len, ==, 1);
    g_assert_cmpint(g_array_index(imgs, pdf_image, 0).width, ==, PHOTO_W);
    g_array_unref(imgs);

    /* at 150 dpi: the needed pixels, decoded at 1/4 (1008×756), not in full */
    int dpi = 150, nw = needed(300, dpi), nh = needed(225, dpi);
    g_assert_cmpint(nw, ==, 625);
    g_assert_cmpint(nh, ==, 469);
    char *small = path_of("ds-150.pdf");
    render_photo(small, dpi, 0, false, st);
    g_assert_cmpint(st[0], ==, 1);
    g_assert_cmpint(st[1], ==, 1);
    g_assert_cmpint(st[2], ==, 4);
    gsize small_bytes = file_size(small);
    imgs = pdf_images(small);
    g_assert_cmpuint(imgs->len, ==, 1);
    pdf_image *im = &g_array_index(imgs, pdf_image, 0);
    g_assert_cmpstr(im->enc, ==, "jpeg");
    g_assert_cmpint(im->width, ==, nw);
    g_assert_cmpint(im->height, ==, nh);
    g_assert_cmpint(im->x_ppi, <=, dpi + 1);
    g_assert_cmpint(im->y_ppi, <=, dpi + 1);
    g_assert_cmpint(im->x_ppi, >=, dpi - 1);
    g_array_unref(imgs);
    g_test_message("photo %zu bytes; PDF passthrough %zu bytes, at %d dpi %zu bytes (%dx%d)", (size_t)photo_bytes,
                   (size_t)pass_bytes, dpi, (size_t)small_bytes, nw, nh);
    g_assert_cmpuint(small_bytes * 8, <, pass_bytes);

    /* the same size again (and from another cache) embeds once; a cover crop
     * needs the size it is scaled to (4:3 over 150×150: 200×150 pt) */
    char *more = path_of("ds-more.pdf");
    render_photo(more, dpi, 0, true, st);
    g_assert_cmpint(st[0], ==, 2); /* each size encoded once */
    g_assert_cmpint(st[1], ==, 1);
    g_assert_cmpint(st[2], ==, 8); /* 417×313 from 504×378 */
    imgs = pdf_images(more);
    g_assert_cmpuint(imgs->len, ==, 4);
    g_assert_cmpint(distinct_objects(imgs), ==, 2);
    pdf_image *a = &g_array_index(imgs, pdf_image, 0), *b = &g_array_index(imgs, pdf_image, 1),
              *cv = &g_array_index(imgs, pdf_image, 2), *d = &g_array_index(imgs, pdf_image, 3);
    g_assert_cmpint(a->object, ==, b->object);
    g_assert_cmpint(a->object, ==, d->object);
    g_assert_cmpint(cv->width, ==, needed(200, dpi));
    g_assert_cmpint(cv->height, ==, needed(150, dpi));
    g_assert_cmpint(cv->x_ppi, <=, dpi + 1);
    g_array_unref(imgs);

    /* deterministic: the same input gives the same bytes */
    char *again = path_of("ds-more-2.pdf");
    render_photo(again, dpi, 0, true, st);
    GByteArray *x = read_all(more), *y = read_all(again);
    g_assert_cmpmem(x->data, x->len, y->data, y->len);
    g_byte_array_unref(y);
    g_byte_array_unref(x);

    /* the quality is used (85 when 0) */
    char *q85 = path_of("ds-q85.pdf"), *q40 = path_of("ds-q40.pdf");
    render_photo(q85, dpi, 85, false, st);
    GByteArray *p0 = read_all(small), *p85 = read_all(q85);
    g_assert_cmpmem(p0->data, p0->len, p85->data, p85->len);
    g_byte_array_unref(p85);
    g_byte_array_unref(p0);
    render_photo(q40, dpi, 40, false, st);
    g_assert_cmpuint(file_size(q40), <, small_bytes);

    g_free(q40);
    g_free(q85);
    g_free(again);
    g_free(more);
    g_free(small);
    g_free(pass);
}

/* Images with no more pixels than needed (+2 %) pass through byte for byte;
 * nothing is ever upscaled. */
static void test_downsample_passthrough(void)
{
    if (!have_tool("pdfimages")) {
        g_test_skip("pdfimages (poppler-utils) is not installed");
        return;
    }
    int dpi = 150, nw = needed(300, dpi), nh = needed(225, dpi);
    char *lo = noise_jpeg("ds-lo.jpg", 400, 300, 101, 1, EXIF_NONE);
    /* 636×477 is within 2 % of the 625×469 needed */
    char *near = noise_jpeg("ds-near.jpg", nw * 1018 / 1000, nh * 1018 / 1000, 102, 1, EXIF_NONE);
    char *png = upright_png("ds-lo.png");
    char *pdf = path_of("ds-lo.pdf");
    image_cache *c = image_cache_new();
    image_cache_set_downsample(c, dpi, 60);
    cairo_surface_t *s = pdf_new(pdf, 400, 300);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, lo, 50, 40, 300, 225, false, false);
    cairo_show_page(cr);
    draw_ok(c, cr, near, 50, 40, 300, 225, false, false);
    cairo_show_page(cr);
    draw_ok(c, cr, png, 0, 0, 50, 37.5, false, false); /* 160×120 in 50 pt: 230 ppi, reduced to 105×79 */
    draw_ok(c, cr, png, 0, 100, 300, 225, false, false); /* 38 ppi: as it is */
    cairo_destroy(cr);
    int done = -1;
    image_cache_test_stats(c, &done, NULL, NULL);
    g_assert_cmpint(done, ==, 1); /* only the small PNG */
    image_cache_free(c);
    pdf_close(s);

    GArray *imgs = pdf_images(pdf);
    g_assert_cmpuint(imgs->len, ==, 4);
    g_assert_cmpint(g_array_index(imgs, pdf_image, 0).width, ==, 400);
    g_assert_cmpint(g_array_index(imgs, pdf_image, 1).width, ==, nw * 1018 / 1000);
    pdf_image *p1 = &g_array_index(imgs, pdf_image, 2), *p2 = &g_array_index(imgs, pdf_image, 3);
    g_assert_cmpstr(p1->enc, ==, "image"); /* lossless, Flate */
    g_assert_cmpint(p1->width, ==, needed(50, dpi));
    g_assert_cmpint(p1->height, ==, needed(37.5, dpi));
    g_assert_cmpint(p2->width, ==, UP_W);
    g_assert_cmpint(p2->height, ==, UP_H);
    g_array_unref(imgs);

    char *prefix = path_of("ds-lo-x");
    proc r = RUN("pdfimages", "-j", "-l", "2", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    proc_clear(&r);
    const char *srcs[] = { lo, near };
    for (int i = 0; i < 2; i++) {
        char *x = g_strdup_printf("%s-%03d.jpg", prefix, i);
        GByteArray *a = read_all(srcs[i]), *b = read_all(x);
        g_assert_cmpmem(a->data, a->len, b->data, b->len);
        g_byte_array_unref(b);
        g_byte_array_unref(a);
        g_free(x);
    }
    g_free(prefix);
    g_free(pdf);
    g_free(png);
    g_free(near);
    g_free(lo);
}

/* Downsampled in its stored orientation, the photo still comes out upright
 * for every EXIF orientation (the transform turns the re-encoded JPEG, which
 * has no EXIF); a PNG too. 160×120 pt at 30 dpi needs 67×50 pixels: decoded
 * at 1/2 (80×60), then reduced. */
static void test_downsample_orientation(void)
{
    if (!have_tool("pdftoppm") || !have_tool("pdfimages")) {
        g_test_skip("pdftoppm, pdfimages (poppler-utils) are not installed");
        return;
    }
    int dpi = 30, nw = needed(UP_W, dpi), nh = needed(UP_H, dpi);
    for (int o = 1; o <= 9; o++) {
        char *src = o <= 8 ? oriented_jpeg(o) : upright_png("ds-orient.png");
        char *name = g_strdup_printf("ds-orient-%d.pdf", o);
        char *pdf = path_of(name);
        image_cache *c = image_cache_new();
        image_cache_set_downsample(c, dpi, 90);
        cairo_surface_t *s = pdf_new(pdf, UP_W, UP_H);
        cairo_t *cr = cairo_create(s);
        draw_ok(c, cr, src, 0, 0, UP_W, UP_H, false, false);
        cairo_destroy(cr);
        int done = 0, num = 0, denom = 0;
        image_cache_test_stats(c, &done, &num, &denom);
        g_assert_cmpint(done, ==, 1);
        g_assert_cmpint(num, ==, o <= 8 ? 1 : 0);
        g_assert_cmpint(denom, ==, o <= 8 ? 2 : 0);
        image_cache_free(c);
        pdf_close(s);

        GArray *imgs = pdf_images(pdf);
        g_assert_cmpuint(imgs->len, ==, 1);
        pdf_image *im = &g_array_index(imgs, pdf_image, 0);
        bool swap = o >= 5 && o <= 8;
        g_assert_cmpstr(im->enc, ==, o <= 8 ? "jpeg" : "image");
        g_assert_cmpint(im->width, ==, swap ? nh : nw);
        g_assert_cmpint(im->height, ==, swap ? nw : nh);
        g_array_unref(imgs);

        char *prefix = g_strdup_printf("%s/ds-orient-%d", tmp, o);
        proc r = RUN("pdftoppm", "-r", "72", "-png", "-singlefile", pdf, prefix);
        g_assert_cmpint(r.status, ==, 0);
        proc_clear(&r);
        char *png = g_strconcat(prefix, ".png", NULL);
        cairo_surface_t *img = cairo_image_surface_create_from_png(png);
        g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
        char *what = g_strdup_printf("downsampled PDF, orientation %d", o);
        check_upright(img, 0, 0, 1, what);
        g_free(what);
        cairo_surface_destroy(img);
        g_free(png);
        g_free(prefix);
        g_free(pdf);
        g_free(name);
        g_free(src);
    }
}

/* Previews (decoded pixels) ignore the setting; the box filter averages. */
static void test_downsample_previews(void)
{
    char *jp = oriented_jpeg(6);
    image_cache *c = image_cache_new();
    image_cache_set_downsample(c, 10, 0);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, jp, 10, 20, UP_W, UP_H, false, true);
    cairo_destroy(cr);
    check_upright(s, 10, 20, 1, "preview with downsampling set");
    int done = -1, num = 0, denom = 0;
    image_cache_test_stats(c, &done, &num, &denom);
    g_assert_cmpint(done, ==, 0);
    g_assert_cmpint(num, ==, 1);
    g_assert_cmpint(denom, ==, 1);
    cairo_surface_destroy(s);
    image_cache_free(c);
    g_free(jp);

    /* a PNG checkerboard of 2×2 black and white squares reduced to a
     * quarter in PDF: an even grey when rendered back */
    if (!have_tool("pdftoppm"))
        return;
    cairo_surface_t *src = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 64);
    cairo_surface_flush(src);
    guint8 *d = cairo_image_surface_get_data(src);
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++)
            ((uint32_t *)(d + (size_t)y * cairo_image_surface_get_stride(src)))[x] =
                ((x / 2 + y / 2) & 1) ? 0xFFFFFFFFu : 0xFF000000u;
    cairo_surface_mark_dirty(src);
    GByteArray *b = png_bytes(src);
    cairo_surface_destroy(src);
    char *pp = write_fixture("ds-checker.png", b->data, b->len);
    g_byte_array_unref(b);
    char *pdf = path_of("ds-checker.pdf");
    c = image_cache_new();
    image_cache_set_downsample(c, 72, 0);
    s = pdf_new(pdf, 16, 16);
    cr = cairo_create(s);
    draw_ok(c, cr, pp, 0, 0, 16, 16, false, false); /* 16 pixels needed of 64 */
    cairo_destroy(cr);
    image_cache_free(c);
    pdf_close(s);
    char *prefix = path_of("ds-checker");
    proc r = RUN("pdftoppm", "-r", "72", "-png", "-singlefile", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    proc_clear(&r);
    char *png = g_strconcat(prefix, ".png", NULL);
    cairo_surface_t *img = cairo_image_surface_create_from_png(png);
    g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(img);
    const guint8 *id = cairo_image_surface_get_data(img);
    for (int y = 2; y < 14; y++)
        for (int x = 2; x < 14; x++) {
            uint32_t p = ((const uint32_t *)(id + (size_t)y * cairo_image_surface_get_stride(img)))[x];
            int g = (p >> 8) & 0xFF;
            g_assert_cmpint(abs(g - 128), <=, 2);
        }
    cairo_surface_destroy(img);
    g_free(png);
    g_free(prefix);
    g_free(pdf);
    g_free(pp);
}

/*** Checked and reduced in one decode (the size note's images) ***/

/* image_resample_jpeg_bytes_checked() writes the bytes
 * image_resample_jpeg_bytes() writes, for every kind of JPEG, target size
 * and grey or not (the size note is exact only so); a damaged JPEG is
 * refused with image_verify's message; CMYK is checked and reduced by the
 * other decode. */
static void test_checked_same_bytes(void)
{
    const int w = 640, h = 480;
    guint8 *rgb = noise_rgb(w, h, 7);
    const int kinds[][2] = { { TJSAMP_420, 0 }, { TJSAMP_422, 0 }, { TJSAMP_444, 0 }, { TJSAMP_GRAY, 0 },
                             { TJSAMP_420, TJFLAG_PROGRESSIVE } };
    const int sizes[][2] = { { 600, 450 }, { 320, 240 }, { 161, 121 }, { 80, 60 }, { 79, 31 } };
    int cases = 0;
    for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
        GByteArray *j = encode_jpeg_as(rgb, TJPF_RGB, w, h, kinds[k][0], kinds[k][1], 6, EXIF_AFTER_JFIF);
        image_info in = { IMAGE_FORMAT_JPEG, w, h, 6, h, w };
        for (guint z = 0; z < G_N_ELEMENTS(sizes); z++)
            for (int grey = 0; grey < 2; grey++) {
                GError *err = NULL;
                GBytes *want = image_resample_jpeg_bytes(j->data, j->len, &in, sizes[z][0], sizes[z][1], grey, 80, NULL,
                                                         NULL, NULL, &err);
                g_assert_no_error(err);
                bool damaged = true;
                GBytes *got = image_resample_jpeg_bytes_checked(j->data, j->len, &in, sizes[z][0], sizes[z][1], grey,
                                                                80, &damaged, &err);
                g_assert_no_error(err);
                g_assert_false(damaged);
                g_assert_true(g_bytes_equal(got, want));
                g_bytes_unref(got);
                g_bytes_unref(want);
                cases++;
            }
        /* Cut at two thirds, the EOI put back. */
        GByteArray *cut = g_byte_array_new();
        g_byte_array_append(cut, j->data, j->len * 2 / 3);
        g_byte_array_append(cut, (const guint8 *)"\xFF\xD9", 2);
        GError *verr = NULL, *err = NULL;
        g_assert_false(image_verify_jpeg_bytes(cut->data, cut->len, &verr));
        bool damaged = false;
        g_assert_null(image_resample_jpeg_bytes_checked(cut->data, cut->len, &in, 320, 240, false, 80, &damaged, &err));
        g_assert_true(damaged);
        g_assert_error(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED);
        g_assert_cmpstr(err->message, ==, verr->message);
        g_error_free(err);
        g_error_free(verr);
        g_byte_array_unref(cut);
        g_byte_array_unref(j);
    }
    g_assert_cmpint(cases, ==, 50);
    /* CMYK: the other decode's answer, checked all the same. */
    guint8 *cmyk = g_malloc((gsize)w * h * 4);
    for (gsize i = 0; i < (gsize)w * h * 4; i++)
        cmyk[i] = rgb[i % ((gsize)w * h * 3)];
    GByteArray *j = encode_jpeg_as(cmyk, TJPF_CMYK, w, h, TJSAMP_444, 0, 1, EXIF_NONE);
    image_info in = { IMAGE_FORMAT_JPEG, w, h, 1, w, h };
    GError *e1 = NULL, *e2 = NULL;
    bool damaged = true;
    GBytes *want = image_resample_jpeg_bytes(j->data, j->len, &in, 320, 240, false, 80, NULL, NULL, NULL, &e1);
    GBytes *got = image_resample_jpeg_bytes_checked(j->data, j->len, &in, 320, 240, false, 80, &damaged, &e2);
    g_assert_false(damaged);
    g_assert_true((want == NULL) == (got == NULL));
    g_assert_true(!want || g_bytes_equal(got, want));
    g_clear_error(&e1);
    g_clear_error(&e2);
    if (want)
        g_bytes_unref(want);
    if (got)
        g_bytes_unref(got);
    g_byte_array_unref(j);
    g_free(cmyk);
    g_free(rgb);
}

/* The JPEG 'j' with two ICC_PROFILE chunks and an MPF segment (APP2 too,
 * not a profile) after its SOI: the reduced photo keeps the profile. */
static GByteArray *with_icc(const GByteArray *j)
{
    GByteArray *a = g_byte_array_new();
    g_byte_array_append(a, j->data, 2);
    for (int chunk = 1; chunk <= 2; chunk++) {
        guint8 seg[4 + 14 + 40] = { 0xFF, 0xE2, 0, 2 + 14 + 40 };
        memcpy(seg + 4, "ICC_PROFILE\0", 12);
        seg[16] = (guint8)chunk;
        seg[17] = 2;
        for (int i = 0; i < 40; i++)
            seg[18 + i] = (guint8)(chunk * 40 + i);
        g_byte_array_append(a, seg, sizeof seg);
    }
    static const guint8 mpf[] = { 0xFF, 0xE2, 0, 10, 'M', 'P', 'F', 0, 'I', 'I', '*', 0 };
    g_byte_array_append(a, mpf, sizeof mpf);
    g_byte_array_append(a, j->data + 2, j->len - 2);
    return a;
}

/* image_resample_jpeg_fd_checked(): the file read a piece at a time gives
 * the bytes image_resample_jpeg_bytes_checked() gives from memory (its ICC
 * profile included, taken from libjpeg), for every kind, size and grey; a
 * damaged photo the same message; and it leaves to the caller (unread) a
 * file shorter than said, one whose size is not the probed one, and CMYK. */
static void test_fd_checked(void)
{
    const int w = 640, h = 480;
    guint8 *rgb = noise_rgb(w, h, 11);
    const int kinds[][2] = { { TJSAMP_420, 0 }, { TJSAMP_422, 0 }, { TJSAMP_444, 0 }, { TJSAMP_GRAY, 0 },
                             { TJSAMP_420, TJFLAG_PROGRESSIVE } };
    const int sizes[][2] = { { 600, 450 }, { 320, 240 }, { 79, 31 } };
    image_info in = { IMAGE_FORMAT_JPEG, w, h, 1, w, h };
    for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
        GByteArray *plain = encode_jpeg_as(rgb, TJPF_RGB, w, h, kinds[k][0], kinds[k][1], 1, EXIF_AFTER_SOI);
        GByteArray *j = with_icc(plain);
        char *p = write_fixture("fd.jpg", j->data, j->len);
        for (guint z = 0; z < G_N_ELEMENTS(sizes); z++)
            for (int grey = 0; grey < 2; grey++) {
                GError *err = NULL;
                bool damaged = true, unread = true;
                GBytes *want = image_resample_jpeg_bytes_checked(j->data, j->len, &in, sizes[z][0], sizes[z][1], grey,
                                                                 80, &damaged, &err);
                g_assert_no_error(err);
                int fd = g_open(p, O_RDONLY, 0);
                GBytes *got = image_resample_jpeg_fd_checked(fd, (goffset)j->len, &in, sizes[z][0], sizes[z][1], grey,
                                                             80, &damaged, &unread, &err);
                close(fd);
                g_assert_no_error(err);
                g_assert_false(unread);
                g_assert_false(damaged);
                g_assert_true(g_bytes_equal(got, want));
                if (!grey && kinds[k][0] != TJSAMP_GRAY) /* the profile went with it */
                    g_assert_nonnull(memmem(g_bytes_get_data(got, NULL), g_bytes_get_size(got), "ICC_PROFILE", 11));
                g_bytes_unref(got);
                g_bytes_unref(want);
            }
        /* damaged: cut at two thirds, the EOI put back */
        GByteArray *cut = g_byte_array_new();
        g_byte_array_append(cut, j->data, j->len * 2 / 3);
        g_byte_array_append(cut, (const guint8 *)"\xFF\xD9", 2);
        char *pc = write_fixture("fd-cut.jpg", cut->data, cut->len);
        GError *verr = NULL, *err = NULL;
        g_assert_false(image_verify_jpeg_bytes(cut->data, cut->len, &verr));
        bool damaged = false, unread = true;
        int fd = g_open(pc, O_RDONLY, 0);
        g_assert_null(image_resample_jpeg_fd_checked(fd, (goffset)cut->len, &in, 320, 240, false, 80, &damaged, &unread,
                                                     &err));
        close(fd);
        g_assert_false(unread);
        g_assert_true(damaged);
        g_assert_cmpstr(err->message, ==, verr->message);
        g_clear_error(&err);
        g_clear_error(&verr);
        /* shorter than said (cut, no EOI): not judged */
        char *ps = write_fixture("fd-short.jpg", j->data, j->len * 2 / 3);
        fd = g_open(ps, O_RDONLY, 0);
        g_assert_null(image_resample_jpeg_fd_checked(fd, (goffset)j->len, &in, 320, 240, false, 80, &damaged, &unread,
                                                     &err));
        close(fd);
        g_assert_true(unread);
        g_assert_no_error(err);
        g_free(ps);
        /* not the size probed: not judged */
        image_info other = in;
        other.width = w - 1;
        fd = g_open(p, O_RDONLY, 0);
        g_assert_null(image_resample_jpeg_fd_checked(fd, (goffset)j->len, &other, 320, 240, false, 80, &damaged, &unread,
                                                     &err));
        close(fd);
        g_assert_true(unread);
        g_assert_no_error(err);
        g_free(pc);
        g_byte_array_unref(cut);
        g_free(p);
        g_byte_array_unref(j);
        g_byte_array_unref(plain);
    }
    /* CMYK: left to the caller */
    guint8 *cmyk = g_malloc((gsize)w * h * 4);
    for (gsize i = 0; i < (gsize)w * h * 4; i++)
        cmyk[i] = rgb[i % ((gsize)w * h * 3)];
    GByteArray *j = encode_jpeg_as(cmyk, TJPF_CMYK, w, h, TJSAMP_444, 0, 1, EXIF_NONE);
    char *p = write_fixture("fd-cmyk.jpg", j->data, j->len);
    int fd = g_open(p, O_RDONLY, 0);
    bool damaged = true, unread = false;
    GError *err = NULL;
    g_assert_null(image_resample_jpeg_fd_checked(fd, (goffset)j->len, &in, 320, 240, false, 80, &damaged, &unread, &err));
    close(fd);
    g_assert_true(unread);
    g_assert_no_error(err);
    g_free(p);
    g_byte_array_unref(j);
    g_free(cmyk);
    g_free(rgb);
}

/*** Main ***/

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    imagetest_begin();

    g_test_add_func("/image/downsample/jpeg", test_downsample_jpeg);
    g_test_add_func("/image/downsample/passthrough", test_downsample_passthrough);
    g_test_add_func("/image/downsample/orientation", test_downsample_orientation);
    g_test_add_func("/image/downsample/previews", test_downsample_previews);
    g_test_add_func("/image/downsample/checked-same-bytes", test_checked_same_bytes);
    g_test_add_func("/image/downsample/fd-checked", test_fd_checked);
    int rc = g_test_run();
    imagetest_end();
    return rc;
}
