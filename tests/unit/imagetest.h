/* imagetest: what the image files' unit tests share (static inline only): a
 * folder for the run's fixtures, JPEGs written with libturbojpeg (EXIF
 * orientations, noise, the upright test picture as a camera stores it, a
 * phone-sized photo), PNGs written by cairo, pixel checks, the outside tools
 * (pdfimages) that read the PDFs, and drawing through an image cache.
 * Included by test_image_probe.c, test_image_draw.c, test_image_resample.c,
 * test_image_grey.c and test_image_png.c. */
#ifndef IMAGETEST_H
#define IMAGETEST_H

#include "image_draw.h"
#include "image_probe.h"

#include <cairo-pdf.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <turbojpeg.h>
#include <unistd.h>

static char *tmp; /* the folder of this run's fixtures */

/*** Fixtures ***/

static inline char *path_of(const char *name)
{
    return g_build_filename(tmp, name, NULL);
}

/* Writes 'len' bytes to 'name' in the fixture folder; caller frees the path. */
static inline char *write_fixture(const char *name, const void *data, size_t len)
{
    char *p = path_of(name);
    GError *err = NULL;
    g_file_set_contents(p, data, (gssize)len, &err);
    g_assert_no_error(err);
    return p;
}

static inline GByteArray *read_all(const char *path)
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
static inline void exif_app1(guint8 out[36], int orientation, bool big_endian)
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
static inline GByteArray *encode_jpeg_as(const guint8 *px, int pf, int w, int h, int subsamp, int flags, int orientation,
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

static inline GByteArray *encode_jpeg(const guint8 *rgb, int w, int h, int orientation, int where)
{
    return encode_jpeg_as(rgb, TJPF_RGB, w, h, TJSAMP_444, 0, orientation, where);
}

/* Deterministic noise, so that the JPEG has some bulk. */
static inline guint8 *noise_rgb(int w, int h, guint32 seed)
{
    GRand *r = g_rand_new_with_seed(seed);
    guint8 *rgb = g_malloc((size_t)w * h * 3);
    for (size_t i = 0; i < (size_t)w * h * 3; i++)
        rgb[i] = (guint8)g_rand_int_range(r, 0, 256);
    g_rand_free(r);
    return rgb;
}

static inline char *noise_jpeg(const char *name, int w, int h, guint32 seed, int orientation, int where)
{
    guint8 *rgb = noise_rgb(w, h, seed);
    GByteArray *j = encode_jpeg(rgb, w, h, orientation, where);
    char *p = write_fixture(name, j->data, j->len);
    g_byte_array_unref(j);
    g_free(rgb);
    return p;
}

static inline cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static inline GByteArray *png_bytes(cairo_surface_t *s)
{
    GByteArray *a = g_byte_array_new();
    g_assert_cmpint(cairo_surface_write_to_png_stream(s, to_bytes, a), ==, CAIRO_STATUS_SUCCESS);
    return a;
}

/* The upright test picture, 160×120: the top half red, the bottom half
 * blue, a green marker in the top-left quadrant. */
enum { UP_W = 160, UP_H = 120 };
static inline void upright_rgb(int X, int Y, guint8 rgb[3])
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
static inline guint8 *stored_rgb(int o, int *sw, int *sh)
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

static inline char *oriented_jpeg(int o)
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

/* Writes the surface 's' (taken: destroyed) as the PNG fixture 'name'.
 * Its path; caller frees. */
static inline char *png_fixture(const char *name, cairo_surface_t *s)
{
    GByteArray *b = png_bytes(s);
    cairo_surface_destroy(s);
    char *p = write_fixture(name, b->data, b->len);
    g_byte_array_unref(b);
    return p;
}

static inline char *upright_png(const char *name)
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
    return png_fixture(name, s);
}

/*** Helpers ***/

typedef enum { C_OTHER, C_RED, C_GREEN, C_BLUE, C_CLEAR, C_BLACK, C_WHITE } colour;

static inline colour pixel(cairo_surface_t *s, int x, int y)
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
static inline void check_upright(cairo_surface_t *s, double x, double y, double k, const char *what)
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

static inline proc run(const char *const *argv)
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

static inline void proc_clear(proc *r)
{
    g_free(r->out);
    g_free(r->err);
}

static inline bool have_tool(const char *name)
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

static inline GArray *pdf_images(const char *pdf)
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

static inline int distinct_objects(GArray *a)
{
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < a->len; i++)
        g_hash_table_add(seen, GINT_TO_POINTER(g_array_index(a, pdf_image, i).object));
    int n = (int)g_hash_table_size(seen);
    g_hash_table_destroy(seen);
    return n;
}

static inline char *expect_probe_error(const char *path)
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

static inline cairo_surface_t *pdf_new(const char *path, double w, double h)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, w, h);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    return s;
}

static inline void pdf_close(cairo_surface_t *s)
{
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

static inline void draw_ok(image_cache *c, cairo_t *cr, const char *path, double x, double y, double w, double h,
                    bool cover, bool decode)
{
    GError *err = NULL;
    g_assert_true(image_draw(c, cr, path, x, y, w, h, cover, decode, &err));
    g_assert_no_error(err);
    g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
}

/*** A phone-sized photo, drawn into a PDF ***/

enum { PHOTO_W = 4032, PHOTO_H = 3024 };

/* A phone-sized photo: 128-pixel patches of random colour with a little
 * per-pixel grain, as a 4:2:0 JPEG at quality 85 (about 900 KB). Made once. */
static char *big_photo_path;
static inline char *big_photo(void)
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

/* The pixels needed, as image_cache.h defines them. */
static inline int needed(double points, int dpi)
{
    return (int)MAX(1, ceil(points * dpi / 72.0 - 1e-6));
}

static inline gsize file_size(const char *path)
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
static inline void render_photo_as(const char *pdf, int dpi, int quality, bool more, bool grey, int stats[3])
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

/*** Colours ***/

static inline void rgb_at(cairo_surface_t *s, int x, int y, int rgb[3])
{
    cairo_surface_flush(s);
    g_assert_true(x >= 0 && y >= 0 && x < cairo_image_surface_get_width(s) && y < cairo_image_surface_get_height(s));
    const guint8 *d = cairo_image_surface_get_data(s);
    uint32_t p = ((const uint32_t *)(d + (size_t)y * cairo_image_surface_get_stride(s)))[x];
    rgb[0] = (p >> 16) & 0xFF, rgb[1] = (p >> 8) & 0xFF, rgb[2] = p & 0xFF;
}

/* The pixel is r, g, b (±tol each). */
static inline void check_rgb(cairo_surface_t *s, int x, int y, int r, int g, int b, int tol, const char *what)
{
    int c[3];
    rgb_at(s, x, y, c);
    if (abs(c[0] - r) > tol || abs(c[1] - g) > tol || abs(c[2] - b) > tol)
        g_error("%s: pixel %d,%d is %d,%d,%d, expected %d,%d,%d (+-%d)", what, x, y, c[0], c[1], c[2], r, g, b, tol);
}

/* A PNG with alpha (written by cairo): the top half opaque red, the bottom
 * left quarter blue at alpha 128, the bottom right quarter transparent. */
static inline char *alpha_png(void)
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
    return png_fixture("grey-alpha.png", s);
}

/*** The run ***/

static inline void rm_rf(const char *dir)
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

/* Makes the folder of this run's fixtures: call after g_test_init(). */
static inline void imagetest_begin(void)
{
    GError *err = NULL;
    tmp = g_dir_make_tmp("tripreport-image-XXXXXX", &err);
    g_assert_no_error(err);
}

/* Removes the folder and frees what the helpers made. */
static inline void imagetest_end(void)
{
    g_free(big_photo_path);
    rm_rf(tmp);
    g_free(tmp);
}

#endif
