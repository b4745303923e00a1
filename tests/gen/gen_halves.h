/* gen_halves: two colours in, a PNG out whose top half is one and bottom half
 * the other, in the kinds cairo cannot write (palette, 16-bit): the fixtures
 * palette.png, rgb16.png ... and test_image_png.c's, which must agree. */
#ifndef GEN_HALVES_H
#define GEN_HALVES_H

#include <glib.h>
#include <stdint.h>

/* The palette of colour type 3: index 0 red, 1 blue, 2 green (unused, and
 * made fully transparent by tRNS). */
enum { GEN_HALVES_RED, GEN_HALVES_BLUE, GEN_HALVES_GREEN };

/* Encodes a 'w' x 'h' picture of PNG 'colour_type' (0 grey, 2 RGB, 3
 * palette, 4 grey + alpha, 6 RGB + alpha) and 'depth' bits per sample whose
 * every pixel in the top half (rows < h / 2) holds the samples 'top', in
 * the bottom half 'bottom' (in channel order; for a palette, the index).
 * libpng's default filters and compression. A new array (caller unrefs), or
 * NULL with 'error' set. */
GByteArray *gen_halves_encode(int colour_type, int depth, const uint16_t top[4], const uint16_t bottom[4], int w,
                              int h, GError **error);

#endif
