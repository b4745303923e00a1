/* Unit tests for image_strip.c: JPEGs from libjpeg-turbo with metadata
 * segments added in front, between scans and around the colour segments;
 * stripped, they are the encoder's bytes again (or keep exactly the colour
 * segments), decode to the same pixels, and the scan data did not move. */
#include "image_strip.h"

#include <glib.h>
#include <string.h>
#include <turbojpeg.h>

/*** JPEGs ***/

static guint8 *noise(int w, int h, int channels, guint32 seed)
{
    GRand *r = g_rand_new_with_seed(seed);
    guint8 *px = g_malloc((size_t)w * h * channels);
    for (size_t i = 0; i < (size_t)w * h * channels; i++)
        px[i] = (guint8)g_rand_int_range(r, 0, 256);
    g_rand_free(r);
    return px;
}

/* libjpeg-turbo's JPEG of w × h noise in pixel format 'pf'. */
static GByteArray *encode(int pf, int w, int h, int subsamp, int flags)
{
    guint8 *px = noise(w, h, tjPixelSize[pf], 7);
    tjhandle tj = tjInitCompress();
    unsigned char *jpeg = NULL;
    unsigned long len = 0;
    g_assert_cmpint(tjCompress2(tj, px, w, 0, h, pf, &jpeg, &len, subsamp, 90, flags), ==, 0);
    tjDestroy(tj);
    GByteArray *a = g_byte_array_new();
    g_byte_array_append(a, jpeg, (guint)len);
    tjFree(jpeg);
    g_free(px);
    return a;
}

/* The pixels of the JPEG b[0, n) in format 'pf'; '*cs' its colour space. */
static guint8 *decode(const guint8 *b, gsize n, int pf, int *cs)
{
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, ss = 0;
    g_assert_cmpint(tjDecompressHeader3(tj, b, (unsigned long)n, &w, &h, &ss, cs), ==, 0);
    guint8 *px = g_malloc((size_t)w * h * tjPixelSize[pf]);
    g_assert_cmpint(tjDecompress2(tj, b, (unsigned long)n, px, w, 0, h, pf, 0), ==, 0);
    tjDestroy(tj);
    return px;
}

/* Appends the segment 'm' with 'len' bytes of payload 'p' (NULL: bytes
 * 'fill'). */
static void put_segment(GByteArray *a, int m, const void *p, gsize len, guint8 fill)
{
    g_assert_cmpuint(len, <=, 65533);
    guint8 h[4] = { 0xFF, (guint8)m, (guint8)((len + 2) >> 8), (guint8)(len + 2) };
    g_byte_array_append(a, h, 4);
    if (p) {
        g_byte_array_append(a, p, (guint)len);
    } else {
        guint at = a->len;
        g_byte_array_set_size(a, at + (guint)len);
        memset(a->data + at, fill, len);
    }
}

/* A copy of 'j' with 'ins' inserted at 'at'. */
static GByteArray *inserted(const GByteArray *j, gsize at, const GByteArray *ins)
{
    GByteArray *a = g_byte_array_new();
    g_byte_array_append(a, j->data, (guint)at);
    g_byte_array_append(a, ins->data, ins->len);
    g_byte_array_append(a, j->data + at, (guint)(j->len - at));
    return a;
}

/* Where the first segment after SOI and a JFIF APP0 starts. */
static gsize after_jfif(const GByteArray *j)
{
    g_assert_true(j->data[2] == 0xFF && j->data[3] == 0xE0);
    return 4 + ((gsize)j->data[4] << 8 | j->data[5]);
}

/* The offset of the n-th SOS marker (0-based), found by walking the
 * segments and the entropy-coded data; -1 if there is none. */
static long nth_sos(const guint8 *b, gsize len, int n)
{
    gsize off = 2;
    bool scan = false;
    while (off + 1 < len) {
        if (scan) {
            if (b[off] == 0xFF && b[off + 1] != 0 && b[off + 1] != 0xFF && !(b[off + 1] >= 0xD0 && b[off + 1] <= 0xD7))
                scan = false;
            else
                off++;
            continue;
        }
        if (b[off + 1] == 0xFF) { /* a fill byte */
            off++;
            continue;
        }
        if (b[off + 1] == 0xD9)
            return -1;
        if (b[off + 1] == 0xDA && n-- == 0)
            return (long)off;
        scan = b[off + 1] == 0xDA;
        off += 2 + ((gsize)b[off + 2] << 8 | b[off + 3]);
    }
    return -1;
}

/* Strips a copy of 'a'; '*out' the stripped bytes. */
static bool strip_copy(const GByteArray *a, GByteArray **out, image_strip_result *r)
{
    GByteArray *c = g_byte_array_new();
    g_byte_array_append(c, a->data, a->len);
    bool did = image_strip_jpeg(c->data, c->len, r);
    g_assert_cmpuint(r->start + r->len, <=, c->len);
    /* The part it says is unmoved and unchanged: inside the result, and the
     * bytes the JPEG had there (a PDF may copy them from the file). */
    g_assert_cmpuint(r->same_at, >=, r->start);
    g_assert_cmpuint(r->same_at + r->same_len, <=, r->start + r->len);
    g_assert_cmpmem(c->data + r->same_at, r->same_len, a->data + r->same_at, r->same_len);
    if (!did)
        g_assert_cmpuint(r->same_len, ==, r->len);
    *out = g_byte_array_new();
    g_byte_array_append(*out, c->data + r->start, (guint)r->len);
    g_byte_array_unref(c);
    return did;
}

static void assert_same_pixels(const GByteArray *a, const GByteArray *b, int pf, int w, int h)
{
    int ca = -1, cb = -1;
    guint8 *pa = decode(a->data, a->len, pf, &ca), *pb = decode(b->data, b->len, pf, &cb);
    g_assert_cmpint(ca, ==, cb);
    g_assert_cmpmem(pa, (gsize)w * h * tjPixelSize[pf], pb, (gsize)w * h * tjPixelSize[pf]);
    g_free(pa);
    g_free(pb);
}

/*** Tests ***/

/* What a phone writes in front of the image: every kind goes, and the
 * result is the encoder's own bytes again. */
static void test_strip_phone(void)
{
    GByteArray *j = encode(TJPF_RGB, 96, 64, TJSAMP_420, 0);
    GByteArray *meta = g_byte_array_new();
    static const char exif[] = "Exif\0\0II*\0\x08\0\0\0GPS 35.47N 133.05E serial SN-4711 artist Taro";
    put_segment(meta, 0xE1, exif, sizeof exif - 1, 0);
    static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'/>";
    put_segment(meta, 0xE1, xmp, sizeof xmp - 1, 0);
    static const char iptc[] = "Photoshop 3.0\0008BIM\x04\x04";
    put_segment(meta, 0xED, iptc, sizeof iptc - 1, 0);
    static const char mpf[] = "MPF\0II*\0";
    put_segment(meta, 0xE2, mpf, sizeof mpf - 1, 0);
    static const char jfxx[] = "JFXX\0\x10thumbnail";
    put_segment(meta, 0xE0, jfxx, sizeof jfxx - 1, 0);
    put_segment(meta, 0xE9, NULL, 300, 0x55); /* a maker's own APPn */
    put_segment(meta, 0xFE, "made by a phone", 15, 0); /* COM */
    g_byte_array_append(meta, (const guint8 *)"\xFF\xFF", 2); /* fill bytes before a marker */
    put_segment(meta, 0xEF, NULL, 0, 0); /* empty APP15 */
    GByteArray *phone = inserted(j, after_jfif(j), meta);
    /* and a comment between the tables */
    long sos = nth_sos(phone->data, phone->len, 0);
    GByteArray *com = g_byte_array_new();
    put_segment(com, 0xFE, "x", 1, 0);
    GByteArray *phone2 = inserted(phone, (gsize)sos, com);

    GByteArray *s = NULL;
    image_strip_result r;
    g_assert_true(strip_copy(phone2, &s, &r));
    g_assert_cmpint(r.segments, ==, 9);
    g_assert_false(r.thumbnail);
    g_assert_cmpmem(s->data, s->len, j->data, j->len);
    assert_same_pixels(phone2, s, TJPF_RGB, 96, 64);
    /* The part not moved: from the SOS after the last comment to the EOI. */
    g_assert_cmpuint(r.same_at, ==, (gsize)sos + 2 + 2 + 1);
    g_assert_cmpuint(r.same_len, ==, phone2->len - r.same_at);

    g_byte_array_unref(s);
    g_byte_array_unref(com);
    g_byte_array_unref(phone2);
    g_byte_array_unref(phone);
    g_byte_array_unref(meta);
    g_byte_array_unref(j);
}

/* The segments that decide the colours stay, in their order, byte for
 * byte: JFIF, an ICC profile in two chunks, Adobe. */
static void test_strip_keeps_colour(void)
{
    GByteArray *j = encode(TJPF_RGB, 64, 48, TJSAMP_444, 0);
    GByteArray *colour = g_byte_array_new(), *mixed = g_byte_array_new();
    GByteArray *icc1 = g_byte_array_new(), *icc2 = g_byte_array_new();
    g_byte_array_append(icc1, (const guint8 *)"ICC_PROFILE\0\x01\x02", 14);
    g_byte_array_append(icc2, (const guint8 *)"ICC_PROFILE\0\x02\x02", 14);
    for (int i = 0; i < 400; i++) {
        guint8 c = (guint8)i;
        g_byte_array_append(icc1, &c, 1);
        g_byte_array_append(icc2, &c, 1);
    }
    static const guint8 adobe[12] = { 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 1 };
    put_segment(colour, 0xE2, icc1->data, icc1->len, 0);
    put_segment(colour, 0xE2, icc2->data, icc2->len, 0);
    put_segment(colour, 0xEE, adobe, sizeof adobe, 0);
    put_segment(mixed, 0xE1, "Exif\0\0MM\0*", 10, 0);
    put_segment(mixed, 0xE2, icc1->data, icc1->len, 0);
    put_segment(mixed, 0xE1, "http://ns.adobe.com/xap/1.0/\0", 29, 0);
    put_segment(mixed, 0xE2, icc2->data, icc2->len, 0);
    put_segment(mixed, 0xEC, "Ducky", 5, 0); /* APP12: not Adobe's */
    put_segment(mixed, 0xEE, adobe, sizeof adobe, 0);
    put_segment(mixed, 0xEE, "NotAdobe", 8, 0);
    GByteArray *want = inserted(j, after_jfif(j), colour), *in = inserted(j, after_jfif(j), mixed);

    GByteArray *s = NULL;
    image_strip_result r;
    g_assert_true(strip_copy(in, &s, &r));
    g_assert_cmpint(r.segments, ==, 4);
    g_assert_cmpmem(s->data, s->len, want->data, want->len);
    assert_same_pixels(in, s, TJPF_RGB, 64, 48);
    /* nothing more to take: untouched */
    GByteArray *again = NULL;
    g_assert_false(strip_copy(s, &again, &r));
    g_assert_cmpuint(r.start, ==, 0);
    g_assert_cmpmem(again->data, again->len, s->data, s->len);

    g_byte_array_unref(again);
    g_byte_array_unref(s);
    g_byte_array_unref(in);
    g_byte_array_unref(want);
    g_byte_array_unref(mixed);
    g_byte_array_unref(colour);
    g_byte_array_unref(icc1);
    g_byte_array_unref(icc2);
    g_byte_array_unref(j);
}

/* A JFIF APP0 with a thumbnail of its own: the segment stays, 16 bytes
 * long, with its version and densities, and a 0 × 0 thumbnail. */
static void test_strip_jfif_thumbnail(void)
{
    GByteArray *j = encode(TJPF_RGB, 32, 32, TJSAMP_420, 0);
    gsize at = after_jfif(j);
    g_assert_cmpuint(at, ==, 4 + 16);
    GByteArray *t = g_byte_array_new();
    g_byte_array_append(t, j->data, 4);
    g_byte_array_append(t, (const guint8 *)"\x00\x1C", 2); /* 16 + 2 × 2 × 3 */
    g_byte_array_append(t, j->data + 6, 12);
    g_byte_array_append(t, (const guint8 *)"\x02\x02", 2);
    g_byte_array_append(t, (const guint8 *)"\xAA\xBB\xCC\xAA\xBB\xCC\xAA\xBB\xCC\xAA\xBB\xCC", 12);
    g_byte_array_append(t, j->data + at, (guint)(j->len - at));
    GByteArray *s = NULL;
    image_strip_result r;
    g_assert_true(strip_copy(t, &s, &r));
    g_assert_true(r.thumbnail);
    g_assert_cmpint(r.segments, ==, 0);
    g_assert_cmpmem(s->data, s->len, j->data, j->len);
    g_assert_cmpuint(r.same_at, ==, 4 + 0x1C); /* after the APP0 with its thumbnail */
    g_assert_cmpuint(r.same_len, ==, t->len - r.same_at);
    g_byte_array_unref(s);
    g_byte_array_unref(t);
    g_byte_array_unref(j);
}

/* A JFIF APP0 with a thumbnail before the last scan of a progressive JPEG:
 * its header is rewritten inside the largest run kept (the earlier
 * scans), so no part of the result is the bytes the JPEG had there
 * (strip_copy checks what is claimed against the original). */
static void test_strip_jfif_late(void)
{
    GByteArray *j = encode(TJPF_RGB, 80, 60, TJSAMP_420, TJFLAG_PROGRESSIVE);
    int scans = 0;
    while (nth_sos(j->data, j->len, scans) > 0)
        scans++;
    long last = nth_sos(j->data, j->len, scans - 1);
    GByteArray *m = g_byte_array_new();
    g_byte_array_append(m, (const guint8 *)"\xFF\xE0\x00\x13JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x01\x01\xAA\xBB\xCC", 21);
    GByteArray *t = inserted(j, (gsize)last, m);
    GByteArray *s = NULL;
    image_strip_result r;
    g_assert_true(strip_copy(t, &s, &r));
    g_assert_true(r.thumbnail);
    g_assert_cmpuint(r.same_len, ==, 0);
    g_assert_cmpuint(s->len, ==, t->len - 3);
    g_byte_array_unref(s);
    g_byte_array_unref(t);
    g_byte_array_unref(m);
    g_byte_array_unref(j);
}

/* A progressive JPEG with metadata between its scans and a restart
 * interval: taken out there too; the scans are untouched. */
static void test_strip_between_scans(void)
{
    GByteArray *j = encode(TJPF_RGB, 80, 60, TJSAMP_420, TJFLAG_PROGRESSIVE);
    long s2 = nth_sos(j->data, j->len, 1), s3 = nth_sos(j->data, j->len, 2);
    g_assert_cmpint(s2, >, 0);
    g_assert_cmpint(s3, >, s2);
    GByteArray *m = g_byte_array_new();
    put_segment(m, 0xE1, "Exif\0\0between", 13, 0);
    put_segment(m, 0xFE, "comment", 7, 0);
    GByteArray *a = inserted(j, (gsize)s3, m);
    GByteArray *b = inserted(a, (gsize)s2, m);
    GByteArray *s = NULL;
    image_strip_result r;
    g_assert_true(strip_copy(b, &s, &r));
    g_assert_cmpint(r.segments, ==, 4);
    g_assert_cmpmem(s->data, s->len, j->data, j->len);
    assert_same_pixels(b, s, TJPF_RGB, 80, 60);
    g_byte_array_unref(s);
    g_byte_array_unref(b);
    g_byte_array_unref(a);
    g_byte_array_unref(m);
    g_byte_array_unref(j);
}

/* Adobe APP14 decides the colours of a four-component JPEG: without it
 * libjpeg-turbo reads the YCCK data as CMYK and every pixel changes (the
 * reason it is kept). With EXIF in front, stripping keeps it and the
 * pixels. */
static void test_strip_adobe_ycck(void)
{
    GByteArray *j = encode(TJPF_CMYK, 48, 40, TJSAMP_444, 0);
    g_assert_true(j->data[2] == 0xFF && j->data[3] == 0xEE); /* libjpeg-turbo's Adobe marker, transform 2 */
    gsize adobe_end = 4 + ((gsize)j->data[4] << 8 | j->data[5]);
    GByteArray *m = g_byte_array_new();
    put_segment(m, 0xE1, "Exif\0\0II*\0", 10, 0);
    GByteArray *in = inserted(j, 2, m);
    GByteArray *s = NULL;
    image_strip_result r;
    g_assert_true(strip_copy(in, &s, &r));
    g_assert_cmpmem(s->data, s->len, j->data, j->len);
    int cs_in = -1, cs_s = -1, cs_bare = -1;
    guint8 *p_in = decode(in->data, in->len, TJPF_CMYK, &cs_in);
    guint8 *p_s = decode(s->data, s->len, TJPF_CMYK, &cs_s);
    g_assert_cmpint(cs_in, ==, TJCS_YCCK);
    g_assert_cmpint(cs_s, ==, TJCS_YCCK);
    g_assert_cmpmem(p_in, 48 * 40 * 4, p_s, 48 * 40 * 4);
    /* the same JPEG without its Adobe segment */
    GByteArray *bare = g_byte_array_new();
    g_byte_array_append(bare, j->data, 2);
    g_byte_array_append(bare, j->data + adobe_end, (guint)(j->len - adobe_end));
    guint8 *p_bare = decode(bare->data, bare->len, TJPF_CMYK, &cs_bare);
    g_assert_cmpint(cs_bare, ==, TJCS_CMYK);
    g_assert_true(memcmp(p_in, p_bare, 48 * 40 * 4) != 0);
    g_free(p_bare);
    g_free(p_s);
    g_free(p_in);
    g_byte_array_unref(bare);
    g_byte_array_unref(s);
    g_byte_array_unref(in);
    g_byte_array_unref(m);
    g_byte_array_unref(j);
}

/* 200 full APP1 segments (13 MB) in front of a small image: the result is
 * the image, and its scan data did not move in the buffer: only the 20
 * bytes of SOI and JFIF did. */
static void test_strip_in_place(void)
{
    GByteArray *j = encode(TJPF_RGB, 64, 64, TJSAMP_420, 0);
    GByteArray *m = g_byte_array_new();
    for (int i = 0; i < 200; i++)
        put_segment(m, 0xE1, NULL, 65533, (guint8)i);
    gsize at = after_jfif(j);
    GByteArray *in = inserted(j, at, m);
    gsize n = in->len;
    long sos = nth_sos(in->data, n, 0);
    GByteArray *keep_copy = g_byte_array_new();
    g_byte_array_append(keep_copy, in->data + sos, (guint)(n - (gsize)sos));
    image_strip_result r;
    g_assert_true(image_strip_jpeg(in->data, n, &r));
    g_assert_cmpint(r.segments, ==, 200);
    g_assert_cmpuint(r.len, ==, j->len);
    g_assert_cmpuint(r.start, ==, m->len);
    g_assert_cmpmem(in->data + r.start, r.len, j->data, j->len);
    /* the data from the first SOS on is where it was */
    g_assert_cmpmem(in->data + sos, n - (gsize)sos, keep_copy->data, keep_copy->len);
    g_assert_cmpuint(r.start + (gsize)nth_sos(in->data + r.start, r.len, 0), ==, (gsize)sos);
    g_byte_array_unref(keep_copy);
    g_byte_array_unref(in);
    g_byte_array_unref(m);
    g_byte_array_unref(j);
}

/* What it cannot follow, it keeps; what follows the EOI goes. */
static void test_strip_odd(void)
{
    image_strip_result r;
    guint8 text[] = "not a JPEG at all";
    g_assert_false(image_strip_jpeg(text, sizeof text, &r));
    g_assert_cmpuint(r.start, ==, 0);
    g_assert_cmpuint(r.len, ==, sizeof text);
    g_assert_false(image_strip_jpeg(text, 0, &r));

    GByteArray *j = encode(TJPF_RGB, 32, 32, TJSAMP_420, 0);
    GByteArray *m = g_byte_array_new();
    put_segment(m, 0xE1, "Exif\0\0", 6, 0);
    GByteArray *in = inserted(j, 2, m);

    /* bytes after the EOI: dropped */
    GByteArray *tail = g_byte_array_new();
    g_byte_array_append(tail, j->data, j->len);
    g_byte_array_append(tail, (const guint8 *)"trailing video", 14);
    GByteArray *s = NULL;
    g_assert_true(strip_copy(tail, &s, &r));
    g_assert_cmpint(r.segments, ==, 0);
    g_assert_cmpmem(s->data, s->len, j->data, j->len);
    g_byte_array_unref(s);

    /* cut in its scan (no EOI): the EXIF goes, the rest stays as it is */
    GByteArray *cut = g_byte_array_new();
    g_byte_array_append(cut, in->data, in->len - 40);
    g_assert_true(strip_copy(cut, &s, &r));
    g_assert_cmpint(r.segments, ==, 1);
    g_assert_cmpmem(s->data, s->len, j->data, j->len - 40);
    g_byte_array_unref(s);
    g_byte_array_unref(cut);

    /* a segment whose length runs past the end: kept from there on */
    GByteArray *bad = g_byte_array_new();
    g_byte_array_append(bad, in->data, in->len);
    long sos = nth_sos(bad->data, bad->len, 0);
    g_byte_array_set_size(bad, (guint)sos + 4);
    bad->data[sos + 2] = 0xFF;
    bad->data[sos + 3] = 0xFF;
    g_assert_true(strip_copy(bad, &s, &r));
    g_assert_cmpint(r.segments, ==, 1);
    g_assert_cmpuint(s->len, ==, bad->len - m->len);
    g_assert_cmpmem(s->data + 2, s->len - 2, bad->data + 2 + m->len, bad->len - 2 - m->len);
    g_byte_array_unref(s);
    g_byte_array_unref(bad);

    g_byte_array_unref(in);
    g_byte_array_unref(m);
    g_byte_array_unref(j);
}

/* A re-encoded photo gets the ICC profile of the original (its chunks in
 * order, after SOI and JFIF) and nothing else of it. */
static void test_strip_with_icc(void)
{
    GByteArray *j = encode(TJPF_RGB, 40, 30, TJSAMP_420, 0), *n = encode(TJPF_RGB, 20, 15, TJSAMP_420, 0);
    GByteArray *segs = g_byte_array_new(), *icc = g_byte_array_new();
    put_segment(segs, 0xE1, "Exif\0\0II*\0", 10, 0);
    put_segment(icc, 0xE2, "ICC_PROFILE\0\x01\x02" "abc", 17, 0);
    put_segment(icc, 0xE2, "ICC_PROFILE\0\x02\x02" "def", 17, 0);
    g_byte_array_append(segs, icc->data, icc->len);
    put_segment(segs, 0xE2, "MPF\0", 4, 0);
    GByteArray *src = inserted(j, after_jfif(j), segs), *want = inserted(n, after_jfif(n), icc);
    GBytes *enc = g_bytes_new(n->data, n->len);
    GBytes *got = image_strip_with_icc(enc, src->data, src->len);
    gsize len = 0;
    const guint8 *g = g_bytes_get_data(got, &len);
    g_assert_cmpmem(g, len, want->data, want->len);
    g_bytes_unref(got);
    /* none: the same bytes, untouched */
    enc = g_bytes_new(n->data, n->len);
    got = image_strip_with_icc(enc, j->data, j->len);
    g_assert_true(got == enc);
    g_bytes_unref(got);
    g_byte_array_unref(want);
    g_byte_array_unref(src);
    g_byte_array_unref(icc);
    g_byte_array_unref(segs);
    g_byte_array_unref(n);
    g_byte_array_unref(j);
}

static void test_strip_kinds(void)
{
    static const struct {
        int m;
        const char *payload;
        gsize len;
        image_strip_kind want;
    } cases[] = {
        { 0xC0, "", 0, IMAGE_STRIP_IMAGE },   { 0xC2, "", 0, IMAGE_STRIP_IMAGE },
        { 0xC4, "", 0, IMAGE_STRIP_IMAGE },   { 0xDB, "", 0, IMAGE_STRIP_IMAGE },
        { 0xDD, "", 0, IMAGE_STRIP_IMAGE },   { 0xDA, "", 0, IMAGE_STRIP_IMAGE },
        { 0xF7, "", 0, IMAGE_STRIP_IMAGE },   { 0xD8, "", 0, IMAGE_STRIP_NONE },
        { 0xD9, "", 0, IMAGE_STRIP_NONE },    { 0xD3, "", 0, IMAGE_STRIP_NONE },
        { 0xE0, "JFIF\0", 5, IMAGE_STRIP_COLOUR }, { 0xE0, "JFXX\0", 5, IMAGE_STRIP_META },
        { 0xE0, "JFIF", 4, IMAGE_STRIP_META }, { 0xE1, "Exif\0\0", 6, IMAGE_STRIP_META },
        { 0xE2, "ICC_PROFILE\0\1\1", 14, IMAGE_STRIP_COLOUR }, { 0xE2, "MPF\0", 4, IMAGE_STRIP_META },
        { 0xED, "Photoshop 3.0\0", 14, IMAGE_STRIP_META }, { 0xEE, "Adobe\0d", 7, IMAGE_STRIP_COLOUR },
        { 0xEE, "adobe", 5, IMAGE_STRIP_META }, { 0xEF, "", 0, IMAGE_STRIP_META },
        { 0xFE, "comment", 7, IMAGE_STRIP_META },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
        g_assert_cmpint(image_strip_kind_of(cases[i].m, (const guint8 *)cases[i].payload, cases[i].len), ==,
                        cases[i].want);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/image/strip/phone", test_strip_phone);
    g_test_add_func("/image/strip/keeps-colour", test_strip_keeps_colour);
    g_test_add_func("/image/strip/jfif-thumbnail", test_strip_jfif_thumbnail);
    g_test_add_func("/image/strip/jfif-late", test_strip_jfif_late);
    g_test_add_func("/image/strip/between-scans", test_strip_between_scans);
    g_test_add_func("/image/strip/adobe-ycck", test_strip_adobe_ycck);
    g_test_add_func("/image/strip/in-place", test_strip_in_place);
    g_test_add_func("/image/strip/odd", test_strip_odd);
    g_test_add_func("/image/strip/with-icc", test_strip_with_icc);
    g_test_add_func("/image/strip/kinds", test_strip_kinds);
    return g_test_run();
}
