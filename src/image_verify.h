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

/* Where image_verify_jpeg_decode_rows() puts the pixels: 'begin' is told
 * their size, channels (1: grey, 3: RGB) and whether the JPEG is grey
 * (false from it: out of memory, the decode stops), then 'row' gets each
 * row in order (borrowed for the call). */
typedef struct image_verify_sink {
    bool (*begin)(void *user, int w, int h, int channels, bool src_grey);
    void (*row)(void *user, int y, const guint8 *px);
    void *user;
} image_verify_sink;

/* The JPEG of 'len' bytes at 'data' (probed already) read through as
 * image_verify_jpeg_bytes() checks it while it is decoded at the libjpeg
 * scale scale_num/scale_denom, as tjDecompress2() would decode it (RGB, or
 * grey when 'to_grey' or the JPEG is grey), a few rows at a time into
 * 'sink', never the whole picture in memory: one decode where a caller
 * would otherwise check the data and then decode it. 1 when decoded whole;
 * 0 with 'err' set as image_verify_jpeg_bytes() sets it when damaged (or
 * IMAGE_ERROR_TOO_LARGE when the sink is out of memory); -1 with 'err'
 * unset for a CMYK or YCCK JPEG, not decoded (verify it with
 * image_verify_jpeg_bytes). */
int image_verify_jpeg_decode_rows(const guint8 *data, gsize len, int scale_num, int scale_denom, bool to_grey,
                                  const image_verify_sink *sink, GError **err);

/* What image_verify_jpeg_decode_input() reads: the 'len' bytes at 'data',
 * or ('data' NULL) the first 'len' bytes of the file open on 'fd', read 64
 * KB at a time with pread: a 2 MB photo never whole in memory. */
typedef struct image_verify_input {
    const guint8 *data;
    int fd;
    goffset len;
    GByteArray *icc;  /* not NULL: the ICC_PROFILE segments before the first scan are appended to it,
                         marker and length included, as image_strip_with_icc() takes them */
    int width, height; /* not 0: the size the header must give (the photo probed), else the result is -2 */
    bool io_error;    /* set when reading 'fd' failed: the result is -2, the photo not judged */
} image_verify_input;

/* image_verify_jpeg_decode_rows() of 'in': the same results, and -2 (err
 * unset) when 'in' says so. */
int image_verify_jpeg_decode_input(image_verify_input *in, int scale_num, int scale_denom, bool to_grey,
                                   const image_verify_sink *sink, GError **err);

/* Reads the image file 'path' whole (image_source_read_all) and, if it is
 * a JPEG (image_probe_bytes_full), verifies the bytes that go into the PDF
 * (up to its EOI). A PNG, or an image the probe refuses, gives the probe's
 * result. False with 'err' set: a read error, the probe's message, or the
 * damage found. */
bool image_verify(const char *path, GError **err);

#endif
