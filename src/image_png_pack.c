/* image_png_pack: the bytes of a PNG the PDF cannot take as they are (alpha,
 * tRNS, Adam7) in, a PDF-ready description out: decoded (libdeflate and our
 * own unfiltering and de-interlacing), its colour and alpha deflated again
 * with libdeflate as PNG rows of filter type None. */
#include "image_png_pack.h"

#include "image_source.h"
#include "pdfsplice.h"

#include <libdeflate.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

/* libdeflate's levels for the new streams. Colour from 8-bit samples (not a
 * palette) is written with the Paeth filter, which makes a low level as small
 * as a high one on unfiltered rows (the sample's map as 8-bit RGBA: 116 KB at
 * level 4 against 117 KB unfiltered at 7, in three quarters of the time).
 * 16-bit colour and palette colours are written unfiltered at level 7: there
 * Paeth at 4 is 8-12 % larger (noise in the high bytes, flat palette areas)
 * and level 7 on unfiltered rows matches cairo's zlib at 6 (the map as 16-bit
 * RGBA: 166 KB against 167 KB; level 1 would make 252 KB). */
#ifndef PACK_LEVEL
#define PACK_LEVEL 7
#endif
#ifndef PACK_LEVEL_PAETH
#define PACK_LEVEL_PAETH 4
#endif
#ifndef PACK_LEVEL_ALPHA
#define PACK_LEVEL_ALPHA 5
#endif

/* The most bytes of inflated rows decoded here (a 50-megapixel 16-bit RGBA
 * PNG has 400 MB): larger ones are left to cairo, which needs less (one
 * 32-bit pixel each), as before. */
#define PACK_MAX_RAW ((size_t)256 << 20)

/* What image_png_pack is given and makes. */
typedef struct pack {
    uint32_t w, h;
    int ct, depth;
    const guint8 *plte; /* PLTE data, 'n_plte' entries */
    int n_plte;
    const guint8 *trns; /* tRNS data, 'n_trns' bytes */
    int n_trns;
    int colours;        /* of the output: 1 grey, 3 RGB */
    guint8 *colour;     /* h rows of 1 + w × colours bytes, filter type 0 */
    guint8 *alpha;      /* h rows of 1 + w bytes; NULL when the PNG has no alpha and no tRNS (Adam7) */
    bool opaque;
    guint8 (*lut)[256]; /* premultiply_round_trip of each alpha (row) and colour, made as alphas occur */
    bool lut_made[256];
    bool paeth;         /* colour rows written with the Paeth filter (type 4), else None */
    guint8 *scratch;    /* for 'paeth': a row of zeros and two colour rows as they were before filtering */
    guint8 (*pal)[4];   /* palette images: each index's colour (premultiplied as cairo's) and alpha */
} pack;

/* Gives the pixel (rgb, a), a below 255, the colour cairo would write for
 * it: premultiplied as cairo reads a PNG (cairo-png.c), divided again as its
 * PDF backend writes an image with alpha, 0 under alpha 0. The page then
 * shows exactly what it showed when cairo decoded the PNG. Through a table
 * of the 256 colours for each alpha met (a division each, once). */
static void premultiply_round_trip(pack *p, guint8 *rgb, int colours, unsigned a)
{
    if (!p->lut)
        p->lut = g_malloc(256 * 256);
    guint8 *t = p->lut[a];
    if (!p->lut_made[a]) {
        for (unsigned v = 0; v < 256; v++) {
            unsigned x = a * v + 0x80, m = (x + (x >> 8)) >> 8;
            t[v] = (guint8)(a ? (m * 255 + a / 2) / a : 0);
        }
        p->lut_made[a] = true;
    }
    for (int c = 0; c < colours; c++)
        rgb[c] = t[rgb[c]];
}

/* Sample x of a row of 'depth'-bit samples (1..16), as it is stored. */
static unsigned sample_at(const guint8 *r, size_t i, int depth)
{
    switch (depth) {
    case 16: return (unsigned)r[2 * i] << 8 | r[2 * i + 1];
    case 8: return r[i];
    default: {
        size_t bit = i * (size_t)depth;
        return (unsigned)(r[bit / 8] >> (8 - depth - bit % 8)) & ((1u << depth) - 1);
    }
    }
}

/* Sample i of a stored row at 8 bits, as libpng gives it to cairo:
 * the high byte of 16, small depths scaled up. */
static guint8 sample8(const guint8 *r, size_t i, int depth)
{
    switch (depth) {
    case 16: return r[2 * i];
    case 8: return r[i];
    default: return (guint8)(sample_at(r, i, depth) * (255u / ((1u << depth) - 1)));
    }
}

/* Converts one unfiltered row 'r' (not a palette's: convert_palette) into
 * output row y of p->colour and p->alpha. */
static void convert_row(pack *p, const guint8 *r, uint32_t y)
{
    uint32_t w = p->w;
    guint8 *c = p->colour + (size_t)y * (1 + (size_t)w * (size_t)p->colours);
    guint8 *a = p->alpha ? p->alpha + (size_t)y * (1 + w) + 1 : NULL;
    *c++ = 0;
    if (a)
        a[-1] = 0;
    int d = p->depth;
    for (uint32_t x = 0; x < w; x++) {
        unsigned al = 255;
        switch (p->ct) {
        case 0: { /* the tRNS test first: c may be r's own bytes (decode_rows) */
            if (p->n_trns >= 2 && sample_at(r, x, d) == ((unsigned)p->trns[0] << 8 | p->trns[1]))
                al = 0;
            c[x] = sample8(r, x, d);
            break;
        }
        case 2: {
            if (p->n_trns >= 6 && sample_at(r, 3 * (size_t)x, d) == ((unsigned)p->trns[0] << 8 | p->trns[1]) &&
                sample_at(r, 3 * (size_t)x + 1, d) == ((unsigned)p->trns[2] << 8 | p->trns[3]) &&
                sample_at(r, 3 * (size_t)x + 2, d) == ((unsigned)p->trns[4] << 8 | p->trns[5]))
                al = 0;
            guint8 *o = c + 3 * (size_t)x, v[3];
            for (int k = 0; k < 3; k++)
                v[k] = sample8(r, 3 * (size_t)x + k, d);
            memcpy(o, v, 3);
            break;
        }
        case 4:
            c[x] = sample8(r, 2 * (size_t)x, d);
            al = sample8(r, 2 * (size_t)x + 1, d);
            break;
        case 6: {
            guint8 *o = c + 3 * (size_t)x;
            for (int k = 0; k < 3; k++)
                o[k] = sample8(r, 4 * (size_t)x + k, d);
            al = sample8(r, 4 * (size_t)x + 3, d);
            break;
        }
        default: break;
        }
        if (a)
            a[x] = (guint8)al;
        if (al != 255) {
            p->opaque = false;
            premultiply_round_trip(p, c + (size_t)x * (size_t)p->colours, p->colours, al);
        }
    }
}

#if defined(__SSE2__)
static inline __m128i abs16(__m128i x)
{
    __m128i neg = _mm_cmplt_epi16(x, _mm_setzero_si128());
    return _mm_add_epi16(_mm_xor_si128(x, neg), _mm_srli_epi16(neg, 15));
}

static inline __m128i pick(__m128i cond, __m128i t, __m128i e)
{
    return _mm_or_si128(_mm_and_si128(cond, t), _mm_andnot_si128(cond, e));
}

static inline __attribute__((always_inline)) __m128i load_px(const guint8 *p, size_t bpp)
{
    __m128i v;
    if (bpp == 8) {
        v = _mm_loadl_epi64((const __m128i *)(const void *)p);
    } else {
        uint32_t u;
        memcpy(&u, p, 4);
        v = _mm_cvtsi32_si128((int)u);
    }
    return _mm_unpacklo_epi8(v, _mm_setzero_si128());
}

/* The Paeth filter of a row of 3-, 4- or 8-byte pixels, one pixel at a time
 * in 16-bit lanes (as libpng's SSE2 code does). 3-byte pixels are read as 4
 * bytes ('rb' then ends at least one byte before the row does) and written
 * as 3: a 4-byte store would hold back the next pixel's load (store
 * forwarding fails on the overlap). */
static inline __attribute__((always_inline)) void paeth_simd(guint8 *restrict r, const guint8 *restrict up,
                                                             size_t rb, size_t bpp)
{
    __m128i a = _mm_setzero_si128(), c = _mm_setzero_si128();
    for (size_t i = 0; i + bpp <= rb; i += bpp) {
        __m128i b = load_px(up + i, bpp), x = load_px(r + i, bpp);
        __m128i pa = _mm_sub_epi16(b, c), pb = _mm_sub_epi16(a, c), pc = _mm_add_epi16(pa, pb);
        pa = abs16(pa);
        pb = abs16(pb);
        pc = abs16(pc);
        __m128i least = _mm_min_epi16(pc, _mm_min_epi16(pa, pb));
        __m128i pred = pick(_mm_cmpeq_epi16(pa, least), a, pick(_mm_cmpeq_epi16(pb, least), b, c));
        __m128i out = _mm_and_si128(_mm_add_epi16(x, pred), _mm_set1_epi16(0xFF));
        __m128i packed = _mm_packus_epi16(out, out);
        if (bpp == 8) {
            _mm_storel_epi64((__m128i *)(void *)(r + i), packed);
        } else if (bpp == 3) {
            uint32_t u = (uint32_t)_mm_cvtsi128_si32(packed);
            memcpy(r + i, &u, 2);
            r[i + 2] = (guint8)(u >> 16);
        } else {
            uint32_t u = (uint32_t)_mm_cvtsi128_si32(packed);
            memcpy(r + i, &u, 4);
        }
        a = out;
        c = b;
    }
}

/* The Paeth predictor of 16 bytes in 16-bit lanes: a left, b above, c above left. */
static inline __m128i paeth_pred16(__m128i a, __m128i b, __m128i c)
{
    __m128i pa = _mm_sub_epi16(b, c), pb = _mm_sub_epi16(a, c), pc = _mm_add_epi16(pa, pb);
    pa = abs16(pa);
    pb = abs16(pb);
    pc = abs16(pc);
    __m128i least = _mm_min_epi16(pc, _mm_min_epi16(pa, pb));
    return pick(_mm_cmpeq_epi16(pa, least), a, pick(_mm_cmpeq_epi16(pb, least), b, c));
}
#endif

/* Undoes the PNG filter of row 'r' ('rb' bytes after its filter type byte
 * r[-1]) against the row above 'up' (NULL for the first). False for an
 * unknown filter type. Branch-free inner loops: this and the inflating are
 * most of the time of a large PNG. */
static bool unfilter(guint8 *restrict r, const guint8 *restrict up, size_t rb, size_t bpp)
{
    int type = r[-1];
    if (type > 4) /* before the cases below, which use 5 for themselves */
        return false;
    if (!up && type >= 2) /* the row above is zeros: Up is None, Average halves the left, Paeth is Sub */
        type = type == 2 ? 0 : type == 3 ? 5 : 1;
    switch (type) {
    case 0: return true;
    case 1:
        for (size_t i = bpp; i < rb; i++)
            r[i] = (guint8)(r[i] + r[i - bpp]);
        return true;
    case 2:
        for (size_t i = 0; i < rb; i++)
            r[i] = (guint8)(r[i] + up[i]);
        return true;
    case 3:
        for (size_t i = 0; i < bpp && i < rb; i++)
            r[i] = (guint8)(r[i] + (up[i] >> 1));
        for (size_t i = bpp; i < rb; i++)
            r[i] = (guint8)(r[i] + ((r[i - bpp] + up[i]) >> 1));
        return true;
    case 4:
#if defined(__SSE2__)
        if (bpp == 8 && rb % 8 == 0) {
            paeth_simd(r, up, rb, 8);
            return true;
        }
        if (bpp == 4 && rb % 4 == 0) {
            paeth_simd(r, up, rb, 4);
            return true;
        }
        if (bpp == 3 && rb % 3 == 0 && rb >= 6) { /* all but the last pixel, then that below */
            paeth_simd(r, up, rb - 1, 3);
            for (size_t i = rb - 3; i < rb; i++) {
                int a = r[i - 3], b = up[i], c = up[i - 3];
                int pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c);
                r[i] = (guint8)(r[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c));
            }
            return true;
        }
#endif
        for (size_t i = 0; i < bpp && i < rb; i++)
            r[i] = (guint8)(r[i] + up[i]);
        for (size_t i = bpp; i < rb; i++) {
            int a = r[i - bpp], b = up[i], c = up[i - bpp];
            int pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c);
            int pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            r[i] = (guint8)(r[i] + pred);
        }
        return true;
    case 5: /* Average over a row of zeros */
        for (size_t i = bpp; i < rb; i++)
            r[i] = (guint8)(r[i] + (r[i - bpp] >> 1));
        return true;
    default: return false;
    }
}

/* Splits w pixels of 'colours' + 1 samples of 'step' bytes (the high byte
 * kept) into colour and alpha; the AND of the alphas. Inlined with constant
 * shapes, so that each loop is specialised. */
static inline __attribute__((always_inline)) guint8 split_alpha(const guint8 *r, guint8 *c, guint8 *restrict a,
                                                                uint32_t w, int colours, int step)
{
    guint8 all = 255;
    size_t px = (size_t)(colours + 1) * (size_t)step;
    for (uint32_t x = 0; x < w; x++, r += px, c += colours) {
        for (int k = 0; k < colours; k++)
            c[k] = r[k * step];
        a[x] = r[colours * step];
        all &= a[x];
    }
    return all;
}

/* The common rows, without the general conversion's per-sample work:
 * 'ch' samples a pixel (2 grey + alpha, 4 RGBA, 3 RGB with no tRNS) of
 * 'depth' 8 or 16 bits, the high byte kept. */
static void convert_fast(pack *p, const guint8 *r, uint32_t y, int ch)
{
    uint32_t w = p->w;
    int colours = p->colours, step = p->depth / 8;
    guint8 *c = p->colour + (size_t)y * (1 + (size_t)w * (size_t)colours) + 1; /* may be r's own bytes */
    c[-1] = 0;
    if (ch == 3) {
        size_t px = 3 * (size_t)step;
        for (uint32_t x = 0; x < w; x++, r += px, c += 3) {
            c[0] = r[0];
            c[1] = r[step];
            c[2] = r[2 * step];
        }
        return;
    }
    guint8 *restrict a = p->alpha + (size_t)y * (1 + w) + 1;
    a[-1] = 0;
    guint8 all = colours == 3 ? (step == 1 ? split_alpha(r, c, a, w, 3, 1) : split_alpha(r, c, a, w, 3, 2))
                              : (step == 1 ? split_alpha(r, c, a, w, 1, 1) : split_alpha(r, c, a, w, 1, 2));
    c += (size_t)w * (size_t)colours;
    if (all != 255) {
        p->opaque = false;
        c -= (size_t)w * (size_t)colours;
        for (uint32_t x = 0; x < w; x++)
            if (a[x] != 255)
                premultiply_round_trip(p, c + (size_t)x * (size_t)colours, colours, a[x]);
    }
}

/* Writes the Paeth filter of the 'n' bytes of 'cur' (pixels of 'bpp' bytes)
 * against 'prev' (the row above, zeros for the first) to 'out'. Every byte
 * is predicted from bytes as they are, so 16 at a time. */
static void paeth_forward(guint8 *restrict out, const guint8 *restrict cur, const guint8 *restrict prev, size_t n,
                          size_t bpp)
{
    size_t i = 0;
    for (; i < bpp && i < n; i++) /* no left neighbour: Paeth predicts the byte above */
        out[i] = (guint8)(cur[i] - prev[i]);
#if defined(__SSE2__)
    __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(cur + i));
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(cur + i - bpp));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(prev + i));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(prev + i - bpp));
        __m128i lo = paeth_pred16(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero), _mm_unpacklo_epi8(c, zero));
        __m128i hi = paeth_pred16(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero), _mm_unpackhi_epi8(c, zero));
        __m128i pred = _mm_packus_epi16(lo, hi);
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_sub_epi8(x, pred));
    }
#endif
    for (; i < n; i++) {
        int a = cur[i - bpp], b = prev[i], c = prev[i - bpp];
        int pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c);
        out[i] = (guint8)(cur[i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c));
    }
}

/* Filters colour row y of p (converted, rows above it filtered already) with
 * Paeth, from the copy of row y - 1 as it was that p->scratch keeps. */
static void filter_colour_row(pack *p, uint32_t y)
{
    size_t n = (size_t)p->w * (size_t)p->colours;
    guint8 *row = p->colour + (size_t)y * (n + 1);
    guint8 *zeros = p->scratch, *cur = p->scratch + (y % 2 ? 2 * n : n), *prev = y == 0 ? zeros
                                                                          : p->scratch + (y % 2 ? n : 2 * n);
    memcpy(cur, row + 1, n);
    paeth_forward(row + 1, cur, prev, n, (size_t)p->colours);
    row[0] = 4;
}

/* Converts one unfiltered row 'r' of a palette image into output row y of
 * p->colour and p->alpha through p->pal. */
static void convert_palette(pack *p, const guint8 *r, uint32_t y)
{
    uint32_t w = p->w;
    guint8 *c = p->colour + (size_t)y * (1 + 3 * (size_t)w);
    *c++ = 0;
    if (!p->alpha) {
        for (uint32_t x = 0; x < w; x++, c += 3)
            memcpy(c, p->pal[p->depth == 8 ? r[x] : sample_at(r, x, p->depth)], 3);
        return;
    }
    guint8 *a = p->alpha + (size_t)y * (1 + (size_t)w);
    *a++ = 0;
    guint8 all = 255;
    for (uint32_t x = 0; x < w; x++, c += 3) {
        const guint8 *e = p->pal[p->depth == 8 ? r[x] : sample_at(r, x, p->depth)];
        memcpy(c, e, 3);
        a[x] = e[3];
        all &= e[3];
    }
    if (all != 255)
        p->opaque = false;
}

/* Makes p->pal: each index's colour, black past the palette as libpng gives
 * it, and its alpha from tRNS, the colour premultiplied and divided again as
 * convert_row would. */
static void palette_make(pack *p)
{
    p->pal = g_malloc0(256 * sizeof *p->pal);
    for (int i = 0; i < 256; i++) {
        if (i < p->n_plte)
            memcpy(p->pal[i], p->plte + 3 * i, 3);
        p->pal[i][3] = i < p->n_trns ? p->trns[i] : 255;
        if (p->pal[i][3] != 255)
            premultiply_round_trip(p, p->pal[i], 3, p->pal[i][3]);
    }
}

/* Converts stored row 'r' into output row y ('ch' samples a pixel), then
 * filters its colour if p->paeth. */
static void convert(pack *p, const guint8 *r, uint32_t y, int ch)
{
    if (p->ct == 3)
        convert_palette(p, r, y);
    else if (p->depth >= 8 && (p->ct == 4 || p->ct == 6 || (p->ct == 2 && p->n_trns == 0)))
        convert_fast(p, r, y, ch);
    else
        convert_row(p, r, y);
    if (p->paeth)
        filter_colour_row(p, y);
}

/* A buffer of n bytes for the decoded rows, freed with g_free (free). From
 * 2 MB on, its whole 2 MB spans asked to be huge pages where the kernel
 * offers them (MADV_HUGEPAGE, transparent huge pages "madvise" or "always"):
 * each 4 KB page of fresh memory first written costs a fault and a clearing,
 * about 0.5 ms a megabyte here, as much as inflating it, and a huge page a
 * quarter of that (8.6 MB: 4.6 ms in 4 KB pages, 1.2 ms in 2 MB ones). */
static guint8 *big_alloc(size_t n)
{
#if defined(MADV_HUGEPAGE)
    size_t huge = (size_t)2 << 20;
    if (n >= huge) {
        void *q = NULL;
        if (posix_memalign(&q, huge, n) != 0)
            return NULL;
        (void)madvise(q, n / huge * huge, MADV_HUGEPAGE); /* only a hint: without it, 4 KB pages */
        return q;
    }
#endif
    return g_try_malloc(n);
}

/* Inflates the zlib stream of the 'chunks' IDAT chunks from b[first]
 * ('bytes' of data together, put in one piece when there are several)
 * into exactly 'want' bytes of 'raw', its Adler-32 right; 'to_end': and
 * nothing after the stream. 1 yes, 0 no, -1 out of memory. */
static int idat_inflate_into(const guint8 *b, gsize first, int chunks, gint64 bytes, guint8 *raw, size_t want,
                             bool to_end)
{
    guint8 *in = NULL;
    const guint8 *z = b + first + 8;
    if (chunks > 1) { /* one zlib stream over the chunks: put together */
        if (!(in = g_try_malloc((gsize)bytes)))
            return -1;
        gsize at = 0, off = first;
        for (int k = 0; k < chunks; k++) {
            uint32_t len = image_be32(b + off);
            memcpy(in + at, b + off + 8, len);
            at += len;
            off += 12 + (gsize)len;
        }
        z = in;
    }
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    if (!d) {
        g_free(in);
        return -1;
    }
    size_t used = 0, got = 0;
    bool ok = libdeflate_zlib_decompress_ex(d, z, (size_t)bytes, raw, want, &used, &got) == LIBDEFLATE_SUCCESS &&
              got == want && (!to_end || used == (size_t)bytes);
    libdeflate_free_decompressor(d);
    g_free(in);
    return ok;
}

static bool idat_inflate(const guint8 *b, gsize first, int chunks, gint64 bytes, guint8 *raw, size_t want)
{
    return idat_inflate_into(b, first, chunks, bytes, raw, want, false) == 1;
}

/* Whether the zlib stream of the 'chunks' IDAT chunks from b[first]
 * ('bytes' of data together) inflates to exactly h rows of 'row' bytes,
 * each starting with a filter type 0..4, its Adler-32 right and nothing
 * after it: the check of a PNG passed through as it is, with libdeflate
 * (about three times zlib's speed) into one buffer of the rows, dropped.
 * -1 when the rows are more than 'max_raw' bytes (or memory runs out):
 * the caller checks them in pieces. */
int image_png_idat_check(const guint8 *b, gsize first, int chunks, gint64 bytes, guint64 row, uint32_t h,
                         size_t max_raw)
{
    guint64 want = row * h;
    if (want > max_raw || want > PACK_MAX_RAW)
        return -1;
    guint8 *raw = big_alloc((size_t)want);
    int ok = raw ? idat_inflate_into(b, first, chunks, bytes, raw, (size_t)want, true) : -1;
    for (guint64 at = 0; ok == 1 && at < want; at += row)
        ok = raw[at] <= 4;
    g_free(raw);
    return ok;
}

/* Inflates the zlib stream of the 'chunks' IDAT chunks from b[first] (a
 * non-interlaced image of h stored rows of 'rb' bytes after their filter
 * type, 'bpp' bytes a pixel) one row at a time with zlib into two rows of
 * memory, and gives each row, unfiltered, to 'each' (y in order). The
 * stream must end, its Adler-32 right, with the last row: nothing after it
 * in its chunk, nor in the chunks after it but empty ones. False (rows may
 * have been given) otherwise, or out of memory. */
static bool inflate_rows(const guint8 *b, gsize first, int chunks, uint32_t h, size_t rb, size_t bpp,
                         void (*each)(void *ctx, const guint8 *r, uint32_t y), void *ctx)
{
    guint8 *rows = g_try_malloc(2 * (rb + 1));
    z_stream z;
    memset(&z, 0, sizeof z);
    if (!rows || inflateInit(&z) != Z_OK) {
        g_free(rows);
        return false;
    }
    bool ok = true, end = false;
    uint32_t y = 0;
    size_t have = 0; /* bytes of row y inflated so far */
    gsize off = first;
    int c = 0;
    for (; ok && c < chunks && !end; c++) {
        uint32_t len = image_be32(b + off);
        z.next_in = (Bytef *)(b + off + 8);
        z.avail_in = len;
        while (ok && !end && z.avail_in > 0) {
            /* Into the rest of row y; once the rows are all there, into
             * one byte that must stay unused: the stream must end. */
            guint8 *row = rows + (y % 2) * (rb + 1);
            size_t room = y < h ? rb + 1 - have : 1;
            z.next_out = row + (y < h ? have : 0);
            z.avail_out = (uInt)room;
            int r = inflate(&z, Z_NO_FLUSH);
            end = r == Z_STREAM_END;
            if (y == h) {
                ok = z.avail_out == 1 && (r == Z_OK || end);
                continue;
            }
            have += room - z.avail_out;
            ok = r == Z_OK || end;
            if (ok && have == rb + 1) {
                const guint8 *up = y ? rows + ((y - 1) % 2) * (rb + 1) + 1 : NULL;
                ok = unfilter(row + 1, up, rb, bpp);
                if (ok)
                    each(ctx, row + 1, y);
                y++;
                have = 0;
            }
        }
        off += 12 + (gsize)len;
    }
    for (; ok && c < chunks; c++) {
        ok = image_be32(b + off) == 0;
        off += 12;
    }
    ok = ok && end && y == h && have == 0 && z.avail_in == 0;
    inflateEnd(&z);
    g_free(rows);
    return ok;
}

typedef struct pack_rows {
    pack *p;
    int ch;
} pack_rows;

static void pack_row(void *ctx, const guint8 *r, uint32_t y)
{
    const pack_rows *pr = ctx;
    convert(pr->p, r, y, pr->ch);
}

/* decode_rows() of 16-bit samples: their stored rows are twice (or more)
 * the size of the 8-bit colour rows made of them, so instead of inflating
 * them all at once with libdeflate (a 1200 × 900 RGBA map: 8.6 MB), zlib
 * inflates them one row at a time (inflate_rows), each converted as soon as
 * it is unfiltered. Half the memory at the peak of drawing such a map, for
 * about the same time: zlib's 5.8 ms against libdeflate's 1.8 ms plus the
 * page faults of the 8.6 MB it writes (1.2 to 4.6 ms). */
static bool decode_rows_streamed(pack *p, const guint8 *b, gsize first, int chunks, int ch, size_t rb, size_t bpp)
{
    size_t crow = 1 + (size_t)p->w * (size_t)p->colours;
    p->colour = big_alloc(crow * p->h);
    pack_rows pr = { p, ch };
    return p->colour && inflate_rows(b, first, chunks, p->h, rb, bpp, pack_row, &pr);
}

/* Decodes the non-interlaced PNG's IDAT data (the 'chunks' chunks from
 * b[first], 'bytes' of data together) row by row into p. */
static bool decode_rows(pack *p, const guint8 *b, gsize first, int chunks, gint64 bytes)
{
    int ch = p->ct == 0 || p->ct == 3 ? 1 : p->ct == 2 ? 3 : p->ct == 4 ? 2 : 4;
    size_t rb = ((size_t)p->w * (size_t)ch * (size_t)p->depth + 7) / 8, bpp = MAX(1, (size_t)ch * p->depth / 8);
    size_t want = (rb + 1) * p->h;
    if (want > PACK_MAX_RAW)
        return false;
    if (p->depth == 16)
        return decode_rows_streamed(p, b, first, chunks, ch, rb, bpp);
    /* Each colour row no longer than its stored row (8 or 16 bits, not a
     * palette): the colour rows are written over the stored ones, one row
     * behind (row y - 1 once row y is unfiltered against it), each byte at or
     * before the one it comes from. Otherwise a buffer of their own. */
    size_t crow = 1 + (size_t)p->w * (size_t)p->colours;
    bool in_place = p->depth >= 8 && p->ct != 3 && crow <= rb + 1;
    guint8 *raw = big_alloc(want);
    if (!raw)
        return false;
    p->colour = in_place ? raw : big_alloc(crow * p->h);
    if (!p->colour) {
        g_free(raw);
        return false;
    }
    bool ok = idat_inflate(b, first, chunks, bytes, raw, want);
    for (uint32_t y = 0; ok && y <= p->h; y++) {
        guint8 *r = raw + (size_t)y * (rb + 1) + 1;
        if (y < p->h)
            ok = unfilter(r, y ? r - rb - 1 : NULL, rb, bpp);
        if (ok && y > 0)
            convert(p, r - rb - 1, y - 1, ch);
    }
    if (!in_place)
        g_free(raw);
    return ok;
}

/* Puts the 'n' pixels of 'bpp' bytes of pass row 'r' at columns x0,
 * x0 + step, ... of 'row', with copies of constant size. */
static inline __attribute__((always_inline)) void place_px(guint8 *restrict row, const guint8 *restrict r, size_t n,
                                                           size_t x0, size_t step, size_t bpp)
{
    for (size_t x = 0; x < n; x++)
        memcpy(row + (x0 + x * step) * bpp, r + x * bpp, bpp);
}

static void place_row(guint8 *restrict row, const guint8 *restrict r, size_t n, size_t x0, size_t step, size_t bpp)
{
    switch (bpp) {
    case 1: place_px(row, r, n, x0, step, 1); break;
    case 2: place_px(row, r, n, x0, step, 2); break;
    case 3: place_px(row, r, n, x0, step, 3); break;
    case 4: place_px(row, r, n, x0, step, 4); break;
    case 6: place_px(row, r, n, x0, step, 6); break;
    case 8: place_px(row, r, n, x0, step, 8); break;
    default: place_px(row, r, n, x0, step, bpp); break;
    }
}

/* The seven passes of Adam7: first column and row, steps across and down. */
static const int adam7[7][4] = { { 0, 0, 8, 8 }, { 4, 0, 8, 8 }, { 0, 4, 4, 8 }, { 2, 0, 4, 4 },
                                 { 0, 2, 2, 4 }, { 1, 0, 2, 2 }, { 0, 1, 1, 2 } };

/* Decodes an Adam7 PNG: its passes inflated at once, each unfiltered and
 * its pixels put in place in a whole image of stored rows (each after one
 * unused byte, as decode_rows has them), which is then converted. */
static bool decode_adam7(pack *p, const guint8 *b, gsize first, int chunks, gint64 bytes)
{
    int ch = p->ct == 0 || p->ct == 3 ? 1 : p->ct == 2 ? 3 : p->ct == 4 ? 2 : 4;
    size_t bits = (size_t)ch * (size_t)p->depth, bpp = MAX(1, bits / 8);
    size_t rb = ((size_t)p->w * bits + 7) / 8, want = 0, pw[7], ph[7], prb[7];
    for (int k = 0; k < 7; k++) {
        pw[k] = p->w > (uint32_t)adam7[k][0] ? (p->w - adam7[k][0] + adam7[k][2] - 1) / adam7[k][2] : 0;
        ph[k] = p->h > (uint32_t)adam7[k][1] ? (p->h - adam7[k][1] + adam7[k][3] - 1) / adam7[k][3] : 0;
        prb[k] = (pw[k] * bits + 7) / 8;
        if (pw[k] && ph[k])
            want += ph[k] * (1 + prb[k]);
    }
    if (want > PACK_MAX_RAW || (rb + 1) * p->h > PACK_MAX_RAW)
        return false;
    /* Below 8 bits the passes' pixels are ORed into a cleared image. From 8
     * bits on every byte of it is written, and the colour rows go over it as
     * in decode_rows (each row in its own, from its start). */
    size_t crow = 1 + (size_t)p->w * (size_t)p->colours;
    bool in_place = p->depth >= 8 && p->ct != 3 && crow <= rb + 1;
    guint8 *raw = big_alloc(want), *img = big_alloc((rb + 1) * p->h);
    if (img && bits < 8)
        memset(img, 0, (rb + 1) * p->h);
    p->colour = in_place ? img : big_alloc(crow * p->h);
    bool ok = raw && img && p->colour && idat_inflate(b, first, chunks, bytes, raw, want);
    guint8 *at = raw;
    for (int k = 0; ok && k < 7; k++) {
        if (!pw[k] || !ph[k])
            continue;
        for (size_t y = 0; ok && y < ph[k]; y++) {
            guint8 *r = at + y * (1 + prb[k]) + 1;
            ok = unfilter(r, y ? r - prb[k] - 1 : NULL, prb[k], bpp);
            guint8 *row = img + (adam7[k][1] + y * adam7[k][3]) * (rb + 1) + 1;
            if (ok && bits >= 8) {
                place_row(row, r, pw[k], (size_t)adam7[k][0], (size_t)adam7[k][2], bpp);
                continue;
            }
            for (size_t x = 0; ok && x < pw[k]; x++) {
                size_t to = adam7[k][0] + x * adam7[k][2];
                {
                    size_t from_bit = x * bits, to_bit = to * bits;
                    unsigned v = (r[from_bit / 8] >> (8 - bits - from_bit % 8)) & ((1u << bits) - 1);
                    row[to_bit / 8] |= (guint8)(v << (8 - bits - to_bit % 8));
                }
            }
        }
        at += ph[k] * (1 + prb[k]);
    }
    for (uint32_t y = 0; ok && y < p->h; y++)
        convert(p, img + (size_t)y * (rb + 1) + 1, y, ch);
    if (!in_place)
        g_free(img);
    g_free(raw);
    return ok;
}

/* Deflates 'len' bytes of 'rows' into a new GBytes, or NULL. */
static GBytes *deflate_rows(struct libdeflate_compressor *z, const guint8 *rows, size_t len)
{
    size_t bound = libdeflate_zlib_compress_bound(z, len);
    guint8 *out = g_try_malloc(bound);
    if (!out)
        return NULL;
    size_t n = libdeflate_zlib_compress(z, rows, len, out, bound);
    if (n == 0) {
        g_free(out);
        return NULL;
    }
    return g_bytes_new_take(g_realloc(out, n), n);
}

bool image_png_pack(const guint8 *b, const image_png_layout *l, struct pdfsplice_image *g)
{
    const guint8 *ih = b + 16;
    pack p = { .w = image_be32(ih), .h = image_be32(ih + 4), .ct = ih[9], .depth = ih[8], .plte = l->plte,
               .n_plte = (int)(l->plte_len / 3), .trns = l->trns, .n_trns = (int)l->trns_len, .opaque = true };
    p.colours = p.ct == 0 || p.ct == 4 ? 1 : 3;
    size_t crow = 1 + (size_t)p.w * (size_t)p.colours, arow = 1 + (size_t)p.w;
    p.paeth = p.depth == 8 && p.ct != 3;
    if (p.ct == 3)
        palette_make(&p);
    if (p.paeth)
        p.scratch = g_try_malloc0(3 * (crow - 1));
    bool alpha = p.ct == 4 || p.ct == 6 || p.n_trns > 0;
    if (alpha) /* the colour rows: decode_rows and decode_adam7 make them */
        p.alpha = big_alloc(arow * p.h);
    bool ok = (!alpha || p.alpha) && (!p.paeth || p.scratch) &&
              (ih[12] ? decode_adam7(&p, b, l->first, l->chunks, l->bytes)
                      : decode_rows(&p, b, l->first, l->chunks, l->bytes));
    int level = p.paeth ? PACK_LEVEL_PAETH : PACK_LEVEL;
    int alevel = p.paeth ? PACK_LEVEL_ALPHA : PACK_LEVEL;
    struct libdeflate_compressor *z = ok ? libdeflate_alloc_compressor(level) : NULL;
    memset(g, 0, sizeof *g);
    if (z) {
        g->data = deflate_rows(z, p.colour, crow * p.h);
        if (g->data && !p.opaque) {
            struct libdeflate_compressor *za = alevel == level ? z : libdeflate_alloc_compressor(alevel);
            if (!za || !(g->smask = deflate_rows(za, p.alpha, arow * p.h)))
                g_clear_pointer(&g->data, g_bytes_unref);
            if (za && za != z)
                libdeflate_free_compressor(za);
        }
        libdeflate_free_compressor(z);
    }
    g_free(p.colour);
    g_free(p.alpha);
    g_free(p.lut);
    g_free(p.pal);
    g_free(p.scratch);
    if (!g->data)
        return false;
    g->width = (int)p.w;
    g->height = (int)p.h;
    g->colours = p.colours;
    g->bits = 8;
    return true;
}

/*** A PNG's rows as cairo holds them ***/

/* What image_png_rows() converts with. */
typedef struct argb_rows {
    uint32_t w;
    int ct, depth;
    const guint8 *trns;
    gsize n_trns;
    uint32_t pal[256];  /* palette images: each index's pixel */
    uint32_t *out;      /* one row */
    image_png_row_fn row;
    void *user;
} argb_rows;

/* cairo-png.c's multiply_alpha(). */
static inline unsigned mul_alpha(unsigned a, unsigned c)
{
    unsigned t = a * c + 0x80;
    return (t + (t >> 8)) >> 8;
}

/* A pixel as cairo-png.c's premultiply_data() (and, opaque, its
 * convert_bytes_to_data()) makes it. */
static inline uint32_t argb(unsigned r, unsigned g, unsigned b, unsigned a)
{
    if (a == 0)
        return 0;
    if (a != 255) {
        r = mul_alpha(a, r);
        g = mul_alpha(a, g);
        b = mul_alpha(a, b);
    }
    return (uint32_t)a << 24 | r << 16 | g << 8 | b;
}

/* argb_row() of the common rows: RGB without tRNS and RGBA, 8 or 16 bits
 * ('step' bytes a sample, the high byte first). True if it was one. */
static inline bool argb_row_fast(argb_rows *a, const guint8 *r)
{
    int step = a->depth / 8;
    if (a->ct == 2 && a->n_trns == 0 && (step == 1 || step == 2)) {
        size_t px = 3 * (size_t)step;
        for (uint32_t x = 0; x < a->w; x++, r += px)
            a->out[x] = 0xFF000000u | (uint32_t)r[0] << 16 | (uint32_t)r[step] << 8 | r[2 * step];
        return true;
    }
    if (a->ct == 6 && (step == 1 || step == 2)) {
        size_t px = 4 * (size_t)step;
        for (uint32_t x = 0; x < a->w; x++, r += px)
            a->out[x] = argb(r[0], r[step], r[2 * step], r[3 * step]);
        return true;
    }
    return false;
}

static void argb_row(void *ctx, const guint8 *r, uint32_t y)
{
    argb_rows *a = ctx;
    if (argb_row_fast(a, r)) {
        a->row(a->user, (int)y, (const guint8 *)a->out);
        return;
    }
    int d = a->depth;
    unsigned key = a->n_trns >= 2 ? (unsigned)a->trns[0] << 8 | a->trns[1] : 0x10000; /* grey's tRNS */
    for (uint32_t x = 0; x < a->w; x++) {
        uint32_t px = 0;
        switch (a->ct) {
        case 0: {
            unsigned v = sample8(r, x, d);
            px = argb(v, v, v, sample_at(r, x, d) == key ? 0 : 255);
            break;
        }
        case 2: {
            size_t i = 3 * (size_t)x;
            bool clear = a->n_trns >= 6 && sample_at(r, i, d) == ((unsigned)a->trns[0] << 8 | a->trns[1]) &&
                         sample_at(r, i + 1, d) == ((unsigned)a->trns[2] << 8 | a->trns[3]) &&
                         sample_at(r, i + 2, d) == ((unsigned)a->trns[4] << 8 | a->trns[5]);
            px = argb(sample8(r, i, d), sample8(r, i + 1, d), sample8(r, i + 2, d), clear ? 0 : 255);
            break;
        }
        case 3: px = a->pal[d == 8 ? r[x] : sample_at(r, x, d)]; break;
        case 4: {
            unsigned v = sample8(r, 2 * (size_t)x, d);
            px = argb(v, v, v, sample8(r, 2 * (size_t)x + 1, d));
            break;
        }
        case 6: {
            size_t i = 4 * (size_t)x;
            px = argb(sample8(r, i, d), sample8(r, i + 1, d), sample8(r, i + 2, d), sample8(r, i + 3, d));
            break;
        }
        default: break;
        }
        a->out[x] = px;
    }
    a->row(a->user, (int)y, (const guint8 *)a->out);
}

bool image_png_rows_argb(const guint8 *b, const image_png_layout *l)
{
    int ct = b[16 + 9];
    return ct == 4 || ct == 6 || l->trns != NULL;
}

bool image_png_rows(const guint8 *b, const image_png_layout *l, image_png_row_fn row, void *user)
{
    const guint8 *ih = b + 16;
    if (ih[12] != 0)
        return false; /* Adam7: not a row at a time */
    argb_rows a = { .w = image_be32(ih), .ct = ih[9], .depth = ih[8], .trns = l->trns, .n_trns = l->trns_len,
                    .row = row, .user = user };
    uint32_t h = image_be32(ih + 4);
    int ch = a.ct == 0 || a.ct == 3 ? 1 : a.ct == 2 ? 3 : a.ct == 4 ? 2 : 4;
    size_t rb = ((size_t)a.w * (size_t)ch * (size_t)a.depth + 7) / 8, bpp = MAX(1, (size_t)ch * a.depth / 8);
    if (a.ct == 3) /* black past the palette, as libpng reads an index past its end */
        for (int i = 0; i < 256; i++) {
            const guint8 *c = (gsize)i < l->plte_len / 3 ? l->plte + 3 * i : (const guint8 *)"\0\0\0";
            a.pal[i] = argb(c[0], c[1], c[2], (gsize)i < l->trns_len ? l->trns[i] : 255);
        }
    a.out = g_try_malloc((size_t)a.w * 4);
    bool ok = a.out && inflate_rows(b, l->first, l->chunks, h, rb, bpp, argb_row, &a);
    g_free(a.out);
    return ok;
}
