/* gen_jpeg: upright RGB in, a phone's JPEG out: the pixels stored rotated for
 * an EXIF orientation, encoded by libturbojpeg (baseline, 4:2:0, accurate
 * DCT), an APP1 segment whose IFD0 holds one entry, Orientation. */
#ifndef GEN_JPEG_H
#define GEN_JPEG_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fills 'stored' (dw * dh * 3 bytes, the caller's) with the packed RGB
 * 'display' image (dw x dh, upright) as a camera stores it with EXIF
 * 'orientation' 1..8, i.e. such that a viewer applying the orientation shows
 * it upright; '*sw' x '*sh' receive the stored size (swapped for 5..8).
 * False for an orientation outside 1..8. */
bool gen_jpeg_orient_into(const uint8_t *display, int dw, int dh, int orientation, uint8_t *stored, int *sw,
                          int *sh);

/* As gen_jpeg_orient_into, into a new buffer (caller frees with g_free);
 * NULL for an invalid orientation. */
uint8_t *gen_jpeg_orient(const uint8_t *display, int dw, int dh, int orientation, int *sw, int *sh);

/* Encodes the packed RGB 'rgb' (w x h) at 'quality'; 'orientation' 0 writes
 * no EXIF, 1..8 an APP1 segment right after SOI. A new array (caller
 * unrefs), or NULL with 'error' set to the encoder's reason (no path: the
 * caller adds it). */
GByteArray *gen_jpeg_encode(const uint8_t *rgb, int w, int h, int quality, int orientation, GError **error);

/* Encodes as gen_jpeg_encode and writes the file 'name' in 'dir'
 * (gen_file_write). False with 'error' set ("<path>: <reason>"). */
bool gen_jpeg_put(const char *dir, const char *name, const uint8_t *rgb, int w, int h, int quality,
                  int orientation, GError **error);

/* Walks the marker segments of the JPEG 'buf' up to SOS: the offset of the
 * first marker listed in 'want' ('nwant' second bytes, e.g. 0xC0 for SOF0),
 * or -1. 'scan_start' (may be NULL) receives the offset of the first
 * entropy-coded byte, after the SOS header, or -1. */
long gen_jpeg_find_marker(const uint8_t *buf, size_t len, const uint8_t *want, int nwant, long *scan_start);

#endif
