/* image_strip: a JPEG's bytes in, the same image without its metadata
 * segments out, rewritten in place in the caller's buffer (no copy of the
 * photo). Glib only: no cairo, nothing of the PDF. */
#ifndef IMAGE_STRIP_H
#define IMAGE_STRIP_H

#include <glib.h>
#include <stdbool.h>

/* What a marker segment of a JPEG is to image_strip_jpeg(). */
typedef enum {
    IMAGE_STRIP_NONE,  /* not a segment we judge (SOI, EOI, RSTn) */
    IMAGE_STRIP_IMAGE, /* image data: SOFn, DHT, DAC, DQT, DRI, SOS, DNL, JPGn…: kept */
    IMAGE_STRIP_COLOUR, /* decides the colours: JFIF APP0, ICC_PROFILE APP2, Adobe APP14: kept */
    IMAGE_STRIP_META,  /* metadata: every other APPn (EXIF, XMP, IPTC, MPF, maker notes…) and COM: removed */
} image_strip_kind;

/* The kind of the segment with marker 'm' (its second byte, 0xE1 for APP1)
 * whose payload (after the length) is p[0, len). */
image_strip_kind image_strip_kind_of(int m, const guint8 *p, gsize len);

/* What image_strip_jpeg() removed. */
typedef struct image_strip_result {
    gsize start;     /* the stripped JPEG is b[start, start + len) */
    gsize len;       /* its length in bytes */
    int segments;    /* metadata segments removed */
    bool thumbnail;  /* a JFIF APP0's own thumbnail was cut off (the segment kept) */
    gsize same_at;   /* b[same_at, same_at + same_len) is a part of the result that neither moved nor
                        changed: the bytes the caller's buffer had there before the call (the largest
                        run kept, the scan data of an ordinary photo); same_len is 0 when there is none */
    gsize same_len;
} image_strip_result;

/* Rewrites the JPEG b[0, n) (probed: it starts with SOI) in place so that
 * b[r->start, r->start + r->len) is the same image without metadata: every
 * segment of kind IMAGE_STRIP_META removed (with any fill bytes before
 * it), before the first scan and between scans; a JFIF APP0's thumbnail cut off (its size set to 0×0);
 * everything else (frame, tables, scans, the colour segments, restart
 * markers) kept byte for byte and in order, up to the EOI (bytes after it
 * are dropped). Only the segments around what is removed move: the kept
 * bytes before the largest kept run (the scan data, usually) move up to it,
 * those after it move down, so the scan data of an ordinary photo is not
 * moved at all. A structure it cannot follow (a length past the end, no
 * EOI) ends the walk: the rest is kept as it is. Returns true if anything
 * was removed (otherwise b is untouched and the result is 0, n, with
 * same_at 0 and same_len n). */
bool image_strip_jpeg(guint8 *b, gsize n, image_strip_result *r);

/* The JPEG 'enc' (a new encoding of the image 'src': SOI, then JFIF APP0 or
 * not) with the ICC_PROFILE APP2 segments that 'src' has before its first
 * scan put after its SOI and JFIF, in their order: a new GBytes, and 'enc'
 * is unreferenced. 'enc' itself (transfer full) when 'src' has none. For a
 * photo re-encoded with the same channels, whose numbers the profile still
 * describes. */
GBytes *image_strip_with_icc(GBytes *enc, const guint8 *src, gsize n);

/* image_strip_with_icc() with the segments found already: the 'n' bytes at
 * 'icc' (whole ICC_PROFILE segments, marker and length included, e.g. as
 * libjpeg saved them while decoding) put after the SOI and JFIF of 'enc'.
 * 'enc' itself when 'n' is 0. */
GBytes *image_strip_put_icc(GBytes *enc, const guint8 *icc, gsize n);

#endif
