/* image_resample: an image and a target size in, a smaller or grey image
 * out: decoded at libjpeg-turbo's nearest scale, an exact integer box
 * filter, JPEGs re-encoded, PNG pixels reduced or in BT.601 grey. */
#include "image_resample.h"
#include "i18n.h"

#include "image_decode.h"
#include "image_embed.h"
#include "image_png_pack.h"
#include "image_strip.h"
#include "image_verify.h"
#include "image_source.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define DOWNSAMPLE_TOLERANCE 1.02 /* up to 2 % more pixels than needed pass through */
#define GREY_MIN_DPI 300          /* a grey JPEG keeps at least this resolution */

/*** Sizes ***/

/* The pixels needed for 'points' at 'dpi': ceil(points * dpi / 72), at
 * least 1. Kept in double (a huge rectangle needs more than an int); the
 * 1e-6 absorbs rounding in the caller's arithmetic (300 pt at 150 dpi is
 * 625 pixels, not 626). */
static double needed_pixels(double points, int dpi)
{
    return fmax(1, ceil(points * dpi / 72.0 - 1e-6));
}

/* Whether an image drawn at pw × ph points (displayed axes) has more pixels
 * than 'dpi' needs; then its target size, in stored orientation, never more
 * than it has on either axis. */
bool image_resample_target(const image_info *in, double pw, double ph, int dpi, int *tw, int *th)
{
    double nw = needed_pixels(pw, dpi), nh = needed_pixels(ph, dpi);
    if (in->display_w <= nw * DOWNSAMPLE_TOLERANCE && in->display_h <= nh * DOWNSAMPLE_TOLERANCE)
        return false;
    int dw = (int)fmin(nw, in->display_w), dh = (int)fmin(nh, in->display_h);
    bool swap = in->orientation >= 5 && in->orientation <= 8;
    *tw = swap ? dh : dw;
    *th = swap ? dw : dh;
    return true;
}

/* The smallest libjpeg-turbo scale (at most 1/1) whose pixels are at least
 * need_w × need_h. */
tjscalingfactor image_resample_scale(int w, int h, double need_w, double need_h)
{
    tjscalingfactor best = { 1, 1 };
    int n = 0;
    tjscalingfactor *sf = tjGetScalingFactors(&n);
    long long nw = (long long)ceil(need_w - 0.01), nh = (long long)ceil(need_h - 0.01);
    for (int i = 0; sf && i < n; i++) {
        if (sf[i].num > sf[i].denom || sf[i].num <= 0)
            continue;
        if (TJSCALED(w, sf[i]) < nw || TJSCALED(h, sf[i]) < nh)
            continue;
        if ((long long)sf[i].num * best.denom < (long long)best.num * sf[i].denom)
            best = sf[i];
    }
    return best;
}

/*** The box filter ***/

/* Box-filter weights along one axis from 'n' to 'm' pixels (m <= n):
 * output pixel x covers source pixels first[x] .. first[x] + count[x] - 1,
 * each with the weight of its overlap (source pixel i spans [i m, (i+1) m),
 * output pixel x spans [x n, (x+1) n): the weights of each output sum to n). */
typedef struct box_axis {
    int *first, *count;
    uint32_t *weight; /* count[x] entries from offset[x] */
    size_t *offset;
} box_axis;

static void box_axis_init(box_axis *a, int n, int m)
{
    a->first = g_new(int, m);
    a->count = g_new(int, m);
    a->offset = g_new(size_t, m);
    a->weight = g_new(uint32_t, (size_t)n + (size_t)m);
    size_t k = 0;
    for (int x = 0; x < m; x++) {
        long long lo = (long long)x * n, hi = (long long)(x + 1) * n;
        int i0 = (int)(lo / m), i1 = (int)((hi - 1) / m);
        a->first[x] = i0;
        a->count[x] = i1 - i0 + 1;
        a->offset[x] = k;
        for (int i = i0; i <= i1; i++) {
            long long s = MAX(lo, (long long)i * m), e = MIN(hi, (long long)(i + 1) * m);
            a->weight[k++] = (uint32_t)(e - s);
        }
    }
}

static void box_axis_clear(box_axis *a)
{
    g_free(a->first);
    g_free(a->count);
    g_free(a->offset);
    g_free(a->weight);
}

/* One row of column sums 'v' (sw * ch, each at most 255 sh) across:
 * out[x * ch + c] = the weighted sum of the columns output x covers. */
static void box_row(const uint32_t *v, const box_axis *ax, int dw, int ch, uint64_t *out)
{
    for (int x = 0; x < dw; x++) {
        const uint32_t *w = ax->weight + ax->offset[x];
        const uint32_t *p = v + (size_t)ax->first[x] * ch;
        int n = ax->count[x];
        uint64_t *o = out + (size_t)x * ch;
        if (ch == 3) {
            uint64_t s0 = 0, s1 = 0, s2 = 0;
            for (int i = 0; i < n; i++, p += 3) {
                uint64_t wi = w[i];
                s0 += wi * p[0];
                s1 += wi * p[1];
                s2 += wi * p[2];
            }
            o[0] = s0;
            o[1] = s1;
            o[2] = s2;
        } else if (ch == 4) {
            uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int i = 0; i < n; i++, p += 4) {
                uint64_t wi = w[i];
                s0 += wi * p[0];
                s1 += wi * p[1];
                s2 += wi * p[2];
                s3 += wi * p[3];
            }
            o[0] = s0;
            o[1] = s1;
            o[2] = s2;
            o[3] = s3;
        } else {
            for (int c = 0; c < ch; c++) {
                uint64_t sum = 0;
                for (int i = 0; i < n; i++)
                    sum += (uint64_t)w[i] * p[(size_t)i * ch + c];
                o[c] = sum;
            }
        }
    }
}

/* v[k] = w s[k], or v[k] += w s[k] when 'add': the rows of a column
 * summed down ('restrict': vector instructions may do it). GCC 12 at -O2
 * vectorizes only loops without a remainder loop: this one pays for its
 * own (the whole filter ×2 faster on the sample's photos). */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("vect-cost-model=dynamic")))
#endif
static void column_sum(uint32_t *restrict v, const guint8 *restrict s, uint32_t w, size_t n, bool add)
{
    if (add)
        for (size_t k = 0; k < n; k++)
            v[k] += w * s[k];
    else
        for (size_t k = 0; k < n; k++)
            v[k] = w * s[k];
}

/* The box filter fed one source row at a time, in order (a JPEG being
 * decoded): each output row is written to 'dst' as soon as its last source
 * row has come. A source row straddling two output rows counts in both:
 * two rows of column sums, never the source image. */
typedef struct box_stream {
    box_axis ax, ay;
    int dw, dh;
    size_t srow, row;     /* bytes of a source and of an output row */
    uint32_t *v[2];       /* column sums of output rows y and y + 1: max 255 sh */
    int cur;              /* v[cur] is row y's */
    int y;                /* the next output row */
    uint64_t *acc;        /* row y across: max 255 sw sh */
    int64_t total, half;
    double inv;
    guint8 *dst;
    size_t dstride;
} box_stream;

static void box_stream_init(box_stream *b, int sw, int sh, int ch, guint8 *dst, int dw, int dh, size_t dstride)
{
    box_axis_init(&b->ax, sw, dw);
    box_axis_init(&b->ay, sh, dh);
    b->dw = dw;
    b->dh = dh;
    b->srow = (size_t)sw * ch;
    b->row = (size_t)dw * ch;
    b->v[0] = g_new(uint32_t, b->srow);
    b->v[1] = g_new(uint32_t, b->srow);
    b->cur = 0;
    b->y = 0;
    b->acc = g_new(uint64_t, b->row);
    b->total = (int64_t)sw * sh;
    b->half = b->total / 2;
    b->inv = 1.0 / (double)b->total;
    b->dst = dst;
    b->dstride = dstride;
}

static void box_stream_clear(box_stream *b)
{
    g_free(b->acc);
    g_free(b->v[0]);
    g_free(b->v[1]);
    box_axis_clear(&b->ay);
    box_axis_clear(&b->ax);
}

/* Source row 'r' ('s': srow bytes), after rows 0 .. r - 1. */
static void box_stream_row(box_stream *b, int r, const guint8 *s, int ch)
{
    for (int k = 0; k < 2 && b->y + k < b->dh; k++) {
        int y = b->y + k, first = b->ay.first[y];
        if (r < first || r >= first + b->ay.count[y])
            continue;
        int j = r - first;
        column_sum(b->v[(b->cur + k) & 1], s, b->ay.weight[b->ay.offset[y] + (size_t)j], b->srow, j > 0);
    }
    if (b->y >= b->dh || r != b->ay.first[b->y] + b->ay.count[b->y] - 1)
        return;
    /* Row y is summed down: across, then (acc + total / 2) / total, rounded
     * to nearest, without a division: a near quotient from the reciprocal,
     * then made exact. */
    box_row(b->v[b->cur], &b->ax, b->dw, ch, b->acc);
    guint8 *d = b->dst + (size_t)b->y * b->dstride;
    for (size_t k = 0; k < b->row; k++) {
        int64_t n = (int64_t)(b->acc[k] + b->half);
        int64_t q = (int64_t)((double)n * b->inv);
        if (q * b->total > n)
            q--;
        else if ((q + 1) * b->total <= n)
            q++;
        d[k] = (guint8)q;
    }
    b->cur ^= 1;
    b->y++;
}

/* Reduces sw × sh pixels of 'ch' 8-bit channels to dw × dh (not larger) by
 * averaging the area each output pixel covers, in integers: exact and the
 * same on every machine. Premultiplied alpha averages correctly too. Each
 * output row: its source rows summed down (weighted), then across; the
 * memory beyond the two images: two rows of sums and one across. */
static void box_resample(const guint8 *src, int sw, int sh, size_t sstride, guint8 *dst, int dw, int dh,
                         size_t dstride, int ch)
{
    box_stream b;
    box_stream_init(&b, sw, sh, ch, dst, dw, dh, dstride);
    for (int r = 0; r < sh; r++)
        box_stream_row(&b, r, src + (size_t)r * sstride, ch);
    box_stream_clear(&b);
}

/*** Reduced JPEGs and PNGs ***/

static void free_tj(gpointer p)
{
    tjFree(p);
}

static cairo_surface_t *reduced_lookup(image_entry *e, const char *uid)
{
    return e->reduced ? g_hash_table_lookup(e->reduced, uid) : NULL;
}

/* Keeps 's' (owned) under 'uid' (taken); 'count' it as downsampled. */
static void reduced_keep(image_cache *c, image_entry *e, char *uid, cairo_surface_t *s, bool count)
{
    if (!e->reduced)
        e->reduced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)cairo_surface_destroy);
    image_embed_set_id(s, uid);
    g_hash_table_insert(e->reduced, uid, s);
    if (count)
        c->downsampled++;
}

char *image_resample_jpeg_uid_of(const char *uid, int tw, int th, int quality, bool grey)
{
    return g_strdup_printf("%s-%dx%d-q%d%s", uid, tw, th, quality, grey ? "-grey" : "");
}

char *image_resample_jpeg_uid(const image_entry *e, int tw, int th, int quality, bool grey)
{
    return image_resample_jpeg_uid_of(e->uid, tw, th, quality, grey);
}

char *image_resample_png_uid(const image_entry *e, int tw, int th, bool grey)
{
    return g_strdup_printf("%s-%dx%d%s", e->uid, tw, th, grey ? "-grey" : "");
}

static cairo_surface_t *oom(GError **err)
{
    g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, _("cannot be downsampled (out of memory)"));
    return NULL;
}

/* The pixels 'out' (tw × th, 'ch' channels: grey when 1; taken) encoded at
 * 'quality', with the ICC profile of the JPEG data[0, len) when the
 * channels are its own ('src_grey': the JPEG is grey). */
static GBytes *encode_reduced(guint8 *out, int tw, int th, int ch, bool src_grey, const guint8 *data, gsize len,
                              const GByteArray *icc, int quality, int *ow, int *oh, GError **err)
{
    bool grey = ch == 1;
    int pf = grey ? TJPF_GRAY : TJPF_RGB;
    unsigned char *jpeg = NULL;
    unsigned long jlen = 0;
    tjhandle tc = tjInitCompress();
    int rc = tc ? tjCompress2(tc, out, tw, tw * ch, th, pf, &jpeg, &jlen, grey ? TJSAMP_GRAY : TJSAMP_420, quality, 0)
                : -1;
    if (tc)
        tjDestroy(tc);
    g_free(out);
    if (rc != 0) {
        tjFree(jpeg);
        oom(err);
        return NULL;
    }
    GBytes *bytes = g_bytes_new_with_free_func(jpeg, jlen, free_tj, jpeg);
    if (grey == src_grey) /* the same channels: the photo's ICC profile still describes them */
        bytes = icc ? image_strip_put_icc(bytes, icc->data, icc->len) : image_strip_with_icc(bytes, data, len);
    if (ow)
        *ow = tw;
    if (oh)
        *oh = th;
    return bytes;
}

/* The decoded pixels 'px' (sw × sh, 'ch' channels; taken) box-filtered to
 * tw × th (at most sw × sh) and encoded (encode_reduced). */
static GBytes *reduce_encode(guint8 *px, int sw, int sh, int ch, bool src_grey, const guint8 *data, gsize len,
                             int tw, int th, int quality, int *ow, int *oh, GError **err)
{
    /* pick_scale never goes below the target, but a libjpeg-turbo size could
     * round differently: never upscale. */
    tw = MIN(tw, sw);
    th = MIN(th, sh);
    guint8 *out = px; /* decoded at the size wanted: the filter would copy */
    if (tw != sw || th != sh) {
        out = g_try_malloc((size_t)tw * th * ch);
        if (!out) {
            g_free(px);
            oom(err);
            return NULL;
        }
        box_resample(px, sw, sh, (size_t)sw * ch, out, tw, th, (size_t)tw * ch, ch);
        g_free(px);
    }
    return encode_reduced(out, tw, th, ch, src_grey, data, len, NULL, quality, ow, oh, err);
}

GBytes *image_resample_jpeg_bytes(const guint8 *data, gsize len, const image_info *in, int tw, int th, bool to_grey,
                                  int quality, tjscalingfactor *scale, int *ow, int *oh, GError **err)
{
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, subsamp = -1, cs = 0;
    if (!tj || tjDecompressHeader3(tj, data, (unsigned long)len, &w, &h, &subsamp, &cs) != 0) {
        if (tj)
            tjDestroy(tj);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, IMAGE_MSG_JPEG_UNDECODABLE);
        return NULL;
    }
    bool grey = subsamp == TJSAMP_GRAY || to_grey;
    int pf = grey ? TJPF_GRAY : TJPF_RGB, ch = tjPixelSize[pf];
    tjscalingfactor sf = image_resample_scale(in->width, in->height, tw, th);
    int sw = TJSCALED(in->width, sf), sh = TJSCALED(in->height, sf);
    guint8 *px = g_try_malloc((size_t)sw * sh * ch);
    if (!px) {
        tjDestroy(tj);
        oom(err);
        return NULL;
    }
    int rc = tjDecompress2(tj, data, (unsigned long)len, px, sw, sw * ch, sh, pf, 0);
    bool ok = rc == 0 || tjGetErrorCode(tj) == TJERR_WARNING; /* as for previews */
    tjDestroy(tj);
    if (scale)
        *scale = sf;
    if (!ok) {
        g_free(px);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, IMAGE_MSG_JPEG_UNDECODABLE);
        return NULL;
    }
    return reduce_encode(px, sw, sh, ch, subsamp == TJSAMP_GRAY, data, len, tw, th, quality, ow, oh, err);
}

/* The sink of the checked decode: each row box-filtered as it comes
 * (or kept, at the size wanted), into 'out'. */
typedef struct reduce_sink {
    int tw, th, ch;
    bool src_grey, boxing, began;
    guint8 *out;
    box_stream b;
} reduce_sink;

static bool reduce_begin(void *user, int w, int h, int channels, bool src_grey)
{
    reduce_sink *r = user;
    r->tw = MIN(r->tw, w); /* never upscaled, as reduce_encode */
    r->th = MIN(r->th, h);
    r->ch = channels;
    r->src_grey = src_grey;
    r->out = g_try_malloc((size_t)r->tw * r->th * channels);
    if (!r->out)
        return false;
    r->boxing = r->tw != w || r->th != h;
    if (r->boxing)
        box_stream_init(&r->b, w, h, channels, r->out, r->tw, r->th, (size_t)r->tw * channels);
    r->began = true;
    return true;
}

static void reduce_row(void *user, int y, const guint8 *px)
{
    reduce_sink *r = user;
    if (r->boxing)
        box_stream_row(&r->b, y, px, r->ch);
    else
        memcpy(r->out + (size_t)y * r->tw * r->ch, px, (size_t)r->tw * r->ch);
}

/* The checked decode of 'src' into the reduced image, encoded; see
 * image_resample_jpeg_bytes_checked (memory) and _fd_checked (a file).
 * '*unread': -1 or -2 from the decode (CMYK, or the file not read). */
static GBytes *checked(image_verify_input *src, const image_info *in, int tw, int th, bool to_grey, int quality,
                       bool *damaged, int *unread, GError **err)
{
    *damaged = false;
    *unread = 0;
    tjscalingfactor sf = image_resample_scale(in->width, in->height, tw, th);
    reduce_sink r = { .tw = tw, .th = th };
    image_verify_sink sink = { reduce_begin, reduce_row, &r };
    GError *e = NULL;
    int rc = image_verify_jpeg_decode_input(src, sf.num, sf.denom, to_grey, &sink, &e);
    if (r.began && r.boxing)
        box_stream_clear(&r.b);
    if (rc < 0) {
        g_free(r.out);
        *unread = rc;
        return NULL;
    }
    if (rc == 0) {
        g_free(r.out);
        *damaged = e->code == IMAGE_ERROR_DAMAGED;
        g_propagate_error(err, e);
        return NULL;
    }
    return encode_reduced(r.out, r.tw, r.th, r.ch, r.src_grey, src->data, (gsize)src->len, src->icc, quality, NULL,
                          NULL, err);
}

GBytes *image_resample_jpeg_bytes_checked(const guint8 *data, gsize len, const image_info *in, int tw, int th,
                                          bool to_grey, int quality, bool *damaged, GError **err)
{
    image_verify_input src = { .data = data, .fd = -1, .len = (goffset)len };
    int unread = 0;
    GBytes *b = checked(&src, in, tw, th, to_grey, quality, damaged, &unread, err);
    if (unread == -1) { /* CMYK or YCCK: checked, then decoded as image_resample_jpeg_bytes does */
        if (!image_verify_jpeg_bytes(data, len, err)) {
            *damaged = true;
            return NULL;
        }
        return image_resample_jpeg_bytes(data, len, in, tw, th, to_grey, quality, NULL, NULL, NULL, err);
    }
    return b;
}

GBytes *image_resample_jpeg_fd_checked(int fd, goffset len, const image_info *in, int tw, int th, bool to_grey,
                                       int quality, bool *damaged, bool *unread, GError **err)
{
    GByteArray *icc = g_byte_array_new();
    image_verify_input src = { .fd = fd, .len = len, .icc = icc, .width = in->width, .height = in->height };
    int not_read = 0;
    GBytes *b = checked(&src, in, tw, th, to_grey, quality, damaged, &not_read, err);
    g_byte_array_unref(icc);
    *unread = not_read != 0;
    return b;
}

/* The JPEG reduced (image_resample_jpeg_bytes) as a 1×1 surface carrying
 * the new bytes (like the original's), kept in 'e'. The decoded pixels live
 * only while this runs. 'count': downsampling asked for it. */
static cairo_surface_t *jpeg_reduced(image_cache *c, image_entry *e, int tw, int th, bool to_grey, bool count,
                                     GError **err)
{
    char *uid = image_resample_jpeg_uid(e, tw, th, c->quality, to_grey);
    cairo_surface_t *s = reduced_lookup(e, uid);
    if (s) {
        g_free(uid);
        return s;
    }
    if (!image_entry_reload(e, err)) {
        g_free(uid);
        return NULL;
    }
    gsize len = 0;
    const unsigned char *data = g_bytes_get_data(e->jpeg, &len);
    tjscalingfactor sf = { 0, 0 };
    GBytes *bytes = image_resample_jpeg_bytes(data, len, &e->info, tw, th, to_grey, c->quality, &sf, NULL, NULL, err);
    if (sf.denom)
        c->last_scale = sf;
    if (!bytes) {
        g_free(uid);
        return NULL;
    }
    gsize jlen = g_bytes_get_size(bytes);
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    /* on failure cairo does not take the bytes */
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
        cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, g_bytes_get_data(bytes, NULL), jlen,
                                    (cairo_destroy_func_t)g_bytes_unref, bytes) != CAIRO_STATUS_SUCCESS) {
        g_bytes_unref(bytes);
        cairo_surface_destroy(s);
        g_free(uid);
        return oom(err);
    }
    reduced_keep(c, e, uid, s, count);
    return s;
}

cairo_surface_t *image_resample_jpeg(image_cache *c, image_entry *e, int tw, int th, GError **err)
{
    return jpeg_reduced(c, e, tw, th, false, true, err);
}

/* Grey: at the size asked ('reduce'), or at a scale that keeps GREY_MIN_DPI. */
cairo_surface_t *image_resample_jpeg_grey(image_cache *c, image_entry *e, bool reduce, int tw, int th, double pw,
                                          double ph, GError **err)
{
    const image_info *in = &e->info;
    if (!reduce) {
        if (e->subsamp == TJSAMP_GRAY)
            return image_embed_jpeg(c, e, err);
        int dpi = MAX(GREY_MIN_DPI, c->dpi);
        double nw = needed_pixels(pw, dpi), nh = needed_pixels(ph, dpi);
        bool swap = in->orientation >= 5 && in->orientation <= 8;
        tjscalingfactor sf = image_resample_scale(in->width, in->height, swap ? nh : nw, swap ? nw : nh);
        tw = TJSCALED(in->width, sf);
        th = TJSCALED(in->height, sf);
    }
    return jpeg_reduced(c, e, tw, th, true, reduce, err);
}

/* BT.601 luma in integers: the weights 0.299, 0.587, 0.114 in 1/65536
 * (19595 + 38470 + 7471 = 65536), rounded. Never more than the largest of
 * r, g, b, so a premultiplied pixel stays valid. */
static inline uint32_t luma(uint32_t r, uint32_t g, uint32_t b)
{
    return (19595u * r + 38470u * g + 7471u * b + 32768u) >> 16;
}

/* The pixels of the 32-bit image surface 's' in BT.601 grey, alpha kept. */
static void grey_pixels(cairo_surface_t *s)
{
    bool argb = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
    guint8 *d = cairo_image_surface_get_data(s);
    size_t dstride = (size_t)cairo_image_surface_get_stride(s);
    int tw = cairo_image_surface_get_width(s), th = cairo_image_surface_get_height(s);
    for (int y = 0; y < th; y++) {
        uint32_t *p = (uint32_t *)(void *)(d + (size_t)y * dstride);
        for (int x = 0; x < tw; x++) {
            uint32_t v = p[x];
            uint32_t a = argb ? v >> 24 : 0xFFu;
            uint32_t l = luma(v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF);
            p[x] = a << 24 | l << 16 | l << 8 | l;
        }
    }
}

cairo_surface_t *image_resample_png_pixels(cairo_surface_t *src, int tw, int th, bool grey, GError **err)
{
    cairo_format_t f = cairo_image_surface_get_format(src);
    if (f != CAIRO_FORMAT_ARGB32 && f != CAIRO_FORMAT_RGB24)
        return cairo_surface_reference(src);
    cairo_surface_t *s = cairo_image_surface_create(f, tw, th);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return oom(err);
    }
    cairo_surface_flush(src);
    cairo_surface_flush(s);
    const guint8 *sd = cairo_image_surface_get_data(src);
    guint8 *d = cairo_image_surface_get_data(s);
    int sw = cairo_image_surface_get_width(src), sh = cairo_image_surface_get_height(src);
    size_t sstride = (size_t)cairo_image_surface_get_stride(src), dstride = (size_t)cairo_image_surface_get_stride(s);
    if (tw != sw || th != sh)
        box_resample(sd, sw, sh, sstride, d, tw, th, dstride, 4);
    else
        for (int y = 0; y < th; y++)
            memcpy(d + (size_t)y * dstride, sd + (size_t)y * sstride, (size_t)tw * 4);
    if (grey)
        grey_pixels(s);
    cairo_surface_mark_dirty(s);
    return s;
}

/* The sink of image_png_rows() for image_resample_png_bytes(). */
typedef struct png_reduce {
    guint8 *d;
    size_t dstride;
    int tw;
    bool boxing;
    box_stream b;
} png_reduce;

static void png_reduce_row(void *user, int y, const guint8 *px)
{
    png_reduce *r = user;
    if (r->boxing)
        box_stream_row(&r->b, y, px, 4);
    else
        memcpy(r->d + (size_t)y * r->dstride, px, (size_t)r->tw * 4);
}

cairo_surface_t *image_resample_png_bytes(const guint8 *b, gsize n, int tw, int th, bool grey)
{
    image_png_layout l;
    if (n < 33 || !image_embed_png_layout(b, n, &l) || b[16 + 12] != 0)
        return NULL;
    int sw = (int)image_be32(b + 16), sh = (int)image_be32(b + 20);
    tw = MIN(tw, sw);
    th = MIN(th, sh);
    cairo_surface_t *s =
        cairo_image_surface_create(image_png_rows_argb(b, &l) ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, tw, th);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_surface_flush(s);
    png_reduce r = { .d = cairo_image_surface_get_data(s), .dstride = (size_t)cairo_image_surface_get_stride(s),
                     .tw = tw, .boxing = tw != sw || th != sh };
    if (r.boxing)
        box_stream_init(&r.b, sw, sh, 4, r.d, tw, th, r.dstride);
    bool ok = image_png_rows(b, &l, png_reduce_row, &r);
    if (r.boxing)
        box_stream_clear(&r.b);
    if (!ok) {
        cairo_surface_destroy(s);
        return NULL;
    }
    if (grey)
        grey_pixels(s);
    cairo_surface_mark_dirty(s);
    return s;
}

/* The PNG 'e' at tw × th (in grey when 'grey'), kept in 'e' under its
 * variant's id; formats other than cairo's 32-bit ones as they are.
 * 'count': downsampling asked for it. */
static cairo_surface_t *png_variant(image_cache *c, image_entry *e, int tw, int th, bool grey, bool count,
                                    GError **err)
{
    cairo_surface_t *src = image_decode_png_pixels(e, err);
    if (!src)
        return NULL;
    cairo_format_t f = cairo_image_surface_get_format(src);
    if (f != CAIRO_FORMAT_ARGB32 && f != CAIRO_FORMAT_RGB24)
        return src;
    char *uid = image_resample_png_uid(e, tw, th, grey);
    cairo_surface_t *s = reduced_lookup(e, uid);
    if (s) {
        g_free(uid);
        return s;
    }
    s = image_resample_png_pixels(src, tw, th, grey, err);
    if (!s) {
        g_free(uid);
        return NULL;
    }
    reduced_keep(c, e, uid, s, count);
    return s;
}

cairo_surface_t *image_resample_png(image_cache *c, image_entry *e, int tw, int th, GError **err)
{
    return png_variant(c, e, tw, th, false, true, err);
}

/*** Grey PNGs (a grey JPEG: image_resample_jpeg_grey) ***/

cairo_surface_t *image_resample_png_grey(image_cache *c, image_entry *e, int tw, int th, bool count, GError **err)
{
    return png_variant(c, e, tw, th, true, count, err);
}
