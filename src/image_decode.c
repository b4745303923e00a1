/* image_decode: bytes in, pixels out: a PNG through cairo (libpng), a JPEG
 * through libjpeg-turbo at a reduced scale, in colour or as its luma in grey
 * (widened to R = G = B), as cairo surfaces carrying the image's unique id. */
#include "image_decode.h"

#include "image_embed.h"
#include "image_source.h"

#include <stdint.h>
#include <string.h>

#define MSG_PNG_UNDECODABLE "is a damaged PNG (its pixels cannot be decoded); save or copy the image again"

/* cairo reads the PNG from memory through this. */
typedef struct png_reader {
    const guint8 *p;
    size_t left;
} png_reader;

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int length)
{
    png_reader *r = closure;
    if (length > r->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p, length);
    r->p += length;
    r->left -= length;
    return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *image_decode_png(const guint8 *b, gsize n, const image_info *info, const char *uid, GError **err)
{
    png_reader pr = { b, (size_t)n };
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, &pr);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || cairo_image_surface_get_width(s) != info->width ||
        cairo_image_surface_get_height(s) != info->height) {
        /* Cairo reports any libpng error (a bad CRC, cut data) as
         * CAIRO_STATUS_NO_MEMORY, and the size is within the limits: damaged. */
        cairo_surface_destroy(s);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, MSG_PNG_UNDECODABLE);
        return NULL;
    }
    image_embed_set_id(s, uid);
    return s;
}

cairo_surface_t *image_decode_png_pixels(image_entry *e, GError **err)
{
    if (e->pixels)
        return e->pixels;
    if (!image_entry_reload(e, err))
        return NULL;
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(e->png, &len);
    cairo_surface_t *s = image_decode_png(data, len, &e->info, e->uid, err);
    if (!s)
        return NULL;
    e->pixels = s;
    g_bytes_unref(e->png);
    e->png = NULL;
    return s;
}

/* Widens the one-byte grey rows at the start of each row of an RGB24 'data'
 * (w × h, 'stride' bytes a row) to R = G = B pixels, in place: right to
 * left, each grey byte is read before its pixel's four bytes cover it. */
static void widen_grey_rows(guint8 *data, int w, int h, int stride)
{
    for (int y = 0; y < h; y++) {
        guint8 *row = data + (size_t)y * (size_t)stride;
        uint32_t *px = (uint32_t *)row;
        for (int x = w - 1; x >= 0; x--) {
            uint32_t v = row[x];
            px[x] = 0xFF000000u | v << 16 | v << 8 | v;
        }
    }
}

cairo_surface_t *image_decode_jpeg(image_cache *c, image_entry *e, tjscalingfactor want, bool grey, GError **err)
{
    cairo_surface_t **slot = grey ? &e->grey_pixels : &e->pixels;
    tjscalingfactor *scale = grey ? &e->grey_scale : &e->scale;
    if (*slot && (long long)scale->num * want.denom >= (long long)want.num * scale->denom)
        return *slot;
    int w = TJSCALED(e->info.width, want), h = TJSCALED(e->info.height, want);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, "is too large to decode (out of memory)");
        return NULL;
    }
    cairo_surface_flush(s);
    if (!image_entry_reload(e, err)) {
        cairo_surface_destroy(s);
        return NULL;
    }
    gsize len = 0;
    const unsigned char *data = g_bytes_get_data(e->jpeg, &len);
    tjhandle tj = tjInitDecompress();
    /* grey: one byte a pixel at the start of each row, widened below */
    int pf = grey ? TJPF_GRAY : G_BYTE_ORDER == G_LITTLE_ENDIAN ? TJPF_BGRX : TJPF_XRGB;
    guint8 *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    int rc = tj ? tjDecompress2(tj, data, (unsigned long)len, px, w, stride, h, pf, 0) : -1;
    c->last_scale = want;
    /* A warning (e.g. corrupt data in a scan) still leaves an image. */
    bool ok = rc == 0 || (tj && tjGetErrorCode(tj) == TJERR_WARNING);
    if (tj)
        tjDestroy(tj);
    if (!ok) {
        cairo_surface_destroy(s);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, IMAGE_MSG_JPEG_UNDECODABLE);
        return NULL;
    }
    if (grey)
        widen_grey_rows(px, w, h, stride);
    cairo_surface_mark_dirty(s);
    if (grey) {
        char *uid = g_strconcat(e->uid, "-grey", NULL);
        image_embed_set_id(s, uid);
        g_free(uid);
    } else {
        image_embed_set_id(s, e->uid);
    }
    if (*slot)
        cairo_surface_destroy(*slot);
    *slot = s;
    *scale = want;
    return s;
}

