/*
 * photogen - deterministic sample photo / test fixture generator.
 *
 *   photogen SET OUTDIR
 *
 * SET is one of:
 *   sample017  photos of a municipal study trip report (Matsue city, Feb 2024):
 *              eight realistic-sized phone photos (1-3 MB JPEGs) and a map PNG.
 *   bench      the benchmark's photo pool (bench/corpus.sh): sixteen phone
 *              photos (the sample's scenes, shot and reframed; one with
 *              EXIF orientation 6) and a map PNG.
 *   fixtures   small images for tests: EXIF orientation 1..8, wrong
 *              extensions, alpha PNG, palette and 16-bit PNGs written by
 *              hand (palette.png, palette4.png, rgb16.png, gray16.png,
 *              rgba16.png), truncated / corrupt / empty files, absurd
 *              header sizes, non-image files and unsupported formats.
 *
 * Output is byte-identical for the same input on the same machine: every
 * random value comes from a private PRNG seeded from the output file name;
 * nothing depends on the clock or the locale.  Every file is written to a
 * temporary name and renamed into place, so an interrupted run never leaves
 * a partial file under a final name.
 *
 * Exit status: 0 success, 1 write error ("photogen: <path>: <reason>"),
 * 2 usage error.
 *
 * Build:
 *   cc -std=c11 -O2 -Wall -Wextra -Wshadow -o out/photogen samples/photogen.c \
 *      $(pkg-config --cflags --libs cairo libturbojpeg glib-2.0) -lm
 */
#define _POSIX_C_SOURCE 200809L

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <turbojpeg.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define PG_PI 3.14159265358979323846

/* ------------------------------------------------------------------------ */
/* Deterministic PRNG (splitmix64 seeding, xorshift64* stream)               */
/* ------------------------------------------------------------------------ */

typedef struct {
    uint64_t s;
} Rng;

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static Rng rng_from_name(const char *name, uint64_t salt)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    h ^= salt * 0x9E3779B97F4A7C15ull;
    Rng r;
    r.s = splitmix64(&h);
    if (r.s == 0)
        r.s = 0x2545F4914F6CDD1Dull;
    return r;
}

static uint64_t rng_next(Rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* uniform in [0, 1) */
static double rng_unif(Rng *r)
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* uniform in [a, b) */
static double rng_range(Rng *r, double a, double b)
{
    return a + (b - a) * rng_unif(r);
}

/* ------------------------------------------------------------------------ */
/* Error helpers and atomic file writing                                     */
/* ------------------------------------------------------------------------ */

/* All helpers report failure by returning a g_malloc'd "<path>: <reason>"
 * string (NULL on success); main() prefixes "photogen: ". */
static char *path_error(const char *path, const char *reason)
{
    return g_strdup_printf("%s: %s", path, reason);
}

static char *path_errno(const char *path, int err)
{
    return path_error(path, g_strerror(err));
}

/* Write DATA to PATH via "<PATH>.tmp-<pid>" + fsync + rename. */
static char *write_file_atomic(const char *path, const void *data, size_t len)
{
    char *tmp = g_strdup_printf("%s.tmp-%ld", path, (long)getpid());
    char *err = NULL;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        err = path_errno(path, errno);
        g_free(tmp);
        return err;
    }
    const unsigned char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            err = path_errno(path, errno);
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    if (!err && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        err = path_errno(path, errno);
    if (close(fd) != 0 && !err)
        err = path_errno(path, errno);
    if (!err && rename(tmp, path) != 0)
        err = path_errno(path, errno);
    if (err)
        unlink(tmp);
    g_free(tmp);
    return err;
}

/* ------------------------------------------------------------------------ */
/* EXIF orientation: display image -> stored pixel buffer                    */
/* ------------------------------------------------------------------------ */

/*
 * EXIF Orientation says which transform a viewer applies to the STORED
 * pixels to DISPLAY them upright:
 *   1 identity            2 mirror horizontal    3 rotate 180
 *   4 mirror vertical     5 transpose            6 rotate 90 CW
 *   7 transverse          8 rotate 90 CCW
 * For each stored pixel (sx, sy) of a stored image sw x sh, the display
 * position (dx, dy) is (with dw x dh the display size; for 5..8 sw = dh and
 * sh = dw):
 *   1: ( sx,        sy        )   2: ( sw-1-sx,   sy        )
 *   3: ( sw-1-sx,   sh-1-sy   )   4: ( sx,        sh-1-sy   )
 *   5: ( sy,        sx        )   6: ( sh-1-sy,   sx        )
 *   7: ( sh-1-sy,   sw-1-sx   )   8: ( sy,        sw-1-sx   )
 * which matches the EXIF text, e.g. 6 = "0th row is the visual right-hand
 * side, 0th column is the visual top".
 *
 * orientation_map() gives that map as dx = ax*sx + bx*sy + cx,
 * dy = ay*sx + by*sy + cy.  Returns FALSE for values outside 1..8.
 */
typedef struct {
    int ax, bx, cx;
    int ay, by, cy;
} OrientMap;

static gboolean orientation_map(int orientation, int sw, int sh, OrientMap *m)
{
    OrientMap o = {0, 0, 0, 0, 0, 0};
    switch (orientation) {
    case 1: o.ax = 1;  o.by = 1;                                  break;
    case 2: o.ax = -1; o.cx = sw - 1; o.by = 1;                   break;
    case 3: o.ax = -1; o.cx = sw - 1; o.by = -1; o.cy = sh - 1;   break;
    case 4: o.ax = 1;  o.by = -1; o.cy = sh - 1;                  break;
    case 5: o.bx = 1;  o.ay = 1;                                  break;
    case 6: o.bx = -1; o.cx = sh - 1; o.ay = 1;                   break;
    case 7: o.bx = -1; o.cx = sh - 1; o.ay = -1; o.cy = sw - 1;   break;
    case 8: o.bx = 1;  o.ay = -1; o.cy = sw - 1;                  break;
    default: return FALSE;
    }
    *m = o;
    return TRUE;
}

/*
 * Given an upright DISPLAY image (packed RGB, dw x dh) and an EXIF
 * orientation 1..8, fill STORED (dw * dh * 3 bytes, caller-provided) so
 * that a viewer applying that orientation shows the upright image.
 * *sw / *sh receive the stored size.  Returns FALSE for an invalid
 * orientation.
 */
static gboolean rotate_for_orientation_into(const uint8_t *display, int dw, int dh,
                                            int orientation, uint8_t *stored,
                                            int *sw, int *sh)
{
    int w = (orientation >= 5) ? dh : dw;
    int h = (orientation >= 5) ? dw : dh;
    OrientMap m;
    if (!orientation_map(orientation, w, h, &m))
        return FALSE;
    /* byte offset in DISPLAY of stored pixel (sx, sy) */
    ptrdiff_t step_x = ((ptrdiff_t)m.ax + (ptrdiff_t)m.ay * dw) * 3;
    ptrdiff_t step_y = ((ptrdiff_t)m.bx + (ptrdiff_t)m.by * dw) * 3;
    ptrdiff_t base = ((ptrdiff_t)m.cy * dw + m.cx) * 3;
    enum { TILE = 64 };
    for (int ty = 0; ty < h; ty += TILE) {
        int ty_end = ty + TILE < h ? ty + TILE : h;
        for (int tx = 0; tx < w; tx += TILE) {
            int tx_end = tx + TILE < w ? tx + TILE : w;
            for (int sy = ty; sy < ty_end; sy++) {
                uint8_t *out = stored + ((size_t)sy * (size_t)w + (size_t)tx) * 3;
                const uint8_t *in = display + base + step_y * sy + step_x * tx;
                for (int sx = tx; sx < tx_end; sx++) {
                    out[0] = in[0];
                    out[1] = in[1];
                    out[2] = in[2];
                    out += 3;
                    in += step_x;
                }
            }
        }
    }
    *sw = w;
    *sh = h;
    return TRUE;
}

/* As above, returning a newly allocated buffer (NULL for an invalid
 * orientation). */
static uint8_t *rotate_for_orientation(const uint8_t *display, int dw, int dh,
                                       int orientation, int *sw, int *sh)
{
    uint8_t *stored = g_malloc((size_t)dw * (size_t)dh * 3);
    if (!rotate_for_orientation_into(display, dw, dh, orientation, stored, sw, sh)) {
        g_free(stored);
        return NULL;
    }
    return stored;
}

/* ------------------------------------------------------------------------ */
/* JPEG encoding with an optional hand-written EXIF APP1 segment            */
/* ------------------------------------------------------------------------ */

/*
 * APP1 "Exif\0\0" + little-endian TIFF header + IFD0 holding exactly one
 * entry: 0x0112 Orientation, SHORT, count 1, value; next-IFD offset 0.
 * Writes 36 bytes (marker included) into out.
 */
enum { EXIF_APP1_LEN = 36 };

static void build_exif_app1(uint8_t out[EXIF_APP1_LEN], int orientation)
{
    static const uint8_t tmpl[EXIF_APP1_LEN] = {
        0xFF, 0xE1, 0x00, 0x22,             /* APP1, length 34          */
        'E', 'x', 'i', 'f', 0x00, 0x00,     /* Exif identifier          */
        'I', 'I', 0x2A, 0x00,               /* TIFF, little endian, 42  */
        0x08, 0x00, 0x00, 0x00,             /* IFD0 at offset 8         */
        0x01, 0x00,                         /* 1 entry                  */
        0x12, 0x01,                         /* tag 0x0112 Orientation   */
        0x03, 0x00,                         /* type SHORT               */
        0x01, 0x00, 0x00, 0x00,             /* count 1                  */
        0x00, 0x00, 0x00, 0x00,             /* value (patched below)    */
        0x00, 0x00, 0x00, 0x00,             /* next IFD: none           */
    };
    memcpy(out, tmpl, EXIF_APP1_LEN);
    out[28] = (uint8_t)(orientation & 0xFF);
    out[29] = (uint8_t)((orientation >> 8) & 0xFF);
}

/*
 * Encode packed RGB (w x h) as a baseline JPEG (4:2:0) into a new
 * GByteArray.  orientation 0 = no APP1; 1..8 = APP1 right after SOI.
 * On failure returns NULL and sets *reason (g_malloc'd).
 */
static GByteArray *encode_jpeg(const uint8_t *rgb, int w, int h, int quality,
                               int orientation, char **reason)
{
    if (orientation < 0 || orientation > 8) {
        *reason = g_strdup_printf("invalid EXIF orientation %d", orientation);
        return NULL;
    }
    tjhandle tj = tjInitCompress();
    if (!tj) {
        *reason = g_strdup_printf("tjInitCompress: %s", tjGetErrorStr2(NULL));
        return NULL;
    }
    unsigned char *jpeg = NULL;
    unsigned long jlen = 0;
    if (tjCompress2(tj, rgb, w, w * 3, h, TJPF_RGB, &jpeg, &jlen, TJSAMP_420,
                    quality, TJFLAG_ACCURATEDCT) != 0) {
        *reason = g_strdup_printf("tjCompress2: %s", tjGetErrorStr2(tj));
        tjFree(jpeg);
        tjDestroy(tj);
        return NULL;
    }
    GByteArray *out = g_byte_array_sized_new((guint)jlen + EXIF_APP1_LEN);
    g_byte_array_append(out, jpeg, 2); /* SOI */
    if (orientation > 0) {
        uint8_t app1[EXIF_APP1_LEN];
        build_exif_app1(app1, orientation);
        g_byte_array_append(out, app1, EXIF_APP1_LEN);
    }
    g_byte_array_append(out, jpeg + 2, (guint)(jlen - 2));
    tjFree(jpeg);
    tjDestroy(tj);
    return out;
}

static char *write_jpeg(const char *path, const uint8_t *rgb, int w, int h,
                        int quality, int orientation)
{
    char *reason = NULL;
    GByteArray *jpg = encode_jpeg(rgb, w, h, quality, orientation, &reason);
    if (!jpg) {
        char *err = path_error(path, reason);
        g_free(reason);
        return err;
    }
    char *err = write_file_atomic(path, jpg->data, jpg->len);
    g_byte_array_unref(jpg);
    return err;
}

/*
 * Walk the marker segments of a JPEG up to and including SOS.  Returns the
 * offset of the first marker in WANT (e.g. {0xC0, 0xC2}) or -1.  If
 * scan_start is not NULL it receives the offset of the first entropy-coded
 * byte (just after the SOS header), or -1.
 */
static long jpeg_find_marker(const uint8_t *buf, size_t len, const uint8_t *want,
                             int nwant, long *scan_start)
{
    long found = -1;
    size_t i = 2;
    if (scan_start)
        *scan_start = -1;
    if (len < 4 || buf[0] != 0xFF || buf[1] != 0xD8)
        return -1;
    while (i + 4 <= len) {
        if (buf[i] != 0xFF)
            return found;
        uint8_t mk = buf[i + 1];
        if (mk == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        size_t seglen = ((size_t)buf[i + 2] << 8) | buf[i + 3];
        for (int k = 0; k < nwant && found < 0; k++)
            if (mk == want[k])
                found = (long)i;
        if (mk == 0xDA) {
            if (scan_start)
                *scan_start = (long)(i + 2 + seglen);
            return found;
        }
        i += 2 + seglen;
    }
    return found;
}

/* ------------------------------------------------------------------------ */
/* PNG to memory via cairo                                                   */
/* ------------------------------------------------------------------------ */

static cairo_status_t png_to_bytes(void *closure, const unsigned char *data,
                                   unsigned int length)
{
    g_byte_array_append((GByteArray *)closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

static GByteArray *encode_png(cairo_surface_t *s, char **reason)
{
    GByteArray *out = g_byte_array_new();
    cairo_surface_flush(s);
    cairo_status_t st = cairo_surface_write_to_png_stream(s, png_to_bytes, out);
    if (st != CAIRO_STATUS_SUCCESS) {
        *reason = g_strdup_printf("PNG encoding failed: %s",
                                  cairo_status_to_string(st));
        g_byte_array_unref(out);
        return NULL;
    }
    return out;
}

static char *write_png(const char *path, cairo_surface_t *s)
{
    char *reason = NULL;
    GByteArray *png = encode_png(s, &reason);
    if (!png) {
        char *err = path_error(path, reason);
        g_free(reason);
        return err;
    }
    char *err = write_file_atomic(path, png->data, png->len);
    g_byte_array_unref(png);
    return err;
}

/* ------------------------------------------------------------------------ */
/* PNG written by hand: palette and 16-bit images cairo cannot write         */
/* ------------------------------------------------------------------------ */

/*
 * cairo writes only 8-bit RGB / RGBA PNGs, so the palette and 16-bit
 * fixtures are encoded here: signature, IHDR, PLTE + tRNS (palette only),
 * one IDAT and IEND, each chunk with its CRC-32. The IDAT holds a zlib
 * stream of stored (uncompressed) deflate blocks: header 78 01, blocks of
 * at most 65535 bytes (BFINAL, LEN, NLEN, the bytes), then the Adler-32 of
 * the raw rows. Every row has filter type 0 (None). Nothing depends on the
 * clock (no tIME chunk): the bytes are the same on every run. The unit
 * tests (tests/unit/test_image.c) carry the same encoder and compare their
 * bytes with these files when out/fixtures exists.
 */

/* CRC-32 as PNG (and zlib's crc32()) define it: reflected polynomial
 * 0xEDB88320, initial and final XOR with ~0; chainable. */
static uint32_t png_crc32(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static uint32_t png_adler32(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return b << 16 | a;
}

static void png_put32(GByteArray *a, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    g_byte_array_append(a, b, 4);
}

/* Length, type, data, CRC-32 of type + data. */
static void png_chunk(GByteArray *png, const char type[4], const uint8_t *data, size_t len)
{
    png_put32(png, (uint32_t)len);
    g_byte_array_append(png, (const uint8_t *)type, 4);
    if (len > 0)
        g_byte_array_append(png, data, (guint)len);
    png_put32(png, png_crc32(png_crc32(0, (const uint8_t *)type, 4), data, len));
}

/* A zlib stream of stored deflate blocks holding 'raw' (one empty final
 * block when 'len' is 0). */
static void zlib_stored(GByteArray *out, const uint8_t *raw, size_t len)
{
    static const uint8_t header[2] = {0x78, 0x01}; /* deflate, 32 KB window; (0x7801 % 31) == 0 */
    g_byte_array_append(out, header, 2);
    size_t off = 0;
    do {
        size_t n = len - off < 65535 ? len - off : 65535;
        unsigned nlen = ~(unsigned)n & 0xFFFFu;
        uint8_t b[5] = {off + n == len ? 1 : 0, /* BFINAL, BTYPE 00, then byte-aligned */
                        (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)nlen, (uint8_t)(nlen >> 8)};
        g_byte_array_append(out, b, 5);
        if (n > 0)
            g_byte_array_append(out, raw + off, (guint)n);
        off += n;
    } while (off < len);
    png_put32(out, png_adler32(raw, len));
}

/* A two-colour picture: the top half of every pixel holds 'top', the bottom
 * half 'bottom' (samples in channel order; for a palette image the index). */
typedef struct {
    const char *name;
    int colour_type; /* 0 grey, 2 RGB, 3 palette, 6 RGB + alpha */
    int depth;       /* bits per sample: 1, 2, 4, 8 or 16 */
    uint16_t top[4], bottom[4];
} PngVariant;

enum { PNG_VARIANT_W = 160, PNG_VARIANT_H = 120 };

/* palette.png / palette4.png: index 0 red, 1 blue, 2 green (unused, and
 * made fully transparent by tRNS). */
static const uint8_t png_variant_plte[9] = {255, 0, 0, 0, 0, 255, 0, 255, 0};
static const uint8_t png_variant_trns[3] = {255, 255, 0};

static const PngVariant png_variants[] = {
    {"palette.png", 3, 8, {0}, {1}},                                  /* red / blue */
    {"palette4.png", 3, 4, {0}, {1}},                                 /* the same at 4 bits */
    {"rgb16.png", 2, 16, {65535, 0, 0}, {0, 0, 65535}},               /* red / blue */
    {"gray16.png", 0, 16, {0}, {65535}},                              /* black / white */
    {"rgba16.png", 6, 16, {65535, 0, 0, 65535}, {0, 0, 65535, 0}},    /* opaque red / transparent (blue) */
};

static int png_channels(int colour_type)
{
    switch (colour_type) {
    case 2: return 3;
    case 4: return 2;
    case 6: return 4;
    default: return 1; /* 0 grey, 3 palette */
    }
}

static GByteArray *encode_png_variant(const PngVariant *v, int w, int h)
{
    int ch = png_channels(v->colour_type);
    size_t row = 1 + ((size_t)w * (size_t)ch * (size_t)v->depth + 7) / 8;
    uint8_t *raw = g_malloc0(row * (size_t)h);
    for (int y = 0; y < h; y++) {
        uint8_t *p = raw + (size_t)y * row + 1; /* after the filter byte (0: None) */
        const uint16_t *s = y < h / 2 ? v->top : v->bottom;
        size_t bit = 0;
        for (int x = 0; x < w; x++)
            for (int c = 0; c < ch; c++, bit += (size_t)v->depth) {
                if (v->depth == 16) {
                    p[bit / 8] = (uint8_t)(s[c] >> 8);
                    p[bit / 8 + 1] = (uint8_t)s[c];
                } else { /* packed from the most significant bit */
                    p[bit / 8] |= (uint8_t)(s[c] << (8 - v->depth - (int)(bit % 8)));
                }
            }
    }
    GByteArray *png = g_byte_array_new();
    g_byte_array_append(png, (const uint8_t *)"\x89PNG\r\n\x1A\n", 8);
    uint8_t ihdr[13] = {(uint8_t)(w >> 24), (uint8_t)(w >> 16), (uint8_t)(w >> 8), (uint8_t)w,
                        (uint8_t)(h >> 24), (uint8_t)(h >> 16), (uint8_t)(h >> 8), (uint8_t)h,
                        (uint8_t)v->depth, (uint8_t)v->colour_type,
                        0, 0, 0}; /* deflate, adaptive filtering, no interlace */
    png_chunk(png, "IHDR", ihdr, sizeof ihdr);
    if (v->colour_type == 3) {
        png_chunk(png, "PLTE", png_variant_plte, sizeof png_variant_plte);
        png_chunk(png, "tRNS", png_variant_trns, sizeof png_variant_trns);
    }
    GByteArray *z = g_byte_array_new();
    zlib_stored(z, raw, row * (size_t)h);
    png_chunk(png, "IDAT", z->data, z->len);
    png_chunk(png, "IEND", NULL, 0);
    g_byte_array_unref(z);
    g_free(raw);
    return png;
}

/* ------------------------------------------------------------------------ */
/* Small cairo drawing helpers                                               */
/* ------------------------------------------------------------------------ */

static void set_hex(cairo_t *cr, unsigned c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                         (c & 255) / 255.0);
}

static void set_hexa(cairo_t *cr, unsigned c, double a)
{
    cairo_set_source_rgba(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
                          (c & 255) / 255.0, a);
}

static void stop_hex(cairo_pattern_t *p, double off, unsigned c, double a)
{
    cairo_pattern_add_color_stop_rgba(p, off, ((c >> 16) & 255) / 255.0,
                                      ((c >> 8) & 255) / 255.0, (c & 255) / 255.0, a);
}

static void rect_fill(cairo_t *cr, double x, double y, double w, double h, unsigned c)
{
    cairo_rectangle(cr, x, y, w, h);
    set_hex(cr, c);
    cairo_fill(cr);
}

static void rect_filla(cairo_t *cr, double x, double y, double w, double h,
                       unsigned c, double a)
{
    cairo_rectangle(cr, x, y, w, h);
    set_hexa(cr, c, a);
    cairo_fill(cr);
}

/* Fill the current path with a vertical gradient from ya (c0) to yb (c1). */
static void fill_vgrad(cairo_t *cr, double ya, double yb, unsigned c0, unsigned c1)
{
    cairo_pattern_t *p = cairo_pattern_create_linear(0, ya, 0, yb);
    stop_hex(p, 0, c0, 1);
    stop_hex(p, 1, c1, 1);
    cairo_set_source(cr, p);
    cairo_fill(cr);
    cairo_pattern_destroy(p);
}

static void fill_hgrad(cairo_t *cr, double xa, double xb, unsigned c0, unsigned c1)
{
    cairo_pattern_t *p = cairo_pattern_create_linear(xa, 0, xb, 0);
    stop_hex(p, 0, c0, 1);
    stop_hex(p, 1, c1, 1);
    cairo_set_source(cr, p);
    cairo_fill(cr);
    cairo_pattern_destroy(p);
}

static void vgrad_rect(cairo_t *cr, double x, double y, double w, double h,
                       unsigned c0, unsigned c1)
{
    cairo_rectangle(cr, x, y, w, h);
    fill_vgrad(cr, y, y + h, c0, c1);
}

static void round_rect_path(cairo_t *cr, double x, double y, double w, double h, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -PG_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, PG_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, PG_PI / 2, PG_PI);
    cairo_arc(cr, x + r, y + r, r, PG_PI, 1.5 * PG_PI);
    cairo_close_path(cr);
}

static void ellipse_path(cairo_t *cr, double cx, double cy, double rx, double ry)
{
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, rx, ry);
    cairo_new_sub_path(cr);
    cairo_arc(cr, 0, 0, 1, 0, 2 * PG_PI);
    cairo_restore(cr);
}

static void ellipse_fill(cairo_t *cr, double cx, double cy, double rx, double ry,
                         unsigned c, double a)
{
    ellipse_path(cr, cx, cy, rx, ry);
    set_hexa(cr, c, a);
    cairo_fill(cr);
}

static void circle_fill(cairo_t *cr, double cx, double cy, double r, unsigned c, double a)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, r, 0, 2 * PG_PI);
    set_hexa(cr, c, a);
    cairo_fill(cr);
}

/* Soft radial glow (elliptical if sy != 1): colour c at alpha a fading to 0. */
static void glow(cairo_t *cr, double cx, double cy, double r, double sy,
                 unsigned c, double a)
{
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, 1, sy);
    cairo_pattern_t *p = cairo_pattern_create_radial(0, 0, 0, 0, 0, r);
    stop_hex(p, 0, c, a);
    stop_hex(p, 0.5, c, a * 0.45);
    stop_hex(p, 1, c, 0);
    cairo_set_source(cr, p);
    cairo_arc(cr, 0, 0, r, 0, 2 * PG_PI);
    cairo_fill(cr);
    cairo_pattern_destroy(p);
    cairo_restore(cr);
}

static void line(cairo_t *cr, double xa, double ya, double xb, double yb,
                 double lw, unsigned c, double a)
{
    cairo_move_to(cr, xa, ya);
    cairo_line_to(cr, xb, yb);
    cairo_set_line_width(cr, lw);
    set_hexa(cr, c, a);
    cairo_stroke(cr);
}

static void poly_path(cairo_t *cr, const double *pts, int n)
{
    cairo_move_to(cr, pts[0], pts[1]);
    for (int i = 1; i < n; i++)
        cairo_line_to(cr, pts[2 * i], pts[2 * i + 1]);
    cairo_close_path(cr);
}

static void poly_fill(cairo_t *cr, const double *pts, int n, unsigned c, double a)
{
    poly_path(cr, pts, n);
    set_hexa(cr, c, a);
    cairo_fill(cr);
}

/* ASCII text centred on (cx, cy) using the cairo toy API. */
static void text_center(cairo_t *cr, const char *s, double cx, double cy,
                        double size, gboolean bold, unsigned c, double a)
{
    cairo_text_extents_t te;
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, s, &te);
    cairo_move_to(cr, cx - te.x_bearing - te.width / 2, cy - te.y_bearing - te.height / 2);
    set_hexa(cr, c, a);
    cairo_show_text(cr, s);
    cairo_new_path(cr);
}

/* Simple pinhole camera for interiors: X right, Y down, Z depth (metres). */
typedef struct {
    double cx, cy, f;
} Cam;

static void cam_xy(const Cam *cam, double X, double Y, double Z, double *x, double *y)
{
    *x = cam->cx + cam->f * X / Z;
    *y = cam->cy + cam->f * Y / Z;
}

/* Quad path from 4 camera-space points (12 doubles). */
static void cam_quad(cairo_t *cr, const Cam *cam, const double p[12])
{
    double x, y;
    for (int i = 0; i < 4; i++) {
        cam_xy(cam, p[3 * i], p[3 * i + 1], p[3 * i + 2], &x, &y);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
}

/* Rectangle on the plane Z = z (facing the camera). */
static void cam_rect_z(cairo_t *cr, const Cam *cam, double xa, double ya,
                       double xb, double yb, double z)
{
    double p[12] = {xa, ya, z, xb, ya, z, xb, yb, z, xa, yb, z};
    cam_quad(cr, cam, p);
}

/* Rectangle on the plane X = x (side wall). */
static void cam_rect_x(cairo_t *cr, const Cam *cam, double x, double ya, double yb,
                       double za, double zb)
{
    double p[12] = {x, ya, za, x, ya, zb, x, yb, zb, x, yb, za};
    cam_quad(cr, cam, p);
}

/* Rectangle on the plane Y = y (floor / ceiling / table top). */
static void cam_rect_y(cairo_t *cr, const Cam *cam, double y, double xa, double xb,
                       double za, double zb)
{
    double p[12] = {xa, y, za, xb, y, za, xb, y, zb, xa, y, zb};
    cam_quad(cr, cam, p);
}

static void fill_hex(cairo_t *cr, unsigned c, double a)
{
    set_hexa(cr, c, a);
    cairo_fill(cr);
}

/* ------------------------------------------------------------------------ */
/* Orientation marker: white rounded box, black up arrow, "NN UP"            */
/* ------------------------------------------------------------------------ */

static void draw_up_marker(cairo_t *cr, double W, double H, int number)
{
    double bh = H / 12.0;
    double m = bh * 0.3;
    double pad = bh * 0.2;
    double aw = bh * 0.55;
    char label[32];
    cairo_text_extents_t te;

    snprintf(label, sizeof label, "%02d UP", number);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, bh * 0.6);
    cairo_text_extents(cr, label, &te);
    double bw = pad + aw + pad + te.x_advance + pad;
    (void)W;

    round_rect_path(cr, m, m, bw, bh, bh * 0.18);
    set_hex(cr, 0xFFFFFF);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, bh * 0.03);
    set_hex(cr, 0x000000);
    cairo_stroke(cr);

    double ax = m + pad + aw / 2;
    double top = m + bh * 0.12, bottom = m + bh * 0.88;
    double head = bh * 0.36, shaft = aw * 0.36;
    double arrow[14] = {
        ax, top,
        ax + aw / 2, top + head,
        ax + shaft / 2, top + head,
        ax + shaft / 2, bottom,
        ax - shaft / 2, bottom,
        ax - shaft / 2, top + head,
        ax - aw / 2, top + head,
    };
    poly_fill(cr, arrow, 7, 0x000000, 1);

    cairo_move_to(cr, m + pad + aw + pad - te.x_bearing,
                  m + bh / 2 - (te.y_bearing + te.height / 2));
    set_hex(cr, 0x000000);
    cairo_show_text(cr, label);
    cairo_new_path(cr);
}

/* ------------------------------------------------------------------------ */
/* Sensor-like grain: cairo RGB24 surface -> packed RGB with noise          */
/* ------------------------------------------------------------------------ */

/*
 * Flat cairo drawings compress to almost nothing; phone photos at quality
 * ~90 are 1-3 MB.  The grain makes the JPEG size realistic:
 *   fine     per-pixel luma noise, triangular in [-fine, +fine] levels
 *   medium   smooth blotchy texture (12 px cells), +-medium levels
 *   large    slow brightness variation (320 px cells), +-large levels
 *   vignette darkening of the corners (fraction of brightness at corners)
 */
typedef struct {
    double fine, medium, large, vignette;
} Grain;

typedef struct {
    int cell, gw, gh;
    float *v;
} Field;

static Field field_new(int w, int h, int cell, double amp, Rng *rng)
{
    Field f;
    f.cell = cell;
    f.gw = w / cell + 2;
    f.gh = h / cell + 2;
    f.v = g_new(float, (size_t)f.gw * (size_t)f.gh);
    for (int i = 0; i < f.gw * f.gh; i++)
        f.v[i] = (float)((rng_unif(rng) * 2 - 1) * amp);
    return f;
}

/* Interpolate the field's grid rows for image row y into tmp (gw floats). */
static void field_row(const Field *f, int y, float *tmp)
{
    int iy = y / f->cell;
    float fy = (float)(y - iy * f->cell) / (float)f->cell;
    const float *ra = f->v + (size_t)iy * (size_t)f->gw;
    const float *rb = ra + f->gw;
    for (int i = 0; i < f->gw; i++)
        tmp[i] = ra[i] + (rb[i] - ra[i]) * fy;
}

static void surface_to_rgb_grain(cairo_surface_t *s, uint8_t *rgb, const Grain *g, Rng *rng)
{
    cairo_surface_flush(s);
    const int w = cairo_image_surface_get_width(s);
    const int h = cairo_image_surface_get_height(s);
    const int stride = cairo_image_surface_get_stride(s);
    const uint8_t *data = cairo_image_surface_get_data(s);

    Field large = field_new(w, h, 320, g->large, rng);
    Field medium = field_new(w, h, 12, g->medium, rng);
    float *lrow = g_new(float, large.gw);
    float *mrow = g_new(float, medium.gw);
    int16_t *add = g_new(int16_t, w);
    int32_t *gain = g_new(int32_t, w);
    float *dx2 = g_new(float, w);
    int tri[511];
    uint8_t clamp[1024]; /* index v + 384 */

    for (int i = 0; i < 511; i++)
        tri[i] = (int)lrint((i - 255) / 255.0 * g->fine);
    for (int i = 0; i < 1024; i++) {
        int v = i - 384;
        clamp[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
    for (int x = 0; x < w; x++) {
        float d = (x - w * 0.5f) / (w * 0.5f);
        dx2[x] = d * d;
    }

    for (int y = 0; y < h; y++) {
        float d = (y - h * 0.5f) / (h * 0.5f);
        float dy2 = d * d;
        field_row(&large, y, lrow);
        field_row(&medium, y, mrow);
        for (int x = 0; x < w; x++) {
            int lx = x / large.cell, mx = x / medium.cell;
            float lf = (float)(x - lx * large.cell) / (float)large.cell;
            float mf = (float)(x - mx * medium.cell) / (float)medium.cell;
            float v = lrow[lx] + (lrow[lx + 1] - lrow[lx]) * lf +
                      mrow[mx] + (mrow[mx + 1] - mrow[mx]) * mf;
            add[x] = (int16_t)lrintf(v);
            float r2 = (dx2[x] + dy2) * 0.5f;
            gain[x] = (int32_t)lrintf(256.0f * (1.0f - (float)g->vignette * r2 * r2));
        }
        const uint32_t *src = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        uint8_t *dst = rgb + (size_t)y * (size_t)w * 3;
        uint64_t bits = 0;
        for (int x = 0; x < w; x++) {
            if ((x & 3) == 0)
                bits = rng_next(rng);
            int n = add[x] + tri[(bits & 255) + ((bits >> 8) & 255)] + 384;
            bits >>= 16;
            uint32_t p = src[x];
            int32_t gx = gain[x];
            dst[0] = clamp[((int32_t)((p >> 16) & 255) * gx >> 8) + n];
            dst[1] = clamp[((int32_t)((p >> 8) & 255) * gx >> 8) + n];
            dst[2] = clamp[((int32_t)(p & 255) * gx >> 8) + n];
            dst += 3;
        }
    }
    g_free(large.v);
    g_free(medium.v);
    g_free(lrow);
    g_free(mrow);
    g_free(add);
    g_free(gain);
    g_free(dx2);
}

/* Plain conversion (no grain) of a cairo RGB24 surface to packed RGB. */
static uint8_t *surface_to_rgb(cairo_surface_t *s)
{
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const uint8_t *data = cairo_image_surface_get_data(s);
    uint8_t *rgb = g_malloc((size_t)w * (size_t)h * 3);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        uint8_t *dst = rgb + (size_t)y * (size_t)w * 3;
        for (int x = 0; x < w; x++) {
            dst[0] = (uint8_t)(src[x] >> 16);
            dst[1] = (uint8_t)(src[x] >> 8);
            dst[2] = (uint8_t)src[x];
            dst += 3;
        }
    }
    return rgb;
}

/* ------------------------------------------------------------------------ */
/* sample017 scenes (drawn upright at display size)                          */
/* ------------------------------------------------------------------------ */

typedef void (*SceneFn)(cairo_t *cr, double W, double H, Rng *rng);

static void draw_cloud(cairo_t *cr, double cx, double cy, double size, Rng *rng)
{
    for (int i = 0; i < 9; i++) {
        double ox = rng_range(rng, -1.6, 1.6) * size;
        double oy = rng_range(rng, -0.35, 0.25) * size;
        double r = rng_range(rng, 0.45, 0.9) * size;
        cairo_pattern_t *p = cairo_pattern_create_radial(cx + ox, cy + oy - r * 0.3, 0,
                                                         cx + ox, cy + oy, r);
        stop_hex(p, 0, 0xFFFFFF, 0.95);
        stop_hex(p, 0.7, 0xF2F5F8, 0.85);
        stop_hex(p, 1, 0xDCE4EC, 0.0);
        cairo_set_source(cr, p);
        cairo_arc(cr, cx + ox, cy + oy, r, 0, 2 * PG_PI);
        cairo_fill(cr);
        cairo_pattern_destroy(p);
    }
}

/* Lattice girder between two points (for the crane). */
static void lattice(cairo_t *cr, double xa, double ya, double xb, double yb,
                    double depth, gboolean vertical, double lw, unsigned c)
{
    set_hex(cr, c);
    cairo_set_line_width(cr, lw);
    if (vertical) {
        double len = yb - ya;
        int n = (int)(fabs(len) / depth);
        cairo_move_to(cr, xa, ya);
        cairo_line_to(cr, xa, yb);
        cairo_move_to(cr, xa + depth, ya);
        cairo_line_to(cr, xa + depth, yb);
        for (int i = 0; i < n; i++) {
            double t0 = ya + len * i / n, t1 = ya + len * (i + 1) / n;
            cairo_move_to(cr, (i & 1) ? xa : xa + depth, t0);
            cairo_line_to(cr, (i & 1) ? xa + depth : xa, t1);
            cairo_move_to(cr, xa, t0);
            cairo_line_to(cr, xa + depth, t0);
        }
    } else {
        double len = xb - xa;
        int n = (int)(fabs(len) / depth);
        cairo_move_to(cr, xa, ya);
        cairo_line_to(cr, xb, yb);
        cairo_move_to(cr, xa, ya + depth);
        cairo_line_to(cr, xb, yb + depth);
        for (int i = 0; i < n; i++) {
            double t0 = xa + len * i / n, t1 = xa + len * (i + 1) / n;
            cairo_move_to(cr, t0, (i & 1) ? ya : ya + depth);
            cairo_line_to(cr, t1, (i & 1) ? ya + depth : ya);
        }
    }
    cairo_stroke(cr);
}

static void draw_tree(cairo_t *cr, double cx, double base, double size, Rng *rng,
                      unsigned dark, unsigned light)
{
    rect_fill(cr, cx - size * 0.06, base - size * 0.9, size * 0.12, size * 0.9, 0x5a4632);
    for (int i = 0; i < 14; i++) {
        double ox = rng_range(rng, -0.55, 0.55) * size;
        double oy = rng_range(rng, -1.5, -0.75) * size;
        double r = rng_range(rng, 0.28, 0.45) * size;
        circle_fill(cr, cx + ox, base + oy, r, (i & 1) ? dark : light, 1);
    }
}

static void scene_city_hall(cairo_t *cr, double W, double H, Rng *rng)
{
    /* sky and clouds */
    vgrad_rect(cr, 0, 0, W, H * 0.75, 0x2863B6, 0xB8D6EF);
    for (int i = 0; i < 5; i++) {
        /* one PRNG call per statement: argument evaluation order is unspecified */
        double cx = rng_range(rng, 0.05, 0.75) * W;
        double cy = rng_range(rng, 0.06, 0.2) * H;
        double size = rng_range(rng, 0.03, 0.06) * W;
        draw_cloud(cr, cx, cy, size, rng);
    }
    /* distant hills */
    cairo_move_to(cr, 0, H * 0.75);
    for (int i = 0; i <= 40; i++) {
        double x = W * i / 40.0;
        cairo_line_to(cr, x, H * (0.6 + 0.025 * sin(i * 0.7) + 0.015 * sin(i * 1.9)));
    }
    cairo_line_to(cr, W, H * 0.75);
    cairo_close_path(cr);
    fill_vgrad(cr, H * 0.58, H * 0.75, 0x6F8AA0, 0x8FA3A8);

    /* paved plaza */
    vgrad_rect(cr, 0, H * 0.76, W, H * 0.24, 0xA9A69E, 0x85827B);
    for (int i = -12; i <= 12; i++)
        line(cr, W * 0.5 + i * W * 0.02, H * 0.76, W * 0.5 + i * W * 0.16, H,
             W * 0.0012, 0x77746E, 0.6);
    for (int i = 1; i < 7; i++) {
        double y = H * (0.76 + 0.24 * (i * i) / 49.0);
        line(cr, 0, y, W, y, W * 0.001, 0x77746E, 0.5);
    }

    /* finished part of the building */
    double x0 = W * 0.03, x1 = W * 0.58, top = H * 0.2, bottom = H * 0.78;
    double fh = (bottom - top) / 6.0;
    rect_fill(cr, x0, top, x1 - x0, bottom - top, 0xD8D3C7);
    rect_fill(cr, x0 - W * 0.006, top - H * 0.022, x1 - x0 + W * 0.012, H * 0.028, 0xC2BDB1);
    rect_filla(cr, x0, top + H * 0.006, x1 - x0, H * 0.012, 0x000000, 0.12);
    for (int f = 0; f < 6; f++) {
        double y = top + f * fh;
        double gy = y + fh * 0.22, gh = fh * 0.64;
        cairo_rectangle(cr, x0 + W * 0.01, gy, x1 - x0 - W * 0.02, gh);
        fill_vgrad(cr, gy, gy + gh, 0x7FA3C4, 0x2F4A66);
        /* sky reflection band */
        double rx = x0 + W * (0.08 + 0.07 * f);
        double refl[8] = {rx, gy, rx + W * 0.09, gy, rx + W * 0.05, gy + gh, rx - W * 0.04, gy + gh};
        poly_fill(cr, refl, 4, 0xCFE3F3, 0.35);
        for (double mx = x0 + W * 0.01; mx <= x1 - W * 0.005; mx += W * 0.0275)
            rect_fill(cr, mx, gy, W * 0.004, gh, 0xE4E0D6);
        rect_filla(cr, x0 + W * 0.01, gy + gh, x1 - x0 - W * 0.02, fh * 0.03, 0x000000, 0.15);
    }
    for (int i = 0; i < 4; i++) /* vertical fins */
        rect_fill(cr, x0 + (x1 - x0) * (0.12 + 0.25 * i), top, W * 0.012, bottom - top, 0xCBC5B8);
    /* entrance and canopy */
    rect_fill(cr, W * 0.21, bottom - fh * 0.85, W * 0.18, fh * 0.85, 0x2A3642);
    for (int i = 0; i < 6; i++)
        rect_fill(cr, W * 0.21 + i * W * 0.036, bottom - fh * 0.85, W * 0.003, fh * 0.85, 0xB9BEC3);
    rect_fill(cr, W * 0.18, bottom - fh * 1.0, W * 0.24, fh * 0.12, 0xF1F0EC);
    rect_filla(cr, W * 0.18, bottom - fh * 0.88, W * 0.24, fh * 0.05, 0x000000, 0.25);
    text_center(cr, "MATSUE CITY HALL", W * 0.30, bottom - fh * 0.94, fh * 0.08, TRUE, 0x2C3A4A, 1);

    /* unfinished part: dark interior, slabs, columns */
    double ux0 = W * 0.58, ux1 = W * 0.95;
    cairo_rectangle(cr, ux0, top + 2 * fh, ux1 - ux0, bottom - top - 2 * fh);
    fill_vgrad(cr, top + 2 * fh, bottom, 0x3E4044, 0x55575A);
    for (int f = 2; f <= 6; f++)
        rect_fill(cr, ux0, top + f * fh - H * 0.009, ux1 - ux0, H * 0.018, 0xB7B4AC);
    for (double cx = ux0 + W * 0.02; cx < ux1; cx += W * 0.06) {
        rect_fill(cr, cx, top + 1.15 * fh, W * 0.013, bottom - top - 1.15 * fh, 0xA9A69E);
        for (int k = 0; k < 4; k++)
            line(cr, cx + W * 0.002 + k * W * 0.003, top + 1.15 * fh, cx + W * 0.002 + k * W * 0.003,
                 top + 0.85 * fh, W * 0.0012, 0x6E4E36, 1);
    }
    rect_fill(cr, ux0, top + 1.15 * fh, ux1 - ux0, H * 0.016, 0xB0ADA5);
    /* scaffolding */
    double sx0 = ux0 + W * 0.005, sx1 = ux1 + W * 0.012, st = top + 0.8 * fh;
    cairo_set_line_width(cr, W * 0.0028);
    set_hex(cr, 0x8A8E94);
    for (double x = sx0; x <= sx1; x += W * 0.03) {
        cairo_move_to(cr, x, st);
        cairo_line_to(cr, x, bottom);
    }
    for (double y = st; y <= bottom; y += fh * 0.5) {
        cairo_move_to(cr, sx0, y);
        cairo_line_to(cr, sx1, y);
    }
    cairo_stroke(cr);
    cairo_set_line_width(cr, W * 0.0018);
    int bay = 0;
    for (double y = st; y + fh * 0.5 <= bottom + 1; y += fh * 0.5)
        for (double x = sx0; x + W * 0.03 <= sx1 + 1; x += W * 0.03, bay++) {
            cairo_move_to(cr, x, (bay & 1) ? y : y + fh * 0.5);
            cairo_line_to(cr, x + W * 0.03, (bay & 1) ? y + fh * 0.5 : y);
        }
    cairo_stroke(cr);
    for (double y = st + fh * 0.5; y <= bottom; y += fh * 0.5)
        rect_fill(cr, sx0, y - H * 0.004, sx1 - sx0, H * 0.006, 0xA8854F);
    /* construction mesh sheets */
    rect_filla(cr, sx0 + W * 0.03, st + fh * 0.5, W * 0.15, fh * 2.0, 0xE8ECEF, 0.55);
    rect_filla(cr, sx0 + W * 0.21, st + fh * 1.0, W * 0.12, fh * 2.5, 0x4F7FAF, 0.45);
    /* tower crane */
    double mc = W * 0.80, mw = W * 0.022, mtop = H * 0.10;
    lattice(cr, mc, H * 0.79, mc, mtop, mw, TRUE, W * 0.0032, 0xE2AE1E);
    lattice(cr, W * 0.43, mtop - H * 0.008, mc, mtop - H * 0.008, H * 0.016, FALSE,
            W * 0.0026, 0xE2AE1E);
    lattice(cr, mc + mw, mtop - H * 0.008, W * 0.97, mtop - H * 0.008, H * 0.016, FALSE,
            W * 0.0026, 0xE2AE1E);
    rect_fill(cr, W * 0.92, mtop + H * 0.008, W * 0.04, H * 0.045, 0x7A7C80);
    double apex[6] = {mc, mtop - H * 0.008, mc + mw, mtop - H * 0.008, mc + mw / 2, H * 0.035};
    poly_fill(cr, apex, 3, 0xE2AE1E, 1);
    line(cr, mc + mw / 2, H * 0.035, W * 0.52, mtop - H * 0.008, W * 0.0012, 0x555555, 1);
    line(cr, mc + mw / 2, H * 0.035, W * 0.96, mtop - H * 0.008, W * 0.0012, 0x555555, 1);
    rect_fill(cr, mc - W * 0.02, mtop + H * 0.01, W * 0.022, H * 0.03, 0xEDEDE8);
    rect_fill(cr, mc - W * 0.017, mtop + H * 0.015, W * 0.014, H * 0.012, 0x3A4E66);
    rect_fill(cr, W * 0.595, mtop + H * 0.005, W * 0.015, H * 0.012, 0x444444);
    line(cr, W * 0.6, mtop + H * 0.015, W * 0.6, H * 0.40, W * 0.0012, 0x333333, 1);
    line(cr, W * 0.605, mtop + H * 0.015, W * 0.605, H * 0.40, W * 0.0012, 0x333333, 1);
    rect_fill(cr, W * 0.594, H * 0.40, W * 0.017, H * 0.025, 0xD2A21B);
    for (int i = 0; i < 3; i++) /* load: steel beams */
        rect_fill(cr, W * 0.55, H * (0.445 + i * 0.012), W * 0.11, H * 0.009, 0x8A4B2E);
    line(cr, W * 0.6025, H * 0.425, W * 0.56, H * 0.445, W * 0.001, 0x333333, 1);
    line(cr, W * 0.6025, H * 0.425, W * 0.65, H * 0.445, W * 0.001, 0x333333, 1);

    /* fence */
    rect_fill(cr, W * 0.57, H * 0.70, W * 0.43, H * 0.09, 0xF2F2EE);
    rect_fill(cr, W * 0.57, H * 0.70, W * 0.43, H * 0.012, 0x3C8C58);
    for (double x = W * 0.57; x < W; x += W * 0.035)
        rect_fill(cr, x, H * 0.70, W * 0.0025, H * 0.09, 0xC8C8C2);
    text_center(cr, "SAFETY FIRST", W * 0.78, H * 0.745, H * 0.025, TRUE, 0x3C8C58, 1);

    /* trees in front of the building */
    draw_tree(cr, W * 0.05, H * 0.82, H * 0.11, rng, 0x2F5F2D, 0x3F7A3A);
    draw_tree(cr, W * 0.13, H * 0.83, H * 0.09, rng, 0x2B5A2A, 0x467F40);
    draw_tree(cr, W * 0.47, H * 0.83, H * 0.10, rng, 0x2F5F2D, 0x3F7A3A);
}

static void scene_counter(cairo_t *cr, double W, double H, Rng *rng)
{
    Cam cam = {W * 0.5, H * 0.42, W * 0.5};
    const double XL = -8, XR = 8, YC = -2.2, YF = 1.5, ZN = 0.6, ZB = 9;
    double xa, ya, xb, yb;
    (void)rng;

    /* shell */
    cam_rect_y(cr, &cam, YC, XL, XR, ZN, ZB);
    fill_vgrad(cr, 0, cam.cy, 0xE3E2DD, 0xF3F2EE);
    cam_rect_x(cr, &cam, XL, YC, YF, ZN, ZB);
    fill_hgrad(cr, 0, W * 0.1, 0xDDD6C9, 0xEAE4D9);
    cam_rect_x(cr, &cam, XR, YC, YF, ZN, ZB);
    fill_hgrad(cr, W * 0.9, W, 0xE6E0D4, 0xD6CFC2);
    cam_rect_y(cr, &cam, YF, XL, XR, ZN, ZB);
    fill_vgrad(cr, cam.cy, H, 0xDAD6CD, 0xB9B4AA);
    cam_rect_z(cr, &cam, XL, YC, XR, YF, ZB);
    fill_hex(cr, 0xF4EFE6, 1);
    cam_rect_z(cr, &cam, XL, YC, XR, -1.4, ZB);
    fill_hex(cr, 0xB88B59, 1);
    for (double x = XL; x < XR; x += 0.25) {
        cam_rect_z(cr, &cam, x, YC, x + 0.02, -1.4, ZB);
        fill_hex(cr, 0x8E6640, 1);
    }

    /* ceiling light panels with glow, and their reflections on the floor */
    for (double z = 1.6; z < ZB; z += 1.5)
        for (double x = -6; x <= 6; x += 3) {
            cam_rect_y(cr, &cam, YC + 0.01, x - 0.6, x + 0.6, z - 0.3, z + 0.3);
            fill_hex(cr, 0xFFFFFF, 1);
            cam_xy(&cam, x, YC, z, &xa, &ya);
            glow(cr, xa, ya, cam.f * 0.9 / z, 0.5, 0xFFFFF4, 0.35);
            cam_xy(&cam, x, YF, z, &xa, &ya);
            glow(cr, xa, ya, cam.f * 0.7 / z, 0.35, 0xFFFFFF, 0.28);
        }
    /* tactile guide strip */
    cam_rect_y(cr, &cam, YF - 0.001, -0.45, -0.15, ZN, 7.0);
    fill_hex(cr, 0xE3BE34, 1);

    /* number boards above the windows, staff, counter, partitions */
    char num[16];
    for (int k = 0; k < 7; k++) {
        double xc = -6.0 + k * 2.0;
        cam_rect_z(cr, &cam, xc - 0.45, -1.25, xc + 0.45, -0.8, 8.9);
        fill_hex(cr, 0x1F4E8C, 1);
        cam_xy(&cam, xc, -1.025, 8.9, &xa, &ya);
        snprintf(num, sizeof num, "%d", k + 1);
        text_center(cr, num, xa, ya, cam.f * 0.33 / 8.9, TRUE, 0xFFFFFF, 1);
        /* staff member */
        cam_xy(&cam, xc + 0.2, -0.12, 7.9, &xa, &ya);
        double r = cam.f * 0.11 / 7.9;
        cam_rect_z(cr, &cam, xc - 0.05, -0.02, xc + 0.45, 0.6, 7.9);
        fill_hex(cr, (k & 1) ? 0x34496A : 0x4A5D7A, 1);
        circle_fill(cr, xa, ya, r, 0xE2BFA0, 1);
        circle_fill(cr, xa, ya - r * 0.35, r * 0.95, 0x2A221E, 1);
        /* monitor on the desk */
        cam_rect_z(cr, &cam, xc - 0.7, 0.0, xc - 0.25, 0.35, 7.4);
        fill_hex(cr, 0x222428, 1);
    }
    cam_rect_z(cr, &cam, -7.2, 0.45, 7.2, YF, 7.0);
    fill_vgrad(cr, cam.cy + cam.f * 0.45 / 7.0, cam.cy + cam.f * YF / 7.0, 0xD8BC92, 0xB6976C);
    cam_rect_y(cr, &cam, 0.45, -7.2, 7.2, 7.0, 7.6);
    fill_hex(cr, 0xF8F8F4, 1);
    for (int k = 0; k <= 7; k++) {
        double x = -7.0 + k * 2.0;
        double p[12] = {x, -0.35, 7.0, x, -0.35, 7.6, x, 0.45, 7.6, x, 0.45, 7.0};
        cam_quad(cr, &cam, p);
        set_hexa(cr, 0xE8F4F8, 0.35);
        cairo_fill_preserve(cr);
        set_hexa(cr, 0x9AA4AA, 0.9);
        cairo_set_line_width(cr, W * 0.0012);
        cairo_stroke(cr);
    }

    /* hanging calling-number display */
    cam_xy(&cam, 2.3, -2.2, 4.5, &xa, &ya);
    cam_xy(&cam, 2.3, -1.8, 4.5, &xb, &yb);
    line(cr, xa, ya, xb, yb, W * 0.0015, 0x555555, 1);
    cam_xy(&cam, 4.7, -2.2, 4.5, &xa, &ya);
    cam_xy(&cam, 4.7, -1.8, 4.5, &xb, &yb);
    line(cr, xa, ya, xb, yb, W * 0.0015, 0x555555, 1);
    cam_rect_z(cr, &cam, 2.0, -1.85, 5.0, -0.75, 4.5);
    fill_hex(cr, 0x141518, 1);
    cam_xy(&cam, 2.08, -1.78, 4.5, &xa, &ya);
    cam_xy(&cam, 4.92, -0.82, 4.5, &xb, &yb);
    cairo_rectangle(cr, xa, ya, xb - xa, yb - ya);
    fill_vgrad(cr, ya, yb, 0x2266B8, 0x0E3A78);
    double sh = yb - ya;
    rect_fill(cr, xa, ya, xb - xa, sh * 0.22, 0x0A2850);
    text_center(cr, "NOW SERVING", (xa + xb) / 2, ya + sh * 0.11, sh * 0.13, TRUE, 0xFFD84A, 1);
    static const char *const rows[3] = {"No. 105   window 2", "No. 106   window 5", "No. 107   window 1"};
    for (int i = 0; i < 3; i++)
        text_center(cr, rows[i], (xa + xb) / 2, ya + sh * (0.36 + 0.22 * i), sh * 0.13, FALSE,
                    0xFFFFFF, 1);

    /* potted plant by the left wall */
    cam_xy(&cam, -6.8, 1.5, 4.0, &xa, &ya);
    rect_fill(cr, xa - W * 0.02, ya - H * 0.05, W * 0.04, H * 0.05, 0xD9D3C7);
    for (int i = 0; i < 10; i++)
        circle_fill(cr, xa + W * 0.03 * sin(i * 2.1), ya - H * (0.07 + 0.012 * (i % 5)),
                    W * 0.018, (i & 1) ? 0x3D7A3A : 0x2E6230, 1);

    /* waiting chairs, far rows first */
    for (double z = 5.4; z >= 3.7; z -= 0.85)
        for (double x = -6.4; x <= 6.0; x += 0.56) {
            if (x > -1.0 && x < 0.6)
                continue;
            cam_rect_y(cr, &cam, 1.05, x, x + 0.5, z - 0.22, z + 0.22);
            fill_hex(cr, 0x3A97A2, 1);
            cam_rect_z(cr, &cam, x + 0.04, 1.05, x + 0.07, YF, z - 0.2);
            fill_hex(cr, 0x444444, 1);
            cam_rect_z(cr, &cam, x + 0.43, 1.05, x + 0.46, YF, z - 0.2);
            fill_hex(cr, 0x444444, 1);
            cam_rect_z(cr, &cam, x + 0.02, 0.6, x + 0.48, 1.1, z - 0.22);
            fill_hex(cr, 0x2B737C, 1);
        }
}

/* Text stand-in: grey/black bars on a plane Z = z (signs facing camera). */
static void text_bars_z(cairo_t *cr, const Cam *cam, double xa, double xb, double ya,
                        double dy, int n, double z, unsigned c, Rng *rng)
{
    for (int i = 0; i < n; i++) {
        double len = (xb - xa) * rng_range(rng, 0.55, 1.0);
        cam_rect_z(cr, cam, xa, ya + i * dy, xa + len, ya + i * dy + dy * 0.5, z);
        fill_hex(cr, c, 1);
    }
}

/* Text stand-in bars on a side wall X = x between depths za..zb. */
static void text_bars_x(cairo_t *cr, const Cam *cam, double x, double za, double zb,
                        double ya, double dy, int n, unsigned c, Rng *rng)
{
    for (int i = 0; i < n; i++) {
        double len = (zb - za) * rng_range(rng, 0.5, 1.0);
        cam_rect_x(cr, cam, x, ya + i * dy, ya + i * dy + dy * 0.5, za, za + len);
        fill_hex(cr, c, 1);
    }
}

static void scene_temporary(cairo_t *cr, double W, double H, Rng *rng)
{
    Cam cam = {W * 0.5, H * 0.46, W * 0.6};
    const double XL = -1.3, XR = 1.3, YC = -1.2, YF = 1.5, ZN = 0.4, ZB = 24;
    double xa, ya, xb, yb;

    cam_rect_y(cr, &cam, YC, XL, XR, ZN, ZB);
    fill_vgrad(cr, 0, cam.cy, 0xDCDAD3, 0xEDEBE5);
    cam_rect_x(cr, &cam, XL, YC, YF, ZN, ZB);
    fill_hgrad(cr, 0, cam.cx, 0xE2DCCF, 0xF1ECE2);
    cam_rect_x(cr, &cam, XR, YC, YF, ZN, ZB);
    fill_hgrad(cr, cam.cx, W, 0xEEE9DE, 0xDAD3C5);
    cam_rect_y(cr, &cam, YF, XL, XR, ZN, ZB);
    fill_vgrad(cr, cam.cy, H, 0xB5BAAF, 0x979C90);
    /* skirting */
    cam_rect_x(cr, &cam, XL + 0.001, YF - 0.1, YF, ZN, ZB);
    fill_hex(cr, 0x6A6863, 1);
    cam_rect_x(cr, &cam, XR - 0.001, YF - 0.1, YF, ZN, ZB);
    fill_hex(cr, 0x6A6863, 1);
    /* far end: wall with glazed door and exit sign */
    cam_rect_z(cr, &cam, XL, YC, XR, YF, ZB);
    fill_hex(cr, 0xEDE9E0, 1);
    cam_rect_z(cr, &cam, -0.55, -0.6, 0.55, YF, ZB);
    fill_hex(cr, 0x8D8F90, 1);
    cam_rect_z(cr, &cam, -0.48, -0.55, 0.48, YF, ZB);
    fill_hex(cr, 0xDDEEF6, 1);
    cam_rect_z(cr, &cam, -0.3, -0.95, 0.3, -0.72, ZB);
    fill_hex(cr, 0x1E9E4E, 1);
    /* ceiling lights and floor reflections */
    for (double z = 2; z < ZB; z += 2.2) {
        cam_rect_y(cr, &cam, YC + 0.005, -0.22, 0.22, z - 0.55, z + 0.55);
        fill_hex(cr, 0xFFFFFF, 1);
        cam_xy(&cam, 0, YC, z, &xa, &ya);
        glow(cr, xa, ya, cam.f * 0.6 / z, 0.6, 0xFFFFF0, 0.3);
        cam_xy(&cam, 0, YF, z, &xa, &ya);
        glow(cr, xa, ya, cam.f * 0.45 / z, 0.6, 0xFFFFFF, 0.3);
    }
    /* doors */
    static const double ldoor[] = {3.0, 8.0, 14.0}, rdoor[] = {5.0, 11.0, 18.0};
    for (int i = 0; i < 3; i++) {
        cam_rect_x(cr, &cam, XL + 0.002, -0.7, YF, ldoor[i] - 0.05, ldoor[i] + 1.05);
        fill_hex(cr, 0x8B735A, 1);
        cam_rect_x(cr, &cam, XL + 0.003, -0.63, YF, ldoor[i], ldoor[i] + 1.0);
        fill_hex(cr, 0xB99C78, 1);
        cam_rect_x(cr, &cam, XL + 0.004, 0.3, 0.36, ldoor[i] + 0.8, ldoor[i] + 0.92);
        fill_hex(cr, 0xC8CCD0, 1);
        cam_rect_x(cr, &cam, XR - 0.002, -0.7, YF, rdoor[i] - 0.05, rdoor[i] + 1.05);
        fill_hex(cr, 0x8B735A, 1);
        cam_rect_x(cr, &cam, XR - 0.003, -0.63, YF, rdoor[i], rdoor[i] + 1.0);
        fill_hex(cr, 0xB99C78, 1);
    }
    /* temporary paper signs taped to the walls */
    static const double lsign[] = {1.2, 5.5, 10.0}, rsign[] = {2.2, 7.5};
    for (int i = 0; i < 3; i++) {
        double za = lsign[i], zb = lsign[i] + 0.5;
        cam_rect_x(cr, &cam, XL + 0.005, -0.3, 0.4, za, zb);
        fill_hex(cr, 0xFBFBF6, 1);
        cam_rect_x(cr, &cam, XL + 0.006, -0.27, -0.14, za + 0.03, zb - 0.03);
        fill_hex(cr, 0xD3261E, 1);
        text_bars_x(cr, &cam, XL + 0.006, za + 0.04, zb - 0.04, -0.08, 0.07, 6, 0x222222, rng);
        cam_rect_x(cr, &cam, XL + 0.007, -0.33, -0.27, za - 0.02, za + 0.06);
        fill_hex(cr, 0xE8DDB8, 0.8);
        cam_rect_x(cr, &cam, XL + 0.007, -0.33, -0.27, zb - 0.06, zb + 0.02);
        fill_hex(cr, 0xE8DDB8, 0.8);
    }
    for (int i = 0; i < 2; i++) {
        double za = rsign[i], zb = rsign[i] + 0.6;
        cam_rect_x(cr, &cam, XR - 0.005, -0.25, 0.3, za, zb);
        fill_hex(cr, 0xFFF6B0, 1);
        text_bars_x(cr, &cam, XR - 0.006, za + 0.05, zb - 0.05, -0.18, 0.08, 5, 0x1A1A1A, rng);
        /* big arrow pointing down the corridor */
        double p[12] = {XR - 0.006, 0.18, za + 0.08, XR - 0.006, 0.18, zb - 0.2,
                        XR - 0.006, 0.24, zb - 0.2, XR - 0.006, 0.24, za + 0.08};
        cam_quad(cr, &cam, p);
        fill_hex(cr, 0xD3261E, 1);
        double q[12] = {XR - 0.006, 0.13, zb - 0.2, XR - 0.006, 0.21, zb - 0.06,
                        XR - 0.006, 0.29, zb - 0.2, XR - 0.006, 0.21, zb - 0.2};
        cam_quad(cr, &cam, q);
        fill_hex(cr, 0xD3261E, 1);
    }
    /* green arrows on the floor */
    for (double z = 1.6; z < 9; z += 2.5) {
        double p[12] = {-0.75, YF - 0.001, z, -0.55, YF - 0.001, z,
                        -0.55, YF - 0.001, z + 0.8, -0.75, YF - 0.001, z + 0.8};
        cam_quad(cr, &cam, p);
        fill_hex(cr, 0x2E9C55, 1);
        double q[12] = {-0.9, YF - 0.001, z + 0.8, -0.4, YF - 0.001, z + 0.8,
                        -0.65, YF - 0.001, z + 1.2, -0.65, YF - 0.001, z + 1.2};
        cam_quad(cr, &cam, q);
        fill_hex(cr, 0x2E9C55, 1);
    }
    /* traffic cones and a barrier bar */
    for (int i = 0; i < 2; i++) {
        double cxm = i ? -0.15 : -1.0, z = 6.5;
        double p[12] = {cxm - 0.16, YF, z, cxm + 0.16, YF, z, cxm + 0.03, 0.85, z, cxm - 0.03, 0.85, z};
        cam_quad(cr, &cam, p);
        fill_hex(cr, 0xF06A1A, 1);
        cam_rect_z(cr, &cam, cxm - 0.09, 1.1, cxm + 0.09, 1.22, z);
        fill_hex(cr, 0xF5F5F0, 1);
        cam_rect_z(cr, &cam, cxm - 0.22, YF - 0.04, cxm + 0.22, YF, z);
        fill_hex(cr, 0x333333, 1);
    }
    for (int k = 0; k < 8; k++) {
        cam_rect_z(cr, &cam, -1.0 + k * 0.106, 0.92, -1.0 + (k + 1) * 0.106, 1.0, 6.5);
        fill_hex(cr, (k & 1) ? 0x1A1A1A : 0xF2CE1B, 1);
    }
    /* hanging temporary sign */
    for (int s = -1; s <= 1; s += 2) {
        cam_xy(&cam, s * 0.8, YC, 4.5, &xa, &ya);
        cam_xy(&cam, s * 0.8, -0.88, 4.5, &xb, &yb);
        line(cr, xa, ya, xb, yb, W * 0.002, 0x555555, 1);
    }
    cam_rect_z(cr, &cam, -1.0, -0.9, 1.0, -0.4, 4.5);
    fill_hex(cr, 0xFFD21A, 1);
    cam_xy(&cam, -0.9, -0.85, 4.5, &xa, &ya);
    cam_xy(&cam, 0.9, -0.45, 4.5, &xb, &yb);
    cairo_rectangle(cr, xa, ya, xb - xa, yb - ya);
    set_hex(cr, 0x1A1A1A);
    cairo_set_line_width(cr, W * 0.003);
    cairo_stroke(cr);
    text_center(cr, "TEMPORARY COUNTER", (xa + xb) / 2 - (xb - xa) * 0.08, ya + (yb - ya) * 0.32,
                (yb - ya) * 0.22, TRUE, 0x1A1A1A, 1);
    text_center(cr, "2F  Room 203", (xa + xb) / 2 - (xb - xa) * 0.08, ya + (yb - ya) * 0.72,
                (yb - ya) * 0.2, FALSE, 0x1A1A1A, 1);
    double aw = (yb - ya) * 0.5, axm = xb - (xb - xa) * 0.1, aym = (ya + yb) / 2;
    double arr[14] = {axm + aw * 0.5, aym, axm, aym - aw * 0.5, axm, aym - aw * 0.2,
                      axm - aw * 0.5, aym - aw * 0.2, axm - aw * 0.5, aym + aw * 0.2,
                      axm, aym + aw * 0.2, axm, aym + aw * 0.5};
    poly_fill(cr, arr, 7, 0xC8201A, 1);
    /* standing A-frame notice board */
    {
        double z = 2.8, bx0 = 0.25, bx1 = 0.95;
        cam_rect_z(cr, &cam, bx0 + 0.02, 1.2, bx0 + 0.06, YF, z + 0.1);
        fill_hex(cr, 0x555555, 1);
        cam_rect_z(cr, &cam, bx1 - 0.06, 1.2, bx1 - 0.02, YF, z + 0.1);
        fill_hex(cr, 0x555555, 1);
        cam_rect_z(cr, &cam, bx0, 0.2, bx1, 1.25, z);
        fill_hex(cr, 0x3F3F42, 1);
        cam_rect_z(cr, &cam, bx0 + 0.03, 0.23, bx1 - 0.03, 1.22, z);
        fill_hex(cr, 0xFCFCF8, 1);
        cam_rect_z(cr, &cam, bx0 + 0.03, 0.23, bx1 - 0.03, 0.42, z);
        fill_hex(cr, 0x1B5FA8, 1);
        cam_xy(&cam, (bx0 + bx1) / 2, 0.325, z, &xa, &ya);
        text_center(cr, "NOTICE", xa, ya, cam.f * 0.12 / z, TRUE, 0xFFFFFF, 1);
        text_bars_z(cr, &cam, bx0 + 0.08, bx1 - 0.08, 0.5, 0.08, 5, z, 0x2A2A2A, rng);
        double p[12] = {bx0 + 0.1, 1.05, z, bx0 + 0.3, 0.95, z, bx0 + 0.3, 1.15, z, bx0 + 0.1, 1.05, z};
        cam_quad(cr, &cam, p);
        fill_hex(cr, 0xD3261E, 1);
        cam_rect_z(cr, &cam, bx0 + 0.3, 1.02, bx1 - 0.12, 1.08, z);
        fill_hex(cr, 0xD3261E, 1);
    }
}

/* Round table (top at 0.75 m below eye level) seen by the camera. */
static void draw_table(cairo_t *cr, const Cam *cam, double tx, double tz, double yf)
{
    double xa, ya, xb, yb;
    cam_xy(cam, tx, 0.75, tz, &xa, &ya);
    cam_xy(cam, tx, yf, tz, &xb, &yb);
    line(cr, xa, ya, xb, yb, cam->f * 0.08 / tz, 0x6A6A6A, 1);
    ellipse_fill(cr, xb, yb, cam->f * 0.3 / tz, cam->f * 0.3 / tz * 0.25, 0x000000, 0.15);
    double rx = cam->f * 0.6 / tz;
    ellipse_fill(cr, xa, ya + rx * 0.03, rx, rx * 0.75 / tz + rx * 0.02, 0xBDB8AE, 1);
    ellipse_fill(cr, xa, ya, rx, rx * 0.75 / tz, 0xFAFAF7, 1);
}

static void scene_space(cairo_t *cr, double W, double H, Rng *rng)
{
    Cam cam = {W * 0.5, H * 0.47, W * 0.55};
    const double XL = -7, XR = 7, YC = -4.0, YF = 1.5, ZN = 0.4, ZB = 10;
    double xa, ya, xb, yb;

    /* ceiling with wood slats */
    cam_rect_y(cr, &cam, YC, XL, XR, ZN, ZB);
    fill_vgrad(cr, 0, cam.cy, 0xE8E3DA, 0xF5F3EE);
    for (double x = XL; x < XR; x += 0.5) {
        cam_rect_y(cr, &cam, YC + 0.01, x, x + 0.12, ZN, ZB);
        fill_hex(cr, 0xDCC6A0, 1);
    }
    /* window wall at the back: sky, hazy town, mullions */
    cam_rect_z(cr, &cam, XL, YC, XR, YF, ZB);
    cam_xy(&cam, 0, YC, ZB, &xa, &ya);
    cam_xy(&cam, 0, YF, ZB, &xb, &yb);
    fill_vgrad(cr, ya, yb, 0x8CC0EA, 0xEEF5FA);
    for (int i = 0; i < 7; i++) {
        double bxm = XL + 0.3 + i * 2.0;
        cam_rect_z(cr, &cam, bxm, 0.2 - 0.5 * (i % 3), bxm + 1.4, 1.2, ZB);
        fill_hex(cr, (i & 1) ? 0xC4CBD3 : 0xB7C0C9, 1);
    }
    for (int i = 0; i <= 28; i++) {
        double x = XL + i * 0.5;
        cam_rect_z(cr, &cam, x, 0.55 - 0.25 * sin(i * 1.3), x + 0.55, 1.2, ZB);
        fill_hex(cr, 0x9DB095, 1);
    }
    for (double x = XL; x <= XR + 0.01; x += 1.4) {
        cam_rect_z(cr, &cam, x - 0.05, YC, x + 0.05, YF, ZB);
        fill_hex(cr, 0xE6E8EA, 1);
    }
    static const double mull[] = {-2.7, -1.3, 0.1, 1.15};
    for (int i = 0; i < 4; i++) {
        cam_rect_z(cr, &cam, XL, mull[i] - 0.05, XR, mull[i] + 0.05, ZB);
        fill_hex(cr, 0xE6E8EA, 1);
    }
    cam_rect_z(cr, &cam, XL, 1.2, XR, YF, ZB);
    fill_hex(cr, 0xCFC9BE, 1);
    /* left wall: tall windows; right wall: wood slat feature wall */
    cam_rect_x(cr, &cam, XL, YC, YF, ZN, ZB);
    fill_hex(cr, 0xF1EEE8, 1);
    for (double z = 1.5; z < ZB - 0.5; z += 2.0) {
        cam_rect_x(cr, &cam, XL + 0.01, -3.4, 1.1, z, z + 1.5);
        fill_vgrad(cr, 0, H * 0.6, 0x94C4EC, 0xEEF5FB);
    }
    cam_rect_x(cr, &cam, XR, YC, YF, ZN, ZB);
    fill_hex(cr, 0xEFEBE4, 1);
    for (double z = 2.0; z < ZB; z += 0.35) {
        cam_rect_x(cr, &cam, XR - 0.01, -2.5, YF, z, z + 0.18);
        fill_hex(cr, 0xC49A68, 1);
    }
    /* polished floor, reflections, sunlight */
    cam_rect_y(cr, &cam, YF, XL, XR, ZN, ZB);
    fill_vgrad(cr, cam.cy, H, 0xE4DED2, 0xCFC6B5);
    for (double x = XL + 0.1; x < XR; x += 1.4) {
        double p[12] = {x, YF - 0.001, ZB, x + 1.2, YF - 0.001, ZB,
                        x + 1.2, YF - 0.001, 5.0, x, YF - 0.001, 5.0};
        cam_quad(cr, &cam, p);
        cam_xy(&cam, 0, YF, ZB, &xa, &ya);
        cam_xy(&cam, 0, YF, 5.0, &xb, &yb);
        cairo_pattern_t *g = cairo_pattern_create_linear(0, ya, 0, yb);
        stop_hex(g, 0, 0xFFFFFF, 0.55);
        stop_hex(g, 1, 0xFFFFFF, 0.0);
        cairo_set_source(cr, g);
        cairo_fill(cr);
        cairo_pattern_destroy(g);
    }
    for (int i = 0; i < 4; i++) {
        double z = 1.2 + i * 2.0;
        double p[12] = {-6.9, YF - 0.002, z + 1.4, -5.0, YF - 0.002, z + 1.4,
                        -2.6, YF - 0.002, z, -4.5, YF - 0.002, z};
        cam_quad(cr, &cam, p);
        fill_hex(cr, 0xFFF3D6, 0.5);
    }
    /* furniture: round tables with chairs, far first */
    static const double tables[][2] = {{0.5, 7.0}, {-3.0, 5.8}, {3.2, 4.6}, {-1.5, 3.4}};
    static const unsigned chair_col[] = {0xE07B39, 0x4F8FC0, 0x7FB56A, 0xE9C443};
    for (int t = 0; t < 4; t++) {
        double tx = tables[t][0], tz = tables[t][1];
        for (int pass = 0; pass < 3; pass++) { /* far chairs, table, near chairs */
            if (pass == 1) {
                draw_table(cr, &cam, tx, tz, YF);
                continue;
            }
            for (int c = 0; c < 4; c++) {
                double ang = c * PG_PI / 2 + 0.6;
                double chx = tx + 0.75 * cos(ang), chz = tz + 0.75 * sin(ang);
                if ((pass == 0) != (chz > tz))
                    continue;
                cam_rect_z(cr, &cam, chx - 0.22, 0.55, chx + 0.22, 1.05, chz);
                fill_hex(cr, chair_col[(t + c) % 4], 1);
                cam_rect_z(cr, &cam, chx - 0.2, 1.05, chx - 0.17, YF, chz);
                fill_hex(cr, 0x555555, 1);
                cam_rect_z(cr, &cam, chx + 0.17, 1.05, chx + 0.2, YF, chz);
                fill_hex(cr, 0x555555, 1);
            }
        }
    }
    /* plants in big pots */
    static const double plants[][2] = {{-6.0, 8.2}, {5.8, 6.0}, {-5.2, 2.6}};
    for (int i = 0; i < 3; i++) {
        double px = plants[i][0], pz = plants[i][1];
        cam_rect_z(cr, &cam, px - 0.3, 0.9, px + 0.3, YF, pz);
        fill_hex(cr, 0xD6CFC3, 1);
        cam_xy(&cam, px, 0.9, pz, &xa, &ya);
        double s = cam.f / pz;
        for (int k = 0; k < 16; k++) {
            double ox = s * rng_range(rng, -0.45, 0.45);
            double oy = s * rng_range(rng, 0.1, 1.4);
            double r = s * rng_range(rng, 0.16, 0.3);
            circle_fill(cr, xa + ox, ya - oy, r, (k & 1) ? 0x3C7A3C : 0x2D6232, 1);
        }
    }
    /* long bench */
    cam_rect_y(cr, &cam, 1.05, 1.2, 4.2, 2.8, 3.2);
    fill_hex(cr, 0xC9A271, 1);
    cam_rect_z(cr, &cam, 1.2, 1.05, 4.2, 1.12, 2.8);
    fill_hex(cr, 0xA07C50, 1);
    cam_rect_z(cr, &cam, 1.4, 1.12, 1.5, YF, 2.85);
    fill_hex(cr, 0x4A4A4A, 1);
    cam_rect_z(cr, &cam, 3.9, 1.12, 4.0, YF, 2.85);
    fill_hex(cr, 0x4A4A4A, 1);
    /* lounge sofa in the foreground, facing the windows (seen from behind) */
    cam_rect_y(cr, &cam, 0.72, -1.7, 1.3, 2.3, 2.55);
    fill_hex(cr, 0x6E93A8, 1);
    for (int i = 0; i < 3; i++) {
        cam_rect_z(cr, &cam, -1.55 + i * 0.98, 0.62, -0.85 + i * 0.98, 0.74, 2.5);
        fill_hex(cr, i == 1 ? 0xE7B45A : 0x86A8BA, 1);
    }
    cam_rect_z(cr, &cam, -1.7, 0.72, 1.3, 1.4, 2.3);
    fill_vgrad(cr, cam.cy + cam.f * 0.72 / 2.3, cam.cy + cam.f * 1.4 / 2.3, 0x55788D, 0x3D5A6B);
    cam_rect_z(cr, &cam, -1.6, 1.4, -1.5, YF, 2.3);
    fill_hex(cr, 0x333333, 1);
    cam_rect_z(cr, &cam, 1.1, 1.4, 1.2, YF, 2.3);
    fill_hex(cr, 0x333333, 1);
    cam_rect_y(cr, &cam, YF - 0.003, -1.8, 1.4, 2.25, 2.6);
    fill_hex(cr, 0x000000, 0.08);
    /* two people standing by the window */
    static const double people[][2] = {{-1.2, 8.6}, {-0.6, 8.9}};
    static const unsigned coats[] = {0x3B4A63, 0x8A4A3C};
    for (int i = 0; i < 2; i++) {
        double px = people[i][0], pz = people[i][1];
        cam_rect_z(cr, &cam, px - 0.2, -0.15, px + 0.2, 0.75, pz);
        fill_hex(cr, coats[i], 1);
        cam_rect_z(cr, &cam, px - 0.15, 0.75, px + 0.15, YF, pz);
        fill_hex(cr, 0x2A2A2E, 1);
        cam_xy(&cam, px, -0.3, pz, &xa, &ya);
        circle_fill(cr, xa, ya, cam.f * 0.12 / pz, 0x2A221E, 1);
    }
}

static void scene_assembly(cairo_t *cr, double W, double H, Rng *rng)
{
    (void)rng;
    /* ceiling strip with downlights, wood-panelled front wall */
    rect_fill(cr, 0, 0, W, H * 0.07, 0x35291F);
    for (int i = 0; i < 12; i++) {
        double x = W * (0.04 + i * 0.084);
        circle_fill(cr, x, H * 0.05, H * 0.008, 0xFFF6DC, 1);
        glow(cr, x, H * 0.06, H * 0.05, 1, 0xFFE9B8, 0.3);
    }
    cairo_rectangle(cr, 0, H * 0.07, W, H * 0.35);
    fill_vgrad(cr, H * 0.07, H * 0.42, 0x94653F, 0x7B5233);
    for (double x = 0; x < W; x += W * 0.022)
        rect_fill(cr, x, H * 0.07, W * 0.002, H * 0.35, 0x5E3E25);
    rect_fill(cr, 0, H * 0.22, W, H * 0.006, 0x5E3E25);
    /* emblem and flags */
    circle_fill(cr, W * 0.5, H * 0.145, H * 0.055, 0xB8902E, 1);
    circle_fill(cr, W * 0.5, H * 0.145, H * 0.045, 0xD9B24A, 1);
    for (int i = 0; i < 6; i++) {
        double a = i * PG_PI / 3;
        ellipse_fill(cr, W * 0.5 + H * 0.022 * cos(a), H * 0.145 + H * 0.022 * sin(a),
                     H * 0.013, H * 0.013, 0xFFF1C0, 1);
    }
    rect_fill(cr, W * 0.34, H * 0.09, W * 0.07, H * 0.09, 0xF7F7F5);
    circle_fill(cr, W * 0.375, H * 0.135, H * 0.024, 0xC8102E, 1);
    rect_fill(cr, W * 0.59, H * 0.09, W * 0.07, H * 0.09, 0x2E5A9E);
    circle_fill(cr, W * 0.625, H * 0.135, H * 0.022, 0xF5F5F0, 1);
    /* carpet */
    cairo_rectangle(cr, 0, H * 0.42, W, H * 0.58);
    fill_vgrad(cr, H * 0.42, H, 0x3F6A82, 0x2A4C60);
    /* dais with the chairman's desk */
    rect_fill(cr, W * 0.2, H * 0.36, W * 0.6, H * 0.03, 0xA87A4E);
    rect_fill(cr, W * 0.2, H * 0.39, W * 0.6, H * 0.07, 0x6C4428);
    for (int i = 0; i < 3; i++) {
        double x = W * (0.42 + i * 0.08);
        round_rect_path(cr, x - W * 0.022, H * 0.24, W * 0.044, H * 0.1, W * 0.008);
        fill_hex(cr, 0x6B1F24, 1);
    }
    rect_fill(cr, W * 0.33, H * 0.30, W * 0.34, H * 0.065, 0x5A3720);
    rect_fill(cr, W * 0.33, H * 0.30, W * 0.34, H * 0.008, 0x8A5D3A);
    /* lectern */
    double lect[8] = {W * 0.465, H * 0.37, W * 0.535, H * 0.37, W * 0.545, H * 0.50, W * 0.455, H * 0.50};
    poly_fill(cr, lect, 4, 0x7A4A2A, 1);
    rect_fill(cr, W * 0.46, H * 0.36, W * 0.08, H * 0.015, 0x9B6A42);
    line(cr, W * 0.5, H * 0.36, W * 0.49, H * 0.33, W * 0.0015, 0x222222, 1);
    circle_fill(cr, W * 0.5, H * 0.43, H * 0.018, 0xC9A03A, 1);

    /* rows of desks in concentric arcs around the dais */
    double ccx = W * 0.5, ccy = H * 0.30, squash = 0.42;
    static const double gaps[] = {0.95, 1.5708, 2.19};
    for (int row = 0; row < 9; row++) {
        double r = W * (0.30 + row * 0.085);
        double lw = H * 0.024;
        double a_start = 0.12, a_end = PG_PI - 0.12;
        for (int seg = 0; seg <= 3; seg++) {
            double sa = seg == 0 ? a_start : gaps[seg - 1] + 0.05;
            double se = seg == 3 ? a_end : gaps[seg] - 0.05;
            /* desk front panel, then desk top */
            cairo_save(cr);
            cairo_translate(cr, ccx, ccy + lw * 0.9);
            cairo_scale(cr, 1, squash);
            cairo_arc(cr, 0, 0, r, sa, se);
            cairo_restore(cr);
            cairo_set_line_width(cr, lw * 1.3);
            set_hex(cr, 0x6E4A2C);
            cairo_stroke(cr);
            cairo_save(cr);
            cairo_translate(cr, ccx, ccy);
            cairo_scale(cr, 1, squash);
            cairo_arc(cr, 0, 0, r, sa, se);
            cairo_restore(cr);
            cairo_set_line_width(cr, lw);
            set_hex(cr, 0xC99C66);
            cairo_stroke(cr);
            /* items on the desk and the members' chairs */
            double step = (W * 0.05) / r;
            for (double a = sa + step / 2; a < se; a += step) {
                double px = ccx + r * cos(a), py = ccy + r * squash * sin(a);
                rect_fill(cr, px - W * 0.006, py - lw * 0.3, W * 0.012, lw * 0.35, 0xF4F4F0);
                line(cr, px + W * 0.008, py, px + W * 0.004, py - lw * 1.2, W * 0.0012, 0x1E1E1E, 1);
                double qx = ccx + (r + W * 0.03) * cos(a), qy = ccy + (r + W * 0.03) * squash * sin(a);
                round_rect_path(cr, qx - W * 0.016, qy - H * 0.02, W * 0.032, H * 0.045, W * 0.006);
                fill_hex(cr, 0x26262B, 1);
                round_rect_path(cr, qx - W * 0.013, qy - H * 0.017, W * 0.026, H * 0.012, W * 0.004);
                fill_hex(cr, 0x3C3C44, 1);
            }
        }
    }
    /* gallery railing in the foreground */
    rect_fill(cr, 0, H * 0.9, W, H * 0.1, 0x3A2A1E);
    rect_fill(cr, 0, H * 0.895, W, H * 0.014, 0xB08D4A);
    for (double x = W * 0.02; x < W; x += W * 0.05)
        rect_fill(cr, x, H * 0.909, W * 0.006, H * 0.091, 0x2A1E15);
}

static void scene_history(cairo_t *cr, double W, double H, Rng *rng)
{
    /* dark wall, ceiling track, floor */
    cairo_rectangle(cr, 0, 0, W, H * 0.72);
    fill_vgrad(cr, 0, H * 0.72, 0x26303F, 0x374151);
    rect_fill(cr, 0, 0, W, H * 0.04, 0x1C2028);
    rect_fill(cr, 0, H * 0.035, W, H * 0.006, 0x3A3F48);
    cairo_rectangle(cr, 0, H * 0.72, W, H * 0.28);
    fill_vgrad(cr, H * 0.72, H, 0x8E6A46, 0x6A4B31);
    for (int i = -20; i <= 20; i++)
        line(cr, W * 0.5 + i * W * 0.04, H * 0.72, W * 0.5 + i * W * 0.12, H, W * 0.0015, 0x5C402A, 0.8);
    rect_fill(cr, 0, H * 0.712, W, H * 0.012, 0x15181D);

    static const double px0[] = {0.06, 0.36, 0.70}, px1[] = {0.30, 0.64, 0.94};
    for (int i = 0; i < 3; i++) {
        double x0 = W * px0[i], x1 = W * px1[i], cxp = (x0 + x1) / 2;
        /* spotlight with its light pool */
        rect_fill(cr, cxp - W * 0.01, H * 0.04, W * 0.02, H * 0.03, 0x2B2F36);
        double cone[8] = {cxp - W * 0.008, H * 0.07, cxp + W * 0.008, H * 0.07, x1, H * 0.56, x0, H * 0.56};
        poly_fill(cr, cone, 4, 0xFFE7B8, 0.05);
        glow(cr, cxp, H * 0.32, (x1 - x0) * 0.75, 1.0, 0xFFE2B0, 0.3);
        /* frame and mat */
        rect_fill(cr, x0, H * 0.12, x1 - x0, H * 0.40, 0x5E4127);
        rect_fill(cr, x0 + W * 0.004, H * 0.125, x1 - x0 - W * 0.008, H * 0.39, 0xB8962E);
        rect_fill(cr, x0 + W * 0.008, H * 0.13, x1 - x0 - W * 0.016, H * 0.38, 0xF1EAD8);
        double ix0 = x0 + W * 0.02, ix1 = x1 - W * 0.02;
        if (i == 0) { /* old sepia photograph of the castle */
            cairo_rectangle(cr, ix0, H * 0.15, ix1 - ix0, H * 0.22);
            fill_vgrad(cr, H * 0.15, H * 0.37, 0xC7AE84, 0x7C603F);
            double cxc = (ix0 + ix1) / 2;
            for (int k = 0; k < 4; k++) {
                double w = (ix1 - ix0) * (0.55 - k * 0.11), y = H * (0.33 - k * 0.035);
                double roof[8] = {cxc - w / 2, y, cxc + w / 2, y, cxc + w * 0.3, y - H * 0.02,
                                  cxc - w * 0.3, y - H * 0.02};
                poly_fill(cr, roof, 4, 0x3E2E1E, 1);
                rect_fill(cr, cxc - w * 0.3, y, w * 0.6, H * 0.015, 0x9A8262);
            }
            rect_fill(cr, ix0, H * 0.345, ix1 - ix0, H * 0.025, 0x5A4530);
            text_bars_z(cr, &(Cam){0, 0, 1}, ix0, ix1, H * 0.39, H * 0.025, 4, 1, 0x4A4A4A, rng);
        } else if (i == 1) { /* title, map and timeline */
            rect_fill(cr, ix0, H * 0.145, ix1 - ix0, H * 0.05, 0x7A1E1E);
            text_center(cr, "HISTORY OF MATSUE", (ix0 + ix1) / 2, H * 0.17, H * 0.028, TRUE,
                        0xFFFFFF, 1);
            double mx0 = ix0, mx1 = ix0 + (ix1 - ix0) * 0.55;
            rect_fill(cr, mx0, H * 0.21, mx1 - mx0, H * 0.18, 0xE4D7B4);
            ellipse_fill(cr, mx0 + (mx1 - mx0) * 0.35, H * 0.31, (mx1 - mx0) * 0.3, H * 0.04, 0x86AFC9, 1);
            ellipse_fill(cr, mx0 + (mx1 - mx0) * 0.82, H * 0.29, (mx1 - mx0) * 0.15, H * 0.035,
                         0x86AFC9, 1);
            line(cr, mx0 + (mx1 - mx0) * 0.62, H * 0.31, mx0 + (mx1 - mx0) * 0.7, H * 0.295,
                 H * 0.006, 0x86AFC9, 1);
            text_bars_z(cr, &(Cam){0, 0, 1}, mx1 + W * 0.01, ix1, H * 0.22, H * 0.022, 7, 1,
                        0x3A3A3A, rng);
            line(cr, ix0, H * 0.43, ix1, H * 0.43, H * 0.004, 0x7A1E1E, 1);
            for (int k = 0; k < 6; k++) {
                double x = ix0 + (ix1 - ix0) * (0.05 + 0.18 * k);
                circle_fill(cr, x, H * 0.43, H * 0.008, 0x7A1E1E, 1);
                rect_fill(cr, x - W * 0.015, H * 0.45, W * 0.03, H * 0.008, 0x555555);
                rect_fill(cr, x - W * 0.012, H * 0.465, W * 0.024, H * 0.008, 0x777777);
            }
        } else { /* old document with vertical brush writing */
            rect_fill(cr, ix0, H * 0.15, ix1 - ix0, H * 0.34, 0xE6D6AA);
            for (double x = ix1 - W * 0.015; x > ix0 + W * 0.01; x -= W * 0.014) {
                double y = H * 0.17;
                while (y < H * 0.46) {
                    double len = H * rng_range(rng, 0.008, 0.02);
                    rect_fill(cr, x - W * 0.002, y, W * 0.004, len, 0x2A2118);
                    y += len + H * rng_range(rng, 0.004, 0.012);
                }
            }
            circle_fill(cr, ix0 + W * 0.03, H * 0.45, H * 0.015, 0xB3261E, 0.85);
        }
    }
    /* two glass display cases on pedestals */
    for (int i = 0; i < 2; i++) {
        double x0 = W * (i ? 0.58 : 0.10), x1 = W * (i ? 0.90 : 0.40);
        double dep = W * 0.035;
        double side[8] = {x1, H * 0.64, x1 + dep, H * 0.62, x1 + dep, H * 0.93, x1, H * 0.96};
        poly_fill(cr, side, 4, 0xBDB8AE, 1);
        cairo_rectangle(cr, x0, H * 0.64, x1 - x0, H * 0.32);
        fill_vgrad(cr, H * 0.64, H * 0.96, 0xEDEAE3, 0xD6D2C9);
        double topf[8] = {x0, H * 0.64, x1, H * 0.64, x1 + dep, H * 0.62, x0 + dep, H * 0.62};
        poly_fill(cr, topf, 4, 0xF6F4EF, 1);
        /* contents */
        if (i == 0) {
            double cxj = (x0 + x1) / 2;
            ellipse_fill(cr, cxj, H * 0.555, (x1 - x0) * 0.18, H * 0.07, 0x8A5A36, 1);
            rect_fill(cr, cxj - (x1 - x0) * 0.06, H * 0.46, (x1 - x0) * 0.12, H * 0.04, 0x7A4C2C);
            ellipse_fill(cr, cxj - (x1 - x0) * 0.06, H * 0.54, (x1 - x0) * 0.04, H * 0.04, 0xB07A4E, 0.7);
            ellipse_fill(cr, cxj, H * 0.625, (x1 - x0) * 0.2, H * 0.012, 0x000000, 0.25);
            rect_fill(cr, x0 + (x1 - x0) * 0.72, H * 0.60, (x1 - x0) * 0.18, H * 0.03, 0xF8F6F0);
        } else {
            rect_fill(cr, x0 + (x1 - x0) * 0.1, H * 0.56, (x1 - x0) * 0.35, H * 0.07, 0x151212);
            rect_fill(cr, x0 + (x1 - x0) * 0.1, H * 0.585, (x1 - x0) * 0.35, H * 0.008, 0xA8261E);
            rect_fill(cr, x0 + (x1 - x0) * 0.52, H * 0.585, (x1 - x0) * 0.4, H * 0.045, 0xEFE4C4);
            for (int k = 0; k < 8; k++)
                rect_fill(cr, x0 + (x1 - x0) * (0.55 + k * 0.045), H * 0.59, W * 0.002, H * 0.035,
                          0x3A3028);
            circle_fill(cr, x0 + (x1 - x0) * 0.52, H * 0.6075, H * 0.024, 0x6E5B3E, 1);
        }
        /* glass box: tint, edges, highlights */
        rect_filla(cr, x0, H * 0.40, x1 - x0, H * 0.24, 0xDCEFF6, 0.14);
        double gtop[8] = {x0, H * 0.40, x1, H * 0.40, x1 + dep, H * 0.38, x0 + dep, H * 0.38};
        poly_fill(cr, gtop, 4, 0xDCEFF6, 0.25);
        cairo_set_line_width(cr, W * 0.0015);
        set_hexa(cr, 0xFFFFFF, 0.75);
        cairo_rectangle(cr, x0, H * 0.40, x1 - x0, H * 0.24);
        cairo_move_to(cr, x1, H * 0.40);
        cairo_line_to(cr, x1 + dep, H * 0.38);
        cairo_line_to(cr, x1 + dep, H * 0.62);
        cairo_move_to(cr, x0, H * 0.40);
        cairo_line_to(cr, x0 + dep, H * 0.38);
        cairo_line_to(cr, x1 + dep, H * 0.38);
        cairo_stroke(cr);
        double hl[8] = {x0 + (x1 - x0) * 0.15, H * 0.40, x0 + (x1 - x0) * 0.25, H * 0.40,
                        x0 + (x1 - x0) * 0.12, H * 0.64, x0 + (x1 - x0) * 0.02, H * 0.64};
        poly_fill(cr, hl, 4, 0xFFFFFF, 0.16);
        double hl2[8] = {x0 + (x1 - x0) * 0.62, H * 0.40, x0 + (x1 - x0) * 0.66, H * 0.40,
                         x0 + (x1 - x0) * 0.53, H * 0.64, x0 + (x1 - x0) * 0.49, H * 0.64};
        poly_fill(cr, hl2, 4, 0xFFFFFF, 0.12);
        ellipse_fill(cr, (x0 + x1) / 2 + dep / 2, H * 0.965, (x1 - x0) * 0.6, H * 0.02, 0x000000, 0.25);
    }
}

static void scene_gallery(cairo_t *cr, double W, double H, Rng *rng)
{
    /* surrounding hall */
    cairo_rectangle(cr, 0, 0, W, H * 0.62);
    fill_vgrad(cr, 0, H * 0.62, 0xF3EFE8, 0xE6E0D6);
    rect_fill(cr, 0, 0, W, H * 0.07, 0xF7F7F4);
    for (int i = 0; i < 4; i++) {
        rect_fill(cr, W * (0.08 + i * 0.25), H * 0.03, W * 0.1, H * 0.01, 0xFFFFFF);
        glow(cr, W * (0.13 + i * 0.25), H * 0.04, W * 0.12, 0.6, 0xFFFFF2, 0.4);
    }
    cairo_rectangle(cr, 0, H * 0.62, W, H * 0.38);
    fill_vgrad(cr, H * 0.62, H, 0xDCC6A2, 0xC2A478);
    for (int i = -14; i <= 14; i++)
        line(cr, W * 0.5 + i * W * 0.05, H * 0.62, W * 0.5 + i * W * 0.16, H, W * 0.0015, 0xAE8F62, 0.7);
    rect_fill(cr, 0, H * 0.615, W, H * 0.008, 0xBDB5A8);

    double bx0 = W * 0.10, bx1 = W * 0.86, by0 = H * 0.22, by1 = H * 0.80, dep = W * 0.09;
    /* booth interior (seen through the glass) */
    cairo_rectangle(cr, bx0, by0, bx1 - bx0, by1 - by0);
    fill_vgrad(cr, by0, by1, 0xFBF3E4, 0xF1E4CC);
    circle_fill(cr, bx0 + W * 0.62, by0 + H * 0.10, W * 0.06, 0xFFD75E, 1);
    for (int i = 0; i < 3; i++)
        ellipse_fill(cr, bx0 + W * (0.12 + i * 0.2), by0 + H * (0.08 + 0.03 * (i & 1)), W * 0.07,
                     H * 0.02, 0xCFE8F5, 1);
    rect_fill(cr, bx0 + W * 0.05, by0 + H * 0.16, W * 0.18, H * 0.12, 0xF7C7D2);
    rect_fill(cr, bx0 + W * 0.06, by0 + H * 0.17, W * 0.16, H * 0.1, 0xFFF8F0);
    circle_fill(cr, bx0 + W * 0.1, by0 + H * 0.21, W * 0.025, 0x8BC98B, 1);
    circle_fill(cr, bx0 + W * 0.17, by0 + H * 0.23, W * 0.03, 0x79B2E0, 1);
    /* puzzle mats */
    static const unsigned mats[] = {0xE8574A, 0xF5C642, 0x5FB65A, 0x4A90D9};
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 7; c++) {
            double ya = by1 - H * (0.12 - r * 0.04), yb = ya + H * 0.04;
            double xa = bx0 + (bx1 - bx0) * c / 7.0, xb = bx0 + (bx1 - bx0) * (c + 1) / 7.0;
            rect_fill(cr, xa, ya, xb - xa, yb - ya, mats[(r + c) % 4]);
            rect_filla(cr, xa, ya, xb - xa, H * 0.003, 0x000000, 0.15);
        }
    /* low table, tiny chairs, bench, toys */
    rect_fill(cr, bx0 + W * 0.30, by1 - H * 0.16, W * 0.22, H * 0.018, 0xFAFAF8);
    rect_fill(cr, bx0 + W * 0.31, by1 - H * 0.142, W * 0.015, H * 0.07, 0xD8D8D4);
    rect_fill(cr, bx0 + W * 0.495, by1 - H * 0.142, W * 0.015, H * 0.07, 0xD8D8D4);
    round_rect_path(cr, bx0 + W * 0.22, by1 - H * 0.15, W * 0.06, H * 0.08, W * 0.01);
    fill_hex(cr, 0xF08A3C, 1);
    round_rect_path(cr, bx0 + W * 0.55, by1 - H * 0.15, W * 0.06, H * 0.08, W * 0.01);
    fill_hex(cr, 0x62B86A, 1);
    rect_fill(cr, bx0 + W * 0.02, by1 - H * 0.19, W * 0.16, H * 0.05, 0xD9B98C);
    rect_fill(cr, bx0 + W * 0.02, by1 - H * 0.21, W * 0.16, H * 0.025, 0x8FB8D8);
    rect_fill(cr, bx0 + W * 0.03, by1 - H * 0.14, W * 0.012, H * 0.06, 0xA98A5E);
    rect_fill(cr, bx0 + W * 0.16, by1 - H * 0.14, W * 0.012, H * 0.06, 0xA98A5E);
    for (int i = 0; i < 6; i++) {
        double x = bx0 + W * rng_range(rng, 0.2, 0.7);
        double y = by1 - H * rng_range(rng, 0.03, 0.07);
        rect_fill(cr, x, y, W * 0.03, W * 0.03, mats[i % 4] ^ 0x202020);
    }
    circle_fill(cr, bx0 + W * 0.66, by1 - H * 0.05, W * 0.035, 0xE23B3B, 1);
    circle_fill(cr, bx0 + W * 0.652, by1 - H * 0.056, W * 0.012, 0xFFFFFF, 0.6);
    circle_fill(cr, bx0 + W * 0.12, by1 - H * 0.22, W * 0.03, 0x9A6B43, 1);
    circle_fill(cr, bx0 + W * 0.12, by1 - H * 0.245, W * 0.022, 0x9A6B43, 1);
    /* side face of the booth, glass tint, reflections */
    double side[8] = {bx1, by0, bx1 + dep, by0 - H * 0.03, bx1 + dep, by1 - H * 0.03, bx1, by1};
    poly_fill(cr, side, 4, 0xE3EEEE, 0.6);
    rect_filla(cr, bx0, by0, bx1 - bx0, by1 - by0, 0xCFE9EC, 0.16);
    for (int i = 0; i < 3; i++) {
        double x = bx0 + W * (0.05 + i * 0.27);
        double band[8] = {x + W * 0.1, by0, x + W * 0.16, by0, x + W * 0.04, by1, x - W * 0.02, by1};
        poly_fill(cr, band, 4, 0xFFFFFF, 0.13);
    }
    /* safety dots on the glass */
    for (double x = bx0 + W * 0.02; x < bx1; x += W * 0.025)
        circle_fill(cr, x, by0 + H * 0.30, W * 0.006, 0xFFFFFF, 0.7);
    /* roof panel and aluminium frame */
    double roof[8] = {bx0, by0, bx1, by0, bx1 + dep, by0 - H * 0.03, bx0 + dep, by0 - H * 0.03};
    poly_fill(cr, roof, 4, 0xFAFAFA, 1);
    rect_fill(cr, bx0 - W * 0.005, by0 - H * 0.012, bx1 - bx0 + W * 0.01, H * 0.014, 0xF4F4F2);
    rect_fill(cr, bx0 - W * 0.006, by0, W * 0.012, by1 - by0, 0xAEB4BA);
    rect_fill(cr, bx1 - W * 0.006, by0, W * 0.012, by1 - by0, 0xAEB4BA);
    rect_fill(cr, bx0 + W * 0.44, by0, W * 0.01, by1 - by0, 0xAEB4BA);
    rect_fill(cr, bx0 + W * 0.66, by0, W * 0.01, by1 - by0, 0xAEB4BA);
    line(cr, bx1 + dep, by0 - H * 0.03, bx1 + dep, by1 - H * 0.03, W * 0.01, 0xAEB4BA, 1);
    rect_fill(cr, bx0 - W * 0.006, by1 - H * 0.012, bx1 - bx0 + W * 0.012, H * 0.016, 0x979DA3);
    rect_fill(cr, bx0 + W * 0.62, by0 + H * 0.24, W * 0.012, H * 0.14, 0xC4C8CC);
    /* sign on the glass */
    round_rect_path(cr, bx0 + W * 0.06, by0 + H * 0.03, W * 0.32, H * 0.07, W * 0.015);
    fill_hex(cr, 0xF7C9D4, 1);
    text_center(cr, "KIDS SPACE", bx0 + W * 0.26, by0 + H * 0.065, H * 0.022, TRUE, 0x7A2A4A, 1);
    circle_fill(cr, bx0 + W * 0.09, by0 + H * 0.05, W * 0.012, 0x7A2A4A, 1);
    rect_fill(cr, bx0 + W * 0.08, by0 + H * 0.06, W * 0.02, H * 0.03, 0x7A2A4A);
    circle_fill(cr, bx0 + W * 0.115, by0 + H * 0.065, W * 0.008, 0x7A2A4A, 1);
    rect_fill(cr, bx0 + W * 0.108, by0 + H * 0.072, W * 0.014, H * 0.018, 0x7A2A4A);
    /* shadow of the booth, stroller and plant outside */
    rect_filla(cr, bx0, by1 + H * 0.004, bx1 - bx0 + dep, H * 0.02, 0x000000, 0.12);
    double sx = W * 0.80;
    circle_fill(cr, sx - W * 0.05, H * 0.93, W * 0.03, 0x2A2A2A, 1);
    circle_fill(cr, sx + W * 0.08, H * 0.93, W * 0.03, 0x2A2A2A, 1);
    round_rect_path(cr, sx - W * 0.07, H * 0.80, W * 0.18, H * 0.09, W * 0.03);
    fill_hex(cr, 0x4C6E8F, 1);
    line(cr, sx + W * 0.11, H * 0.82, sx + W * 0.16, H * 0.74, W * 0.008, 0x333333, 1);
    rect_fill(cr, W * 0.03, H * 0.80, W * 0.08, H * 0.09, 0xD2CCC0);
    for (int i = 0; i < 10; i++) {
        double x = W * 0.07 + W * rng_range(rng, -0.05, 0.05);
        double y = H * rng_range(rng, 0.69, 0.79);
        circle_fill(cr, x, y, W * 0.03, (i & 1) ? 0x3C7A3C : 0x2D6232, 1);
    }
}

static void scene_sunrise(cairo_t *cr, double W, double H, Rng *rng)
{
    double hz = H * 0.60;
    /* sky */
    cairo_pattern_t *sky = cairo_pattern_create_linear(0, 0, 0, hz);
    stop_hex(sky, 0.0, 0x1B2655, 1);
    stop_hex(sky, 0.35, 0x5A477A, 1);
    stop_hex(sky, 0.7, 0xD9764A, 1);
    stop_hex(sky, 1.0, 0xFFC46A, 1);
    cairo_rectangle(cr, 0, 0, W, hz);
    cairo_set_source(cr, sky);
    cairo_fill(cr);
    cairo_pattern_destroy(sky);
    double sunx = W * 0.62, suny = hz - H * 0.015;
    glow(cr, sunx, suny, H * 0.5, 0.6, 0xFFB85C, 0.55);
    glow(cr, sunx, suny, H * 0.12, 1, 0xFFE2A0, 0.9);
    /* thin cloud streaks */
    for (int i = 0; i < 9; i++) {
        double y = H * rng_range(rng, 0.2, 0.52);
        double x = W * rng_range(rng, 0.0, 1.0);
        double rx = W * rng_range(rng, 0.12, 0.3);
        double ry = H * rng_range(rng, 0.006, 0.014);
        ellipse_fill(cr, x, y, rx, ry, 0xF4A27A, 0.45);
    }
    circle_fill(cr, sunx, suny, H * 0.035, 0xFFF4CC, 1);
    /* far shore */
    cairo_move_to(cr, 0, hz + H * 0.02);
    for (int i = 0; i <= 60; i++) {
        double x = W * i / 60.0;
        double y = hz - H * (0.012 + 0.02 * fabs(sin(i * 0.23)) + 0.006 * sin(i * 1.7));
        cairo_line_to(cr, x, y);
    }
    cairo_line_to(cr, W, hz + H * 0.02);
    cairo_close_path(cr);
    fill_hex(cr, 0x3A2C44, 1);
    /* lake with the sun's reflection */
    cairo_rectangle(cr, 0, hz + H * 0.018, W, H * 0.4);
    fill_vgrad(cr, hz, H * 0.9, 0xD98A52, 0x4A3446);
    for (int i = 0; i < 70; i++) {
        double t = i / 70.0;
        double y = hz + H * 0.022 + t * t * H * 0.27;
        double w = W * (0.012 + 0.09 * t) * rng_range(rng, 0.5, 1.3);
        rect_filla(cr, sunx - w / 2 + W * rng_range(rng, -0.01, 0.01), y, w, H * (0.002 + 0.004 * t),
                   0xFFE1A0, 0.85 - 0.5 * t);
    }
    for (int i = 0; i < 120; i++) {
        double y = hz + H * rng_range(rng, 0.03, 0.3);
        double x = W * rng_range(rng, 0, 1);
        rect_filla(cr, x, y, W * rng_range(rng, 0.02, 0.08), H * 0.002, 0xF7B07A, 0.3);
    }
    /* foreground: castle site ground and trees on the left */
    cairo_move_to(cr, 0, H);
    cairo_line_to(cr, 0, H * 0.84);
    cairo_curve_to(cr, W * 0.3, H * 0.86, W * 0.6, H * 0.84, W, H * 0.80);
    cairo_line_to(cr, W, H);
    cairo_close_path(cr);
    fill_hex(cr, 0x150F16, 1);
    for (int i = 0; i < 60; i++) {
        double x = W * rng_range(rng, -0.05, 0.32);
        double top = H * (0.25 + 0.5 * (x / W + 0.05) / 0.37);
        double y = rng_range(rng, top, H * 0.9);
        circle_fill(cr, x, y, H * rng_range(rng, 0.03, 0.07), 0x140E15, 1);
    }
    for (int i = 0; i < 5; i++)
        rect_fill(cr, W * (0.03 + i * 0.06), H * 0.6, W * 0.008, H * 0.3, 0x120C13);
    /* castle roof (tiered, upturned eaves) on the right */
    double cxr = W * 0.86;
    rect_fill(cr, cxr - W * 0.12, H * 0.70, W * 0.24, H * 0.12, 0x171119);
    for (int k = 0; k < 3; k++) {
        double w = W * (0.30 - k * 0.08), yb = H * (0.72 - k * 0.085), ht = H * 0.05;
        cairo_move_to(cr, cxr - w / 2 - W * 0.01, yb - H * 0.025);
        cairo_curve_to(cr, cxr - w / 2 + W * 0.02, yb, cxr - w / 2 + W * 0.04, yb, cxr - w / 2 + W * 0.05, yb);
        cairo_line_to(cr, cxr + w / 2 - W * 0.05, yb);
        cairo_curve_to(cr, cxr + w / 2 - W * 0.04, yb, cxr + w / 2 - W * 0.02, yb, cxr + w / 2 + W * 0.01,
                       yb - H * 0.025);
        cairo_line_to(cr, cxr + w * 0.3, yb - ht);
        cairo_line_to(cr, cxr - w * 0.3, yb - ht);
        cairo_close_path(cr);
        fill_hex(cr, 0x110B13, 1);
        if (k < 2)
            rect_fill(cr, cxr - w * 0.28, yb - ht - H * 0.036, w * 0.56, H * 0.04, 0x1A131C);
    }
    double ridge_y = H * (0.72 - 2 * 0.085) - H * 0.05;
    rect_fill(cr, cxr - W * 0.05, ridge_y - H * 0.008, W * 0.10, H * 0.01, 0x110B13);
    circle_fill(cr, cxr - W * 0.05, ridge_y - H * 0.018, H * 0.012, 0x110B13, 1);
    circle_fill(cr, cxr + W * 0.05, ridge_y - H * 0.018, H * 0.012, 0x110B13, 1);
    /* warm rim light along the roofs */
    line(cr, cxr - W * 0.04, H * 0.6515, cxr + W * 0.03, H * 0.6515, H * 0.003, 0xE88A4A, 0.5);
}

/* ------------------------------------------------------------------------ */
/* sample017 map (PNG)                                                       */
/* ------------------------------------------------------------------------ */

/* Closed irregular blob: ellipse with a radius wobble from a few sines. */
static void blob_path(cairo_t *cr, double cx, double cy, double rx, double ry,
                      const double *amp, const double *phase, int nh)
{
    for (int i = 0; i <= 360; i++) {
        double t = i * PG_PI / 180.0;
        double k = 1.0;
        for (int h = 0; h < nh; h++)
            k += amp[h] * sin((h * 2 + 3) * t + phase[h]);
        double x = cx + rx * k * cos(t), y = cy + ry * k * sin(t);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
}

static void road(cairo_t *cr, const double *p, int n, double lw, unsigned casing, unsigned fill)
{
    for (int pass = 0; pass < 2; pass++) {
        cairo_move_to(cr, p[0], p[1]);
        for (int i = 1; i + 2 < n; i += 3)
            cairo_curve_to(cr, p[2 * i], p[2 * i + 1], p[2 * i + 2], p[2 * i + 3], p[2 * i + 4],
                           p[2 * i + 5]);
        cairo_set_line_width(cr, pass == 0 ? lw + 4 : lw);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        set_hex(cr, pass == 0 ? casing : fill);
        cairo_stroke(cr);
    }
}

static void label(cairo_t *cr, const char *s, double x, double y, double size,
                  cairo_font_slant_t slant, cairo_font_weight_t weight, unsigned c)
{
    cairo_text_extents_t te;
    cairo_select_font_face(cr, "DejaVu Sans", slant, weight);
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, s, &te);
    cairo_move_to(cr, x - te.x_bearing - te.width / 2, y - te.y_bearing - te.height / 2);
    cairo_text_path(cr, s);
    cairo_set_line_width(cr, size * 0.16);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    set_hexa(cr, 0xFFFFFF, 0.85);
    cairo_stroke_preserve(cr);
    set_hex(cr, c);
    cairo_fill(cr);
}

static void draw_map(cairo_t *cr, double W, double H)
{
    const unsigned water = 0xA8CFEA, shore = 0x86B4D8;
    rect_fill(cr, 0, 0, W, H, 0xF0EBDB);
    /* hills to the north and south */
    static const double ha[] = {0.08, 0.05, 0.03}, hp[] = {0.3, 1.1, 2.0};
    blob_path(cr, W * 0.45, H * 0.08, W * 0.5, H * 0.17, ha, hp, 3);
    fill_hex(cr, 0xDCE7C9, 1);
    blob_path(cr, W * 0.3, H * 1.02, W * 0.45, H * 0.14, ha, hp, 3);
    fill_hex(cr, 0xDCE7C9, 1);
    blob_path(cr, W * 0.85, H * 0.98, W * 0.3, H * 0.12, ha, hp, 2);
    fill_hex(cr, 0xDCE7C9, 1);

    /* roads under the water bodies' labels but over land */
    const double route9[] = {0, 930, 300, 880, 600, 800, 800, 760, 1000, 725, 1250, 730, 1600, 770};
    const double north[] = {0, 400, 400, 420, 700, 520, 960, 545, 1150, 510, 1350, 400, 1600, 360};
    const double ns[] = {955, 120, 960, 400, 990, 800, 975, 1150};
    const double expwy[] = {0, 1070, 500, 1010, 1000, 1000, 1600, 960};
    const double lake_s[] = {120, 860, 350, 800, 550, 830, 880, 700};
    road(cr, expwy, 4, 12, 0xC9A95E, 0xF7D58A);
    road(cr, route9, 7, 8, 0xD3CAB4, 0xFFFFFF);
    road(cr, north, 7, 8, 0xD3CAB4, 0xFFFFFF);
    road(cr, ns, 4, 8, 0xD3CAB4, 0xFFFFFF);
    road(cr, lake_s, 4, 4, 0xD3CAB4, 0xFFFFFF);
    for (int i = 0; i < 5; i++) { /* city grid */
        double g1[] = {890, 520 + i * 40.0, 930, 520 + i * 40.0, 1030, 520 + i * 40.0, 1080, 520 + i * 40.0};
        road(cr, g1, 4, 3, 0xDDD5C2, 0xFFFFFF);
        double g2[] = {900 + i * 40.0, 500, 900 + i * 40.0, 560, 900 + i * 40.0, 640, 900 + i * 40.0, 700};
        road(cr, g2, 4, 3, 0xDDD5C2, 0xFFFFFF);
    }
    /* railway along the south shore */
    cairo_move_to(cr, 0, 900);
    cairo_curve_to(cr, 350, 850, 650, 760, 980, 700);
    cairo_curve_to(cr, 1200, 660, 1400, 700, 1600, 720);
    cairo_set_line_width(cr, 5);
    set_hex(cr, 0x6B6B6B);
    cairo_stroke_preserve(cr);
    static const double dash[] = {14, 14};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 3);
    set_hex(cr, 0xFFFFFF);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);

    /* Lake Shinji, Nakaumi, and the Ohashi river joining them */
    static const double la[] = {0.06, 0.04, 0.025}, lp[] = {0.5, 1.3, 2.1};
    static const double na[] = {0.07, 0.05, 0.03}, np[] = {2.2, 0.4, 1.7};
    cairo_move_to(cr, 915, 640);
    cairo_curve_to(cr, 980, 600, 1040, 640, 1120, 590);
    cairo_set_line_width(cr, 30);
    set_hex(cr, shore);
    cairo_stroke_preserve(cr);
    cairo_set_line_width(cr, 24);
    set_hex(cr, water);
    cairo_stroke(cr);
    cairo_move_to(cr, 930, 665);
    cairo_curve_to(cr, 990, 700, 1060, 690, 1130, 620);
    cairo_set_line_width(cr, 12);
    set_hex(cr, shore);
    cairo_stroke_preserve(cr);
    cairo_set_line_width(cr, 8);
    set_hex(cr, water);
    cairo_stroke(cr);
    blob_path(cr, 540, 645, 400, 175, la, lp, 3);
    set_hex(cr, water);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 4);
    set_hex(cr, shore);
    cairo_stroke(cr);
    blob_path(cr, 1330, 570, 225, 185, na, np, 3);
    set_hex(cr, water);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 4);
    set_hex(cr, shore);
    cairo_stroke(cr);
    static const double ia[] = {0.1, 0.06}, ip[] = {0.2, 1.0};
    blob_path(cr, 1320, 540, 70, 42, ia, ip, 2); /* Daikon island */
    set_hex(cr, 0xE4EBD2);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 3);
    set_hex(cr, shore);
    cairo_stroke(cr);
    /* bridges over the river */
    road(cr, (const double[]){955, 580, 957, 610, 960, 640, 962, 670}, 4, 8, 0xD3CAB4, 0xFFFFFF);
    road(cr, (const double[]){1040, 590, 1040, 610, 1041, 640, 1042, 660}, 4, 5, 0xD3CAB4, 0xFFFFFF);

    /* city centre marker */
    double mx = 985, my = 592;
    ellipse_fill(cr, mx + 6, my + 2, 16, 6, 0x000000, 0.25);
    cairo_move_to(cr, mx, my);
    cairo_curve_to(cr, mx - 10, my - 20, mx - 28, my - 32, mx - 28, my - 52);
    cairo_arc(cr, mx, my - 52, 28, PG_PI, 2 * PG_PI);
    cairo_curve_to(cr, mx + 28, my - 32, mx + 10, my - 20, mx, my);
    cairo_close_path(cr);
    set_hex(cr, 0xD7261E);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 2.5);
    set_hex(cr, 0x8E1410);
    cairo_stroke(cr);
    circle_fill(cr, mx, my - 52, 10, 0xFFFFFF, 1);

    /* labels */
    label(cr, "Lake Shinji", 540, 660, 46, CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL, 0x2A5A86);
    label(cr, "Nakaumi", 1335, 665, 38, CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL, 0x2A5A86);
    label(cr, "Matsue", 1090, 535, 44, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD, 0x222222);

    /* north arrow and scale bar */
    double nx = W - 90, ny = 110;
    double na_pts[6] = {nx, ny - 50, nx + 20, ny + 10, nx - 20, ny + 10};
    poly_fill(cr, na_pts, 3, 0x333333, 1);
    label(cr, "N", nx, ny - 75, 30, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD, 0x333333);
    rect_fill(cr, 60, H - 70, 200, 10, 0x333333);
    rect_fill(cr, 160, H - 68, 100, 6, 0xFFFFFF);
    label(cr, "0", 60, H - 95, 22, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL, 0x333333);
    label(cr, "5 km", 265, H - 95, 22, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL, 0x333333);
}

/* ------------------------------------------------------------------------ */
/* sample017 set                                                             */
/* ------------------------------------------------------------------------ */

/* Per-worker scratch buffers, reused from photo to photo: allocating
 * ~120 MB afresh for every 12 MP photo costs more in page faults than the
 * drawing itself. */
typedef struct {
    void *p;
    size_t cap;
} Buf;

typedef struct {
    Buf surface, rgb, stored;
} Scratch;

static void *buf_get(Buf *b, size_t n)
{
    if (b->cap < n) {
        g_free(b->p);
        b->p = g_malloc(n);
        b->cap = n;
    }
    return b->p;
}

static void scratch_free(Scratch *sc)
{
    g_free(sc->surface.p);
    g_free(sc->rgb.p);
    g_free(sc->stored.p);
}

typedef struct {
    const char *file;
    int dw, dh;      /* display (upright) size */
    int orientation; /* EXIF orientation written, 0 = no EXIF */
    int number;      /* photo number shown in the UP marker */
    SceneFn draw;
    Grain grain;
    int quality;
} PhotoSpec;

/* Framing, for sets that reuse a scene in another shot: the scene is drawn
 * at sw x sh, scaled to cover the display size times zoom, the point
 * (fx, fy) of the scene (fractions) brought as near the centre as the edges
 * allow. sw = 0: none, the scene is drawn at the display size. */
typedef struct {
    PhotoSpec photo;
    int sw, sh;
    double zoom, fx, fy;
} FramedSpec;

static const PhotoSpec sample017_photos[] = {
    {"01-city-hall.jpg", 4032, 3024, 0, 1, scene_city_hall, {6.0, 2.5, 5.0, 0.20}, 91},
    {"02-counter.jpg", 4032, 3024, 0, 2, scene_counter, {6.0, 2.5, 5.0, 0.20}, 91},
    {"03-temporary.jpg", 3024, 4032, 0, 3, scene_temporary, {6.0, 2.5, 5.0, 0.20}, 91},
    {"04-space.jpg", 3024, 4032, 6, 4, scene_space, {6.0, 2.5, 5.0, 0.20}, 91},
    {"05-assembly.jpg", 4032, 3024, 0, 5, scene_assembly, {6.0, 2.5, 5.0, 0.20}, 91},
    {"06-history.jpg", 4032, 3024, 0, 6, scene_history, {6.0, 2.5, 5.0, 0.20}, 91},
    {"07-gallery.jpg", 3024, 4032, 0, 7, scene_gallery, {6.0, 2.5, 5.0, 0.20}, 91},
    {"08-sunrise.jpg", 4032, 3024, 0, 8, scene_sunrise, {6.0, 2.5, 5.0, 0.20}, 91},
};

/*
 * bench: a pool of 16 distinct phone photos and a map for the benchmark
 * corpus (bench/corpus.sh hard-links them into every generated report).
 * 01-08 are the sample's eight scenes as first shot; 09-16 the same scenes
 * framed again (closer, or a portrait crop of a landscape scene and the
 * reverse). 04 is stored rotated with EXIF orientation 6, as a phone held
 * upright writes it; the others have no EXIF.
 */
static const FramedSpec bench_photos[] = {
    {{"bench-01.jpg", 4032, 3024, 0, 1, scene_city_hall, {6.0, 2.5, 5.0, 0.20}, 90}, 0, 0, 0, 0, 0},
    {{"bench-02.jpg", 4032, 3024, 0, 2, scene_counter, {6.5, 2.5, 5.0, 0.18}, 91}, 0, 0, 0, 0, 0},
    {{"bench-03.jpg", 3024, 4032, 0, 3, scene_temporary, {5.5, 2.5, 5.0, 0.20}, 92}, 0, 0, 0, 0, 0},
    {{"bench-04.jpg", 3024, 4032, 6, 4, scene_space, {6.0, 2.5, 5.0, 0.22}, 91}, 0, 0, 0, 0, 0},
    {{"bench-05.jpg", 4032, 3024, 0, 5, scene_assembly, {6.0, 3.0, 5.0, 0.20}, 89}, 0, 0, 0, 0, 0},
    {{"bench-06.jpg", 4032, 3024, 0, 6, scene_history, {5.0, 2.5, 5.0, 0.20}, 93}, 0, 0, 0, 0, 0},
    {{"bench-07.jpg", 3024, 4032, 0, 7, scene_gallery, {6.0, 2.0, 5.0, 0.20}, 90}, 0, 0, 0, 0, 0},
    {{"bench-08.jpg", 4032, 3024, 0, 8, scene_sunrise, {7.0, 2.5, 5.0, 0.25}, 91}, 0, 0, 0, 0, 0},
    {{"bench-09.jpg", 3024, 4032, 0, 9, scene_city_hall, {6.0, 2.5, 5.0, 0.20}, 91}, 4032, 3024, 1.0, 0.45, 0.5},
    {{"bench-10.jpg", 4032, 3024, 0, 10, scene_counter, {6.0, 3.0, 4.0, 0.20}, 92}, 4032, 3024, 1.5, 0.35, 0.55},
    {{"bench-11.jpg", 4032, 3024, 0, 11, scene_temporary, {6.0, 2.5, 5.0, 0.15}, 90}, 3024, 4032, 1.0, 0.5, 0.6},
    {{"bench-12.jpg", 3024, 4032, 0, 12, scene_space, {6.5, 2.5, 5.0, 0.20}, 89}, 3024, 4032, 1.4, 0.5, 0.45},
    {{"bench-13.jpg", 3024, 4032, 0, 13, scene_assembly, {6.0, 2.5, 5.0, 0.20}, 92}, 4032, 3024, 1.0, 0.5, 0.5},
    {{"bench-14.jpg", 4032, 3024, 0, 14, scene_history, {6.0, 2.5, 6.0, 0.20}, 90}, 4032, 3024, 1.6, 0.3, 0.5},
    {{"bench-15.jpg", 4032, 3024, 0, 15, scene_gallery, {6.0, 2.5, 5.0, 0.18}, 91}, 3024, 4032, 1.0, 0.5, 0.4},
    {{"bench-16.jpg", 3024, 4032, 0, 16, scene_sunrise, {7.5, 2.5, 5.0, 0.25}, 90}, 4032, 3024, 1.0, 0.6, 0.5},
};

static char *surface_error(const char *path, cairo_status_t st)
{
    return path_error(path, cairo_status_to_string(st));
}

static char *render_shot(const char *outdir, const PhotoSpec *ps, const FramedSpec *fr,
                         Scratch *sc)
{
    char *path = g_build_filename(outdir, ps->file, NULL);
    char *err = NULL;
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, ps->dw);
    uint8_t *pixels = buf_get(&sc->surface, (size_t)stride * (size_t)ps->dh);
    cairo_surface_t *s = cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_RGB24, ps->dw,
                                                             ps->dh, stride);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        err = surface_error(path, cairo_surface_status(s));
        cairo_surface_destroy(s);
        g_free(path);
        return err;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 0); /* the buffer is reused: clear it */
    cairo_paint(cr);
    Rng rng = rng_from_name(ps->file, 1);
    if (fr && fr->sw > 0 && fr->sh > 0) {
        /* reframed: cover the display, zoomed, centred on (fx, fy) */
        double sx = (double)ps->dw / fr->sw, sy = (double)ps->dh / fr->sh;
        double k = (sx > sy ? sx : sy) * (fr->zoom > 0 ? fr->zoom : 1.0);
        double ox = ps->dw * 0.5 - fr->fx * fr->sw * k;
        double oy = ps->dh * 0.5 - fr->fy * fr->sh * k;
        double minx = ps->dw - fr->sw * k, miny = ps->dh - fr->sh * k;
        ox = ox > 0 ? 0 : ox < minx ? minx : ox;
        oy = oy > 0 ? 0 : oy < miny ? miny : oy;
        cairo_save(cr);
        cairo_translate(cr, ox, oy);
        cairo_scale(cr, k, k);
        ps->draw(cr, fr->sw, fr->sh, &rng);
        cairo_restore(cr);
    } else {
        ps->draw(cr, ps->dw, ps->dh, &rng);
    }
    draw_up_marker(cr, ps->dw, ps->dh, ps->number);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        err = surface_error(path, st);
        cairo_surface_destroy(s);
        g_free(path);
        return err;
    }
    size_t rgb_len = (size_t)ps->dw * (size_t)ps->dh * 3;
    uint8_t *rgb = buf_get(&sc->rgb, rgb_len);
    Rng grain_rng = rng_from_name(ps->file, 2);
    surface_to_rgb_grain(s, rgb, &ps->grain, &grain_rng);
    cairo_surface_destroy(s);

    int sw = ps->dw, sh = ps->dh;
    if (ps->orientation > 1) {
        uint8_t *stored = buf_get(&sc->stored, rgb_len);
        if (!rotate_for_orientation_into(rgb, ps->dw, ps->dh, ps->orientation, stored, &sw, &sh)) {
            err = path_error(path, "invalid EXIF orientation");
            g_free(path);
            return err;
        }
        rgb = stored;
    }
    err = write_jpeg(path, rgb, sw, sh, ps->quality, ps->orientation);
    g_free(path);
    return err;
}

static char *render_photo(const char *outdir, const void *arg, Scratch *sc)
{
    return render_shot(outdir, arg, NULL, sc);
}

static char *render_framed_photo(const char *outdir, const void *arg, Scratch *sc)
{
    const FramedSpec *fr = arg;
    return render_shot(outdir, &fr->photo, fr, sc);
}

/* arg: the file name (NULL: the sample's "matsue-map.png") */
static char *render_map(const char *outdir, const void *arg, Scratch *sc)
{
    (void)sc;
    char *path = g_build_filename(outdir, arg ? (const char *)arg : "matsue-map.png", NULL);
    char *err = NULL;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1600, 1200);
    cairo_t *cr = cairo_create(s);
    draw_map(cr, 1600, 1200);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st != CAIRO_STATUS_SUCCESS)
        err = surface_error(path, st);
    else
        err = write_png(path, s);
    cairo_surface_destroy(s);
    g_free(path);
    return err;
}

/* ------------------------------------------------------------------------ */
/* fixtures set                                                              */
/* ------------------------------------------------------------------------ */

static char *put_file(const char *outdir, const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(outdir, name, NULL);
    char *err = write_file_atomic(path, data, len);
    g_free(path);
    return err;
}

static char *put_jpeg(const char *outdir, const char *name, const uint8_t *rgb, int w, int h,
                      int quality, int orientation)
{
    char *path = g_build_filename(outdir, name, NULL);
    char *err = write_jpeg(path, rgb, w, h, quality, orientation);
    g_free(path);
    return err;
}

/* Plain diagonal colour gradient, packed RGB. */
static uint8_t *make_gradient(int w, int h)
{
    uint8_t *rgb = g_malloc((size_t)w * (size_t)h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *p = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
            p[0] = (uint8_t)(30 + 200 * x / (w - 1));
            p[1] = (uint8_t)(60 + 150 * y / (h - 1));
            p[2] = (uint8_t)(210 - 150 * x / (w - 1));
        }
    return rgb;
}

/* A small cairo picture (sky, ground, sun, house) used for PNG fixtures. */
static void draw_small_picture(cairo_t *cr, double W, double H)
{
    vgrad_rect(cr, 0, 0, W, H * 0.6, 0x4A86C8, 0xCFE4F4);
    vgrad_rect(cr, 0, H * 0.6, W, H * 0.4, 0x5C9A4A, 0x3E6E33);
    circle_fill(cr, W * 0.78, H * 0.22, H * 0.1, 0xFFE27A, 1);
    rect_fill(cr, W * 0.2, H * 0.42, W * 0.25, H * 0.28, 0xE8DCC4);
    double roof[6] = {W * 0.17, H * 0.43, W * 0.325, H * 0.28, W * 0.48, H * 0.43};
    poly_fill(cr, roof, 3, 0xA8322A, 1);
    rect_fill(cr, W * 0.29, H * 0.55, W * 0.06, H * 0.15, 0x6A4A2E);
}

/* Textured 400x300 RGB picture (grain keeps the JPEG a few tens of KB). */
static uint8_t *make_textured(int w, int h, const char *seed_name)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    draw_small_picture(cr, w, h);
    cairo_destroy(cr);
    uint8_t *rgb = g_malloc((size_t)w * (size_t)h * 3);
    Grain g = {6.0, 3.0, 4.0, 0.2};
    Rng rng = rng_from_name(seed_name, 3);
    surface_to_rgb_grain(s, rgb, &g, &rng);
    cairo_surface_destroy(s);
    return rgb;
}

static char *gen_orient_fixtures(const char *outdir)
{
    const int dw = 160, dh = 120;
    uint8_t *display = g_malloc((size_t)dw * dh * 3);
    for (int y = 0; y < dh; y++)
        for (int x = 0; x < dw; x++) {
            uint8_t *p = display + ((size_t)y * dw + (size_t)x) * 3;
            gboolean top = y < dh / 2;
            p[0] = top ? 255 : 0;
            p[1] = 0;
            p[2] = top ? 0 : 255;
        }
    char *err = NULL;
    for (int o = 1; o <= 8 && !err; o++) {
        int sw, sh;
        uint8_t *stored = rotate_for_orientation(display, dw, dh, o, &sw, &sh);
        char name[32];
        snprintf(name, sizeof name, "orient-%d.jpg", o);
        err = put_jpeg(outdir, name, stored, sw, sh, 95, o);
        g_free(stored);
    }
    g_free(display);
    return err;
}

static char *gen_fixtures(const char *outdir, const void *arg, Scratch *sc)
{
    char *err = NULL;
    char *reason = NULL;
    (void)arg;
    (void)sc;

    if ((err = gen_orient_fixtures(outdir)))
        return err;

    /* plain gradients, no EXIF */
    uint8_t *rgb = make_gradient(400, 300);
    err = put_jpeg(outdir, "landscape.jpg", rgb, 400, 300, 90, 0);
    g_free(rgb);
    if (err)
        return err;
    rgb = make_gradient(300, 400);
    err = put_jpeg(outdir, "portrait.jpg", rgb, 300, 400, 90, 0);
    g_free(rgb);
    if (err)
        return err;

    /* wrong extensions: a PNG named .jpg and a JPEG named .png */
    {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 150);
        cairo_t *cr = cairo_create(s);
        draw_small_picture(cr, 200, 150);
        cairo_destroy(cr);
        char *path = g_build_filename(outdir, "png-as-jpg.jpg", NULL);
        err = write_png(path, s);
        g_free(path);
        if (!err) {
            uint8_t *small = surface_to_rgb(s);
            err = put_jpeg(outdir, "jpg-as-png.png", small, 200, 150, 90, 0);
            g_free(small);
        }
        cairo_surface_destroy(s);
        if (err)
            return err;
    }

    /* PNG with an alpha channel */
    {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 150);
        cairo_t *cr = cairo_create(s);
        cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
        cairo_paint(cr);
        cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
        circle_fill(cr, 80, 75, 55, 0xE0301E, 0.6);
        rect_fill(cr, 110, 30, 70, 90, 0x1E50C8);
        rect_filla(cr, 20, 110, 160, 25, 0x20A040, 0.35);
        cairo_destroy(cr);
        char *path = g_build_filename(outdir, "alpha.png", NULL);
        err = write_png(path, s);
        g_free(path);
        cairo_surface_destroy(s);
        if (err)
            return err;
    }
    /* palette and 16-bit PNGs (maps, screenshots), which cairo's PNG writer
     * cannot produce (it writes 8-bit RGB / RGBA only): encoded by hand */
    for (size_t i = 0; i < G_N_ELEMENTS(png_variants); i++) {
        GByteArray *png = encode_png_variant(&png_variants[i], PNG_VARIANT_W, PNG_VARIANT_H);
        err = put_file(outdir, png_variants[i].name, png->data, png->len);
        g_byte_array_unref(png);
        if (err)
            return err;
    }

    /* truncated / corrupt JPEGs derived from a valid 400x300 JPEG */
    {
        uint8_t *tex = make_textured(400, 300, "truncated.jpg");
        GByteArray *jpg = encode_jpeg(tex, 400, 300, 90, 0, &reason);
        g_free(tex);
        if (!jpg) {
            char *path = g_build_filename(outdir, "truncated.jpg", NULL);
            err = path_error(path, reason);
            g_free(path);
            g_free(reason);
            return err;
        }
        err = put_file(outdir, "truncated.jpg", jpg->data, jpg->len * 40 / 100);
        /*
         * corrupt.jpg: 1000 bytes overwritten with a deterministic pattern.
         * The SOI and all header segments (APP0, DQT, SOF0, DHT, SOS) are
         * kept intact: a libjpeg header is ~620 bytes, so the damage starts
         * at the first entropy-coded byte when that lies beyond offset 200.
         * The pattern avoids 0xFF so it does not fabricate markers, and the
         * EOI at the end is kept.
         */
        long scan = -1;
        jpeg_find_marker(jpg->data, jpg->len, NULL, 0, &scan);
        size_t start = scan > 200 ? (size_t)scan : 200;
        if (!err && (scan < 0 || start + 1000 + 2 > jpg->len)) {
            char *path = g_build_filename(outdir, "corrupt.jpg", NULL);
            err = path_error(path, "internal error: source JPEG too small to corrupt");
            g_free(path);
        }
        if (!err) {
            Rng rng = rng_from_name("corrupt.jpg", 4);
            for (size_t i = start; i < start + 1000; i++) {
                uint8_t b = (uint8_t)(rng_next(&rng) >> 56);
                jpg->data[i] = b == 0xFF ? 0xA5 : b;
            }
            err = put_file(outdir, "corrupt.jpg", jpg->data, jpg->len);
        }
        g_byte_array_unref(jpg);
        if (err)
            return err;
    }

    if ((err = put_file(outdir, "empty.jpg", "", 0)))
        return err;

    /* huge-header.jpg: valid small JPEG whose SOF claims 60000 x 60000 */
    {
        rgb = make_gradient(64, 48);
        GByteArray *jpg = encode_jpeg(rgb, 64, 48, 90, 0, &reason);
        g_free(rgb);
        char *path = g_build_filename(outdir, "huge-header.jpg", NULL);
        if (!jpg) {
            err = path_error(path, reason);
            g_free(reason);
        } else {
            static const uint8_t sof[] = {0xC0, 0xC2};
            long at = jpeg_find_marker(jpg->data, jpg->len, sof, 2, NULL);
            if (at < 0 || (size_t)at + 9 > jpg->len) {
                err = path_error(path, "internal error: no SOF0/SOF2 segment found");
            } else {
                /* FF Cx Lh Ll P Yh Yl Xh Xl */
                jpg->data[at + 5] = 60000 >> 8;
                jpg->data[at + 6] = 60000 & 0xFF;
                jpg->data[at + 7] = 60000 >> 8;
                jpg->data[at + 8] = 60000 & 0xFF;
                err = write_file_atomic(path, jpg->data, jpg->len);
            }
            g_byte_array_unref(jpg);
        }
        g_free(path);
        if (err)
            return err;
    }

    if ((err = put_file(outdir, "not-image.jpg", "hello", 5)))
        return err;

    /* ISO-BMFF 'ftyp' box of a HEIC file */
    static const uint8_t heic[24] = {0x00, 0x00, 0x00, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c',
                                     0x00, 0x00, 0x00, 0x00, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
    if ((err = put_file(outdir, "fake.heic", heic, sizeof heic)))
        return err;

    /* RIFF/WEBP with a 'VP8 ' chunk holding a key-frame header for 1x1 */
    static const uint8_t webp[30] = {
        'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P',
        'V', 'P', '8', ' ', 10, 0, 0, 0,
        0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x01, 0x00, 0x01, 0x00};
    if ((err = put_file(outdir, "fake.webp", webp, sizeof webp)))
        return err;

    /* minimal valid 1x1 GIF89a (2-colour palette, one black pixel) */
    static const uint8_t gif[35] = {
        'G', 'I', 'F', '8', '9', 'a', 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00,
        0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
        0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0x02, 0x02, 0x44, 0x01, 0x00, 0x3B};
    if ((err = put_file(outdir, "fake.gif", gif, sizeof gif)))
        return err;

    /* truncated.png: first half of a valid 400x300 PNG */
    {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
        cairo_t *cr = cairo_create(s);
        draw_small_picture(cr, 400, 300);
        cairo_destroy(cr);
        GByteArray *png = encode_png(s, &reason);
        cairo_surface_destroy(s);
        if (!png) {
            char *path = g_build_filename(outdir, "truncated.png", NULL);
            err = path_error(path, reason);
            g_free(path);
            g_free(reason);
            return err;
        }
        err = put_file(outdir, "truncated.png", png->data, png->len / 2);
        g_byte_array_unref(png);
    }
    return err;
}

/* ------------------------------------------------------------------------ */
/* Job runner and main                                                       */
/* ------------------------------------------------------------------------ */

typedef char *(*JobFn)(const char *outdir, const void *arg, Scratch *sc);

typedef struct {
    JobFn fn;
    const void *arg;
    char *err;
} Job;

typedef struct {
    Job *jobs;
    int njobs;
    gint next;
    const char *outdir;
} JobQueue;

static gpointer job_worker(gpointer data)
{
    JobQueue *q = data;
    Scratch sc = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
    for (;;) {
        int i = g_atomic_int_add(&q->next, 1);
        if (i >= q->njobs)
            break;
        q->jobs[i].err = q->jobs[i].fn(q->outdir, q->jobs[i].arg, &sc);
    }
    scratch_free(&sc);
    return NULL;
}

/* Runs the jobs on up to 4 threads; output does not depend on scheduling
 * because every job owns its files and its PRNG state. */
static void run_jobs(Job *jobs, int njobs, const char *outdir)
{
    JobQueue q = {jobs, njobs, 0, outdir};
    int nthreads = (int)g_get_num_processors();
    if (nthreads > 4)
        nthreads = 4;
    if (nthreads > njobs)
        nthreads = njobs;
    if (nthreads <= 1) {
        job_worker(&q);
        return;
    }
    GThread *threads[4];
    for (int t = 0; t < nthreads; t++)
        threads[t] = g_thread_new("photogen", job_worker, &q);
    for (int t = 0; t < nthreads; t++)
        g_thread_join(threads[t]);
}

static int usage(void)
{
    fputs("usage: photogen SET OUTDIR\n"
          "  SET: sample017  photos and map of the Matsue study trip report\n"
          "       fixtures   small test images (orientation, broken files, ...)\n"
          "       bench      16 phone photos and a map for the benchmark corpus\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc != 3 || argv[2][0] == '\0')
        return usage();
    const char *set = argv[1], *outdir = argv[2];

    enum { MAX_JOBS = 32 };
    Job jobs[MAX_JOBS];
    int njobs = 0;
    if (strcmp(set, "sample017") == 0) {
        for (size_t i = 0; i < G_N_ELEMENTS(sample017_photos); i++)
            jobs[njobs++] = (Job){render_photo, &sample017_photos[i], NULL};
        jobs[njobs++] = (Job){render_map, NULL, NULL};
    } else if (strcmp(set, "bench") == 0) {
        for (size_t i = 0; i < G_N_ELEMENTS(bench_photos); i++)
            jobs[njobs++] = (Job){render_framed_photo, &bench_photos[i], NULL};
        jobs[njobs++] = (Job){render_map, "bench-map.png", NULL};
    } else if (strcmp(set, "fixtures") == 0) {
        jobs[njobs++] = (Job){gen_fixtures, NULL, NULL};
    } else {
        fprintf(stderr, "photogen: unknown SET '%s'\n", set);
        return usage();
    }

    if (g_mkdir_with_parents(outdir, 0755) != 0) {
        fprintf(stderr, "photogen: %s: %s\n", outdir, g_strerror(errno));
        return 1;
    }
    run_jobs(jobs, njobs, outdir);
    int status = 0;
    for (int i = 0; i < njobs; i++)
        if (jobs[i].err) {
            fprintf(stderr, "photogen: %s\n", jobs[i].err);
            g_free(jobs[i].err);
            status = 1;
        }
    return status;
}
