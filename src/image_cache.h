/* image_cache: the renderers' handle on the photos and maps of one output:
 * each file read once and embedded once, and drawn (image_draw.h) as set up
 * here: downsampled, in grey, PNGs passed through. Fields: image_entry.h. */
#ifndef IMAGE_CACHE_H
#define IMAGE_CACHE_H

#include <glib.h>
#include <stdbool.h>

/* A cache of loaded images for one document, so that the same file used
 * twice is read once and embedded once. */
typedef struct image_cache image_cache;

/* A new, empty cache with the defaults: no downsampling, colour, every PNG
 * decoded. Free with image_cache_free(). */
image_cache *image_cache_new(void);

/* Frees 'c' and every surface and byte it holds. NULL is fine. What
 * image_cache_splices() handed out stays valid. */
void image_cache_free(image_cache *c);

/* Hands back the memory of the photos read so far: their bytes go, and
 * come back from the file (read and checked again) when used again. Call
 * between pages to keep memory bounded. */
void image_cache_trim(image_cache *c);

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

/* From now on, a JPEG passed through to the PDF keeps its metadata
 * segments (EXIF with GPS, serial numbers, maker notes, thumbnails; XMP;
 * IPTC; comments) when 'keep' is true, as the file has them. false (the
 * default) embeds it without them: every APPn and COM segment is removed
 * but the JFIF APP0 (its thumbnail cut off), ICC_PROFILE APP2 and Adobe
 * APP14 ones, which decide the colours; the frame, tables and scans stay
 * byte for byte (image_strip.h). A re-encoded photo (downsampled, grey)
 * is a new JPEG of libjpeg-turbo's with no metadata either way, only the
 * photo's ICC profile when its channels are the photo's (colour from
 * colour, grey from grey). Set it before the first image_draw of the
 * cache. */
void image_cache_set_keep_metadata(image_cache *c, bool keep);

/* From now on (set it before the first image_draw of the cache, and only
 * for a PDF that pdfpost_amend then finishes with image_cache_splices()),
 * an image drawn for PDF ('decode' false) when neither downsampling (for
 * that drawing) nor grey applies is drawn as a placeholder, scaled into the
 * rectangle exactly as the real image (same transform, plain paint,
 * CAIRO_FILTER_GOOD), and described for the splice:
 * - a PNG whose chunks check out (structure, every CRC; its zlib stream
 *   inflated to check its length, row filters and Adler-32, as libpng
 *   would): grey, RGB and palette data as it is, at any depth; alpha, tRNS
 *   and Adam7 decoded and deflated again with an /SMask (image_png_pack).
 *   A PNG that fails a check is decoded as before, byte for byte;
 * - a JPEG: its bytes as they would have been embedded (metadata stripped
 *   unless kept), the scan data by its place in the file and its CRC-32
 *   (copied from the file when the PDF is finished), the rest kept; the
 *   photo's bytes are not held.
 *
 * The placeholder: an opaque RGB24 surface of 1 × (7919 + k) pixels for the
 * k-th image drawn this way by the cache (k = 0, 1, ...), painted magenta
 * (#FF00FF, so that cairo writes it as a DeviceRGB image, and so that one
 * left in a PDF would show), with a unique id of its own. No photo or map
 * is 1 pixel wide and ~8000 tall, so the size identifies it in the PDF:
 * cairo writes one image XObject of that /Width and /Height, which
 * pdfpost_amend replaces (and fails if it is missing or not unique). The
 * same image drawn again has the same placeholder: one object. Use one
 * cache per PDF: two caches would number their placeholders alike. Keep to
 * plain painting: a raster fallback would hold the magenta pixels. false
 * (the default): PNGs are decoded and JPEGs given to cairo as mime data. */
void image_cache_set_splicing(image_cache *c, bool on);

/* The images drawn as placeholders so far (PNGs and JPEGs), in the order of
 * their placeholders (k = 0, 1, ...): an array of pdfpost_image (pdfpost.h) for
 * pdfpost_info.images. A new reference to the cache's own array (never NULL;
 * it keeps growing while the cache draws): it and the paths in it stay
 * valid after image_cache_free(); the caller unrefs it. */
GArray *image_cache_splices(image_cache *c);

/* For tests: how many images this cache has downsampled (a file at one size
 * counts once; a grey conversion without downsampling does not count), and
 * the libjpeg-turbo scale (num/denom) of its last JPEG pixel decode, for PDF
 * or preview; 0/0 before any. Any pointer may be NULL. */
void image_cache_test_stats(const image_cache *c, int *downsampled, int *scale_num, int *scale_denom);

#endif
