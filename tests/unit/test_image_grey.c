/* Unit tests for grey drawing (image_cache_set_grayscale; image_resample.c
 * and image_decode.c): one-channel JPEGs and grey PNGs in the PDF, BT.601
 * luma, upright, alpha kept, grey previews, deterministic, and off leaves
 * everything as it was. */
#include "imagetest.h"

/*** Grey (image_cache_set_grayscale) ***/

/* The BT.601 luma of the test picture's colours: 0.299 R + 0.587 G + 0.114 B. */
enum { LUMA_RED = 76, LUMA_GREEN = 150, LUMA_BLUE = 29 };

/* The pixel is R = G = B (±2) and within 'tol' of 'want'. */
static void check_grey(cairo_surface_t *s, int x, int y, int want, int tol, const char *what)
{
    int c[3];
    rgb_at(s, x, y, c);
    int lo = MIN(c[0], MIN(c[1], c[2])), hi = MAX(c[0], MAX(c[1], c[2]));
    if (hi - lo > 2 || abs((c[0] + c[1] + c[2]) / 3 - want) > tol)
        g_error("%s: pixel %d,%d is %d,%d,%d, expected grey %d (+-%d)", what, x, y, c[0], c[1], c[2], want, tol);
}

/* check_upright in grey: the red half, the blue half and the green marker
 * are the lumas of their colours, three different greys. */
static void check_upright_grey(cairo_surface_t *s, double x, double y, double k, int tol, const char *what)
{
    static const struct { int px, py, luma; } spots[] = {
        { 32, 24, LUMA_GREEN }, { 128, 24, LUMA_RED },  { 80, 10, LUMA_RED },  { 32, 50, LUMA_RED },
        { 32, 90, LUMA_BLUE },  { 128, 90, LUMA_BLUE }, { 80, 110, LUMA_BLUE }, { 140, 50, LUMA_RED },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(spots); i++)
        check_grey(s, (int)floor(x + spots[i].px * k), (int)floor(y + spots[i].py * k), spots[i].luma, tol, what);
}

/* Renders page 1 of 'pdf' at 72 dpi (one pixel a point). */
static cairo_surface_t *render_page(const char *pdf)
{
    char *prefix = g_strconcat(pdf, "-page", NULL);
    proc r = RUN("pdftoppm", "-r", "72", "-png", "-singlefile", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    proc_clear(&r);
    char *png = g_strconcat(prefix, ".png", NULL);
    cairo_surface_t *img = cairo_image_surface_create_from_png(png);
    g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
    g_free(png);
    g_free(prefix);
    return img;
}

/* The first image of 'pdf' extracted as it is embedded (pdfimages -j). */
static GByteArray *first_jpeg(const char *pdf)
{
    char *prefix = g_strconcat(pdf, "-x", NULL);
    proc r = RUN("pdfimages", "-j", "-f", "1", "-l", "1", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    proc_clear(&r);
    char *x0 = g_strconcat(prefix, "-000.jpg", NULL);
    GByteArray *b = read_all(x0);
    g_free(x0);
    g_free(prefix);
    return b;
}

/* A colour JPEG drawn grey: a one-channel JPEG in the PDF, upright (EXIF 6
 * too, and downsampled), the red and blue halves their lumas; a JPEG that
 * is greyscale already passes through as it is. */
static void test_grey_pdf_jpeg(void)
{
    if (!have_tool("pdftoppm") || !have_tool("pdfimages")) {
        g_test_skip("pdftoppm, pdfimages (poppler-utils) are not installed");
        return;
    }
    /* 160×120 pt at 300 dpi needs 667×500: the whole 160×120, at 1/1;
     * at 30 dpi (downsampling) 67×50, decoded at 1/2 */
    static const struct { int o, dpi; } cases[] = { { 1, 0 }, { 6, 0 }, { 6, 30 } };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        int o = cases[i].o, dpi = cases[i].dpi;
        bool swap = o >= 5;
        char *jp = oriented_jpeg(o);
        char *name = g_strdup_printf("grey-%d-%d.pdf", o, dpi);
        char *pdf = path_of(name);
        image_cache *c = image_cache_new();
        image_cache_set_downsample(c, dpi, 90);
        image_cache_set_grayscale(c, true);
        cairo_surface_t *s = pdf_new(pdf, UP_W, UP_H);
        cairo_t *cr = cairo_create(s);
        draw_ok(c, cr, jp, 0, 0, UP_W, UP_H, false, false);
        cairo_destroy(cr);
        int done = -1, num = 0, denom = 0;
        image_cache_test_stats(c, &done, &num, &denom);
        g_assert_cmpint(done, ==, dpi ? 1 : 0);
        g_assert_cmpint(num, ==, 1);
        g_assert_cmpint(denom, ==, dpi ? 2 : 1);
        image_cache_free(c);
        pdf_close(s);

        GArray *imgs = pdf_images(pdf);
        g_assert_cmpuint(imgs->len, ==, 1);
        pdf_image *im = &g_array_index(imgs, pdf_image, 0);
        g_assert_cmpstr(im->type, ==, "image");
        g_assert_cmpstr(im->color, ==, "gray");
        g_assert_cmpint(im->comp, ==, 1);
        g_assert_cmpstr(im->enc, ==, "jpeg");
        int w = dpi ? needed(UP_W, dpi) : UP_W, h = dpi ? needed(UP_H, dpi) : UP_H;
        g_assert_cmpint(im->width, ==, swap ? h : w);
        g_assert_cmpint(im->height, ==, swap ? w : h);
        g_array_unref(imgs);

        /* the embedded JPEG itself has one component */
        GByteArray *b = first_jpeg(pdf);
        tjhandle tj = tjInitDecompress();
        int jw = 0, jh = 0, subsamp = -1, cs = -1;
        g_assert_cmpint(tjDecompressHeader3(tj, b->data, (unsigned long)b->len, &jw, &jh, &subsamp, &cs), ==, 0);
        tjDestroy(tj);
        g_assert_cmpint(subsamp, ==, TJSAMP_GRAY);
        g_assert_cmpint(cs, ==, TJCS_GRAY);
        g_byte_array_unref(b);

        cairo_surface_t *img = render_page(pdf);
        char *what = g_strdup_printf("grey PDF, orientation %d, %d dpi", o, dpi);
        check_upright_grey(img, 0, 0, 1, 8, what);
        g_free(what);
        cairo_surface_destroy(img);
        g_free(pdf);
        g_free(name);
        g_free(jp);
    }

    /* greyscale already: the file's bytes (downsampling not asked for) */
    guint8 *grey = noise_rgb(96, 64, 121); /* the first third as grey samples */
    GByteArray *j = encode_jpeg_as(grey, TJPF_GRAY, 96, 64, TJSAMP_GRAY, 0, 1, EXIF_NONE);
    char *gp = write_fixture("grey-source.jpg", j->data, j->len);
    char *pdf = path_of("grey-source.pdf");
    image_cache *c = image_cache_new();
    image_cache_set_grayscale(c, true);
    cairo_surface_t *s = pdf_new(pdf, 100, 100);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, gp, 0, 0, 24, 16, false, false); /* 800 dpi */
    cairo_destroy(cr);
    image_cache_free(c);
    pdf_close(s);
    GByteArray *b = first_jpeg(pdf);
    g_assert_cmpmem(j->data, j->len, b->data, b->len);
    g_byte_array_unref(b);
    g_free(pdf);
    g_free(gp);
    g_byte_array_unref(j);
    g_free(grey);
}

static void check_alpha_grey(cairo_surface_t *s, double x, double y, double k, int tol, const char *what)
{
    /* blue's luma 29 at alpha 128/255 over green: 15, 15 + 127, 15 */
    check_grey(s, (int)(x + 80 * k), (int)(y + 30 * k), LUMA_RED, tol, what);
    check_grey(s, (int)(x + 10 * k), (int)(y + 10 * k), LUMA_RED, tol, what);
    check_rgb(s, (int)(x + 40 * k), (int)(y + 90 * k), 15, 142, 15, tol + 2, what);
    check_rgb(s, (int)(x + 120 * k), (int)(y + 90 * k), 0, 255, 0, tol, what);
    check_rgb(s, (int)(x + 150 * k), (int)(y + 110 * k), 0, 255, 0, tol, what);
    check_rgb(s, (int)x - 3, (int)y - 3, 0, 255, 0, 0, what); /* around */
}

/* A PNG with alpha drawn grey over a green page: opaque red becomes its
 * luma, half-transparent blue lets half the green through, the transparent
 * quarter shows the green as it is; at full size and downsampled, in the
 * PDF and in a preview. */
static void test_grey_png_alpha(void)
{
    char *png = alpha_png();
    /* preview: into an opaque surface painted green */
    image_cache *c = image_cache_new();
    image_cache_set_grayscale(c, true);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 160);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 1, 0);
    cairo_paint(cr);
    draw_ok(c, cr, png, 20, 20, UP_W, UP_H, false, true);
    cairo_destroy(cr);
    check_alpha_grey(s, 20, 20, 1, 1, "grey PNG preview");
    cairo_surface_destroy(s);
    image_cache_free(c);

    if (!have_tool("pdftoppm") || !have_tool("pdfimages"))
        return;
    char *pdf = path_of("grey-alpha.pdf");
    c = image_cache_new();
    image_cache_set_downsample(c, 72, 0);
    image_cache_set_grayscale(c, true);
    s = pdf_new(pdf, 200, 240);
    cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 1, 0);
    cairo_paint(cr);
    draw_ok(c, cr, png, 20, 20, UP_W, UP_H, false, false);  /* 72 dpi: as it is */
    draw_ok(c, cr, png, 20, 160, 80, 60, false, false);     /* reduced to 80×60 */
    cairo_destroy(cr);
    int done = -1;
    image_cache_test_stats(c, &done, NULL, NULL);
    g_assert_cmpint(done, ==, 1);
    image_cache_free(c);
    pdf_close(s);

    GArray *imgs = pdf_images(pdf);
    g_assert_cmpuint(imgs->len, ==, 4);
    for (guint i = 0; i < imgs->len; i++) {
        pdf_image *im = &g_array_index(imgs, pdf_image, i);
        g_assert_cmpstr(im->type, ==, i % 2 ? "smask" : "image");
        g_assert_cmpstr(im->color, ==, "gray");
        g_assert_cmpint(im->comp, ==, 1);
        g_assert_cmpstr(im->enc, ==, "image"); /* lossless */
        g_assert_cmpint(im->width, ==, i < 2 ? UP_W : 80);
        g_assert_cmpint(im->height, ==, i < 2 ? UP_H : 60);
    }
    g_array_unref(imgs);
    cairo_surface_t *img = render_page(pdf);
    check_alpha_grey(img, 20, 20, 1, 3, "grey PNG in PDF");
    check_alpha_grey(img, 20, 160, 0.5, 3, "grey PNG in PDF, downsampled");
    cairo_surface_destroy(img);
    g_free(pdf);
    g_free(png);
}

/* Previews are grey too (the JPEG at a reduced scale and in full, EXIF 6
 * upright; the PNG to the exact luma); grey off again, they are in colour. */
static void test_grey_previews(void)
{
    char *jp = oriented_jpeg(6);
    char *png = upright_png("grey-preview.png");
    image_cache *c = image_cache_new();
    image_cache_set_grayscale(c, true);
    static const double scales[] = { 0.25, 1.0 };
    for (size_t i = 0; i < G_N_ELEMENTS(scales); i++) {
        double k = scales[i];
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
        cairo_t *cr = cairo_create(s);
        draw_ok(c, cr, jp, 10, 20, UP_W * k, UP_H * k, false, true);
        cairo_destroy(cr);
        int num = 0, denom = 0;
        image_cache_test_stats(c, NULL, &num, &denom);
        g_assert_cmpint(num, ==, 1);
        g_assert_cmpint(denom, ==, k < 1 ? 4 : 1);
        check_upright_grey(s, 10, 20, k, 8, "grey JPEG preview");
        g_assert_cmpint(pixel(s, 5, 10), ==, C_CLEAR); /* outside stays untouched */
        g_assert_cmpint(pixel(s, (int)(10 + UP_W * k) + 1, (int)(20 + UP_H * k) + 1), ==, C_CLEAR);
        cairo_surface_destroy(s);
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, png, 10, 20, UP_W, UP_H, false, true);
    cairo_destroy(cr);
    check_upright_grey(s, 10, 20, 1, 0, "grey PNG preview");
    cairo_surface_destroy(s);

    image_cache_set_grayscale(c, false);
    for (int i = 0; i < 2; i++) {
        s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
        cr = cairo_create(s);
        draw_ok(c, cr, i ? png : jp, 10, 20, UP_W, UP_H, false, true);
        cairo_destroy(cr);
        check_upright(s, 10, 20, 1, "colour preview after grey");
        cairo_surface_destroy(s);
    }
    image_cache_free(c);
    g_free(png);
    g_free(jp);
}

/* The phone photo in grey: not downsampled, decoded at the smallest scale
 * keeping 300 dpi (300×225 pt needs 1250×938: 3/8, 1512×1134); downsampled
 * at 150 dpi, 625×469 from 1/4. The same size is one image (across caches
 * too); two renders give the same bytes. */
static void test_grey_photo(void)
{
    if (!have_tool("pdfimages")) {
        g_test_skip("pdfimages (poppler-utils) is not installed");
        return;
    }
    char *in_colour = path_of("grey-photo-colour.pdf"), *grey = path_of("grey-photo.pdf"),
         *grey150 = path_of("grey-photo-150.pdf"), *more = path_of("grey-photo-more.pdf"),
         *again = path_of("grey-photo-more-2.pdf");
    int st[3];
    render_photo_as(in_colour, 0, 0, false, false, st);
    render_photo_as(grey, 0, 0, false, true, st);
    g_assert_cmpint(st[0], ==, 0);
    g_assert_cmpint(st[1], ==, 3);
    g_assert_cmpint(st[2], ==, 8);
    GArray *imgs = pdf_images(grey);
    g_assert_cmpuint(imgs->len, ==, 1);
    pdf_image *im = &g_array_index(imgs, pdf_image, 0);
    g_assert_cmpstr(im->color, ==, "gray");
    g_assert_cmpint(im->comp, ==, 1);
    g_assert_cmpstr(im->enc, ==, "jpeg");
    g_assert_cmpint(im->width, ==, PHOTO_W * 3 / 8);
    g_assert_cmpint(im->height, ==, PHOTO_H * 3 / 8);
    g_assert_cmpint(im->x_ppi, >=, 300);
    g_array_unref(imgs);

    render_photo_as(grey150, 150, 0, false, true, st);
    g_assert_cmpint(st[0], ==, 1);
    g_assert_cmpint(st[1], ==, 1);
    g_assert_cmpint(st[2], ==, 4);
    imgs = pdf_images(grey150);
    g_assert_cmpuint(imgs->len, ==, 1);
    im = &g_array_index(imgs, pdf_image, 0);
    g_assert_cmpstr(im->color, ==, "gray");
    g_assert_cmpint(im->comp, ==, 1);
    g_assert_cmpstr(im->enc, ==, "jpeg");
    g_assert_cmpint(im->width, ==, needed(300, 150));
    g_assert_cmpint(im->height, ==, needed(225, 150));
    g_array_unref(imgs);

    gsize colour_bytes = file_size(in_colour), grey_bytes = file_size(grey), grey150_bytes = file_size(grey150);
    g_test_message("%dx%d photo: colour PDF %zu bytes; grey PDF %zu bytes (%dx%d), at 150 dpi %zu bytes", PHOTO_W,
                   PHOTO_H, (size_t)colour_bytes, (size_t)grey_bytes, PHOTO_W * 3 / 8, PHOTO_H * 3 / 8,
                   (size_t)grey150_bytes);
    g_assert_cmpuint(grey_bytes * 4, <, colour_bytes);
    g_assert_cmpuint(grey150_bytes, <, grey_bytes);

    /* page 2 again, a cover crop (200×150 pt: 834×625 needed, 1/4), a second
     * cache: two images; and the same bytes twice */
    render_photo_as(more, 0, 0, true, true, st);
    g_assert_cmpint(st[2], ==, 4);
    imgs = pdf_images(more);
    g_assert_cmpuint(imgs->len, ==, 4);
    g_assert_cmpint(distinct_objects(imgs), ==, 2);
    pdf_image *a = &g_array_index(imgs, pdf_image, 0), *b = &g_array_index(imgs, pdf_image, 1),
              *cv = &g_array_index(imgs, pdf_image, 2), *d = &g_array_index(imgs, pdf_image, 3);
    g_assert_cmpint(a->object, ==, b->object);
    g_assert_cmpint(a->object, ==, d->object);
    g_assert_cmpint(cv->width, ==, PHOTO_W / 4);
    g_assert_cmpstr(cv->color, ==, "gray");
    g_array_unref(imgs);
    render_photo_as(again, 0, 0, true, true, st);
    GByteArray *x = read_all(more), *y = read_all(again);
    g_assert_cmpmem(x->data, x->len, y->data, y->len);
    g_byte_array_unref(y);
    g_byte_array_unref(x);

    g_free(again);
    g_free(more);
    g_free(grey150);
    g_free(grey);
    g_free(in_colour);
}

/* Draws a little of everything: a JPEG passed through (EXIF 6), a JPEG
 * downsampled, a PNG as it is and reduced; then previews into 'preview'. */
static void grey_off_scene(image_cache *c, const char *pdf, const char *jp, const char *big, const char *png,
                           cairo_surface_t *preview)
{
    image_cache_set_downsample(c, 150, 0);
    cairo_surface_t *s = pdf_new(pdf, 400, 400);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-04-01T09:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, jp, 10, 10, 48, 64, false, false);
    draw_ok(c, cr, big, 100, 10, 100, 75, false, false);
    draw_ok(c, cr, png, 10, 100, 160, 120, false, false);
    draw_ok(c, cr, png, 200, 100, 50, 37.5, false, false);
    cairo_destroy(cr);
    pdf_close(s);
    cr = cairo_create(preview);
    draw_ok(c, cr, jp, 0, 0, 60, 80, false, true);
    draw_ok(c, cr, big, 60, 0, 100, 75, false, true);
    draw_ok(c, cr, png, 0, 80, 80, 60, false, true);
    cairo_destroy(cr);
}

/* Grey off (the default, or set back) leaves every byte as it was: the
 * same PDF and previews as a cache that never heard of grey, and the JPEG
 * passed through is the file. */
static void test_grey_off(void)
{
    if (!have_tool("pdfimages")) {
        g_test_skip("pdfimages (poppler-utils) is not installed");
        return;
    }
    char *jp = noise_jpeg("grey-off.jpg", 64, 48, 131, 6, EXIF_AFTER_SOI);
    char *big = noise_jpeg("grey-off-big.jpg", 400, 300, 132, 1, EXIF_NONE);
    char *png = upright_png("grey-off.png");
    char *pa = path_of("grey-off-a.pdf"), *pb = path_of("grey-off-b.pdf"), *pg = path_of("grey-off-g.pdf");
    cairo_surface_t *va = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 160, 140);
    cairo_surface_t *vb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 160, 140);
    cairo_surface_t *vg = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 160, 140);
    image_cache *a = image_cache_new();
    image_cache_set_keep_metadata(a, true); /* the JPEG byte for byte below, its EXIF too */
    grey_off_scene(a, pa, jp, big, png, va);
    image_cache_free(a);
    image_cache *b = image_cache_new();
    image_cache_set_keep_metadata(b, true);
    image_cache_set_grayscale(b, true);
    grey_off_scene(b, pg, jp, big, png, vg); /* everything grey, cached */
    image_cache_set_grayscale(b, false);
    grey_off_scene(b, pb, jp, big, png, vb);
    image_cache_free(b);

    GByteArray *x = read_all(pa), *y = read_all(pb);
    g_assert_cmpmem(x->data, x->len, y->data, y->len);
    g_byte_array_unref(y);
    g_byte_array_unref(x);
    cairo_surface_flush(va);
    cairo_surface_flush(vb);
    g_assert_cmpmem(cairo_image_surface_get_data(va), 140 * cairo_image_surface_get_stride(va),
                    cairo_image_surface_get_data(vb), 140 * cairo_image_surface_get_stride(vb));
    x = read_all(jp);
    y = first_jpeg(pb);
    g_assert_cmpmem(x->data, x->len, y->data, y->len);
    g_byte_array_unref(y);
    g_byte_array_unref(x);

    GArray *ia = pdf_images(pb), *ig = pdf_images(pg);
    g_assert_cmpuint(ia->len, ==, 4);
    g_assert_cmpuint(ig->len, ==, 4);
    for (guint i = 0; i < 4; i++) {
        g_assert_cmpstr(g_array_index(ia, pdf_image, i).color, ==, "rgb");
        g_assert_cmpstr(g_array_index(ig, pdf_image, i).color, ==, "gray");
        g_assert_cmpint(g_array_index(ig, pdf_image, i).width, ==, g_array_index(ia, pdf_image, i).width);
    }
    g_array_unref(ig);
    g_array_unref(ia);
    /* the grey previews differ from the colour ones */
    cairo_surface_flush(vg);
    g_assert_true(memcmp(cairo_image_surface_get_data(va), cairo_image_surface_get_data(vg),
                         140 * (size_t)cairo_image_surface_get_stride(va)) != 0);
    cairo_surface_destroy(vg);
    cairo_surface_destroy(vb);
    cairo_surface_destroy(va);
    g_free(pg);
    g_free(pb);
    g_free(pa);
    g_free(png);
    g_free(big);
    g_free(jp);
}

/*** Main ***/

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    imagetest_begin();

    g_test_add_func("/image/grey/pdf-jpeg", test_grey_pdf_jpeg);
    g_test_add_func("/image/grey/png-alpha", test_grey_png_alpha);
    g_test_add_func("/image/grey/previews", test_grey_previews);
    g_test_add_func("/image/grey/photo", test_grey_photo);
    g_test_add_func("/image/grey/off", test_grey_off);
    int rc = g_test_run();
    imagetest_end();
    return rc;
}
