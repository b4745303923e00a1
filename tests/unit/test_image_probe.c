/* Unit tests for image_probe.c (and image_sniff.c, image_source.c): formats
 * by their bytes, not their names; sizes; the EXIF orientation in all its
 * forms; damaged, truncated and unsupported files, each with its message
 * (the same from image_probe, image_probe_bytes and image_draw); the limits
 * before anything that fails because of the size (issue 17); the tails of
 * JPEGs (padding, trailing data, sparse files). */
#include "imagetest.h"

/*** Probing ***/

static void test_probe_orientations(void)
{
    for (int o = 1; o <= 8; o++) {
        char *name = g_strdup_printf("probe-o%d.jpg", o);
        char *p = noise_jpeg(name, 64, 48, (guint32)o, o, EXIF_AFTER_SOI);
        image_info info;
        GError *err = NULL;
        g_assert_true(image_probe(p, &info, &err));
        g_assert_no_error(err);
        g_assert_cmpint(info.format, ==, IMAGE_FORMAT_JPEG);
        g_assert_cmpint(info.width, ==, 64);
        g_assert_cmpint(info.height, ==, 48);
        g_assert_cmpint(info.orientation, ==, o);
        g_assert_cmpint(info.display_w, ==, o >= 5 ? 48 : 64);
        g_assert_cmpint(info.display_h, ==, o >= 5 ? 64 : 48);
        g_free(p);
        g_free(name);
    }
}

static void test_probe_exif_variants(void)
{
    static const struct { int orientation, where, expect; } cases[] = {
        { 6, EXIF_NONE, 1 },                          /* no EXIF */
        { 6, EXIF_AFTER_JFIF, 6 },                    /* after the JFIF segment */
        { 8, EXIF_AFTER_SOI | EXIF_BIG_ENDIAN, 8 },   /* Motorola byte order */
        { 3, EXIF_AFTER_XMP, 3 },                     /* an XMP APP1 first */
        { 0, EXIF_AFTER_SOI, 1 },                     /* out of range */
        { 9, EXIF_AFTER_SOI, 1 },
        { 300, EXIF_AFTER_SOI, 1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *name = g_strdup_printf("exif-%zu.jpg", i);
        char *p = noise_jpeg(name, 40, 30, 7, cases[i].orientation, cases[i].where);
        image_info info;
        GError *err = NULL;
        g_assert_true(image_probe(p, &info, &err));
        g_assert_no_error(err);
        g_assert_cmpint(info.orientation, ==, cases[i].expect);
        g_assert_cmpint(info.width, ==, 40);
        g_assert_cmpint(info.height, ==, 30);
        g_free(p);
        g_free(name);
    }
}

static void test_probe_by_bytes(void)
{
    /* a PNG named .jpg and a JPEG named .png */
    char *png = upright_png("really-a-png.jpg");
    char *jpg = noise_jpeg("really-a-jpeg.png", 33, 21, 3, 1, EXIF_NONE);
    image_info info;
    GError *err = NULL;
    g_assert_true(image_probe(png, &info, &err));
    g_assert_no_error(err);
    g_assert_cmpint(info.format, ==, IMAGE_FORMAT_PNG);
    g_assert_cmpint(info.width, ==, UP_W);
    g_assert_cmpint(info.height, ==, UP_H);
    g_assert_cmpint(info.orientation, ==, 1);
    g_assert_cmpint(info.display_w, ==, UP_W);
    g_assert_true(image_probe(jpg, &info, &err));
    g_assert_no_error(err);
    g_assert_cmpint(info.format, ==, IMAGE_FORMAT_JPEG);
    g_assert_cmpint(info.width, ==, 33);
    g_assert_cmpint(info.height, ==, 21);
    g_free(png);
    g_free(jpg);
}

/* Progressive, greyscale and restart-interval JPEGs are fine (probed, passed
 * through, decoded); CMYK ones are refused with a message. */
static void test_jpeg_kinds(void)
{
    guint8 *rgb = noise_rgb(64, 48, 81);
    const struct {
        const char *name;
        int subsamp, flags;
    } kinds[] = {
        { "progressive.jpg", TJSAMP_420, TJFLAG_PROGRESSIVE },
        { "grey.jpg", TJSAMP_GRAY, 0 },
        { "422.jpg", TJSAMP_422, 0 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
        GByteArray *j = encode_jpeg_as(rgb, TJPF_RGB, 64, 48, kinds[i].subsamp, kinds[i].flags, 6, EXIF_AFTER_SOI);
        /* data after the image too: the scans are walked to find its end */
        GByteArray *t = g_byte_array_new();
        g_byte_array_append(t, j->data, j->len);
        for (int k = 0; k < 100; k++)
            g_byte_array_append(t, (const guint8 *)"trailing", 8);
        char *p = write_fixture(kinds[i].name, t->data, t->len);
        image_info info;
        GError *err = NULL;
        g_assert_true(image_probe(p, &info, &err));
        g_assert_no_error(err);
        g_assert_cmpint(info.width, ==, 64);
        g_assert_cmpint(info.height, ==, 48);
        g_assert_cmpint(info.orientation, ==, 6);
        image_cache *c = image_cache_new();
        image_cache_set_keep_metadata(c, true); /* byte for byte below, its EXIF too */
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 48, 64);
        cairo_t *cr = cairo_create(s);
        draw_ok(c, cr, p, 0, 0, 48, 64, false, true);
        draw_ok(c, cr, p, 0, 0, 12, 16, false, true);
        cairo_destroy(cr);
        g_assert_cmpint(pixel(s, 40, 60), !=, C_CLEAR);
        cairo_surface_destroy(s);
        if (have_tool("pdfimages")) {
            char *pdf = g_strconcat(p, ".pdf", NULL);
            s = pdf_new(pdf, 100, 100);
            cr = cairo_create(s);
            draw_ok(c, cr, p, 0, 0, 48, 64, false, false);
            cairo_destroy(cr);
            pdf_close(s);
            char *prefix = g_strconcat(p, "-x", NULL);
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
        }
        image_cache_free(c);
        g_free(p);
        g_byte_array_unref(t);
        g_byte_array_unref(j);
    }
    g_free(rgb);

    guint8 *cmyk = noise_rgb(32, 32 * 4 / 3, 82); /* 32×32 pixels of 4 bytes */
    GByteArray *j = encode_jpeg_as(cmyk, TJPF_CMYK, 32, 32, TJSAMP_444, 0, 1, EXIF_NONE);
    char *p = write_fixture("cmyk.jpg", j->data, j->len);
    char *m = expect_probe_error(p);
    g_assert_cmpstr(m, ==, "is a CMYK JPEG (made for printing), which is not supported: save it as an RGB JPEG");
    g_free(m);
    g_free(p);
    g_byte_array_unref(j);
    g_free(cmyk);
}

/* Sets a JPEG's SOF size (first SOFn marker). */
static void patch_sof(GByteArray *j, int w, int h)
{
    for (guint i = 2; i + 9 < j->len; i++) {
        if (j->data[i] == 0xFF && j->data[i + 1] == 0xC0) {
            j->data[i + 5] = (guint8)(h >> 8), j->data[i + 6] = (guint8)h;
            j->data[i + 7] = (guint8)(w >> 8), j->data[i + 8] = (guint8)w;
            return;
        }
    }
    g_assert_not_reached();
}

static void put_be32(guint8 *p, uint32_t v)
{
    p[0] = (guint8)(v >> 24), p[1] = (guint8)(v >> 16), p[2] = (guint8)(v >> 8), p[3] = (guint8)v;
}

static void test_probe_errors(void)
{
    char *jp = noise_jpeg("src-errors.jpg", 64, 48, 11, 6, EXIF_AFTER_SOI);
    GByteArray *jpeg = read_all(jp);
    char *pp = upright_png("src-errors.png");
    GByteArray *png = read_all(pp);

    GByteArray *big = g_byte_array_new();
    g_byte_array_append(big, jpeg->data, jpeg->len);
    patch_sof(big, 60000, 60000);
    GByteArray *wide = g_byte_array_new();
    g_byte_array_append(wide, jpeg->data, jpeg->len);
    patch_sof(wide, 30000, 100);
    GByteArray *bigpng = g_byte_array_new();
    g_byte_array_append(bigpng, png->data, png->len);
    put_be32(bigpng->data + 16, 60000);
    put_be32(bigpng->data + 20, 60000);
    GByteArray *corrupt = g_byte_array_new();
    g_byte_array_append(corrupt, jpeg->data, jpeg->len);
    memset(corrupt->data + 8, 0x55, 40); /* inside the EXIF segment's header chain */
    corrupt->data[2 + 36] = 0x55;         /* where the next marker should be */

    static const guint8 heic[] = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
                                   'm', 'i', 'f', '1', 'h', 'e', 'i', 'c', 0, 0, 0, 0 };
    static const guint8 avif[] = { 0, 0, 0, 0x1C, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f', 0, 0, 0, 0,
                                   'a', 'v', 'i', 'f', 'm', 'i', 'f', '1', 'm', 'i', 'a', 'f', 0, 0, 0, 0 };
    static const guint8 mov[] = { 0, 0, 0, 0x14, 'f', 't', 'y', 'p', 'q', 't', ' ', ' ', 0, 0, 0, 0,
                                  'q', 't', ' ', ' ', 0, 0, 0, 8 };
    static const guint8 webp[] = { 'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 0, 0 };
    static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0, ';' };
    static const guint8 tiff[] = { 'I', 'I', 0x2A, 0, 8, 0, 0, 0, 0, 0 };
    static const guint8 bmp[] = { 'B', 'M', 58, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 1, 0, 0, 0, 1, 0 };
    static const char text[] = "# 出張報告\nplace: 松江市\n";
    static const char pdf[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";
    static const char svg[] = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n";
    static const guint8 binary[] = { 0x00, 0x01, 0x02, 0x03, 0x10, 0x80, 0xFE, 0x00 };

    const struct {
        const char *name;
        const void *data;
        size_t len;
        const char *expect;
    } cases[] = {
        { "empty.jpg", "", 0, "is empty (0 bytes)" },
        { "truncated.jpg", jpeg->data, jpeg->len * 6 / 10,
          "is a truncated or damaged JPEG (it does not end properly); copy the photo again" },
        { "truncated-header.jpg", jpeg->data, 30, "is a truncated or damaged JPEG (its header is incomplete)" },
        { "corrupt.jpg", corrupt->data, corrupt->len, "is a damaged JPEG (its header cannot be read)" },
        { "soi-only.jpg", "\xFF\xD8\xFF", 3, "is a truncated or damaged JPEG" },
        { "huge.jpg", big->data, big->len, "claims 60000×60000 pixels, more than the 50-megapixel limit" },
        { "wide.jpg", wide->data, wide->len, "claims 30000×100 pixels, more than the 20000-pixel limit" },
        { "huge.png", bigpng->data, bigpng->len, "claims 60000×60000 pixels, more than the 50-megapixel limit" },
        { "truncated.png", png->data, png->len / 2, "is a truncated or damaged PNG (it does not end properly)" },
        { "header.png", png->data, 12, "is a truncated or damaged PNG" },
        { "photo.heic", heic, sizeof heic, "is a HEIC photo, which PDF cannot hold: convert it to JPEG" },
        { "photo-heic.jpg", heic, sizeof heic, "is a HEIC photo" },
        { "photo.avif", avif, sizeof avif, "is an AVIF image" },
        { "clip.jpg", mov, sizeof mov, "is a video (MP4/MOV), not a photo" },
        { "photo.webp", webp, sizeof webp, "is a WebP image, which PDF cannot hold: save it as JPEG or PNG" },
        { "anim.gif", gif, sizeof gif, "is a GIF image, which is not supported: save it as PNG" },
        { "scan.tif", tiff, sizeof tiff, "is a TIFF image" },
        { "old.bmp", bmp, sizeof bmp, "is a BMP image, which is not supported: save it as PNG" },
        { "notes.jpg", text, sizeof text - 1, "is not an image (it contains text)" },
        { "page.png", pdf, sizeof pdf - 1, "is a PDF document, not an image" },
        { "map.png", svg, sizeof svg - 1, "is an SVG drawing" },
        { "blob.jpg", binary, sizeof binary, "is not an image (its format is not recognised)" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *p = write_fixture(cases[i].name, cases[i].data, cases[i].len);
        char *m = expect_probe_error(p);
        if (!g_str_has_prefix(m, cases[i].expect))
            g_error("%s: got '%s', expected '%s…'", cases[i].name, m, cases[i].expect);
        /* drawing gives the same message */
        image_cache *c = image_cache_new();
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
        cairo_t *cr = cairo_create(s);
        GError *err = NULL;
        g_assert_false(image_draw(c, cr, p, 0, 0, 10, 10, false, true, &err));
        g_assert_nonnull(err);
        g_assert_cmpstr(err->message, ==, m);
        g_error_free(err);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        image_cache_free(c);
        g_free(m);
        g_free(p);
    }

    /* missing files and folders */
    char *missing = path_of("no-such-photo.jpg");
    char *m = expect_probe_error(missing);
    g_assert_cmpstr(m, ==, "was not found");
    g_free(m);
    m = expect_probe_error(tmp);
    g_assert_cmpstr(m, ==, "is a folder, not an image file");
    g_free(m);
    g_free(missing);

    g_byte_array_unref(corrupt);
    g_byte_array_unref(bigpng);
    g_byte_array_unref(wide);
    g_byte_array_unref(big);
    g_byte_array_unref(png);
    g_byte_array_unref(jpeg);
    g_free(pp);
    g_free(jp);
}

/* Issue 17: the size limits come before anything that fails because of the
 * size. libjpeg-turbo refuses a side over 65500 pixels as an error of its
 * own, so a 65535×65535 JPEG was called damaged; it gets the limit's
 * message, as a 60000×60000 one does: from a file, from memory and when
 * drawn. A SOF of height 0 (DNL, which libjpeg-turbo does not take) is
 * still damaged. */
static void test_probe_size_first(void)
{
    char *jp = noise_jpeg("src-size.jpg", 64, 48, 17, 1, EXIF_NONE);
    GByteArray *jpeg = read_all(jp);
    const struct {
        int w, h;
        const char *expect;
    } cases[] = {
        { 65535, 65535, "claims 65535×65535 pixels, more than the 50-megapixel limit" },
        { 65501, 16, "claims 65501×16 pixels, more than the 20000-pixel limit for one side" },
        { 16, 65535, "claims 16×65535 pixels, more than the 20000-pixel limit for one side" },
        { 65500, 65500, "claims 65500×65500 pixels, more than the 50-megapixel limit" },
        { 64, 0, "is a damaged JPEG (its header cannot be read); copy the photo again from the camera or phone" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        GByteArray *j = g_byte_array_new();
        g_byte_array_append(j, jpeg->data, jpeg->len);
        patch_sof(j, cases[i].w, cases[i].h);
        char *name = g_strdup_printf("size-%dx%d.jpg", cases[i].w, cases[i].h);
        char *p = write_fixture(name, j->data, j->len);
        char *m = expect_probe_error(p);
        g_assert_cmpstr(m, ==, cases[i].expect);

        image_info info;
        GError *err = NULL;
        g_assert_false(image_probe_bytes(j->data, j->len, &info, &err));
        g_assert_nonnull(err);
        g_assert_cmpstr(err->message, ==, cases[i].expect);
        g_clear_error(&err);

        image_cache *c = image_cache_new();
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
        cairo_t *cr = cairo_create(s);
        g_assert_false(image_draw(c, cr, p, 0, 0, 10, 10, false, false, &err));
        g_assert_nonnull(err);
        g_assert_cmpstr(err->message, ==, cases[i].expect);
        g_clear_error(&err);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        image_cache_free(c);
        g_free(m);
        g_free(p);
        g_free(name);
        g_byte_array_unref(j);
    }
    g_byte_array_unref(jpeg);
    g_free(jp);
}

/* Padding after the EOI, data trailing the image (motion photos append a
 * video) and a huge sparse file: the probe reads the header and the tail. */
static void test_probe_tails(void)
{
    char *jp = noise_jpeg("src-tails.jpg", 64, 48, 21, 1, EXIF_NONE);
    GByteArray *j = read_all(jp);

    GByteArray *padded = g_byte_array_new();
    g_byte_array_append(padded, j->data, j->len);
    static const guint8 zeros[16] = { 0 };
    g_byte_array_append(padded, zeros, sizeof zeros);
    char *pp = write_fixture("padded.jpg", padded->data, padded->len);
    image_info info;
    GError *err = NULL;
    g_assert_true(image_probe(pp, &info, &err));
    g_assert_no_error(err);

    GByteArray *trailer = g_byte_array_new();
    g_byte_array_append(trailer, j->data, j->len);
    guint8 *junk = noise_rgb(100, 100, 5); /* 30000 bytes */
    for (int i = 0; i < 30000; i++)
        if (junk[i] == 0xFF)
            junk[i] = 0xFE;
    g_byte_array_append(trailer, junk, 30000);
    char *tp = write_fixture("trailer.jpg", trailer->data, trailer->len);
    g_assert_true(image_probe(tp, &info, &err));
    g_assert_no_error(err);
    g_assert_cmpint(info.width, ==, 64);

    /* 5 MB of XMP segments before the image (as in some phones' portrait
     * photos, which carry a depth map there) */
    GByteArray *xmp = g_byte_array_new();
    g_byte_array_append(xmp, j->data, 2);
    guint8 *seg = g_malloc0(65537);
    seg[0] = 0xFF, seg[1] = 0xE1, seg[2] = 0xFF, seg[3] = 0xFF;
    memcpy(seg + 4, "http://ns.adobe.com/xmp/extension/", 35);
    for (int i = 0; i < 80; i++)
        g_byte_array_append(xmp, seg, 65537);
    g_byte_array_append(xmp, j->data + 2, j->len - 2);
    char *xp = write_fixture("xmp.jpg", xmp->data, xmp->len);
    g_assert_true(image_probe(xp, &info, &err));
    g_assert_no_error(err);
    g_assert_cmpint(info.width, ==, 64);
    g_assert_cmpint(info.height, ==, 48);
    g_free(xp);
    g_free(seg);
    g_byte_array_unref(xmp);

    /* 64 MB, nearly all of it a hole: a valid start and end */
    char *sp = path_of("sparse.jpg");
    FILE *f = fopen(sp, "wb");
    g_assert_nonnull(f);
    g_assert_cmpint((int)fwrite(j->data, 1, j->len - 2, f), ==, (int)(j->len - 2));
    g_assert_cmpint(fseek(f, 64L << 20, SEEK_SET), ==, 0);
    g_assert_cmpint((int)fwrite("\xFF\xD9", 1, 2, f), ==, 2);
    fclose(f);
    gint64 t0 = g_get_monotonic_time();
    g_assert_true(image_probe(sp, &info, &err));
    g_assert_no_error(err);
    gint64 dt = g_get_monotonic_time() - t0;
    g_assert_cmpint(dt, <, 2000000); /* reading 64 MB would not prove much, but this stays in the µs */

    g_free(sp);
    g_free(tp);
    g_free(pp);
    g_free(junk);
    g_byte_array_unref(trailer);
    g_byte_array_unref(padded);
    g_byte_array_unref(j);
    g_free(jp);
}

/*** Main ***/

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    imagetest_begin();

    g_test_add_func("/image/probe/orientations", test_probe_orientations);
    g_test_add_func("/image/probe/exif-variants", test_probe_exif_variants);
    g_test_add_func("/image/probe/by-bytes", test_probe_by_bytes);
    g_test_add_func("/image/probe/errors", test_probe_errors);
    g_test_add_func("/image/probe/size-first", test_probe_size_first);
    g_test_add_func("/image/probe/tails", test_probe_tails);
    g_test_add_func("/image/probe/jpeg-kinds", test_jpeg_kinds);
    int rc = g_test_run();
    imagetest_end();
    return rc;
}
