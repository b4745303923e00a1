/* render_png: slides or handout sheets -> PNG previews (photos decoded),
 * one file a page, each written whole through outfile.h. */
#include "render.h"
#include "render_boxes.h"
#include "render_handout.h"
#include "render_sink.h"
#include "outfile.h"

#include <math.h>

/* Checks that every file from..to may be written (none is an input, a
 * folder, a link…), before the first is drawn. */
static bool check_files(const char *dir, const char *name, int from, int to, diag_list *diags)
{
    bool ok = true;
    for (int i = from; i <= to; i++) {
        char *file = g_strdup_printf("%s/%s-%02d.png", dir, name, i);
        GError *err = NULL;
        if (!outfile_check(file, &err)) {
            diag_error(diags, (diag_loc){ diag_file(diags, file), 0, 0 }, "the preview %s", err->message);
            g_error_free(err);
            ok = false;
        }
        g_free(file);
    }
    return ok;
}

/* Writes 'img' to 'file', whole or not at all. */
static bool write_png(cairo_surface_t *img, const char *file, diag_list *diags)
{
    const char *shown = diag_file(diags, file);
    GError *err = NULL;
    outfile *f = outfile_new(file, &err);
    if (!f) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "the preview %s", err->message);
        g_error_free(err);
        return false;
    }
    render_sink out;
    render_sink_init(&out, outfile_fd(f), false);
    cairo_status_t st = cairo_surface_write_to_png_stream(img, render_sink_write, &out);
    render_sink_clear(&out);
    if (st != CAIRO_STATUS_SUCCESS) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the preview: %s",
                   out.err ? g_strerror(out.err) : cairo_status_to_string(st));
        outfile_abort(f);
        return false;
    }
    if (!outfile_commit(f, &err)) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the preview: the file %s", err->message);
        g_error_free(err);
        return false;
    }
    return true;
}

bool png_render_parts(const pdf_part *parts, int nparts, const pdf_options *o, const char *dir, const char *name,
                      double dpi, int first, int last, diag_list *diags, int *written)
{
    GPtrArray *slides = render_slides_of(parts, nparts);
    render_handout *h = o->handout ? render_handout_new(parts, nparts, o) : NULL;
    int nout = h ? render_handout_sheets(h) : (int)slides->len;
    double W = h ? RENDER_SHEET_W_PT : parts[0].l->width_pt, H = h ? RENDER_SHEET_H_PT : parts[0].l->height_pt;
    int from = MAX(1, first), to = MIN(nout, last > 0 ? last : nout);
    if (written)
        *written = 0;
    bool ok = check_files(dir, name, from, to, diags);
    image_cache *images = image_cache_new();
    if (o->grayscale_photos)
        image_cache_set_grayscale(images, true);
    for (int i = from; ok && i <= to; i++) {
        int pw = (int)ceil(W * dpi / 72.0), ph = (int)ceil(H * dpi / 72.0);
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
        cairo_t *cr = cairo_create(img);
        cairo_scale(cr, dpi / 72.0, dpi / 72.0);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        render_target t = { cr, images, NULL, o->grayscale, true, diags };
        if (h)
            ok = render_handout_draw(h, &t, i - 1) && ok;
        else
            ok = render_slide_draw(&t, g_ptr_array_index(slides, i - 1)) && ok;
        cairo_destroy(cr);
        char *file = g_strdup_printf("%s/%s-%02d.png", dir, name, i);
        if (ok) {
            ok = write_png(img, file, diags);
            if (ok && written)
                (*written)++;
        }
        cairo_surface_destroy(img);
        g_free(file);
    }
    image_cache_free(images);
    render_handout_free(h);
    g_ptr_array_unref(slides);
    return ok;
}
