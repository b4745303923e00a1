/* image: photos and maps. Probes a file's format and size from its bytes
 * (never from its name, never decoding a JPEG's pixels), reads the EXIF
 * orientation, and draws an image into a rectangle: JPEG bytes pass
 * through to the PDF unchanged (cairo mime data + unique id), PNG is
 * decoded, or drawn as a placeholder that pdfpost replaces with the PNG's
 * own compressed data (image_cache_set_png_passthrough); optionally, images
 * with more pixels than a resolution needs are downsampled for PDF
 * (image_cache_set_downsample); everything can be drawn in grey
 * (image_cache_set_grayscale). */
#ifndef IMAGE_H
#define IMAGE_H

#include "pdfpost.h"

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

/* image_probe() of the 'len' bytes at 'data' (a file's whole contents),
 * with the same results and messages; nothing is read from disk. For the
 * fuzz target and tests. */
bool image_probe_bytes(const guint8 *data, gsize len, image_info *info, GError **err);

/* A cache of loaded images for one document, so that the same file used
 * twice is read once and embedded once. */
typedef struct image_cache image_cache;
image_cache *image_cache_new(void);
void image_cache_free(image_cache *c); /* NULL is fine */

/* Hands back the memory pages of the photos read so far (their files are
 * mapped; the data stays valid and comes back from the page cache when
 * used again). Call between pages to keep memory bounded. */
void image_cache_trim(image_cache *c);

/* Draws the image at 'path' (probed already) upright (EXIF applied) into
 * the rectangle x, y, w, h (points) of 'cr'. 'cover': scale to fill the
 * rectangle and clip the overflow, centred; otherwise the caller has made
 * the rectangle the image's displayed aspect ratio and it is filled exactly.
 * For PDF ('decode' false) a JPEG is not decoded: its file bytes are
 * attached as CAIRO_MIME_TYPE_JPEG with CAIRO_MIME_TYPE_UNIQUE_ID to a
 * small surface, so cairo embeds the original bytes once per file; with
 * image_cache_set_png_passthrough, most PNGs are not decoded either. With
 * 'decode' true (PNG previews) the pixels are decoded for real.
 * Returns false with 'err' set if the file cannot be read. */
bool image_draw(image_cache *c, cairo_t *cr, const char *path, double x, double y, double w, double h,
                bool cover, bool decode, GError **err);

/* From now on, image_draw() for PDF output downsamples every image whose
 * resolution at its drawn size exceeds 'dpi' pixels per inch (0 = never:
 * the default, photos pass through untouched), re-encoding JPEGs with
 * 'quality' (1..100; 85 when 0).
 *
 * The drawn size in points (the rectangle; for 'cover' the size the image
 * is scaled to before clipping, in the user space of 'cr') gives the pixels
 * needed on each displayed axis: ceil(points * dpi / 72). An image with no
 * more than that (+2 %) passes through exactly as without downsampling; it
 * is never upscaled. A larger JPEG is decoded at the smallest libjpeg-turbo
 * scale (1/8, 1/4, 3/8, ...) that still gives the needed pixels, reduced to
 * exactly the needed size with a box filter (in its stored orientation;
 * EXIF is still applied by the transform) and re-encoded as a baseline
 * JPEG (4:2:0, or greyscale for a greyscale JPEG) at 'quality'. A larger
 * PNG is reduced the same way and stays lossless (Flate in the PDF). The
 * result is deterministic and kept per (file, size, quality): the same
 * photo at the same size is encoded once per cache and embedded once per
 * PDF (its unique id derives from the real path, the size and the quality).
 * Decoding (previews, 'decode' true) is unaffected. */
void image_cache_set_downsample(image_cache *c, int dpi, int quality);

/* From now on image_draw() draws every image in shades of grey (for
 * toner-saving prints); false (the default) draws colours as before, byte
 * for byte.
 *
 * PDF output: a JPEG is decoded (at a reduced scale when downsampling also
 * applies, else at full size — or at the smallest libjpeg-turbo scale giving
 * at least 300 dpi at its drawn size, or the downsampling resolution when
 * that is higher, whichever is smaller), converted to grey and re-encoded as
 * a one-channel (TJPF_GRAY / TJSAMP_GRAY) baseline JPEG at the cache's
 * quality, in its stored orientation (EXIF is still applied by the
 * transform). A JPEG that is greyscale already passes through untouched
 * unless downsampling applies. A PNG becomes a grey image surface (R = G =
 * B, which cairo writes as DeviceGray), reduced first when downsampling
 * applies; its alpha is kept. Previews ('decode' true) are grey too.
 *
 * Luma is ITU-R BT.601 (0.299 R + 0.587 G + 0.114 B) in integers, the same
 * on every machine: (19595 R + 38470 G + 7471 B + 32768) >> 16 for PNG
 * pixels (on premultiplied values, so alpha stays right), and for a JPEG the
 * Y channel its encoder computed with those weights (JFIF's YCbCr), taken by
 * libjpeg-turbo without decoding the colour at all (an RGB JPEG: libjpeg-
 * turbo's integer BT.601 conversion). Deterministic; kept per (file, size,
 * quality): the same photo at the same size is encoded once per cache and
 * embedded once per PDF (its unique id is the colour one's + "-grey"). */
void image_cache_set_grayscale(image_cache *c, bool grey);

/* From now on (set it before the first image_draw of the cache, and only
 * for a PDF that pdfpost_amend then finishes with image_cache_pngs()), a PNG
 * drawn for PDF ('decode' false) that is 8-bit, not interlaced, RGB (colour
 * type 2) or grey (colour type 0) and has no tRNS chunk is not decoded when
 * neither downsampling (for that drawing) nor grey applies: its chunks are
 * checked (structure, every CRC; the IDAT zlib stream is inflated into a
 * small scratch buffer, discarded, to check its length, row filters and
 * Adler-32, as libpng would) and a placeholder is drawn in its place, scaled
 * into the rectangle exactly as the real image (same transform, plain paint,
 * CAIRO_FILTER_GOOD). A PNG that fails a check, or any other PNG (alpha,
 * palette, 16-bit, interlaced, tRNS), is decoded as before, byte for byte.
 *
 * The placeholder: an opaque RGB24 surface of 3 × (7919 + k) pixels for the
 * k-th PNG drawn this way by the cache (k = 0, 1, ...), painted magenta
 * (#FF00FF, so that cairo writes it as a DeviceRGB image, and so that one
 * left in a PDF would show), with a unique id of its own. No photo or map
 * is 3 pixels wide and ~8000 tall, so the size identifies it in the PDF:
 * cairo writes one image XObject of that /Width and /Height, which
 * pdfpost_amend replaces (and fails if it is missing or not unique). The
 * same PNG drawn again reuses its placeholder: one object. Use one cache per
 * PDF: two caches would number their placeholders alike. As for JPEGs, keep
 * to plain painting: a raster fallback would hold the magenta pixels. false
 * (the default) draws every PNG decoded. */
void image_cache_set_png_passthrough(image_cache *c, bool on);

/* The PNGs drawn as placeholders so far, in the order of their placeholders
 * (k = 0, 1, ...): an array of pdfpost_png for pdfpost_info.pngs. A new
 * reference to the cache's own array (never NULL; it keeps growing while
 * the cache draws): it and the paths in it stay valid after
 * image_cache_free(); the caller unrefs it. */
GArray *image_cache_pngs(image_cache *c);

/* For tests: how many images this cache has downsampled (a file at one size
 * counts once; a grey conversion without downsampling does not count), and
 * the libjpeg-turbo scale (num/denom) of its last JPEG pixel decode, for PDF
 * or preview; 0/0 before any. Any pointer may be NULL. */
void image_cache_test_stats(const image_cache *c, int *downsampled, int *scale_num, int *scale_denom);

#endif
