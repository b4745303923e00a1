/* test_photo_metadata: phone-like JPEGs made at test time (EXIF with GPS, a
 * serial, an artist, a maker note, a thumbnail and orientation 6; XMP;
 * IPTC; a comment; an ICC profile in two chunks; 60 MB of metadata) go into
 * the PDF without their metadata by default: extracted with pdfimages and
 * read with exiftool and our own segment walker, their image data byte for
 * byte, the page's pixels the same as with --keep-photo-metadata. */
#include "e2e.h"

#include <turbojpeg.h>

/*** JPEGs ***/

/* libjpeg-turbo's JPEG (4:2:0, quality 90, JFIF APP0) of an image stored
 * sw × sh: its left half red, its right half blue, with noise, so that
 * shown with EXIF orientation 6 its top is red and its bottom blue. */
static GByteArray *encode_halves(int sw, int sh, guint32 seed)
{
    GRand *rnd = g_rand_new_with_seed(seed);
    guint8 *px = g_malloc((size_t)sw * sh * 3);
    for (int v = 0; v < sh; v++)
        for (int u = 0; u < sw; u++) {
            guint8 *p = px + ((size_t)v * sw + u) * 3;
            int n = g_rand_int_range(rnd, 0, 40);
            bool red = u < sw / 2;
            p[0] = (guint8)(red ? 215 + n : n);
            p[1] = (guint8)n;
            p[2] = (guint8)(red ? n : 215 + n);
        }
    g_rand_free(rnd);
    tjhandle tj = tjInitCompress();
    unsigned char *jpeg = NULL;
    unsigned long len = 0;
    g_assert_cmpint(tjCompress2(tj, px, sw, 0, sh, TJPF_RGB, &jpeg, &len, TJSAMP_420, 90, 0), ==, 0);
    tjDestroy(tj);
    GByteArray *a = g_byte_array_new();
    g_byte_array_append(a, jpeg, (guint)len);
    tjFree(jpeg);
    g_free(px);
    return a;
}

static void put_segment(GByteArray *a, int m, const void *p, gsize len)
{
    g_assert_cmpuint(len, <=, 65533);
    guint8 h[4] = { 0xFF, (guint8)m, (guint8)((len + 2) >> 8), (guint8)(len + 2) };
    g_byte_array_append(a, h, 4);
    g_byte_array_append(a, p, (guint)len);
}

static void le16(GByteArray *a, guint v)
{
    guint8 b[2] = { (guint8)v, (guint8)(v >> 8) };
    g_byte_array_append(a, b, 2);
}

static void le32(GByteArray *a, guint32 v)
{
    guint8 b[4] = { (guint8)v, (guint8)(v >> 8), (guint8)(v >> 16), (guint8)(v >> 24) };
    g_byte_array_append(a, b, 4);
}

/* A TIFF IFD entry: its value's bytes (little-endian already). */
typedef struct tag {
    guint16 id, type;
    guint32 count;
    const void *data;
    gsize len;
} tag;

static gsize ifd_size(const tag *t, int n)
{
    gsize s = 2 + 12 * (gsize)n + 4;
    for (int i = 0; i < n; i++)
        s += t[i].len > 4 ? (t[i].len + 1) / 2 * 2 : 0;
    return s;
}

/* Appends the IFD 't' at offset a->len - 6 of the TIFF data ("Exif\0\0"
 * comes first), its long values right after it. */
static void put_ifd(GByteArray *a, const tag *t, int n, guint32 next)
{
    gsize at = a->len - 6, data = at + 2 + 12 * (gsize)n + 4;
    le16(a, (guint)n);
    for (int i = 0; i < n; i++) {
        le16(a, t[i].id);
        le16(a, t[i].type);
        le32(a, t[i].count);
        if (t[i].len > 4) {
            le32(a, (guint32)data);
            data += (t[i].len + 1) / 2 * 2;
        } else {
            guint8 v[4] = { 0, 0, 0, 0 };
            memcpy(v, t[i].data, t[i].len);
            g_byte_array_append(a, v, 4);
        }
    }
    le32(a, next);
    for (int i = 0; i < n; i++)
        if (t[i].len > 4) {
            g_byte_array_append(a, t[i].data, (guint)t[i].len);
            if (t[i].len % 2)
                g_byte_array_append(a, (const guint8 *)"", 1);
        }
}

#define SERIAL "SN-4711-SECRET"
#define ARTIST "Taro Yamada"
#define MAKER_NOTE "MAKERNOTE-SECRET-42"
#define XMP_SECRET "XMP-SECRET-CREATOR"
#define IPTC_SECRET "IPTC-SECRET-BYLINE"
#define COMMENT_SECRET "COMMENT-SECRET"

/* An EXIF APP1 payload as a phone writes it: IFD0 (make, model,
 * orientation, artist), the Exif IFD (maker note, body serial number), the
 * GPS IFD (35°28'12" N 133°3' E, Matsue) and IFD1 with a JPEG thumbnail. */
static GByteArray *phone_exif(int orientation)
{
    GByteArray *thumb = encode_halves(16, 12, 3);
    static const guint32 lat[6] = { 35, 1, 28, 1, 12, 1 }, lon[6] = { 133, 1, 3, 1, 0, 1 };
    static const guint8 gpsver[4] = { 2, 3, 0, 0 };
    guint16 o = (guint16)orientation;
    guint32 exif_at, gps_at, ifd1_at, thumb_at, thumb_len = thumb->len;
    guint16 six = 6;
    tag ifd0[] = {
        { 0x010F, 2, 10, "Testmaker", 10 }, { 0x0110, 2, 11, "Test Phone", 11 }, { 0x0112, 3, 1, &o, 2 },
        { 0x013B, 2, sizeof ARTIST, ARTIST, sizeof ARTIST },       { 0x8769, 4, 1, &exif_at, 4 },
        { 0x8825, 4, 1, &gps_at, 4 },
    };
    tag exif[] = {
        { 0x927C, 7, sizeof MAKER_NOTE, MAKER_NOTE, sizeof MAKER_NOTE },
        { 0xA431, 2, sizeof SERIAL, SERIAL, sizeof SERIAL },
    };
    tag gps[] = {
        { 0x0000, 1, 4, gpsver, 4 }, { 0x0001, 2, 2, "N", 2 }, { 0x0002, 5, 3, lat, 24 },
        { 0x0003, 2, 2, "E", 2 },    { 0x0004, 5, 3, lon, 24 },
    };
    tag ifd1[] = { { 0x0103, 3, 1, &six, 2 }, { 0x0201, 4, 1, &thumb_at, 4 }, { 0x0202, 4, 1, &thumb_len, 4 } };
    exif_at = 8 + (guint32)ifd_size(ifd0, G_N_ELEMENTS(ifd0));
    gps_at = exif_at + (guint32)ifd_size(exif, G_N_ELEMENTS(exif));
    ifd1_at = gps_at + (guint32)ifd_size(gps, G_N_ELEMENTS(gps));
    thumb_at = ifd1_at + (guint32)ifd_size(ifd1, G_N_ELEMENTS(ifd1));
    GByteArray *a = g_byte_array_new();
    g_byte_array_append(a, (const guint8 *)"Exif\0\0II*\0\x08\0\0\0", 14);
    put_ifd(a, ifd0, G_N_ELEMENTS(ifd0), ifd1_at);
    put_ifd(a, exif, G_N_ELEMENTS(exif), 0);
    put_ifd(a, gps, G_N_ELEMENTS(gps), 0);
    put_ifd(a, ifd1, G_N_ELEMENTS(ifd1), 0);
    g_assert_cmpuint(a->len - 6, ==, thumb_at);
    g_byte_array_append(a, thumb->data, thumb->len);
    g_byte_array_unref(thumb);
    return a;
}

/* An ICC profile's bytes (a header that says so, then filler): what
 * matters here is that it comes out as it went in. */
static GByteArray *some_icc(gsize len)
{
    GByteArray *a = g_byte_array_sized_new((guint)len);
    g_byte_array_set_size(a, (guint)len);
    for (gsize i = 0; i < len; i++)
        a->data[i] = (guint8)(i * 7);
    a->data[0] = (guint8)(len >> 24);
    a->data[1] = (guint8)(len >> 16);
    a->data[2] = (guint8)(len >> 8);
    a->data[3] = (guint8)len;
    memcpy(a->data + 12, "mntrRGB XYZ ", 12);
    memcpy(a->data + 36, "acsp", 4);
    /* one tag: the copyright, a 'text' at 144 */
    static const guint8 table[16] = { 0, 0, 0, 1, 'c', 'p', 'r', 't', 0, 0, 0, 144, 0, 0, 0, 21 };
    memcpy(a->data + 128, table, sizeof table);
    memcpy(a->data + 144, "text\0\0\0\0ICC-TEST\0", 17);
    return a;
}

/* The phone's segments, for after SOI and JFIF: EXIF, XMP, IPTC, the ICC
 * profile in two chunks ('icc' gets the profile), a comment. */
static GByteArray *phone_segments(GByteArray **icc)
{
    GByteArray *a = g_byte_array_new();
    GByteArray *ex = phone_exif(6);
    put_segment(a, 0xE1, ex->data, ex->len);
    g_byte_array_unref(ex);
    char *xmp = g_strdup_printf("http://ns.adobe.com/xap/1.0/%c<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
                                "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
                                "xmlns:dc='http://purl.org/dc/elements/1.1/' "
                                "xmlns:exif='http://ns.adobe.com/exif/1.0/'><dc:creator>%s</dc:creator>"
                                "<exif:GPSLatitude>35,28.2N</exif:GPSLatitude><exif:GPSLongitude>133,3.0E"
                                "</exif:GPSLongitude></rdf:Description></rdf:RDF></x:xmpmeta>",
                                0, XMP_SECRET);
    gsize xmp_len = 29 + strlen(xmp + 29);
    put_segment(a, 0xE1, xmp, xmp_len);
    g_free(xmp);
    /* IPTC: Photoshop's resource 0x0404 holding record 2:80 (By-line) */
    GByteArray *ip = g_byte_array_new();
    g_byte_array_append(ip, (const guint8 *)"Photoshop 3.0\0008BIM\x04\x04\0\0", 22);
    guint32 n = 5 + sizeof IPTC_SECRET - 1;
    guint8 sz[4] = { 0, 0, (guint8)(n >> 8), (guint8)n };
    g_byte_array_append(ip, sz, 4);
    guint8 ds[5] = { 0x1C, 2, 80, 0, sizeof IPTC_SECRET - 1 };
    g_byte_array_append(ip, ds, 5);
    g_byte_array_append(ip, (const guint8 *)IPTC_SECRET, sizeof IPTC_SECRET - 1);
    if (n % 2)
        g_byte_array_append(ip, (const guint8 *)"", 1);
    put_segment(a, 0xED, ip->data, ip->len);
    g_byte_array_unref(ip);
    *icc = some_icc(3000);
    for (int k = 0; k < 2; k++) {
        GByteArray *c = g_byte_array_new();
        g_byte_array_append(c, (const guint8 *)"ICC_PROFILE", 12);
        guint8 seq[2] = { (guint8)(k + 1), 2 };
        g_byte_array_append(c, seq, 2);
        g_byte_array_append(c, (*icc)->data + k * 1500, 1500);
        put_segment(a, 0xE2, c->data, c->len);
        g_byte_array_unref(c);
    }
    put_segment(a, 0xFE, COMMENT_SECRET, strlen(COMMENT_SECRET));
    return a;
}

/* 'j' (SOI, JFIF, …) with 'segs' after its JFIF APP0. */
static GByteArray *with_segments(const GByteArray *j, const GByteArray *segs)
{
    g_assert_true(j->data[2] == 0xFF && j->data[3] == 0xE0);
    gsize at = 4 + ((gsize)j->data[4] << 8 | j->data[5]);
    GByteArray *a = g_byte_array_new();
    g_byte_array_append(a, j->data, (guint)at);
    g_byte_array_append(a, segs->data, segs->len);
    g_byte_array_append(a, j->data + at, (guint)(j->len - at));
    return a;
}

static char *put_file(const char *dir, const char *name, const void *data, gsize len)
{
    char *p = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(p, data, (gssize)len, NULL));
    return p;
}

/*** Reading them back ***/

/* A JPEG's segments before its first scan, walked as a decoder does: each
 * marker (second byte) with its whole segment, and the offset of the
 * first SOS. */
typedef struct seg {
    int m;
    gsize at, len; /* the segment with its marker */
} seg;

static GArray *segments(const guint8 *b, gsize n, gsize *sos)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(seg));
    g_assert_true(n > 4 && b[0] == 0xFF && b[1] == 0xD8);
    gsize off = 2;
    for (;;) {
        g_assert_cmpuint(off + 4, <=, n);
        g_assert_cmpint(b[off], ==, 0xFF);
        while (b[off + 1] == 0xFF)
            off++;
        seg s = { b[off + 1], off, 2 + ((gsize)b[off + 2] << 8 | b[off + 3]) };
        g_assert_cmpuint(s.at + s.len, <=, n);
        if (s.m == 0xDA) {
            *sos = off;
            return a;
        }
        g_array_append_val(a, s);
        off += s.len;
    }
}

static bool is_app(int m)
{
    return (m >= 0xE0 && m <= 0xEF) || m == 0xFE;
}

/* The only JPEG image in 'pdf' (pdfimages -all into 'dir'). Caller
 * unrefs. */
static GByteArray *extracted(const char *pdf, const char *dir, const char *prefix_name)
{
    char *prefix = g_build_filename(dir, prefix_name, NULL);
    result r = RUN("pdfimages", "-all", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *jpg = g_strconcat(prefix, "-000.jpg", NULL);
    gsize len = 0;
    char *bytes = file_bytes(jpg, &len);
    g_assert_nonnull(bytes);
    char *second = g_strconcat(prefix, "-001.jpg", NULL);
    g_assert_false(g_file_test(second, G_FILE_TEST_EXISTS)); /* one image */
    g_free(second);
    g_free(jpg);
    g_free(prefix);
    return g_byte_array_new_take((guint8 *)bytes, len);
}

/* exiftool's tags of 'path' (-a -G1 -s: "[Group] Name : value" lines). */
static char *exiftool(const char *path)
{
    result r = RUN("exiftool", "-a", "-G1", "-s", path);
    g_assert_cmpint(r.status, ==, 0);
    char *out = r.out;
    r.out = NULL;
    result_clear(&r);
    return out;
}

/* The secrets exiftool finds in the phone's photo: every one is in 'tags'
 * ('present'), or none is. */
static void assert_secrets(const char *tags, bool present, const char *what)
{
    static const char *const names[] = {
        "GPSLatitude ", "GPSLongitude ", "GPSPosition ", "SerialNumber ", "Artist ", "ThumbnailImage ",
        "MakerNote", "[IFD0]", "[ExifIFD]", "[GPS]", "[XMP", "[IPTC]", "Comment ", XMP_SECRET, IPTC_SECRET, ARTIST,
    };
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        bool has = strstr(tags, names[i]) != NULL;
        if (has != present)
            g_test_message("%s: '%s' %s:\n%s", what, names[i], has ? "found" : "missing", tags);
        g_assert_true(has == present);
    }
}

/* 'needle' occurs in the file 'path'. */
static bool file_has(const char *path, const char *needle)
{
    gsize len = 0;
    char *b = file_bytes(path, &len);
    gsize n = strlen(needle);
    bool has = false;
    for (const char *p = b; !has && p + n <= b + len; p++) {
        p = memchr(p, needle[0], (gsize)(b + len - p));
        if (!p || p + n > b + len)
            break;
        has = memcmp(p, needle, n) == 0;
    }
    g_free(b);
    return has;
}

static char *trip_with(const char *dir, const char *photo, const char *extra)
{
    char *text = g_strdup_printf("number: 1\nplace: 松江\nperiod: 2024-02-07\ntraveler: 山田\n%s\n[photos]\n"
                                 "heading: 写真\nphoto: %s\ncaption: 城\n",
                                 extra, photo);
    char *trip = put_file(dir, "trip.txt", text, strlen(text));
    g_free(text);
    return trip;
}

static void render_ok(const char *trip, const char *pdf, const char *opt)
{
    result r = opt ? RUN(bin, "render", trip, opt, "-o", pdf) : RUN(bin, "render", trip, "-o", pdf);
    if (r.status != 0)
        g_test_message("%s", r.err);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
}

/*** Tests ***/

/* The phone's photo: none of its metadata in the PDF, only its image
 * segments and the ICC profile, the scans byte for byte; the page looks
 * the same as with --keep-photo-metadata, which keeps every byte; the
 * PDF's own metadata is the trip's. */
static void test_metadata_stripped(void)
{
    char *dir = tmpdir();
    GByteArray *j = encode_halves(600, 800, 1), *icc = NULL;
    GByteArray *segs = phone_segments(&icc);
    GByteArray *phone = with_segments(j, segs);
    char *photo = put_file(dir, "phone.jpg", phone->data, phone->len);
    char *src_tags = exiftool(photo);
    assert_secrets(src_tags, true, "the phone's photo"); /* the fixture is what we think */
    char *trip = trip_with(dir, "phone.jpg", "");
    char *strip = g_build_filename(dir, "strip.pdf", NULL), *keep = g_build_filename(dir, "keep.pdf", NULL);
    render_ok(trip, strip, NULL);
    render_ok(trip, keep, "--keep-photo-metadata");

    /* kept: the file as it is */
    GByteArray *k = extracted(keep, dir, "k");
    g_assert_cmpmem(k->data, k->len, phone->data, phone->len);
    g_assert_true(file_has(keep, SERIAL));

    /* stripped: exiftool finds nothing, nor do the PDF's bytes */
    GByteArray *s = extracted(strip, dir, "s");
    char *xs = put_file(dir, "s.jpg", s->data, s->len);
    char *tags = exiftool(xs);
    assert_secrets(tags, false, "the photo in the PDF");
    g_assert_nonnull(strstr(tags, "ProfileCopyright                : ICC-TEST")); /* the profile stays */
    static const char *const secrets[] = { SERIAL, ARTIST, MAKER_NOTE, XMP_SECRET, IPTC_SECRET, COMMENT_SECRET,
                                           "Testmaker", "Test Phone" };
    for (gsize i = 0; i < G_N_ELEMENTS(secrets); i++) {
        g_assert_true(file_has(photo, secrets[i]));
        g_assert_false(file_has(strip, secrets[i]));
    }

    /* our own walk: the source's segments less the metadata, in order and
     * byte for byte; the rest, from the first SOS on, the same bytes */
    gsize sos_src = 0, sos_out = 0;
    GArray *in = segments(phone->data, phone->len, &sos_src), *out = segments(s->data, s->len, &sos_out);
    guint o = 0, apps = 0, iccs = 0;
    for (guint i = 0; i < in->len; i++) {
        const seg *a = &g_array_index(in, seg, i);
        const guint8 *p = phone->data + a->at;
        bool colour = (a->m == 0xE0 && memcmp(p + 4, "JFIF\0", 5) == 0) ||
                      (a->m == 0xE2 && memcmp(p + 4, "ICC_PROFILE\0", 12) == 0);
        if (is_app(a->m) && !colour)
            continue;
        g_assert_cmpuint(o, <, out->len);
        const seg *b = &g_array_index(out, seg, o++);
        g_assert_cmpint(b->m, ==, a->m);
        g_assert_cmpmem(s->data + b->at, b->len, p, a->len);
        apps += is_app(b->m);
        iccs += b->m == 0xE2;
    }
    g_assert_cmpuint(o, ==, out->len);
    g_assert_cmpuint(apps, ==, 3); /* JFIF and the profile's two chunks */
    g_assert_cmpuint(iccs, ==, 2);
    g_assert_cmpmem(s->data + sos_out, s->len - sos_out, phone->data + sos_src, phone->len - sos_src);
    g_assert_cmpuint(s->len, ==, j->len + 2 * (4 + 14 + 1500));

    /* the page: the same pixels, and the photo upright (EXIF 6 still
     * applied by the drawing, not by a viewer reading EXIF) */
    pixmap ps = render_page(strip, 2, dir), pk = render_page(keep, 2, dir);
    g_assert_cmpint(ps.w, ==, pk.w);
    g_assert_cmpint(ps.h, ==, pk.h);
    g_assert_cmpmem(ps.rgb, (gsize)ps.w * ps.h * 3, pk.rgb, (gsize)pk.w * pk.h * 3);
    result r = RUN(bin, "render", "--dump", trip);
    g_assert_cmpint(r.status, ==, 0);
    double x = 0, y = 0, w = 0, h = 0;
    char **lines = g_strsplit(r.out, "\n", -1);
    bool found = false;
    for (int i = 0; lines[i] && !found; i++)
        found = sscanf(lines[i], "  image photo %lf %lf %lf %lf", &x, &y, &w, &h) == 4;
    g_strfreev(lines);
    result_clear(&r);
    g_assert_true(found);
    g_assert_cmpfloat(fabs(w / h - 4.0 / 3.0), <, 0.01);
    int rr, gg, bb;
    pixel(&ps, x + w / 2, y + h / 4, &rr, &gg, &bb);
    g_assert_true(rr > 180 && bb < 90);
    pixel(&ps, x + w / 2, y + h * 3 / 4, &rr, &gg, &bb);
    g_assert_true(bb > 180 && rr < 90);

    /* the PDF's own metadata: the trip's words and the program, nothing
     * of the photo, no XMP stream */
    r = RUN("pdfinfo", strip);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "Author:          山田"));
    g_assert_nonnull(strstr(r.out, "Metadata Stream: no"));
    g_assert_null(strstr(r.out, "phone"));
    result_clear(&r);
    g_assert_false(file_has(strip, "phone.jpg"));
    g_assert_false(file_has(strip, dir));

    g_free(ps.rgb);
    g_free(pk.rgb);
    g_array_unref(in);
    g_array_unref(out);
    g_free(tags);
    g_free(xs);
    g_byte_array_unref(s);
    g_byte_array_unref(k);
    g_free(src_tags);
    rm_rf(dir);
    g_free(strip);
    g_free(keep);
    g_free(trip);
    g_free(photo);
    g_byte_array_unref(phone);
    g_byte_array_unref(segs);
    g_byte_array_unref(icc);
    g_byte_array_unref(j);
    g_free(dir);
}

/* 60 MB of metadata (916 full APP1 segments, XMP extension style) in front
 * of a 1 MB photo: the PDF is the size of the same report with the bare
 * photo, give or take a few bytes. */
static void test_metadata_huge(void)
{
    char *dir = tmpdir();
    GByteArray *j = encode_halves(1200, 900, 2);
    GByteArray *segs = g_byte_array_new();
    guint8 *payload = g_malloc(65533);
    memset(payload, 'x', 65533);
    memcpy(payload, "http://ns.adobe.com/xmp/extension/", 35);
    for (int i = 0; i < 916; i++)
        put_segment(segs, 0xE1, payload, 65533);
    g_free(payload);
    GByteArray *huge = with_segments(j, segs);
    g_assert_cmpuint(huge->len, >, 60000000);
    char *bare_photo = put_file(dir, "bare.jpg", j->data, j->len);
    char *huge_photo = put_file(dir, "huge.jpg", huge->data, huge->len);
    char *bare_pdf = g_build_filename(dir, "bare.pdf", NULL), *huge_pdf = g_build_filename(dir, "huge.pdf", NULL);
    char *trip = trip_with(dir, "bare.jpg", "");
    render_ok(trip, bare_pdf, NULL);
    g_free(trip);
    trip = trip_with(dir, "huge.jpg", "");
    render_ok(trip, huge_pdf, NULL);
    GStatBuf sb, sh;
    g_assert_cmpint(g_stat(bare_pdf, &sb), ==, 0);
    g_assert_cmpint(g_stat(huge_pdf, &sh), ==, 0);
    g_test_message("photo %u bytes with %u of metadata; PDF %ld bytes, %ld with the bare photo", huge->len, segs->len,
                   (long)sh.st_size, (long)sb.st_size);
    g_assert_cmpint(sh.st_size, <=, sb.st_size + 64);
    g_assert_cmpint(sh.st_size, <, (gint64)j->len + 200 * 1024);
    g_byte_array_unref(huge);
    g_byte_array_unref(segs);
    g_byte_array_unref(j);
    rm_rf(dir);
    g_free(trip);
    g_free(bare_pdf);
    g_free(huge_pdf);
    g_free(bare_photo);
    g_free(huge_photo);
    g_free(dir);
}

/* --image-dpi re-encodes the photo: the new JPEG has no metadata either
 * (with the option to keep it too: it is a new image), only the photo's
 * ICC profile, which still describes its colours (not in grey). */
static void test_metadata_image_dpi(void)
{
    char *dir = tmpdir();
    GByteArray *j = encode_halves(600, 800, 4), *icc = NULL;
    GByteArray *segs = phone_segments(&icc);
    GByteArray *phone = with_segments(j, segs);
    char *photo = put_file(dir, "phone.jpg", phone->data, phone->len);
    char *trip = trip_with(dir, "phone.jpg", "");
    static const char *const how[] = { NULL, "--keep-photo-metadata", "--grayscale-photos" };
    static const char *const names[] = { "s", "k", "g" };
    for (int k = 0; k < 3; k++) {
        char *pdf = g_strdup_printf("%s/%s.pdf", dir, names[k]);
        result r = how[k] ? RUN(bin, "render", trip, "--image-dpi", "40", how[k], "-o", pdf)
                          : RUN(bin, "render", trip, "--image-dpi", "40", "-o", pdf);
        g_assert_cmpint(r.status, ==, 0);
        result_clear(&r);
        GByteArray *x = extracted(pdf, dir, names[k]);
        g_assert_cmpuint(x->len, <, j->len / 2); /* downsampled */
        gsize sos = 0;
        GArray *sg = segments(x->data, x->len, &sos);
        GByteArray *prof = g_byte_array_new();
        for (guint i = 0; i < sg->len; i++) {
            const seg *a = &g_array_index(sg, seg, i);
            if (a->m == 0xE2) {
                g_assert_cmpmem(x->data + a->at + 4, 12, "ICC_PROFILE\0", 12);
                g_byte_array_append(prof, x->data + a->at + 4 + 14, (guint)(a->len - 4 - 14));
            } else if (is_app(a->m)) {
                g_assert_true(a->m == 0xE0 && memcmp(x->data + a->at + 4, "JFIF\0", 5) == 0);
            }
        }
        if (k < 2)
            g_assert_cmpmem(prof->data, prof->len, icc->data, icc->len);
        else
            g_assert_cmpuint(prof->len, ==, 0); /* grey: the colour profile no longer applies */
        g_byte_array_unref(prof);
        char *xp = put_file(dir, "x.jpg", x->data, x->len);
        char *tags = exiftool(xp);
        assert_secrets(tags, false, "the downsampled photo");
        g_assert_false(file_has(pdf, SERIAL));
        g_free(tags);
        g_free(xp);
        g_array_unref(sg);
        g_byte_array_unref(x);
        g_free(pdf);
    }
    rm_rf(dir);
    g_free(trip);
    g_free(photo);
    g_byte_array_unref(phone);
    g_byte_array_unref(segs);
    g_byte_array_unref(icc);
    g_byte_array_unref(j);
    g_free(dir);
}

/* The layout key keeps it too; a bad value is an error at its line. */
static void test_metadata_layout_key(void)
{
    char *dir = tmpdir();
    GByteArray *j = encode_halves(300, 400, 5), *icc = NULL;
    GByteArray *segs = phone_segments(&icc);
    GByteArray *phone = with_segments(j, segs);
    char *photo = put_file(dir, "phone.jpg", phone->data, phone->len);
    char *lay = put_file(dir, "archive.layout", "base: default\nphoto-metadata: keep\n", 35);
    char *bad = put_file(dir, "bad.layout", "base: default\nphoto-metadata: yes\n", 34);
    char *trip = trip_with(dir, "phone.jpg", "layout: archive.layout\n");
    char *pdf = g_build_filename(dir, "a.pdf", NULL);
    render_ok(trip, pdf, NULL);
    GByteArray *x = extracted(pdf, dir, "a");
    g_assert_cmpmem(x->data, x->len, phone->data, phone->len);
    g_byte_array_unref(x);
    /* the option --layout naming a design that strips: stripped */
    render_ok(trip, pdf, "--layout=default");
    x = extracted(pdf, dir, "b");
    g_assert_cmpuint(x->len, <, phone->len);
    g_assert_false(file_has(pdf, SERIAL));
    g_byte_array_unref(x);
    result r = RUN(bin, "render", trip, "--layout", bad, "-o", pdf);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "bad.layout:2:17: error: 'photo-metadata' must be 'strip' or 'keep'; got 'yes'"));
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_free(bad);
    g_free(lay);
    g_free(photo);
    g_byte_array_unref(phone);
    g_byte_array_unref(segs);
    g_byte_array_unref(icc);
    g_byte_array_unref(j);
    g_free(dir);
}

/* batch renders again when the option changes (it is an output option),
 * and not when it does not. */
static void test_metadata_batch(void)
{
    char *dir = tmpdir();
    char *rep = g_build_filename(dir, "001-a", NULL);
    g_assert_cmpint(g_mkdir(rep, 0755), ==, 0);
    GByteArray *j = encode_halves(120, 160, 6), *icc = NULL;
    GByteArray *segs = phone_segments(&icc);
    GByteArray *phone = with_segments(j, segs);
    char *photo = put_file(rep, "phone.jpg", phone->data, phone->len);
    char *trip = trip_with(rep, "phone.jpg", "");
    char *out = g_build_filename(dir, "out", NULL);
    static const struct {
        const char *opt;
        const char *says;
    } runs[] = {
        { NULL, "rendered 1, skipped 0" },
        { NULL, "rendered 0, skipped 1" },
        { "--keep-photo-metadata", "rendered 1, skipped 0" },
        { "--keep-photo-metadata", "rendered 0, skipped 1" },
        { NULL, "rendered 1, skipped 0" },
    };
    for (gsize i = 0; i < G_N_ELEMENTS(runs); i++) {
        result r = runs[i].opt ? RUN(bin, "batch", "-j", "1", "-o", out, runs[i].opt, dir)
                               : RUN(bin, "batch", "-j", "1", "-o", out, dir);
        if (!strstr(r.out, runs[i].says) && !strstr(r.err, runs[i].says))
            g_test_message("run %zu: %s%s", i, r.out, r.err);
        g_assert_cmpint(r.status, ==, 0);
        g_assert_true(strstr(r.out, runs[i].says) || strstr(r.err, runs[i].says));
        result_clear(&r);
        char *pdf = g_build_filename(out, "001-a.pdf", NULL);
        g_assert_true(file_has(pdf, SERIAL) == (runs[i].opt != NULL));
        g_free(pdf);
    }
    rm_rf(dir);
    g_free(out);
    g_free(trip);
    g_free(photo);
    g_free(rep);
    g_byte_array_unref(phone);
    g_byte_array_unref(segs);
    g_byte_array_unref(icc);
    g_byte_array_unref(j);
    g_free(dir);
}

/* A CMYK JPEG (YCCK, Adobe APP14) with EXIF: refused alike either way
 * (the program takes no CMYK); what the Adobe segment does to its pixels
 * is in tests/unit/test_image_strip.c. */
static void test_metadata_cmyk(void)
{
    char *dir = tmpdir();
    guint8 *px = g_malloc(64 * 48 * 4);
    for (int i = 0; i < 64 * 48 * 4; i++)
        px[i] = (guint8)(i * 13);
    tjhandle tj = tjInitCompress();
    unsigned char *jpeg = NULL;
    unsigned long len = 0;
    g_assert_cmpint(tjCompress2(tj, px, 64, 0, 48, TJPF_CMYK, &jpeg, &len, TJSAMP_444, 90, 0), ==, 0);
    tjDestroy(tj);
    GByteArray *ex = phone_exif(1);
    GByteArray *f = g_byte_array_new();
    g_byte_array_append(f, jpeg, 2);
    put_segment(f, 0xE1, ex->data, ex->len);
    g_byte_array_append(f, jpeg + 2, (guint)(len - 2));
    tjFree(jpeg);
    g_free(px);
    char *photo = put_file(dir, "cmyk.jpg", f->data, f->len);
    char *trip = trip_with(dir, "cmyk.jpg", "");
    char *pdf = g_build_filename(dir, "c.pdf", NULL);
    result a = RUN(bin, "render", trip, "-o", pdf);
    result b = RUN(bin, "render", trip, "--keep-photo-metadata", "-o", pdf);
    g_assert_cmpint(a.status, ==, 1);
    g_assert_cmpint(b.status, ==, 1);
    g_assert_nonnull(strstr(a.err, "CMYK"));
    g_assert_cmpstr(a.err, ==, b.err);
    result_clear(&a);
    result_clear(&b);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_free(photo);
    g_byte_array_unref(f);
    g_byte_array_unref(ex);
    g_free(dir);
}

E2E_TESTS(add_photo_metadata_tests, 22)
{
    g_test_add_func("/e2e/photo-metadata/stripped", test_metadata_stripped);
    g_test_add_func("/e2e/photo-metadata/huge", test_metadata_huge);
    g_test_add_func("/e2e/photo-metadata/image-dpi", test_metadata_image_dpi);
    g_test_add_func("/e2e/photo-metadata/layout-key", test_metadata_layout_key);
    g_test_add_func("/e2e/photo-metadata/batch", test_metadata_batch);
    g_test_add_func("/e2e/photo-metadata/cmyk", test_metadata_cmyk);
}
