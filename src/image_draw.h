/* image_draw: a photo or map drawn upright into a rectangle of a cairo
 * context through an image cache (image_cache.h): passed through to the
 * PDF, decoded (previews), downsampled or grey, as the cache was set up. */
#ifndef IMAGE_DRAW_H
#define IMAGE_DRAW_H

#include "image_cache.h"
#include "image_probe.h"

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

/* Draws the image at 'path' (probed already) upright (EXIF applied) into
 * the rectangle x, y, w, h (points) of 'cr'. 'cover': scale to fill the
 * rectangle and clip the overflow, centred; otherwise the caller has made
 * the rectangle the image's displayed aspect ratio and it is filled exactly.
 * For PDF ('decode' false) a JPEG is not decoded: its file bytes are
 * attached as CAIRO_MIME_TYPE_JPEG with CAIRO_MIME_TYPE_UNIQUE_ID to a
 * small surface, so cairo embeds the original bytes once per file; with
 * image_cache_set_splicing, most PNGs are not decoded either. With
 * 'decode' true (PNG previews) the pixels are decoded for real. 'c' keeps
 * what it read and made until image_cache_free(); everything else is
 * borrowed for the call. 'cr' is left as it was (save/restore).
 * Returns false with 'err' set if the file cannot be read. */
bool image_draw(image_cache *c, cairo_t *cr, const char *path, double x, double y, double w, double h,
                bool cover, bool decode, GError **err);

/* The size in points an image 'in' is shown at (displayed axes, the part
 * a cover crop clips included) when drawn into a w × h rectangle: what
 * image_draw() gives the image estimate. */
void image_draw_shown_size(const image_info *in, double w, double h, bool cover, double *pw, double *ph);

#endif
