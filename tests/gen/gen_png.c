/* gen_png: pixels or a cairo image surface in, PNG bytes out, through
 * libpng (chunks, CRCs) and zlib (deflate); and the documented ways the
 * tests damage a good PNG afterwards. */
#include "gen_png.h"

#include "gen_file.h"

#include <png.h>
#include <setjmp.h>
#include <string.h>
#include <zlib.h>

G_DEFINE_QUARK(gen-png-error-quark, gen_png_error)

/*** Writing through libpng ***/

/* libpng's callbacks write here. */
typedef struct png_sink {
    GByteArray *out;   /* the PNG so far */
    char message[256]; /* libpng's first error or warning, "" if none */
} png_sink;

static void on_write(png_structp png, png_bytep data, size_t len)
{
    png_sink *sink = png_get_io_ptr(png);
    g_byte_array_append(sink->out, data, (guint)len);
}

static void on_flush(png_structp png)
{
    (void)png;
}

static void on_error(png_structp png, png_const_charp msg)
{
    png_sink *sink = png_get_error_ptr(png);
    g_strlcpy(sink->message, msg, sizeof sink->message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    png_sink *sink = png_get_error_ptr(png);
    if (sink->message[0] == '\0')
        g_strlcpy(sink->message, msg, sizeof sink->message);
}

/* The chunks before the image data: IHDR, PLTE, tRNS, gAMA, bKGD. */
static void info_set(png_structp png, png_infop info, const gen_png_image *img, const gen_png_options *opt)
{
    png_set_IHDR(png, info, (png_uint_32)img->width, (png_uint_32)img->height, img->depth, img->colour_type,
                 opt->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (img->palette && img->n_palette > 0) {
        png_color pal[PNG_MAX_PALETTE_LENGTH];
        int n = MIN(img->n_palette, PNG_MAX_PALETTE_LENGTH);
        for (int i = 0; i < n; i++) {
            pal[i].red = img->palette[3 * i];
            pal[i].green = img->palette[3 * i + 1];
            pal[i].blue = img->palette[3 * i + 2];
        }
        png_set_PLTE(png, info, pal, n);
    }
    if (img->palette_alpha && img->n_palette_alpha > 0) {
        png_set_tRNS(png, info, img->palette_alpha, img->n_palette_alpha, NULL);
    } else if (img->trns_colour) {
        png_color_16 c = { 0 };
        if (img->colour_type == PNG_COLOR_TYPE_GRAY) {
            c.gray = img->trns_colour[0];
        } else {
            c.red = img->trns_colour[0];
            c.green = img->trns_colour[1];
            c.blue = img->trns_colour[2];
        }
        png_set_tRNS(png, info, NULL, 0, &c);
    }
    if (opt->gamma)
        png_set_gAMA_fixed(png, info, (png_fixed_point)opt->gamma);
    if (opt->white_background) {
        png_color_16 white = { 0 };
        white.gray = (png_uint_16)((1u << img->depth) - 1);
        white.red = white.green = white.blue = white.gray;
        png_set_bKGD(png, info, &white);
    }
}

/* Writes the whole PNG; false after a libpng error (the message is in the
 * sink). Nothing that changes after setjmp is read after a longjmp. */
static bool png_run(png_structp png, png_infop info, png_sink *sink, const gen_png_image *img,
                    const gen_png_options *opt, png_bytep *rows)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_write_fn(png, sink, on_write, on_flush);
    info_set(png, info, img, opt);
    if (opt->idat_size)
        png_set_compression_buffer_size(png, opt->idat_size);
    png_write_info(png, info);
    if (opt->filter_cycle) {
        /* One filter per row. libpng keeps the previous row that Up,
         * Average and Paeth need only if one of them is allowed when the
         * first row is written: row 0 allows None and Up, which give the
         * same bytes there (the previous row is zeros), and libpng keeps
         * None on a tie. */
        static const int filters[5] = { PNG_FILTER_NONE, PNG_FILTER_SUB, PNG_FILTER_UP, PNG_FILTER_AVG,
                                        PNG_FILTER_PAETH };
        for (int y = 0; y < img->height; y++) {
            png_set_filter(png, PNG_FILTER_TYPE_BASE, y == 0 ? PNG_FILTER_NONE | PNG_FILTER_UP : filters[y % 5]);
            png_write_row(png, rows[y]);
        }
    } else {
        if (opt->interlace)
            png_set_interlace_handling(png);
        png_write_image(png, rows);
    }
    png_write_end(png, info);
    return true;
}

GByteArray *gen_png_encode(const gen_png_image *img, const gen_png_options *opt, GError **error)
{
    static const gen_png_options defaults = { 0 };
    if (!opt)
        opt = &defaults;
    g_return_val_if_fail(img && img->pixels && img->width > 0 && img->height > 0, NULL);
    g_return_val_if_fail(!(opt->filter_cycle && opt->interlace), NULL);

    png_sink sink = { .out = g_byte_array_new(), .message = "" };
    png_bytep *rows = g_new(png_bytep, (size_t)img->height);
    for (int y = 0; y < img->height; y++)
        rows[y] = (png_bytep)(uintptr_t)(img->pixels + (size_t)y * img->stride); /* libpng does not write to them */
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    bool ok = png && info && png_run(png, info, &sink, img, opt, rows) && sink.message[0] == '\0';
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    g_free(rows);
    if (!ok) {
        g_set_error(error, GEN_PNG_ERROR, 1, "PNG encoding failed: %s",
                    sink.message[0] ? sink.message : "libpng could not be set up");
        g_byte_array_unref(sink.out);
        return NULL;
    }
    return sink.out;
}

/*** cairo image surfaces ***/

/* Whether every pixel of the ARGB32 'data' is opaque. */
static bool surface_is_opaque(const uint8_t *data, int w, int h, int stride)
{
    for (int y = 0; y < h; y++) {
        const uint32_t *p = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++)
            if ((p[x] >> 24) != 0xFF)
                return false;
    }
    return true;
}

GByteArray *gen_png_encode_surface(cairo_surface_t *s, GError **error)
{
    cairo_format_t format = cairo_image_surface_get_format(s);
    g_return_val_if_fail(format == CAIRO_FORMAT_RGB24 || format == CAIRO_FORMAT_ARGB32, NULL);
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const uint8_t *data = cairo_image_surface_get_data(s);
    bool alpha = format == CAIRO_FORMAT_ARGB32 && !surface_is_opaque(data, w, h, stride);
    int channels = alpha ? 4 : 3;
    uint8_t *px = g_malloc((size_t)w * (size_t)h * (size_t)channels);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        uint8_t *o = px + (size_t)y * (size_t)w * (size_t)channels;
        for (int x = 0; x < w; x++, o += channels) {
            uint32_t p = src[x];
            unsigned a = p >> 24, r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            if (!alpha) {
                o[0] = (uint8_t)r, o[1] = (uint8_t)g, o[2] = (uint8_t)b;
            } else if (a == 0) {
                o[0] = o[1] = o[2] = o[3] = 0;
            } else { /* unpremultiplied, rounded as cairo does */
                o[0] = (uint8_t)((r * 255 + a / 2) / a);
                o[1] = (uint8_t)((g * 255 + a / 2) / a);
                o[2] = (uint8_t)((b * 255 + a / 2) / a);
                o[3] = (uint8_t)a;
            }
        }
    }
    gen_png_image img = { .width = w, .height = h, .depth = 8, .colour_type = alpha ? 6 : 2, .pixels = px,
                          .stride = (size_t)w * (size_t)channels };
    gen_png_options opt = { .white_background = true };
    GByteArray *png = gen_png_encode(&img, &opt, error);
    g_free(px);
    return png;
}

bool gen_png_put_surface(const char *dir, const char *name, cairo_surface_t *s, GError **error)
{
    char *path = g_build_filename(dir, name, NULL);
    GByteArray *png = gen_png_encode_surface(s, error);
    bool ok = png && gen_file_write(path, png->data, png->len, error);
    if (!png)
        g_prefix_error(error, "%s: ", path);
    else
        g_byte_array_unref(png);
    g_free(path);
    return ok;
}

/*** Damage ***/

static uint32_t be32_get(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void be32_append(GByteArray *a, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
    g_byte_array_append(a, b, 4);
}

/* The offset of the chunk after the one at 'off' in 'png', or 0 past the
 * end (a chunk is length, type, data, CRC). */
static size_t chunk_next(const GByteArray *png, size_t off)
{
    if (off + 12 > png->len)
        return 0;
    size_t next = off + 12 + be32_get(png->data + off);
    return next <= png->len ? next : 0;
}

bool gen_png_damage_crc(GByteArray *png, const char type[4])
{
    for (size_t off = 8; off && off + 12 <= png->len; off = chunk_next(png, off))
        if (memcmp(png->data + off + 4, type, 4) == 0) {
            size_t end = chunk_next(png, off);
            if (!end)
                return false;
            png->data[end - 1] ^= 0x55;
            return true;
        }
    return false;
}

bool gen_png_damage_cut_idat(GByteArray *png)
{
    size_t first = 0, after = 0; /* the run of IDAT chunks: [first, after) */
    GByteArray *z = g_byte_array_new();
    for (size_t off = 8; off && off + 12 <= png->len; off = chunk_next(png, off))
        if (memcmp(png->data + off + 4, "IDAT", 4) == 0) {
            if (!first)
                first = off;
            g_byte_array_append(z, png->data + off + 8, be32_get(png->data + off));
            after = chunk_next(png, off);
        }
    if (!first || !after) {
        g_byte_array_unref(z);
        return false;
    }
    GByteArray *out = g_byte_array_new();
    g_byte_array_append(out, png->data, (guint)first);
    guint half = z->len / 2;
    be32_append(out, half);
    g_byte_array_append(out, (const uint8_t *)"IDAT", 4);
    g_byte_array_append(out, z->data, half);
    uLong crc = crc32(crc32(0, (const Bytef *)"IDAT", 4), z->data, half);
    be32_append(out, (uint32_t)crc);
    g_byte_array_append(out, png->data + after, (guint)(png->len - after));
    g_byte_array_set_size(png, 0);
    g_byte_array_append(png, out->data, out->len);
    g_byte_array_unref(out);
    g_byte_array_unref(z);
    return true;
}
