/* image: photos and maps. Probes a file's format and size from its bytes
 * (never from its name, never decoding a JPEG's pixels), reads the EXIF
 * orientation, and draws an image into a rectangle: JPEG bytes pass
 * through to the PDF unchanged (cairo mime data + unique id), PNG is
 * decoded. */
#ifndef IMAGE_H
#define IMAGE_H

#include <cairo.h>
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

/* Reads enough of 'path' to fill 'info' (no pixel decoding). On failure
 * returns false and sets 'err' to a message written for the user, without
 * the path (the caller prefixes the position), e.g.
 *   "is empty (0 bytes)", "is a HEIC photo, which PDF cannot hold: convert
 *   it to JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible)",
 *   "is a truncated or damaged JPEG", "claims 60000×60000 pixels, more than
 *   the 50-megapixel limit". */
bool image_probe(const char *path, image_info *info, GError **err);

/* A cache of loaded images for one document, so that the same file used
 * twice is read once and embedded once. */
typedef struct image_cache image_cache;
image_cache *image_cache_new(void);
void image_cache_free(image_cache *c); /* NULL is fine */

/* Draws the image at 'path' (probed already) upright (EXIF applied) into
 * the rectangle x, y, w, h (points) of 'cr'. 'cover': scale to fill the
 * rectangle and clip the overflow, centred; otherwise the caller has made
 * the rectangle the image's displayed aspect ratio and it is filled exactly.
 * For PDF ('decode' false) a JPEG is not decoded: its file bytes are
 * attached as CAIRO_MIME_TYPE_JPEG with CAIRO_MIME_TYPE_UNIQUE_ID to a
 * small surface, so cairo embeds the original bytes once per file. With
 * 'decode' true (PNG previews) the pixels are decoded for real.
 * Returns false with 'err' set if the file cannot be read. */
bool image_draw(image_cache *c, cairo_t *cr, const char *path, double x, double y, double w, double h,
                bool cover, bool decode, GError **err);

#endif
