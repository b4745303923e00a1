/* scene_halls: the sample's photos of the city hall's rooms, seen head-on
 * (05 the assembly hall, 06 the history corner, 07 the kids' space), drawn
 * upright. */
#include "scene.h"

#include "gen_draw.h"
#include "scene_cam.h"

#include <glib.h>
#include <math.h>

void scene_assembly_draw(cairo_t *cr, double W, double H, gen_rng *rng)
{
    (void)rng;
    /* ceiling strip with downlights, wood-panelled front wall */
    gen_draw_rect(cr, 0, 0, W, H * 0.07, 0x35291F);
    for (int i = 0; i < 12; i++) {
        double x = W * (0.04 + i * 0.084);
        gen_draw_circle(cr, x, H * 0.05, H * 0.008, 0xFFF6DC, 1);
        gen_draw_glow(cr, x, H * 0.06, H * 0.05, 1, 0xFFE9B8, 0.3);
    }
    cairo_rectangle(cr, 0, H * 0.07, W, H * 0.35);
    gen_draw_fill_vgrad(cr, H * 0.07, H * 0.42, 0x94653F, 0x7B5233);
    for (double x = 0; x < W; x += W * 0.022)
        gen_draw_rect(cr, x, H * 0.07, W * 0.002, H * 0.35, 0x5E3E25);
    gen_draw_rect(cr, 0, H * 0.22, W, H * 0.006, 0x5E3E25);
    /* emblem and flags */
    gen_draw_circle(cr, W * 0.5, H * 0.145, H * 0.055, 0xB8902E, 1);
    gen_draw_circle(cr, W * 0.5, H * 0.145, H * 0.045, 0xD9B24A, 1);
    for (int i = 0; i < 6; i++) {
        double a = i * G_PI / 3;
        gen_draw_ellipse(cr, W * 0.5 + H * 0.022 * cos(a), H * 0.145 + H * 0.022 * sin(a),
                         H * 0.013, H * 0.013, 0xFFF1C0, 1);
    }
    gen_draw_rect(cr, W * 0.34, H * 0.09, W * 0.07, H * 0.09, 0xF7F7F5);
    gen_draw_circle(cr, W * 0.375, H * 0.135, H * 0.024, 0xC8102E, 1);
    gen_draw_rect(cr, W * 0.59, H * 0.09, W * 0.07, H * 0.09, 0x2E5A9E);
    gen_draw_circle(cr, W * 0.625, H * 0.135, H * 0.022, 0xF5F5F0, 1);
    /* carpet */
    cairo_rectangle(cr, 0, H * 0.42, W, H * 0.58);
    gen_draw_fill_vgrad(cr, H * 0.42, H, 0x3F6A82, 0x2A4C60);
    /* dais with the chairman's desk */
    gen_draw_rect(cr, W * 0.2, H * 0.36, W * 0.6, H * 0.03, 0xA87A4E);
    gen_draw_rect(cr, W * 0.2, H * 0.39, W * 0.6, H * 0.07, 0x6C4428);
    for (int i = 0; i < 3; i++) {
        double x = W * (0.42 + i * 0.08);
        gen_draw_round_rect_path(cr, x - W * 0.022, H * 0.24, W * 0.044, H * 0.1, W * 0.008);
        gen_draw_fill(cr, 0x6B1F24, 1);
    }
    gen_draw_rect(cr, W * 0.33, H * 0.30, W * 0.34, H * 0.065, 0x5A3720);
    gen_draw_rect(cr, W * 0.33, H * 0.30, W * 0.34, H * 0.008, 0x8A5D3A);
    /* lectern */
    double lect[8] = {W * 0.465, H * 0.37, W * 0.535, H * 0.37, W * 0.545, H * 0.50, W * 0.455, H * 0.50};
    gen_draw_poly(cr, lect, 4, 0x7A4A2A, 1);
    gen_draw_rect(cr, W * 0.46, H * 0.36, W * 0.08, H * 0.015, 0x9B6A42);
    gen_draw_line(cr, W * 0.5, H * 0.36, W * 0.49, H * 0.33, W * 0.0015, 0x222222, 1);
    gen_draw_circle(cr, W * 0.5, H * 0.43, H * 0.018, 0xC9A03A, 1);

    /* rows of desks in concentric arcs around the dais */
    double ccx = W * 0.5, ccy = H * 0.30, squash = 0.42;
    static const double gaps[] = {0.95, 1.5708, 2.19};
    for (int row = 0; row < 9; row++) {
        double r = W * (0.30 + row * 0.085);
        double lw = H * 0.024;
        double a_start = 0.12, a_end = G_PI - 0.12;
        for (int seg = 0; seg <= 3; seg++) {
            double sa = seg == 0 ? a_start : gaps[seg - 1] + 0.05;
            double se = seg == 3 ? a_end : gaps[seg] - 0.05;
            /* desk front panel, then desk top */
            cairo_save(cr);
            cairo_translate(cr, ccx, ccy + lw * 0.9);
            cairo_scale(cr, 1, squash);
            cairo_arc(cr, 0, 0, r, sa, se);
            cairo_restore(cr);
            cairo_set_line_width(cr, lw * 1.3);
            gen_draw_colour(cr, 0x6E4A2C);
            cairo_stroke(cr);
            cairo_save(cr);
            cairo_translate(cr, ccx, ccy);
            cairo_scale(cr, 1, squash);
            cairo_arc(cr, 0, 0, r, sa, se);
            cairo_restore(cr);
            cairo_set_line_width(cr, lw);
            gen_draw_colour(cr, 0xC99C66);
            cairo_stroke(cr);
            /* items on the desk and the members' chairs */
            double step = (W * 0.05) / r;
            for (double a = sa + step / 2; a < se; a += step) {
                double px = ccx + r * cos(a), py = ccy + r * squash * sin(a);
                gen_draw_rect(cr, px - W * 0.006, py - lw * 0.3, W * 0.012, lw * 0.35, 0xF4F4F0);
                gen_draw_line(cr, px + W * 0.008, py, px + W * 0.004, py - lw * 1.2, W * 0.0012, 0x1E1E1E, 1);
                double qx = ccx + (r + W * 0.03) * cos(a), qy = ccy + (r + W * 0.03) * squash * sin(a);
                gen_draw_round_rect_path(cr, qx - W * 0.016, qy - H * 0.02, W * 0.032, H * 0.045, W * 0.006);
                gen_draw_fill(cr, 0x26262B, 1);
                gen_draw_round_rect_path(cr, qx - W * 0.013, qy - H * 0.017, W * 0.026, H * 0.012, W * 0.004);
                gen_draw_fill(cr, 0x3C3C44, 1);
            }
        }
    }
    /* gallery railing in the foreground */
    gen_draw_rect(cr, 0, H * 0.9, W, H * 0.1, 0x3A2A1E);
    gen_draw_rect(cr, 0, H * 0.895, W, H * 0.014, 0xB08D4A);
    for (double x = W * 0.02; x < W; x += W * 0.05)
        gen_draw_rect(cr, x, H * 0.909, W * 0.006, H * 0.091, 0x2A1E15);
}

void scene_history_draw(cairo_t *cr, double W, double H, gen_rng *rng)
{
    /* dark wall, ceiling track, floor */
    cairo_rectangle(cr, 0, 0, W, H * 0.72);
    gen_draw_fill_vgrad(cr, 0, H * 0.72, 0x26303F, 0x374151);
    gen_draw_rect(cr, 0, 0, W, H * 0.04, 0x1C2028);
    gen_draw_rect(cr, 0, H * 0.035, W, H * 0.006, 0x3A3F48);
    cairo_rectangle(cr, 0, H * 0.72, W, H * 0.28);
    gen_draw_fill_vgrad(cr, H * 0.72, H, 0x8E6A46, 0x6A4B31);
    for (int i = -20; i <= 20; i++)
        gen_draw_line(cr, W * 0.5 + i * W * 0.04, H * 0.72, W * 0.5 + i * W * 0.12, H, W * 0.0015, 0x5C402A, 0.8);
    gen_draw_rect(cr, 0, H * 0.712, W, H * 0.012, 0x15181D);

    static const double px0[] = {0.06, 0.36, 0.70}, px1[] = {0.30, 0.64, 0.94};
    for (int i = 0; i < 3; i++) {
        double x0 = W * px0[i], x1 = W * px1[i], cxp = (x0 + x1) / 2;
        /* spotlight with its light pool */
        gen_draw_rect(cr, cxp - W * 0.01, H * 0.04, W * 0.02, H * 0.03, 0x2B2F36);
        double cone[8] = {cxp - W * 0.008, H * 0.07, cxp + W * 0.008, H * 0.07, x1, H * 0.56, x0, H * 0.56};
        gen_draw_poly(cr, cone, 4, 0xFFE7B8, 0.05);
        gen_draw_glow(cr, cxp, H * 0.32, (x1 - x0) * 0.75, 1.0, 0xFFE2B0, 0.3);
        /* frame and mat */
        gen_draw_rect(cr, x0, H * 0.12, x1 - x0, H * 0.40, 0x5E4127);
        gen_draw_rect(cr, x0 + W * 0.004, H * 0.125, x1 - x0 - W * 0.008, H * 0.39, 0xB8962E);
        gen_draw_rect(cr, x0 + W * 0.008, H * 0.13, x1 - x0 - W * 0.016, H * 0.38, 0xF1EAD8);
        double ix0 = x0 + W * 0.02, ix1 = x1 - W * 0.02;
        if (i == 0) { /* old sepia photograph of the castle */
            cairo_rectangle(cr, ix0, H * 0.15, ix1 - ix0, H * 0.22);
            gen_draw_fill_vgrad(cr, H * 0.15, H * 0.37, 0xC7AE84, 0x7C603F);
            double cxc = (ix0 + ix1) / 2;
            for (int k = 0; k < 4; k++) {
                double w = (ix1 - ix0) * (0.55 - k * 0.11), y = H * (0.33 - k * 0.035);
                double roof[8] = {cxc - w / 2, y, cxc + w / 2, y, cxc + w * 0.3, y - H * 0.02,
                                  cxc - w * 0.3, y - H * 0.02};
                gen_draw_poly(cr, roof, 4, 0x3E2E1E, 1);
                gen_draw_rect(cr, cxc - w * 0.3, y, w * 0.6, H * 0.015, 0x9A8262);
            }
            gen_draw_rect(cr, ix0, H * 0.345, ix1 - ix0, H * 0.025, 0x5A4530);
            scene_text_bars_z(cr, &(scene_cam){0, 0, 1}, ix0, ix1, H * 0.39, H * 0.025, 4, 1, 0x4A4A4A, rng);
        } else if (i == 1) { /* title, map and timeline */
            gen_draw_rect(cr, ix0, H * 0.145, ix1 - ix0, H * 0.05, 0x7A1E1E);
            gen_draw_text_centred(cr, "HISTORY OF MATSUE", (ix0 + ix1) / 2, H * 0.17, H * 0.028, true,
                                  0xFFFFFF, 1);
            double mx0 = ix0, mx1 = ix0 + (ix1 - ix0) * 0.55;
            gen_draw_rect(cr, mx0, H * 0.21, mx1 - mx0, H * 0.18, 0xE4D7B4);
            gen_draw_ellipse(cr, mx0 + (mx1 - mx0) * 0.35, H * 0.31, (mx1 - mx0) * 0.3, H * 0.04, 0x86AFC9, 1);
            gen_draw_ellipse(cr, mx0 + (mx1 - mx0) * 0.82, H * 0.29, (mx1 - mx0) * 0.15, H * 0.035,
                             0x86AFC9, 1);
            gen_draw_line(cr, mx0 + (mx1 - mx0) * 0.62, H * 0.31, mx0 + (mx1 - mx0) * 0.7, H * 0.295,
                          H * 0.006, 0x86AFC9, 1);
            scene_text_bars_z(cr, &(scene_cam){0, 0, 1}, mx1 + W * 0.01, ix1, H * 0.22, H * 0.022, 7, 1,
                              0x3A3A3A, rng);
            gen_draw_line(cr, ix0, H * 0.43, ix1, H * 0.43, H * 0.004, 0x7A1E1E, 1);
            for (int k = 0; k < 6; k++) {
                double x = ix0 + (ix1 - ix0) * (0.05 + 0.18 * k);
                gen_draw_circle(cr, x, H * 0.43, H * 0.008, 0x7A1E1E, 1);
                gen_draw_rect(cr, x - W * 0.015, H * 0.45, W * 0.03, H * 0.008, 0x555555);
                gen_draw_rect(cr, x - W * 0.012, H * 0.465, W * 0.024, H * 0.008, 0x777777);
            }
        } else { /* old document with vertical brush writing */
            gen_draw_rect(cr, ix0, H * 0.15, ix1 - ix0, H * 0.34, 0xE6D6AA);
            for (double x = ix1 - W * 0.015; x > ix0 + W * 0.01; x -= W * 0.014) {
                double y = H * 0.17;
                while (y < H * 0.46) {
                    double len = H * gen_rng_range(rng, 0.008, 0.02);
                    gen_draw_rect(cr, x - W * 0.002, y, W * 0.004, len, 0x2A2118);
                    y += len + H * gen_rng_range(rng, 0.004, 0.012);
                }
            }
            gen_draw_circle(cr, ix0 + W * 0.03, H * 0.45, H * 0.015, 0xB3261E, 0.85);
        }
    }
    /* two glass display cases on pedestals */
    for (int i = 0; i < 2; i++) {
        double x0 = W * (i ? 0.58 : 0.10), x1 = W * (i ? 0.90 : 0.40);
        double dep = W * 0.035;
        double side[8] = {x1, H * 0.64, x1 + dep, H * 0.62, x1 + dep, H * 0.93, x1, H * 0.96};
        gen_draw_poly(cr, side, 4, 0xBDB8AE, 1);
        cairo_rectangle(cr, x0, H * 0.64, x1 - x0, H * 0.32);
        gen_draw_fill_vgrad(cr, H * 0.64, H * 0.96, 0xEDEAE3, 0xD6D2C9);
        double topf[8] = {x0, H * 0.64, x1, H * 0.64, x1 + dep, H * 0.62, x0 + dep, H * 0.62};
        gen_draw_poly(cr, topf, 4, 0xF6F4EF, 1);
        /* contents */
        if (i == 0) {
            double cxj = (x0 + x1) / 2;
            gen_draw_ellipse(cr, cxj, H * 0.555, (x1 - x0) * 0.18, H * 0.07, 0x8A5A36, 1);
            gen_draw_rect(cr, cxj - (x1 - x0) * 0.06, H * 0.46, (x1 - x0) * 0.12, H * 0.04, 0x7A4C2C);
            gen_draw_ellipse(cr, cxj - (x1 - x0) * 0.06, H * 0.54, (x1 - x0) * 0.04, H * 0.04, 0xB07A4E, 0.7);
            gen_draw_ellipse(cr, cxj, H * 0.625, (x1 - x0) * 0.2, H * 0.012, 0x000000, 0.25);
            gen_draw_rect(cr, x0 + (x1 - x0) * 0.72, H * 0.60, (x1 - x0) * 0.18, H * 0.03, 0xF8F6F0);
        } else {
            gen_draw_rect(cr, x0 + (x1 - x0) * 0.1, H * 0.56, (x1 - x0) * 0.35, H * 0.07, 0x151212);
            gen_draw_rect(cr, x0 + (x1 - x0) * 0.1, H * 0.585, (x1 - x0) * 0.35, H * 0.008, 0xA8261E);
            gen_draw_rect(cr, x0 + (x1 - x0) * 0.52, H * 0.585, (x1 - x0) * 0.4, H * 0.045, 0xEFE4C4);
            for (int k = 0; k < 8; k++)
                gen_draw_rect(cr, x0 + (x1 - x0) * (0.55 + k * 0.045), H * 0.59, W * 0.002, H * 0.035,
                              0x3A3028);
            gen_draw_circle(cr, x0 + (x1 - x0) * 0.52, H * 0.6075, H * 0.024, 0x6E5B3E, 1);
        }
        /* glass box: tint, edges, highlights */
        gen_draw_rect_alpha(cr, x0, H * 0.40, x1 - x0, H * 0.24, 0xDCEFF6, 0.14);
        double gtop[8] = {x0, H * 0.40, x1, H * 0.40, x1 + dep, H * 0.38, x0 + dep, H * 0.38};
        gen_draw_poly(cr, gtop, 4, 0xDCEFF6, 0.25);
        cairo_set_line_width(cr, W * 0.0015);
        gen_draw_colour_alpha(cr, 0xFFFFFF, 0.75);
        cairo_rectangle(cr, x0, H * 0.40, x1 - x0, H * 0.24);
        cairo_move_to(cr, x1, H * 0.40);
        cairo_line_to(cr, x1 + dep, H * 0.38);
        cairo_line_to(cr, x1 + dep, H * 0.62);
        cairo_move_to(cr, x0, H * 0.40);
        cairo_line_to(cr, x0 + dep, H * 0.38);
        cairo_line_to(cr, x1 + dep, H * 0.38);
        cairo_stroke(cr);
        double hl[8] = {x0 + (x1 - x0) * 0.15, H * 0.40, x0 + (x1 - x0) * 0.25, H * 0.40,
                        x0 + (x1 - x0) * 0.12, H * 0.64, x0 + (x1 - x0) * 0.02, H * 0.64};
        gen_draw_poly(cr, hl, 4, 0xFFFFFF, 0.16);
        double hl2[8] = {x0 + (x1 - x0) * 0.62, H * 0.40, x0 + (x1 - x0) * 0.66, H * 0.40,
                         x0 + (x1 - x0) * 0.53, H * 0.64, x0 + (x1 - x0) * 0.49, H * 0.64};
        gen_draw_poly(cr, hl2, 4, 0xFFFFFF, 0.12);
        gen_draw_ellipse(cr, (x0 + x1) / 2 + dep / 2, H * 0.965, (x1 - x0) * 0.6, H * 0.02, 0x000000, 0.25);
    }
}

void scene_gallery_draw(cairo_t *cr, double W, double H, gen_rng *rng)
{
    /* surrounding hall */
    cairo_rectangle(cr, 0, 0, W, H * 0.62);
    gen_draw_fill_vgrad(cr, 0, H * 0.62, 0xF3EFE8, 0xE6E0D6);
    gen_draw_rect(cr, 0, 0, W, H * 0.07, 0xF7F7F4);
    for (int i = 0; i < 4; i++) {
        gen_draw_rect(cr, W * (0.08 + i * 0.25), H * 0.03, W * 0.1, H * 0.01, 0xFFFFFF);
        gen_draw_glow(cr, W * (0.13 + i * 0.25), H * 0.04, W * 0.12, 0.6, 0xFFFFF2, 0.4);
    }
    cairo_rectangle(cr, 0, H * 0.62, W, H * 0.38);
    gen_draw_fill_vgrad(cr, H * 0.62, H, 0xDCC6A2, 0xC2A478);
    for (int i = -14; i <= 14; i++)
        gen_draw_line(cr, W * 0.5 + i * W * 0.05, H * 0.62, W * 0.5 + i * W * 0.16, H, W * 0.0015, 0xAE8F62, 0.7);
    gen_draw_rect(cr, 0, H * 0.615, W, H * 0.008, 0xBDB5A8);

    double bx0 = W * 0.10, bx1 = W * 0.86, by0 = H * 0.22, by1 = H * 0.80, dep = W * 0.09;
    /* booth interior (seen through the glass) */
    cairo_rectangle(cr, bx0, by0, bx1 - bx0, by1 - by0);
    gen_draw_fill_vgrad(cr, by0, by1, 0xFBF3E4, 0xF1E4CC);
    gen_draw_circle(cr, bx0 + W * 0.62, by0 + H * 0.10, W * 0.06, 0xFFD75E, 1);
    for (int i = 0; i < 3; i++)
        gen_draw_ellipse(cr, bx0 + W * (0.12 + i * 0.2), by0 + H * (0.08 + 0.03 * (i & 1)), W * 0.07,
                         H * 0.02, 0xCFE8F5, 1);
    gen_draw_rect(cr, bx0 + W * 0.05, by0 + H * 0.16, W * 0.18, H * 0.12, 0xF7C7D2);
    gen_draw_rect(cr, bx0 + W * 0.06, by0 + H * 0.17, W * 0.16, H * 0.1, 0xFFF8F0);
    gen_draw_circle(cr, bx0 + W * 0.1, by0 + H * 0.21, W * 0.025, 0x8BC98B, 1);
    gen_draw_circle(cr, bx0 + W * 0.17, by0 + H * 0.23, W * 0.03, 0x79B2E0, 1);
    /* puzzle mats */
    static const unsigned mats[] = {0xE8574A, 0xF5C642, 0x5FB65A, 0x4A90D9};
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 7; c++) {
            double ya = by1 - H * (0.12 - r * 0.04), yb = ya + H * 0.04;
            double xa = bx0 + (bx1 - bx0) * c / 7.0, xb = bx0 + (bx1 - bx0) * (c + 1) / 7.0;
            gen_draw_rect(cr, xa, ya, xb - xa, yb - ya, mats[(r + c) % 4]);
            gen_draw_rect_alpha(cr, xa, ya, xb - xa, H * 0.003, 0x000000, 0.15);
        }
    /* low table, tiny chairs, bench, toys */
    gen_draw_rect(cr, bx0 + W * 0.30, by1 - H * 0.16, W * 0.22, H * 0.018, 0xFAFAF8);
    gen_draw_rect(cr, bx0 + W * 0.31, by1 - H * 0.142, W * 0.015, H * 0.07, 0xD8D8D4);
    gen_draw_rect(cr, bx0 + W * 0.495, by1 - H * 0.142, W * 0.015, H * 0.07, 0xD8D8D4);
    gen_draw_round_rect_path(cr, bx0 + W * 0.22, by1 - H * 0.15, W * 0.06, H * 0.08, W * 0.01);
    gen_draw_fill(cr, 0xF08A3C, 1);
    gen_draw_round_rect_path(cr, bx0 + W * 0.55, by1 - H * 0.15, W * 0.06, H * 0.08, W * 0.01);
    gen_draw_fill(cr, 0x62B86A, 1);
    gen_draw_rect(cr, bx0 + W * 0.02, by1 - H * 0.19, W * 0.16, H * 0.05, 0xD9B98C);
    gen_draw_rect(cr, bx0 + W * 0.02, by1 - H * 0.21, W * 0.16, H * 0.025, 0x8FB8D8);
    gen_draw_rect(cr, bx0 + W * 0.03, by1 - H * 0.14, W * 0.012, H * 0.06, 0xA98A5E);
    gen_draw_rect(cr, bx0 + W * 0.16, by1 - H * 0.14, W * 0.012, H * 0.06, 0xA98A5E);
    for (int i = 0; i < 6; i++) {
        double x = bx0 + W * gen_rng_range(rng, 0.2, 0.7);
        double y = by1 - H * gen_rng_range(rng, 0.03, 0.07);
        gen_draw_rect(cr, x, y, W * 0.03, W * 0.03, mats[i % 4] ^ 0x202020);
    }
    gen_draw_circle(cr, bx0 + W * 0.66, by1 - H * 0.05, W * 0.035, 0xE23B3B, 1);
    gen_draw_circle(cr, bx0 + W * 0.652, by1 - H * 0.056, W * 0.012, 0xFFFFFF, 0.6);
    gen_draw_circle(cr, bx0 + W * 0.12, by1 - H * 0.22, W * 0.03, 0x9A6B43, 1);
    gen_draw_circle(cr, bx0 + W * 0.12, by1 - H * 0.245, W * 0.022, 0x9A6B43, 1);
    /* side face of the booth, glass tint, reflections */
    double side[8] = {bx1, by0, bx1 + dep, by0 - H * 0.03, bx1 + dep, by1 - H * 0.03, bx1, by1};
    gen_draw_poly(cr, side, 4, 0xE3EEEE, 0.6);
    gen_draw_rect_alpha(cr, bx0, by0, bx1 - bx0, by1 - by0, 0xCFE9EC, 0.16);
    for (int i = 0; i < 3; i++) {
        double x = bx0 + W * (0.05 + i * 0.27);
        double band[8] = {x + W * 0.1, by0, x + W * 0.16, by0, x + W * 0.04, by1, x - W * 0.02, by1};
        gen_draw_poly(cr, band, 4, 0xFFFFFF, 0.13);
    }
    /* safety dots on the glass */
    for (double x = bx0 + W * 0.02; x < bx1; x += W * 0.025)
        gen_draw_circle(cr, x, by0 + H * 0.30, W * 0.006, 0xFFFFFF, 0.7);
    /* roof panel and aluminium frame */
    double roof[8] = {bx0, by0, bx1, by0, bx1 + dep, by0 - H * 0.03, bx0 + dep, by0 - H * 0.03};
    gen_draw_poly(cr, roof, 4, 0xFAFAFA, 1);
    gen_draw_rect(cr, bx0 - W * 0.005, by0 - H * 0.012, bx1 - bx0 + W * 0.01, H * 0.014, 0xF4F4F2);
    gen_draw_rect(cr, bx0 - W * 0.006, by0, W * 0.012, by1 - by0, 0xAEB4BA);
    gen_draw_rect(cr, bx1 - W * 0.006, by0, W * 0.012, by1 - by0, 0xAEB4BA);
    gen_draw_rect(cr, bx0 + W * 0.44, by0, W * 0.01, by1 - by0, 0xAEB4BA);
    gen_draw_rect(cr, bx0 + W * 0.66, by0, W * 0.01, by1 - by0, 0xAEB4BA);
    gen_draw_line(cr, bx1 + dep, by0 - H * 0.03, bx1 + dep, by1 - H * 0.03, W * 0.01, 0xAEB4BA, 1);
    gen_draw_rect(cr, bx0 - W * 0.006, by1 - H * 0.012, bx1 - bx0 + W * 0.012, H * 0.016, 0x979DA3);
    gen_draw_rect(cr, bx0 + W * 0.62, by0 + H * 0.24, W * 0.012, H * 0.14, 0xC4C8CC);
    /* sign on the glass */
    gen_draw_round_rect_path(cr, bx0 + W * 0.06, by0 + H * 0.03, W * 0.32, H * 0.07, W * 0.015);
    gen_draw_fill(cr, 0xF7C9D4, 1);
    gen_draw_text_centred(cr, "KIDS SPACE", bx0 + W * 0.26, by0 + H * 0.065, H * 0.022, true, 0x7A2A4A, 1);
    gen_draw_circle(cr, bx0 + W * 0.09, by0 + H * 0.05, W * 0.012, 0x7A2A4A, 1);
    gen_draw_rect(cr, bx0 + W * 0.08, by0 + H * 0.06, W * 0.02, H * 0.03, 0x7A2A4A);
    gen_draw_circle(cr, bx0 + W * 0.115, by0 + H * 0.065, W * 0.008, 0x7A2A4A, 1);
    gen_draw_rect(cr, bx0 + W * 0.108, by0 + H * 0.072, W * 0.014, H * 0.018, 0x7A2A4A);
    /* shadow of the booth, stroller and plant outside */
    gen_draw_rect_alpha(cr, bx0, by1 + H * 0.004, bx1 - bx0 + dep, H * 0.02, 0x000000, 0.12);
    double sx = W * 0.80;
    gen_draw_circle(cr, sx - W * 0.05, H * 0.93, W * 0.03, 0x2A2A2A, 1);
    gen_draw_circle(cr, sx + W * 0.08, H * 0.93, W * 0.03, 0x2A2A2A, 1);
    gen_draw_round_rect_path(cr, sx - W * 0.07, H * 0.80, W * 0.18, H * 0.09, W * 0.03);
    gen_draw_fill(cr, 0x4C6E8F, 1);
    gen_draw_line(cr, sx + W * 0.11, H * 0.82, sx + W * 0.16, H * 0.74, W * 0.008, 0x333333, 1);
    gen_draw_rect(cr, W * 0.03, H * 0.80, W * 0.08, H * 0.09, 0xD2CCC0);
    for (int i = 0; i < 10; i++) {
        double x = W * 0.07 + W * gen_rng_range(rng, -0.05, 0.05);
        double y = H * gen_rng_range(rng, 0.69, 0.79);
        gen_draw_circle(cr, x, y, W * 0.03, (i & 1) ? 0x3C7A3C : 0x2D6232, 1);
    }
}
