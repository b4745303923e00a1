/* report: trip file -> doc -> layout -> PDF, with the checks between. */
#include "report.h"

#include "build.h"
#include "build_verify.h"
#include "fonts.h"
#include "image_estimate.h"
#include "image_memo.h"
#include "image_verify_pool.h"
#include "input.h"
#include "kv.h"
#include "layout.h"
#include "outfile.h"
#include "render.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#ifndef TRIPREPORT_VERSION
#define TRIPREPORT_VERSION "0.1.0"
#endif

char *report_options_digest(const report_options *o)
{
    GString *s = g_string_new(NULL);
    /* Strings carry their length: no value can run into the next. */
#define APPEND_STR(v)                                                                                            \
    do {                                                                                                         \
        if (v)                                                                                                   \
            g_string_append_printf(s, "%zu:%s", strlen(v), (v));                                                 \
        else                                                                                                     \
            g_string_append(s, "-");                                                                             \
    } while (0)
#define APPEND_BOOL(v) g_string_append_printf(s, "%d", (v) ? 1 : 0)
#define APPEND_INT(v) g_string_append_printf(s, "%d", (v))
#define APPEND_DOUBLE(v) g_string_append_printf(s, "%.17g", (v))
#define REPORT_OPTION_DIGEST(kind, name, what)                                                                   \
    g_string_append(s, #name "=");                                                                               \
    APPEND_##kind(o->name);                                                                                      \
    g_string_append_c(s, ';');
    TRIPREPORT_OUTPUT_OPTIONS(REPORT_OPTION_DIGEST)
#undef REPORT_OPTION_DIGEST
#undef APPEND_STR
#undef APPEND_BOOL
#undef APPEND_INT
#undef APPEND_DOUBLE
    return g_string_free(s, FALSE);
}

char *report_name(const char *trip)
{
    char *base = g_path_get_basename(trip);
    char *name;
    if (g_ascii_strcasecmp(base, "trip.txt") == 0) {
        char *dir = g_path_get_dirname(trip);
        char *abs = g_canonicalize_filename(dir, NULL);
        name = g_path_get_basename(abs);
        g_free(abs);
        g_free(dir);
    } else {
        char *dot = strrchr(base, '.');
        name = dot && dot != base ? g_strndup(base, (gsize)(dot - base)) : g_strdup(base);
    }
    g_free(base);
    return name;
}

unsigned report_build_flags(const report_options *o)
{
    return BUILD_CHECK_FILES | (o->draft ? BUILD_DRAFT : 0) | (o->no_verify_photos ? 0 : BUILD_VERIFY_PHOTOS);
}

doc *report_load(const char *trip, diag_list *d, unsigned flags)
{
    const char *file = diag_file(d, trip);
    char *text = input_read_file(trip, INFILE_TRIP, file, d, NULL);
    if (!text)
        return NULL;
    kv_file *kv = build_parse(text, file, d);
    g_free(text);
    doc *dc = build_doc(kv, d, flags);
    kv_file_free(kv);
    return dc;
}

style *report_style(const doc *dc, const char *option, diag_list *d)
{
    if (option)
        return style_load(option, fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    if (dc->meta.layout)
        return style_load(dc->meta.layout, fonts_data_dir(), dc->dir, dc->meta.layout_loc, d);
    return style_load("default", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
}

gint64 report_epoch(const doc *dc)
{
    const char *sde = g_getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end = NULL;
        gint64 v = g_ascii_strtoll(sde, &end, 10);
        if (end && *end == '\0' && v >= 0)
            return v;
    }
    doc_date dt = dc->meta.date.year ? dc->meta.date : dc->meta.period_end;
    if (!dt.year)
        return 0;
    GTimeZone *tz = g_time_zone_new_offset(9 * 3600);
    GDateTime *t = g_date_time_new(tz, dt.year, dt.month, dt.day, 0, 0, 0);
    gint64 e = t ? g_date_time_to_unix(t) : 0;
    if (t)
        g_date_time_unref(t);
    g_time_zone_unref(tz);
    return e;
}

void report_pdf_options(const report_options *o, const doc *dc, gint64 epoch, pdf_options *out, char ***keep)
{
    memset(out, 0, sizeof(*out));
    out->creator = "tripreport " TRIPREPORT_VERSION;
    out->epoch = o->now ? -1 : epoch;
    out->image_dpi = o->image_dpi;
    out->jpeg_quality = o->jpeg_quality;
    out->grayscale = o->grayscale || o->grayscale_photos;
    out->grayscale_photos = o->grayscale_photos;
    out->keep_photo_metadata = o->keep_photo_metadata;
    out->handout = o->handout;
    char *num = doc_number_label(dc->meta.number);
    char *footer = g_strdup_printf("%s %s", dc->meta.series, num);
    doc_date dt = dc->meta.date.year ? dc->meta.date : dc->meta.period_end;
    char *date = dt.year ? g_strdup_printf("%d年%d月%d日", dt.year, dt.month, dt.day) : g_strdup("");
    g_free(num);
    out->sheet_footer = footer;
    out->sheet_date = date;
    char **k = g_new0(char *, 3);
    k[0] = footer;
    k[1] = date;
    *keep = k;
}

/* The output of 'o' for 'trip' may be written: checked once every input
 * has been read (trip, images, layouts, fonts), before any work. */
static bool check_output(const char *output, const report_options *o, diag_list *d)
{
    GError *err = NULL;
    if (o->png_dir) {
        bool created = false;
        if (!outfile_make_dir(o->png_dir, &created, &err)) {
            diag_error(d, (diag_loc){ diag_file(d, o->png_dir), 0, 0 }, "the folder for the previews %s", err->message);
            g_error_free(err);
            return false;
        }
        if (created)
            diag_note(d, (diag_loc){ diag_file(d, o->png_dir), 0, 0 }, "made this folder for the previews");
        return true;
    }
    if (!outfile_check(output, &err)) {
        diag_error(d, (diag_loc){ *output ? diag_file(d, output) : NULL, 0, 0 }, "the output %s", err->message);
        g_error_free(err);
        return false;
    }
    return true;
}

/* Whether the PDF of 'o' may get the size note: one made on request, to
 * a file, whose photos are not at 150 dpi or less already. */
static bool size_note_wanted(const char *output, const report_options *o)
{
    return o->size_note && strcmp(output, "-") != 0 && !(o->image_dpi > 0 && o->image_dpi <= 150);
}

/* A PDF larger than the design's pdf-size-limit gets a note: its size with
 * --image-dpi 150, from the photos recorded while it was drawn ('est'):
 * the PDF less the photos that would change, plus those photos made at
 * 150 dpi (image_estimate.h; an estimate from pixel counts would miss how
 * well each photo compresses). Nothing when its photos are not sharper. */
static void note_size(const char *output, const style *st, image_estimate *est, diag_list *d)
{
    GStatBuf sb;
    if (g_stat(output, &sb) != 0)
        return;
    double mb = (double)sb.st_size / 1e6, limit = st->pdf_size_limit_mb;
    if (mb <= limit)
        return;
    gint64 size150 = image_estimate_pdf_size(est, output, NULL);
    if (size150 < 0)
        return;
    double mb150 = (double)size150 / 1e6;
    diag_loc at = { diag_file(d, output), 0, 0 };
    if (mb150 < mb * 0.95)
        diag_note(d, at,
                  "the PDF is %.1f MB, more than %g MB (pdf-size-limit of the page design), too large for many e-mail "
                  "systems; with --image-dpi 150 it is %.1f MB",
                  mb, limit, mb150);
    else
        diag_note(d, at,
                  "the PDF is %.1f MB, more than %g MB (pdf-size-limit of the page design); its photos are not "
                  "sharper than 150 dpi, so --image-dpi 150 would not make it smaller",
                  mb, limit);
}

/* Whether the photos of 'dc' read through after the layout (BUILD_VERIFY_LATER)
 * are sure to make the PDF of 'o' larger than the design's limit, so that
 * its size note is sure to be made: photos passed through as they are
 * (no --image-dpi, not in grey), their files' bytes less 64 KB each (the
 * metadata left out) over the limit. Then each is read through in the
 * note's own decode (image_estimate_prepare) rather than twice. */
static bool size_note_sure(const char *output, const report_options *o, const doc *dc, const style *st)
{
    if (!dc || !st || !dc->verify_later || o->dump || o->png_dir || !size_note_wanted(output, o) ||
        o->image_dpi > 0 || o->grayscale_photos)
        return false;
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    double bytes = 0;
    for (guint i = 0; i < dc->verify_later->len; i++) {
        const char *res = g_array_index(dc->verify_later, doc_verify_later, i).res;
        GStatBuf sb;
        if (g_hash_table_add(seen, (gpointer)res) && g_stat(res, &sb) == 0)
            bytes += (double)MAX(0, sb.st_size - 65536);
    }
    g_hash_table_unref(seen);
    return bytes > st->pdf_size_limit_mb * 1e6;
}

/* Hands freed heap memory back to the system: glibc keeps what other
 * threads freed in their arenas otherwise. */
static void memory_give_back(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

static void expect_one(void *data, const char *path, double w_pt, double h_pt, bool cover)
{
    image_estimate_expect(data, path, w_pt, h_pt, cover);
}

/* The note's images of the photos the layout 'l' places, begun on a
 * thread of their own while the PDF is drawn (image_estimate_expect); when
 * that thread was begun before the layout (photos_unread), those it was
 * not given (a photo on a text page) are made before the PDF is put in
 * place (image_estimate_prepare). */
static void expect_photos(image_estimate *est, const layout *l)
{
    layout_images(l, expect_one, est);
    image_estimate_begin(est);
}

static gint early_begun; /* atomic: report_test_early_begun */

int report_test_early_begun(void)
{
    return g_atomic_int_get(&early_begun);
}

/* Whether a photo of 'dc' to be read through after the layout is not
 * known whole from an earlier run (its first render): then the note's
 * images of the photo pages are begun before the text is laid out
 * (layout_early_images), on the core the layout leaves idle, instead of
 * after it. Once every photo is known, so are those images (image_memo):
 * nothing is begun, and nothing laid out twice. */
static bool photos_unread(const doc *dc)
{
    for (guint i = 0; dc->verify_later && i < dc->verify_later->len; i++) {
        GStatBuf sb;
        if (g_stat(g_array_index(dc->verify_later, doc_verify_later, i).res, &sb) != 0)
            continue;
        char *id = image_verify_pool_identity(&sb);
        bool known = image_verify_pool_known_whole(id);
        g_free(id);
        if (!known)
            return true;
    }
    return false;
}

/* What render asks before the PDF is put in place when the size note is
 * sure (size_note_sure): the note's images made, their photos read through
 * in the same decode, the other photos read through on threads, and every
 * damaged one an error at its line: then no PDF. */
typedef struct commit_check {
    doc *dc;
    image_estimate *est;
    diag_list *d;
} commit_check;

static bool photos_whole(void *data)
{
    commit_check *c = data;
    memory_give_back();
    image_estimate_prepare(c->est);
    return build_verify_finish(c->dc, c->d) && !c->d->errors;
}

bool report_render(const char *trip, const char *output, const report_options *o, diag_list *d, int *pages)
{
    if (pages)
        *pages = 0;
    /* An output that cannot be a file ("", "dir/", a missing folder) is
     * refused before anything is read; what depends on the inputs (an
     * input's own name) once they are known, below. */
    if (!o->dump && !o->png_dir && !check_output(output, o, d))
        return false;
    image_memo_load(); /* render, watch: what earlier runs found (image_memo.h) */
    /* The photos are read through (on threads) while the report is laid
     * out: their answers are asked for after the layout, before anything
     * is drawn (build_verify_finish). */
    doc *dc = report_load(trip, d, report_build_flags(o) | BUILD_VERIFY_LATER | BUILD_VERIFY_HOLD);
    style *st = dc && !d->errors ? report_style(dc, o->layout, d) : NULL;
    /* When the size note is sure, the photos are read through with its
     * images, once the PDF is drawn (photos_whole); else now. */
    bool note_sure = size_note_sure(output, o, dc, st);
    if (!note_sure)
        build_verify_begin(dc);
    fonts *f = st ? fonts_new(d) : NULL;
    if (f && !fonts_check_style(f, st, d)) {
        fonts_free(f);
        f = NULL;
    }
    if (f)
        fonts_note_inputs(f, st);
    bool ok = false;
    if (f && !o->dump && !check_output(output, o, d)) {
        fonts_free(f);
        f = NULL;
    }
    /* When the size note is sure, its images of the photo pages are begun
     * now, beside the layout of the text, on a photo's first render. */
    image_estimate *est = f && note_sure && size_note_wanted(output, o) ? image_estimate_new(150, o->jpeg_quality) : NULL;
    if (est && photos_unread(dc)) {
        g_atomic_int_inc(&early_begun);
        layout_early_images(dc, st, f, expect_one, est);
        image_estimate_begin(est);
    }
    if (f) {
        layout *l = layout_run(dc, st, f, d);
        if (!note_sure || d->errors) /* no PDF after errors: the photos' said now, with them */
            build_verify_finish(dc, d);
        /* The photos' reading-through is over: what its threads freed is
         * handed back (glibc keeps it in their arenas otherwise), and again
         * once the PDF is written, before the size note's threads decode
         * photos of their own: 1.2 MiB less at the peak on the sample
         * (median of 15), and no run over 40 MiB. */
        memory_give_back();
        if (pages)
            *pages = (int)l->pages->len;
        if (d->errors) {
            ok = false;
        } else if (o->dump) {
            dump_render(l, o->dump);
            ok = true;
        } else {
            pdf_options po;
            char **keep = NULL;
            report_pdf_options(o, dc, report_epoch(dc), &po, &keep);
            po.style = st;
            po.fonts = f;
            if (o->png_dir) {
                pdf_part part = { l, dc, NULL };
                char *name = report_name(trip);
                int n = 0;
                ok = png_render_parts(&part, 1, &po, o->png_dir, name, o->png_dpi > 0 ? o->png_dpi : 96, o->first_page,
                                      o->last_page, d, &n);
                if (ok && n == 0)
                    diag_warning(d, (diag_loc){ diag_file(d, trip), 0, 0 }, "no page in the range asked for; the report has %u",
                                 l->pages->len);
                g_free(name);
            } else {
                if (!est && size_note_wanted(output, o))
                    est = image_estimate_new(150, o->jpeg_quality);
                po.estimate = est;
                commit_check check = { dc, est, d };
                if (note_sure && est) {
                    po.before_commit = photos_whole;
                    po.before_commit_data = &check;
                    expect_photos(est, l);
                }
                ok = pdf_render(l, dc, &po, output, d);
                if (ok && est) {
                    memory_give_back();
                    note_size(output, st, est, d);
                }
            }
            g_strfreev(keep);
        }
        layout_free(l);
    }
    image_estimate_free(est); /* what its thread had not begun is dropped */
    build_verify_finish(dc, d); /* not laid out or not drawn: every error said all the same */
    image_memo_save();
    fonts_free(f);
    style_free(st);
    doc_free(dc);
    return ok && !d->errors;
}
