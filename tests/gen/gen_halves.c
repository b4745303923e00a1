/* gen_halves: a two-colour picture (samples in, packed PNG rows out) in any
 * PNG colour type and depth, written by gen_png. */
#include "gen_halves.h"

#include "gen_png.h"

static const uint8_t halves_plte[9] = { 255, 0, 0, 0, 0, 255, 0, 255, 0 };
static const uint8_t halves_trns[3] = { 255, 255, 0 };

static int channels_of(int colour_type)
{
    switch (colour_type) {
    case 2: return 3;
    case 4: return 2;
    case 6: return 4;
    default: return 1; /* 0 grey, 3 palette */
    }
}

GByteArray *gen_halves_encode(int colour_type, int depth, const uint16_t top[4], const uint16_t bottom[4], int w,
                              int h, GError **error)
{
    int ch = channels_of(colour_type);
    size_t stride = ((size_t)w * (size_t)ch * (size_t)depth + 7) / 8;
    uint8_t *px = g_malloc0(stride * (size_t)h);
    for (int y = 0; y < h; y++) {
        uint8_t *p = px + (size_t)y * stride;
        const uint16_t *s = y < h / 2 ? top : bottom;
        size_t bit = 0;
        for (int x = 0; x < w; x++)
            for (int c = 0; c < ch; c++, bit += (size_t)depth) {
                if (depth == 16) { /* big-endian */
                    p[bit / 8] = (uint8_t)(s[c] >> 8);
                    p[bit / 8 + 1] = (uint8_t)s[c];
                } else { /* packed from the most significant bit */
                    p[bit / 8] |= (uint8_t)(s[c] << (8 - depth - (int)(bit % 8)));
                }
            }
    }
    gen_png_image img = { .width = w, .height = h, .depth = depth, .colour_type = colour_type, .pixels = px,
                          .stride = stride };
    if (colour_type == 3) {
        img.palette = halves_plte;
        img.n_palette = 3;
        img.palette_alpha = halves_trns;
        img.n_palette_alpha = 3;
    }
    GByteArray *png = gen_png_encode(&img, NULL, error);
    g_free(px);
    return png;
}
