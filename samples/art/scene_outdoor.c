/* scene_outdoor: the sample's photos taken outside (01 the city hall, half
 * built, with its crane; 08 the sunrise over Lake Shinji), drawn upright
 * with cairo at any size. */
#include "scene.h"

#include "gen_draw.h"

#include <glib.h>
#include <math.h>

static void draw_cloud(cairo_t *cr, double cx, double cy, double size, gen_rng *rng)
{
    for (int i = 0; i < 9; i++) {
        double ox = gen_rng_range(rng, -1.6, 1.6) * size;
        double oy = gen_rng_range(rng, -0.35, 0.25) * size;
        double r = gen_rng_range(rng, 0.45, 0.9) * size;
        cairo_pattern_t *p = cairo_pattern_create_radial(cx + ox, cy + oy - r * 0.3, 0,
                                                         cx + ox, cy + oy, r);
        gen_draw_stop(p, 0, 0xFFFFFF, 0.95);
        gen_draw_stop(p, 0.7, 0xF2F5F8, 0.85);
        gen_draw_stop(p, 1, 0xDCE4EC, 0.0);
        cairo_set_source(cr, p);
        cairo_arc(cr, cx + ox, cy + oy, r, 0, 2 * G_PI);
        cairo_fill(cr);
        cairo_pattern_destroy(p);
    }
}

/* Lattice girder between two points (for the crane). */
static void lattice(cairo_t *cr, double xa, double ya, double xb, double yb,
                    double depth, bool vertical, double lw, unsigned c)
{
    gen_draw_colour(cr, c);
    cairo_set_line_width(cr, lw);
    if (vertical) {
        double len = yb - ya;
        int n = (int)(fabs(len) / depth);
        cairo_move_to(cr, xa, ya);
        cairo_line_to(cr, xa, yb);
        cairo_move_to(cr, xa + depth, ya);
        cairo_line_to(cr, xa + depth, yb);
        for (int i = 0; i < n; i++) {
            double t0 = ya + len * i / n, t1 = ya + len * (i + 1) / n;
            cairo_move_to(cr, (i & 1) ? xa : xa + depth, t0);
            cairo_line_to(cr, (i & 1) ? xa + depth : xa, t1);
            cairo_move_to(cr, xa, t0);
            cairo_line_to(cr, xa + depth, t0);
        }
    } else {
        double len = xb - xa;
        int n = (int)(fabs(len) / depth);
        cairo_move_to(cr, xa, ya);
        cairo_line_to(cr, xb, yb);
        cairo_move_to(cr, xa, ya + depth);
        cairo_line_to(cr, xb, yb + depth);
        for (int i = 0; i < n; i++) {
            double t0 = xa + len * i / n, t1 = xa + len * (i + 1) / n;
            cairo_move_to(cr, t0, (i & 1) ? ya : ya + depth);
            cairo_line_to(cr, t1, (i & 1) ? ya + depth : ya);
        }
    }
    cairo_stroke(cr);
}

static void draw_tree(cairo_t *cr, double cx, double base, double size, gen_rng *rng,
                      unsigned dark, unsigned light)
{
    gen_draw_rect(cr, cx - size * 0.06, base - size * 0.9, size * 0.12, size * 0.9, 0x5a4632);
    for (int i = 0; i < 14; i++) {
        double ox = gen_rng_range(rng, -0.55, 0.55) * size;
        double oy = gen_rng_range(rng, -1.5, -0.75) * size;
        double r = gen_rng_range(rng, 0.28, 0.45) * size;
        gen_draw_circle(cr, cx + ox, base + oy, r, (i & 1) ? dark : light, 1);
    }
}

void scene_city_hall_draw(cairo_t *cr, double W, double H, gen_rng *rng)
{
    /* sky and clouds */
    gen_draw_rect_vgrad(cr, 0, 0, W, H * 0.75, 0x2863B6, 0xB8D6EF);
    for (int i = 0; i < 5; i++) {
        /* one PRNG call per statement: argument evaluation order is unspecified */
        double cx = gen_rng_range(rng, 0.05, 0.75) * W;
        double cy = gen_rng_range(rng, 0.06, 0.2) * H;
        double size = gen_rng_range(rng, 0.03, 0.06) * W;
        draw_cloud(cr, cx, cy, size, rng);
    }
    /* distant hills */
    cairo_move_to(cr, 0, H * 0.75);
    for (int i = 0; i <= 40; i++) {
        double x = W * i / 40.0;
        cairo_line_to(cr, x, H * (0.6 + 0.025 * sin(i * 0.7) + 0.015 * sin(i * 1.9)));
    }
    cairo_line_to(cr, W, H * 0.75);
    cairo_close_path(cr);
    gen_draw_fill_vgrad(cr, H * 0.58, H * 0.75, 0x6F8AA0, 0x8FA3A8);

    /* paved plaza */
    gen_draw_rect_vgrad(cr, 0, H * 0.76, W, H * 0.24, 0xA9A69E, 0x85827B);
    for (int i = -12; i <= 12; i++)
        gen_draw_line(cr, W * 0.5 + i * W * 0.02, H * 0.76, W * 0.5 + i * W * 0.16, H,
                      W * 0.0012, 0x77746E, 0.6);
    for (int i = 1; i < 7; i++) {
        double y = H * (0.76 + 0.24 * (i * i) / 49.0);
        gen_draw_line(cr, 0, y, W, y, W * 0.001, 0x77746E, 0.5);
    }

    /* finished part of the building */
    double x0 = W * 0.03, x1 = W * 0.58, top = H * 0.2, bottom = H * 0.78;
    double fh = (bottom - top) / 6.0;
    gen_draw_rect(cr, x0, top, x1 - x0, bottom - top, 0xD8D3C7);
    gen_draw_rect(cr, x0 - W * 0.006, top - H * 0.022, x1 - x0 + W * 0.012, H * 0.028, 0xC2BDB1);
    gen_draw_rect_alpha(cr, x0, top + H * 0.006, x1 - x0, H * 0.012, 0x000000, 0.12);
    for (int f = 0; f < 6; f++) {
        double y = top + f * fh;
        double gy = y + fh * 0.22, gh = fh * 0.64;
        cairo_rectangle(cr, x0 + W * 0.01, gy, x1 - x0 - W * 0.02, gh);
        gen_draw_fill_vgrad(cr, gy, gy + gh, 0x7FA3C4, 0x2F4A66);
        /* sky reflection band */
        double rx = x0 + W * (0.08 + 0.07 * f);
        double refl[8] = {rx, gy, rx + W * 0.09, gy, rx + W * 0.05, gy + gh, rx - W * 0.04, gy + gh};
        gen_draw_poly(cr, refl, 4, 0xCFE3F3, 0.35);
        for (double mx = x0 + W * 0.01; mx <= x1 - W * 0.005; mx += W * 0.0275)
            gen_draw_rect(cr, mx, gy, W * 0.004, gh, 0xE4E0D6);
        gen_draw_rect_alpha(cr, x0 + W * 0.01, gy + gh, x1 - x0 - W * 0.02, fh * 0.03, 0x000000, 0.15);
    }
    for (int i = 0; i < 4; i++) /* vertical fins */
        gen_draw_rect(cr, x0 + (x1 - x0) * (0.12 + 0.25 * i), top, W * 0.012, bottom - top, 0xCBC5B8);
    /* entrance and canopy */
    gen_draw_rect(cr, W * 0.21, bottom - fh * 0.85, W * 0.18, fh * 0.85, 0x2A3642);
    for (int i = 0; i < 6; i++)
        gen_draw_rect(cr, W * 0.21 + i * W * 0.036, bottom - fh * 0.85, W * 0.003, fh * 0.85, 0xB9BEC3);
    gen_draw_rect(cr, W * 0.18, bottom - fh * 1.0, W * 0.24, fh * 0.12, 0xF1F0EC);
    gen_draw_rect_alpha(cr, W * 0.18, bottom - fh * 0.88, W * 0.24, fh * 0.05, 0x000000, 0.25);
    gen_draw_text_centred(cr, "MATSUE CITY HALL", W * 0.30, bottom - fh * 0.94, fh * 0.08, true, 0x2C3A4A, 1);

    /* unfinished part: dark interior, slabs, columns */
    double ux0 = W * 0.58, ux1 = W * 0.95;
    cairo_rectangle(cr, ux0, top + 2 * fh, ux1 - ux0, bottom - top - 2 * fh);
    gen_draw_fill_vgrad(cr, top + 2 * fh, bottom, 0x3E4044, 0x55575A);
    for (int f = 2; f <= 6; f++)
        gen_draw_rect(cr, ux0, top + f * fh - H * 0.009, ux1 - ux0, H * 0.018, 0xB7B4AC);
    for (double cx = ux0 + W * 0.02; cx < ux1; cx += W * 0.06) {
        gen_draw_rect(cr, cx, top + 1.15 * fh, W * 0.013, bottom - top - 1.15 * fh, 0xA9A69E);
        for (int k = 0; k < 4; k++)
            gen_draw_line(cr, cx + W * 0.002 + k * W * 0.003, top + 1.15 * fh, cx + W * 0.002 + k * W * 0.003,
                          top + 0.85 * fh, W * 0.0012, 0x6E4E36, 1);
    }
    gen_draw_rect(cr, ux0, top + 1.15 * fh, ux1 - ux0, H * 0.016, 0xB0ADA5);
    /* scaffolding */
    double sx0 = ux0 + W * 0.005, sx1 = ux1 + W * 0.012, st = top + 0.8 * fh;
    cairo_set_line_width(cr, W * 0.0028);
    gen_draw_colour(cr, 0x8A8E94);
    for (double x = sx0; x <= sx1; x += W * 0.03) {
        cairo_move_to(cr, x, st);
        cairo_line_to(cr, x, bottom);
    }
    for (double y = st; y <= bottom; y += fh * 0.5) {
        cairo_move_to(cr, sx0, y);
        cairo_line_to(cr, sx1, y);
    }
    cairo_stroke(cr);
    cairo_set_line_width(cr, W * 0.0018);
    int bay = 0;
    for (double y = st; y + fh * 0.5 <= bottom + 1; y += fh * 0.5)
        for (double x = sx0; x + W * 0.03 <= sx1 + 1; x += W * 0.03, bay++) {
            cairo_move_to(cr, x, (bay & 1) ? y : y + fh * 0.5);
            cairo_line_to(cr, x + W * 0.03, (bay & 1) ? y + fh * 0.5 : y);
        }
    cairo_stroke(cr);
    for (double y = st + fh * 0.5; y <= bottom; y += fh * 0.5)
        gen_draw_rect(cr, sx0, y - H * 0.004, sx1 - sx0, H * 0.006, 0xA8854F);
    /* construction mesh sheets */
    gen_draw_rect_alpha(cr, sx0 + W * 0.03, st + fh * 0.5, W * 0.15, fh * 2.0, 0xE8ECEF, 0.55);
    gen_draw_rect_alpha(cr, sx0 + W * 0.21, st + fh * 1.0, W * 0.12, fh * 2.5, 0x4F7FAF, 0.45);
    /* tower crane */
    double mc = W * 0.80, mw = W * 0.022, mtop = H * 0.10;
    lattice(cr, mc, H * 0.79, mc, mtop, mw, true, W * 0.0032, 0xE2AE1E);
    lattice(cr, W * 0.43, mtop - H * 0.008, mc, mtop - H * 0.008, H * 0.016, false,
            W * 0.0026, 0xE2AE1E);
    lattice(cr, mc + mw, mtop - H * 0.008, W * 0.97, mtop - H * 0.008, H * 0.016, false,
            W * 0.0026, 0xE2AE1E);
    gen_draw_rect(cr, W * 0.92, mtop + H * 0.008, W * 0.04, H * 0.045, 0x7A7C80);
    double apex[6] = {mc, mtop - H * 0.008, mc + mw, mtop - H * 0.008, mc + mw / 2, H * 0.035};
    gen_draw_poly(cr, apex, 3, 0xE2AE1E, 1);
    gen_draw_line(cr, mc + mw / 2, H * 0.035, W * 0.52, mtop - H * 0.008, W * 0.0012, 0x555555, 1);
    gen_draw_line(cr, mc + mw / 2, H * 0.035, W * 0.96, mtop - H * 0.008, W * 0.0012, 0x555555, 1);
    gen_draw_rect(cr, mc - W * 0.02, mtop + H * 0.01, W * 0.022, H * 0.03, 0xEDEDE8);
    gen_draw_rect(cr, mc - W * 0.017, mtop + H * 0.015, W * 0.014, H * 0.012, 0x3A4E66);
    gen_draw_rect(cr, W * 0.595, mtop + H * 0.005, W * 0.015, H * 0.012, 0x444444);
    gen_draw_line(cr, W * 0.6, mtop + H * 0.015, W * 0.6, H * 0.40, W * 0.0012, 0x333333, 1);
    gen_draw_line(cr, W * 0.605, mtop + H * 0.015, W * 0.605, H * 0.40, W * 0.0012, 0x333333, 1);
    gen_draw_rect(cr, W * 0.594, H * 0.40, W * 0.017, H * 0.025, 0xD2A21B);
    for (int i = 0; i < 3; i++) /* load: steel beams */
        gen_draw_rect(cr, W * 0.55, H * (0.445 + i * 0.012), W * 0.11, H * 0.009, 0x8A4B2E);
    gen_draw_line(cr, W * 0.6025, H * 0.425, W * 0.56, H * 0.445, W * 0.001, 0x333333, 1);
    gen_draw_line(cr, W * 0.6025, H * 0.425, W * 0.65, H * 0.445, W * 0.001, 0x333333, 1);

    /* fence */
    gen_draw_rect(cr, W * 0.57, H * 0.70, W * 0.43, H * 0.09, 0xF2F2EE);
    gen_draw_rect(cr, W * 0.57, H * 0.70, W * 0.43, H * 0.012, 0x3C8C58);
    for (double x = W * 0.57; x < W; x += W * 0.035)
        gen_draw_rect(cr, x, H * 0.70, W * 0.0025, H * 0.09, 0xC8C8C2);
    gen_draw_text_centred(cr, "SAFETY FIRST", W * 0.78, H * 0.745, H * 0.025, true, 0x3C8C58, 1);

    /* trees in front of the building */
    draw_tree(cr, W * 0.05, H * 0.82, H * 0.11, rng, 0x2F5F2D, 0x3F7A3A);
    draw_tree(cr, W * 0.13, H * 0.83, H * 0.09, rng, 0x2B5A2A, 0x467F40);
    draw_tree(cr, W * 0.47, H * 0.83, H * 0.10, rng, 0x2F5F2D, 0x3F7A3A);
}

void scene_sunrise_draw(cairo_t *cr, double W, double H, gen_rng *rng)
{
    double hz = H * 0.60;
    /* sky */
    cairo_pattern_t *sky = cairo_pattern_create_linear(0, 0, 0, hz);
    gen_draw_stop(sky, 0.0, 0x1B2655, 1);
    gen_draw_stop(sky, 0.35, 0x5A477A, 1);
    gen_draw_stop(sky, 0.7, 0xD9764A, 1);
    gen_draw_stop(sky, 1.0, 0xFFC46A, 1);
    cairo_rectangle(cr, 0, 0, W, hz);
    cairo_set_source(cr, sky);
    cairo_fill(cr);
    cairo_pattern_destroy(sky);
    double sunx = W * 0.62, suny = hz - H * 0.015;
    gen_draw_glow(cr, sunx, suny, H * 0.5, 0.6, 0xFFB85C, 0.55);
    gen_draw_glow(cr, sunx, suny, H * 0.12, 1, 0xFFE2A0, 0.9);
    /* thin cloud streaks */
    for (int i = 0; i < 9; i++) {
        double y = H * gen_rng_range(rng, 0.2, 0.52);
        double x = W * gen_rng_range(rng, 0.0, 1.0);
        double rx = W * gen_rng_range(rng, 0.12, 0.3);
        double ry = H * gen_rng_range(rng, 0.006, 0.014);
        gen_draw_ellipse(cr, x, y, rx, ry, 0xF4A27A, 0.45);
    }
    gen_draw_circle(cr, sunx, suny, H * 0.035, 0xFFF4CC, 1);
    /* far shore */
    cairo_move_to(cr, 0, hz + H * 0.02);
    for (int i = 0; i <= 60; i++) {
        double x = W * i / 60.0;
        double y = hz - H * (0.012 + 0.02 * fabs(sin(i * 0.23)) + 0.006 * sin(i * 1.7));
        cairo_line_to(cr, x, y);
    }
    cairo_line_to(cr, W, hz + H * 0.02);
    cairo_close_path(cr);
    gen_draw_fill(cr, 0x3A2C44, 1);
    /* lake with the sun's reflection */
    cairo_rectangle(cr, 0, hz + H * 0.018, W, H * 0.4);
    gen_draw_fill_vgrad(cr, hz, H * 0.9, 0xD98A52, 0x4A3446);
    for (int i = 0; i < 70; i++) {
        double t = i / 70.0;
        double y = hz + H * 0.022 + t * t * H * 0.27;
        double w = W * (0.012 + 0.09 * t) * gen_rng_range(rng, 0.5, 1.3);
        gen_draw_rect_alpha(cr, sunx - w / 2 + W * gen_rng_range(rng, -0.01, 0.01), y, w, H * (0.002 + 0.004 * t),
                            0xFFE1A0, 0.85 - 0.5 * t);
    }
    for (int i = 0; i < 120; i++) {
        double y = hz + H * gen_rng_range(rng, 0.03, 0.3);
        double x = W * gen_rng_range(rng, 0, 1);
        gen_draw_rect_alpha(cr, x, y, W * gen_rng_range(rng, 0.02, 0.08), H * 0.002, 0xF7B07A, 0.3);
    }
    /* foreground: castle site ground and trees on the left */
    cairo_move_to(cr, 0, H);
    cairo_line_to(cr, 0, H * 0.84);
    cairo_curve_to(cr, W * 0.3, H * 0.86, W * 0.6, H * 0.84, W, H * 0.80);
    cairo_line_to(cr, W, H);
    cairo_close_path(cr);
    gen_draw_fill(cr, 0x150F16, 1);
    for (int i = 0; i < 60; i++) {
        double x = W * gen_rng_range(rng, -0.05, 0.32);
        double top = H * (0.25 + 0.5 * (x / W + 0.05) / 0.37);
        double y = gen_rng_range(rng, top, H * 0.9);
        gen_draw_circle(cr, x, y, H * gen_rng_range(rng, 0.03, 0.07), 0x140E15, 1);
    }
    for (int i = 0; i < 5; i++)
        gen_draw_rect(cr, W * (0.03 + i * 0.06), H * 0.6, W * 0.008, H * 0.3, 0x120C13);
    /* castle roof (tiered, upturned eaves) on the right */
    double cxr = W * 0.86;
    gen_draw_rect(cr, cxr - W * 0.12, H * 0.70, W * 0.24, H * 0.12, 0x171119);
    for (int k = 0; k < 3; k++) {
        double w = W * (0.30 - k * 0.08), yb = H * (0.72 - k * 0.085), ht = H * 0.05;
        cairo_move_to(cr, cxr - w / 2 - W * 0.01, yb - H * 0.025);
        cairo_curve_to(cr, cxr - w / 2 + W * 0.02, yb, cxr - w / 2 + W * 0.04, yb, cxr - w / 2 + W * 0.05, yb);
        cairo_line_to(cr, cxr + w / 2 - W * 0.05, yb);
        cairo_curve_to(cr, cxr + w / 2 - W * 0.04, yb, cxr + w / 2 - W * 0.02, yb, cxr + w / 2 + W * 0.01,
                       yb - H * 0.025);
        cairo_line_to(cr, cxr + w * 0.3, yb - ht);
        cairo_line_to(cr, cxr - w * 0.3, yb - ht);
        cairo_close_path(cr);
        gen_draw_fill(cr, 0x110B13, 1);
        if (k < 2)
            gen_draw_rect(cr, cxr - w * 0.28, yb - ht - H * 0.036, w * 0.56, H * 0.04, 0x1A131C);
    }
    double ridge_y = H * (0.72 - 2 * 0.085) - H * 0.05;
    gen_draw_rect(cr, cxr - W * 0.05, ridge_y - H * 0.008, W * 0.10, H * 0.01, 0x110B13);
    gen_draw_circle(cr, cxr - W * 0.05, ridge_y - H * 0.018, H * 0.012, 0x110B13, 1);
    gen_draw_circle(cr, cxr + W * 0.05, ridge_y - H * 0.018, H * 0.012, 0x110B13, 1);
    /* warm rim light along the roofs */
    gen_draw_line(cr, cxr - W * 0.04, H * 0.6515, cxr + W * 0.03, H * 0.6515, H * 0.003, 0xE88A4A, 0.5);
}
