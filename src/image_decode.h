/* image_decode: an image's pixels for cairo, in colour or grey: for
 * previews, and for PNGs that do not pass through to the PDF. Internal to
 * the files that draw. */
#ifndef IMAGE_DECODE_H
#define IMAGE_DECODE_H

#include "image_entry.h"

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>
#include <turbojpeg.h>

/* The message for a JPEG whose header reads but whose pixels do not. */
#define IMAGE_MSG_JPEG_UNDECODABLE \
    "is a damaged JPEG (its pixels cannot be decoded); copy the photo again from the camera or phone"

/* The PNG 'b' ('n' bytes) decoded by cairo, with the unique id 'uid'; it
 * must have the size probed ('info'). A new surface (caller destroys), or
 * NULL with 'err' set ("is a damaged PNG (its pixels cannot be decoded)…"). */
cairo_surface_t *image_decode_png(const guint8 *b, gsize n, const image_info *info, const char *uid, GError **err);

/* The PNG 'e''s pixels (owned by 'e'), decoded now if they were not (a PNG
 * kept for passthrough: read again after a trim); its bytes are then
 * dropped. NULL with 'err' set on failure. */
cairo_surface_t *image_decode_png_pixels(image_entry *e, GError **err);

/* The JPEG 'e' decoded at the libjpeg-turbo scale 'want' or finer, in grey
 * (its luma, R = G = B) when 'grey' (owned by 'e', kept: the same photo
 * drawn again no larger reuses them). Notes the scale decoded at in
 * c->last_scale. NULL with 'err' set on failure. */
cairo_surface_t *image_decode_jpeg(image_cache *c, image_entry *e, tjscalingfactor want, bool grey, GError **err);

#endif
