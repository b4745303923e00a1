/* pdfsplice: the image splice of the PDF post-processor. cairo 1.16 cannot
 * pass a PNG's compressed data through, so image_embed.c draws a placeholder (an
 * image of a size unique in the PDF) for each PNG; this finds each
 * placeholder among the PDF's objects, checks the PNG's IDAT chunks against
 * their description, and adds to the update a new version of the image
 * whose stream is the PNG's IDAT data, copied from the PNG file when the
 * update is written. A JPEG photo goes the same way: cairo could take its
 * bytes as mime data, but would hold them in memory until its page is
 * written and copy them again; spliced, the bytes are copied from the
 * photo's file once, when the update is written. Only glib here:
 * pdfpost.h and image_embed.c include this header for the description
 * alone. */
#ifndef PDFSPLICE_H
#define PDFSPLICE_H

#include <glib.h>
#include <stdbool.h>

typedef struct pdfread_file pdfread_file; /* pdfread.h */
typedef struct pdfupdate pdfupdate;       /* pdfupdate.h */

/* A PNG whose compressed image data goes into the PDF unchanged: the image
 * XObject of its placeholder (the one image of exactly placeholder_w ×
 * placeholder_h pixels, drawn by image_embed.c) gets a new version with /Filter
 * /FlateDecode, /DecodeParms << /Predictor 15 /Colors 'colours'
 * /BitsPerComponent 'bits' /Columns 'width' >> and the data of the PNG's IDAT
 * chunks (or 'data') as its stream, and an /SMask when 'smask' is given.
 * Known to the renderer as pdfpost_image (pdfpost.h). */
typedef struct pdfsplice_image {
    int placeholder_w, placeholder_h; /* pixels of the placeholder: unique in the PDF */
    char *path;                       /* the PNG file (owned by whoever made the list) */
    int width, height;                /* the PNG's pixels */
    int colours;                      /* 3: RGB, 1: grey or palette indices; not interlaced */
    gint64 idat_offset;               /* file offset of its first IDAT chunk (the length field) */
    gint64 idat_bytes;                /* the data of its IDAT chunks, one run of 'idat_chunks', together */
    int idat_chunks;
    guint32 idat_crc;                 /* CRC-32 (zlib's crc32) of those 'idat_bytes' bytes */
    int bits;                         /* bits per component of the stream: 1, 2, 4, 8 or 16; 0 means 8 */
    int n_palette;                    /* > 0: /Indexed over DeviceRGB with these 'palette' entries
                                         (the PLTE), 'colours' 1 */
    guint8 palette[768];
    GBytes *data;                     /* non-NULL: the stream is these bytes (a zlib stream of PNG-filtered
                                         rows, made from the decoded PNG), not the file's IDAT data, and
                                         the idat_* fields are unused; a reference owned by the list */
    GBytes *smask;                    /* non-NULL: the alpha, 8-bit, as 'data' with one colour: written
                                         as the image's /SMask; owned by the list */
    /* A JPEG ('jpeg' true; the PNG fields but the sizes, 'colours' and
     * 'path' unused): the image gets /Filter /DCTDecode, /BitsPerComponent
     * 8, /DeviceGray or /DeviceRGB by 'colours', and as its stream 'head'
     * (may be NULL), the file's bytes [range_offset, range_offset +
     * range_bytes) (range_bytes may be 0), whose CRC-32 is range_crc, then
     * 'tail' (may be NULL): the JPEG as the drawing would have embedded it
     * (its metadata stripped, image_strip.h), most of it never in memory. */
    bool jpeg;
    GBytes *head, *tail;              /* owned by the list */
    gint64 range_offset, range_bytes;
    guint32 range_crc;
} pdfsplice_image;

/* True if the 'n' descriptions of 'images' are each well formed (a path,
 * sizes, 1 or 3 colours, bits, a palette only with 1 colour, IDAT data or
 * 'data'; a JPEG: 8 bits, no palette, no alpha, some bytes) and no two
 * name one placeholder size:
 * anything else is a bug in the caller. */
bool pdfsplice_images_valid(const pdfsplice_image *images, int n);

/* Adds to 'u' a new version of the placeholder of each of the 'n' 'images'
 * (valid as above) in the newest version of 'f': an image XObject of the
 * PNG's size and colours with /DecodeParms for PNG predictors, and the
 * placeholder's /Interpolate. Looks at the first bytes of every object in
 * use below the trailer's /Size. 'images' is borrowed until the update is
 * written. False with f->error set (nothing added) if a placeholder is not
 * in the PDF exactly once or a PNG's chunks (types, lengths, CRCs) are not
 * what its description says (PDFPOST_ERROR_IMAGE), or a PNG cannot be read
 * (PDFPOST_ERROR_IO). A JPEG's file is read only when the update is
 * written: if its bytes are no longer those described, the writing fails
 * (PDFPOST_ERROR_IMAGE) and pdfupdate_write() takes back what it wrote. */
bool pdfsplice_add(pdfread_file *f, const pdfsplice_image *images, int n, pdfupdate *u);

#endif
