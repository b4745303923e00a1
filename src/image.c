/* image: photos and maps. Probing reads the first bytes, the JPEG header
 * segments and the file's tail (never the whole file, never the pixels);
 * drawing reads a file once per cache and passes JPEG bytes through to the
 * PDF as cairo mime data, and PNGs (when asked) as placeholders that
 * pdfpost replaces with their IDAT data. */
#include "image.h"

#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <libexif/exif-data.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <turbojpeg.h>
#include <unistd.h>
#include <zlib.h>

/*** Limits ***/

#define MAX_PIXELS 50000000LL              /* 50 megapixels */
#define MAX_SIDE 20000                     /* pixels, either side */
#define MAX_JPEG_HEADER (1 << 20)          /* the segments libjpeg needs, before the first SOS */
#define MAX_JPEG_SEGMENTS 4096             /* before the first SOS (64 KB each at most) */
#define MAX_PNG_CHUNKS (1 << 20)           /* a 128 MB PNG in 8 KB IDATs has 16 K */
#define TAIL_SCAN 64                       /* the EOI / IEND must be within the last 64 bytes */
#define SNIFF_BYTES 512

static GQuark image_error_quark(void)
{
    return g_quark_from_static_string("tripreport-image-error-quark");
}
#define IMAGE_ERROR image_error_quark()
enum { IMAGE_ERROR_READ, IMAGE_ERROR_EMPTY, IMAGE_ERROR_FORMAT, IMAGE_ERROR_DAMAGED, IMAGE_ERROR_TOO_LARGE };

/* Messages (no path: the caller adds the position). */
#define MSG_JPEG_TRUNCATED \
    "is a truncated or damaged JPEG (it does not end properly); copy the photo again from the camera or phone"
#define MSG_JPEG_HEADER_TRUNCATED \
    "is a truncated or damaged JPEG (its header is incomplete); copy the photo again from the camera or phone"
#define MSG_JPEG_DAMAGED \
    "is a damaged JPEG (its header cannot be read); copy the photo again from the camera or phone"
#define MSG_JPEG_UNDECODABLE \
    "is a damaged JPEG (its pixels cannot be decoded); copy the photo again from the camera or phone"
#define MSG_PNG_TRUNCATED \
    "is a truncated or damaged PNG (it does not end properly); save or copy the image again"
#define MSG_PNG_DAMAGED "is a damaged PNG (its header cannot be read); save or copy the image again"
#define MSG_PNG_UNDECODABLE "is a damaged PNG (its pixels cannot be decoded); save or copy the image again"

/*** Reading: a file descriptor or bytes in memory ***/

typedef struct source {
    int fd;              /* -1: 'mem' */
    const guint8 *mem;
    goffset size;
    int err;             /* errno of a failed read, 0 if none */
} source;

/* Reads exactly 'len' bytes at 'off'; false past the end or on an error
 * (then s->err is set). */
static bool src_read(source *s, goffset off, void *buf, size_t len)
{
    if (off < 0 || (goffset)len > s->size || off > s->size - (goffset)len)
        return false;
    if (len == 0)
        return true;
    if (s->fd < 0) {
        memcpy(buf, s->mem + off, len);
        return true;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(s->fd, (char *)buf + got, len - got, (off_t)(off + (goffset)got));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            s->err = errno;
            return false;
        }
        if (n == 0) /* the file shrank under us */
            return false;
        got += (size_t)n;
    }
    return true;
}

/* A failed read: an I/O error if there was one, otherwise 'msg'. */
static bool fail_read(const source *s, GError **err, const char *msg)
{
    if (s->err)
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_READ, "cannot be read (%s)", g_strerror(s->err));
    else
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, msg);
    return false;
}

static void set_open_error(int e, GError **err)
{
    if (e == ENOENT || e == ENOTDIR)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ, "was not found");
    else if (e == ELOOP)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ,
                            "is a symbolic link that leads round in a loop; make it point to the real file");
    else if (e == EACCES || e == EPERM)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ, "cannot be opened (permission denied)");
    else
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_READ, "cannot be read (%s)", g_strerror(e));
}

/* Opens a regular file for reading (infile_open: never a FIFO or device,
 * at most INFILE_MAX_IMAGE bytes; recorded as an input of the run). -1
 * with 'err' set otherwise. */
static int open_image(const char *path, goffset *size, GError **err)
{
    GError *e = NULL;
    int fd = infile_open(path, INFILE_IMAGE, size, &e);
    if (fd < 0) {
        int code = g_error_matches(e, INFILE_ERROR, INFILE_ERROR_TOO_LARGE) ? IMAGE_ERROR_TOO_LARGE : IMAGE_ERROR_READ;
        g_set_error_literal(err, IMAGE_ERROR, code, e->message);
        g_error_free(e);
    }
    return fd;
}

/*** Sniffing ***/

static bool has(const guint8 *p, size_t n, size_t off, const char *magic, size_t len)
{
    return n >= off + len && memcmp(p + off, magic, len) == 0;
}

static bool brand_in(const guint8 *b, const char *const *list)
{
    for (; *list; list++)
        if (memcmp(b, *list, 4) == 0)
            return true;
    return false;
}

/* An ISO base media file ('ftyp' box): HEIC, AVIF, a camera RAW or a video. */
static const char *sniff_ftyp(const guint8 *p, size_t n)
{
    static const char *const heic[] = { "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", NULL };
    static const char *const heif[] = { "mif1", "msf1", "mif2", NULL }; /* HEIF, the container of both */
    static const char *const avif[] = { "avif", "avis", NULL };
    static const char *const raw[] = { "crx ", NULL };
    uint32_t box = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    size_t end = MIN((size_t)MAX(box, 16u), n);
    bool is_heic = false, is_heif = false, is_avif = false, is_raw = false;
    /* major brand at 8, minor version at 12, compatible brands from 16 */
    for (size_t off = 8; off + 4 <= end; off += 4) {
        if (off == 12)
            continue;
        is_heic |= brand_in(p + off, heic);
        is_heif |= brand_in(p + off, heif);
        is_avif |= brand_in(p + off, avif);
        is_raw |= brand_in(p + off, raw);
    }
    const char *msg_heic = "is a HEIC photo, which PDF cannot hold: convert it to JPEG (on an iPhone: "
                           "Settings > Camera > Formats > Most Compatible)";
    const char *msg_avif = "is an AVIF image, which PDF cannot hold: convert it to JPEG or PNG";
    if (brand_in(p + 8, avif))
        return msg_avif;
    if (is_heic)
        return msg_heic;
    if (is_avif)
        return msg_avif;
    if (is_heif)
        return msg_heic;
    if (is_raw)
        return "is a camera RAW file: export it from the camera software as JPEG";
    return "is a video (MP4/MOV), not a photo: use a still photo, or save a frame of the video as JPEG";
}

/* Text in the first bytes: valid UTF-8 without control characters (a
 * multibyte character cut at the end is fine). */
static bool looks_like_text(const guint8 *p, size_t n)
{
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        p += 3;
        n -= 3;
    }
    const char *end = NULL;
    size_t valid = n;
    if (!g_utf8_validate((const char *)p, (gssize)n, &end)) {
        valid = (size_t)((const guint8 *)end - p);
        if (n - valid > 3)
            return false;
        for (size_t i = valid; i < n; i++)
            if (p[i] < 0x80)
                return false;
    }
    for (size_t i = 0; i < valid; i++) {
        guint8 c = p[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F)
            return false;
    }
    return valid > 0;
}

static bool contains(const guint8 *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(p + i, needle, k) == 0)
            return true;
    return false;
}

/* The message for a file that is not JPEG or PNG, from its first bytes. */
static const char *sniff_other(const guint8 *p, size_t n)
{
    if (n >= 12 && has(p, n, 4, "ftyp", 4))
        return sniff_ftyp(p, n);
    if (has(p, n, 0, "RIFF", 4) && has(p, n, 8, "WEBP", 4))
        return "is a WebP image, which PDF cannot hold: save it as JPEG or PNG";
    if (has(p, n, 0, "GIF87a", 6) || has(p, n, 0, "GIF89a", 6))
        return "is a GIF image, which is not supported: save it as PNG";
    if (has(p, n, 0, "II*\0", 4) || has(p, n, 0, "MM\0*", 4))
        return "is a TIFF image (or a camera RAW file), which is not supported: save it as JPEG or PNG";
    if (has(p, n, 0, "BM", 2) && n >= 18 && p[6] == 0 && p[7] == 0 && p[8] == 0 && p[9] == 0) {
        uint32_t dib = (uint32_t)p[14] | (uint32_t)p[15] << 8 | (uint32_t)p[16] << 16 | (uint32_t)p[17] << 24;
        if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124)
            return "is a BMP image, which is not supported: save it as PNG";
    }
    if (has(p, n, 0, "\xFF\x0A", 2) || has(p, n, 0, "\0\0\0\x0CJXL \r\n\x87\n", 12))
        return "is a JPEG XL image, which PDF cannot hold: convert it to JPEG or PNG";
    if (has(p, n, 0, "\0\0\0\x0CjP  \r\n\x87\n", 12) || has(p, n, 0, "\xFF\x4F\xFF\x51", 4))
        return "is a JPEG 2000 image, which is not supported: convert it to JPEG or PNG";
    if (has(p, n, 0, "8BPS", 4))
        return "is a Photoshop file: export it as JPEG or PNG";
    if (has(p, n, 0, "%PDF-", 5))
        return "is a PDF document, not an image: export the page as PNG";
    if (looks_like_text(p, n)) {
        if (contains(p, n, "<svg"))
            return "is an SVG drawing, which is not supported: export it as PNG";
        return "is not an image (it contains text); use a JPEG or PNG file";
    }
    return "is not an image (its format is not recognised); use a JPEG or PNG file";
}

/*** Probing ***/

typedef struct probe_result {
    image_info info;
    goffset data_len; /* JPEG: the bytes to embed (the file, or up to its EOI when data trails it) */
    int subsamp;      /* JPEG: TJSAMP_* (TJSAMP_GRAY: one channel) */
} probe_result;

static bool check_limits(int w, int h, GError **err)
{
    if ((long long)w * h > MAX_PIXELS) {
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, "claims %d×%d pixels, more than the 50-megapixel limit",
                    w, h);
        return false;
    }
    if (w > MAX_SIDE || h > MAX_SIDE) {
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE,
                    "claims %d×%d pixels, more than the %d-pixel limit for one side", w, h, MAX_SIDE);
        return false;
    }
    return true;
}

static void set_display(image_info *info)
{
    bool swap = info->orientation >= 5 && info->orientation <= 8;
    info->display_w = swap ? info->height : info->width;
    info->display_h = swap ? info->width : info->height;
}

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
static goffset find_eoi(source *s, goffset off)
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
            if (!src_read(s, o_, buf, len))                                              \
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

static bool probe_jpeg_fail(GByteArray *hdr, guint8 *exif, const source *s, GError **err, const char *msg)
{
    g_byte_array_unref(hdr);
    g_free(exif);
    return fail_read(s, err, msg);
}

static bool probe_jpeg(source *s, probe_result *r, GError **err)
{
    goffset off = 2, header_end = -1;
    guint8 *exif = NULL; /* the first EXIF APP1 payload */
    size_t exif_len = 0;
    bool sof = false;
    /* A header for libjpeg-turbo: SOI and the segments it needs, up to the first SOS. */
    GByteArray *hdr = g_byte_array_new();
    g_byte_array_append(hdr, (const guint8 *)"\xFF\xD8", 2);
#define FAIL(msg) return probe_jpeg_fail(hdr, exif, s, err, (msg))
    for (int nseg = 0; header_end < 0; nseg++) {
        guint8 b[4];
        if (nseg > MAX_JPEG_SEGMENTS)
            FAIL(MSG_JPEG_DAMAGED);
        if (!src_read(s, off, b, 2))
            FAIL(MSG_JPEG_HEADER_TRUNCATED);
        if (b[0] != 0xFF)
            FAIL(MSG_JPEG_DAMAGED);
        for (int fill = 0; b[1] == 0xFF; fill++) {
            if (fill > 64)
                FAIL(MSG_JPEG_DAMAGED);
            off++;
            if (!src_read(s, off, b, 2))
                FAIL(MSG_JPEG_HEADER_TRUNCATED);
        }
        int m = b[1];
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            off += 2;
            continue;
        }
        if (m == 0x00 || m == 0xD8 || m == 0xD9)
            FAIL(MSG_JPEG_DAMAGED);
        if (!src_read(s, off + 2, b + 2, 2))
            FAIL(MSG_JPEG_HEADER_TRUNCATED);
        unsigned seglen = (unsigned)b[2] << 8 | b[3];
        if (seglen < 2)
            FAIL(MSG_JPEG_DAMAGED);
        goffset end = off + 2 + seglen;
        if (end > s->size)
            FAIL(MSG_JPEG_HEADER_TRUNCATED);
        if (m == 0xE1 && !exif && seglen >= 2 + 6 + 8) {
            guint8 *payload = g_malloc(seglen - 2);
            if (!src_read(s, off + 4, payload, seglen - 2)) {
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
            if (!src_read(s, off, hdr->data + len, 2 + seglen))
                FAIL(MSG_JPEG_HEADER_TRUNCATED);
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

    int w = 0, h = 0, subsamp = 0, cs = 0;
    tjhandle tj = tjInitDecompress();
    int rc = tj ? tjDecompressHeader3(tj, hdr->data, hdr->len, &w, &h, &subsamp, &cs) : -1;
    if (tj)
        tjDestroy(tj);
    g_byte_array_unref(hdr);
    int orientation = exif ? exif_orientation(exif, exif_len) : 1;
    g_free(exif);
    if (rc != 0 || w <= 0 || h <= 0)
        return fail_read(s, err, MSG_JPEG_DAMAGED);
    if (!check_limits(w, h, err))
        return false;
    if (cs == TJCS_CMYK || cs == TJCS_YCCK) {
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
                            "is a CMYK JPEG (made for printing), which is not supported: save it as an RGB JPEG");
        return false;
    }

    /* The end: an EOI marker within the last bytes (padding or a few stray
     * bytes may follow it). Otherwise data may trail the image (motion
     * photos append a video): walk the scans to the EOI and embed up to it. */
    goffset tail_start = MAX(header_end, s->size - TAIL_SCAN);
    guint8 tail[TAIL_SCAN];
    size_t tail_len = (size_t)(s->size - tail_start);
    if (!src_read(s, tail_start, tail, tail_len))
        return fail_read(s, err, MSG_JPEG_TRUNCATED);
    bool ends = false;
    for (size_t i = 0; i + 1 < tail_len && !ends; i++)
        ends = tail[i] == 0xFF && tail[i + 1] == 0xD9;
    goffset data_len = s->size;
    if (!ends) {
        data_len = find_eoi(s, header_end);
        if (data_len < 0)
            return fail_read(s, err, MSG_JPEG_TRUNCATED);
    }

    r->info.format = IMAGE_FORMAT_JPEG;
    r->info.width = w;
    r->info.height = h;
    r->info.orientation = orientation;
    set_display(&r->info);
    r->data_len = data_len;
    r->subsamp = subsamp;
    return true;
}

static uint32_t be32(const guint8 *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool probe_png(source *s, probe_result *r, GError **err)
{
    guint8 h[24];
    if (!src_read(s, 0, h, sizeof h))
        return fail_read(s, err, MSG_PNG_TRUNCATED);
    if (memcmp(h + 8, "\0\0\0\x0DIHDR", 8) != 0)
        return fail_read(s, err, MSG_PNG_DAMAGED);
    uint32_t w = be32(h + 16), ht = be32(h + 20);
    if (w == 0 || ht == 0 || w > INT32_MAX || ht > INT32_MAX)
        return fail_read(s, err, MSG_PNG_DAMAGED);
    if (!check_limits((int)w, (int)ht, err))
        return false;
    /* signature 8 + IHDR 25, then at least IEND 12 */
    if (s->size < 8 + 25 + 12)
        return fail_read(s, err, MSG_PNG_TRUNCATED);
    goffset tail_start = MAX((goffset)33, s->size - TAIL_SCAN);
    guint8 tail[TAIL_SCAN];
    size_t tail_len = (size_t)(s->size - tail_start);
    if (!src_read(s, tail_start, tail, tail_len))
        return fail_read(s, err, MSG_PNG_TRUNCATED);
    bool ends = false;
    for (size_t i = 0; i + 12 <= tail_len && !ends; i++)
        ends = memcmp(tail + i, "\0\0\0\0IEND", 8) == 0;
    if (!ends)
        return fail_read(s, err, MSG_PNG_TRUNCATED);
    /* Every chunk lies within the file, up to the IEND: libpng allocates
     * what a chunk's length claims before it reads the data, so a length
     * past the end of a 100-byte file had it ask for 2 GB. */
    goffset off = 8;
    for (int n = 0;; n++) {
        guint8 c[8];
        if (n > MAX_PNG_CHUNKS || !src_read(s, off, c, sizeof c))
            return fail_read(s, err, MSG_PNG_TRUNCATED);
        uint32_t len = be32(c);
        if (len > INT32_MAX || (goffset)len > s->size - off - 12)
            return fail_read(s, err, MSG_PNG_TRUNCATED);
        if (memcmp(c + 4, "IEND", 4) == 0)
            break;
        off += 12 + (goffset)len;
    }
    r->info.format = IMAGE_FORMAT_PNG;
    r->info.width = (int)w;
    r->info.height = (int)ht;
    r->info.orientation = 1;
    set_display(&r->info);
    r->data_len = s->size;
    return true;
}

static bool probe_source(source *s, probe_result *r, GError **err)
{
    memset(r, 0, sizeof *r);
    r->info.orientation = 1;
    if (s->size == 0) {
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_EMPTY, "is empty (0 bytes)");
        return false;
    }
    guint8 head[SNIFF_BYTES];
    size_t n = (size_t)MIN(s->size, (goffset)SNIFF_BYTES);
    if (!src_read(s, 0, head, n))
        return fail_read(s, err, "cannot be read");
    if (has(head, n, 0, "\xFF\xD8\xFF", 3))
        return probe_jpeg(s, r, err);
    if (has(head, n, 0, "\x89PNG\r\n\x1A\n", 8))
        return probe_png(s, r, err);
    g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_FORMAT, sniff_other(head, n));
    return false;
}

/* Probes 's' into 'info' (reset on failure): what image_probe and
 * image_probe_bytes share. */
static bool probe_into(source *s, image_info *info, GError **err)
{
    probe_result r;
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
    int fd = open_image(path, &size, err);
    if (fd < 0) {
        if (info)
            *info = (image_info){ .format = IMAGE_FORMAT_NONE, .orientation = 1 };
        return false;
    }
    source s = { .fd = fd, .mem = NULL, .size = size, .err = 0 };
    bool ok = probe_into(&s, info, err);
    close(fd);
    return ok;
}

bool image_probe_bytes(const guint8 *data, gsize len, image_info *info, GError **err)
{
    g_return_val_if_fail(data != NULL || len == 0, false);
    source s = { .fd = -1, .mem = data, .size = (goffset)len, .err = 0 };
    return probe_into(&s, info, err);
}

/*** Cache ***/

typedef struct entry {
    char *real;              /* the file's real path, to read it again */
    char *uid;               /* CAIRO_MIME_TYPE_UNIQUE_ID: a hash of the real path */
    image_info info;
    goffset data_len;        /* JPEG: the bytes embedded (up to its EOI) */
    GBytes *jpeg;            /* JPEG: the bytes to embed; NULL after image_cache_trim() until needed again */
    cairo_surface_t *mime;   /* JPEG: 1×1 surface carrying the bytes as mime data (for PDF) */
    cairo_surface_t *pixels; /* decoded pixels: PNG always, JPEG when decoded (at 'scale') */
    tjscalingfactor scale;
    cairo_surface_t *grey_pixels; /* JPEG: decoded in grey for previews (at 'grey_scale') */
    tjscalingfactor grey_scale;
    int subsamp;             /* JPEG: TJSAMP_* */
    GHashTable *reduced;     /* downsampled or grey for PDF: unique id -> surface (NULL until needed) */
    GBytes *png;             /* PNG not decoded yet (passthrough): its bytes, or NULL after a trim */
    pdfpost_png pass;        /* PNG that may pass through: its description ('path' owned) */
    cairo_surface_t *placeholder; /* PNG passed through: what is drawn in its place */
} entry;

#define DEFAULT_QUALITY 85
#define DOWNSAMPLE_TOLERANCE 1.02 /* up to 2 % more pixels than needed pass through */
#define GREY_MIN_DPI 300          /* a grey JPEG keeps at least this resolution */

struct image_cache {
    GHashTable *by_path; /* path as given -> entry (borrowed) */
    GHashTable *by_real; /* real path -> entry (owned) */
    int dpi;             /* downsample above this for PDF; 0: never */
    int quality;         /* of re-encoded JPEGs */
    bool grey;           /* draw in shades of grey */
    int downsampled;     /* for tests: images downsampled */
    tjscalingfactor last_scale; /* for tests: of the last JPEG decode */
    bool png_pass;       /* PNG passthrough for PDF */
    GArray *pngs;        /* pdfpost_png of each placeholder made, k = 0, 1, ... (shared: image_cache_pngs) */
};

/* The placeholder of the k-th PNG passed through: PLACEHOLDER_W ×
 * (PLACEHOLDER_H + k) pixels of PLACEHOLDER_RGB (see image.h). 7919 is the
 * 1000th prime: no photo or map has that shape. */
#define PLACEHOLDER_W 3
#define PLACEHOLDER_H 7919
#define PLACEHOLDER_RGB 0xFF00FFu

static void entry_free(gpointer p)
{
    entry *e = p;
    if (!e)
        return;
    if (e->mime)
        cairo_surface_destroy(e->mime);
    if (e->pixels)
        cairo_surface_destroy(e->pixels);
    if (e->grey_pixels)
        cairo_surface_destroy(e->grey_pixels);
    if (e->reduced)
        g_hash_table_destroy(e->reduced);
    if (e->jpeg)
        g_bytes_unref(e->jpeg);
    if (e->png)
        g_bytes_unref(e->png);
    if (e->placeholder)
        cairo_surface_destroy(e->placeholder);
    g_free(e->pass.path);
    g_free(e->uid);
    g_free(e->real);
    g_free(e);
}

static void png_pass_clear(gpointer p)
{
    g_free(((pdfpost_png *)p)->path);
}

image_cache *image_cache_new(void)
{
    image_cache *c = g_new0(image_cache, 1);
    c->by_path = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    c->by_real = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
    c->quality = DEFAULT_QUALITY;
    c->pngs = g_array_new(FALSE, TRUE, sizeof(pdfpost_png));
    g_array_set_clear_func(c->pngs, png_pass_clear);
    return c;
}

void image_cache_set_png_passthrough(image_cache *c, bool on)
{
    g_return_if_fail(c != NULL);
    c->png_pass = on;
}

GArray *image_cache_pngs(image_cache *c)
{
    g_return_val_if_fail(c != NULL, NULL);
    return g_array_ref(c->pngs);
}

void image_cache_set_downsample(image_cache *c, int dpi, int quality)
{
    g_return_if_fail(c != NULL);
    c->dpi = MAX(dpi, 0);
    c->quality = quality <= 0 ? DEFAULT_QUALITY : MIN(quality, 100);
}

void image_cache_set_grayscale(image_cache *c, bool grey)
{
    g_return_if_fail(c != NULL);
    c->grey = grey;
}

void image_cache_test_stats(const image_cache *c, int *downsampled, int *scale_num, int *scale_denom)
{
    g_return_if_fail(c != NULL);
    if (downsampled)
        *downsampled = c->downsampled;
    if (scale_num)
        *scale_num = c->last_scale.num;
    if (scale_denom)
        *scale_denom = c->last_scale.denom;
}

void image_cache_trim(image_cache *c)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, c->by_real);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        entry *e = v;
        /* The page's photos are in the PDF: their bytes go (cairo lets go
         * of its own reference at the next page); drawn again, they are
         * read again (entry_reload). */
        g_clear_pointer(&e->mime, cairo_surface_destroy);
        g_clear_pointer(&e->jpeg, g_bytes_unref);
        if (e->pass.path)
            g_clear_pointer(&e->png, g_bytes_unref);
    }
}

void image_cache_free(image_cache *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->by_path);
    g_hash_table_destroy(c->by_real);
    g_array_unref(c->pngs);
    g_free(c);
}

static void set_unique_id(cairo_surface_t *s, const char *uid)
{
    char *copy = g_strdup(uid);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (const unsigned char *)copy, strlen(copy), g_free,
                                copy);
}

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

/* The PNG 'b' (n bytes) decoded by cairo, with the unique id 'uid'; it
 * must have the size probed ('info'). NULL with 'err' set if not. */
static cairo_surface_t *png_decode(const guint8 *b, gsize n, const image_info *info, const char *uid, GError **err)
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
    set_unique_id(s, uid);
    return s;
}

#define INFLATE_PIECE (64 * 1024) /* scratch output when checking a PNG's zlib stream */

/* Whether the zlib stream in the 'chunks' IDAT chunks from b[first] (their
 * structure and CRCs checked) inflates to exactly the rows of a w × h image
 * of 'colours' 8-bit samples, each starting with a filter type 0..4, ends
 * there with its Adler-32 right, and nothing follows it: what libpng checks.
 * The output goes to a 64 KB scratch buffer and is dropped. */
static bool idat_inflates(const guint8 *b, gsize first, int chunks, uint32_t w, uint32_t h, int colours)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return false;
    guint8 *out = g_malloc(INFLATE_PIECE);
    guint64 row = 1 + (guint64)w * (guint64)colours, want = row * h, got = 0;
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
        uint32_t len = be32(b + off);
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

/* Whether the PNG b[0, n) (probed already) can go into a PDF as it is: 8-bit
 * grey or RGB, not interlaced, no tRNS, every chunk whole with its CRC right,
 * no unknown critical chunk, one run of IDAT chunks whose zlib stream is
 * sound (idat_inflates), IEND. Then fills 'g' but for the path and the
 * placeholder's size. */
static bool png_passable(const guint8 *b, gsize n, pdfpost_png *g)
{
    if (n < 33 || be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0 || crc32(0L, b + 12, 17) != be32(b + 29))
        return false;
    const guint8 *ih = b + 16;
    uint32_t w = be32(ih), h = be32(ih + 4);
    int depth = ih[8], ct = ih[9];
    if (depth != 8 || (ct != 0 && ct != 2) || ih[10] != 0 || ih[11] != 0 || ih[12] != 0)
        return false;
    gsize off = 33, first = 0;
    gint64 bytes = 0;
    int chunks = 0;
    bool plte = false, run_over = false;
    uLong crc = crc32(0L, Z_NULL, 0);
    for (;;) {
        if (n - off < 12)
            return false;
        uint32_t len = be32(b + off);
        if (len > 0x7FFFFFFFu || len > n - off - 12)
            return false;
        const guint8 *type = b + off + 4, *data = b + off + 8;
        for (int i = 0; i < 4; i++)
            if (!g_ascii_isalpha(type[i]))
                return false;
        if (crc32(crc32(0L, type, 4), data, len) != be32(data + len))
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
        if (memcmp(type, "tRNS", 4) == 0)
            return false;
        if (memcmp(type, "PLTE", 4) == 0) { /* a suggested palette: allowed in RGB, before the data */
            if (ct == 0 || plte || chunks > 0)
                return false;
            plte = true;
        } else if (!idat && !(type[0] & 0x20)) {
            return false; /* a critical chunk we do not know, or a second IHDR */
        }
        off += 12 + (gsize)len;
    }
    int colours = ct == 2 ? 3 : 1;
    if (chunks == 0 || !idat_inflates(b, first, chunks, w, h, colours))
        return false;
    memset(g, 0, sizeof *g);
    g->width = (int)w;
    g->height = (int)h;
    g->colours = colours;
    g->idat_offset = (gint64)first;
    g->idat_bytes = bytes;
    g->idat_chunks = chunks;
    g->idat_crc = (guint32)crc;
    return true;
}

/* The whole file 'real' in memory (read, never mapped: a file truncated
 * meanwhile is a short read, not a SIGBUS). Caller frees '*buf'. */
static bool read_whole(const char *real, guint8 **buf, goffset *size, GError **err)
{
    int fd = open_image(real, size, err);
    if (fd < 0)
        return false;
    *buf = g_malloc(*size > 0 ? (gsize)*size : 1);
    source fs = { .fd = fd, .mem = NULL, .size = *size, .err = 0 };
    bool ok = src_read(&fs, 0, *buf, (size_t)*size);
    close(fd);
    if (!ok) {
        g_clear_pointer(buf, g_free);
        fail_read(&fs, err, "cannot be read (it changed while being read)");
    }
    return ok;
}

/* Reads the file once, probes the bytes read (so that what is drawn is what
 * was checked) and keeps what drawing needs. A PNG is decoded now, unless
 * 'pass' and it can pass through (png_passable): then its bytes are kept
 * and decoded only if some drawing needs the pixels (png_pixels). */
static entry *entry_load(const char *real, bool pass, GError **err)
{
    goffset size = 0;
    guint8 *buf = NULL;
    if (!read_whole(real, &buf, &size, err))
        return NULL;
    source ms = { .fd = -1, .mem = buf, .size = size, .err = 0 };
    probe_result r;
    if (!probe_source(&ms, &r, err)) {
        g_free(buf);
        return NULL;
    }
    entry *e = g_new0(entry, 1);
    e->real = g_strdup(real);
    e->info = r.info;
    char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, real, -1);
    e->uid = g_strconcat("tripreport-image-", hash, NULL);
    g_free(hash);
    if (r.info.format == IMAGE_FORMAT_JPEG) {
        e->subsamp = r.subsamp;
        /* Only the image itself: what trails it is dropped. */
        e->data_len = r.data_len < size ? r.data_len : size;
        e->jpeg = g_bytes_new_take(buf, (gsize)e->data_len);
        return e;
    }
    if (pass && png_passable(buf, (gsize)size, &e->pass)) {
        e->pass.path = g_strdup(real);
        e->png = g_bytes_new_take(buf, (gsize)size);
        return e;
    }
    cairo_surface_t *s = png_decode(buf, (gsize)size, &r.info, e->uid, err);
    g_free(buf);
    if (!s) {
        entry_free(e);
        return NULL;
    }
    e->pixels = s;
    return e;
}

/* The bytes of 'e' again, after image_cache_trim() let them go: the file
 * is read and probed anew and must still be the image it was. */
static bool entry_reload(entry *e, GError **err)
{
    bool jpeg = e->info.format == IMAGE_FORMAT_JPEG;
    if (jpeg ? e->jpeg != NULL : e->png != NULL || e->pixels != NULL)
        return true;
    goffset size = 0;
    guint8 *buf = NULL;
    if (!read_whole(e->real, &buf, &size, err))
        return false;
    source ms = { .fd = -1, .mem = buf, .size = size, .err = 0 };
    probe_result r;
    if (!probe_source(&ms, &r, err)) {
        g_free(buf);
        return false;
    }
    goffset len = jpeg ? MIN(r.data_len, size) : size;
    if (r.info.format != e->info.format || r.info.width != e->info.width || r.info.height != e->info.height ||
        r.info.orientation != e->info.orientation || (jpeg && len != e->data_len)) {
        g_free(buf);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_READ,
                            "changed while the report was being made; make the report again");
        return false;
    }
    if (jpeg)
        e->jpeg = g_bytes_new_take(buf, (gsize)len);
    else
        e->png = g_bytes_new_take(buf, (gsize)size);
    return true;
}

/* The PNG's pixels, decoded now if they were not (a PNG kept for
 * passthrough); its bytes are then dropped. */
static cairo_surface_t *png_pixels(entry *e, GError **err)
{
    if (e->pixels)
        return e->pixels;
    if (!entry_reload(e, err))
        return NULL;
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(e->png, &len);
    cairo_surface_t *s = png_decode(data, len, &e->info, e->uid, err);
    if (!s)
        return NULL;
    e->pixels = s;
    g_bytes_unref(e->png);
    e->png = NULL;
    return s;
}

/* The placeholder drawn for a PNG passed through (see image.h), made at its
 * first drawing and recorded in c->pngs. */
static cairo_surface_t *png_placeholder(image_cache *c, entry *e, GError **err)
{
    if (e->placeholder)
        return e->placeholder;
    int h = PLACEHOLDER_H + (int)c->pngs->len;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, PLACEHOLDER_W, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, "cannot be loaded (out of memory)");
        return NULL;
    }
    cairo_surface_flush(s);
    guint8 *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < PLACEHOLDER_W; x++)
            ((uint32_t *)(d + (size_t)y * (size_t)stride))[x] = 0xFF000000u | PLACEHOLDER_RGB;
    cairo_surface_mark_dirty(s);
    /* Its own id: never shared with the decoded PNG's pixels (e->uid). */
    char *uid = g_strdup_printf("%s-png-%dx%d", e->uid, PLACEHOLDER_W, h);
    set_unique_id(s, uid);
    g_free(uid);
    pdfpost_png g = e->pass;
    g.path = g_strdup(e->pass.path);
    g.placeholder_w = PLACEHOLDER_W;
    g.placeholder_h = h;
    g_array_append_val(c->pngs, g);
    e->placeholder = s;
    return s;
}

static entry *cache_get(image_cache *c, const char *path, GError **err)
{
    entry *e = g_hash_table_lookup(c->by_path, path);
    if (e)
        return e;
    char *rp = realpath(path, NULL);
    if (!rp) {
        set_open_error(errno, err);
        return NULL;
    }
    char *real = g_strdup(rp);
    free(rp);
    e = g_hash_table_lookup(c->by_real, real);
    if (!e) {
        e = entry_load(real, c->png_pass, err);
        if (!e) {
            g_free(real);
            return NULL;
        }
        g_hash_table_insert(c->by_real, real, e);
    } else {
        g_free(real);
    }
    g_hash_table_insert(c->by_path, g_strdup(path), e);
    return e;
}

/* The 1×1 surface carrying the JPEG bytes: cairo's PDF backend embeds the
 * bytes as they are and stretches them over the surface's 1×1 size. */
static cairo_surface_t *jpeg_mime_surface(entry *e, GError **err)
{
    if (e->mime)
        return e->mime;
    if (!entry_reload(e, err))
        return NULL;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    gsize len = 0;
    const void *data = g_bytes_get_data(e->jpeg, &len);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, data, len, (cairo_destroy_func_t)g_bytes_unref,
                                g_bytes_ref(e->jpeg));
    set_unique_id(s, e->uid);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, "cannot be loaded (out of memory)");
        return NULL;
    }
    e->mime = s;
    return s;
}

/* The smallest libjpeg-turbo scale (at most 1/1) whose pixels are at least
 * need_w × need_h. */
static tjscalingfactor pick_scale(int w, int h, double need_w, double need_h)
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

/* Decoded JPEG pixels at 'want' or finer (kept: the same photo drawn again
 * no larger reuses them); in grey (the JPEG's luma, R = G = B) when 'grey'. */
static cairo_surface_t *jpeg_pixels(image_cache *c, entry *e, tjscalingfactor want, bool grey, GError **err)
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
    if (!entry_reload(e, err)) {
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
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, MSG_JPEG_UNDECODABLE);
        return NULL;
    }
    if (grey)
        widen_grey_rows(px, w, h, stride);
    cairo_surface_mark_dirty(s);
    if (grey) {
        char *uid = g_strconcat(e->uid, "-grey", NULL);
        set_unique_id(s, uid);
        g_free(uid);
    } else {
        set_unique_id(s, e->uid);
    }
    if (*slot)
        cairo_surface_destroy(*slot);
    *slot = s;
    *scale = want;
    return s;
}

/*** Downsampling for PDF ***/

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
static bool downsample_target(const image_info *in, double pw, double ph, int dpi, int *tw, int *th)
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

/* Reduces sw × sh pixels of 'ch' 8-bit channels to dw × dh (not larger) by
 * averaging the area each output pixel covers, in integers: exact and the
 * same on every machine. Premultiplied alpha averages correctly too. The
 * memory beyond the two images: one source row resampled across and one
 * output row of sums. */
static void box_resample(const guint8 *src, int sw, int sh, size_t sstride, guint8 *dst, int dw, int dh,
                         size_t dstride, int ch)
{
    box_axis ax, ay;
    box_axis_init(&ax, sw, dw);
    box_axis_init(&ay, sh, dh);
    size_t row = (size_t)dw * ch;
    uint32_t *hrow = g_new(uint32_t, row); /* max 255 sw */
    uint64_t *acc = g_new(uint64_t, row);  /* max 255 sw sh */
    int hrow_of = -1;
    uint64_t total = (uint64_t)sw * (uint64_t)sh;
    for (int y = 0; y < dh; y++) {
        memset(acc, 0, row * sizeof *acc);
        for (int j = 0; j < ay.count[y]; j++) {
            int sy = ay.first[y] + j;
            if (sy != hrow_of) { /* a row straddling two outputs is resampled once */
                const guint8 *s = src + (size_t)sy * sstride;
                for (int x = 0; x < dw; x++) {
                    const uint32_t *w = ax.weight + ax.offset[x];
                    const guint8 *p = s + (size_t)ax.first[x] * ch;
                    for (int c = 0; c < ch; c++) {
                        uint32_t sum = 0;
                        for (int i = 0; i < ax.count[x]; i++)
                            sum += w[i] * p[(size_t)i * ch + c];
                        hrow[(size_t)x * ch + c] = sum;
                    }
                }
                hrow_of = sy;
            }
            uint64_t wy = ay.weight[ay.offset[y] + (size_t)j];
            for (size_t k = 0; k < row; k++)
                acc[k] += wy * hrow[k];
        }
        guint8 *d = dst + (size_t)y * dstride;
        for (size_t k = 0; k < row; k++)
            d[k] = (guint8)((acc[k] + total / 2) / total);
    }
    g_free(acc);
    g_free(hrow);
    box_axis_clear(&ay);
    box_axis_clear(&ax);
}

static void free_tj(gpointer p)
{
    tjFree(p);
}

static cairo_surface_t *reduced_lookup(entry *e, const char *uid)
{
    return e->reduced ? g_hash_table_lookup(e->reduced, uid) : NULL;
}

/* Keeps 's' (owned) under 'uid' (taken); 'count' it as downsampled. */
static void reduced_keep(image_cache *c, entry *e, char *uid, cairo_surface_t *s, bool count)
{
    if (!e->reduced)
        e->reduced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)cairo_surface_destroy);
    set_unique_id(s, uid);
    g_hash_table_insert(e->reduced, uid, s);
    if (count)
        c->downsampled++;
}

static cairo_surface_t *oom(GError **err)
{
    g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE, "cannot be downsampled (out of memory)");
    return NULL;
}

/* The JPEG reduced to tw × th stored pixels (in grey when 'to_grey': its
 * luma, decoded as one channel) and re-encoded at the cache's quality, as a
 * 1×1 surface carrying the new bytes (like the original's). The decoded
 * pixels live only while this runs. 'count': downsampling asked for it. */
static cairo_surface_t *jpeg_reduced(image_cache *c, entry *e, int tw, int th, bool to_grey, bool count,
                                     GError **err)
{
    char *uid = g_strdup_printf("%s-%dx%d-q%d%s", e->uid, tw, th, c->quality, to_grey ? "-grey" : "");
    cairo_surface_t *s = reduced_lookup(e, uid);
    if (s) {
        g_free(uid);
        return s;
    }
    if (!entry_reload(e, err)) {
        g_free(uid);
        return NULL;
    }
    gsize len = 0;
    const unsigned char *data = g_bytes_get_data(e->jpeg, &len);
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, subsamp = -1, cs = 0;
    if (!tj || tjDecompressHeader3(tj, data, (unsigned long)len, &w, &h, &subsamp, &cs) != 0) {
        if (tj)
            tjDestroy(tj);
        g_free(uid);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, MSG_JPEG_UNDECODABLE);
        return NULL;
    }
    bool grey = subsamp == TJSAMP_GRAY || to_grey;
    int pf = grey ? TJPF_GRAY : TJPF_RGB, ch = tjPixelSize[pf];
    tjscalingfactor sf = pick_scale(e->info.width, e->info.height, tw, th);
    int sw = TJSCALED(e->info.width, sf), sh = TJSCALED(e->info.height, sf);
    guint8 *px = g_try_malloc((size_t)sw * sh * ch);
    if (!px) {
        tjDestroy(tj);
        g_free(uid);
        return oom(err);
    }
    int rc = tjDecompress2(tj, data, (unsigned long)len, px, sw, sw * ch, sh, pf, 0);
    bool ok = rc == 0 || tjGetErrorCode(tj) == TJERR_WARNING; /* as for previews */
    tjDestroy(tj);
    c->last_scale = sf;
    if (!ok) {
        g_free(px);
        g_free(uid);
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED, MSG_JPEG_UNDECODABLE);
        return NULL;
    }
    /* pick_scale never goes below the target, but a libjpeg-turbo size could
     * round differently: never upscale. */
    tw = MIN(tw, sw);
    th = MIN(th, sh);
    guint8 *out = px; /* decoded at the size wanted: the filter would copy */
    if (tw != sw || th != sh) {
        out = g_try_malloc((size_t)tw * th * ch);
        if (!out) {
            g_free(px);
            g_free(uid);
            return oom(err);
        }
        box_resample(px, sw, sh, (size_t)sw * ch, out, tw, th, (size_t)tw * ch, ch);
        g_free(px);
    }
    unsigned char *jpeg = NULL;
    unsigned long jlen = 0;
    tjhandle tc = tjInitCompress();
    rc = tc ? tjCompress2(tc, out, tw, tw * ch, th, pf, &jpeg, &jlen, grey ? TJSAMP_GRAY : TJSAMP_420, c->quality, 0)
            : -1;
    if (tc)
        tjDestroy(tc);
    g_free(out);
    if (rc != 0) {
        tjFree(jpeg);
        g_free(uid);
        return oom(err);
    }
    GBytes *bytes = g_bytes_new_with_free_func(jpeg, jlen, free_tj, jpeg);
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

/* A JPEG in grey for PDF: reduced to tw × th when downsampling applies
 * ('reduce'); otherwise at the smallest libjpeg-turbo scale that keeps
 * GREY_MIN_DPI (or the downsampling resolution if higher) at pw × ph points
 * (displayed axes), at most its full size. A greyscale JPEG not reduced
 * passes through as it is. */
static cairo_surface_t *jpeg_grey(image_cache *c, entry *e, bool reduce, int tw, int th, double pw, double ph,
                                  GError **err)
{
    const image_info *in = &e->info;
    if (!reduce) {
        if (e->subsamp == TJSAMP_GRAY)
            return jpeg_mime_surface(e, err);
        int dpi = MAX(GREY_MIN_DPI, c->dpi);
        double nw = needed_pixels(pw, dpi), nh = needed_pixels(ph, dpi);
        bool swap = in->orientation >= 5 && in->orientation <= 8;
        tjscalingfactor sf = pick_scale(in->width, in->height, swap ? nh : nw, swap ? nw : nh);
        tw = TJSCALED(in->width, sf);
        th = TJSCALED(in->height, sf);
    }
    return jpeg_reduced(c, e, tw, th, true, reduce, err);
}

/* The PNG's pixels at tw × th for the variant named 'uid': the cached
 * one ('*done' true), or a new surface box-filtered (or copied, at the same
 * size) for the caller to finish ('*done' false), or the pixels themselves
 * for formats other than cairo's 32-bit ones ('*done' true). NULL with
 * 'err' set on failure. 'uid' is the caller's. */
static cairo_surface_t *png_resized(entry *e, const char *uid, int tw, int th, bool *done, GError **err)
{
    *done = true;
    cairo_surface_t *src = png_pixels(e, err);
    if (!src)
        return NULL;
    cairo_format_t f = cairo_image_surface_get_format(src);
    if (f != CAIRO_FORMAT_ARGB32 && f != CAIRO_FORMAT_RGB24)
        return src;
    cairo_surface_t *s = reduced_lookup(e, uid);
    if (s)
        return s;
    s = cairo_image_surface_create(f, tw, th);
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
    *done = false;
    return s;
}

/* The PNG's pixels reduced to tw × th (a lossless image for cairo to
 * compress). Formats other than cairo's 32-bit ones are drawn as they are. */
static cairo_surface_t *png_reduced(image_cache *c, entry *e, int tw, int th, GError **err)
{
    char *uid = g_strdup_printf("%s-%dx%d", e->uid, tw, th);
    bool done;
    cairo_surface_t *s = png_resized(e, uid, tw, th, &done, err);
    if (!s || done) {
        g_free(uid);
        return s;
    }
    cairo_surface_mark_dirty(s);
    reduced_keep(c, e, uid, s, true);
    return s;
}

/* BT.601 luma in integers: the weights 0.299, 0.587, 0.114 in 1/65536
 * (19595 + 38470 + 7471 = 65536), rounded. Never more than the largest of
 * r, g, b, so a premultiplied pixel stays valid. */
static inline uint32_t luma(uint32_t r, uint32_t g, uint32_t b)
{
    return (19595u * r + 38470u * g + 7471u * b + 32768u) >> 16;
}

/* The PNG in grey at tw × th (reduced first when smaller than it is), alpha
 * kept, for PDF and previews alike. Formats other than cairo's 32-bit ones
 * are drawn as they are. 'count': downsampling asked for the size. */
static cairo_surface_t *png_grey(image_cache *c, entry *e, int tw, int th, bool count, GError **err)
{
    char *uid = g_strdup_printf("%s-%dx%d-grey", e->uid, tw, th);
    bool done;
    cairo_surface_t *s = png_resized(e, uid, tw, th, &done, err);
    if (!s || done) {
        g_free(uid);
        return s;
    }
    cairo_format_t f = cairo_image_surface_get_format(s);
    guint8 *d = cairo_image_surface_get_data(s);
    size_t dstride = (size_t)cairo_image_surface_get_stride(s);
    for (int y = 0; y < th; y++) {
        uint32_t *p = (uint32_t *)(d + (size_t)y * dstride);
        for (int x = 0; x < tw; x++) {
            uint32_t v = p[x];
            uint32_t a = f == CAIRO_FORMAT_ARGB32 ? v >> 24 : 0xFFu;
            uint32_t l = luma(v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF);
            p[x] = a << 24 | l << 16 | l << 8 | l;
        }
    }
    cairo_surface_mark_dirty(s);
    reduced_keep(c, e, uid, s, count);
    return s;
}

/* Maps stored pixels (u, v) of a w × h image to its upright display:
 * EXIF 2, 4, 5, 7 are mirrored; 5..8 swap the sides. */
static void orientation_matrix(int o, double w, double h, cairo_matrix_t *m)
{
    /* cairo_matrix_init(m, xx, yx, xy, yy, x0, y0): X = xx u + xy v + x0, Y = yx u + yy v + y0 */
    switch (o) {
    case 2: cairo_matrix_init(m, -1, 0, 0, 1, w, 0); break;  /* mirrored left-right */
    case 3: cairo_matrix_init(m, -1, 0, 0, -1, w, h); break; /* rotated 180° */
    case 4: cairo_matrix_init(m, 1, 0, 0, -1, 0, h); break;  /* mirrored top-bottom */
    case 5: cairo_matrix_init(m, 0, 1, 1, 0, 0, 0); break;   /* transposed */
    case 6: cairo_matrix_init(m, 0, 1, -1, 0, h, 0); break;  /* rotate 90° clockwise to view */
    case 7: cairo_matrix_init(m, 0, -1, -1, 0, h, w); break; /* transversed */
    case 8: cairo_matrix_init(m, 0, -1, 1, 0, 0, w); break;  /* rotate 90° counter-clockwise to view */
    default: cairo_matrix_init_identity(m); break;
    }
}

bool image_draw(image_cache *c, cairo_t *cr, const char *path, double x, double y, double w, double h,
                bool cover, bool decode, GError **err)
{
    g_return_val_if_fail(c != NULL && cr != NULL && path != NULL, false);
    entry *e = cache_get(c, path, err);
    if (!e)
        return false;
    if (!(w > 0) || !(h > 0) || !isfinite(x) || !isfinite(y) || !isfinite(w) || !isfinite(h))
        return true; /* nothing to draw */
    const image_info *in = &e->info;
    double dw = in->display_w, dh = in->display_h, sx, sy, ox, oy;
    if (cover) {
        double s = fmax(w / dw, h / dh);
        sx = sy = s;
        ox = x + (w - dw * s) / 2;
        oy = y + (h - dh * s) / 2;
    } else {
        sx = w / dw;
        sy = h / dh;
        ox = x;
        oy = y;
    }
    cairo_save(cr);
    if (cover) {
        cairo_rectangle(cr, x, y, w, h);
        cairo_clip(cr);
    }
    cairo_translate(cr, ox, oy);
    cairo_scale(cr, sx, sy);
    cairo_matrix_t om;
    orientation_matrix(in->orientation, in->width, in->height, &om);
    cairo_transform(cr, &om);
    /* user space: the stored pixels, in->width × in->height */

    cairo_surface_t *s = NULL;
    int tw = 0, th = 0;
    bool reduce = !decode && c->dpi > 0 && downsample_target(in, dw * sx, dh * sy, c->dpi, &tw, &th);
    if (c->grey && in->format == IMAGE_FORMAT_PNG) {
        s = reduce ? png_grey(c, e, tw, th, true, err) : png_grey(c, e, in->width, in->height, false, err);
    } else if (c->grey && !decode) {
        s = jpeg_grey(c, e, reduce, tw, th, dw * sx, dh * sy, err);
    } else if (reduce) {
        s = in->format == IMAGE_FORMAT_PNG ? png_reduced(c, e, tw, th, err)
                                           : jpeg_reduced(c, e, tw, th, false, true, err);
    } else if (in->format == IMAGE_FORMAT_PNG) {
        /* not downsampled, not grey: passed through when it can be */
        s = !decode && c->png_pass && e->pass.path ? png_placeholder(c, e, err) : png_pixels(e, err);
    } else if (!decode) {
        s = jpeg_mime_surface(e, err);
    } else {
        double ux = in->width, uy = 0, vx = 0, vy = in->height, dsx = 1, dsy = 1;
        cairo_user_to_device_distance(cr, &ux, &uy);
        cairo_user_to_device_distance(cr, &vx, &vy);
        cairo_surface_get_device_scale(cairo_get_group_target(cr), &dsx, &dsy);
        double ds = fmax(fabs(dsx), fabs(dsy));
        tjscalingfactor want = pick_scale(in->width, in->height, hypot(ux, uy) * ds, hypot(vx, vy) * ds);
        s = jpeg_pixels(c, e, want, c->grey, err);
    }
    if (!s) {
        cairo_restore(cr);
        return false;
    }
    int sw = cairo_image_surface_get_width(s), sh = cairo_image_surface_get_height(s);
    cairo_scale(cr, (double)in->width / sw, (double)in->height / sh);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_pattern_t *p = cairo_get_source(cr);
    /* The same filter for every use: cairo's PDF backend keys shared image
     * objects on it (/Interpolate) as well as on the unique id. */
    cairo_pattern_set_filter(p, CAIRO_FILTER_GOOD);
    if (decode) {
        /* Raster: pad and fill the image's own rectangle for clean edges. */
        cairo_pattern_set_extend(p, CAIRO_EXTEND_PAD);
        cairo_rectangle(cr, 0, 0, sw, sh);
        cairo_fill(cr);
    } else {
        /* PDF: EXTEND_PAD would make cairo re-render the image (losing the
         * JPEG passthrough); a plain paint places the image XObject. */
        cairo_paint(cr);
    }
    cairo_restore(cr);
    return true;
}
