/* main: the command line, a client of libtripreport (tripreport.h), and
 * of cmd.h for the `new` and `watch` commands. Reads options, calls the library, prints the diagnostics
 * and chooses the exit code (0 ok, 1 bad input or render failure, 2
 * usage). */
#include "tripreport.h"

#define GETTEXT_PACKAGE "tripreport"
#include <glib/gi18n-lib.h>
#include "cmd.h" /* new and watch: library modules of their own */

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_BAD = 1, EXIT_USAGE = 2 };
#define DIAG_CAP 20

/* Every text the user reads is marked _() (or N_() where it is stored) and
 * translated from po/ (see the Makefile's "messages"); each
 * GOptionContext gets g_option_context_set_translation_domain() and its
 * entries add_main_entries(..., GETTEXT_PACKAGE), so that its summary and
 * option descriptions are translated (tests/po/check.sh checks both). */
static const char *const usage_text = N_(
    "Usage: tripreport COMMAND [OPTION…] TRIP\n"
    "\n"
    "Turns a trip file (see docs/trip-format.md) into the report's PDF.\n"
    "\n"
    "Commands:\n"
    "  render TRIP [-o OUT.pdf] [--layout NAME|PATH] [--draft] [--image-dpi N] [--dump]\n"
    "              [--handout 1|2|3|4|6] [--grayscale] [--png DIR [--dpi N] [--pages A-B]]\n"
    "                             write the PDF (default: out/<name>.pdf, where <name> is\n"
    "                             the trip's folder for …/<name>/trip.txt)\n"
    "  check TRIP                 read and check the trip file; write nothing\n"
    "  new DIR [--from TRIP]      make the next report's folder: DIR/trip.txt (from the\n"
    "                             previous report: the highest-numbered one beside DIR)\n"
    "                             and DIR/photos/\n"
    "  watch TRIP [render options]\n"
    "                             render, then again each time the trip, a photo or the\n"
    "                             layout is saved; Ctrl-C stops\n"
    "  batch [DIR|TRIP…] [-o OUTDIR] [-j N] [--force]\n"
    "                             render every report below DIR (default: samples) into\n"
    "                             OUTDIR (default: out), skipping those whose inputs have\n"
    "                             not changed; one process a report, N at once\n"
    "  volume [DIR|TRIP…] [-o OUT.pdf]\n"
    "                             the series as one volume: contents, every report in\n"
    "                             series order, pages numbered through (default: out/series.pdf)\n"
    "  fonts [TRIP] [--layout NAME|PATH]\n"
    "                             the face and file each role of the page design resolves to\n"
    "\n"
    "  tripreport COMMAND --help  the options of a command\n"
    "  tripreport --version       the version\n"
    "\n"
    "Exit status: 0 done, 1 the trip has errors or the PDF could not be written, 2 usage.\n");

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "tripreport: ");
    fprintf(stderr, _(fmt), arg);
    fprintf(stderr, "\n%s\n", _("Try 'tripreport --help'."));
    return EXIT_USAGE;
}

/* out/<name>.pdf for samples/<name>/trip.txt, else out/<basename>.pdf. */
static char *default_output(const char *trip)
{
    char *name = tripreport_report_name(trip);
    char *out = g_strdup_printf("out/%s.pdf", name);
    g_free(name);
    return out;
}

static int finish(tripreport_diagnostics *d, int code)
{
    tripreport_diagnostics_print(d, stderr, DIAG_CAP);
    if (tripreport_diagnostics_errors(d) && code == EXIT_OK)
        code = EXIT_BAD;
    tripreport_diagnostics_free(d);
    return code;
}

/* The last line of a render: "out/018-aizu.pdf: 9 pages, 24.8 MB" or
 * "…: 2 pages, 350 kB" (on
 * standard error, after the messages: standard output may be the PDF). */
static void print_summary(const char *pdf, int pages)
{
    GStatBuf sb;
    char *size = cmd_size_text(g_stat(pdf, &sb) == 0 ? (gint64)sb.st_size : 0);
    if (pages == 1)
        fprintf(stderr, _("%s: %d page, %s\n"), pdf, pages, size);
    else
        fprintf(stderr, _("%s: %d pages, %s\n"), pdf, pages, size);
    g_free(size);
}

static int cmd_check(int argc, char **argv)
{
    char *layout_opt = NULL;
    gboolean draft = FALSE;
    GOptionEntry entries[] = {
        { "layout", 'l', 0, G_OPTION_ARG_STRING, &layout_opt, N_("Check with this page design (a name in layouts/ or a path)"), "NAME|PATH" },
        { "draft", 0, 0, G_OPTION_ARG_NONE, &draft, N_("Treat unusable photos as warnings (render draws placeholders)"), NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new(N_("TRIP — read and check a trip file"));
    g_option_context_set_translation_domain(oc, GETTEXT_PACKAGE);
    g_option_context_add_main_entries(oc, entries, GETTEXT_PACKAGE);
    GError *err = NULL;
    if (!g_option_context_parse(oc, &argc, &argv, &err)) {
        int r = usage_error("%s", err->message);
        g_error_free(err);
        g_option_context_free(oc);
        return r;
    }
    g_option_context_free(oc);
    if (argc != 2) {
        g_free(layout_opt);
        return usage_error("%s", argc < 2 ? _("check needs a trip file") : _("check takes one trip file"));
    }
    tripreport_diagnostics *d = tripreport_diagnostics_new();
    tripreport_options o;
    tripreport_options_init(&o);
    o.layout = layout_opt;
    o.draft = draft;
    /* The pages are laid out too (and thrown away): what cannot be shown
     * (text too long for its place, a character no font has) is found by
     * check as by render. */
    tripreport_report *r = tripreport_report_load(argv[1], &o, d, NULL);
    if (r)
        tripreport_layout_free(tripreport_layout_new(r, d, NULL));
    tripreport_report_free(r);
    g_free(layout_opt);
    if (!tripreport_diagnostics_errors(d) && !tripreport_diagnostics_warnings(d))
        printf(_("%s: no problems found\n"), argv[1]);
    return finish(d, EXIT_OK);
}

/*** Options shared by render, batch and volume ***/

typedef struct report_cli {
    char *layout, *png, *pages;
    gboolean draft, now, grayscale, grayscale_photos, keep_photo_metadata, no_verify_photos;
    int image_dpi, jpeg_quality, handout, dpi;
} report_cli;

static void add_report_entries(GOptionContext *oc, report_cli *rc, bool previews)
{
    rc->jpeg_quality = 85;
    rc->dpi = 0; /* not given: 96; given without --png: a usage error */
    GOptionEntry entries[] = {
        { "layout", 'l', 0, G_OPTION_ARG_STRING, &rc->layout, N_("Use this page design: a name in layouts/ (default, print) or a path"), "NAME|PATH" },
        { "draft", 0, 0, G_OPTION_ARG_NONE, &rc->draft, N_("Draw a labelled placeholder for a missing or unusable photo (a warning, not an error)"), NULL },
        { "no-verify-photos", 0, 0, G_OPTION_ARG_NONE, &rc->no_verify_photos, N_("Do not read each JPEG photo's picture data through to find damage before the PDF is made (check always does)"), NULL },
        { "now", 0, 0, G_OPTION_ARG_NONE, &rc->now, N_("Date the PDF now (default: the trip's date, or SOURCE_DATE_EPOCH)"), NULL },
        { "image-dpi", 0, 0, G_OPTION_ARG_INT, &rc->image_dpi, N_("Downsample photos sharper than N dpi at their size on the page (for sharing); default: photos pass through untouched"), "N" },
        { "jpeg-quality", 0, 0, G_OPTION_ARG_INT, &rc->jpeg_quality, N_("JPEG quality of downsampled or grey photos, 1-100 (default 85)"), "Q" },
        { "handout", 0, 0, G_OPTION_ARG_INT, &rc->handout, N_("Print handouts: 1, 2, 3 (with note lines), 4 or 6 slides on each A4 portrait sheet"), "K" },
        { "grayscale", 0, 0, G_OPTION_ARG_NONE, &rc->grayscale, N_("Text, fills and rules in grey, for toner-saving prints"), NULL },
        { "grayscale-photos", 0, 0, G_OPTION_ARG_NONE, &rc->grayscale_photos, N_("Photos in grey too (implies --grayscale)"), NULL },
        { "keep-photo-metadata", 0, 0, G_OPTION_ARG_NONE, &rc->keep_photo_metadata, N_("Keep the photos' metadata (EXIF: GPS position, camera serial, thumbnail; XMP…) in the PDF, for an archive; default: removed"), NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    g_option_context_add_main_entries(oc, entries, GETTEXT_PACKAGE);
    if (previews) {
        GOptionEntry more[] = {
            { "png", 0, 0, G_OPTION_ARG_FILENAME, &rc->png, N_("Write PNG previews of the pages (or sheets) into DIR instead of a PDF"), "DIR" },
            { "dpi", 0, 0, G_OPTION_ARG_INT, &rc->dpi, N_("Resolution of the previews (default 96)"), "N" },
            { "pages", 0, 0, G_OPTION_ARG_STRING, &rc->pages, N_("Previews of these pages (or sheets) only: 3, 3-5, 3-"), "A-B" },
            { NULL, 0, 0, 0, NULL, NULL, NULL },
        };
        g_option_context_add_main_entries(oc, more, GETTEXT_PACKAGE);
    }
}

static void report_cli_clear(report_cli *rc)
{
    g_free(rc->layout);
    g_free(rc->png);
    g_free(rc->pages);
}

/* Checks the values; fills 'ro'. NULL if fine, else the usage message. */
static const char *report_cli_options(const report_cli *rc, tripreport_options *ro)
{
    tripreport_options_init(ro);
    if (rc->image_dpi < 0 || rc->image_dpi > 2400)
        return _("--image-dpi takes a resolution from 1 to 2400");
    if (rc->jpeg_quality < 1 || rc->jpeg_quality > 100)
        return _("--jpeg-quality takes a number from 1 to 100");
    if (rc->handout != 0 && rc->handout != 1 && rc->handout != 2 && rc->handout != 3 && rc->handout != 4 && rc->handout != 6)
        return _("--handout takes 1, 2, 3, 4 or 6 (slides on each sheet)");
    if (rc->dpi != 0 && (rc->dpi < 10 || rc->dpi > 1200))
        return _("--dpi takes a resolution from 10 to 1200");
    if (rc->dpi != 0 && !rc->png)
        return _("--dpi goes with --png (the resolution of the previews)");
    ro->layout = rc->layout;
    ro->draft = rc->draft;
    ro->no_verify_photos = rc->no_verify_photos;
    ro->now = rc->now;
    ro->image_dpi = rc->image_dpi;
    ro->jpeg_quality = rc->jpeg_quality;
    ro->handout = rc->handout;
    ro->grayscale = rc->grayscale;
    ro->grayscale_photos = rc->grayscale_photos;
    ro->keep_photo_metadata = rc->keep_photo_metadata;
    ro->png_dir = rc->png;
    ro->png_dpi = rc->dpi ? rc->dpi : 96;
    if (rc->pages) {
        int a = 0, b = 0, n = 0;
        if (sscanf(rc->pages, "%d-%d%n", &a, &b, &n) == 2 && rc->pages[n] == '\0' && a >= 1 && b >= a) {
            ro->first_page = a;
            ro->last_page = b;
        } else if (sscanf(rc->pages, "%d-%n", &a, &n) == 1 && n > 0 && rc->pages[n] == '\0' && a >= 1) {
            ro->first_page = a;
        } else if (sscanf(rc->pages, "%d%n", &a, &n) == 1 && rc->pages[n] == '\0' && a >= 1) {
            ro->first_page = ro->last_page = a;
        } else {
            return _("--pages takes a page or a range: 3, 3-5 or 3-");
        }
        if (!rc->png)
            return _("--pages goes with --png");
    }
    return NULL;
}

/* Parses options; 2 (usage) after printing the reason, else -1. */
static int parse_or_usage(GOptionContext *oc, int *argc, char ***argv)
{
    GError *err = NULL;
    if (!g_option_context_parse(oc, argc, argv, &err)) {
        int r = usage_error("%s", err->message);
        g_error_free(err);
        return r;
    }
    return -1;
}

/* Parses a report command's options ('own' and the shared ones) and
 * checks their values into 'ro'. Returns -1 when fine, else the usage exit
 * code after printing why. */
static int parse_report_command(const char *summary, const GOptionEntry *own, report_cli *rc, bool previews,
                                int *argc, char ***argv, tripreport_options *ro)
{
    GOptionContext *oc = g_option_context_new(summary);
    g_option_context_set_translation_domain(oc, GETTEXT_PACKAGE);
    g_option_context_add_main_entries(oc, own, GETTEXT_PACKAGE);
    add_report_entries(oc, rc, previews);
    int code = parse_or_usage(oc, argc, argv);
    g_option_context_free(oc);
    const char *bad = code < 0 ? report_cli_options(rc, ro) : NULL;
    return bad ? usage_error("%s", bad) : code;
}

static int cmd_render(int argc, char **argv)
{
    char *output = NULL;
    gboolean dump = FALSE;
    report_cli rc = { 0 };
    GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the PDF to FILE ('-' for standard output)"), "FILE" },
        { "dump", 0, 0, G_OPTION_ARG_NONE, &dump, N_("Print the laid-out boxes as text instead of writing a PDF"), NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    tripreport_options ro;
    int code = parse_report_command(N_("TRIP — write the report's PDF"), entries, &rc, true, &argc, &argv, &ro);
    if (code < 0 && argc != 2)
        code = usage_error("%s", argc < 2 ? _("render needs a trip file") : _("render takes one trip file"));
    if (code >= 0) {
        report_cli_clear(&rc);
        g_free(output);
        return code;
    }
    const char *trip = argv[1];
    tripreport_diagnostics *d = tripreport_diagnostics_new();
    bool ok = true;
    if (dump) {
        tripreport_report *r = tripreport_report_load(trip, &ro, d, NULL);
        tripreport_layout *l = r ? tripreport_layout_new(r, d, NULL) : NULL;
        if (l)
            tripreport_render_dump(l, stdout);
        ok = l != NULL;
        tripreport_layout_free(l);
        tripreport_report_free(r);
    } else {
        if (!output && !ro.png_dir) {
            /* The default, out/<name>.pdf: out/ is ours to make. */
            output = default_output(trip);
            ok = tripreport_output_folder("out", d, NULL);
        }
        int pages = 0;
        cmd_remember_photos();
        ok = ok && tripreport_render_file(trip, output ? output : "-", &ro, d, &pages, NULL);
        if (ok && !ro.png_dir && strcmp(output, "-") != 0) {
            code = finish(d, EXIT_OK);
            print_summary(output, pages);
            report_cli_clear(&rc);
            g_free(output);
            return code;
        }
    }
    report_cli_clear(&rc);
    g_free(output);
    return finish(d, ok ? EXIT_OK : EXIT_BAD);
}

/* -j2 as make writes it: GOption wants -j 2. Returns a new argv in 'keep'
 * (GOption rearranges the array it parses, so it gets a copy of the
 * pointers and 'keep' frees each string once). */
static char **expand_j(int *argc, char **argv, GPtrArray **keep)
{
    GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < *argc; i++) {
        if (i > 0 && g_str_has_prefix(argv[i], "-j") && argv[i][2] && g_ascii_isdigit(argv[i][2])) {
            g_ptr_array_add(args, g_strdup("-j"));
            g_ptr_array_add(args, g_strdup(argv[i] + 2));
        } else {
            g_ptr_array_add(args, g_strdup(argv[i]));
        }
    }
    g_ptr_array_add(args, NULL);
    *argc = (int)args->len - 1;
    char **view = g_memdup2(args->pdata, sizeof(char *) * args->len);
    g_ptr_array_add(args, view);
    *keep = args;
    return view;
}

static int cmd_batch(int argc, char **argv)
{
    char *outdir = NULL;
    int jobs = 0;
    gboolean force = FALSE;
    report_cli rc = { 0 };
    GPtrArray *keep = NULL;
    argv = expand_j(&argc, argv, &keep);
    GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir, N_("Write the PDFs into DIR (default: out)"), "DIR" },
        { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Render N reports at once (default: the number of cores)"), "N" },
        { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Render every report, also those whose inputs have not changed"), NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    tripreport_options ro;
    int code = parse_report_command(N_("[DIR|TRIP…] — render every report (default: samples)"), entries, &rc, false, &argc,
                                    &argv, &ro);
    if (code < 0 && (jobs < 0 || jobs > 256))
        code = usage_error("%s", _("-j takes 1 to 256"));
    if (code >= 0) {
        report_cli_clear(&rc);
        g_free(outdir);
        g_ptr_array_unref(keep);
        return code;
    }
    tripreport_diagnostics *d = tripreport_diagnostics_new();
    const char *deflt[] = { "samples", NULL };
    char **trips = argc > 1 ? tripreport_find_reports((const char *const *)argv + 1, argc - 1, d)
                            : tripreport_find_reports(deflt, 1, d);
    code = tripreport_diagnostics_errors(d) ? EXIT_BAD : EXIT_OK;
    bool folder = trips[0] && tripreport_output_folder(outdir ? outdir : "out", d, NULL);
    if (trips[0] && !folder)
        code = EXIT_BAD;
    tripreport_diagnostics_print(d, stderr, DIAG_CAP);
    if (folder) {
        tripreport_batch_options bo = { outdir ? outdir : "out", jobs > 0 ? jobs : (int)g_get_num_processors(), force,
                                        ro, stderr };
        tripreport_batch_result r = tripreport_batch_run(trips, &bo);
        if (r.failed || r.refused)
            code = EXIT_BAD;
        if (r.interrupted)
            code = 130;
    }
    g_strfreev(trips);
    tripreport_diagnostics_free(d);
    report_cli_clear(&rc);
    g_free(outdir);
    g_ptr_array_unref(keep);
    return code;
}

static int cmd_volume(int argc, char **argv)
{
    char *output = NULL;
    report_cli rc = { 0 };
    GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the volume to FILE (default: out/series.pdf)"), "FILE" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    tripreport_options ro;
    int code = parse_report_command(N_("[DIR|TRIP…] — the series as one volume (default: samples)"), entries, &rc, false,
                                    &argc, &argv, &ro);
    if (code >= 0) {
        report_cli_clear(&rc);
        g_free(output);
        return code;
    }
    tripreport_diagnostics *d = tripreport_diagnostics_new();
    const char *deflt[] = { "samples", NULL };
    char **trips = argc > 1 ? tripreport_find_reports((const char *const *)argv + 1, argc - 1, d)
                            : tripreport_find_reports(deflt, 1, d);
    tripreport_volume_result vr = { 0 };
    const char *out = output ? output : "out/series.pdf";
    bool ok = trips[0] && (output || tripreport_output_folder("out", d, NULL)) &&
              tripreport_volume_render(trips, out, &ro, d, &vr, NULL);
    /* Every message (the volume keeps at most 20 of each report, as batch
     * does), then what the volume holds. */
    tripreport_diagnostics_print(d, stderr, 0);
    if (vr.pages && vr.left_out)
        fprintf(stderr, _("%s: %d reports, %d pages; %d reports left out, each named above with its reason\n"), out,
                vr.reports, vr.pages, vr.left_out);
    else if (vr.pages)
        fprintf(stderr, _("%s: %d reports, %d pages\n"), out, vr.reports, vr.pages);
    code = ok && !tripreport_diagnostics_errors(d) ? EXIT_OK : EXIT_BAD;
    tripreport_diagnostics_free(d);
    g_strfreev(trips);
    g_free(output);
    report_cli_clear(&rc);
    return code;
}

static int cmd_new(int argc, char **argv)
{
    char *from = NULL;
    GOptionEntry entries[] = {
        { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("Start from this report (its trip file or folder); default: the highest-numbered report beside DIR"), "TRIP" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new(N_("DIR — make the next report's folder with its trip.txt and photos/"));
    g_option_context_set_translation_domain(oc, GETTEXT_PACKAGE);
    g_option_context_add_main_entries(oc, entries, GETTEXT_PACKAGE);
    int code = parse_or_usage(oc, &argc, &argv);
    g_option_context_free(oc);
    if (code < 0 && argc != 2)
        code = usage_error("%s", argc < 2 ? _("new needs the new report's folder") : _("new takes one folder"));
    if (code >= 0) {
        g_free(from);
        return code;
    }
    diag_list *d = diag_list_new();
    bool ok = cmd_new_create(argv[1], from, d);
    diag_print(d, stderr, DIAG_CAP);
    diag_list_free(d);
    g_free(from);
    return ok ? EXIT_OK : EXIT_BAD;
}

static int cmd_watch(int argc, char **argv)
{
    char *output = NULL;
    report_cli rc = { 0 };
    GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the PDF to FILE (default: out/<name>.pdf)"), "FILE" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    tripreport_options ro;
    int code = parse_report_command(N_("TRIP — render, then again each time the trip, a photo or the layout is saved"),
                                    entries, &rc, true, &argc, &argv, &ro);
    if (code < 0 && argc != 2)
        code = usage_error("%s", argc < 2 ? _("watch needs a trip file") : _("watch takes one trip file"));
    if (code < 0 && output && strcmp(output, "-") == 0)
        code = usage_error("%s", _("watch writes a file: give -o a file name, not '-'"));
    if (code >= 0) {
        report_cli_clear(&rc);
        g_free(output);
        return code;
    }
    if (!output && !ro.png_dir) {
        output = default_output(argv[1]);
        tripreport_diagnostics *d = tripreport_diagnostics_new();
        bool ok = tripreport_output_folder("out", d, NULL);
        tripreport_diagnostics_print(d, stderr, DIAG_CAP);
        tripreport_diagnostics_free(d);
        if (!ok) {
            report_cli_clear(&rc);
            g_free(output);
            return EXIT_BAD;
        }
    }
    code = cmd_watch_run(argv[1], output, &ro);
    report_cli_clear(&rc);
    g_free(output);
    return code;
}

static int cmd_fonts(int argc, char **argv)
{
    char *layout_opt = NULL;
    GOptionEntry entries[] = {
        { "layout", 'l', 0, G_OPTION_ARG_STRING, &layout_opt, N_("The page design (a name in layouts/ or a path)"), "NAME|PATH" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new(N_("[TRIP] — the fonts each role of the page design resolves to"));
    g_option_context_set_translation_domain(oc, GETTEXT_PACKAGE);
    g_option_context_add_main_entries(oc, entries, GETTEXT_PACKAGE);
    GError *err = NULL;
    if (!g_option_context_parse(oc, &argc, &argv, &err)) {
        int r = usage_error("%s", err->message);
        g_error_free(err);
        g_option_context_free(oc);
        g_free(layout_opt);
        return r;
    }
    g_option_context_free(oc);
    if (argc > 2) {
        g_free(layout_opt);
        return usage_error("%s", _("fonts takes at most one trip file"));
    }
    tripreport_diagnostics *d = tripreport_diagnostics_new();
    tripreport_fonts_list(argc == 2 ? argv[1] : NULL, layout_opt, stdout, d, NULL);
    g_free(layout_opt);
    return finish(d, EXIT_OK);
}

int main(int argc, char **argv)
{
    tripreport_locale_init();
    if (argc < 2) {
        fputs(_(usage_text), stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(_(usage_text), stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("tripreport %s\n", tripreport_version());
        return EXIT_OK;
    }
    /* The subcommand sees itself as argv[0]. */
    if (strcmp(cmd, "render") == 0)
        return cmd_render(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "new") == 0)
        return cmd_new(argc - 1, argv + 1);
    if (strcmp(cmd, "watch") == 0)
        return cmd_watch(argc - 1, argv + 1);
    if (strcmp(cmd, "fonts") == 0)
        return cmd_fonts(argc - 1, argv + 1);
    if (strcmp(cmd, "batch") == 0)
        return cmd_batch(argc - 1, argv + 1);
    if (strcmp(cmd, "volume") == 0)
        return cmd_volume(argc - 1, argv + 1);
    return usage_error("unknown command '%s'", cmd);
}
