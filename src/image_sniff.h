/* image_sniff: what kind of file an image is, from its first bytes (never
 * from its name), and what to do about one we cannot use. Internal to the
 * probe; glib only. */
#ifndef IMAGE_SNIFF_H
#define IMAGE_SNIFF_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* How many first bytes these want (fewer when the file is shorter). */
#define IMAGE_SNIFF_BYTES 512

/* Whether the 'n' bytes at 'p' start with the signature of a JPEG (SOI and
 * the next marker's 0xFF) or of a PNG. */
bool image_sniff_jpeg(const guint8 *p, size_t n);
bool image_sniff_png(const guint8 *p, size_t n);

/* The message for a file that is neither, from its first 'n' bytes at 'p',
 * without the path, e.g. "is a WebP image, which PDF cannot hold: save it
 * as JPEG or PNG". A static string. */
const char *image_sniff_other(const guint8 *p, size_t n);

#endif
