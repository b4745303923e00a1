/* gen_grain: a cairo RGB24 surface in, packed RGB out, with the grain of a
 * phone's sensor (so that a JPEG of it is as big as a real photo) or
 * without. The grain's random numbers come from the caller's stream. */
#ifndef GEN_GRAIN_H
#define GEN_GRAIN_H

#include "gen_rng.h"

#include <cairo.h>
#include <stdint.h>

/* Flat cairo drawings compress to almost nothing; phone photos at quality
 * ~90 are 1-3 MB. The grain makes the JPEG size realistic. */
typedef struct gen_grain {
    double fine;     /* per-pixel luma noise, triangular in [-fine, +fine] levels */
    double medium;   /* smooth blotchy texture (12-pixel cells), +-medium levels */
    double large;    /* slow brightness variation (320-pixel cells), +-large levels */
    double vignette; /* darkening of the corners (fraction of the brightness lost there) */
} gen_grain;

/* Writes the pixels of the RGB24 surface 's', with grain 'g' drawn from
 * 'rng', into 'rgb' (width * height * 3 bytes, the caller's). */
void gen_grain_apply(cairo_surface_t *s, uint8_t *rgb, const gen_grain *g, gen_rng *rng);

/* The pixels of the RGB24 surface 's' as they are, packed RGB in a new
 * buffer (caller frees with g_free). */
uint8_t *gen_grain_none(cairo_surface_t *s);

#endif
