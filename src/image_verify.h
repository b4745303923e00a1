/* image_verify: whether a JPEG's picture data is whole: every scan of its
 * entropy-coded data read and decoded at 1/8 scale with libjpeg, a fault
 * libjpeg only warns about (premature end, a bad Huffman code, extraneous
 * bytes) counted as damage. What the header probe (image_probe.h) cannot
 * see: a header claiming more rows than the data holds, damaged data with
 * the markers intact. Glib and libjpeg only. */
#ifndef IMAGE_VERIFY_H
#define IMAGE_VERIFY_H

#include <glib.h>
#include <stdbool.h>

/* Decodes the JPEG of 'len' bytes at 'data' (borrowed; probed already: a
 * JPEG within the size limits) at 1/8 scale, in grey, into nothing. False with 'err'
 * set (IMAGE_ERROR_DAMAGED, a message for the user without the path, e.g.
 * "is a damaged JPEG: its picture data runs out at about row 1536 of the
 * 3024 its header claims; copy the photo again from the camera or phone")
 * at its first fault. */
bool image_verify_jpeg_bytes(const guint8 *data, gsize len, GError **err);

/* Reads the image file 'path' whole (image_source_read_all) and, if it is
 * a JPEG (image_probe_bytes_full), verifies the bytes that go into the PDF
 * (up to its EOI). A PNG, or an image the probe refuses, gives the probe's
 * result. False with 'err' set: a read error, the probe's message, or the
 * damage found. */
bool image_verify(const char *path, GError **err);

#endif
