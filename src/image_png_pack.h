/* image_png_pack: a PNG the PDF cannot take as it is (alpha, tRNS, Adam7),
 * decoded (libdeflate and our own unfiltering) and deflated again
 * (libdeflate) for the PDF splice. Internal to image_embed.c. */
#ifndef IMAGE_PNG_PACK_H
#define IMAGE_PNG_PACK_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

struct pdfsplice_image;

/* Where a PNG's chunks are, as image_embed.c found and checked them. */
typedef struct image_png_layout {
    gsize first;        /* offset of the first IDAT chunk */
    int chunks;         /* IDAT chunks, one run */
    gint64 bytes;       /* their data together */
    const guint8 *plte; /* PLTE data or NULL, 'plte_len' bytes */
    gsize plte_len;
    const guint8 *trns; /* tRNS data or NULL, 'trns_len' bytes */
    gsize trns_len;
} image_png_layout;

/* Decodes the PNG at b (IHDR and chunks checked, found at 'l') to 8 bits a sample
 * as libpng gives them to cairo, tRNS applied, and fills 'g' (all of it
 * cleared first) with its size, 8 bits, 1 colour (grey types 0 and 4) or 3,
 * and 'data': its colour as PNG rows of filter type None in a zlib stream;
 * 'smask' the same of its alpha unless every pixel is opaque. Where alpha
 * is below 255 the colour is what cairo would have written. Both new
 * references owned by 'g'. False (nothing to free) if the PNG cannot be
 * decoded (damaged) or memory runs out. */
bool image_png_pack(const guint8 *b, const image_png_layout *l, struct pdfsplice_image *g);

/* Whether a PNG passed through as it is has sound IDAT data: its zlib
 * stream (the 'chunks' chunks from b[first], 'bytes' of data together)
 * inflates to exactly h rows of 'row' bytes, each with a filter type 0..4,
 * the Adler-32 right and nothing after the stream: 1 yes, 0 no, -1 not
 * checked here (rows over 'max_raw' bytes, or no memory). */
int image_png_idat_check(const guint8 *b, gsize first, int chunks, gint64 bytes, guint64 row, uint32_t h,
                         size_t max_raw);

/* Where image_png_rows() puts each row: 'px', its pixels as a cairo image
 * surface holds them (one uint32_t each, native order), borrowed for the
 * call; y in order. */
typedef void (*image_png_row_fn)(void *user, int y, const guint8 *px);

/* Whether image_png_rows() gives ARGB32 rows (alpha or tRNS), else RGB24,
 * as cairo would decode the PNG at b (found at 'l'). */
bool image_png_rows_argb(const guint8 *b, const image_png_layout *l);

/* Decodes the PNG at b (IHDR and chunks checked, found at 'l'; not
 * interlaced) a row at a time into 'row', each row's pixels exactly those
 * cairo's own PNG reader (cairo-png.c on libpng) puts in its surface: 8
 * bits a sample (the high byte of 16, small depths scaled up), grey and
 * palettes made RGB, tRNS made alpha, premultiplied as cairo premultiplies.
 * Two rows in memory, not the picture. False if it is interlaced, its data
 * is not sound (rows may have been given), or memory runs out. */
bool image_png_rows(const guint8 *b, const image_png_layout *l, image_png_row_fn row, void *user);

#endif
