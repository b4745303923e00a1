/* render_pdf: boxes -> PDF with cairo, written atomically. */
#include "render.h"

#include "image.h"
#include "infile.h"
#include "layout_pango.h"
#include "outfile.h"
#include "pdfpost.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <sys/mman.h>
#include <sys/stat.h>
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
        pango_cairo_show_layout(cr, box_pango_layout(b));
        return;
    }
    PangoLayoutIter *it = pango_layout_get_iter(box_pango_layout(b));
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

/* How boxes are drawn: onto what, with structure tags or not (not inside
 * handout sheets nor previews), in grey or colour, photos decoded (PNG
 * previews) or passed through (PDF). */
typedef struct tagger {
    cairo_t *cr;
    GPtrArray *open;      /* of char*, the containers open, "Table.3" … */
    GPtrArray *alts;      /* of char*, each Figure's /Alt in the order opened */
    bool tags;            /* structure tags and links */
    bool grey;            /* colours as grey */
    bool decode;          /* decode photos (previews) */
} tagger;

static char *tag_name(const char *component)
{
    const char *dot = strchr(component, '.');
    return dot ? g_strndup(component, (gsize)(dot - component)) : g_strdup(component);
}

/* Closes containers down to 'keep' open. */
static void tags_close_to(tagger *t, guint keep)
{
    if (!t->tags)
        return;
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
    if (!t->tags)
        return;
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
        PangoLayoutIter *it = pango_layout_get_iter(box_pango_layout(b));
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
    return layout_role_is_furniture(b->role);
}

/* A colour, or its BT.601 luma in grey mode. */
static void pick_color(const tagger *t, guint32 c)
{
    if (t->grey) {
        guint32 y = (((c >> 16) & 0xFF) * 299 + ((c >> 8) & 0xFF) * 587 + (c & 0xFF) * 114 + 500) / 1000;
        c = (y << 16) | (y << 8) | y;
    }
    set_color(t->cr, c);
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
    const char *leaf = is_furniture(b) || !t->tags ? NULL : layout_role_tag(b->role);
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
        pick_color(t, b->color);
        box_show_text(cr, b);
        if (leaf && b->links)
            cairo_tag_end(cr, "Span");
        if (t->tags)
            add_links(cr, b);
        if (leaf)
            cairo_tag_end(cr, leaf);
        break;
    }
    case BOX_FILL:
        pick_color(t, b->color);
        cairo_rectangle(cr, b->x_pt, b->y_pt, b->w_pt, b->h_pt);
        cairo_fill(cr);
        break;
    case BOX_RULE:
        pick_color(t, b->color);
        cairo_set_line_width(cr, b->line_pt);
        cairo_move_to(cr, b->x_pt, b->y_pt);
        cairo_line_to(cr, b->x_pt + b->w_pt, b->y_pt + b->h_pt);
        cairo_stroke(cr);
        break;
    case BOX_IMAGE: {
        GError *err = NULL;
        if (!image_draw(images, cr, b->path, b->x_pt, b->y_pt, b->w_pt, b->h_pt, b->cover, t->decode, &err)) {
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

/*** Pages: the slides themselves, or handout sheets of several ***/

#define SHEET_W (210.0 / 25.4 * 72.0)
#define SHEET_H (297.0 / 25.4 * 72.0)

/* Draws the boxes of slide 'pg'. */
static bool draw_slide(tagger *t, image_cache *images, const page *pg, diag_list *diags)
{
    bool ok = true;
    for (guint j = 0; j < pg->boxes->len; j++)
        ok = draw_box(t, images, g_ptr_array_index(pg->boxes, j), diags) && ok;
    tags_close_to(t, 1);
    return ok;
}

typedef struct slot {
    double x, y, w, h;          /* the slide */
    double nx, ny, nw, nh;      /* its note lines (nw = 0: none) */
} slot;

/* Where the 'k' slides of a sheet go (slides 'sw' × 'sh' points). */
static int sheet_slots(int k, double sw, double sh, slot *out)
{
    const double m = 36, top = 46, bottom = 60, W = SHEET_W, H = SHEET_H;
    double aw = W - 2 * m, ah = H - top - bottom, aspect = sw / sh;
    memset(out, 0, sizeof(slot) * 6);
    if (k == 1) {
        double w = aw, h = w / aspect;
        out[0] = (slot){ m, top, w, h, m, top + h + 30, aw, H - bottom - (top + h + 30) };
        return 1;
    }
    if (k == 2) {
        double h = (ah - 30) / 2, w = h * aspect;
        if (w > aw) {
            w = aw;
            h = w / aspect;
        }
        for (int i = 0; i < 2; i++)
            out[i] = (slot){ (W - w) / 2, top + i * (h + 30), w, h, 0, 0, 0, 0 };
        return 2;
    }
    if (k == 3) {
        /* The lecture layout: slides on the left, lines for notes on the right. */
        double gap = 26, h = (ah - 2 * gap) / 3, w = h * aspect;
        if (w > aw * 0.56) {
            w = aw * 0.56;
            h = w / aspect;
        }
        for (int i = 0; i < 3; i++) {
            double y = top + i * (h + gap);
            out[i] = (slot){ m, y, w, h, m + w + 18, y, aw - w - 18, h };
        }
        return 3;
    }
    int cols = 2, rows = k == 4 ? 2 : 3;
    double gap = 18, w = (aw - gap) / cols, h = w / aspect;
    double vgap = MIN(40, (ah - rows * h) / (rows > 1 ? rows - 1 : 1));
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            out[r * cols + c] = (slot){ m + c * (w + gap), top + r * (h + vgap), w, h, 0, 0, 0, 0 };
    return cols * rows;
}

static void sheet_text(cairo_t *cr, const char *text, double x, double y, double w, PangoAlignment align, guint32 color)
{
    PangoLayout *pl = pango_cairo_create_layout(cr);
    PangoContext *pc = pango_layout_get_context(pl);
    pango_cairo_context_set_resolution(pc, 72);
    pango_context_set_round_glyph_positions(pc, FALSE);
    pango_context_set_language(pc, pango_language_from_string("ja"));
    pango_layout_context_changed(pl);
    PangoFontDescription *fd = pango_font_description_from_string("BIZ UDPGothic 9");
    pango_font_description_set_absolute_size(fd, 9 * PANGO_SCALE);
    pango_layout_set_font_description(pl, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(pl, (int)(w * PANGO_SCALE));
    pango_layout_set_alignment(pl, align);
    pango_layout_set_text(pl, text, -1);
    set_color(cr, color);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, pl);
    g_object_unref(pl);
}

/* Draws sheet 'sheet' (0-based) of 'nsheets': its slides are 'slides'
 * [first, first + k), each scaled into its slot. */
static bool draw_sheet(tagger *t, image_cache *images, const page *const *slides, int nslides, int k, int sheet,
                       int nsheets, double sw, double sh, const pdf_options *o, diag_list *diags)
{
    cairo_t *cr = t->cr;
    slot slots[6];
    int n = sheet_slots(k, sw, sh, slots);
    bool ok = true;
    set_color(cr, 0xFFFFFF);
    cairo_paint(cr);
    for (int i = 0; i < n; i++) {
        int idx = sheet * k + i;
        if (idx >= nslides)
            break;
        slot *sl = &slots[i];
        /* The slide drawn in place, scaled into its slot and clipped to
         * it: text stays text, a photo stays the one image object. (Not
         * through a recording surface: cairo 1.16 leaks a snapshot each
         * time one is painted onto a PDF page.) */
        cairo_save(cr);
        cairo_translate(cr, sl->x, sl->y);
        cairo_scale(cr, sl->w / sw, sl->h / sh);
        cairo_rectangle(cr, 0, 0, sw, sh);
        cairo_clip(cr);
        set_color(cr, 0xFFFFFF);
        cairo_paint(cr);
        tagger rt = { cr, NULL, NULL, false, t->grey, t->decode };
        ok = draw_slide(&rt, images, slides[idx], diags) && ok;
        cairo_restore(cr);
        /* A thin frame, and lines for notes. */
        set_color(cr, 0x8A8F96);
        cairo_set_line_width(cr, 0.6);
        cairo_rectangle(cr, sl->x, sl->y, sl->w, sl->h);
        cairo_stroke(cr);
        if (sl->nw > 0) {
            set_color(cr, 0xB8BCC2);
            cairo_set_line_width(cr, 0.4);
            for (double y = sl->ny + 22; y <= sl->ny + sl->nh + 0.01; y += 22) {
                cairo_move_to(cr, sl->nx, y);
                cairo_line_to(cr, sl->nx + sl->nw, y);
            }
            cairo_stroke(cr);
        }
    }
    char *left = g_strdup_printf("%s — %d / %d", o->sheet_footer ? o->sheet_footer : "", sheet + 1, nsheets);
    double fy = SHEET_H - 40;
    set_color(cr, 0xB8BCC2);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, 36, fy - 4);
    cairo_line_to(cr, SHEET_W - 36, fy - 4);
    cairo_stroke(cr);
    sheet_text(cr, left, 36, fy, (SHEET_W - 72) * 0.7, PANGO_ALIGN_LEFT, 0x444444);
    if (o->sheet_date)
        sheet_text(cr, o->sheet_date, 36 + (SHEET_W - 72) * 0.4, fy, (SHEET_W - 72) * 0.6, PANGO_ALIGN_RIGHT, 0x444444);
    g_free(left);
    return ok;
}

/* Every slide of every part, in order. */
static GPtrArray *all_slides(const pdf_part *parts, int nparts)
{
    GPtrArray *a = g_ptr_array_new();
    for (int p = 0; p < nparts; p++)
        for (guint i = 0; i < parts[p].l->pages->len; i++)
            g_ptr_array_add(a, g_ptr_array_index(parts[p].l->pages, i));
    return a;
}

static bool draw_all(cairo_surface_t *surf, const pdf_part *parts, int nparts, const pdf_meta *meta,
                     const pdf_options *o, diag_list *diags, GPtrArray *alts, GArray **pngs)
{
    set_metadata(surf, meta, o);
    cairo_t *cr = cairo_create(surf);
    image_cache *images = image_cache_new(); /* shared: a photo in two reports is stored once */
    image_cache_set_png_passthrough(images, true); /* pdfpost_amend puts the PNGs' own data in */
    *pngs = image_cache_pngs(images);             /* outlives the cache */
    if (o->image_dpi > 0)
        image_cache_set_downsample(images, o->image_dpi, o->jpeg_quality);
    if (o->grayscale_photos)
        image_cache_set_grayscale(images, true);
    bool ok = true;
    if (o->handout) {
        /* Sheets: no structure tags (a sheet holds parts of several
         * slides); bookmarks lead to the sheets. */
        tagger t = { cr, NULL, alts, false, o->grayscale, false };
        GPtrArray *slides = all_slides(parts, nparts);
        int k = o->handout, nsheets = ((int)slides->len + k - 1) / k;
        double sw = parts[0].l->width_pt, sh = parts[0].l->height_pt;
        int parent = 0;
        /* A failed write (a full disk) puts cairo in an error state: drawing
         * on would only leak (cairo 1.16 allocates patterns it never frees
         * in that state). */
        for (int sheet = 0; sheet < nsheets && cairo_status(cr) == CAIRO_STATUS_SUCCESS; sheet++) {
            char *label = g_strdup_printf("%d", sheet + 1);
            cairo_pdf_surface_set_page_label(surf, label);
            g_free(label);
            for (int i = sheet * k; i < MIN((sheet + 1) * k, (int)slides->len); i++) {
                const page *pg = g_ptr_array_index(slides, i);
                if (!pg->heading)
                    continue;
                char *dest = g_strdup_printf("page=%d pos=[0 0]", sheet + 1);
                if (pg->continued && parent > 0)
                    cairo_pdf_surface_add_outline(surf, parent, pg->heading, dest, 0);
                else
                    parent = cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT, pg->heading, dest, 0);
                g_free(dest);
            }
            ok = draw_sheet(&t, images, (const page *const *)slides->pdata, (int)slides->len, k, sheet, nsheets, sw, sh,
                            o, diags) && ok;
            cairo_show_page(cr);
            image_cache_trim(images);
        }
        g_ptr_array_unref(slides);
        cairo_destroy(cr);
        cairo_surface_finish(surf);
        image_cache_free(images);
        return ok;
    }
    tagger t = { cr, g_ptr_array_new_with_free_func(g_free), alts, true, o->grayscale, false };
    /* One Document element holds everything: cairo 1.16 marks a PDF as
     * tagged (/MarkInfo) only when the first structure tag is a top-level
     * element such as Document. */
    tags_to(&t, NULL);
    for (int p = 0; p < nparts && cairo_status(cr) == CAIRO_STATUS_SUCCESS; p++) {
        const layout *l = parts[p].l;
        int root = CAIRO_PDF_OUTLINE_ROOT, parent = 0;
        if (parts[p].bookmark && l->pages->len > 0) {
            const page *first = g_ptr_array_index(l->pages, 0);
            char *dest = g_strdup_printf("page=%d pos=[0 0]", first->number);
            root = cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT, parts[p].bookmark, dest, 0);
            g_free(dest);
        }
        for (guint i = 0; i < l->pages->len && cairo_status(cr) == CAIRO_STATUS_SUCCESS; i++) {
            const page *pg = g_ptr_array_index(l->pages, i);
            cairo_pdf_surface_set_page_label(surf, pg->label);
            add_outline(surf, pg, root, &parent);
            ok = draw_slide(&t, images, pg, diags) && ok;
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

/*** PNG previews ***/

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int len)
{
    sink *s = closure;
    return write_raw(s, data, len);
}

bool png_render_parts(const pdf_part *parts, int nparts, const pdf_options *o, const char *dir, const char *name,
                      double dpi, int first, int last, diag_list *diags, int *written)
{
    GPtrArray *slides = all_slides(parts, nparts);
    int k = o->handout;
    int nout = k ? ((int)slides->len + k - 1) / k : (int)slides->len;
    double W = k ? SHEET_W : parts[0].l->width_pt, H = k ? SHEET_H : parts[0].l->height_pt;
    double sw = parts[0].l->width_pt, sh = parts[0].l->height_pt;
    int from = MAX(1, first), to = MIN(nout, last > 0 ? last : nout);
    bool ok = true;
    if (written)
        *written = 0;
    /* Every file may be written (none is an input, a folder, a link…),
     * checked before the first is drawn. */
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
    image_cache *images = image_cache_new();
    if (o->grayscale_photos)
        image_cache_set_grayscale(images, true);
    for (int i = from; ok && i <= to; i++) {
        int pw = (int)ceil(W * dpi / 72.0), ph = (int)ceil(H * dpi / 72.0);
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
        cairo_t *cr = cairo_create(img);
        cairo_scale(cr, dpi / 72.0, dpi / 72.0);
        set_color(cr, 0xFFFFFF);
        cairo_paint(cr);
        tagger t = { cr, NULL, NULL, false, o->grayscale, true };
        if (k)
            ok = draw_sheet(&t, images, (const page *const *)slides->pdata, (int)slides->len, k, i - 1, nout, sw, sh, o,
                            diags) && ok;
        else
            ok = draw_slide(&t, images, g_ptr_array_index(slides, i - 1), diags) && ok;
        cairo_destroy(cr);
        char *file = g_strdup_printf("%s/%s-%02d.png", dir, name, i);
        const char *shown = diag_file(diags, file);
        GError *err = NULL;
        outfile *f = ok ? outfile_new(file, &err) : NULL;
        if (f) {
            sink out = { outfile_fd(f), 0, NULL };
            cairo_status_t st = cairo_surface_write_to_png_stream(img, png_write, &out);
            if (st != CAIRO_STATUS_SUCCESS) {
                diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the preview: %s",
                           out.err ? g_strerror(out.err) : cairo_status_to_string(st));
                outfile_abort(f);
                ok = false;
            } else if (!outfile_commit(f, &err)) {
                diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the preview: the file %s", err->message);
                g_clear_error(&err);
                ok = false;
            } else if (written) {
                (*written)++;
            }
        } else if (err) {
            diag_error(diags, (diag_loc){ shown, 0, 0 }, "the preview %s", err->message);
            g_clear_error(&err);
            ok = false;
        }
        cairo_surface_destroy(img);
        g_free(file);
    }
    image_cache_free(images);
    g_ptr_array_unref(slides);
    return ok;
}

/*** Writing: into a file descriptor (a file being made by outfile.c, or
 * a file in memory), then the incremental update that cairo cannot do. ***/

/* Writes the whole PDF into 'fd' (empty, open for reading and writing: the
 * update reads back what cairo wrote). Messages name the output 'shown'. */
static bool render_into(const pdf_part *parts, int nparts, const pdf_meta *meta, const pdf_options *o, int fd,
                        const char *shown, diag_list *diags)
{
    sink s = { fd, 0, g_byte_array_sized_new(SINK_BUFFER) };
    const layout *l0 = parts[0].l;
    /* Handouts: A4 portrait sheets; else the slides' own size. */
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_func, &s, o->handout ? SHEET_W : l0->width_pt,
                                                                o->handout ? SHEET_H : l0->height_pt);
    cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
    GPtrArray *alts = g_ptr_array_new_with_free_func(g_free);
    GArray *pngs = NULL;
    bool drawn = draw_all(surf, parts, nparts, meta, o, diags, alts, &pngs);
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
         * each Figure's /Alt, dates with their D: prefix, the PNGs' own data. */
        pdfpost_info info = { "ja", (const char *const *)alts->pdata, (int)alts->len, true, NULL,
                              (const pdfpost_png *)(void *)pngs->data, (int)pngs->len };
        GError *err = NULL;
        if (!pdfpost_amend(fd, &info, &err)) {
            diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot finish the PDF: %s", err->message);
            g_error_free(err);
            ok = false;
        }
    }
    g_ptr_array_unref(alts);
    g_array_unref(pngs);
    return ok;
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
    const char *shown = strcmp(path, "-") == 0 ? "standard output" : diag_file(diags, path);
    GError *err = NULL;
    outfile *f = outfile_new(path, &err);
    if (!f) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "%s", err->message);
        g_error_free(err);
        return false;
    }
    if (!render_into(parts, nparts, meta, o, outfile_fd(f), shown, diags)) {
        outfile_abort(f);
        return false;
    }
    if (!outfile_commit(f, &err)) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: the file %s", err->message);
        g_error_free(err);
        return false;
    }
    return true;
}

GBytes *pdf_render_to_memory(const layout *l, const doc *dc, const pdf_options *o, diag_list *diags)
{
    int fd = memfd_create("tripreport-pdf", MFD_CLOEXEC);
    if (fd < 0) {
        diag_error(diags, (diag_loc){ "memory", 0, 0 }, "cannot write the PDF: %s", g_strerror(errno));
        return NULL;
    }
    pdf_part part = { l, dc, NULL };
    pdf_meta *m = pdf_meta_of_doc(dc);
    bool ok = render_into(&part, 1, m, o, fd, "memory", diags);
    pdf_meta_free(m);
    GBytes *out = NULL;
    struct stat st;
    if (ok && fstat(fd, &st) == 0) {
        gsize len = (gsize)st.st_size;
        char *buf = g_malloc(len ? len : 1);
        if (infile_pread(fd, buf, len, 0))
            out = g_bytes_new_take(buf, len);
        else
            g_free(buf);
    }
    close(fd);
    return out;
}
