/* gen_png: the one PNG writer of the image generators and the unit tests:
 * pixels or a cairo image surface in, PNG bytes out, through libpng (chunks,
 * CRCs) and zlib (deflate); broken PNGs are good ones altered afterwards. */
#ifndef GEN_PNG_H
#define GEN_PNG_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The picture, described as PNG stores it. Borrowed: nothing is copied or
 * freed. */
typedef struct gen_png_image {
    int width, height;           /* pixels */
    int depth;                   /* bits per sample: 1, 2, 4, 8 or 16 */
    int colour_type;             /* 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGB + alpha */
    const uint8_t *pixels;       /* 'height' rows: samples packed from the most significant bit, 16-bit big-endian */
    size_t stride;               /* bytes from the start of one row to the next */
    const uint8_t *palette;      /* colour type 3: 'n_palette' RGB triples (PLTE) */
    int n_palette;
    const uint8_t *palette_alpha; /* colour type 3: alpha of the first 'n_palette_alpha' entries (tRNS), or NULL */
    int n_palette_alpha;
    const uint16_t *trns_colour; /* colour types 0 and 2: the grey (1 sample) or RGB (3) that is transparent (tRNS), or NULL */
} gen_png_image;

/* How to write it; all zero is libpng's defaults (its filter choice, IDAT
 * chunks of 8192 bytes, zlib's default level, no ancillary chunk). */
typedef struct gen_png_options {
    bool filter_cycle;     /* row y filtered with PNG filter y % 5 (None, Sub, Up, Average, Paeth): all five occur */
    bool interlace;        /* Adam7 (not with filter_cycle) */
    size_t idat_size;      /* the most data bytes in one IDAT chunk (at least 6); 0: 8192 */
    uint32_t gamma;        /* gAMA, gamma x 100000 (45455: 1/2.2); 0: none */
    bool white_background; /* bKGD white, as cairo_surface_write_to_png writes it */
} gen_png_options;

#define GEN_PNG_ERROR gen_png_error_quark()
GQuark gen_png_error_quark(void);

/* Encodes 'img' with 'opt' (NULL: all defaults). A new array (caller
 * unrefs), or NULL with 'error' set to libpng's message, without a path.
 * libpng's warnings are errors here: a fixture must be what it claims. */
GByteArray *gen_png_encode(const gen_png_image *img, const gen_png_options *opt, GError **error);

/* Encodes the RGB24 or ARGB32 image surface 's' as cairo_surface_write_to_png
 * does with the same libpng, byte for byte: 8-bit RGB (RGB + alpha,
 * unpremultiplied, if any pixel is not opaque), bKGD white, libpng's
 * defaults otherwise. NULL with 'error' set on failure. */
GByteArray *gen_png_encode_surface(cairo_surface_t *s, GError **error);

/* Writes 's' (gen_png_encode_surface) to the file 'name' in 'dir'
 * (gen_file_write). False with 'error' set ("<path>: <reason>"). */
bool gen_png_put_surface(const char *dir, const char *name, cairo_surface_t *s, GError **error);

/*** Damage: good PNGs made bad on purpose, for the tests of broken files ***/

/* Makes the CRC of the first chunk of type 'type' wrong (its last byte
 * XOR 0x55); everything else stays right. False if 'png' has no such chunk. */
bool gen_png_damage_crc(GByteArray *png, const char type[4]);

/* Cuts the zlib stream in half: the IDAT chunks' data are joined, the first
 * half kept as one IDAT chunk whose length and CRC (zlib's crc32) are right,
 * so that only inflating fails. False if 'png' has no IDAT chunk. */
bool gen_png_damage_cut_idat(GByteArray *png);

#endif
