/* image_strip: a probed JPEG's bytes in, the same bytes without the
 * metadata segments out (in place): the segments walked to the EOI, the
 * runs to keep found, then only the small runs moved next to the largest. */
#include "image_strip.h"

#include <string.h>

/* The payload 'p' (len bytes) starts with the len_id bytes of 'id'. */
static bool starts(const guint8 *p, gsize len, const char *id, gsize len_id)
{
    return len >= len_id && memcmp(p, id, len_id) == 0;
}

image_strip_kind image_strip_kind_of(int m, const guint8 *p, gsize len)
{
    if (m == 0xD8 || m == 0xD9 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
        return IMAGE_STRIP_NONE;
    /* JFIF and Adobe decide how libjpeg (and so poppler and most viewers)
     * reads three or four components: YCbCr or RGB, YCCK or CMYK. The ICC
     * profile says what the numbers mean. */
    if (m == 0xE0)
        return starts(p, len, "JFIF\0", 5) ? IMAGE_STRIP_COLOUR : IMAGE_STRIP_META;
    if (m == 0xE2)
        return starts(p, len, "ICC_PROFILE\0", 12) ? IMAGE_STRIP_COLOUR : IMAGE_STRIP_META;
    if (m == 0xEE)
        return starts(p, len, "Adobe", 5) ? IMAGE_STRIP_COLOUR : IMAGE_STRIP_META;
    if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE)
        return IMAGE_STRIP_META;
    return IMAGE_STRIP_IMAGE;
}

typedef struct run {
    gsize a, b; /* kept: [a, b) */
} run;

/* Adds [a, b) to the runs, joined to the last one when they touch. */
static void keep(GArray *runs, gsize a, gsize b)
{
    if (b <= a)
        return;
    if (runs->len > 0) {
        run *last = &g_array_index(runs, run, runs->len - 1);
        if (last->b == a) {
            last->b = b;
            return;
        }
    }
    run r = { a, b };
    g_array_append_val(runs, r);
}

/* Moves the runs together around the largest one, which stays where it
 * is ('*pivot_at': its index); returns where they start. */
static gsize gather(guint8 *b, const GArray *runs, guint *pivot_at)
{
    guint pivot = 0;
    for (guint i = 1; i < runs->len; i++) {
        const run *r = &g_array_index(runs, run, i), *p = &g_array_index(runs, run, pivot);
        if (r->b - r->a > p->b - p->a)
            pivot = i;
    }
    *pivot_at = pivot;
    const run *pv = &g_array_index(runs, run, pivot);
    gsize pos = pv->b;
    for (guint i = pivot + 1; i < runs->len; i++) { /* down, left to right */
        const run *r = &g_array_index(runs, run, i);
        memmove(b + pos, b + r->a, r->b - r->a);
        pos += r->b - r->a;
    }
    pos = pv->a;
    for (guint i = pivot; i-- > 0;) { /* up, right to left */
        const run *r = &g_array_index(runs, run, i);
        pos -= r->b - r->a;
        memmove(b + pos, b + r->a, r->b - r->a);
    }
    return pos;
}

/* JFIF APP0 at b[off] with payload 'len' bytes: "JFIF\0", version (2),
 * units, densities (2 + 2), thumbnail width and height, then its pixels. */
#define JFIF_BARE 14

bool image_strip_jpeg(guint8 *b, gsize n, image_strip_result *r)
{
    memset(r, 0, sizeof *r);
    r->len = r->same_len = n;
    if (n < 4 || b[0] != 0xFF || b[1] != 0xD8)
        return false;
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(run));
    gsize from = 0, off = 2, end = n; /* kept from 'from' up to what is removed next */
    gsize patched = n;                /* where a JFIF header was rewritten, if it was */
    bool scan = false, removed = false;
    for (;;) {
        if (scan) {
            /* Entropy-coded data: 0xFF 0x00 is a stuffed byte, 0xFF 0xD0..D7
             * a restart; any other marker ends the scan. */
            const guint8 *ff = off < n ? memchr(b + off, 0xFF, n - off) : NULL;
            if (!ff || (gsize)(ff - b) + 1 >= n)
                break; /* no EOI: keep the rest */
            off = (gsize)(ff - b);
            int m = b[off + 1];
            if (m == 0x00 || (m >= 0xD0 && m <= 0xD7))
                off += 2;
            else if (m == 0xFF)
                off++;
            else
                scan = false;
            continue;
        }
        if (off + 2 > n || b[off] != 0xFF)
            break;
        gsize mark = off; /* fill bytes go with what they stand before */
        while (off + 2 < n && b[off + 1] == 0xFF)
            off++;
        int m = b[off + 1];
        if (m == 0xD9) {
            end = off + 2;
            break;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            off += 2;
            continue;
        }
        if (m == 0x00 || m == 0xD8 || off + 4 > n)
            break;
        gsize seg = 2 + ((gsize)b[off + 2] << 8 | b[off + 3]);
        if (seg < 4 || seg > n - off)
            break;
        const guint8 *p = b + off + 4;
        image_strip_kind kind = image_strip_kind_of(m, p, seg - 4);
        if (kind == IMAGE_STRIP_META) {
            keep(runs, from, mark);
            from = off + seg;
            r->segments++;
            removed = true;
        } else if (m == 0xE0 && kind == IMAGE_STRIP_COLOUR && seg - 4 >= JFIF_BARE &&
                   (seg - 4 > JFIF_BARE || p[12] != 0 || p[13] != 0)) {
            /* its thumbnail (or what follows the bare header) goes */
            keep(runs, from, off + 4 + JFIF_BARE);
            from = off + seg;
            patched = off;
            b[off + 2] = 0; /* nothing has moved yet: rewritten where it is */
            b[off + 3] = 2 + JFIF_BARE;
            b[off + 4 + 12] = b[off + 4 + 13] = 0;
            r->thumbnail = removed = true;
        }
        if (m == 0xDA)
            scan = true;
        off += seg;
    }
    if (!removed && end == n) {
        g_array_unref(runs);
        return false;
    }
    keep(runs, from, end);
    gsize total = 0;
    for (guint i = 0; i < runs->len; i++)
        total += g_array_index(runs, run, i).b - g_array_index(runs, run, i).a;
    guint pivot = 0;
    r->start = gather(b, runs, &pivot);
    r->len = total;
    const run *pv = &g_array_index(runs, run, pivot);
    bool changed = patched < pv->b && patched + 4 + JFIF_BARE > pv->a; /* the rewritten header is in it */
    r->same_at = changed ? r->start : pv->a;
    r->same_len = changed ? 0 : pv->b - pv->a;
    g_array_unref(runs);
    return true;
}

GBytes *image_strip_with_icc(GBytes *enc, const guint8 *src, gsize n)
{
    GByteArray *icc = NULL;
    for (gsize off = 2; n >= 4 && off + 4 <= n && src[0] == 0xFF && src[1] == 0xD8;) {
        if (src[off] != 0xFF)
            break;
        if (src[off + 1] == 0xFF) { /* a fill byte */
            off++;
            continue;
        }
        int m = src[off + 1];
        gsize seg = 2 + ((gsize)src[off + 2] << 8 | src[off + 3]);
        if (m == 0xDA || m == 0xD9 || seg < 4 || seg > n - off)
            break;
        if (image_strip_kind_of(m, src + off + 4, seg - 4) == IMAGE_STRIP_COLOUR && m == 0xE2) {
            if (!icc)
                icc = g_byte_array_new();
            g_byte_array_append(icc, src + off, (guint)seg);
        }
        off += seg;
    }
    if (!icc)
        return enc;
    GBytes *out = image_strip_put_icc(enc, icc->data, icc->len);
    g_byte_array_unref(icc);
    return out;
}

GBytes *image_strip_put_icc(GBytes *enc, const guint8 *icc, gsize n)
{
    if (n == 0)
        return enc;
    gsize len = 0;
    const guint8 *e = g_bytes_get_data(enc, &len);
    gsize at = 2;
    if (len >= 6 && e[2] == 0xFF && e[3] == 0xE0)
        at = MIN(len, 4 + ((gsize)e[4] << 8 | e[5]));
    GByteArray *out = g_byte_array_sized_new((guint)(len + n));
    g_byte_array_append(out, e, (guint)at);
    g_byte_array_append(out, icc, (guint)n);
    g_byte_array_append(out, e + at, (guint)(len - at));
    g_bytes_unref(enc);
    return g_byte_array_free_to_bytes(out);
}
