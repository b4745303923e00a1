/* image_draw: a path and a rectangle in, the image drawn upright into it:
 * EXIF orientation as a matrix, cover or contain, and the choice of what is
 * painted: JPEG bytes, a PNG placeholder, decoded, reduced or grey pixels. */
#include "image_draw.h"

#include "image_decode.h"
#include "image_embed.h"
#include "image_entry.h"
#include "image_estimate.h"
#include "image_resample.h"

#include <math.h>

/* Maps stored pixels (u, v) of a w × h image to its upright display:
 * EXIF 2, 4, 5, 7 are mirrored; 5..8 swap the sides. */
static void orientation_matrix(int o, double w, double h, cairo_matrix_t *m)
{
    /* cairo_matrix_init(m, xx, yx, xy, yy, x0, y0): X = xx u + xy v + x0, Y = yx u + yy v + y0 */
    switch (o) {
    case 2: cairo_matrix_init(m, -1, 0, 0, 1, w, 0); break;  /* mirrored left-right */
    case 3: cairo_matrix_init(m, -1, 0, 0, -1, w, h); break; /* rotated 180° */
    case 4: cairo_matrix_init(m, 1, 0, 0, -1, 0, h); break;  /* mirrored top-bottom */
    case 5: cairo_matrix_init(m, 0, 1, 1, 0, 0, 0); break;   /* transposed */
    case 6: cairo_matrix_init(m, 0, 1, -1, 0, h, 0); break;  /* rotate 90° clockwise to view */
    case 7: cairo_matrix_init(m, 0, -1, -1, 0, h, w); break; /* transversed */
    case 8: cairo_matrix_init(m, 0, -1, 1, 0, 0, w); break;  /* rotate 90° counter-clockwise to view */
    default: cairo_matrix_init_identity(m); break;
    }
}

void image_draw_shown_size(const image_info *in, double w, double h, bool cover, double *pw, double *ph)
{
    double dw = in->display_w, dh = in->display_h;
    double sx = cover ? fmax(w / dw, h / dh) : w / dw, sy = cover ? sx : h / dh;
    *pw = dw * sx;
    *ph = dh * sy;
}

bool image_draw(image_cache *c, cairo_t *cr, const char *path, double x, double y, double w, double h,
                bool cover, bool decode, GError **err)
{
    g_return_val_if_fail(c != NULL && cr != NULL && path != NULL, false);
    image_entry *e = image_cache_entry_get(c, path, err);
    if (!e)
        return false;
    if (!(w > 0) || !(h > 0) || !isfinite(x) || !isfinite(y) || !isfinite(w) || !isfinite(h))
        return true; /* nothing to draw */
    const image_info *in = &e->info;
    double dw = in->display_w, dh = in->display_h, sx, sy, ox, oy;
    if (cover) {
        double s = fmax(w / dw, h / dh);
        sx = sy = s;
        ox = x + (w - dw * s) / 2;
        oy = y + (h - dh * s) / 2;
    } else {
        sx = w / dw;
        sy = h / dh;
        ox = x;
        oy = y;
    }
    cairo_save(cr);
    if (cover) {
        cairo_rectangle(cr, x, y, w, h);
        cairo_clip(cr);
    }
    cairo_translate(cr, ox, oy);
    cairo_scale(cr, sx, sy);
    cairo_matrix_t om;
    orientation_matrix(in->orientation, in->width, in->height, &om);
    cairo_transform(cr, &om);
    /* user space: the stored pixels, in->width × in->height */

    cairo_surface_t *s = NULL;
    int tw = 0, th = 0;
    bool reduce = !decode && c->dpi > 0 && image_resample_target(in, dw * sx, dh * sy, c->dpi, &tw, &th);
    if (c->grey && in->format == IMAGE_FORMAT_PNG) {
        s = reduce ? image_resample_png_grey(c, e, tw, th, true, err)
                   : image_resample_png_grey(c, e, in->width, in->height, false, err);
    } else if (c->grey && !decode) {
        s = image_resample_jpeg_grey(c, e, reduce, tw, th, dw * sx, dh * sy, err);
    } else if (reduce) {
        s = in->format == IMAGE_FORMAT_PNG ? image_resample_png(c, e, tw, th, err)
                                           : image_resample_jpeg(c, e, tw, th, err);
    } else if (in->format == IMAGE_FORMAT_PNG) {
        /* not downsampled, not grey: passed through when it can be */
        s = !decode && c->splicing && e->pass ? image_embed_png_placeholder(c, e, err)
                                              : image_decode_png_pixels(e, err);
    } else if (!decode) {
        s = image_embed_jpeg(c, e, err);
    } else {
        double ux = in->width, uy = 0, vx = 0, vy = in->height, dsx = 1, dsy = 1;
        cairo_user_to_device_distance(cr, &ux, &uy);
        cairo_user_to_device_distance(cr, &vx, &vy);
        cairo_surface_get_device_scale(cairo_get_group_target(cr), &dsx, &dsy);
        double ds = fmax(fabs(dsx), fabs(dsy));
        tjscalingfactor want = image_resample_scale(in->width, in->height, hypot(ux, uy) * ds, hypot(vx, vy) * ds);
        s = image_decode_jpeg(c, e, want, c->grey, err);
    }
    if (!s) {
        cairo_restore(cr);
        return false;
    }
    if (c->estimate && !decode) {
        double pw = 0, ph = 0;
        image_draw_shown_size(in, w, h, cover, &pw, &ph); /* dw * sx, dh * sy */
        image_estimate_record(c->estimate, e, s, pw, ph, c->grey);
    }
    int sw = cairo_image_surface_get_width(s), sh = cairo_image_surface_get_height(s);
    cairo_scale(cr, (double)in->width / sw, (double)in->height / sh);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_pattern_t *p = cairo_get_source(cr);
    /* The same filter for every use: cairo's PDF backend keys shared image
     * objects on it (/Interpolate) as well as on the unique id. */
    cairo_pattern_set_filter(p, CAIRO_FILTER_GOOD);
    if (decode) {
        /* Raster: pad and fill the image's own rectangle for clean edges. */
        cairo_pattern_set_extend(p, CAIRO_EXTEND_PAD);
        cairo_rectangle(cr, 0, 0, sw, sh);
        cairo_fill(cr);
    } else {
        /* PDF: EXTEND_PAD would make cairo re-render the image (losing the
         * JPEG passthrough); a plain paint places the image XObject. */
        cairo_paint(cr);
    }
    cairo_restore(cr);
    return true;
}
