/* image_resample: images with fewer pixels or no colour, for the PDF and
 * grey previews. Internal to the files that draw; what the options promise
 * is in image_cache.h (image_cache_set_downsample, _set_grayscale). */
#ifndef IMAGE_RESAMPLE_H
#define IMAGE_RESAMPLE_H

#include "image_entry.h"

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>
#include <turbojpeg.h>

/* Whether an image 'in' drawn at pw × ph points (displayed axes) has more
 * pixels than 'dpi' needs (by more than 2 %); then its target size
 * '*tw' × '*th', in stored orientation, never more than it has on either
 * axis. */
bool image_resample_target(const image_info *in, double pw, double ph, int dpi, int *tw, int *th);

/* The smallest libjpeg-turbo scale (at most 1/1) whose pixels are at least
 * need_w × need_h for a w × h JPEG. */
tjscalingfactor image_resample_scale(int w, int h, double need_w, double need_h);

/* Each of these returns a surface owned by 'e' (kept per size and quality:
 * asked again, the same surface, one object in the PDF), or NULL with
 * 'err' set (a JPEG that does not decode, out of memory). */

/* The JPEG 'e' reduced to tw × th stored pixels and re-encoded at the
 * cache's quality: a 1×1 surface carrying the new bytes as mime data, like
 * the original's. Counted as downsampled. */
cairo_surface_t *image_resample_jpeg(image_cache *c, image_entry *e, int tw, int th, GError **err);

/* The PNG 'e''s pixels reduced to tw × th (lossless: cairo compresses it).
 * Formats other than cairo's 32-bit ones are drawn as they are. Counted. */
cairo_surface_t *image_resample_png(image_cache *c, image_entry *e, int tw, int th, GError **err);

/* The JPEG 'e' in grey for PDF: reduced to tw × th when downsampling
 * applies ('reduce', counted); otherwise at the smallest libjpeg-turbo
 * scale that keeps 300 dpi (or the cache's resolution if higher) at pw × ph
 * points (displayed axes), at most its full size. A greyscale JPEG not
 * reduced passes through as it is (image_embed_jpeg). */
cairo_surface_t *image_resample_jpeg_grey(image_cache *c, image_entry *e, bool reduce, int tw, int th, double pw,
                                          double ph, GError **err);

/* The PNG 'e' in grey at tw × th (reduced first when smaller than it is),
 * alpha kept, for PDF and previews alike; 'count': downsampling asked for
 * the size. Formats other than cairo's 32-bit ones are drawn as they are. */
cairo_surface_t *image_resample_png_grey(image_cache *c, image_entry *e, int tw, int th, bool count, GError **err);

#endif
