/* image_probe: an image's bytes in (pread from a file, or memory), its
 * image_info out: sniffed, a JPEG's header segments and EXIF walked and its
 * end found, a PNG's chunks checked to its IEND. Never the pixels. */
#include "image_probe.h"
#include "i18n.h"

#include "image_sniff.h"
#include "image_source.h"

#include <libexif/exif-data.h>
#include <stdint.h>
#include <string.h>
#include <turbojpeg.h>
#include <unistd.h>

/*** Limits ***/

#define MAX_PIXELS 50000000LL              /* 50 megapixels */
#define MAX_SIDE 20000                     /* pixels, either side */
#define MAX_JPEG_HEADER (1 << 20)          /* the segments libjpeg needs, before the first SOS */
#define MAX_JPEG_SEGMENTS 4096             /* before the first SOS (64 KB each at most) */
#define MAX_PNG_CHUNKS (1 << 20)           /* a 128 MB PNG in 8 KB IDATs has 16 K */
#define TAIL_SCAN 64                       /* the EOI / IEND must be within the last 64 bytes */

/* Messages (no path: the caller adds the position). */
#define MSG_JPEG_TRUNCATED \
    N_("is a truncated or damaged JPEG (it does not end properly); copy the photo again from the camera or phone")
#define MSG_JPEG_HEADER_TRUNCATED \
    N_("is a truncated or damaged JPEG (its header is incomplete); copy the photo again from the camera or phone")
#define MSG_JPEG_DAMAGED \
    N_("is a damaged JPEG (its header cannot be read); copy the photo again from the camera or phone")
#define MSG_PNG_TRUNCATED \
    N_("is a truncated or damaged PNG (it does not end properly); save or copy the image again")
#define MSG_PNG_DAMAGED N_("is a damaged PNG (its header cannot be read); save or copy the image again")

/* Whether a w × h image is within the limits; else false with the message. */
static bool check_limits(int w, int h, GError **err)
{
    if ((long long)w * h > MAX_PIXELS) {
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, _("claims %d×%d pixels, more than the 50-megapixel limit"),
                    w, h);
        return false;
    }
    if (w > MAX_SIDE || h > MAX_SIDE) {
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE,
                    _("claims %d×%d pixels, more than the %d-pixel limit for one side"), w, h, MAX_SIDE);
        return false;
    }
    return true;
}

void image_info_set_display(image_info *info)
{
    bool swap = info->orientation >= 5 && info->orientation <= 8;
    info->display_w = swap ? info->height : info->width;
    info->display_h = swap ? info->width : info->height;
}

/*** A JPEG: its header segments, EXIF and end ***/

static bool is_sof(int m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* EXIF orientation from an APP1 payload ("Exif\0\0" + TIFF); 1 when absent
 * or outside 1..8. */
static int exif_orientation(const guint8 *data, size_t len)
{
    ExifData *ed = exif_data_new();
    if (!ed)
        return 1;
    /* Do not "fix" the data (adding the mandatory tags): we only read. */
    exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_load_data(ed, data, (unsigned)len);
    int o = 1;
    ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->data && e->components >= 1) {
        ExifByteOrder bo = exif_data_get_byte_order(ed);
        if (e->format == EXIF_FORMAT_SHORT && e->size >= 2)
            o = exif_get_short(e->data, bo);
        else if (e->format == EXIF_FORMAT_LONG && e->size >= 4)
            o = (int)MIN(exif_get_long(e->data, bo), 9u);
        else if (e->format == EXIF_FORMAT_BYTE && e->size >= 1)
            o = e->data[0];
    }
    exif_data_unref(ed);
    return o >= 1 && o <= 8 ? o : 1;
}

/* Finds the end of the EOI marker by walking the entropy-coded data and the
 * segments between scans from 'off', 64 KB at a time. -1 if there is none. */
static goffset find_eoi(image_source *s, goffset off)
{
    enum { WIN = 64 * 1024 };
    guint8 *buf = g_malloc(WIN);
    goffset base = 0;
    size_t len = 0;
    goffset result = -1;
#define BYTE_AT(o, out)                                                                  \
    do {                                                                                 \
        goffset o_ = (o);                                                                \
        if (o_ < base || o_ >= base + (goffset)len) {                                    \
            if (o_ < 0 || o_ >= s->size)                                                 \
                goto done;                                                               \
            len = (size_t)MIN((goffset)WIN, s->size - o_);                               \
            if (!image_source_read(s, o_, buf, len))                                              \
                goto done;                                                               \
            base = o_;                                                                   \
        }                                                                                \
        (out) = buf[o_ - base];                                                          \
    } while (0)
    for (;;) {
        int c;
        BYTE_AT(off, c);
        if (c != 0xFF) {
            const guint8 *p = buf + (off - base);
            const guint8 *ff = memchr(p, 0xFF, len - (size_t)(off - base));
            off = ff ? base + (ff - buf) : base + (goffset)len;
            continue;
        }
        int m;
        BYTE_AT(off + 1, m);
        if (m == 0xFF) { /* fill byte */
            off++;
            continue;
        }
        if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { /* stuffing, TEM, restart */
            off += 2;
            continue;
        }
        if (m == 0xD9) {
            result = off + 2;
            goto done;
        }
        int hi, lo; /* a segment between scans (DHT, SOS, DQT, DRI, DNL, APPn, COM) */
        BYTE_AT(off + 2, hi);
        BYTE_AT(off + 3, lo);
        int seglen = hi << 8 | lo;
        if (seglen < 2)
            goto done;
        off += 2 + seglen;
    }
done:
#undef BYTE_AT
    g_free(buf);
    return result;
}

/* Segments libjpeg reads for the header: SOFn, DHT, DAC, DQT, DRI, SOS,
 * JFIF (APP0) and Adobe (APP14), which decide the colour space. Other APPn
 * (EXIF, XMP, ICC: megabytes in some phones' files) and COM are skipped. */
static bool header_needs(int m)
{
    return is_sof(m) || m == 0xC4 || m == 0xCC || m == 0xDA || m == 0xDB || m == 0xDD || m == 0xE0 ||
           m == 0xEE;
}

static bool probe_jpeg_fail(GByteArray *hdr, guint8 *exif, const image_source *s, GError **err, const char *msg)
{
    g_byte_array_unref(hdr);
    g_free(exif);
    return image_source_fail(s, err, msg);
}

static bool probe_jpeg(image_source *s, image_probe_result *r, GError **err)
{
    goffset off = 2, header_end = -1;
    guint8 *exif = NULL; /* the first EXIF APP1 payload */
    size_t exif_len = 0;
    bool sof = false;
    int sof_w = 0, sof_h = 0; /* the size in the first SOF */
    /* A header for libjpeg-turbo: SOI and the segments it needs, up to the first SOS. */
    GByteArray *hdr = g_byte_array_new();
    g_byte_array_append(hdr, (const guint8 *)"\xFF\xD8", 2);
#define FAIL(msg) return probe_jpeg_fail(hdr, exif, s, err, (msg))
    for (int nseg = 0; header_end < 0; nseg++) {
        guint8 b[4];
        if (nseg > MAX_JPEG_SEGMENTS)
            FAIL(MSG_JPEG_DAMAGED);
        if (!image_source_read(s, off, b, 2))
            FAIL(MSG_JPEG_HEADER_TRUNCATED);
        if (b[0] != 0xFF)
            FAIL(MSG_JPEG_DAMAGED);
        for (int fill = 0; b[1] == 0xFF; fill++) {
            if (fill > 64)
                FAIL(MSG_JPEG_DAMAGED);
            off++;
            if (!image_source_read(s, off, b, 2))
                FAIL(MSG_JPEG_HEADER_TRUNCATED);
        }
        int m = b[1];
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            off += 2;
            continue;
        }
        if (m == 0x00 || m == 0xD8 || m == 0xD9)
            FAIL(MSG_JPEG_DAMAGED);
        if (!image_source_read(s, off + 2, b + 2, 2))
            FAIL(MSG_JPEG_HEADER_TRUNCATED);
        unsigned seglen = (unsigned)b[2] << 8 | b[3];
        if (seglen < 2)
            FAIL(MSG_JPEG_DAMAGED);
        goffset end = off + 2 + seglen;
        if (end > s->size)
            FAIL(MSG_JPEG_HEADER_TRUNCATED);
        if (m == 0xE1 && !exif && seglen >= 2 + 6 + 8) {
            guint8 *payload = g_malloc(seglen - 2);
            if (!image_source_read(s, off + 4, payload, seglen - 2)) {
                g_free(payload);
                FAIL(MSG_JPEG_HEADER_TRUNCATED);
            }
            if (memcmp(payload, "Exif\0\0", 6) == 0) {
                exif = payload;
                exif_len = seglen - 2;
            } else {
                g_free(payload);
            }
        }
        if (header_needs(m)) {
            if (hdr->len + 2 + seglen > MAX_JPEG_HEADER)
                FAIL(MSG_JPEG_DAMAGED);
            guint len = hdr->len;
            g_byte_array_set_size(hdr, len + 2 + seglen);
            if (!image_source_read(s, off, hdr->data + len, 2 + seglen))
                FAIL(MSG_JPEG_HEADER_TRUNCATED);
        }
        if (is_sof(m) && !sof && seglen >= 2 + 6) {
            /* its copy in 'hdr': marker, length, precision, height, width */
            const guint8 *p = hdr->data + hdr->len - (2 + seglen);
            sof_h = p[5] << 8 | p[6];
            sof_w = p[7] << 8 | p[8];
        }
        if (is_sof(m))
            sof = true;
        if (m == 0xDA)
            header_end = end;
        off = end;
    }
    if (!sof)
        FAIL(MSG_JPEG_DAMAGED);
#undef FAIL
    /* The limits before libjpeg-turbo reads the header: it refuses a side
     * over 65500 pixels as an error of its own, which would read as damage
     * (issue 17). A size of 0 (DNL) is left to it: damaged. */
    if (sof_w > 0 && sof_h > 0 && !check_limits(sof_w, sof_h, err)) {
        g_byte_array_unref(hdr);
        g_free(exif);
        return false;
    }

    int w = 0, h = 0, subsamp = 0, cs = 0;
    tjhandle tj = tjInitDecompress();
    int rc = tj ? tjDecompressHeader3(tj, hdr->data, hdr->len, &w, &h, &subsamp, &cs) : -1;
    if (tj)
        tjDestroy(tj);
    g_byte_array_unref(hdr);
    int orientation = exif ? exif_orientation(exif, exif_len) : 1;
    g_free(exif);
    if (rc != 0 || w <= 0 || h <= 0)
        return image_source_fail(s, err, MSG_JPEG_DAMAGED);
    if (!check_limits(w, h, err))
        return false;
    if (cs == TJCS_CMYK || cs == TJCS_YCCK) {
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
                            _("is a CMYK JPEG (made for printing), which is not supported: save it as an RGB JPEG"));
        return false;
    }

    /* The end: an EOI marker within the last bytes (padding or a few stray
     * bytes may follow it). Otherwise data may trail the image (motion
     * photos append a video): walk the scans to the EOI and embed up to it. */
    goffset tail_start = MAX(header_end, s->size - TAIL_SCAN);
    guint8 tail[TAIL_SCAN];
    size_t tail_len = (size_t)(s->size - tail_start);
    if (!image_source_read(s, tail_start, tail, tail_len))
        return image_source_fail(s, err, MSG_JPEG_TRUNCATED);
    bool ends = false;
    for (size_t i = 0; i + 1 < tail_len && !ends; i++)
        ends = tail[i] == 0xFF && tail[i + 1] == 0xD9;
    goffset data_len = s->size;
    if (!ends) {
        data_len = find_eoi(s, header_end);
        if (data_len < 0)
            return image_source_fail(s, err, MSG_JPEG_TRUNCATED);
    }

    r->info.format = IMAGE_FORMAT_JPEG;
    r->info.width = w;
    r->info.height = h;
    r->info.orientation = orientation;
    image_info_set_display(&r->info);
    r->data_len = data_len;
    r->subsamp = subsamp;
    return true;
}

/*** A PNG: its IHDR and chunks ***/

static bool probe_png(image_source *s, image_probe_result *r, GError **err)
{
    guint8 h[24];
    if (!image_source_read(s, 0, h, sizeof h))
        return image_source_fail(s, err, MSG_PNG_TRUNCATED);
    if (memcmp(h + 8, "\0\0\0\x0DIHDR", 8) != 0)
        return image_source_fail(s, err, MSG_PNG_DAMAGED);
    uint32_t w = image_be32(h + 16), ht = image_be32(h + 20);
    if (w == 0 || ht == 0 || w > INT32_MAX || ht > INT32_MAX)
        return image_source_fail(s, err, MSG_PNG_DAMAGED);
    if (!check_limits((int)w, (int)ht, err))
        return false;
    /* signature 8 + IHDR 25, then at least IEND 12 */
    if (s->size < 8 + 25 + 12)
        return image_source_fail(s, err, MSG_PNG_TRUNCATED);
    goffset tail_start = MAX((goffset)33, s->size - TAIL_SCAN);
    guint8 tail[TAIL_SCAN];
    size_t tail_len = (size_t)(s->size - tail_start);
    if (!image_source_read(s, tail_start, tail, tail_len))
        return image_source_fail(s, err, MSG_PNG_TRUNCATED);
    bool ends = false;
    for (size_t i = 0; i + 12 <= tail_len && !ends; i++)
        ends = memcmp(tail + i, "\0\0\0\0IEND", 8) == 0;
    if (!ends)
        return image_source_fail(s, err, MSG_PNG_TRUNCATED);
    /* Every chunk lies within the file, up to the IEND: libpng allocates
     * what a chunk's length claims before it reads the data, so a length
     * past the end of a 100-byte file had it ask for 2 GB. */
    goffset off = 8;
    for (int n = 0;; n++) {
        guint8 c[8];
        if (n > MAX_PNG_CHUNKS || !image_source_read(s, off, c, sizeof c))
            return image_source_fail(s, err, MSG_PNG_TRUNCATED);
        uint32_t len = image_be32(c);
        if (len > INT32_MAX || (goffset)len > s->size - off - 12)
            return image_source_fail(s, err, MSG_PNG_TRUNCATED);
        if (memcmp(c + 4, "IEND", 4) == 0)
            break;
        off += 12 + (goffset)len;
    }
    r->info.format = IMAGE_FORMAT_PNG;
    r->info.width = (int)w;
    r->info.height = (int)ht;
    r->info.orientation = 1;
    image_info_set_display(&r->info);
    r->data_len = s->size;
    return true;
}

/*** Either ***/

static bool probe_source(image_source *s, image_probe_result *r, GError **err)
{
    memset(r, 0, sizeof *r);
    r->info.orientation = 1;
    if (s->size == 0) {
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_EMPTY, _("is empty (0 bytes)"));
        return false;
    }
    guint8 head[IMAGE_SNIFF_BYTES];
    size_t n = (size_t)MIN(s->size, (goffset)IMAGE_SNIFF_BYTES);
    if (!image_source_read(s, 0, head, n))
        return image_source_fail(s, err, N_("cannot be read"));
    if (image_sniff_jpeg(head, n))
        return probe_jpeg(s, r, err);
    if (image_sniff_png(head, n))
        return probe_png(s, r, err);
    g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_FORMAT, image_sniff_other(head, n));
    return false;
}

/* Probes 's' into 'info' (reset on failure): what image_probe and
 * image_probe_bytes share. */
static bool probe_into(image_source *s, image_info *info, GError **err)
{
    image_probe_result r;
    memset(&r, 0, sizeof r);
    bool ok = probe_source(s, &r, err);
    if (info)
        *info = ok ? r.info : (image_info){ .format = IMAGE_FORMAT_NONE, .orientation = 1 };
    return ok;
}

bool image_probe(const char *path, image_info *info, GError **err)
{
    g_return_val_if_fail(path != NULL, false);
    goffset size = 0;
    int fd = image_source_open(path, &size, err);
    if (fd < 0) {
        if (info)
            *info = (image_info){ .format = IMAGE_FORMAT_NONE, .orientation = 1 };
        return false;
    }
    image_source s = { .fd = fd, .mem = NULL, .size = size, .err = 0 };
    bool ok = probe_into(&s, info, err);
    close(fd);
    return ok;
}

bool image_probe_bytes(const guint8 *data, gsize len, image_info *info, GError **err)
{
    g_return_val_if_fail(data != NULL || len == 0, false);
    image_source s = { .fd = -1, .mem = data, .size = (goffset)len, .err = 0 };
    return probe_into(&s, info, err);
}

bool image_probe_bytes_full(const guint8 *data, gsize len, image_probe_result *r, GError **err)
{
    g_return_val_if_fail((data != NULL || len == 0) && r != NULL, false);
    image_source s = { .fd = -1, .mem = data, .size = (goffset)len, .err = 0 };
    return probe_source(&s, r, err);
}
