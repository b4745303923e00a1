/* render_pdf: the parts' slides (or handout sheets) -> one PDF: cairo's
 * PDF surface through a sink, metadata, page labels, the outline, the
 * structure, then the incremental update of what cairo cannot write. */
#include "render.h"

#include "fonts.h"
#include "layout_pango.h"
#include "layout_ruby.h"
#include "render_boxes.h"
#include "render_handout.h"
#include "render_sink.h"
#include "render_tags.h"
#include "image_estimate.h"
#include "infile.h"
#include "outfile.h"
#include "pdfpost.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/*** Cairo's deflating ***/

/* True while this thread has cairo write a PDF (render_into); the tests'
 * switch (pdf_test_cairo_deflates) and count of streams stored. */
static __thread bool cairo_stores;
static __thread bool test_deflates;
static __thread unsigned test_stored;

/* zlib's deflateInit() (a macro for this function), defined here so that
 * cairo's calls come here: cairo 1.16 deflates every page, font and CMap
 * at zlib's default level and has no way to be told otherwise, and
 * pdfpack inflates each of them and deflates it again (smaller, with
 * libdeflate), never copying cairo's bytes. While cairo writes our PDF its
 * streams are stored, not deflated: the PDF is the same to the byte, and
 * the sample's render does not deflate its fonts twice. Any other caller,
 * or this thread at any other time, gets zlib's deflateInit() itself.
 * Weak: a program that links zlib statically keeps zlib's own, and only
 * loses the time. */
__attribute__((weak)) int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
    bool store = cairo_stores && !test_deflates;
    test_stored += store;
    return deflateInit2_(strm, store ? Z_NO_COMPRESSION : level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                         version, stream_size);
}

unsigned pdf_test_cairo_deflates(bool deflates)
{
    test_deflates = deflates;
    return test_stored;
}

/*** Metadata ***/

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

/*** The outline (bookmarks) ***/

typedef struct outline {
    cairo_surface_t *surf;
    int root;   /* where page bookmarks go: the outline's root or a part's bookmark */
    int parent; /* the last page bookmark that is not a continuation (0: none yet) */
} outline;

/* From now on, page bookmarks go under a new top-level bookmark 'title'
 * leading to PDF page 'dest_page'. */
static void outline_add_part(outline *ol, const char *title, int dest_page)
{
    char *dest = g_strdup_printf("page=%d pos=[0 0]", dest_page);
    ol->root = cairo_pdf_surface_add_outline(ol->surf, CAIRO_PDF_OUTLINE_ROOT, title, dest, 0);
    ol->parent = 0;
    g_free(dest);
}

/* The bookmark of slide 'pg' (none without a heading), leading to PDF
 * page 'dest_page' (the slide itself, or the sheet it is on): a
 * continuation page's under its section's first. */
static void outline_add_slide(outline *ol, const page *pg, int dest_page)
{
    if (!pg->heading)
        return;
    char *dest = g_strdup_printf("page=%d pos=[0 0]", dest_page);
    if (pg->continued && ol->parent > 0)
        cairo_pdf_surface_add_outline(ol->surf, ol->parent, pg->heading, dest, 0);
    else
        ol->parent = cairo_pdf_surface_add_outline(ol->surf, ol->root, pg->heading, dest, 0);
    g_free(dest);
}

/*** Pages ***/

/* A failed write (a full disk) puts cairo in an error state: drawing on
 * would only leak (cairo 1.16 allocates patterns it never frees in that
 * state). */
static bool drawing(cairo_t *cr)
{
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS;
}

/* The slides, each a page, tagged, with their labels and bookmarks; each
 * part's under its own bookmark when it has one. */
static bool draw_slides(cairo_surface_t *surf, cairo_t *cr, const pdf_part *parts, int nparts, image_cache *images,
                        GPtrArray *alts, const pdf_options *o, diag_list *diags)
{
    render_tags *tags = render_tags_new(cr, alts);
    render_target t = { cr, images, tags, o->grayscale, false, diags };
    bool ok = true;
    for (int p = 0; p < nparts && drawing(cr); p++) {
        const layout *l = parts[p].l;
        outline ol = { surf, CAIRO_PDF_OUTLINE_ROOT, 0 };
        if (parts[p].bookmark && l->pages->len > 0)
            outline_add_part(&ol, parts[p].bookmark, ((const page *)g_ptr_array_index(l->pages, 0))->number);
        for (guint i = 0; i < l->pages->len && drawing(cr); i++) {
            const page *pg = g_ptr_array_index(l->pages, i);
            cairo_pdf_surface_set_page_label(surf, pg->label);
            outline_add_slide(&ol, pg, pg->number);
            ok = render_slide_draw(&t, pg) && ok;
            cairo_show_page(cr);
            image_cache_trim(images); /* this page's photos are written */
        }
    }
    render_tags_free(tags);
    return ok;
}

/* Handout sheets, untagged (a sheet holds parts of several slides);
 * bookmarks lead to the sheets. */
static bool draw_sheets(cairo_surface_t *surf, cairo_t *cr, const pdf_part *parts, int nparts, image_cache *images,
                        const pdf_options *o, diag_list *diags)
{
    render_handout *h = render_handout_new(parts, nparts, o);
    render_target t = { cr, images, NULL, o->grayscale, false, diags };
    outline ol = { surf, CAIRO_PDF_OUTLINE_ROOT, 0 };
    bool ok = true;
    for (int sheet = 0; sheet < render_handout_sheets(h) && drawing(cr); sheet++) {
        char *label = g_strdup_printf("%d", sheet + 1);
        cairo_pdf_surface_set_page_label(surf, label);
        g_free(label);
        int n = 0;
        const page *const *slides = render_handout_slides(h, sheet, &n);
        for (int i = 0; i < n; i++)
            outline_add_slide(&ol, slides[i], sheet + 1);
        ok = render_handout_draw(h, &t, sheet) && ok;
        cairo_show_page(cr);
        image_cache_trim(images);
    }
    render_handout_free(h);
    return ok;
}

static bool draw_all(cairo_surface_t *surf, const pdf_part *parts, int nparts, const pdf_meta *meta,
                     const pdf_options *o, diag_list *diags, GPtrArray *alts, GArray **splices)
{
    set_metadata(surf, meta, o);
    cairo_t *cr = cairo_create(surf);
    image_cache *images = image_cache_new(); /* shared: a photo in two reports is stored once */
    image_cache_set_splicing(images, true); /* pdfpost_amend puts the PNGs' own data in */
    *splices = image_cache_splices(images);             /* outlives the cache */
    if (o->image_dpi > 0)
        image_cache_set_downsample(images, o->image_dpi, o->jpeg_quality);
    if (o->grayscale_photos)
        image_cache_set_grayscale(images, true);
    if (o->estimate)
        image_estimate_attach(images, o->estimate);
    /* Metadata out of the JPEGs unless the option or the page design keeps it. */
    image_cache_set_keep_metadata(images, o->keep_photo_metadata || (o->style && o->style->photos.keep_metadata));
    bool ok = o->handout ? draw_sheets(surf, cr, parts, nparts, images, o, diags)
                         : draw_slides(surf, cr, parts, nparts, images, alts, o, diags);
    cairo_destroy(cr);
    /* The surface still refers to the images' data until it is finished. */
    cairo_surface_finish(surf);
    image_cache_free(images);
    return ok;
}

/*** Writing: cairo's PDF into a file in memory (the photos are
 * placeholders there: it stays small), then the PDF written whole into a
 * file descriptor (a file being made by outfile.c, or a file in memory)
 * with what cairo cannot do. ***/

void pdf_text_layouts(const layout *l, GPtrArray *out)
{
    for (guint i = 0; i < l->pages->len; i++) {
        const page *pg = g_ptr_array_index(l->pages, i);
        for (guint j = 0; j < pg->boxes->len; j++) {
            const box *b = g_ptr_array_index(pg->boxes, j);
            if (b->type != BOX_TEXT || !b->pango)
                continue;
            PangoLayout *pl = box_pango_layout(b);
            g_ptr_array_add(out, pl);
            const GArray *marks = layout_ruby_marks(pl);
            for (guint k = 0; marks && k < marks->len; k++)
                g_ptr_array_add(out, g_array_index(marks, layout_ruby, k).reading);
        }
    }
}

/* The glyphs the parts draw first in the maps of the faces cairo embeds
 * (fonts_embedding_prepare). */
static void embedding_prepare(const pdf_part *parts, int nparts)
{
    GPtrArray *layouts = g_ptr_array_new();
    for (int p = 0; p < nparts; p++)
        pdf_text_layouts(parts[p].l, layouts);
    fonts_embedding_prepare(layouts);
    g_ptr_array_unref(layouts);
}

/* Writes the whole PDF into 'fd' (empty, open for writing). Messages name
 * the output 'shown'. */
static bool render_into(const pdf_part *parts, int nparts, const pdf_meta *meta, const pdf_options *o, int fd,
                        const char *shown, diag_list *diags)
{
    int mem = memfd_create("tripreport-cairo", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mem < 0) {
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: %s", g_strerror(errno));
        return false;
    }
    render_sink s;
    render_sink_init(&s, mem, true);
    const layout *l0 = parts[0].l;
    /* Handouts: A4 portrait sheets; else the slides' own size. */
    cairo_surface_t *surf =
        cairo_pdf_surface_create_for_stream(render_sink_write, &s, o->handout ? RENDER_SHEET_W_PT : l0->width_pt,
                                            o->handout ? RENDER_SHEET_H_PT : l0->height_pt);
    cairo_pdf_surface_restrict_to_version(surf, CAIRO_PDF_VERSION_1_5);
    GPtrArray *alts = g_ptr_array_new_with_free_func(g_free);
    GArray *splices = NULL;
    embedding_prepare(parts, nparts);
    cairo_stores = true;
    bool drawn = draw_all(surf, parts, nparts, meta, o, diags, alts, &splices);
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    cairo_stores = false;
    if (render_sink_flush(&s) != CAIRO_STATUS_SUCCESS && st == CAIRO_STATUS_SUCCESS)
        st = CAIRO_STATUS_WRITE_ERROR;
    render_sink_clear(&s);

    bool ok = drawn && st == CAIRO_STATUS_SUCCESS && s.err == 0;
    if (!ok && drawn)
        diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: %s",
                   s.err ? g_strerror(s.err) : cairo_status_to_string(st));
    if (ok) {
        /* Cairo's file is finished: sealed, it can be read from memory. */
        (void)fcntl(mem, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
        /* The PDF whole (pdfpost_pack), with what cairo 1.16 cannot write:
         * /Lang, each Figure's /Alt, dates with their D: prefix, the
         * photos' and PNGs' own data. */
        pdfpost_info info = { "ja", (const char *const *)alts->pdata, (int)alts->len, true, NULL,
                              (const pdfpost_image *)(void *)splices->data, (int)splices->len };
        GError *err = NULL;
        /* The photos' bytes handed to the disk as they are copied, by a
         * thread of its own: the fsync before the rename finds them on
         * their way, and this thread does not wait for the kernel. */
        render_kicker *kicker = render_kicker_start(fd);
        bool packed = pdfpost_pack(mem, fd, &info, &err);
        bool kicked = render_kicker_stop(kicker) > 0;
        if (!packed) {
            if (g_error_matches(err, PDFPOST_ERROR, PDFPOST_ERROR_WRITE)) /* most of the photos' bytes go now */
                diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot write the PDF: %s", err->message);
            else
                diag_error(diags, (diag_loc){ shown, 0, 0 }, "cannot finish the PDF: %s", err->message);
            g_error_free(err);
            ok = false;
        }
        if (ok && !kicked) { /* the photos' bytes: to the disk while the rest is done */
            render_sink out;
            render_sink_init(&out, fd, false);
            render_sink_kick_rest(&out);
            render_sink_clear(&out);
        }
    }
    close(mem);
    g_ptr_array_unref(alts);
    g_array_unref(splices);
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
    if (!render_into(parts, nparts, meta, o, outfile_fd(f), shown, diags) ||
        (o->before_commit && !o->before_commit(o->before_commit_data))) {
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
