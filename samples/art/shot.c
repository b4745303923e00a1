/* shot: scenes in, phone photos out (JPEG with EXIF, through gen_grain and
 * gen_jpeg) and the map out (PNG, through gen_png); a set of them rendered
 * on a few threads. */
#include "shot.h"

#include "gen_draw.h"
#include "gen_file.h"
#include "gen_jpeg.h"
#include "gen_png.h"

#include <stdint.h>
#include <stdio.h>

/*** Per-thread scratch buffers ***/

/* Reused from photo to photo: allocating ~120 MB afresh for every 12 MP
 * photo costs more in page faults than the drawing itself. */
typedef struct buffer {
    void *p;
    size_t cap; /* bytes */
} buffer;

typedef struct scratch {
    buffer surface, rgb, stored; /* cairo pixels, upright RGB, rotated RGB */
} scratch;

/* At least 'n' bytes of 'b' (their content undefined). */
static void *buffer_get(buffer *b, size_t n)
{
    if (b->cap < n) {
        g_free(b->p);
        b->p = g_malloc(n);
        b->cap = n;
    }
    return b->p;
}

static void scratch_clear(scratch *sc)
{
    g_free(sc->surface.p);
    g_free(sc->rgb.p);
    g_free(sc->stored.p);
}

/*** One photo ***/

/* The orientation marker in the top-left corner: a white rounded box, a
 * black up arrow, "NN UP". */
static void up_marker_draw(cairo_t *cr, double H, int number)
{
    double bh = H / 12.0;
    double m = bh * 0.3;
    double pad = bh * 0.2;
    double aw = bh * 0.55;
    char label[32];
    cairo_text_extents_t te;

    snprintf(label, sizeof label, "%02d UP", number);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, bh * 0.6);
    cairo_text_extents(cr, label, &te);
    double bw = pad + aw + pad + te.x_advance + pad;

    gen_draw_round_rect_path(cr, m, m, bw, bh, bh * 0.18);
    gen_draw_colour(cr, 0xFFFFFF);
    cairo_fill_preserve(cr);
    cairo_set_line_width(cr, bh * 0.03);
    gen_draw_colour(cr, 0x000000);
    cairo_stroke(cr);

    double ax = m + pad + aw / 2;
    double top = m + bh * 0.12, bottom = m + bh * 0.88;
    double head = bh * 0.36, shaft = aw * 0.36;
    double arrow[14] = {
        ax, top,
        ax + aw / 2, top + head,
        ax + shaft / 2, top + head,
        ax + shaft / 2, bottom,
        ax - shaft / 2, bottom,
        ax - shaft / 2, top + head,
        ax - aw / 2, top + head,
    };
    gen_draw_poly(cr, arrow, 7, 0x000000, 1);

    cairo_move_to(cr, m + pad + aw + pad - te.x_bearing, m + bh / 2 - (te.y_bearing + te.height / 2));
    gen_draw_colour(cr, 0x000000);
    cairo_show_text(cr, label);
    cairo_new_path(cr);
}

/* Draws the scene of 'ps', framed, and the marker into 'cr'. */
static void shot_draw(cairo_t *cr, const shot_spec *ps, gen_rng *rng)
{
    const shot_framing *fr = &ps->frame;
    if (fr->sw > 0 && fr->sh > 0) {
        /* reframed: cover the display, zoomed, centred on (fx, fy) */
        double sx = (double)ps->dw / fr->sw, sy = (double)ps->dh / fr->sh;
        double k = (sx > sy ? sx : sy) * (fr->zoom > 0 ? fr->zoom : 1.0);
        double ox = ps->dw * 0.5 - fr->fx * fr->sw * k;
        double oy = ps->dh * 0.5 - fr->fy * fr->sh * k;
        double minx = ps->dw - fr->sw * k, miny = ps->dh - fr->sh * k;
        ox = ox > 0 ? 0 : ox < minx ? minx : ox;
        oy = oy > 0 ? 0 : oy < miny ? miny : oy;
        cairo_save(cr);
        cairo_translate(cr, ox, oy);
        cairo_scale(cr, k, k);
        ps->draw(cr, fr->sw, fr->sh, rng);
        cairo_restore(cr);
    } else {
        ps->draw(cr, ps->dw, ps->dh, rng);
    }
    up_marker_draw(cr, ps->dh, ps->number);
}

/* Writes the photo 'ps' into 'dir'. */
static bool shot_render(const char *dir, const shot_spec *ps, scratch *sc, GError **error)
{
    char *path = g_build_filename(dir, ps->file, NULL);
    bool ok = false;
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, ps->dw);
    uint8_t *pixels = buffer_get(&sc->surface, (size_t)stride * (size_t)ps->dh);
    cairo_surface_t *s = cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_RGB24, ps->dw, ps->dh, stride);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0, 0, 0); /* the buffer is reused: clear it */
    cairo_paint(cr);
    gen_rng rng = gen_rng_from_name(ps->file, 1);
    shot_draw(cr, ps, &rng);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        gen_file_error(error, path, cairo_status_to_string(st));
        goto out;
    }
    size_t rgb_len = (size_t)ps->dw * (size_t)ps->dh * 3;
    uint8_t *rgb = buffer_get(&sc->rgb, rgb_len);
    gen_rng grain_rng = gen_rng_from_name(ps->file, 2);
    gen_grain_apply(s, rgb, &ps->grain, &grain_rng);

    int sw = ps->dw, sh = ps->dh;
    if (ps->orientation > 1) {
        uint8_t *stored = buffer_get(&sc->stored, rgb_len);
        if (!gen_jpeg_orient_into(rgb, ps->dw, ps->dh, ps->orientation, stored, &sw, &sh)) {
            gen_file_error(error, path, "invalid EXIF orientation");
            goto out;
        }
        rgb = stored;
    }
    ok = gen_jpeg_put(dir, ps->file, rgb, sw, sh, ps->quality, ps->orientation, error);
out:
    cairo_surface_destroy(s);
    g_free(path);
    return ok;
}

/* Writes the map as 'name' into 'dir'. */
static bool map_render(const char *dir, const char *name, GError **error)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, SHOT_MAP_W, SHOT_MAP_H);
    cairo_t *cr = cairo_create(s);
    scene_map_draw(cr, SHOT_MAP_W, SHOT_MAP_H);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    bool ok;
    if (st != CAIRO_STATUS_SUCCESS) {
        char *path = g_build_filename(dir, name, NULL);
        ok = gen_file_error(error, path, cairo_status_to_string(st));
        g_free(path);
    } else {
        ok = gen_png_put_surface(dir, name, s, error);
    }
    cairo_surface_destroy(s);
    return ok;
}

/*** A set on a few threads ***/

typedef struct job_queue {
    const shot_spec *photos;
    size_t n;             /* photos; job n is the map */
    const char *map_name; /* NULL: no map job */
    const char *dir;
    gint next;            /* the next job to take */
    GError **errors;      /* one per job */
} job_queue;

static gpointer job_worker(gpointer data)
{
    job_queue *q = data;
    size_t jobs = q->n + (q->map_name ? 1 : 0);
    scratch sc = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 } };
    for (;;) {
        size_t i = (size_t)g_atomic_int_add(&q->next, 1);
        if (i >= jobs)
            break;
        if (i < q->n)
            shot_render(q->dir, &q->photos[i], &sc, &q->errors[i]);
        else
            map_render(q->dir, q->map_name, &q->errors[i]);
    }
    scratch_clear(&sc);
    return NULL;
}

char **shot_set_render(const shot_spec *photos, size_t n, const char *map_name, const char *dir)
{
    size_t jobs = n + (map_name ? 1 : 0);
    job_queue q = { photos, n, map_name, dir, 0, g_new0(GError *, jobs + 1) };
    int nthreads = MIN((int)g_get_num_processors(), 4);
    nthreads = MIN(nthreads, (int)jobs);
    if (nthreads <= 1) {
        job_worker(&q);
    } else {
        GThread *threads[4];
        for (int t = 0; t < nthreads; t++)
            threads[t] = g_thread_new("shot", job_worker, &q);
        for (int t = 0; t < nthreads; t++)
            g_thread_join(threads[t]);
    }
    GPtrArray *failed = g_ptr_array_new();
    for (size_t i = 0; i < jobs; i++)
        if (q.errors[i]) {
            g_ptr_array_add(failed, g_strdup(q.errors[i]->message));
            g_error_free(q.errors[i]);
        }
    g_free(q.errors);
    if (failed->len == 0) {
        g_ptr_array_free(failed, true);
        return NULL;
    }
    g_ptr_array_add(failed, NULL);
    return (char **)g_ptr_array_free(failed, false);
}
