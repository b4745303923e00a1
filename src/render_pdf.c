/* render_pdf: boxes -> PDF with cairo, written atomically. */
#include "render.h"

#include "image.h"
#include "pdfpost.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

typedef struct sink {
    int fd;
    int err;          /* errno of the first failed write, 0 if none */
    GByteArray *buf;  /* small writes gathered here (cairo writes in many small pieces) */
} sink;

static cairo_status_t write_raw(sink *s, const unsigned char *data, unsigned int len)
{
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

#define SINK_BUFFER (256 * 1024)

static cairo_status_t sink_flush(sink *s)
{
    if (!s->buf || s->buf->len == 0)
        return s->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
    cairo_status_t st = write_raw(s, s->buf->data, s->buf->len);
    g_byte_array_set_size(s->buf, 0);
    return st;
}

static cairo_status_t write_func(void *closure, const unsigned char *data, unsigned int len)
{
    sink *s = closure;
    if (s->err)
        return CAIRO_STATUS_WRITE_ERROR;
    if (!s->buf)
        return write_raw(s, data, len);
    if (s->buf->len + len > SINK_BUFFER && sink_flush(s) != CAIRO_STATUS_SUCCESS)
        return CAIRO_STATUS_WRITE_ERROR;
    if (len >= SINK_BUFFER)
        return write_raw(s, data, len); /* a photo: straight through */
    g_byte_array_append(s->buf, data, len);
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

/*** Structure (tagged PDF) ***/

typedef struct tagger {
    cairo_t *cr;
    GPtrArray *open;      /* of char*, the containers open, "Table.3" … */
    GPtrArray *alts;      /* of char*, each Figure's /Alt in the order opened */
} tagger;

static char *tag_name(const char *component)
{
    const char *dot = strchr(component, '.');
    return dot ? g_strndup(component, (gsize)(dot - component)) : g_strdup(component);
}

/* Closes containers down to 'keep' open. */
static void tags_close_to(tagger *t, guint keep)
{
    while (t->open->len > keep) {
        char *name = tag_name(g_ptr_array_index(t->open, t->open->len - 1));
        cairo_tag_end(t->cr, name);
        g_free(name);
        g_ptr_array_remove_index(t->open, t->open->len - 1);
    }
}

/* Makes exactly the containers of 'group' open ("L.4/LI.9"). */
static void tags_to(tagger *t, const char *group)
{
    char *full = group ? g_strconcat("Document/", group, NULL) : g_strdup("Document");
    char **want = g_strsplit(full, "/", -1);
    g_free(full);
    guint k = 0;
    while (k < t->open->len && want[k] && strcmp(g_ptr_array_index(t->open, k), want[k]) == 0)
        k++;
    tags_close_to(t, k);
    for (; want[k]; k++) {
        char *name = tag_name(want[k]);
        cairo_tag_begin(t->cr, name, NULL);
        g_free(name);
        g_ptr_array_add(t->open, g_strdup(want[k]));
    }
    g_strfreev(want);
}

/* Link annotations over the shown part of each link's text: one
 * rectangle a line. */
static void add_links(cairo_t *cr, const box *b)
{
    if (!b->links)
        return;
    for (guint k = 0; k < b->links->len; k++) {
        const box_link *lk = &g_array_index(b->links, box_link, k);
        GString *rects = g_string_new(NULL);
        PangoLayoutIter *it = pango_layout_get_iter(b->layout);
        int i = 0, top0 = 0;
        int last = b->line_count < 0 ? G_MAXINT : b->line_first + b->line_count;
        do {
            int y0, y1;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            if (i == b->line_first)
                top0 = y0;
            if (i >= b->line_first && i < last) {
                PangoLayoutLine *ln = pango_layout_iter_get_line_readonly(it);
                int s0 = MAX(lk->start, ln->start_index), s1 = MIN(lk->end, ln->start_index + ln->length);
                if (s0 < s1) {
                    PangoRectangle logical;
                    pango_layout_iter_get_line_extents(it, NULL, &logical);
                    int xa, xb;
                    pango_layout_line_index_to_x(ln, s0, FALSE, &xa);
                    pango_layout_line_index_to_x(ln, s1, FALSE, &xb);
                    if (s1 == ln->start_index + ln->length)
                        xb = logical.width;
                    double x = b->x_pt + (double)(logical.x + MIN(xa, xb)) / PANGO_SCALE;
                    double y = b->y_pt + (double)(y0 - top0) / PANGO_SCALE;
                    g_string_append_printf(rects, "%s%.2f %.2f %.2f %.2f", rects->len ? " " : "", x, y,
                                           (double)ABS(xb - xa) / PANGO_SCALE, (double)(y1 - y0) / PANGO_SCALE);
                }
            }
            i++;
        } while (i < last && pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        if (rects->len) {
            GString *url = g_string_new(NULL);
            for (const char *p = lk->url; *p; p++) {
                if (*p == '\'' || *p == '\\')
                    g_string_append_c(url, '\\');
                g_string_append_c(url, *p);
            }
            char *attrs = g_strdup_printf("uri='%s' rect=[%s]", url->str, rects->str);
            cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
            cairo_tag_end(cr, CAIRO_TAG_LINK);
            g_free(attrs);
            g_string_free(url, TRUE);
        }
        g_string_free(rects, TRUE);
    }
}

static bool is_furniture(const box *b)
{
    return b->role && (strcmp(b->role, "footer") == 0 || strcmp(b->role, "page-number") == 0 ||
                       strcmp(b->role, "band") == 0 || strcmp(b->role, "footer-rule") == 0);
}

static bool draw_box(tagger *t, image_cache *images, const box *b, diag_list *diags)
{
    cairo_t *cr = t->cr;
    /* Page furniture stays outside the structure; so does a rule or fill
     * that belongs to nothing (it is drawn inside what is open). */
    if (is_furniture(b))
        tags_close_to(t, 1);
    else if (b->group || b->type == BOX_TEXT)
        tags_to(t, b->group);
    const char *leaf = is_furniture(b) ? NULL : layout_role_tag(b->role);
    if (leaf && b->type != BOX_TEXT) {
        /* A picture (or its placeholder): a Figure, whose /Alt the
         * incremental update adds in this order. */
        cairo_tag_begin(cr, leaf, NULL);
        if (strcmp(leaf, "Figure") == 0)
            g_ptr_array_add(t->alts, g_strdup(b->alt ? b->alt : ""));
    }
    switch (b->type) {
    case BOX_TEXT: {
        if (leaf)
            cairo_tag_begin(cr, leaf, NULL);
        /* Text beside a link inside the same element needs a Span of its
         * own, or cairo 1.16 leaves it untagged. */
        if (leaf && b->links)
            cairo_tag_begin(cr, "Span", NULL);
        set_color(cr, b->color);
        box_show_text(cr, b);
        if (leaf && b->links)
            cairo_tag_end(cr, "Span");
        add_links(cr, b);
        if (leaf)
            cairo_tag_end(cr, leaf);
        break;
    }
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
            if (leaf)
                cairo_tag_end(cr, leaf);
            return false;
        }
        break;
    }
    case BOX_NONE:
        break;
    }
    if (leaf && b->type != BOX_TEXT)
        cairo_tag_end(cr, leaf);
    return true;
}

static char *iso_date(gint64 epoch)
{
    GDateTime *t = epoch >= 0 ? g_date_time_new_from_unix_utc(epoch) : g_date_time_new_now_utc();
    char *s = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(t);
    return s;
}

static void set_metadata(cairo_surface_t *surf, const pdf_meta *m, const pdf_options *o)
{
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, m->title);
    if (m->author)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, m->author);
    if (m->subject)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, m->subject);
    if (m->keywords)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS, m->keywords);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, o->creator);
    char *date = iso_date(o->epoch);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
    g_free(date);
}

pdf_meta *pdf_meta_of_doc(const doc *dc)
{
    const doc_meta *m = &dc->meta;
    pdf_meta *pm = g_new0(pdf_meta, 1);
    char *num = doc_number_label(m->number);
    pm->title = g_strdup_printf("%s %s %s", m->series, num, m->place ? m->place : "");
    pm->author = g_strdup(m->author);
    char *period = m->period_start.year ? doc_period_format(m->period_start, m->period_end) : g_strdup("");
    pm->subject = g_strdup_printf("「%s」%sの報告：%s、%s%s%s", m->series, num, m->place ? m->place : "", period,
                                  m->traveler ? "、" : "", m->traveler ? m->traveler : "");
    GString *kw = g_string_new(NULL);
    g_string_append_printf(kw, "%s, %s, %s", m->series, num, m->place ? m->place : "");
    if (m->organization)
        g_string_append_printf(kw, ", %s", m->organization);
    if (m->period_start.year)
        g_string_append_printf(kw, ", %d年%d月", m->period_start.year, m->period_start.month);
    pm->keywords = g_string_free(kw, FALSE);
    g_free(period);
    g_free(num);
    return pm;
}

void pdf_meta_free(pdf_meta *m)
{
    if (!m)
        return;
    g_free(m->title);
    g_free(m->author);
    g_free(m->subject);
    g_free(m->keywords);
    g_free(m);
}

/* One bookmark per page heading; a continuation page's under its first;
 * all under 'root'. */
static void add_outline(cairo_surface_t *surf, const page *pg, int root, int *parent)
{
    if (!pg->heading)
        return;
    char *dest = g_strdup_printf("page=%d pos=[0 0]", pg->number);
    if (pg->continued && *parent > 0)
        cairo_pdf_surface_add_outline(surf, *parent, pg->heading, dest, 0);
    else
        *parent = cairo_pdf_surface_add_outline(surf, root, pg->heading, dest, 0);
    g_free(dest);
}

static bool draw_all(cairo_surface_t *surf, const pdf_part *parts, int nparts, const pdf_meta *meta,
                     const pdf_options *o, diag_list *diags, GPtrArray *alts)
{
    set_metadata(surf, meta, o);
    cairo_t *cr = cairo_create(surf);
    image_cache *images = image_cache_new(); /* shared: a photo in two reports is stored once */
    if (o->image_dpi > 0)
        image_cache_set_downsample(images, o->image_dpi, o->jpeg_quality);
    tagger t = { cr, g_ptr_array_new_with_free_func(g_free), alts };
    /* One Document element holds everything: cairo 1.16 marks a PDF as
     * tagged (/MarkInfo) only when the first structure tag is a top-level
     * element such as Document. */
    tags_to(&t, NULL);
    bool ok = true;
    for (int p = 0; p < nparts; p++) {
        const layout *l = parts[p].l;
        int root = CAIRO_PDF_OUTLINE_ROOT, parent = 0;
        if (parts[p].bookmark && l->pages->len > 0) {
            const page *first = g_ptr_array_index(l->pages, 0);
            char *dest = g_strdup_printf("page=%d pos=[0 0]", first->number);
            root = cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT, parts[p].bookmark, dest, 0);
            g_free(dest);
        }
        for (guint i = 0; i < l->pages->len; i++) {
            const page *pg = g_ptr_array_index(l->pages, i);
            cairo_pdf_surface_set_page_label(surf, pg->label);
            add_outline(surf, pg, root, &parent);
            for (guint j = 0; j < pg->boxes->len; j++)
                ok = draw_box(&t, images, g_ptr_array_index(pg->boxes, j), diags) && ok;
            tags_close_to(&t, 1);
            cairo_show_page(cr);
            image_cache_trim(images); /* this page's photos are written */
        }
    }
    tags_close_to(&t, 0);
    g_ptr_array_unref(t.open);
    cairo_destroy(cr);
    /* The surface still refers to the images' data until it is finished. */
    cairo_surface_finish(surf);
    image_cache_free(images);
    return ok;
}

/*** Writing: a temporary file beside the target, renamed over it only
 * when complete; removed on failure and on SIGINT, SIGTERM, SIGHUP. ***/

static char cleanup_path[4096]; /* the temporary file to remove on a signal */

static void on_signal(int sig)
{
    /* Only async-signal-safe calls here. */
    if (cleanup_path[0])
        unlink(cleanup_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void guard(const char *tmp, struct sigaction *old)
{
    g_strlcpy(cleanup_path, tmp ? tmp : "", sizeof(cleanup_path));
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, &old[i]);
}

static void unguard(const struct sigaction *old)
{
    const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
    cleanup_path[0] = '\0';
}

static bool copy_to_stdout(int fd)
{
    if (lseek(fd, 0, SEEK_SET) != 0)
        return false;
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        if (n == 0)
            return true;
        sink out = { STDOUT_FILENO, 0, NULL };
        if (write_raw(&out, (const unsigned char *)buf, (unsigned)n) != CAIRO_STATUS_SUCCESS)
            return false;
    }
}

bool pdf_render(const layout *l, const doc *dc, const pdf_options *o, const char *path, diag_list *diags)
{
    pdf_part part = { l, dc, NULL };
    pdf_meta *m = pdf_meta_of_doc(dc);
    bool ok = pdf_render_parts(&part, 1, m, o, path, diags);
    pdf_meta_free(m);
    return ok;
}

bool pdf_render_parts(const pdf_part *parts, int nparts, const pdf_meta *meta, const pdf_options *o, const char *path,
                      diag_list *diags)
{
    const char *shown = diag_file(diags, path);
    bool to_stdout = strcmp(path, "-") == 0;
    char *dir = to_stdout ? g_strdup(g_get_tmp_dir()) : g_path_get_dirname(path);
    char *base = to_stdout ? g_strdup("stdout.pdf") : g_path_get_basename(path);
    char *tmp = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
    g_free(dir);
    g_free(base);
    sink s = { g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0666 & ~0022), 0, NULL };
    if (s.fd < 0) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot create a file in that folder: %s", g_strerror(errno));
        g_free(tmp);
        return false;
    }
    struct sigaction old[3];
    guard(tmp, old);
    if (to_stdout)
        unlink(tmp); /* nothing to rename: keep it nameless */

    s.buf = g_byte_array_sized_new(SINK_BUFFER);
    const layout *l0 = parts[0].l;
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_func, &s, l0->width_pt, l0->height_pt);
    cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
    GPtrArray *alts = g_ptr_array_new_with_free_func(g_free);
    bool drawn = draw_all(surf, parts, nparts, meta, o, diags, alts);
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (sink_flush(&s) != CAIRO_STATUS_SUCCESS && st == CAIRO_STATUS_SUCCESS)
        st = CAIRO_STATUS_WRITE_ERROR;
    g_byte_array_unref(s.buf);

    bool ok = drawn && st == CAIRO_STATUS_SUCCESS && s.err == 0;
    if (!ok && drawn)
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: %s",
                   s.err ? g_strerror(s.err) : cairo_status_to_string(st));
    if (ok) {
        /* What cairo 1.16 cannot write, as an incremental update: /Lang,
         * each Figure's /Alt, dates with their D: prefix. */
        pdfpost_info info = { "ja", (const char *const *)alts->pdata, (int)alts->len, true, NULL };
        GError *err = NULL;
        if (!pdfpost_amend(s.fd, &info, &err)) {
            diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot finish the PDF: %s", err->message);
            g_error_free(err);
            ok = false;
        }
    }
    g_ptr_array_unref(alts);
    if (ok && fsync(s.fd) != 0 && !to_stdout) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: %s", g_strerror(errno));
        ok = false;
    }
    if (ok && to_stdout && !copy_to_stdout(s.fd)) {
        diag_error(diags, (diag_loc){ "standard output", 0, 0 }, "cannot write the PDF: %s", g_strerror(errno));
        ok = false;
    }
    if (close(s.fd) != 0 && ok) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: %s", g_strerror(errno));
        ok = false;
    }
    if (!to_stdout && ok && rename(tmp, path) != 0) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot replace the file: %s", g_strerror(errno));
        ok = false;
    }
    if (!to_stdout && !ok)
        unlink(tmp);
    unguard(old);
    g_free(tmp);
    return ok;
}
