/* gen_rng: deterministic random numbers for the image generators (a name
 * and a salt in, 64-bit values out). The sequence is part of every
 * generated file's bytes: changing it changes the sample's photos. */
#include "gen_rng.h"

/* One step of splitmix64, which spreads the FNV hash over the state. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

gen_rng gen_rng_from_name(const char *name, uint64_t salt)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    h ^= salt * 0x9E3779B97F4A7C15ull;
    gen_rng r;
    r.s = splitmix64(&h);
    if (r.s == 0) /* xorshift never leaves 0 */
        r.s = 0x2545F4914F6CDD1Dull;
    return r;
}

uint64_t gen_rng_next(gen_rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

double gen_rng_unif(gen_rng *r)
{
    return (double)(gen_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double gen_rng_range(gen_rng *r, double a, double b)
{
    return a + (b - a) * gen_rng_unif(r);
}
