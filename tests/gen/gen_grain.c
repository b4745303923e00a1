/* gen_grain: cairo RGB24 surface in, packed RGB with sensor-like noise,
 * texture and vignetting out (or without any). */
#include "gen_grain.h"

#include <glib.h>
#include <math.h>

/* A grid of random values, one per 'cell' pixels, interpolated between. */
typedef struct field {
    int cell, gw, gh; /* cell size (pixels), grid width and height */
    float *v;         /* gw * gh values */
} field;

/* A field covering w x h pixels, values in [-amp, amp) (caller frees 'v'). */
static field field_new(int w, int h, int cell, double amp, gen_rng *rng)
{
    field f;
    f.cell = cell;
    f.gw = w / cell + 2;
    f.gh = h / cell + 2;
    f.v = g_new(float, (size_t)f.gw * (size_t)f.gh);
    for (int i = 0; i < f.gw * f.gh; i++)
        f.v[i] = (float)((gen_rng_unif(rng) * 2 - 1) * amp);
    return f;
}

/* Interpolates the field's grid rows for image row 'y' into 'tmp' (gw floats). */
static void field_row(const field *f, int y, float *tmp)
{
    int iy = y / f->cell;
    float fy = (float)(y - iy * f->cell) / (float)f->cell;
    const float *ra = f->v + (size_t)iy * (size_t)f->gw;
    const float *rb = ra + f->gw;
    for (int i = 0; i < f->gw; i++)
        tmp[i] = ra[i] + (rb[i] - ra[i]) * fy;
}

void gen_grain_apply(cairo_surface_t *s, uint8_t *rgb, const gen_grain *g, gen_rng *rng)
{
    cairo_surface_flush(s);
    const int w = cairo_image_surface_get_width(s);
    const int h = cairo_image_surface_get_height(s);
    const int stride = cairo_image_surface_get_stride(s);
    const uint8_t *data = cairo_image_surface_get_data(s);

    field large = field_new(w, h, 320, g->large, rng);
    field medium = field_new(w, h, 12, g->medium, rng);
    float *lrow = g_new(float, large.gw);
    float *mrow = g_new(float, medium.gw);
    int16_t *add = g_new(int16_t, w);
    int32_t *gain = g_new(int32_t, w);
    float *dx2 = g_new(float, w);
    int tri[511];
    uint8_t clamp[1024]; /* index v + 384 */

    for (int i = 0; i < 511; i++)
        tri[i] = (int)lrint((i - 255) / 255.0 * g->fine);
    for (int i = 0; i < 1024; i++) {
        int v = i - 384;
        clamp[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
    }
    for (int x = 0; x < w; x++) {
        float d = (x - w * 0.5f) / (w * 0.5f);
        dx2[x] = d * d;
    }

    for (int y = 0; y < h; y++) {
        float d = (y - h * 0.5f) / (h * 0.5f);
        float dy2 = d * d;
        field_row(&large, y, lrow);
        field_row(&medium, y, mrow);
        for (int x = 0; x < w; x++) {
            int lx = x / large.cell, mx = x / medium.cell;
            float lf = (float)(x - lx * large.cell) / (float)large.cell;
            float mf = (float)(x - mx * medium.cell) / (float)medium.cell;
            float v = lrow[lx] + (lrow[lx + 1] - lrow[lx]) * lf +
                      mrow[mx] + (mrow[mx + 1] - mrow[mx]) * mf;
            add[x] = (int16_t)lrintf(v);
            float r2 = (dx2[x] + dy2) * 0.5f;
            gain[x] = (int32_t)lrintf(256.0f * (1.0f - (float)g->vignette * r2 * r2));
        }
        const uint32_t *src = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        uint8_t *dst = rgb + (size_t)y * (size_t)w * 3;
        uint64_t bits = 0;
        for (int x = 0; x < w; x++) {
            if ((x & 3) == 0)
                bits = gen_rng_next(rng);
            int n = add[x] + tri[(bits & 255) + ((bits >> 8) & 255)] + 384;
            bits >>= 16;
            uint32_t p = src[x];
            int32_t gx = gain[x];
            dst[0] = clamp[((int32_t)((p >> 16) & 255) * gx >> 8) + n];
            dst[1] = clamp[((int32_t)((p >> 8) & 255) * gx >> 8) + n];
            dst[2] = clamp[((int32_t)(p & 255) * gx >> 8) + n];
            dst += 3;
        }
    }
    g_free(large.v);
    g_free(medium.v);
    g_free(lrow);
    g_free(mrow);
    g_free(add);
    g_free(gain);
    g_free(dx2);
}

uint8_t *gen_grain_none(cairo_surface_t *s)
{
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const uint8_t *data = cairo_image_surface_get_data(s);
    uint8_t *rgb = g_malloc((size_t)w * (size_t)h * 3);
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        uint8_t *dst = rgb + (size_t)y * (size_t)w * 3;
        for (int x = 0; x < w; x++) {
            dst[0] = (uint8_t)(src[x] >> 16);
            dst[1] = (uint8_t)(src[x] >> 8);
            dst[2] = (uint8_t)src[x];
            dst += 3;
        }
    }
    return rgb;
}
