/* scene_counters: the sample's photos of the city hall's ground floor, seen
 * through the pinhole camera of scene_cam (02 the citizens' counters, 03 the
                                            * corridor to the temporary counter, 04 the citizens' space), drawn upright. */
#include "scene.h"

#include "gen_draw.h"
#include "scene_cam.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>

void scene_counter_draw(cairo_t *cr, double W, double H, gen_rng *rng)
{
    scene_cam cam = {W * 0.5, H * 0.42, W * 0.5};
    const double XL = -8, XR = 8, YC = -2.2, YF = 1.5, ZN = 0.6, ZB = 9;
    double xa, ya, xb, yb;
    (void)rng;

    /* shell */
    scene_cam_rect_y(cr, &cam, YC, XL, XR, ZN, ZB);
    gen_draw_fill_vgrad(cr, 0, cam.cy, 0xE3E2DD, 0xF3F2EE);
    scene_cam_rect_x(cr, &cam, XL, YC, YF, ZN, ZB);
    gen_draw_fill_hgrad(cr, 0, W * 0.1, 0xDDD6C9, 0xEAE4D9);
    scene_cam_rect_x(cr, &cam, XR, YC, YF, ZN, ZB);
    gen_draw_fill_hgrad(cr, W * 0.9, W, 0xE6E0D4, 0xD6CFC2);
    scene_cam_rect_y(cr, &cam, YF, XL, XR, ZN, ZB);
    gen_draw_fill_vgrad(cr, cam.cy, H, 0xDAD6CD, 0xB9B4AA);
    scene_cam_rect_z(cr, &cam, XL, YC, XR, YF, ZB);
    gen_draw_fill(cr, 0xF4EFE6, 1);
    scene_cam_rect_z(cr, &cam, XL, YC, XR, -1.4, ZB);
    gen_draw_fill(cr, 0xB88B59, 1);
    for (double x = XL; x < XR; x += 0.25) {
        scene_cam_rect_z(cr, &cam, x, YC, x + 0.02, -1.4, ZB);
        gen_draw_fill(cr, 0x8E6640, 1);
    }

    /* ceiling light panels with glow, and their reflections on the floor */
    for (double z = 1.6; z < ZB; z += 1.5)
        for (double x = -6; x <= 6; x += 3) {
            scene_cam_rect_y(cr, &cam, YC + 0.01, x - 0.6, x + 0.6, z - 0.3, z + 0.3);
            gen_draw_fill(cr, 0xFFFFFF, 1);
            scene_cam_xy(&cam, x, YC, z, &xa, &ya);
            gen_draw_glow(cr, xa, ya, cam.f * 0.9 / z, 0.5, 0xFFFFF4, 0.35);
            scene_cam_xy(&cam, x, YF, z, &xa, &ya);
            gen_draw_glow(cr, xa, ya, cam.f * 0.7 / z, 0.35, 0xFFFFFF, 0.28);
        }
    /* tactile guide strip */
    scene_cam_rect_y(cr, &cam, YF - 0.001, -0.45, -0.15, ZN, 7.0);
    gen_draw_fill(cr, 0xE3BE34, 1);

    /* number boards above the windows, staff, counter, partitions */
    char num[16];
    for (int k = 0; k < 7; k++) {
        double xc = -6.0 + k * 2.0;
        scene_cam_rect_z(cr, &cam, xc - 0.45, -1.25, xc + 0.45, -0.8, 8.9);
        gen_draw_fill(cr, 0x1F4E8C, 1);
        scene_cam_xy(&cam, xc, -1.025, 8.9, &xa, &ya);
        snprintf(num, sizeof num, "%d", k + 1);
        gen_draw_text_centred(cr, num, xa, ya, cam.f * 0.33 / 8.9, true, 0xFFFFFF, 1);
        /* staff member */
        scene_cam_xy(&cam, xc + 0.2, -0.12, 7.9, &xa, &ya);
        double r = cam.f * 0.11 / 7.9;
        scene_cam_rect_z(cr, &cam, xc - 0.05, -0.02, xc + 0.45, 0.6, 7.9);
        gen_draw_fill(cr, (k & 1) ? 0x34496A : 0x4A5D7A, 1);
        gen_draw_circle(cr, xa, ya, r, 0xE2BFA0, 1);
        gen_draw_circle(cr, xa, ya - r * 0.35, r * 0.95, 0x2A221E, 1);
        /* monitor on the desk */
        scene_cam_rect_z(cr, &cam, xc - 0.7, 0.0, xc - 0.25, 0.35, 7.4);
        gen_draw_fill(cr, 0x222428, 1);
    }
    scene_cam_rect_z(cr, &cam, -7.2, 0.45, 7.2, YF, 7.0);
    gen_draw_fill_vgrad(cr, cam.cy + cam.f * 0.45 / 7.0, cam.cy + cam.f * YF / 7.0, 0xD8BC92, 0xB6976C);
    scene_cam_rect_y(cr, &cam, 0.45, -7.2, 7.2, 7.0, 7.6);
    gen_draw_fill(cr, 0xF8F8F4, 1);
    for (int k = 0; k <= 7; k++) {
        double x = -7.0 + k * 2.0;
        double p[12] = {x, -0.35, 7.0, x, -0.35, 7.6, x, 0.45, 7.6, x, 0.45, 7.0};
        scene_cam_quad(cr, &cam, p);
        gen_draw_colour_alpha(cr, 0xE8F4F8, 0.35);
        cairo_fill_preserve(cr);
        gen_draw_colour_alpha(cr, 0x9AA4AA, 0.9);
        cairo_set_line_width(cr, W * 0.0012);
        cairo_stroke(cr);
    }

    /* hanging calling-number display */
    scene_cam_xy(&cam, 2.3, -2.2, 4.5, &xa, &ya);
    scene_cam_xy(&cam, 2.3, -1.8, 4.5, &xb, &yb);
    gen_draw_line(cr, xa, ya, xb, yb, W * 0.0015, 0x555555, 1);
    scene_cam_xy(&cam, 4.7, -2.2, 4.5, &xa, &ya);
    scene_cam_xy(&cam, 4.7, -1.8, 4.5, &xb, &yb);
    gen_draw_line(cr, xa, ya, xb, yb, W * 0.0015, 0x555555, 1);
    scene_cam_rect_z(cr, &cam, 2.0, -1.85, 5.0, -0.75, 4.5);
    gen_draw_fill(cr, 0x141518, 1);
    scene_cam_xy(&cam, 2.08, -1.78, 4.5, &xa, &ya);
    scene_cam_xy(&cam, 4.92, -0.82, 4.5, &xb, &yb);
    cairo_rectangle(cr, xa, ya, xb - xa, yb - ya);
    gen_draw_fill_vgrad(cr, ya, yb, 0x2266B8, 0x0E3A78);
    double sh = yb - ya;
    gen_draw_rect(cr, xa, ya, xb - xa, sh * 0.22, 0x0A2850);
    gen_draw_text_centred(cr, "NOW SERVING", (xa + xb) / 2, ya + sh * 0.11, sh * 0.13, true, 0xFFD84A, 1);
    static const char *const rows[3] = {"No. 105   window 2", "No. 106   window 5", "No. 107   window 1"};
    for (int i = 0; i < 3; i++)
        gen_draw_text_centred(cr, rows[i], (xa + xb) / 2, ya + sh * (0.36 + 0.22 * i), sh * 0.13, false,
                              0xFFFFFF, 1);

    /* potted plant by the left wall */
    scene_cam_xy(&cam, -6.8, 1.5, 4.0, &xa, &ya);
    gen_draw_rect(cr, xa - W * 0.02, ya - H * 0.05, W * 0.04, H * 0.05, 0xD9D3C7);
    for (int i = 0; i < 10; i++)
        gen_draw_circle(cr, xa + W * 0.03 * sin(i * 2.1), ya - H * (0.07 + 0.012 * (i % 5)),
                        W * 0.018, (i & 1) ? 0x3D7A3A : 0x2E6230, 1);

    /* waiting chairs, far rows first */
    for (double z = 5.4; z >= 3.7; z -= 0.85)
        for (double x = -6.4; x <= 6.0; x += 0.56) {
            if (x > -1.0 && x < 0.6)
                continue;
            scene_cam_rect_y(cr, &cam, 1.05, x, x + 0.5, z - 0.22, z + 0.22);
            gen_draw_fill(cr, 0x3A97A2, 1);
            scene_cam_rect_z(cr, &cam, x + 0.04, 1.05, x + 0.07, YF, z - 0.2);
            gen_draw_fill(cr, 0x444444, 1);
            scene_cam_rect_z(cr, &cam, x + 0.43, 1.05, x + 0.46, YF, z - 0.2);
            gen_draw_fill(cr, 0x444444, 1);
            scene_cam_rect_z(cr, &cam, x + 0.02, 0.6, x + 0.48, 1.1, z - 0.22);
            gen_draw_fill(cr, 0x2B737C, 1);
        }
}

void scene_temporary_draw(cairo_t *cr, double W, double H, gen_rng *rng)
{
    scene_cam cam = {W * 0.5, H * 0.46, W * 0.6};
    const double XL = -1.3, XR = 1.3, YC = -1.2, YF = 1.5, ZN = 0.4, ZB = 24;
    double xa, ya, xb, yb;

    scene_cam_rect_y(cr, &cam, YC, XL, XR, ZN, ZB);
    gen_draw_fill_vgrad(cr, 0, cam.cy, 0xDCDAD3, 0xEDEBE5);
    scene_cam_rect_x(cr, &cam, XL, YC, YF, ZN, ZB);
    gen_draw_fill_hgrad(cr, 0, cam.cx, 0xE2DCCF, 0xF1ECE2);
    scene_cam_rect_x(cr, &cam, XR, YC, YF, ZN, ZB);
    gen_draw_fill_hgrad(cr, cam.cx, W, 0xEEE9DE, 0xDAD3C5);
    scene_cam_rect_y(cr, &cam, YF, XL, XR, ZN, ZB);
    gen_draw_fill_vgrad(cr, cam.cy, H, 0xB5BAAF, 0x979C90);
    /* skirting */
    scene_cam_rect_x(cr, &cam, XL + 0.001, YF - 0.1, YF, ZN, ZB);
    gen_draw_fill(cr, 0x6A6863, 1);
    scene_cam_rect_x(cr, &cam, XR - 0.001, YF - 0.1, YF, ZN, ZB);
    gen_draw_fill(cr, 0x6A6863, 1);
    /* far end: wall with glazed door and exit sign */
    scene_cam_rect_z(cr, &cam, XL, YC, XR, YF, ZB);
    gen_draw_fill(cr, 0xEDE9E0, 1);
    scene_cam_rect_z(cr, &cam, -0.55, -0.6, 0.55, YF, ZB);
    gen_draw_fill(cr, 0x8D8F90, 1);
    scene_cam_rect_z(cr, &cam, -0.48, -0.55, 0.48, YF, ZB);
    gen_draw_fill(cr, 0xDDEEF6, 1);
    scene_cam_rect_z(cr, &cam, -0.3, -0.95, 0.3, -0.72, ZB);
    gen_draw_fill(cr, 0x1E9E4E, 1);
    /* ceiling lights and floor reflections */
    for (double z = 2; z < ZB; z += 2.2) {
        scene_cam_rect_y(cr, &cam, YC + 0.005, -0.22, 0.22, z - 0.55, z + 0.55);
        gen_draw_fill(cr, 0xFFFFFF, 1);
        scene_cam_xy(&cam, 0, YC, z, &xa, &ya);
        gen_draw_glow(cr, xa, ya, cam.f * 0.6 / z, 0.6, 0xFFFFF0, 0.3);
        scene_cam_xy(&cam, 0, YF, z, &xa, &ya);
        gen_draw_glow(cr, xa, ya, cam.f * 0.45 / z, 0.6, 0xFFFFFF, 0.3);
    }
    /* doors */
    static const double ldoor[] = {3.0, 8.0, 14.0}, rdoor[] = {5.0, 11.0, 18.0};
    for (int i = 0; i < 3; i++) {
        scene_cam_rect_x(cr, &cam, XL + 0.002, -0.7, YF, ldoor[i] - 0.05, ldoor[i] + 1.05);
        gen_draw_fill(cr, 0x8B735A, 1);
        scene_cam_rect_x(cr, &cam, XL + 0.003, -0.63, YF, ldoor[i], ldoor[i] + 1.0);
        gen_draw_fill(cr, 0xB99C78, 1);
        scene_cam_rect_x(cr, &cam, XL + 0.004, 0.3, 0.36, ldoor[i] + 0.8, ldoor[i] + 0.92);
        gen_draw_fill(cr, 0xC8CCD0, 1);
        scene_cam_rect_x(cr, &cam, XR - 0.002, -0.7, YF, rdoor[i] - 0.05, rdoor[i] + 1.05);
        gen_draw_fill(cr, 0x8B735A, 1);
        scene_cam_rect_x(cr, &cam, XR - 0.003, -0.63, YF, rdoor[i], rdoor[i] + 1.0);
        gen_draw_fill(cr, 0xB99C78, 1);
    }
    /* temporary paper signs taped to the walls */
    static const double lsign[] = {1.2, 5.5, 10.0}, rsign[] = {2.2, 7.5};
    for (int i = 0; i < 3; i++) {
        double za = lsign[i], zb = lsign[i] + 0.5;
        scene_cam_rect_x(cr, &cam, XL + 0.005, -0.3, 0.4, za, zb);
        gen_draw_fill(cr, 0xFBFBF6, 1);
        scene_cam_rect_x(cr, &cam, XL + 0.006, -0.27, -0.14, za + 0.03, zb - 0.03);
        gen_draw_fill(cr, 0xD3261E, 1);
        scene_text_bars_x(cr, &cam, XL + 0.006, za + 0.04, zb - 0.04, -0.08, 0.07, 6, 0x222222, rng);
        scene_cam_rect_x(cr, &cam, XL + 0.007, -0.33, -0.27, za - 0.02, za + 0.06);
        gen_draw_fill(cr, 0xE8DDB8, 0.8);
        scene_cam_rect_x(cr, &cam, XL + 0.007, -0.33, -0.27, zb - 0.06, zb + 0.02);
        gen_draw_fill(cr, 0xE8DDB8, 0.8);
    }
    for (int i = 0; i < 2; i++) {
        double za = rsign[i], zb = rsign[i] + 0.6;
        scene_cam_rect_x(cr, &cam, XR - 0.005, -0.25, 0.3, za, zb);
        gen_draw_fill(cr, 0xFFF6B0, 1);
        scene_text_bars_x(cr, &cam, XR - 0.006, za + 0.05, zb - 0.05, -0.18, 0.08, 5, 0x1A1A1A, rng);
        /* big arrow pointing down the corridor */
        double p[12] = {XR - 0.006, 0.18, za + 0.08, XR - 0.006, 0.18, zb - 0.2,
                        XR - 0.006, 0.24, zb - 0.2, XR - 0.006, 0.24, za + 0.08};
        scene_cam_quad(cr, &cam, p);
        gen_draw_fill(cr, 0xD3261E, 1);
        double q[12] = {XR - 0.006, 0.13, zb - 0.2, XR - 0.006, 0.21, zb - 0.06,
                        XR - 0.006, 0.29, zb - 0.2, XR - 0.006, 0.21, zb - 0.2};
        scene_cam_quad(cr, &cam, q);
        gen_draw_fill(cr, 0xD3261E, 1);
    }
    /* green arrows on the floor */
    for (double z = 1.6; z < 9; z += 2.5) {
        double p[12] = {-0.75, YF - 0.001, z, -0.55, YF - 0.001, z,
                        -0.55, YF - 0.001, z + 0.8, -0.75, YF - 0.001, z + 0.8};
        scene_cam_quad(cr, &cam, p);
        gen_draw_fill(cr, 0x2E9C55, 1);
        double q[12] = {-0.9, YF - 0.001, z + 0.8, -0.4, YF - 0.001, z + 0.8,
                        -0.65, YF - 0.001, z + 1.2, -0.65, YF - 0.001, z + 1.2};
        scene_cam_quad(cr, &cam, q);
        gen_draw_fill(cr, 0x2E9C55, 1);
    }
    /* traffic cones and a barrier bar */
    for (int i = 0; i < 2; i++) {
        double cxm = i ? -0.15 : -1.0, z = 6.5;
        double p[12] = {cxm - 0.16, YF, z, cxm + 0.16, YF, z, cxm + 0.03, 0.85, z, cxm - 0.03, 0.85, z};
        scene_cam_quad(cr, &cam, p);
        gen_draw_fill(cr, 0xF06A1A, 1);
        scene_cam_rect_z(cr, &cam, cxm - 0.09, 1.1, cxm + 0.09, 1.22, z);
        gen_draw_fill(cr, 0xF5F5F0, 1);
        scene_cam_rect_z(cr, &cam, cxm - 0.22, YF - 0.04, cxm + 0.22, YF, z);
        gen_draw_fill(cr, 0x333333, 1);
    }
    for (int k = 0; k < 8; k++) {
        scene_cam_rect_z(cr, &cam, -1.0 + k * 0.106, 0.92, -1.0 + (k + 1) * 0.106, 1.0, 6.5);
        gen_draw_fill(cr, (k & 1) ? 0x1A1A1A : 0xF2CE1B, 1);
    }
    /* hanging temporary sign */
    for (int s = -1; s <= 1; s += 2) {
        scene_cam_xy(&cam, s * 0.8, YC, 4.5, &xa, &ya);
        scene_cam_xy(&cam, s * 0.8, -0.88, 4.5, &xb, &yb);
        gen_draw_line(cr, xa, ya, xb, yb, W * 0.002, 0x555555, 1);
    }
    scene_cam_rect_z(cr, &cam, -1.0, -0.9, 1.0, -0.4, 4.5);
    gen_draw_fill(cr, 0xFFD21A, 1);
    scene_cam_xy(&cam, -0.9, -0.85, 4.5, &xa, &ya);
    scene_cam_xy(&cam, 0.9, -0.45, 4.5, &xb, &yb);
    cairo_rectangle(cr, xa, ya, xb - xa, yb - ya);
    gen_draw_colour(cr, 0x1A1A1A);
    cairo_set_line_width(cr, W * 0.003);
    cairo_stroke(cr);
    gen_draw_text_centred(cr, "TEMPORARY COUNTER", (xa + xb) / 2 - (xb - xa) * 0.08, ya + (yb - ya) * 0.32,
                          (yb - ya) * 0.22, true, 0x1A1A1A, 1);
    gen_draw_text_centred(cr, "2F  Room 203", (xa + xb) / 2 - (xb - xa) * 0.08, ya + (yb - ya) * 0.72,
                          (yb - ya) * 0.2, false, 0x1A1A1A, 1);
    double aw = (yb - ya) * 0.5, axm = xb - (xb - xa) * 0.1, aym = (ya + yb) / 2;
    double arr[14] = {axm + aw * 0.5, aym, axm, aym - aw * 0.5, axm, aym - aw * 0.2,
                      axm - aw * 0.5, aym - aw * 0.2, axm - aw * 0.5, aym + aw * 0.2,
                      axm, aym + aw * 0.2, axm, aym + aw * 0.5};
    gen_draw_poly(cr, arr, 7, 0xC8201A, 1);
    /* standing A-frame notice board */
    {
        double z = 2.8, bx0 = 0.25, bx1 = 0.95;
        scene_cam_rect_z(cr, &cam, bx0 + 0.02, 1.2, bx0 + 0.06, YF, z + 0.1);
        gen_draw_fill(cr, 0x555555, 1);
        scene_cam_rect_z(cr, &cam, bx1 - 0.06, 1.2, bx1 - 0.02, YF, z + 0.1);
        gen_draw_fill(cr, 0x555555, 1);
        scene_cam_rect_z(cr, &cam, bx0, 0.2, bx1, 1.25, z);
        gen_draw_fill(cr, 0x3F3F42, 1);
        scene_cam_rect_z(cr, &cam, bx0 + 0.03, 0.23, bx1 - 0.03, 1.22, z);
        gen_draw_fill(cr, 0xFCFCF8, 1);
        scene_cam_rect_z(cr, &cam, bx0 + 0.03, 0.23, bx1 - 0.03, 0.42, z);
        gen_draw_fill(cr, 0x1B5FA8, 1);
        scene_cam_xy(&cam, (bx0 + bx1) / 2, 0.325, z, &xa, &ya);
        gen_draw_text_centred(cr, "NOTICE", xa, ya, cam.f * 0.12 / z, true, 0xFFFFFF, 1);
        scene_text_bars_z(cr, &cam, bx0 + 0.08, bx1 - 0.08, 0.5, 0.08, 5, z, 0x2A2A2A, rng);
        double p[12] = {bx0 + 0.1, 1.05, z, bx0 + 0.3, 0.95, z, bx0 + 0.3, 1.15, z, bx0 + 0.1, 1.05, z};
        scene_cam_quad(cr, &cam, p);
        gen_draw_fill(cr, 0xD3261E, 1);
        scene_cam_rect_z(cr, &cam, bx0 + 0.3, 1.02, bx1 - 0.12, 1.08, z);
        gen_draw_fill(cr, 0xD3261E, 1);
    }
}

/* Round table (top at 0.75 m below eye level) seen by the camera. */
static void draw_table(cairo_t *cr, const scene_cam *cam, double tx, double tz, double yf)
{
    double xa, ya, xb, yb;
    scene_cam_xy(cam, tx, 0.75, tz, &xa, &ya);
    scene_cam_xy(cam, tx, yf, tz, &xb, &yb);
    gen_draw_line(cr, xa, ya, xb, yb, cam->f * 0.08 / tz, 0x6A6A6A, 1);
    gen_draw_ellipse(cr, xb, yb, cam->f * 0.3 / tz, cam->f * 0.3 / tz * 0.25, 0x000000, 0.15);
    double rx = cam->f * 0.6 / tz;
    gen_draw_ellipse(cr, xa, ya + rx * 0.03, rx, rx * 0.75 / tz + rx * 0.02, 0xBDB8AE, 1);
    gen_draw_ellipse(cr, xa, ya, rx, rx * 0.75 / tz, 0xFAFAF7, 1);
}

void scene_space_draw(cairo_t *cr, double W, double H, gen_rng *rng)
{
    scene_cam cam = {W * 0.5, H * 0.47, W * 0.55};
    const double XL = -7, XR = 7, YC = -4.0, YF = 1.5, ZN = 0.4, ZB = 10;
    double xa, ya, xb, yb;

    /* ceiling with wood slats */
    scene_cam_rect_y(cr, &cam, YC, XL, XR, ZN, ZB);
    gen_draw_fill_vgrad(cr, 0, cam.cy, 0xE8E3DA, 0xF5F3EE);
    for (double x = XL; x < XR; x += 0.5) {
        scene_cam_rect_y(cr, &cam, YC + 0.01, x, x + 0.12, ZN, ZB);
        gen_draw_fill(cr, 0xDCC6A0, 1);
    }
    /* window wall at the back: sky, hazy town, mullions */
    scene_cam_rect_z(cr, &cam, XL, YC, XR, YF, ZB);
    scene_cam_xy(&cam, 0, YC, ZB, &xa, &ya);
    scene_cam_xy(&cam, 0, YF, ZB, &xb, &yb);
    gen_draw_fill_vgrad(cr, ya, yb, 0x8CC0EA, 0xEEF5FA);
    for (int i = 0; i < 7; i++) {
        double bxm = XL + 0.3 + i * 2.0;
        scene_cam_rect_z(cr, &cam, bxm, 0.2 - 0.5 * (i % 3), bxm + 1.4, 1.2, ZB);
        gen_draw_fill(cr, (i & 1) ? 0xC4CBD3 : 0xB7C0C9, 1);
    }
    for (int i = 0; i <= 28; i++) {
        double x = XL + i * 0.5;
        scene_cam_rect_z(cr, &cam, x, 0.55 - 0.25 * sin(i * 1.3), x + 0.55, 1.2, ZB);
        gen_draw_fill(cr, 0x9DB095, 1);
    }
    for (double x = XL; x <= XR + 0.01; x += 1.4) {
        scene_cam_rect_z(cr, &cam, x - 0.05, YC, x + 0.05, YF, ZB);
        gen_draw_fill(cr, 0xE6E8EA, 1);
    }
    static const double mull[] = {-2.7, -1.3, 0.1, 1.15};
    for (int i = 0; i < 4; i++) {
        scene_cam_rect_z(cr, &cam, XL, mull[i] - 0.05, XR, mull[i] + 0.05, ZB);
        gen_draw_fill(cr, 0xE6E8EA, 1);
    }
    scene_cam_rect_z(cr, &cam, XL, 1.2, XR, YF, ZB);
    gen_draw_fill(cr, 0xCFC9BE, 1);
    /* left wall: tall windows; right wall: wood slat feature wall */
    scene_cam_rect_x(cr, &cam, XL, YC, YF, ZN, ZB);
    gen_draw_fill(cr, 0xF1EEE8, 1);
    for (double z = 1.5; z < ZB - 0.5; z += 2.0) {
        scene_cam_rect_x(cr, &cam, XL + 0.01, -3.4, 1.1, z, z + 1.5);
        gen_draw_fill_vgrad(cr, 0, H * 0.6, 0x94C4EC, 0xEEF5FB);
    }
    scene_cam_rect_x(cr, &cam, XR, YC, YF, ZN, ZB);
    gen_draw_fill(cr, 0xEFEBE4, 1);
    for (double z = 2.0; z < ZB; z += 0.35) {
        scene_cam_rect_x(cr, &cam, XR - 0.01, -2.5, YF, z, z + 0.18);
        gen_draw_fill(cr, 0xC49A68, 1);
    }
    /* polished floor, reflections, sunlight */
    scene_cam_rect_y(cr, &cam, YF, XL, XR, ZN, ZB);
    gen_draw_fill_vgrad(cr, cam.cy, H, 0xE4DED2, 0xCFC6B5);
    for (double x = XL + 0.1; x < XR; x += 1.4) {
        double p[12] = {x, YF - 0.001, ZB, x + 1.2, YF - 0.001, ZB,
                        x + 1.2, YF - 0.001, 5.0, x, YF - 0.001, 5.0};
        scene_cam_quad(cr, &cam, p);
        scene_cam_xy(&cam, 0, YF, ZB, &xa, &ya);
        scene_cam_xy(&cam, 0, YF, 5.0, &xb, &yb);
        cairo_pattern_t *g = cairo_pattern_create_linear(0, ya, 0, yb);
        gen_draw_stop(g, 0, 0xFFFFFF, 0.55);
        gen_draw_stop(g, 1, 0xFFFFFF, 0.0);
        cairo_set_source(cr, g);
        cairo_fill(cr);
        cairo_pattern_destroy(g);
    }
    for (int i = 0; i < 4; i++) {
        double z = 1.2 + i * 2.0;
        double p[12] = {-6.9, YF - 0.002, z + 1.4, -5.0, YF - 0.002, z + 1.4,
                        -2.6, YF - 0.002, z, -4.5, YF - 0.002, z};
        scene_cam_quad(cr, &cam, p);
        gen_draw_fill(cr, 0xFFF3D6, 0.5);
    }
    /* furniture: round tables with chairs, far first */
    static const double tables[][2] = {{0.5, 7.0}, {-3.0, 5.8}, {3.2, 4.6}, {-1.5, 3.4}};
    static const unsigned chair_col[] = {0xE07B39, 0x4F8FC0, 0x7FB56A, 0xE9C443};
    for (int t = 0; t < 4; t++) {
        double tx = tables[t][0], tz = tables[t][1];
        for (int pass = 0; pass < 3; pass++) { /* far chairs, table, near chairs */
            if (pass == 1) {
                draw_table(cr, &cam, tx, tz, YF);
                continue;
            }
            for (int c = 0; c < 4; c++) {
                double ang = c * G_PI / 2 + 0.6;
                double chx = tx + 0.75 * cos(ang), chz = tz + 0.75 * sin(ang);
                if ((pass == 0) != (chz > tz))
                    continue;
                scene_cam_rect_z(cr, &cam, chx - 0.22, 0.55, chx + 0.22, 1.05, chz);
                gen_draw_fill(cr, chair_col[(t + c) % 4], 1);
                scene_cam_rect_z(cr, &cam, chx - 0.2, 1.05, chx - 0.17, YF, chz);
                gen_draw_fill(cr, 0x555555, 1);
                scene_cam_rect_z(cr, &cam, chx + 0.17, 1.05, chx + 0.2, YF, chz);
                gen_draw_fill(cr, 0x555555, 1);
            }
        }
    }
    /* plants in big pots */
    static const double plants[][2] = {{-6.0, 8.2}, {5.8, 6.0}, {-5.2, 2.6}};
    for (int i = 0; i < 3; i++) {
        double px = plants[i][0], pz = plants[i][1];
        scene_cam_rect_z(cr, &cam, px - 0.3, 0.9, px + 0.3, YF, pz);
        gen_draw_fill(cr, 0xD6CFC3, 1);
        scene_cam_xy(&cam, px, 0.9, pz, &xa, &ya);
        double s = cam.f / pz;
        for (int k = 0; k < 16; k++) {
            double ox = s * gen_rng_range(rng, -0.45, 0.45);
            double oy = s * gen_rng_range(rng, 0.1, 1.4);
            double r = s * gen_rng_range(rng, 0.16, 0.3);
            gen_draw_circle(cr, xa + ox, ya - oy, r, (k & 1) ? 0x3C7A3C : 0x2D6232, 1);
        }
    }
    /* long bench */
    scene_cam_rect_y(cr, &cam, 1.05, 1.2, 4.2, 2.8, 3.2);
    gen_draw_fill(cr, 0xC9A271, 1);
    scene_cam_rect_z(cr, &cam, 1.2, 1.05, 4.2, 1.12, 2.8);
    gen_draw_fill(cr, 0xA07C50, 1);
    scene_cam_rect_z(cr, &cam, 1.4, 1.12, 1.5, YF, 2.85);
    gen_draw_fill(cr, 0x4A4A4A, 1);
    scene_cam_rect_z(cr, &cam, 3.9, 1.12, 4.0, YF, 2.85);
    gen_draw_fill(cr, 0x4A4A4A, 1);
    /* lounge sofa in the foreground, facing the windows (seen from behind) */
    scene_cam_rect_y(cr, &cam, 0.72, -1.7, 1.3, 2.3, 2.55);
    gen_draw_fill(cr, 0x6E93A8, 1);
    for (int i = 0; i < 3; i++) {
        scene_cam_rect_z(cr, &cam, -1.55 + i * 0.98, 0.62, -0.85 + i * 0.98, 0.74, 2.5);
        gen_draw_fill(cr, i == 1 ? 0xE7B45A : 0x86A8BA, 1);
    }
    scene_cam_rect_z(cr, &cam, -1.7, 0.72, 1.3, 1.4, 2.3);
    gen_draw_fill_vgrad(cr, cam.cy + cam.f * 0.72 / 2.3, cam.cy + cam.f * 1.4 / 2.3, 0x55788D, 0x3D5A6B);
    scene_cam_rect_z(cr, &cam, -1.6, 1.4, -1.5, YF, 2.3);
    gen_draw_fill(cr, 0x333333, 1);
    scene_cam_rect_z(cr, &cam, 1.1, 1.4, 1.2, YF, 2.3);
    gen_draw_fill(cr, 0x333333, 1);
    scene_cam_rect_y(cr, &cam, YF - 0.003, -1.8, 1.4, 2.25, 2.6);
    gen_draw_fill(cr, 0x000000, 0.08);
    /* two people standing by the window */
    static const double people[][2] = {{-1.2, 8.6}, {-0.6, 8.9}};
    static const unsigned coats[] = {0x3B4A63, 0x8A4A3C};
    for (int i = 0; i < 2; i++) {
        double px = people[i][0], pz = people[i][1];
        scene_cam_rect_z(cr, &cam, px - 0.2, -0.15, px + 0.2, 0.75, pz);
        gen_draw_fill(cr, coats[i], 1);
        scene_cam_rect_z(cr, &cam, px - 0.15, 0.75, px + 0.15, YF, pz);
        gen_draw_fill(cr, 0x2A2A2E, 1);
        scene_cam_xy(&cam, px, -0.3, pz, &xa, &ya);
        gen_draw_circle(cr, xa, ya, cam.f * 0.12 / pz, 0x2A221E, 1);
    }
}
