/* gen_rng: the image generators' random numbers: a file name and a salt in,
 * a stream of 64-bit values out (splitmix64 seeding, xorshift64*). Never the
 * clock: the same program draws the same bytes on every run. */
#ifndef GEN_RNG_H
#define GEN_RNG_H

#include <stdint.h>

typedef struct gen_rng {
    uint64_t s; /* state, never 0 */
} gen_rng;

/* A stream seeded from 'name' (FNV-1a) and 'salt': one file can have
 * several independent streams (the drawing, the grain). A plain value,
 * nothing to free. */
gen_rng gen_rng_from_name(const char *name, uint64_t salt);

/* The next 64 random bits. */
uint64_t gen_rng_next(gen_rng *r);

/* Uniform in [0, 1), from the top 53 bits of the next value. */
double gen_rng_unif(gen_rng *r);

/* Uniform in [a, b). */
double gen_rng_range(gen_rng *r, double a, double b);

#endif
