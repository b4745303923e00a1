/* image_probe: what the model stage knows of a photo or map: format, size
 * and EXIF orientation from its bytes, or a message saying why it cannot be
 * used. Glib only: no cairo, nothing of the PDF. */
#ifndef IMAGE_PROBE_H
#define IMAGE_PROBE_H

#include <glib.h>
#include <stdbool.h>

typedef enum {
    IMAGE_FORMAT_NONE,
    IMAGE_FORMAT_JPEG,
    IMAGE_FORMAT_PNG,
} image_format;

typedef struct image_info {
    image_format format;
    int width, height;       /* stored pixels */
    int orientation;         /* EXIF 1..8 (1 when absent) */
    int display_w, display_h; /* after the orientation: swapped for 5..8 */
} image_info;

/* Sets info's displayed size from its stored one: the sides swap for EXIF
 * orientations 5..8. */
void image_info_set_display(image_info *info);

/* Reads enough of 'path' to fill 'info' (no pixel decoding). On failure
 * returns false and sets 'err' to a message written for the user, without
 * the path (the caller prefixes the position), e.g.
 *   "is empty (0 bytes)", "is a HEIC photo, which PDF cannot hold: convert
 *   it to JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible)",
 *   "is a truncated or damaged JPEG", "claims 60000×60000 pixels, more than
 *   the 50-megapixel limit". The limits come before anything that fails
 *   because of the size: a JPEG too large for libjpeg-turbo (a side over
 *   65500 pixels) gets the limit's message, not "damaged". 'info' (may be
 *   NULL) is reset to IMAGE_FORMAT_NONE on failure. */
bool image_probe(const char *path, image_info *info, GError **err);

/* image_probe() of the 'len' bytes at 'data' (a file's whole contents),
 * with the same results and messages; nothing is read from disk. For the
 * fuzz target and tests. */
bool image_probe_bytes(const guint8 *data, gsize len, image_info *info, GError **err);

/* What drawing needs beyond image_info (the image cache reads a file whole
 * and probes the bytes it read, so that what is drawn is what was checked). */
typedef struct image_probe_result {
    image_info info;
    goffset data_len; /* JPEG: the bytes to embed (the file, or up to its EOI when data trails it);
                         PNG: the file */
    int subsamp;      /* JPEG: libjpeg-turbo's TJSAMP_* (TJSAMP_GRAY: one channel); PNG: 0 */
} image_probe_result;

/* image_probe_bytes() into 'r' (not NULL; its contents are undefined on
 * failure), with the same messages. */
bool image_probe_bytes_full(const guint8 *data, gsize len, image_probe_result *r, GError **err);

#endif
