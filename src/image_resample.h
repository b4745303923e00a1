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

/* The JPEG data[0, len) (probed as 'in') decoded at the smallest
 * libjpeg-turbo scale that gives tw × th stored pixels, box-filtered to
 * exactly that (never more than decoded) and re-encoded as a baseline JPEG
 * at 'quality' (4:2:0, or grey when 'to_grey' or the JPEG is grey), with the
 * photo's ICC profile when the channels are its own. A new GBytes, or NULL
 * with 'err' set. '*scale' (may be NULL) gets the scale decoded at (also on
 * failure, once known), '*ow' × '*oh' (may be NULL) the pixels encoded.
 * Pure: safe to call from several threads at once. */
GBytes *image_resample_jpeg_bytes(const guint8 *data, gsize len, const image_info *in, int tw, int th, bool to_grey,
                                  int quality, tjscalingfactor *scale, int *ow, int *oh, GError **err);

/* image_resample_jpeg_bytes() with the JPEG read through as
 * image_verify_jpeg_bytes() checks it, in the one decode
 * (image_verify_jpeg_decode_rows): the same bytes for a whole JPEG. NULL with
 * 'err' set and '*damaged' true when the data is damaged (image_verify's
 * message); NULL with '*damaged' false when only the reduction failed. */
GBytes *image_resample_jpeg_bytes_checked(const guint8 *data, gsize len, const image_info *in, int tw, int th,
                                          bool to_grey, int quality, bool *damaged, GError **err);

/* image_resample_jpeg_bytes_checked() of the first 'len' bytes (the probe's
 * data_len) of the JPEG file open on 'fd' (the photo 'in' describes), read
 * a piece at a time as they are decoded: the photo's bytes never whole in
 * memory; its ICC profile taken as libjpeg reads it. The same bytes for the
 * same photo. NULL with '*unread' true (nothing else set) when it could not
 * be judged this way: a CMYK or YCCK JPEG, a read error, a file no longer
 * of the probed size; read it whole then. */
GBytes *image_resample_jpeg_fd_checked(int fd, goffset len, const image_info *in, int tw, int th, bool to_grey,
                                       int quality, bool *damaged, bool *unread, GError **err);

/* The PNG pixels 'src' (a cairo image surface) reduced to tw × th by the box
 * filter (copied at the same size), in BT.601 grey when 'grey', alpha kept:
 * a new surface (caller destroys); formats other than cairo's 32-bit ones: a
 * new reference to 'src' as it is. NULL with 'err' set (out of memory).
 * Pure: safe to call from several threads at once. */
cairo_surface_t *image_resample_png_pixels(cairo_surface_t *src, int tw, int th, bool grey, GError **err);

/* image_resample_png_pixels() of image_decode_png() of the PNG file's 'n'
 * bytes at 'b' (the same pixels, to the byte), its rows decoded one at a
 * time into the box filter (image_png_rows): the picture never whole in
 * memory (a 1200 × 900 map: 4.3 MB less). NULL when it cannot be made so
 * (interlaced, its chunks or data not sound, out of memory): decode it
 * whole then. Pure: safe to call from several threads at once. */
cairo_surface_t *image_resample_png_bytes(const guint8 *b, gsize n, int tw, int th, bool grey);

/* The unique ids (new strings) of the entry 'e' reduced to tw × th: a
 * JPEG re-encoded at 'quality' (in grey), a PNG (in grey). What cairo shares
 * one object on: the same id is the same image. */
char *image_resample_jpeg_uid(const image_entry *e, int tw, int th, int quality, bool grey);
char *image_resample_png_uid(const image_entry *e, int tw, int th, bool grey);
/* The JPEG's id from the entry's unique id 'uid' alone. */
char *image_resample_jpeg_uid_of(const char *uid, int tw, int th, int quality, bool grey);

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
