/* pngkinds: one picture (a PNG cairo reads) in, the same picture out as every
 * kind of PNG a user may bring (8/16-bit grey, grey + alpha, RGB, RGBA,
 * palette with and without tRNS, 4-bit palette, Adam7), for the benchmark
 * and for comparing pages. Usage: pngkinds IN.png DIR [W H] (W × H: the
 * picture scaled to that size first). */
#include "gen_file.h"
#include "gen_png.h"

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct kind {
    const char *name;
    int colour_type, depth;
    bool alpha_hole;  /* alpha: a transparent disc and a half-transparent band, else opaque */
    bool interlace;
} kind;

static const kind kinds[] = {
    { "rgb8", 2, 8, false, false },      { "rgb16", 2, 16, false, false },   { "rgba8", 6, 8, true, false },
    { "rgba16", 6, 16, false, false },   { "rgba16-alpha", 6, 16, true, false },
    { "grey8", 0, 8, false, false },     { "grey16", 0, 16, false, false },  { "greya8", 4, 8, true, false },
    { "palette8", 3, 8, false, false },  { "palette8-trns", 3, 8, true, false },
    { "palette4", 3, 4, false, false },  { "rgb8-adam7", 2, 8, false, true },
};

/* The alpha of pixel (x, y) of a w × h picture with holes. */
static int alpha_at(int x, int y, int w, int h)
{
    double dx = x - w * 0.7, dy = y - h * 0.3, r = h * 0.15;
    if (dx * dx + dy * dy < r * r)
        return 0;
    if (y > h * 0.8)
        return 128;
    return 255;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 5) {
        fprintf(stderr, "usage: pngkinds IN.png DIR [W H]\n");
        return 2;
    }
    cairo_surface_t *s = cairo_image_surface_create_from_png(argv[1]);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngkinds: cannot read %s\n", argv[1]);
        return 1;
    }
    if (argc == 5) { /* scaled to W × H, opaque */
        int sw = atoi(argv[3]), sh = atoi(argv[4]);
        cairo_surface_t *t = cairo_image_surface_create(CAIRO_FORMAT_RGB24, sw, sh);
        cairo_t *cr = cairo_create(t);
        cairo_scale(cr, (double)sw / cairo_image_surface_get_width(s), (double)sh / cairo_image_surface_get_height(s));
        cairo_set_source_surface(cr, s, 0, 0);
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
        cairo_paint(cr);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        s = t;
    }
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const uint8_t *d = cairo_image_surface_get_data(s);
    uint8_t pal[256 * 3], pal_a[256];
    for (int i = 0; i < 216; i++) { /* a 6 × 6 × 6 cube */
        pal[3 * i] = (uint8_t)(i / 36 * 51);
        pal[3 * i + 1] = (uint8_t)(i / 6 % 6 * 51);
        pal[3 * i + 2] = (uint8_t)(i % 6 * 51);
        pal_a[i] = 255;
    }
    pal_a[0] = 0;   /* black: transparent */
    pal_a[1] = 128; /* dark blue: half */
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const kind *kd = &kinds[k];
        int ch = kd->colour_type == 0 ? 1 : kd->colour_type == 2 ? 3 : kd->colour_type == 4 ? 2
               : kd->colour_type == 6 ? 4 : 1;
        size_t bps = (size_t)kd->depth / 8, row = kd->depth < 8 ? ((size_t)w * kd->depth + 7) / 8 : (size_t)w * ch * bps;
        uint8_t *px = calloc(row, (size_t)h);
        for (int y = 0; y < h; y++) {
            const uint32_t *in = (const uint32_t *)(d + (size_t)y * stride);
            uint8_t *o = px + (size_t)y * row;
            for (int x = 0; x < w; x++) {
                int r = in[x] >> 16 & 255, g = in[x] >> 8 & 255, b = in[x] & 255;
                int a = kd->alpha_hole ? alpha_at(x, y, w, h) : 255;
                int grey = (r * 299 + g * 587 + b * 114 + 500) / 1000;
                int v[4], nv = 0;
                if (kd->colour_type == 3) {
                    int i = (r + 25) / 51 * 36 + (g + 25) / 51 * 6 + (b + 25) / 51;
                    if (kd->depth == 4)
                        i = (r > 127) * 4 + (g > 127) * 2 + (b > 127);
                    else if (kd->alpha_hole && a == 0)
                        i = 0;
                    else if (kd->alpha_hole && a == 128)
                        i = 1;
                    else if (i < 2)
                        i = 2;
                    if (kd->depth == 4)
                        o[x / 2] |= (uint8_t)(i << (x % 2 ? 0 : 4));
                    else
                        o[x] = (uint8_t)i;
                    continue;
                }
                if (kd->colour_type == 0 || kd->colour_type == 4)
                    v[nv++] = grey;
                else {
                    v[nv++] = r;
                    v[nv++] = g;
                    v[nv++] = b;
                }
                if (kd->colour_type == 4 || kd->colour_type == 6)
                    v[nv++] = a;
                for (int c = 0; c < nv; c++) {
                    if (bps == 2) {
                        int v16 = v[c] * 257 + (c < 3 ? (x * 7 + y * 3) % 200 : 0); /* low bits that 8 bits lose */
                        if (v16 > 65535 || (c == nv - 1 && nv % 2 == 0 && v[c] == 255))
                            v16 = v[c] * 257;
                        o[(size_t)(x * ch + c) * 2] = (uint8_t)(v16 >> 8);
                        o[(size_t)(x * ch + c) * 2 + 1] = (uint8_t)v16;
                    } else {
                        o[x * ch + c] = (uint8_t)v[c];
                    }
                }
            }
        }
        uint8_t pal4[16 * 3];
        for (int i = 0; i < 8; i++) {
            pal4[3 * i] = (uint8_t)(i & 4 ? 230 : 40);
            pal4[3 * i + 1] = (uint8_t)(i & 2 ? 220 : 60);
            pal4[3 * i + 2] = (uint8_t)(i & 1 ? 210 : 50);
        }
        bool p = kd->colour_type == 3;
        gen_png_image img = { w, h, kd->depth, kd->colour_type, px, row,
                              !p ? NULL : kd->depth == 4 ? pal4 : pal, !p ? 0 : kd->depth == 4 ? 8 : 216,
                              p && kd->alpha_hole ? pal_a : NULL, p && kd->alpha_hole ? 2 : 0, NULL };
        gen_png_options opt = { 0 };
        opt.interlace = kd->interlace;
        GError *err = NULL;
        GByteArray *png = gen_png_encode(&img, &opt, &err);
        char *name = g_strdup_printf("%s.png", kd->name);
        if (!png || !gen_file_put(argv[2], name, png->data, png->len, &err)) {
            fprintf(stderr, "pngkinds: %s: %s\n", name, err->message);
            return 1;
        }
        g_free(name);
        g_byte_array_unref(png);
        free(px);
    }
    cairo_surface_destroy(s);
    return 0;
}
