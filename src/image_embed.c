/* image_embed: images into the PDF undecoded: unique ids, a JPEG's bytes
 * (its metadata stripped unless kept) as cairo mime data, and for a PNG whose chunks, CRCs and zlib stream check
 * out, a placeholder surface plus its description for the PDF splice (its IDAT data as it is, or packed
 * again by image_png_pack when it has alpha, tRNS or Adam7). */
#include "image_embed.h"
#include "i18n.h"

#include "image_memo.h"
#include "image_png_pack.h"
#include "image_source.h"
#include "image_strip.h"
#include "image_verify_pool.h"
#include "pdfsplice.h"

#include <libdeflate.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

/* The placeholder of the k-th image spliced (a PNG passed through, a
 * JPEG): PLACEHOLDER_W × (PLACEHOLDER_H + k) pixels of PLACEHOLDER_RGB (see
 * image_cache.h). 7919 is the 1000th prime: no photo or map has that shape.
 * One pixel wide: cairo deflates each placeholder it writes (3 wide, eight
 * of them took 2.5 ms; 1 wide, 0.8 ms). */
#define PLACEHOLDER_W 1
#define PLACEHOLDER_H 7919
#define PLACEHOLDER_RGB 0xFF00FFu

void image_embed_set_id(cairo_surface_t *s, const char *uid)
{
    char *copy = g_strdup(uid);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (const unsigned char *)copy, strlen(copy), g_free,
                                copy);
}

static void splice_clear(gpointer p)
{
    pdfsplice_image *g = p;
    g_free(g->path);
    if (g->data)
        g_bytes_unref(g->data);
    if (g->smask)
        g_bytes_unref(g->smask);
    if (g->head)
        g_bytes_unref(g->head);
    if (g->tail)
        g_bytes_unref(g->tail);
}

void image_embed_png_free(pdfsplice_image *g)
{
    if (!g)
        return;
    if (g->data)
        g_bytes_unref(g->data);
    if (g->smask)
        g_bytes_unref(g->smask);
    g_free(g);
}

GArray *image_embed_splices_new(void)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(pdfsplice_image));
    g_array_set_clear_func(a, splice_clear);
    return a;
}

/*** PNG passthrough: the checks ***/

#define INFLATE_PIECE (64 * 1024) /* scratch output when checking a PNG's zlib stream */
/* Rows up to this many bytes are checked at once with libdeflate (a
 * 1200 × 900 RGB map: 3.2 MB), larger ones in 64 KB pieces with zlib, so that
 * a large PNG costs no more memory than its bytes. */
#define CHECK_MAX_RAW ((size_t)16 << 20)

/* Whether the zlib stream in the 'chunks' IDAT chunks from b[first] (their
 * structure and CRCs checked) inflates to exactly h rows of 'row' bytes
 * (the filter type byte included), each starting with a filter type 0..4, ends
 * there with its Adler-32 right, and nothing follows it: what libpng checks.
 * The output goes to a 64 KB scratch buffer and is dropped. */
static bool idat_inflates(const guint8 *b, gsize first, int chunks, guint64 row, uint32_t h)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return false;
    guint8 *out = g_malloc(INFLATE_PIECE);
    guint64 want = row * h, got = 0;
    bool ok = true, end = false;
    gsize off = first;
    /* One round of inflate into 'out', then the filter bytes in it. */
#define INFLATE_ROUND()                                                                                  \
    do {                                                                                                 \
        z.next_out = out;                                                                                \
        z.avail_out = INFLATE_PIECE;                                                                     \
        int r_ = inflate(&z, Z_NO_FLUSH);                                                                \
        guint64 n_ = INFLATE_PIECE - z.avail_out;                                                        \
        if (r_ == Z_STREAM_END)                                                                          \
            end = true;                                                                                  \
        else if (r_ != Z_OK) /* Z_BUF_ERROR: no progress possible, the stream is cut */                  \
            ok = false;                                                                                  \
        if (got + n_ > want)                                                                             \
            ok = false;                                                                                  \
        for (guint64 at_ = (got + row - 1) / row * row; ok && at_ < got + n_; at_ += row)                \
            ok = out[at_ - got] <= 4;                                                                    \
        got += n_;                                                                                       \
    } while (0)
    for (int c = 0; c < chunks && ok; c++) {
        uint32_t len = image_be32(b + off);
        z.next_in = (Bytef *)(b + off + 8);
        z.avail_in = len;
        while (ok && z.avail_in > 0) {
            if (end) {
                ok = false; /* data after the end of the stream */
                break;
            }
            INFLATE_ROUND();
        }
        off += 12 + (gsize)len;
    }
    while (ok && !end) /* output still pending after the last input */
        INFLATE_ROUND();
#undef INFLATE_ROUND
    inflateEnd(&z);
    g_free(out);
    return ok && end && got == want;
}

/* Whether 'depth' bits a sample is allowed for PNG colour type 'ct'. */
static bool depth_valid(int ct, int depth)
{
    switch (ct) {
    case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case 2: case 4: case 6: return depth == 8 || depth == 16;
    default: return false;
    }
}

/* The chunk walk of png_passable(): IHDR, every chunk whole with its CRC
 * right, no unknown critical chunk, a palette where one is needed, one run
 * of IDAT chunks, IEND. Fills 'l' and '*crc' (of the IDAT data). */
static bool png_walk(const guint8 *b, gsize n, image_png_layout *l, uLong *crc_out)
{
    if (n < 33 || image_be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0 ||
        crc32(0L, b + 12, 17) != image_be32(b + 29))
        return false;
    const guint8 *ih = b + 16;
    int depth = ih[8], ct = ih[9];
    if (!depth_valid(ct, depth) || ih[10] != 0 || ih[11] != 0 || ih[12] > 1)
        return false;
    gsize off = 33, first = 0;
    gint64 bytes = 0;
    int chunks = 0;
    bool run_over = false;
    const guint8 *plte = NULL, *trns = NULL;
    uint32_t plte_len = 0, trns_len = 0;
    uLong crc = crc32(0L, Z_NULL, 0);
    for (;;) {
        if (n - off < 12)
            return false;
        uint32_t len = image_be32(b + off);
        if (len > 0x7FFFFFFFu || len > n - off - 12)
            return false;
        const guint8 *type = b + off + 4, *data = b + off + 8;
        for (int i = 0; i < 4; i++)
            if (!g_ascii_isalpha(type[i]))
                return false;
        if (crc32(crc32(0L, type, 4), data, len) != image_be32(data + len))
            return false;
        bool idat = memcmp(type, "IDAT", 4) == 0;
        if (idat) {
            if (run_over)
                return false; /* IDAT chunks must be consecutive */
            if (chunks++ == 0)
                first = off;
            bytes += len;
            crc = crc32(crc, data, len);
        } else if (chunks > 0) {
            run_over = true;
        }
        if (memcmp(type, "IEND", 4) == 0)
            break;
        if (memcmp(type, "tRNS", 4) == 0) {
            if (chunks > 0 || ct == 4 || ct == 6 || (ct == 3 && (!plte || len > plte_len / 3)) ||
                (ct == 0 && len != 2) || (ct == 2 && len != 6) || trns)
                return false;
            trns = data;
            trns_len = len;
        } else if (memcmp(type, "PLTE", 4) == 0) { /* needed in palette images, a suggestion in RGB */
            if (ct == 0 || ct == 4 || plte || chunks > 0 || len == 0 || len % 3 != 0 || len / 3 > 256 ||
                (ct == 3 && len / 3 > (1u << depth)))
                return false;
            plte = data;
            plte_len = len;
        } else if (!idat && !(type[0] & 0x20)) {
            return false; /* a critical chunk we do not know, or a second IHDR */
        }
        off += 12 + (gsize)len;
    }
    if (chunks == 0 || (ct == 3 && !plte))
        return false;
    *l = (image_png_layout){ first, chunks, bytes, plte, plte_len, trns, trns_len };
    *crc_out = crc;
    return true;
}

bool image_embed_png_layout(const guint8 *b, gsize n, image_png_layout *l)
{
    uLong crc = 0;
    return png_walk(b, n, l, &crc);
}

/* Whether the PNG b[0, n) (probed already) can go into a PDF: every chunk
 * whole with its CRC right, no unknown critical chunk, a palette where one
 * is needed, one run of IDAT chunks, IEND. Grey, RGB and palette images of
 * any depth, not interlaced and without tRNS, pass as they are when their
 * zlib stream is sound (idat_inflates): 'g' then describes the IDAT data
 * (the palette as an /Indexed lookup, padded with black to 2^depth entries
 * as libpng reads an index past its end). Any other (alpha, tRNS, Adam7)
 * is decoded and packed again (image_png_pack). Fills 'g' but for the path
 * and the placeholder's size. */
static gint png_checked, png_packed; /* atomic: image_embed_test_png_counts */

void image_embed_test_png_counts(int *checked, int *packed)
{
    if (checked)
        *checked = g_atomic_int_get(&png_checked);
    if (packed)
        *packed = g_atomic_int_get(&png_packed);
}

/* image_png_pack() of the PNG b[0, n) of identity 'id' (may be NULL), or
 * what it made of that file in an earlier run (image_memo). */
static bool png_packed_by_id(const guint8 *b, const image_png_layout *l, pdfsplice_image *g, const char *id)
{
    if (id && image_memo_png_find(id, g))
        return true;
    g_atomic_int_inc(&png_packed);
    if (!image_png_pack(b, l, g))
        return false;
    if (id)
        image_memo_png_keep(id, g);
    return true;
}

static bool png_passable(const guint8 *b, gsize n, pdfsplice_image *g, const char *id)
{
    image_png_layout l;
    uLong crc = 0;
    if (!png_walk(b, n, &l, &crc))
        return false;
    const guint8 *ih = b + 16;
    uint32_t w = image_be32(ih), h = image_be32(ih + 4);
    int depth = ih[8], ct = ih[9];
    if (ih[12] != 0 || l.trns || ct == 4 || ct == 6)
        return png_packed_by_id(b, &l, g, id);
    int colours = ct == 2 ? 3 : 1;
    guint64 row = 1 + ((guint64)w * (guint64)colours * (guint64)depth + 7) / 8;
    if (!id || !image_verify_pool_known_whole(id)) { /* known: inflated whole by an earlier run */
        g_atomic_int_inc(&png_checked);
        int sound = image_png_idat_check(b, l.first, l.chunks, l.bytes, row, h, CHECK_MAX_RAW);
        if (sound == 0 || (sound < 0 && !idat_inflates(b, l.first, l.chunks, row, h)))
            return false;
        if (id)
            image_verify_pool_keep(id, NULL);
    }
    memset(g, 0, sizeof *g);
    g->width = (int)w;
    g->height = (int)h;
    g->colours = colours;
    g->bits = depth;
    if (ct == 3) {
        g->n_palette = 1 << depth;
        memcpy(g->palette, l.plte, l.plte_len);
    }
    g->idat_offset = (gint64)l.first;
    g->idat_bytes = l.bytes;
    g->idat_chunks = l.chunks;
    g->idat_crc = (guint32)crc;
    return true;
}

pdfsplice_image *image_embed_png_check(const guint8 *b, gsize n, const char *path, const char *identity)
{
    pdfsplice_image g;
    if (!png_passable(b, n, &g, identity))
        return NULL;
    size_t len = strlen(path) + 1;
    pdfsplice_image *copy = g_malloc(sizeof *copy + len);
    *copy = g;
    copy->path = memcpy(copy + 1, path, len);
    return copy;
}

/*** What is drawn ***/

/* The placeholder of the k-th image spliced: PLACEHOLDER_W × (PLACEHOLDER_H
 * + k) pixels of PLACEHOLDER_RGB, with the unique id '<uid>-<what>-WxH'
 * (never shared with the image's own pixels, e->uid). NULL with 'err' set. */
static cairo_surface_t *placeholder_new(const image_entry *e, const char *what, int k, GError **err)
{
    int h = PLACEHOLDER_H + k;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, PLACEHOLDER_W, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, _("cannot be loaded (out of memory)"));
        return NULL;
    }
    cairo_surface_flush(s);
    guint8 *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < PLACEHOLDER_W; x++)
            ((uint32_t *)(d + (size_t)y * (size_t)stride))[x] = 0xFF000000u | PLACEHOLDER_RGB;
    cairo_surface_mark_dirty(s);
    char *uid = g_strdup_printf("%s-%s-%dx%d", e->uid, what, PLACEHOLDER_W, h);
    image_embed_set_id(s, uid);
    g_free(uid);
    return s;
}

/* Made at the PNG's first drawing (numbered by c->splices) and recorded there. */
cairo_surface_t *image_embed_png_placeholder(image_cache *c, image_entry *e, GError **err)
{
    if (e->placeholder)
        return e->placeholder;
    int k = (int)c->splices->len;
    cairo_surface_t *s = placeholder_new(e, "png", k, err);
    if (!s)
        return NULL;
    pdfsplice_image g = *e->pass;
    g.path = g_strdup(e->pass->path);
    if (g.data)
        g_bytes_ref(g.data);
    if (g.smask)
        g_bytes_ref(g.smask);
    g.placeholder_w = PLACEHOLDER_W;
    g.placeholder_h = PLACEHOLDER_H + k;
    g_array_append_val(c->splices, g);
    e->placeholder = s;
    return s;
}

/* Keeps what the drawing of 'e' learned ('g') for the next run
 * (image_memo), when its bytes were the file of the entry's identity, read
 * as it still is now, and stripped of its metadata. */
static void memo_keep(const image_cache *c, const image_entry *e, const pdfsplice_image *g)
{
    if (c->keep_metadata || !e->identity)
        return;
    char *now = image_entry_identity_now(e->real);
    if (now && strcmp(now, e->identity) == 0) {
        image_memo_jpeg j = { e->info.width, e->info.height, e->info.orientation, e->subsamp, (gint64)e->data_len,
                              g->range_offset, g->range_bytes, g->range_crc, g->head, g->tail };
        image_memo_jpeg_keep(e->identity, &j);
    }
    g_free(now);
}

/* A JPEG spliced (c->splicing: the PDF is finished by pdfpost_amend): at
 * its first drawing its bytes are read (again, after a trim), stripped
 * unless the metadata is kept, and described for the splice: the part
 * that is the file's own bytes (image_strip_result.same_*) by its place and
 * CRC-32, the few bytes around it kept; the bytes then go. The placeholder
 * is made again, with the same number, when the photo is drawn after a
 * trim. */
static cairo_surface_t *jpeg_placeholder(image_cache *c, image_entry *e, GError **err)
{
    if (e->placeholder)
        return e->placeholder;
    if (e->splice == 0) {
        pdfsplice_image g;
        memset(&g, 0, sizeof g);
        g.jpeg = true;
        g.path = g_strdup(e->real);
        g.width = e->info.width;
        g.height = e->info.height;
        g.colours = e->subsamp == TJSAMP_GRAY ? 1 : 3;
        g.bits = 8;
        g.placeholder_w = PLACEHOLDER_W;
        g.placeholder_h = PLACEHOLDER_H + (int)c->splices->len;
        image_memo_jpeg *k = e->known;
        if (k) { /* as an earlier run read it (image_cache.c's entry_load) */
            g.head = k->head ? g_bytes_ref(k->head) : NULL;
            g.tail = k->tail ? g_bytes_ref(k->tail) : NULL;
            g.range_offset = k->same_at;
            g.range_bytes = k->same_len;
            g.range_crc = k->crc;
            e->splice_len = (goffset)((k->head ? g_bytes_get_size(k->head) : 0) + (gsize)k->same_len +
                                      (k->tail ? g_bytes_get_size(k->tail) : 0));
        } else {
            if (!image_entry_reload(e, err)) {
                g_free(g.path);
                return NULL;
            }
            gsize len = 0;
            guint8 *data = g_bytes_unref_to_data(e->jpeg, &len);
            e->jpeg = NULL;
            image_strip_result r;
            bool stripped = !c->keep_metadata && image_strip_jpeg(data, len, &r);
            if (!stripped)
                r = (image_strip_result){ .start = 0, .len = len, .same_at = 0, .same_len = len };
            if (r.same_at > r.start)
                g.head = g_bytes_new(data + r.start, r.same_at - r.start);
            g.range_offset = (gint64)r.same_at;
            g.range_bytes = (gint64)r.same_len;
            g.range_crc = (guint32)libdeflate_crc32(0, data + r.same_at, r.same_len);
            if (r.start + r.len > r.same_at + r.same_len)
                g.tail = g_bytes_new(data + r.same_at + r.same_len, r.start + r.len - r.same_at - r.same_len);
            g_free(data);
            e->splice_len = (goffset)r.len;
            memo_keep(c, e, &g);
        }
        g_array_append_val(c->splices, g);
        e->splice = (int)c->splices->len;
    }
    e->placeholder = placeholder_new(e, "jpeg", e->splice - 1, err);
    return e->placeholder;
}

/* Replaces e->jpeg by the same image without its metadata segments
 * (image_strip_jpeg), in the same memory: the bytes are taken over from the
 * GBytes (no copy while the entry holds the only reference) and the result
 * is a slice of them. */
static void strip_metadata(image_entry *e)
{
    gsize len = 0;
    guint8 *data = g_bytes_unref_to_data(e->jpeg, &len);
    GBytes *all = g_bytes_new_take(data, len);
    image_strip_result r;
    if (image_strip_jpeg(data, len, &r)) {
        e->jpeg = g_bytes_new_from_bytes(all, r.start, r.len);
        g_bytes_unref(all);
    } else {
        e->jpeg = all;
    }
}

cairo_surface_t *image_embed_jpeg(image_cache *c, image_entry *e, GError **err)
{
    if (c->splicing)
        return jpeg_placeholder(c, e, err);
    if (e->mime)
        return e->mime;
    if (!image_entry_reload(e, err))
        return NULL;
    /* e->mime is made once per read of the file (image_cache_trim lets both
     * go): these bytes are as read, never stripped yet. */
    if (!c->keep_metadata)
        strip_metadata(e);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    gsize len = 0;
    const void *data = g_bytes_get_data(e->jpeg, &len);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len, (cairo_destroy_func_t)g_bytes_unref,
                                g_bytes_ref(e->jpeg));
    image_embed_set_id(s, e->uid);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, _("cannot be loaded (out of memory)"));
        return NULL;
    }
    e->mime = s;
    return s;
}
