/* Unit tests for image.c: probing (formats by their bytes, sizes, EXIF
 * orientation, damaged and unsupported files) and drawing (JPEG bytes passed
 * through to the PDF unchanged and embedded once; photos upright for all
 * eight EXIF orientations, in PDF and in decoded previews) and downsampling
 * for sharing (sizes, reduced-scale decoding, passthrough below the
 * resolution, orientation, sharing, determinism); palette and 16-bit PNGs
 * (probed, decoded, drawn into PDF); grey drawing (image_cache_set_grayscale:
 * one-channel JPEGs and grey PNGs in the PDF, BT.601 luma, upright, alpha
 * kept, grey previews, deterministic, off leaves everything as it was);
 * PNG passthrough (image_cache_set_png_passthrough + pdfpost_amend: RGB and
 * grey IDAT data verbatim, one object, qpdf, the same rendering as decoded;
 * every other kind of PNG, grey and downsampling byte for byte as before;
 * a missing placeholder is an error). Every fixture is generated here, in a
 * temporary folder, with libturbojpeg and cairo, or (the PNGs cairo cannot
 * write) with the image generators' PNG writer on libpng (tests/gen). */
#include "image.h"

#include "../gen/gen_halves.h"
#include "../gen/gen_png.h"

#include <cairo-pdf.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <turbojpeg.h>
#include <unistd.h>

static char *tmp; /* the folder of this run's fixtures */

/*** Fixtures ***/

static char *path_of(const char *name)
{
    return g_build_filename(tmp, name, NULL);
}

/* Writes 'len' bytes to 'name' in the fixture folder; caller frees the path. */
static char *write_fixture(const char *name, const void *data, size_t len)
{
    char *p = path_of(name);
    GError *err = NULL;
    g_file_set_contents(p, data, (gssize)len, &err);
    g_assert_no_error(err);
    return p;
}

static GByteArray *read_all(const char *path)
{
    char *data = NULL;
    gsize len = 0;
    GError *err = NULL;
    g_file_get_contents(path, &data, &len, &err);
    g_assert_no_error(err);
    GByteArray *a = g_byte_array_new_take((guint8 *)data, len);
    return a;
}

/* An APP1 segment holding EXIF IFD0 with one Orientation entry (SHORT). */
static void exif_app1(guint8 out[36], int orientation, bool big_endian)
{
    static const guint8 le[36] = { 0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
                                   'I',  'I',  0x2A, 0x00, 8,   0,   0,   0,   /* TIFF header, IFD0 at 8 */
                                   1,    0,                                    /* one entry */
                                   0x12, 0x01, 3,    0,    1,   0,   0,   0,   /* 0x0112 SHORT count 1 */
                                   0,    0,    0,    0,                        /* value */
                                   0,    0,    0,    0 };                      /* no next IFD */
    static const guint8 be[36] = { 0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
                                   'M',  'M',  0x00, 0x2A, 0,   0,   0,   8,
                                   0,    1,
                                   0x01, 0x12, 0,    3,    0,   0,   0,   1,
                                   0,    0,    0,    0,
                                   0,    0,    0,    0 };
    memcpy(out, big_endian ? be : le, 36);
    if (big_endian) {
        out[28] = (guint8)(orientation >> 8);
        out[29] = (guint8)orientation;
    } else {
        out[28] = (guint8)orientation;
        out[29] = (guint8)(orientation >> 8);
    }
}

enum { EXIF_NONE = 0, EXIF_AFTER_SOI = 1, EXIF_AFTER_JFIF = 2, EXIF_BIG_ENDIAN = 4, EXIF_AFTER_XMP = 8 };

/* Encodes packed RGB as a JPEG (4:4:4, quality 95) with an EXIF
 * orientation (not written when 'where' is EXIF_NONE). */
static GByteArray *encode_jpeg_as(const guint8 *px, int pf, int w, int h, int subsamp, int flags, int orientation,
                                  int where)
{
    tjhandle tj = tjInitCompress();
    g_assert_nonnull(tj);
    unsigned char *jpeg = NULL;
    unsigned long jlen = 0;
    g_assert_cmpint(tjCompress2(tj, px, w, w * tjPixelSize[pf], h, pf, &jpeg, &jlen, subsamp, 95, flags), ==, 0);
    tjDestroy(tj);
    g_assert_true(jlen > 20 && jpeg[0] == 0xFF && jpeg[1] == 0xD8);
    g_assert_true(!(where & EXIF_AFTER_JFIF) || (jpeg[2] == 0xFF && jpeg[3] == 0xE0)); /* JFIF APP0 */
    GByteArray *a = g_byte_array_new();
    size_t at = (where & EXIF_AFTER_JFIF) ? 4 + ((size_t)jpeg[4] << 8 | jpeg[5]) : 2;
    g_byte_array_append(a, jpeg, (guint)at);
    if (where & EXIF_AFTER_XMP) {
        static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'/>";
        guint16 len = (guint16)(2 + sizeof xmp - 1);
        guint8 hdr[4] = { 0xFF, 0xE1, (guint8)(len >> 8), (guint8)len };
        g_byte_array_append(a, hdr, 4);
        g_byte_array_append(a, (const guint8 *)xmp, sizeof xmp - 1);
    }
    if (where != EXIF_NONE) {
        guint8 app1[36];
        exif_app1(app1, orientation, (where & EXIF_BIG_ENDIAN) != 0);
        g_byte_array_append(a, app1, sizeof app1);
    }
    g_byte_array_append(a, jpeg + at, (guint)(jlen - at));
    tjFree(jpeg);
    return a;
}

static GByteArray *encode_jpeg(const guint8 *rgb, int w, int h, int orientation, int where)
{
    return encode_jpeg_as(rgb, TJPF_RGB, w, h, TJSAMP_444, 0, orientation, where);
}

/* Deterministic noise, so that the JPEG has some bulk. */
static guint8 *noise_rgb(int w, int h, guint32 seed)
{
    GRand *r = g_rand_new_with_seed(seed);
    guint8 *rgb = g_malloc((size_t)w * h * 3);
    for (size_t i = 0; i < (size_t)w * h * 3; i++)
        rgb[i] = (guint8)g_rand_int_range(r, 0, 256);
    g_rand_free(r);
    return rgb;
}

static char *noise_jpeg(const char *name, int w, int h, guint32 seed, int orientation, int where)
{
    guint8 *rgb = noise_rgb(w, h, seed);
    GByteArray *j = encode_jpeg(rgb, w, h, orientation, where);
    char *p = write_fixture(name, j->data, j->len);
    g_byte_array_unref(j);
    g_free(rgb);
    return p;
}

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static GByteArray *png_bytes(cairo_surface_t *s)
{
    GByteArray *a = g_byte_array_new();
    g_assert_cmpint(cairo_surface_write_to_png_stream(s, to_bytes, a), ==, CAIRO_STATUS_SUCCESS);
    return a;
}

/* The upright test picture, 160×120: the top half red, the bottom half
 * blue, a green marker in the top-left quadrant. */
enum { UP_W = 160, UP_H = 120 };
static void upright_rgb(int X, int Y, guint8 rgb[3])
{
    if (X >= 8 && X < 56 && Y >= 8 && Y < 40) {
        rgb[0] = 0, rgb[1] = 255, rgb[2] = 0;
    } else if (Y < UP_H / 2) {
        rgb[0] = 255, rgb[1] = 0, rgb[2] = 0;
    } else {
        rgb[0] = 0, rgb[1] = 0, rgb[2] = 255;
    }
}

/* The picture as a camera stores it with EXIF orientation 'o', i.e. what a
 * viewer must undo: 2 mirror left-right, 3 turn 180°, 4 mirror top-bottom,
 * 5 transpose, 6 turn 90° clockwise, 7 transverse, 8 turn 90° counter-
 * clockwise. Written from the display pixel (X, Y) to the stored (u, v). */
static guint8 *stored_rgb(int o, int *sw, int *sh)
{
    bool swap = o >= 5;
    *sw = swap ? UP_H : UP_W;
    *sh = swap ? UP_W : UP_H;
    guint8 *rgb = g_malloc((size_t)UP_W * UP_H * 3);
    for (int Y = 0; Y < UP_H; Y++) {
        for (int X = 0; X < UP_W; X++) {
            int u = X, v = Y;
            switch (o) {
            case 2: u = UP_W - 1 - X; break;
            case 3: u = UP_W - 1 - X, v = UP_H - 1 - Y; break;
            case 4: v = UP_H - 1 - Y; break;
            case 5: u = Y, v = X; break;
            /* stored turned 90° counter-clockwise: the top row becomes the left column, read upwards */
            case 6: u = Y, v = UP_W - 1 - X; break;
            case 7: u = UP_H - 1 - Y, v = UP_W - 1 - X; break;
            /* stored turned 90° clockwise: the top row becomes the right column, read downwards */
            case 8: u = UP_H - 1 - Y, v = X; break;
            default: break;
            }
            upright_rgb(X, Y, rgb + 3 * ((size_t)v * *sw + u));
        }
    }
    return rgb;
}

static char *oriented_jpeg(int o)
{
    int sw, sh;
    guint8 *rgb = stored_rgb(o, &sw, &sh);
    GByteArray *j = encode_jpeg(rgb, sw, sh, o, EXIF_AFTER_SOI);
    char *name = g_strdup_printf("oriented-%d.jpg", o);
    char *p = write_fixture(name, j->data, j->len);
    g_free(name);
    g_byte_array_unref(j);
    g_free(rgb);
    return p;
}

static char *upright_png(const char *name)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, UP_W, UP_H);
    guint8 *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    cairo_surface_flush(s);
    for (int y = 0; y < UP_H; y++)
        for (int x = 0; x < UP_W; x++) {
            guint8 c[3];
            upright_rgb(x, y, c);
            ((uint32_t *)(d + (size_t)y * stride))[x] = 0xFF000000u | (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
        }
    cairo_surface_mark_dirty(s);
    GByteArray *b = png_bytes(s);
    cairo_surface_destroy(s);
    char *p = write_fixture(name, b->data, b->len);
    g_byte_array_unref(b);
    return p;
}

/*** Helpers ***/

typedef enum { C_OTHER, C_RED, C_GREEN, C_BLUE, C_CLEAR, C_BLACK, C_WHITE } colour;

static colour pixel(cairo_surface_t *s, int x, int y)
{
    cairo_surface_flush(s);
    g_assert_true(x >= 0 && y >= 0 && x < cairo_image_surface_get_width(s) && y < cairo_image_surface_get_height(s));
    const guint8 *d = cairo_image_surface_get_data(s);
    uint32_t p = ((const uint32_t *)(d + (size_t)y * cairo_image_surface_get_stride(s)))[x];
    int a = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32 ? (int)(p >> 24) : 255;
    int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
    if (a == 0)
        return C_CLEAR;
    if (a < 250)
        return C_OTHER;
    if (r > 200 && g < 60 && b < 60)
        return C_RED;
    if (g > 200 && r < 60 && b < 60)
        return C_GREEN;
    if (b > 200 && r < 60 && g < 60)
        return C_BLUE;
    if (r < 60 && g < 60 && b < 60)
        return C_BLACK;
    if (r > 200 && g > 200 && b > 200)
        return C_WHITE;
    return C_OTHER;
}

/* Checks the upright picture drawn at (x, y) scaled by 'k' in 's'. */
static void check_upright(cairo_surface_t *s, double x, double y, double k, const char *what)
{
    static const struct { int px, py; colour c; } spots[] = {
        { 32, 24, C_GREEN }, { 128, 24, C_RED },  { 80, 10, C_RED },  { 32, 50, C_RED },
        { 32, 90, C_BLUE },  { 128, 90, C_BLUE }, { 80, 110, C_BLUE }, { 140, 50, C_RED },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(spots); i++) {
        int px = (int)floor(x + spots[i].px * k), py = (int)floor(y + spots[i].py * k);
        colour got = pixel(s, px, py);
        if (got != spots[i].c)
            g_error("%s: pixel %d,%d (picture %d,%d) is colour %d, expected %d", what, px, py, spots[i].px,
                    spots[i].py, got, spots[i].c);
    }
}

typedef struct proc {
    int status;
    char *out;
    char *err;
} proc;

static proc run(const char *const *argv)
{
    proc r = { -1, NULL, NULL };
    int wait = 0;
    GError *err = NULL;
    gboolean ok = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &r.out, &r.err,
                               &wait, &err);
    g_assert_no_error(err);
    g_assert_true(ok);
    if (WIFEXITED(wait))
        r.status = WEXITSTATUS(wait);
    return r;
}
#define RUN(...) run((const char *const[]){ __VA_ARGS__, NULL })

static void proc_clear(proc *r)
{
    g_free(r->out);
    g_free(r->err);
}

static bool have_tool(const char *name)
{
    char *p = g_find_program_in_path(name);
    bool ok = p != NULL;
    g_free(p);
    return ok;
}

/* One row of `pdfimages -list`. */
typedef struct pdf_image {
    int page, width, height, comp, object, x_ppi, y_ppi;
    char type[16], color[16], enc[16];
} pdf_image;

static GArray *pdf_images(const char *pdf)
{
    proc r = RUN("pdfimages", "-list", pdf);
    g_assert_cmpint(r.status, ==, 0);
    GArray *a = g_array_new(FALSE, TRUE, sizeof(pdf_image));
    char **lines = g_strsplit(r.out, "\n", -1);
    for (int i = 2; lines[i]; i++) { /* two header lines */
        char **f = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
        GPtrArray *w = g_ptr_array_new();
        for (int k = 0; f[k]; k++)
            if (*f[k])
                g_ptr_array_add(w, f[k]);
        if (w->len >= 12) {
            pdf_image im = { 0 };
            im.page = atoi(w->pdata[0]);
            g_strlcpy(im.type, w->pdata[2], sizeof im.type);
            im.width = atoi(w->pdata[3]);
            im.height = atoi(w->pdata[4]);
            g_strlcpy(im.color, w->pdata[5], sizeof im.color);
            im.comp = atoi(w->pdata[6]);
            g_strlcpy(im.enc, w->pdata[8], sizeof im.enc);
            im.object = atoi(w->pdata[10]);
            if (w->len >= 14) {
                im.x_ppi = atoi(w->pdata[12]);
                im.y_ppi = atoi(w->pdata[13]);
            }
            g_array_append_val(a, im);
        }
        g_ptr_array_free(w, TRUE);
        g_strfreev(f);
    }
    g_strfreev(lines);
    proc_clear(&r);
    return a;
}

static int distinct_objects(GArray *a)
{
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < a->len; i++)
        g_hash_table_add(seen, GINT_TO_POINTER(g_array_index(a, pdf_image, i).object));
    int n = (int)g_hash_table_size(seen);
    g_hash_table_destroy(seen);
    return n;
}

static char *expect_probe_error(const char *path)
{
    image_info info;
    GError *err = NULL;
    g_assert_false(image_probe(path, &info, &err));
    g_assert_nonnull(err);
    g_assert_cmpint(info.format, ==, IMAGE_FORMAT_NONE);
    /* messages are written for the user, without the path */
    g_assert_null(strstr(err->message, tmp));
    char *m = g_strdup(err->message);
    g_error_free(err);
    return m;
}

static cairo_surface_t *pdf_new(const char *path, double w, double h)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, w, h);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    return s;
}

static void pdf_close(cairo_surface_t *s)
{
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

static void draw_ok(image_cache *c, cairo_t *cr, const char *path, double x, double y, double w, double h,
                    bool cover, bool decode)
{
    GError *err = NULL;
    g_assert_true(image_draw(c, cr, path, x, y, w, h, cover, decode, &err));
    g_assert_no_error(err);
    g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
}

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

/*** Downsampling for sharing (image_cache_set_downsample) ***/

enum { PHOTO_W = 4032, PHOTO_H = 3024 };

/* A phone-sized photo: 128-pixel patches of random colour with a little
 * per-pixel grain, as a 4:2:0 JPEG at quality 85 (about 900 KB). Made once. */
static char *big_photo_path;
static char *big_photo(void)
{
    if (big_photo_path)
        return big_photo_path;
    guint8 *rgb = g_malloc((size_t)PHOTO_W * PHOTO_H * 3);
    int bw = (PHOTO_W + 127) / 128, bh = (PHOTO_H + 127) / 128;
    guint8 *patch = noise_rgb(bw, bh, 91);
    guint32 st = 12345;
    for (int y = 0; y < PHOTO_H; y++) {
        guint8 *p = rgb + (size_t)y * PHOTO_W * 3;
        for (int x = 0; x < PHOTO_W; x++, p += 3) {
            const guint8 *c = patch + 3 * ((size_t)(y / 128) * bw + x / 128);
            st = st * 1664525u + 1013904223u;
            int grain = (int)(st >> 29) - 4; /* -4..3 */
            for (int k = 0; k < 3; k++)
                p[k] = (guint8)CLAMP(c[k] + grain, 0, 255);
        }
    }
    tjhandle tj = tjInitCompress();
    unsigned char *jpeg = NULL;
    unsigned long jlen = 0;
    g_assert_cmpint(tjCompress2(tj, rgb, PHOTO_W, PHOTO_W * 3, PHOTO_H, TJPF_RGB, &jpeg, &jlen, TJSAMP_420, 85, 0), ==,
                    0);
    tjDestroy(tj);
    big_photo_path = write_fixture("photo-4032.jpg", jpeg, jlen);
    tjFree(jpeg);
    g_free(patch);
    g_free(rgb);
    return big_photo_path;
}

/* The pixels needed, as image.h defines them. */
static int needed(double points, int dpi)
{
    return (int)MAX(1, ceil(points * dpi / 72.0 - 1e-6));
}

static gsize file_size(const char *path)
{
    GByteArray *a = read_all(path);
    gsize n = a->len;
    g_byte_array_unref(a);
    return n;
}

/* Renders the big photo into 'pdf': page 1 at 300×225 pt; then (when
 * 'more') page 2 the same size again and a cover crop into 150×150 pt, and
 * the same size from a second cache. A fixed creation date makes the bytes
 * comparable. */
static void render_photo_as(const char *pdf, int dpi, int quality, bool more, bool grey, int stats[3])
{
    const char *jp = big_photo();
    image_cache *c = image_cache_new();
    image_cache_set_downsample(c, dpi, quality);
    image_cache_set_grayscale(c, grey);
    cairo_surface_t *s = pdf_new(pdf, 400, 300);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-04-01T09:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, jp, 50, 40, 300, 225, false, false);
    if (more) {
        cairo_show_page(cr);
        draw_ok(c, cr, jp, 10, 10, 300, 225, false, false);
        draw_ok(c, cr, jp, 10, 10, 150, 150, true, false);
        image_cache *c2 = image_cache_new();
        image_cache_set_downsample(c2, dpi, quality);
        image_cache_set_grayscale(c2, grey);
        draw_ok(c2, cr, jp, 50, 40, 300, 225, false, false);
        image_cache_free(c2);
    }
    cairo_destroy(cr);
    image_cache_test_stats(c, &stats[0], &stats[1], &stats[2]);
    image_cache_free(c);
    pdf_close(s);
}

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

/*** Palette and 16-bit PNGs (maps, screenshots) ***/

/* cairo writes only 8-bit RGB / RGBA PNGs: these are written with libpng
 * by tests/gen/gen_halves.c, as tests/fixtures/fixturegen.c writes them
 * (test_png_variants_fixturegen compares the bytes): the picture's samples,
 * the palette (red, blue, and green made transparent by tRNS), libpng's
 * filters and compression. */

/* A picture of two halves: every pixel of the top half holds the samples
 * 'top', of the bottom half 'bottom' (a palette image: the index). */
typedef struct png_variant {
    const char *name;
    int colour_type; /* 0 grey, 2 RGB, 3 palette, 6 RGB + alpha */
    int depth;       /* bits per sample */
    guint16 top[4], bottom[4];
    colour want_top, want_bottom; /* C_CLEAR: the background shows */
} png_variant;

static const png_variant variants[] = {
    { "palette.png", 3, 8, { 0 }, { 1 }, C_RED, C_BLUE },
    { "palette4.png", 3, 4, { 0 }, { 1 }, C_RED, C_BLUE },
    { "rgb16.png", 2, 16, { 65535, 0, 0 }, { 0, 0, 65535 }, C_RED, C_BLUE },
    { "gray16.png", 0, 16, { 0 }, { 65535 }, C_BLACK, C_WHITE },
    /* fully transparent blue below: only the background may show there */
    { "rgba16.png", 6, 16, { 65535, 0, 0, 65535 }, { 0, 0, 65535, 0 }, C_RED, C_CLEAR },
};

static GByteArray *encode_variant(const png_variant *v, int w, int h)
{
    GError *err = NULL;
    GByteArray *png = gen_halves_encode(v->colour_type, v->depth, v->top, v->bottom, w, h, &err);
    g_assert_no_error(err);
    return png;
}

static char *variant_png(const png_variant *v)
{
    GByteArray *b = encode_variant(v, UP_W, UP_H);
    char *p = write_fixture(v->name, b->data, b->len);
    g_byte_array_unref(b);
    return p;
}

/* Checks the two halves of a variant drawn at (x, y) scaled by 'k' in 's',
 * over a background of colour 'bg' (which must show around it and where
 * the picture is transparent). */
static void check_halves(cairo_surface_t *s, const png_variant *v, double x, double y, double k, colour bg,
                         const char *what)
{
    static const struct { int px, py; bool top; } spots[] = {
        { 4, 4, true },      { 80, 30, true },     { 156, 54, true },  { 10, 50, true },
        { 4, 66, false },    { 80, 90, false },    { 156, 116, false }, { 150, 70, false },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(spots); i++) {
        int px = (int)floor(x + spots[i].px * k), py = (int)floor(y + spots[i].py * k);
        colour want = spots[i].top ? v->want_top : v->want_bottom;
        if (want == C_CLEAR)
            want = bg;
        colour got = pixel(s, px, py);
        if (got != want)
            g_error("%s, %s: pixel %d,%d (picture %d,%d) is colour %d, expected %d", what, v->name, px, py,
                    spots[i].px, spots[i].py, got, want);
    }
    /* around the picture */
    colour out[] = { pixel(s, (int)x - 3, (int)y - 3),
                     pixel(s, (int)ceil(x + UP_W * k) + 2, (int)ceil(y + UP_H * k) + 2) };
    for (size_t i = 0; i < G_N_ELEMENTS(out); i++)
        if (out[i] != bg)
            g_error("%s, %s: the background around the picture is colour %d, expected %d", what, v->name, out[i],
                    bg);
}

static void test_png_variants_probe(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        char *p = variant_png(&variants[i]);
        image_info info;
        GError *err = NULL;
        g_assert_true(image_probe(p, &info, &err));
        g_assert_no_error(err);
        g_assert_cmpint(info.format, ==, IMAGE_FORMAT_PNG);
        g_assert_cmpint(info.width, ==, UP_W);
        g_assert_cmpint(info.height, ==, UP_H);
        g_assert_cmpint(info.orientation, ==, 1);
        g_assert_cmpint(info.display_w, ==, UP_W);
        g_assert_cmpint(info.display_h, ==, UP_H);
        g_free(p);
    }
}

/* Decoded into an RGB24 surface painted green first, at full and half
 * size: red above blue, black above white, red above the green (rgba16's
 * transparent blue half lets the background through). */
static void test_png_variants_decode(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        const png_variant *v = &variants[i];
        char *p = variant_png(v);
        image_cache *c = image_cache_new();
        static const double scales[] = { 1.0, 0.5 };
        for (size_t k = 0; k < G_N_ELEMENTS(scales); k++) {
            cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 160);
            cairo_t *cr = cairo_create(s);
            cairo_set_source_rgb(cr, 0, 1, 0);
            cairo_paint(cr);
            draw_ok(c, cr, p, 10, 20, UP_W * scales[k], UP_H * scales[k], false, true);
            cairo_destroy(cr);
            check_halves(s, v, 10, 20, scales[k], C_GREEN, "decoded");
            cairo_surface_destroy(s);
        }
        image_cache_free(c);
        g_free(p);
    }
}

/* Drawn into a PDF (over a green page) and rendered back with pdftoppm: the
 * same colours; rgba16's alpha is carried as a soft mask. */
static void test_png_variants_pdf(void)
{
    if (!have_tool("pdftoppm") || !have_tool("pdfimages")) {
        g_test_skip("pdftoppm, pdfimages (poppler-utils) are not installed");
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        const png_variant *v = &variants[i];
        char *p = variant_png(v);
        char *pdf = g_strconcat(p, ".pdf", NULL);
        image_cache *c = image_cache_new();
        cairo_surface_t *s = pdf_new(pdf, 200, 160);
        cairo_t *cr = cairo_create(s);
        cairo_set_source_rgb(cr, 0, 1, 0);
        cairo_paint(cr);
        draw_ok(c, cr, p, 20, 20, UP_W, UP_H, false, false);
        cairo_destroy(cr);
        image_cache_free(c);
        pdf_close(s);

        GArray *imgs = pdf_images(pdf);
        bool alpha = v->colour_type == 6;
        g_assert_cmpuint(imgs->len, ==, alpha ? 2 : 1);
        pdf_image *im = &g_array_index(imgs, pdf_image, 0);
        g_assert_cmpstr(im->type, ==, "image");
        g_assert_cmpint(im->width, ==, UP_W);
        g_assert_cmpint(im->height, ==, UP_H);
        if (alpha)
            g_assert_cmpstr(g_array_index(imgs, pdf_image, 1).type, ==, "smask");
        g_array_unref(imgs);

        char *prefix = g_strconcat(p, "-page", NULL);
        proc r = RUN("pdftoppm", "-r", "72", "-png", "-singlefile", pdf, prefix);
        g_assert_cmpint(r.status, ==, 0);
        proc_clear(&r);
        char *png = g_strconcat(prefix, ".png", NULL);
        cairo_surface_t *img = cairo_image_surface_create_from_png(png);
        g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint(cairo_image_surface_get_width(img), ==, 200);
        g_assert_cmpint(cairo_image_surface_get_height(img), ==, 160);
        check_halves(img, v, 20, 20, 1, C_GREEN, "PDF");
        cairo_surface_destroy(img);
        g_free(png);
        g_free(prefix);
        g_free(pdf);
        g_free(p);
    }
}

/* tests/fixtures/fixturegen.c writes the same bytes into out/fixtures (make
 * test generates them; from /work/main, the working directory of the
 * tests): the two pictures must not drift apart. */
static void test_png_variants_fixturegen(void)
{
    int found = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        char *fx = g_build_filename("out", "fixtures", variants[i].name, NULL);
        if (g_file_test(fx, G_FILE_TEST_IS_REGULAR)) {
            GByteArray *a = encode_variant(&variants[i], UP_W, UP_H), *b = read_all(fx);
            g_assert_cmpmem(a->data, a->len, b->data, b->len);
            g_byte_array_unref(b);
            g_byte_array_unref(a);
            found++;
        }
        g_free(fx);
    }
    if (found == 0)
        g_test_skip("out/fixtures has no palette or 16-bit PNGs (make out/fixtures/.done, run from the project)");
    else
        g_assert_cmpint(found, ==, (int)G_N_ELEMENTS(variants));
}

/*** Grey (image_cache_set_grayscale) ***/

/* The BT.601 luma of the test picture's colours: 0.299 R + 0.587 G + 0.114 B. */
enum { LUMA_RED = 76, LUMA_GREEN = 150, LUMA_BLUE = 29 };

static void rgb_at(cairo_surface_t *s, int x, int y, int rgb[3])
{
    cairo_surface_flush(s);
    g_assert_true(x >= 0 && y >= 0 && x < cairo_image_surface_get_width(s) && y < cairo_image_surface_get_height(s));
    const guint8 *d = cairo_image_surface_get_data(s);
    uint32_t p = ((const uint32_t *)(d + (size_t)y * cairo_image_surface_get_stride(s)))[x];
    rgb[0] = (p >> 16) & 0xFF, rgb[1] = (p >> 8) & 0xFF, rgb[2] = p & 0xFF;
}

/* The pixel is R = G = B (±2) and within 'tol' of 'want'. */
static void check_grey(cairo_surface_t *s, int x, int y, int want, int tol, const char *what)
{
    int c[3];
    rgb_at(s, x, y, c);
    int lo = MIN(c[0], MIN(c[1], c[2])), hi = MAX(c[0], MAX(c[1], c[2]));
    if (hi - lo > 2 || abs((c[0] + c[1] + c[2]) / 3 - want) > tol)
        g_error("%s: pixel %d,%d is %d,%d,%d, expected grey %d (+-%d)", what, x, y, c[0], c[1], c[2], want, tol);
}

/* The pixel is r, g, b (±tol each). */
static void check_rgb(cairo_surface_t *s, int x, int y, int r, int g, int b, int tol, const char *what)
{
    int c[3];
    rgb_at(s, x, y, c);
    if (abs(c[0] - r) > tol || abs(c[1] - g) > tol || abs(c[2] - b) > tol)
        g_error("%s: pixel %d,%d is %d,%d,%d, expected %d,%d,%d (+-%d)", what, x, y, c[0], c[1], c[2], r, g, b, tol);
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

/* A PNG with alpha drawn grey over a green page: opaque red becomes its
 * luma, half-transparent blue lets half the green through, the transparent
 * quarter shows the green as it is; at full size and downsampled, in the
 * PDF and in a preview. */
static char *alpha_png(void)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, UP_W, UP_H);
    cairo_surface_flush(s);
    guint8 *d = cairo_image_surface_get_data(s);
    for (int y = 0; y < UP_H; y++)
        for (int x = 0; x < UP_W; x++)
            ((uint32_t *)(d + (size_t)y * cairo_image_surface_get_stride(s)))[x] =
                y < UP_H / 2 ? 0xFFFF0000u    /* opaque red */
                : x < UP_W / 2 ? 0x80000080u  /* blue at alpha 128 (premultiplied) */
                               : 0x00000000u; /* transparent */
    cairo_surface_mark_dirty(s);
    GByteArray *b = png_bytes(s);
    cairo_surface_destroy(s);
    char *p = write_fixture("grey-alpha.png", b->data, b->len);
    g_byte_array_unref(b);
    return p;
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
    grey_off_scene(a, pa, jp, big, png, va);
    image_cache_free(a);
    image_cache *b = image_cache_new();
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

/*** PNG passthrough (image_cache_set_png_passthrough, then pdfpost_amend) ***/

enum {
    PNG8_TRNS = 1,      /* a tRNS chunk (RGB: colour 1, 2, 3 transparent) */
    PNG8_ADAM7 = 2,     /* interlace method 1 (Adam7) */
    PNG8_GAMA = 4,      /* a gAMA chunk (ancillary: changes nothing) */
    PNG8_BAD_GAMA = 8,  /* ... with a wrong CRC */
    PNG8_CUT_ZLIB = 16, /* the zlib stream cut in half (CRCs right): libpng cannot decode it */
};

/* An 8-bit PNG of 'px' (w × h pixels of 'colours' samples: 1 grey, 3 RGB,
 * 4 RGBA) written by libpng (tests/gen/gen_png.c); row y uses PNG filter
 * y % 5 (Adam7: libpng's choice), so that all five occur (the PDF predictor
 * must undo each), and the IDAT data is split into chunks of 'chunk' bytes;
 * 'flags' PNG8_*. The damaged ones are written good, then altered: the
 * gAMA chunk's CRC made wrong, the zlib stream cut in half in one IDAT
 * chunk whose CRC is right. */
static GByteArray *encode_png8(const guint8 *px, int w, int h, int colours, size_t chunk, unsigned flags)
{
    static const guint16 trns[3] = { 1, 2, 3 }; /* grey 1, or RGB (1, 2, 3) */
    gen_png_image img = { .width = w, .height = h, .depth = 8, .colour_type = colours == 1 ? 0 : colours == 3 ? 2 : 6,
                          .pixels = px, .stride = (size_t)w * (size_t)colours,
                          .trns_colour = (flags & PNG8_TRNS) ? trns : NULL };
    gen_png_options opt = { .filter_cycle = !(flags & PNG8_ADAM7), .interlace = (flags & PNG8_ADAM7) != 0,
                            .idat_size = chunk, .gamma = (flags & (PNG8_GAMA | PNG8_BAD_GAMA)) ? 45455 : 0 };
    GError *err = NULL;
    GByteArray *png = gen_png_encode(&img, &opt, &err);
    g_assert_no_error(err);
    if (flags & PNG8_BAD_GAMA)
        g_assert_true(gen_png_damage_crc(png, "gAMA"));
    if (flags & PNG8_CUT_ZLIB)
        g_assert_true(gen_png_damage_cut_idat(png));
    return png;
}

static char *png8_fixture(const char *name, const guint8 *px, int w, int h, int colours, size_t chunk, unsigned flags)
{
    GByteArray *b = encode_png8(px, w, h, colours, chunk, flags);
    char *p = write_fixture(name, b->data, b->len);
    g_byte_array_unref(b);
    return p;
}

/* A map-like picture: gradients, a checkerboard of 40-pixel squares, dark
 * grid lines every 100 pixels. */
static guint8 *map_rgb(int w, int h)
{
    guint8 *px = g_malloc((size_t)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            guint8 *p = px + 3 * ((size_t)y * w + x);
            bool line = x % 100 < 2 || y % 100 < 2;
            p[0] = line ? 20 : (guint8)(x * 255 / MAX(1, w - 1));
            p[1] = line ? 20 : (guint8)(y * 255 / MAX(1, h - 1));
            p[2] = line ? 20 : ((x / 40 + y / 40) % 2 ? 210 : 60);
        }
    return px;
}

static guint8 *ramp_grey(int w, int h)
{
    guint8 *px = g_malloc((size_t)w * h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            px[(size_t)y * w + x] = (guint8)((x * 255 / MAX(1, w - 1) + (y / 30) * 37) % 256);
    return px;
}

/* The IDAT chunks' data of the PNG at 'path', concatenated. */
static GByteArray *idat_of(const char *path)
{
    GByteArray *f = read_all(path), *z = g_byte_array_new();
    for (size_t off = 8; off + 12 <= f->len;) {
        uint32_t len = (uint32_t)f->data[off] << 24 | (uint32_t)f->data[off + 1] << 16 |
                       (uint32_t)f->data[off + 2] << 8 | f->data[off + 3];
        if (memcmp(f->data + off + 4, "IDAT", 4) == 0)
            g_byte_array_append(z, f->data + off + 8, len);
        off += 12 + (size_t)len;
    }
    g_byte_array_unref(f);
    return z;
}

/* Amends 'pdf' with the cache's PNGs (and nothing else). */
static void amend_pngs(const char *pdf, GArray *pngs)
{
    pdfpost_info in = { .n_figure_alts = -1, .pngs = (const pdfpost_png *)(void *)pngs->data, .n_pngs = (int)pngs->len };
    int fd = g_open(pdf, O_RDWR, 0);
    g_assert_cmpint(fd, >=, 0);
    GError *err = NULL;
    g_assert_true(pdfpost_amend(fd, &in, &err));
    g_assert_no_error(err);
    g_assert_cmpint(close(fd), ==, 0);
}

static void assert_qpdf_ok(const char *pdf)
{
    proc r = RUN("qpdf", "--check", pdf);
    if (r.status != 0)
        g_test_message("qpdf: %s%s", r.out, r.err);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "No syntax or stream encoding errors found"));
    proc_clear(&r);
}

/* Page 'page' of 'pdf' rendered by pdftoppm at 72 dpi. */
static cairo_surface_t *render_nth(const char *pdf, int page)
{
    char *prefix = g_strdup_printf("%s-p%d", pdf, page);
    char *n = g_strdup_printf("%d", page);
    proc r = RUN("pdftoppm", "-r", "72", "-f", n, "-l", n, "-png", "-singlefile", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    proc_clear(&r);
    char *png = g_strconcat(prefix, ".png", NULL);
    cairo_surface_t *img = cairo_image_surface_create_from_png(png);
    g_assert_cmpint(cairo_surface_status(img), ==, CAIRO_STATUS_SUCCESS);
    g_free(png);
    g_free(n);
    g_free(prefix);
    return img;
}

/* The largest difference of one colour channel between 'a' and 'b'. */
static int max_diff(cairo_surface_t *a, cairo_surface_t *b)
{
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    g_assert_cmpint(cairo_image_surface_get_width(b), ==, w);
    g_assert_cmpint(cairo_image_surface_get_height(b), ==, h);
    int worst = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int p[3], q[3];
            rgb_at(a, x, y, p);
            rgb_at(b, x, y, q);
            for (int c = 0; c < 3; c++)
                worst = MAX(worst, abs(p[c] - q[c]));
        }
    return worst;
}

/* The passthrough scene: the RGB map and the grey ramp on page 1, the map
 * again on page 2 (cover, into a square). Not twice on one page: cairo 1.16
 * then writes the image's name twice into the page's /XObject dictionary,
 * which qpdf --check warns about (JPEGs too; cairo's, not ours). */
static void pass_scene(image_cache *c, const char *pdf, const char *rgb, const char *grey)
{
    cairo_surface_t *s = pdf_new(pdf, 600, 500);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-04-01T09:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, rgb, 20, 20, 320, 240, false, false);
    draw_ok(c, cr, grey, 20, 300, 200, 150, false, false);
    cairo_show_page(cr);
    draw_ok(c, cr, rgb, 360, 20, 200, 200, true, false);
    cairo_destroy(cr);
    pdf_close(s);
}

static char *pass_rgb_path, *pass_grey_path;

static void pass_fixtures(void)
{
    if (pass_rgb_path)
        return;
    guint8 *rgb = map_rgb(1600, 1200), *grey = ramp_grey(400, 300);
    pass_rgb_path = png8_fixture("pass-map.png", rgb, 1600, 1200, 3, 8192, PNG8_GAMA);
    pass_grey_path = png8_fixture("pass-grey.png", grey, 400, 300, 1, 1000, 0);
    g_free(grey);
    g_free(rgb);
}

/* RGB and grey PNGs pass through: after pdfpost_amend the PDF passes qpdf's
 * check, holds each PNG's IDAT data verbatim as one image object at its
 * real size (the map drawn twice: one object), no placeholder is left, and
 * it renders like the decoded PNGs (within ±2). */
static void test_png_pass_pdf(void)
{
    if (!have_tool("pdfimages") || !have_tool("pdftoppm") || !have_tool("qpdf")) {
        g_test_skip("pdfimages, pdftoppm (poppler-utils) or qpdf is not installed");
        return;
    }
    pass_fixtures();
    char *pa = path_of("pass-a.pdf"), *pa2 = path_of("pass-a2.pdf"), *pb = path_of("pass-b.pdf");
    GArray *pngs = NULL;
    for (int i = 0; i < 2; i++) { /* twice: deterministic */
        image_cache *c = image_cache_new();
        image_cache_set_png_passthrough(c, true);
        pngs = image_cache_pngs(c);
        pass_scene(c, i ? pa2 : pa, pass_rgb_path, pass_grey_path);
        image_cache_free(c); /* the list outlives the cache */
        if (i == 0) {
            /* before the amendment: the placeholders, 3 × 7919 and 3 × 7920 */
            GArray *ph = pdf_images(pa);
            g_assert_cmpuint(ph->len, ==, 3);
            for (guint k = 0; k < ph->len; k++)
                g_assert_cmpint(g_array_index(ph, pdf_image, k).width, ==, 3);
            g_assert_cmpint(g_array_index(ph, pdf_image, 0).height, ==, 7919);
            g_assert_cmpint(g_array_index(ph, pdf_image, 1).height, ==, 7920);
            g_assert_cmpint(g_array_index(ph, pdf_image, 2).height, ==, 7919);
            g_array_unref(ph);
        }
        g_assert_cmpuint(pngs->len, ==, 2);
        const pdfpost_png *m = &g_array_index(pngs, pdfpost_png, 0), *g = &g_array_index(pngs, pdfpost_png, 1);
        g_assert_cmpint(m->placeholder_w, ==, 3);
        g_assert_cmpint(m->placeholder_h, ==, 7919);
        g_assert_cmpint(m->width, ==, 1600);
        g_assert_cmpint(m->height, ==, 1200);
        g_assert_cmpint(m->colours, ==, 3);
        g_assert_true(g_str_has_suffix(m->path, "/pass-map.png"));
        g_assert_cmpint(g->placeholder_h, ==, 7920);
        g_assert_cmpint(g->colours, ==, 1);
        g_assert_cmpint(g->idat_chunks, >, 1);
        amend_pngs(i ? pa2 : pa, pngs);
        if (i == 0)
            g_array_unref(pngs);
    }
    image_cache *c = image_cache_new(); /* the reference: decoded by cairo */
    pass_scene(c, pb, pass_rgb_path, pass_grey_path);
    image_cache_free(c);

    assert_qpdf_ok(pa);
    GByteArray *x = read_all(pa), *y = read_all(pa2);
    g_assert_cmpmem(x->data, x->len, y->data, y->len);
    g_byte_array_unref(y);
    const char *srcs[] = { pass_rgb_path, pass_grey_path };
    for (int i = 0; i < 2; i++) {
        GByteArray *z = idat_of(srcs[i]);
        g_assert_nonnull(memmem(x->data, x->len, z->data, z->len));
        g_byte_array_unref(z);
    }
    g_assert_nonnull(memmem(x->data, x->len, "/Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 1600", 57));
    g_assert_nonnull(memmem(x->data, x->len, "/Predictor 15 /Colors 1 /BitsPerComponent 8 /Columns 400", 56));
    g_test_message("with passthrough %u bytes, decoded %zu bytes", x->len, file_size(pb));
    g_byte_array_unref(x);

    GArray *ia = pdf_images(pa), *ib = pdf_images(pb);
    g_assert_cmpuint(ia->len, ==, 3);
    g_assert_cmpuint(ib->len, ==, 3);
    for (guint k = 0; k < ia->len; k++) {
        pdf_image *a = &g_array_index(ia, pdf_image, k), *b = &g_array_index(ib, pdf_image, k);
        g_assert_cmpint(a->width, ==, b->width);
        g_assert_cmpint(a->height, ==, b->height);
        g_assert_cmpstr(a->color, ==, b->color);
        g_assert_cmpstr(a->type, ==, "image");
    }
    pdf_image *m0 = &g_array_index(ia, pdf_image, 0), *g0 = &g_array_index(ia, pdf_image, 1),
              *m1 = &g_array_index(ia, pdf_image, 2);
    g_assert_cmpint(m0->width, ==, 1600);
    g_assert_cmpint(m0->height, ==, 1200);
    g_assert_cmpstr(m0->color, ==, "rgb");
    g_assert_cmpint(g0->width, ==, 400);
    g_assert_cmpint(g0->height, ==, 300);
    g_assert_cmpstr(g0->color, ==, "gray");
    g_assert_cmpint(m1->object, ==, m0->object);
    g_assert_cmpint(distinct_objects(ia), ==, 2);
    g_array_unref(ib);
    g_array_unref(ia);

    for (int page = 1; page <= 2; page++) {
        cairo_surface_t *ra = render_nth(pa, page), *rb = render_nth(pb, page);
        int d = max_diff(ra, rb);
        g_test_message("page %d: largest difference %d", page, d);
        g_assert_cmpint(d, <=, 2);
        if (page == 1) { /* and the colours are the map's, not the placeholder's magenta */
            /* picture pixel (850, 650): a blue square of the checkerboard */
            check_rgb(ra, 20 + 170, 20 + 130, 850 * 255 / 1599, 650 * 255 / 1199, 210, 6, "map");
            int p[3];
            rgb_at(ra, 20 + 50, 300 + 80, p);
            g_assert_true(p[0] == p[1] && p[1] == p[2]);
        }
        cairo_surface_destroy(rb);
        cairo_surface_destroy(ra);
    }
    g_array_unref(pngs);
    g_free(pb);
    g_free(pa2);
    g_free(pa);
}

typedef struct drawn {
    bool ok;
    char *msg;       /* the error, or NULL */
    int n_pngs;      /* placeholders made */
    GByteArray *pdf; /* its bytes */
} drawn;

/* Draws 'png' into a one-page PDF with a new cache (passthrough 'pass',
 * grey 'grey', downsampling at 'dpi'): at 160 × 120 pt and at 'small' ×
 * 0.75 'small' pt. */
static drawn draw_one(const char *png, bool pass, bool grey, int dpi, double small)
{
    drawn r = { true, NULL, 0, NULL };
    char *pdf = path_of("one.pdf");
    image_cache *c = image_cache_new();
    image_cache_set_png_passthrough(c, pass);
    image_cache_set_grayscale(c, grey);
    image_cache_set_downsample(c, dpi, 0);
    cairo_surface_t *s = pdf_new(pdf, 400, 300);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-04-01T09:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    GError *err = NULL;
    r.ok = image_draw(c, cr, png, 10, 10, 160, 120, false, false, &err) &&
           image_draw(c, cr, png, 200, 10, small, small * 0.75, false, false, &err);
    if (err) {
        r.msg = g_strdup(err->message);
        g_error_free(err);
    }
    cairo_destroy(cr);
    GArray *pngs = image_cache_pngs(c);
    r.n_pngs = (int)pngs->len;
    g_array_unref(pngs);
    image_cache_free(c);
    pdf_close(s);
    r.pdf = read_all(pdf);
    g_free(pdf);
    return r;
}

static void drawn_clear(drawn *d)
{
    g_free(d->msg);
    g_byte_array_unref(d->pdf);
}

/* Drawn with and without passthrough: no placeholder, the same PDF bytes
 * (and drawn without an error, unless 'fails'). */
static void assert_decoded_as_before(const char *png, bool grey, int dpi, double small, bool fails, const char *what)
{
    drawn a = draw_one(png, true, grey, dpi, small), b = draw_one(png, false, grey, dpi, small);
    if (a.n_pngs != 0)
        g_error("%s: passed through", what);
    if (a.ok == fails)
        g_error("%s: %s", what, a.ok ? "drawn" : a.msg);
    g_assert_cmpint(a.ok, ==, b.ok);
    g_assert_cmpstr(a.msg, ==, b.msg);
    g_assert_cmpmem(a.pdf->data, a.pdf->len, b.pdf->data, b.pdf->len);
    drawn_clear(&b);
    drawn_clear(&a);
}

/* Everything else keeps the decode path, byte for byte: alpha, palette,
 * 16-bit, tRNS, interlaced, a bad CRC, a zlib stream libpng cannot decode
 * (the same error), grey, downsampling; previews are unchanged. */
static void test_png_pass_others(void)
{
    guint8 *px = map_rgb(UP_W, UP_H);
    GByteArray *plain = encode_png8(px, UP_W, UP_H, 3, 8192, 0);
    char *ok = write_fixture("others-ok.png", plain->data, plain->len);
    g_byte_array_unref(plain);
    char *alpha = alpha_png();
    char *palette = variant_png(&variants[0]), *rgb16 = variant_png(&variants[2]);
    char *trns = png8_fixture("others-trns.png", px, UP_W, UP_H, 3, 8192, PNG8_TRNS);
    char *adam7 = png8_fixture("others-adam7.png", px, 1, 1, 3, 8192, PNG8_ADAM7);
    char *bad_crc = png8_fixture("others-badcrc.png", px, UP_W, UP_H, 3, 8192, PNG8_BAD_GAMA);
    char *cut = png8_fixture("others-cut.png", px, UP_W, UP_H, 3, 8192, PNG8_CUT_ZLIB);
    const struct { const char *path, *what; } cases[] = {
        { alpha, "alpha" }, { palette, "palette" },       { rgb16, "16-bit" },   { trns, "tRNS" },
        { adam7, "Adam7" }, { bad_crc, "bad gAMA CRC" }, { cut, "cut zlib" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        assert_decoded_as_before(cases[i].path, false, 0, 40, cases[i].path == cut, cases[i].what);
    drawn d = draw_one(cut, true, false, 0, 40);
    g_assert_false(d.ok);
    g_assert_cmpstr(d.msg, ==, "is a damaged PNG (its pixels cannot be decoded); save or copy the image again");
    drawn_clear(&d);

    /* The PNG that passes: not in grey, not where downsampling applies. */
    d = draw_one(ok, true, false, 0, 40);
    g_assert_true(d.ok);
    g_assert_cmpint(d.n_pngs, ==, 1);
    drawn_clear(&d);
    assert_decoded_as_before(ok, true, 0, 40, false, "grey");
    assert_decoded_as_before(ok, false, 36, 40, false, "downsampled"); /* 160 pt at 36 dpi: 80 pixels needed */
    /* at 72 dpi 160 × 120 pt needs all its pixels: passed through; the small one downsampled */
    d = draw_one(ok, true, false, 72, 40);
    g_assert_cmpint(d.n_pngs, ==, 1);
    drawn_clear(&d);

    /* previews: decoded, the same pixels */
    cairo_surface_t *va = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
    cairo_surface_t *vb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
    for (int i = 0; i < 2; i++) {
        image_cache *c = image_cache_new();
        image_cache_set_png_passthrough(c, i == 0);
        cairo_t *cr = cairo_create(i == 0 ? va : vb);
        draw_ok(c, cr, ok, 10, 20, UP_W, UP_H, false, true);
        cairo_destroy(cr);
        GArray *pngs = image_cache_pngs(c);
        g_assert_cmpuint(pngs->len, ==, 0);
        g_array_unref(pngs);
        image_cache_free(c);
    }
    cairo_surface_flush(va);
    cairo_surface_flush(vb);
    g_assert_cmpmem(cairo_image_surface_get_data(va), 160 * cairo_image_surface_get_stride(va),
                    cairo_image_surface_get_data(vb), 160 * cairo_image_surface_get_stride(vb));
    cairo_surface_destroy(vb);
    cairo_surface_destroy(va);
    g_free(cut);
    g_free(bad_crc);
    g_free(adam7);
    g_free(trns);
    g_free(rgb16);
    g_free(palette);
    g_free(alpha);
    g_free(ok);
    g_free(px);
}

/* One PNG passed through at one size and downsampled at another, and
 * decoded for a preview by the same cache: one placeholder; after the
 * amendment the full image and the reduced one. A placeholder missing from
 * the PDF (drawn into another PDF) is an error, never left in silence. */
static void test_png_pass_mixed(void)
{
    if (!have_tool("pdfimages") || !have_tool("qpdf")) {
        g_test_skip("pdfimages (poppler-utils) or qpdf is not installed");
        return;
    }
    guint8 *px = map_rgb(UP_W, UP_H);
    char *png = png8_fixture("mixed.png", px, UP_W, UP_H, 3, 7, 0); /* 7-byte IDAT chunks: the zlib header split */
    char *pdf = path_of("mixed.pdf"), *other = path_of("mixed-other.pdf");
    image_cache *c = image_cache_new();
    image_cache_set_png_passthrough(c, true);
    image_cache_set_downsample(c, 72, 0);
    cairo_surface_t *v = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 160);
    cairo_t *vc = cairo_create(v);
    draw_ok(c, vc, png, 0, 0, 80, 60, false, true); /* a preview first */
    cairo_destroy(vc);
    cairo_surface_destroy(v);
    cairo_surface_t *s = pdf_new(pdf, 400, 300);
    cairo_t *cr = cairo_create(s);
    draw_ok(c, cr, png, 10, 10, 160, 120, false, false);
    draw_ok(c, cr, png, 200, 10, 40, 30, false, false);
    cairo_show_page(cr);
    draw_ok(c, cr, png, 200, 100, 160, 120, true, false);
    cairo_destroy(cr);
    pdf_close(s);
    s = pdf_new(other, 100, 100); /* a PDF without the placeholder */
    pdf_close(s);
    GArray *pngs = image_cache_pngs(c);
    image_cache_free(c);
    g_assert_cmpuint(pngs->len, ==, 1);

    GByteArray *before = read_all(other);
    pdfpost_info in = { .n_figure_alts = -1, .pngs = (const pdfpost_png *)(void *)pngs->data, .n_pngs = 1 };
    int fd = g_open(other, O_RDWR, 0);
    GError *err = NULL;
    g_assert_false(pdfpost_amend(fd, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_IMAGE);
    g_assert_true(g_str_has_prefix(err->message, "has no placeholder image (3×7919 pixels) for the PNG '"));
    g_error_free(err);
    close(fd);
    GByteArray *after = read_all(other);
    g_assert_cmpmem(before->data, before->len, after->data, after->len);
    g_byte_array_unref(after);
    g_byte_array_unref(before);

    amend_pngs(pdf, pngs);
    assert_qpdf_ok(pdf);
    GArray *imgs = pdf_images(pdf);
    g_assert_cmpuint(imgs->len, ==, 3);
    pdf_image *a = &g_array_index(imgs, pdf_image, 0), *b = &g_array_index(imgs, pdf_image, 1),
              *cv = &g_array_index(imgs, pdf_image, 2);
    g_assert_cmpint(a->width, ==, UP_W);
    g_assert_cmpint(a->height, ==, UP_H);
    g_assert_cmpint(b->width, ==, 40);
    g_assert_cmpint(b->height, ==, 30);
    g_assert_cmpint(cv->object, ==, a->object);
    g_assert_cmpint(distinct_objects(imgs), ==, 2);
    g_array_unref(imgs);
    g_array_unref(pngs);
    g_free(other);
    g_free(pdf);
    g_free(png);
    g_free(px);
}

/*** Main ***/

static void rm_rf(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (d) {
        const char *n;
        while ((n = g_dir_read_name(d))) {
            char *p = g_build_filename(dir, n, NULL);
            if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
                rm_rf(p);
            else
                g_unlink(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    GError *err = NULL;
    tmp = g_dir_make_tmp("tripreport-image-XXXXXX", &err);
    g_assert_no_error(err);

    g_test_add_func("/image/cache/trim-reads-again", test_trim_reads_again);
    g_test_add_func("/image/probe/orientations", test_probe_orientations);
    g_test_add_func("/image/probe/exif-variants", test_probe_exif_variants);
    g_test_add_func("/image/probe/by-bytes", test_probe_by_bytes);
    g_test_add_func("/image/probe/errors", test_probe_errors);
    g_test_add_func("/image/probe/tails", test_probe_tails);
    g_test_add_func("/image/probe/jpeg-kinds", test_jpeg_kinds);
    g_test_add_func("/image/pdf/passthrough", test_pdf_passthrough);
    g_test_add_func("/image/pdf/sharing", test_pdf_sharing);
    g_test_add_func("/image/pdf/unique-id", test_pdf_unique_id);
    g_test_add_func("/image/pdf/trailer", test_pdf_trailer);
    g_test_add_func("/image/pdf/orientation", test_pdf_orientation);
    g_test_add_func("/image/decode/orientation", test_decode_orientation);
    g_test_add_func("/image/decode/cover-and-png", test_decode_cover_and_png);
    g_test_add_func("/image/cache/reads-once", test_cache_reads_once);
    g_test_add_func("/image/downsample/jpeg", test_downsample_jpeg);
    g_test_add_func("/image/downsample/passthrough", test_downsample_passthrough);
    g_test_add_func("/image/downsample/orientation", test_downsample_orientation);
    g_test_add_func("/image/downsample/previews", test_downsample_previews);
    g_test_add_func("/image/png-variants/probe", test_png_variants_probe);
    g_test_add_func("/image/png-variants/decode", test_png_variants_decode);
    g_test_add_func("/image/png-variants/pdf", test_png_variants_pdf);
    g_test_add_func("/image/png-variants/fixturegen", test_png_variants_fixturegen);
    g_test_add_func("/image/grey/pdf-jpeg", test_grey_pdf_jpeg);
    g_test_add_func("/image/grey/png-alpha", test_grey_png_alpha);
    g_test_add_func("/image/grey/previews", test_grey_previews);
    g_test_add_func("/image/grey/photo", test_grey_photo);
    g_test_add_func("/image/grey/off", test_grey_off);
    g_test_add_func("/image/png-pass/pdf", test_png_pass_pdf);
    g_test_add_func("/image/png-pass/others", test_png_pass_others);
    g_test_add_func("/image/png-pass/mixed", test_png_pass_mixed);
    int rc = g_test_run();
    g_free(big_photo_path);
    g_free(pass_rgb_path);
    g_free(pass_grey_path);
    rm_rf(tmp);
    g_free(tmp);
    return rc;
}
