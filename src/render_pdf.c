/* render_pdf: boxes -> PDF with cairo, written atomically. */
#include "render.h"

#include "image.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

typedef struct sink {
    int fd;
    int err; /* errno of the first failed write, 0 if none */
} sink;

static cairo_status_t write_func(void *closure, const unsigned char *data, unsigned int len)
{
    sink *s = closure;
    while (len > 0) {
        ssize_t n = write(s->fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (!s->err)
                s->err = errno;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        data += n;
        len -= (unsigned)n;
    }
    return CAIRO_STATUS_SUCCESS;
}

static void set_color(cairo_t *cr, guint32 c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0);
}

void box_show_text(cairo_t *cr, const box *b)
{
    if (b->line_first == 0 && b->line_count < 0) {
        cairo_move_to(cr, b->x_pt, b->y_pt);
        pango_cairo_show_layout(cr, b->layout);
        return;
    }
    PangoLayoutIter *it = pango_layout_get_iter(b->layout);
    int i = 0, top0 = 0;
    int last = b->line_count < 0 ? G_MAXINT : b->line_first + b->line_count;
    do {
        if (i >= b->line_first && i < last) {
            int y0, y1;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            if (i == b->line_first)
                top0 = y0;
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it, NULL, &logical);
            int baseline = pango_layout_iter_get_baseline(it);
            cairo_move_to(cr, b->x_pt + (double)logical.x / PANGO_SCALE,
                          b->y_pt + (double)(baseline - top0) / PANGO_SCALE);
            pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
        }
        i++;
    } while (i < last && pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static bool draw_box(cairo_t *cr, image_cache *images, const box *b, diag_list *diags)
{
    switch (b->type) {
    case BOX_TEXT:
        set_color(cr, b->color);
        box_show_text(cr, b);
        break;
    case BOX_FILL:
        set_color(cr, b->color);
        cairo_rectangle(cr, b->x_pt, b->y_pt, b->w_pt, b->h_pt);
        cairo_fill(cr);
        break;
    case BOX_RULE:
        set_color(cr, b->color);
        cairo_set_line_width(cr, b->line_pt);
        cairo_move_to(cr, b->x_pt, b->y_pt);
        cairo_line_to(cr, b->x_pt + b->w_pt, b->y_pt + b->h_pt);
        cairo_stroke(cr);
        break;
    case BOX_IMAGE: {
        GError *err = NULL;
        if (!image_draw(images, cr, b->path, b->x_pt, b->y_pt, b->w_pt, b->h_pt, b->cover, false, &err)) {
            diag_loc loc = b->node ? b->node->path_loc : (diag_loc){ b->path, 0, 0 };
            diag_error(diags, loc, "image '%s' %s", b->node && b->node->path ? b->node->path : b->path,
                       err ? err->message : "cannot be drawn");
            if (err)
                g_error_free(err);
            return false;
        }
        break;
    }
    case BOX_NONE:
        break;
    }
    return true;
}

static char *iso_date(gint64 epoch)
{
    GDateTime *t = epoch >= 0 ? g_date_time_new_from_unix_utc(epoch) : g_date_time_new_now_utc();
    char *s = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(t);
    return s;
}

static bool draw_all(cairo_surface_t *surf, const layout *l, const doc *dc, const pdf_options *o, diag_list *diags)
{
    char *num = doc_number_label(dc->meta.number);
    char *title = g_strdup_printf("%s %s %s", dc->meta.series, num, dc->meta.place ? dc->meta.place : "");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
    if (dc->meta.author)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, dc->meta.author);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, o->creator);
    char *date = iso_date(o->epoch);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    g_free(date);
    g_free(title);
    g_free(num);

    cairo_t *cr = cairo_create(surf);
    image_cache *images = image_cache_new();
    bool ok = true;
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        for (guint j = 0; j < pg->boxes->len; j++)
            ok = draw_box(cr, images, g_ptr_array_index(pg->boxes, j), diags) && ok;
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    /* The surface still refers to the images' data until it is finished. */
    cairo_surface_finish(surf);
    image_cache_free(images);
    return ok;
}

bool pdf_render(const layout *l, const doc *dc, const pdf_options *o, const char *path, diag_list *diags)
{
    const char *shown = diag_file(diags, path);
    bool to_stdout = strcmp(path, "-") == 0;
    char *tmp = NULL;
    sink s = { -1, 0 };
    if (to_stdout) {
        s.fd = STDOUT_FILENO;
    } else {
        char *dir = g_path_get_dirname(path);
        char *base = g_path_get_basename(path);
        tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
        g_free(dir);
        g_free(base);
        s.fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666 & ~0022);
        if (s.fd < 0) {
            diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot create a file in that folder: %s", g_strerror(errno));
            g_free(tmp);
            return false;
        }
    }
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_func, &s, l->width_pt, l->height_pt);
    cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
    bool drawn = draw_all(surf, l, dc, o, diags);
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);

    bool ok = drawn && st == CAIRO_STATUS_SUCCESS && s.err == 0;
    if (!ok && drawn) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: %s",
                   s.err ? g_strerror(s.err) : cairo_status_to_string(st));
    }
    if (!to_stdout) {
        if (ok && fsync(s.fd) != 0) {
            diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: %s", g_strerror(errno));
            ok = false;
        }
        if (close(s.fd) != 0 && ok) {
            diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: %s", g_strerror(errno));
            ok = false;
        }
        if (ok && rename(tmp, path) != 0) {
            diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot replace the file: %s", g_strerror(errno));
            ok = false;
        }
        if (!ok)
            unlink(tmp);
        g_free(tmp);
    }
    return ok;
}
