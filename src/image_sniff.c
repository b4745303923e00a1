/* image_sniff: a file's first bytes in, its format out: JPEG or PNG by
 * signature, or for the formats we cannot use a message naming the format
 * (by magic number or ISO box brands) and the remedy. */
#include "image_sniff.h"

#include <stdint.h>
#include <string.h>

static bool has(const guint8 *p, size_t n, size_t off, const char *magic, size_t len)
{
    return n >= off + len && memcmp(p + off, magic, len) == 0;
}

bool image_sniff_jpeg(const guint8 *p, size_t n)
{
    return has(p, n, 0, "\xFF\xD8\xFF", 3);
}

bool image_sniff_png(const guint8 *p, size_t n)
{
    return has(p, n, 0, "\x89PNG\r\n\x1A\n", 8);
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

/* The message: by signature, then by text. */
const char *image_sniff_other(const guint8 *p, size_t n)
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

