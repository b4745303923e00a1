/* scene_map: the sample's map of Matsue (lakes, roads, the railway, the
 * city centre's marker, labels, north arrow and scale bar), drawn for a
 * 1600 x 1200 surface. */
#include "scene.h"

#include "gen_draw.h"

#include <glib.h>
#include <math.h>

/* Closed irregular blob: ellipse with a radius wobble from a few sines. */
static void blob_path(cairo_t *cr, double cx, double cy, double rx, double ry,
                      const double *amp, const double *phase, int nh)
{
    for (int i = 0; i <= 360; i++) {
        double t = i * G_PI / 180.0;
        double k = 1.0;
        for (int h = 0; h < nh; h++)
            k += amp[h] * sin((h * 2 + 3) * t + phase[h]);
        double x = cx + rx * k * cos(t), y = cy + ry * k * sin(t);
        if (i == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
}

static void road(cairo_t *cr, const double *p, int n, double lw, unsigned casing, unsigned fill)
{
    for (int pass = 0; pass < 2; pass++) {
        cairo_move_to(cr, p[0], p[1]);
        for (int i = 1; i + 2 < n; i += 3)
            cairo_curve_to(cr, p[2 * i], p[2 * i + 1], p[2 * i + 2], p[2 * i + 3], p[2 * i + 4],
                           p[2 * i + 5]);
        cairo_set_line_width(cr, pass == 0 ? lw + 4 : lw);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        gen_draw_colour(cr, pass == 0 ? casing : fill);
        cairo_stroke(cr);
    }
}

static void label(cairo_t *cr, const char *s, double x, double y, double size,
                  cairo_font_slant_t slant, cairo_font_weight_t weight, unsigned c)
{
    cairo_text_extents_t te;
    cairo_select_font_face(cr, "DejaVu Sans", slant, weight);
    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, s, &te);
    cairo_move_to(cr, x - te.x_bearing - te.width / 2, y - te.y_bearing - te.height / 2);
    cairo_text_path(cr, s);
    cairo_set_line_width(cr, size * 0.16);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    gen_draw_colour_alpha(cr, 0xFFFFFF, 0.85);
    cairo_stroke_preserve(cr);
    gen_draw_colour(cr, c);
    cairo_fill(cr);
}

void scene_map_draw(cairo_t *cr, double W, double H)
{
    const unsigned water = 0xA8CFEA, shore = 0x86B4D8;
    gen_draw_rect(cr, 0, 0, W, H, 0xF0EBDB);
    /* hills to the north and south */
    static const double ha[] = {0.08, 0.05, 0.03}, hp[] = {0.3, 1.1, 2.0};
    blob_path(cr, W * 0.45, H * 0.08, W * 0.5, H * 0.17, ha, hp, 3);
    gen_draw_fill(cr, 0xDCE7C9, 1);
    blob_path(cr, W * 0.3, H * 1.02, W * 0.45, H * 0.14, ha, hp, 3);
    gen_draw_fill(cr, 0xDCE7C9, 1);
    blob_path(cr, W * 0.85, H * 0.98, W * 0.3, H * 0.12, ha, hp, 2);
    gen_draw_fill(cr, 0xDCE7C9, 1);

    /* roads under the water bodies' labels but over land */
    const double route9[] = {0, 930, 300, 880, 600, 800, 800, 760, 1000, 725, 1250, 730, 1600, 770};
    const double north[] = {0, 400, 400, 420, 700, 520, 960, 545, 1150, 510, 1350, 400, 1600, 360};
    const double ns[] = {955, 120, 960, 400, 990, 800, 975, 1150};
    const double expwy[] = {0, 1070, 500, 1010, 1000, 1000, 1600, 960};
    const double lake_s[] = {120, 860, 350, 800, 550, 830, 880, 700};
    road(cr, expwy, 4, 12, 0xC9A95E, 0xF7D58A);
    road(cr, route9, 7, 8, 0xD3CAB4, 0xFFFFFF);
    road(cr, north, 7, 8, 0xD3CAB4, 0xFFFFFF);
    road(cr, ns, 4, 8, 0xD3CAB4, 0xFFFFFF);
    road(cr, lake_s, 4, 4, 0xD3CAB4, 0xFFFFFF);
    for (int i = 0; i < 5; i++) { /* city grid */
        double g1[] = {890, 520 + i * 40.0, 930, 520 + i * 40.0, 1030, 520 + i * 40.0, 1080, 520 + i * 40.0};
        road(cr, g1, 4, 3, 0xDDD5C2, 0xFFFFFF);
        double g2[] = {900 + i * 40.0, 500, 900 + i * 40.0, 560, 900 + i * 40.0, 640, 900 + i * 40.0, 700};
        road(cr, g2, 4, 3, 0xDDD5C2, 0xFFFFFF);
    }
    /* railway along the south shore */
    cairo_move_to(cr, 0, 900);
    cairo_curve_to(cr, 350, 850, 650, 760, 980, 700);
    cairo_curve_to(cr, 1200, 660, 1400, 700, 1600, 720);
    cairo_set_line_width(cr, 5);
    gen_draw_colour(cr, 0x6B6B6B);
    cairo_stroke_preserve(cr);
    static const double dash[] = {14, 14};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_line_width(cr, 3);
    gen_draw_colour(cr, 0xFFFFFF);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);

    /* Lake Shinji, Nakaumi, and the Ohashi river joining them */
    static const double la[] = {0.06, 0.04, 0.025}, lp[] = {0.5, 1.3, 2.1};
    static const double na[] = {0.07, 0.05, 0.03}, np[] = {2.2, 0.4, 1.7};
    cairo_move_to(cr, 915, 640);
    cairo_curve_to(cr, 980, 600, 1040, 640, 1120, 590);
    cairo_set_line_width(cr, 30);
    gen_draw_colour(cr, shore);
    cairo_stroke_preserve(cr);
    cairo_set_line_width(cr, 24);
    gen_draw_colour(cr, water);
    cairo_stroke(cr);
    cairo_move_to(cr, 930, 665);
    cairo_curve_to(cr, 990, 700, 1060, 690, 1130, 620);
    cairo_set_line_width(cr, 12);
    gen_draw_colour(cr, shore);
    cairo_stroke_preserve(cr);
    cairo_set_line_width(cr, 8);
    gen_draw_colour(cr, water);
    cairo_stroke(cr);
    blob_path(cr, 540, 645, 400, 175, la, lp, 3);
    gen_draw_colour(cr, water);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 4);
    gen_draw_colour(cr, shore);
    cairo_stroke(cr);
    blob_path(cr, 1330, 570, 225, 185, na, np, 3);
    gen_draw_colour(cr, water);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 4);
    gen_draw_colour(cr, shore);
    cairo_stroke(cr);
    static const double ia[] = {0.1, 0.06}, ip[] = {0.2, 1.0};
    blob_path(cr, 1320, 540, 70, 42, ia, ip, 2); /* Daikon island */
    gen_draw_colour(cr, 0xE4EBD2);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 3);
    gen_draw_colour(cr, shore);
    cairo_stroke(cr);
    /* bridges over the river */
    road(cr, (const double[]){955, 580, 957, 610, 960, 640, 962, 670}, 4, 8, 0xD3CAB4, 0xFFFFFF);
    road(cr, (const double[]){1040, 590, 1040, 610, 1041, 640, 1042, 660}, 4, 5, 0xD3CAB4, 0xFFFFFF);

    /* city centre marker */
    double mx = 985, my = 592;
    gen_draw_ellipse(cr, mx + 6, my + 2, 16, 6, 0x000000, 0.25);
    cairo_move_to(cr, mx, my);
    cairo_curve_to(cr, mx - 10, my - 20, mx - 28, my - 32, mx - 28, my - 52);
    cairo_arc(cr, mx, my - 52, 28, G_PI, 2 * G_PI);
    cairo_curve_to(cr, mx + 28, my - 32, mx + 10, my - 20, mx, my);
    cairo_close_path(cr);
    gen_draw_colour(cr, 0xD7261E);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, 2.5);
    gen_draw_colour(cr, 0x8E1410);
    cairo_stroke(cr);
    gen_draw_circle(cr, mx, my - 52, 10, 0xFFFFFF, 1);

    /* labels */
    label(cr, "Lake Shinji", 540, 660, 46, CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL, 0x2A5A86);
    label(cr, "Nakaumi", 1335, 665, 38, CAIRO_FONT_SLANT_ITALIC, CAIRO_FONT_WEIGHT_NORMAL, 0x2A5A86);
    label(cr, "Matsue", 1090, 535, 44, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD, 0x222222);

    /* north arrow and scale bar */
    double nx = W - 90, ny = 110;
    double na_pts[6] = {nx, ny - 50, nx + 20, ny + 10, nx - 20, ny + 10};
    gen_draw_poly(cr, na_pts, 3, 0x333333, 1);
    label(cr, "N", nx, ny - 75, 30, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD, 0x333333);
    gen_draw_rect(cr, 60, H - 70, 200, 10, 0x333333);
    gen_draw_rect(cr, 160, H - 68, 100, 6, 0xFFFFFF);
    label(cr, "0", 60, H - 95, 22, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL, 0x333333);
    label(cr, "5 km", 265, H - 95, 22, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL, 0x333333);
}
