/* tripreport: the public interface (include/tripreport.h) over the
 * pipeline's stages: handles that own a stage's result, diagnostics as
 * data, GError for the one-sentence reason an operation failed. */
#include "tripreport.h"

#include "batch.h"
#include "build.h"
#include "diag.h"
#include "fonts.h"
#include "i18n.h"
#include "layout.h"
#include "outfile.h"
#include "render.h"
#include "report.h"
#include "style.h"
#include "volume.h"

#include <string.h>

#ifndef TRIPREPORT_VERSION
#define TRIPREPORT_VERSION "0.2.0"
#endif

G_DEFINE_QUARK(tripreport-error-quark, tripreport_error)

const char *tripreport_version(void)
{
    return TRIPREPORT_VERSION;
}

/*** Diagnostics: a diag_list behind a public handle ***/

struct tripreport_diagnostics {
    diag_list *list; /* owned */
};

tripreport_diagnostics *tripreport_diagnostics_new(void)
{
    tripreport_diagnostics *d = g_new0(tripreport_diagnostics, 1);
    d->list = diag_list_new();
    return d;
}

void tripreport_diagnostics_free(tripreport_diagnostics *d)
{
    if (!d)
        return;
    diag_list_free(d->list);
    g_free(d);
}

guint tripreport_diagnostics_count(const tripreport_diagnostics *d)
{
    return d->list->msgs->len;
}

int tripreport_diagnostics_errors(const tripreport_diagnostics *d)
{
    return d->list->errors;
}

int tripreport_diagnostics_warnings(const tripreport_diagnostics *d)
{
    return d->list->warnings;
}

static tripreport_severity severity_of(diag_severity s)
{
    switch (s) {
    case DIAG_WARNING: return TRIPREPORT_SEVERITY_WARNING;
    case DIAG_ERROR: return TRIPREPORT_SEVERITY_ERROR;
    case DIAG_NOTE: return TRIPREPORT_SEVERITY_NOTE;
    case DIAG_NONE: break;
    }
    return TRIPREPORT_SEVERITY_NONE;
}

bool tripreport_diagnostics_get(const tripreport_diagnostics *d, guint i, tripreport_diagnostic *out)
{
    g_return_val_if_fail(d != NULL && out != NULL, false);
    if (i >= d->list->msgs->len)
        return false;
    const diag_msg *m = g_ptr_array_index(d->list->msgs, i);
    *out = (tripreport_diagnostic){ severity_of(m->severity), m->loc.file, m->loc.line, m->loc.col, m->text };
    return true;
}

char *tripreport_diagnostic_format(const tripreport_diagnostic *m)
{
    g_return_val_if_fail(m != NULL, NULL);
    diag_severity s = m->severity == TRIPREPORT_SEVERITY_ERROR     ? DIAG_ERROR
                      : m->severity == TRIPREPORT_SEVERITY_WARNING ? DIAG_WARNING
                                                                   : DIAG_NOTE;
    diag_msg dm = { s, { m->file, m->line, m->column }, (char *)m->message };
    return diag_format(&dm);
}

void tripreport_diagnostics_print(const tripreport_diagnostics *d, FILE *out, int cap)
{
    diag_print(d->list, out, cap);
}

void tripreport_diagnostics_add(tripreport_diagnostics *d, tripreport_severity severity, const char *file, int line,
                                int column, const char *message)
{
    diag_loc loc = { file ? diag_file(d->list, file) : NULL, line, column };
    if (severity == TRIPREPORT_SEVERITY_ERROR)
        diag_error(d->list, loc, "%s", message);
    else if (severity == TRIPREPORT_SEVERITY_WARNING)
        diag_warning(d->list, loc, "%s", message);
    else
        diag_note(d->list, loc, "%s", message);
}

/* The list to add to: the caller's, or a scratch one (freed by the caller
 * of this with scratch_done()). */
static diag_list *list_of(tripreport_diagnostics *d, diag_list **scratch)
{
    *scratch = d ? NULL : diag_list_new();
    return d ? d->list : *scratch;
}

/*** Options ***/

void tripreport_options_init(tripreport_options *o)
{
    memset(o, 0, sizeof *o);
    o->jpeg_quality = 85;
    o->png_dpi = 96;
}

char *tripreport_options_digest(const tripreport_options *o)
{
    report_options ro = { 0 };
#define COPY_OPTION(kind, name, what) ro.name = o->name;
    TRIPREPORT_OUTPUT_OPTIONS(COPY_OPTION)
#undef COPY_OPTION
    return report_options_digest(&ro);
}

/* The internal options for 'o' (NULL: the defaults), every listed field
 * copied. */
static report_options internal_options(const tripreport_options *o)
{
    tripreport_options def;
    if (!o) {
        tripreport_options_init(&def);
        o = &def;
    }
    report_options ro = { 0 };
#define COPY_OPTION(kind, name, what) ro.name = o->name;
    TRIPREPORT_OUTPUT_OPTIONS(COPY_OPTION)
#undef COPY_OPTION
    return ro;
}

/*** One report ***/

struct tripreport_report {
    char *trip;         /* the trip file as given */
    report_options o;   /* strings borrowed from the caller */
    doc *dc;            /* owned */
    style *st;          /* owned */
    fonts *f;           /* owned */
};

struct tripreport_layout {
    const tripreport_report *r; /* borrowed */
    layout *l;                  /* owned */
};

static void set_input_error(GError **error, const diag_list *d, const char *what)
{
    g_set_error(error, TRIPREPORT_ERROR, TRIPREPORT_ERROR_INPUT, "%s has %d error%s", what, d->errors,
                d->errors == 1 ? "" : "s");
}

tripreport_report *tripreport_report_load(const char *trip, const tripreport_options *o,
                                          tripreport_diagnostics *diags, GError **error)
{
    g_return_val_if_fail(trip != NULL, NULL);
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    int before = d->errors;
    tripreport_report *r = g_new0(tripreport_report, 1);
    r->trip = g_strdup(trip);
    r->o = internal_options(o);
    r->dc = report_load(trip, d, report_build_flags(&r->o));
    if (r->dc && d->errors == before)
        r->st = report_style(r->dc, r->o.layout, d);
    if (r->st)
        r->f = fonts_new(d);
    bool fonts_ok = r->f && fonts_check_style(r->f, r->st, d);
    if (fonts_ok)
        fonts_note_inputs(r->f, r->st);
    if (d->errors > before || !fonts_ok) {
        if (r->st && !fonts_ok)
            g_set_error(error, TRIPREPORT_ERROR, TRIPREPORT_ERROR_FONTS, "the page design's fonts cannot be used");
        else
            set_input_error(error, d, trip);
        tripreport_report_free(r);
        r = NULL;
    }
    diag_list_free(scratch);
    return r;
}

void tripreport_report_free(tripreport_report *r)
{
    if (!r)
        return;
    fonts_free(r->f);
    style_free(r->st);
    doc_free(r->dc);
    g_free(r->trip);
    g_free(r);
}

char *tripreport_report_name(const char *trip)
{
    return report_name(trip);
}

tripreport_layout *tripreport_layout_new(tripreport_report *r, tripreport_diagnostics *diags, GError **error)
{
    g_return_val_if_fail(r != NULL, NULL);
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    int before = d->errors;
    layout *l = layout_run(r->dc, r->st, r->f, d);
    tripreport_layout *tl = NULL;
    if (d->errors > before) {
        set_input_error(error, d, r->trip);
        layout_free(l);
    } else {
        tl = g_new0(tripreport_layout, 1);
        tl->r = r;
        tl->l = l;
    }
    diag_list_free(scratch);
    return tl;
}

void tripreport_layout_free(tripreport_layout *l)
{
    if (!l)
        return;
    layout_free(l->l);
    g_free(l);
}

guint tripreport_layout_page_count(const tripreport_layout *l)
{
    return l->l->pages->len;
}

/* pdf_options of a laid-out report; '*keep' owns their strings. */
static void options_for(const tripreport_layout *l, pdf_options *po, char ***keep)
{
    report_pdf_options(&l->r->o, l->r->dc, report_epoch(l->r->dc), po, keep);
    po->style = l->r->st; /* handout sheets: the design's fonts and colours */
    po->fonts = l->r->f;
}

static void set_output_error(GError **error, const char *path)
{
    g_set_error(error, TRIPREPORT_ERROR, TRIPREPORT_ERROR_OUTPUT, "%s could not be written", path);
}

bool tripreport_render_pdf(const tripreport_layout *l, const char *path, tripreport_diagnostics *diags,
                           GError **error)
{
    g_return_val_if_fail(l != NULL && path != NULL, false);
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    pdf_options po;
    char **keep = NULL;
    options_for(l, &po, &keep);
    bool ok = pdf_render(l->l, l->r->dc, &po, path, d);
    g_strfreev(keep);
    if (!ok)
        set_output_error(error, path);
    diag_list_free(scratch);
    return ok;
}

GBytes *tripreport_render_pdf_data(const tripreport_layout *l, tripreport_diagnostics *diags, GError **error)
{
    g_return_val_if_fail(l != NULL, NULL);
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    pdf_options po;
    char **keep = NULL;
    options_for(l, &po, &keep);
    GBytes *b = pdf_render_to_memory(l->l, l->r->dc, &po, d);
    g_strfreev(keep);
    if (!b)
        set_output_error(error, "the PDF");
    diag_list_free(scratch);
    return b;
}

bool tripreport_render_png(const tripreport_layout *l, int *written, tripreport_diagnostics *diags, GError **error)
{
    g_return_val_if_fail(l != NULL && l->r->o.png_dir != NULL, false);
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    pdf_options po;
    char **keep = NULL;
    options_for(l, &po, &keep);
    pdf_part part = { l->l, l->r->dc, NULL };
    char *name = report_name(l->r->trip);
    const report_options *o = &l->r->o;
    bool ok = png_render_parts(&part, 1, &po, o->png_dir, name, o->png_dpi > 0 ? o->png_dpi : 96, o->first_page,
                               o->last_page, d, written);
    g_free(name);
    g_strfreev(keep);
    if (!ok)
        set_output_error(error, o->png_dir);
    diag_list_free(scratch);
    return ok;
}

void tripreport_render_dump(const tripreport_layout *l, FILE *out)
{
    dump_render(l->l, out);
}

bool tripreport_render_file(const char *trip, const char *output, const tripreport_options *o,
                            tripreport_diagnostics *diags, int *pages, GError **error)
{
    g_return_val_if_fail(trip != NULL && output != NULL, false);
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    report_options ro = internal_options(o);
    ro.size_note = true; /* one report made on request: say when it is too large to send */
    bool ok = report_render(trip, output, &ro, d, pages);
    if (!ok && d->errors)
        set_input_error(error, d, trip);
    else if (!ok)
        set_output_error(error, output);
    diag_list_free(scratch);
    return ok;
}

/*** The series ***/

char **tripreport_find_reports(const char *const *args, int n, tripreport_diagnostics *diags)
{
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    char **found = batch_find((char **)args, n, d);
    diag_list_free(scratch);
    return found;
}

tripreport_batch_result tripreport_batch_run(char **trips, const tripreport_batch_options *o)
{
    batch_options bo = { o->outdir, o->jobs > 0 ? o->jobs : 1, o->force, internal_options(&o->report),
                         o->progress ? o->progress : stderr };
    batch_result r = batch_run(trips, &bo);
    tripreport_batch_result out = { r.rendered, r.skipped,     r.failed,      r.not_started,
                                    r.pages,    r.seconds,     r.interrupted, r.refused };
    return out;
}

bool tripreport_volume_render(char **trips, const char *output, const tripreport_options *o,
                              tripreport_diagnostics *diags, tripreport_volume_result *result, GError **error)
{
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    report_options ro = internal_options(o);
    volume_result vr = { 0 };
    bool ok = trips && trips[0] && volume_render(trips, output, &ro, d, &vr);
    if (result)
        *result = (tripreport_volume_result){ vr.reports, vr.left_out, vr.pages };
    if (!ok)
        set_input_error(error, d, "the volume");
    diag_list_free(scratch);
    return ok;
}

/*** Fonts, folders ***/

const char *tripreport_data_dir(void)
{
    return fonts_data_dir();
}

void tripreport_locale_init(void)
{
    i18n_locale_init();
}

const char *tripreport_locale_dir(void)
{
    return i18n_locale_dir();
}

bool tripreport_fonts_list(const char *trip, const char *layout_name, FILE *out, tripreport_diagnostics *diags,
                           GError **error)
{
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    int before = d->errors;
    doc *dc = trip ? report_load(trip, d, BUILD_DRAFT) : NULL;
    style *st = NULL;
    if (dc)
        st = report_style(dc, layout_name, d);
    else if (!trip)
        st = style_load(layout_name ? layout_name : "default", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    fonts *f = st ? fonts_new(d) : NULL;
    if (f) {
        fonts_list(f, st, out);
        fonts_check_style(f, st, d);
    }
    fonts_free(f);
    style_free(st);
    doc_free(dc);
    bool ok = d->errors == before;
    if (!ok)
        set_input_error(error, d, trip ? trip : "the page design");
    diag_list_free(scratch);
    return ok;
}

bool tripreport_output_folder(const char *dir, tripreport_diagnostics *diags, GError **error)
{
    diag_list *scratch;
    diag_list *d = list_of(diags, &scratch);
    bool created = false;
    GError *err = NULL;
    bool ok = outfile_make_dir(dir, &created, &err);
    if (!ok) {
        diag_error(d, (diag_loc){ diag_file(d, dir), 0, 0 }, "the output folder %s", err->message);
        g_set_error(error, TRIPREPORT_ERROR, TRIPREPORT_ERROR_OUTPUT, "the output folder %s %s", dir, err->message);
        g_error_free(err);
    } else if (created) {
        diag_note(d, (diag_loc){ diag_file(d, dir), 0, 0 }, "made this folder for the output");
    }
    diag_list_free(scratch);
    return ok;
}
