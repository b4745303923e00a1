/* main: the command line. Reads options, runs parse -> build -> layout ->
 * render, prints the diagnostics and chooses the exit code (0 ok, 1 bad
 * input or render failure, 2 usage). The only file that calls exit(). */
#include "build.h"
#include "fonts.h"
#include "input.h"
#include "kv.h"
#include "layout.h"
#include "render.h"
#include "style.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#ifndef TRIPREPORT_VERSION
#define TRIPREPORT_VERSION "0.1.0"
#endif

enum { EXIT_OK = 0, EXIT_BAD = 1, EXIT_USAGE = 2 };
#define DIAG_CAP 20

static const char usage_text[] =
    "Usage: tripreport COMMAND [OPTION…] TRIP\n"
    "\n"
    "Turns a trip file (see docs/trip-format.md) into the report's PDF.\n"
    "\n"
    "Commands:\n"
    "  render TRIP [-o OUT.pdf] [--layout NAME|PATH] [--draft] [--image-dpi N] [--dump]\n"
    "                             write the PDF (default: out/<name>.pdf, where <name> is\n"
    "                             the trip's folder for …/<name>/trip.txt)\n"
    "  check TRIP                 read and check the trip file; write nothing\n"
    "  fonts [TRIP] [--layout NAME|PATH]\n"
    "                             the face and file each role of the page design resolves to\n"
    "\n"
    "  tripreport COMMAND --help  the options of a command\n"
    "  tripreport --version       the version\n"
    "\n"
    "Exit status: 0 done, 1 the trip has errors or the PDF could not be written, 2 usage.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "tripreport: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'tripreport --help'.\n");
    return EXIT_USAGE;
}

/* out/<name>.pdf for samples/<name>/trip.txt, else out/<basename>.pdf. */
static char *default_output(const char *trip)
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
    char *out = g_strdup_printf("out/%s.pdf", name);
    g_free(name);
    g_free(base);
    return out;
}

/* Reads, parses and checks 'path'. NULL when it could not be read at all;
 * otherwise a doc (look at d->errors). */
static doc *load(const char *path, diag_list *d, bool draft)
{
    const char *file = diag_file(d, path);
    char *text = input_read_file(path, file, d, NULL);
    if (!text)
        return NULL;
    kv_file *kv = kv_parse(text, file, d);
    g_free(text);
    doc *dc = build_doc(kv, d, BUILD_CHECK_FILES | (draft ? BUILD_DRAFT : 0));
    kv_file_free(kv);
    return dc;
}

/* Seconds since 1970 for the PDF's dates: SOURCE_DATE_EPOCH, else the
 * trip's date (or the period's last day) at 00:00 in Japan. */
static gint64 doc_epoch(const doc *dc)
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

/* The page design: --layout wins over the trip's `layout:`, which is
 * relative to the trip's folder; --layout is relative to the working
 * folder. NULL after an error in 'd'. */
static style *load_style(const doc *dc, const char *option, diag_list *d)
{
    if (option)
        return style_load(option, fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    if (dc->meta.layout)
        return style_load(dc->meta.layout, fonts_data_dir(), dc->dir, dc->meta.layout_loc, d);
    return style_load("default", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
}

static int finish(diag_list *d, int code)
{
    diag_print(d, stderr, DIAG_CAP);
    if (d->errors && code == EXIT_OK)
        code = EXIT_BAD;
    diag_list_free(d);
    return code;
}

static int cmd_check(int argc, char **argv)
{
    char *layout_opt = NULL;
    gboolean draft = FALSE;
    GOptionEntry entries[] = {
        { "layout", 'l', 0, G_OPTION_ARG_STRING, &layout_opt, "Check with this page design (a name in layouts/ or a path)", "NAME|PATH" },
        { "draft", 0, 0, G_OPTION_ARG_NONE, &draft, "Treat unusable photos as warnings (render draws placeholders)", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new("TRIP — read and check a trip file");
    g_option_context_add_main_entries(oc, entries, NULL);
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
        return usage_error("%s", argc < 2 ? "check needs a trip file" : "check takes one trip file");
    }
    diag_list *d = diag_list_new();
    doc *dc = load(argv[1], d, draft);
    style *st = dc ? load_style(dc, layout_opt, d) : NULL;
    if (st) {
        fonts *f = fonts_new(d);
        if (f)
            fonts_check_style(f, st, d);
        fonts_free(f);
    }
    style_free(st);
    doc_free(dc);
    g_free(layout_opt);
    return finish(d, d->errors ? EXIT_BAD : EXIT_OK);
}

static int cmd_render(int argc, char **argv)
{
    char *output = NULL;
    char *layout_opt = NULL;
    gboolean dump = FALSE, draft = FALSE, now = FALSE;
    int image_dpi = 0, jpeg_quality = 85;
    GOptionEntry entries[] = {
        { "image-dpi", 0, 0, G_OPTION_ARG_INT, &image_dpi, "Downsample photos sharper than N dpi at their size on the page (for sharing); default: photos pass through untouched", "N" },
        { "jpeg-quality", 0, 0, G_OPTION_ARG_INT, &jpeg_quality, "JPEG quality of downsampled photos, 1-100 (default 85)", "Q" },
        { "now", 0, 0, G_OPTION_ARG_NONE, &now, "Date the PDF now (default: the trip's date, or SOURCE_DATE_EPOCH)", NULL },
        { "draft", 0, 0, G_OPTION_ARG_NONE, &draft, "Draw a labelled placeholder for a missing or unusable photo (a warning, not an error)", NULL },
        { "layout", 'l', 0, G_OPTION_ARG_STRING, &layout_opt, "Use this page design: a name in layouts/ (default, print) or a path", "NAME|PATH" },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the PDF to FILE ('-' for standard output)", "FILE" },
        { "dump", 0, 0, G_OPTION_ARG_NONE, &dump, "Print the laid-out boxes as text instead of writing a PDF", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new("TRIP — write the report's PDF");
    g_option_context_add_main_entries(oc, entries, NULL);
    GError *err = NULL;
    if (!g_option_context_parse(oc, &argc, &argv, &err)) {
        int r = usage_error("%s", err->message);
        g_error_free(err);
        g_option_context_free(oc);
        g_free(output);
        g_free(layout_opt);
        return r;
    }
    g_option_context_free(oc);
    if (argc != 2) {
        g_free(output);
        g_free(layout_opt);
        return usage_error("%s", argc < 2 ? "render needs a trip file" : "render takes one trip file");
    }
    if (image_dpi < 0 || image_dpi > 2400 || jpeg_quality < 1 || jpeg_quality > 100) {
        g_free(output);
        g_free(layout_opt);
        return usage_error("%s", image_dpi < 0 || image_dpi > 2400 ? "--image-dpi takes a resolution from 1 to 2400"
                                                                     : "--jpeg-quality takes a number from 1 to 100");
    }
    const char *trip = argv[1];
    diag_list *d = diag_list_new();
    doc *dc = load(trip, d, draft);
    style *st = dc && !d->errors ? load_style(dc, layout_opt, d) : NULL;
    g_free(layout_opt);
    fonts *f = st ? fonts_new(d) : NULL;
    if (f && !fonts_check_style(f, st, d)) {
        fonts_free(f);
        f = NULL;
    }
    if (!f) {
        style_free(st);
        doc_free(dc);
        g_free(output);
        return finish(d, EXIT_BAD);
    }
    layout *l = layout_run(dc, st, f, d);
    int code = EXIT_OK;
    if (d->errors) {
        code = EXIT_BAD;
    } else if (dump) {
        dump_render(l, stdout);
    } else {
        if (!output)
            output = default_output(trip);
        char *dir = g_path_get_dirname(output);
        if (strcmp(output, "-") != 0 && g_mkdir_with_parents(dir, 0777) != 0)
            diag_error(d, (diag_loc){ diag_file(d, dir), 0, 0 }, "cannot create the folder");
        g_free(dir);
        pdf_options po = { "tripreport " TRIPREPORT_VERSION, now ? -1 : doc_epoch(dc), image_dpi, jpeg_quality };
        if (!d->errors && !pdf_render(l, dc, &po, output, d))
            code = EXIT_BAD;
    }
    layout_free(l);
    style_free(st);
    fonts_free(f);
    doc_free(dc);
    g_free(output);
    return finish(d, code);
}

static int cmd_fonts(int argc, char **argv)
{
    char *layout_opt = NULL;
    GOptionEntry entries[] = {
        { "layout", 'l', 0, G_OPTION_ARG_STRING, &layout_opt, "The page design (a name in layouts/ or a path)", "NAME|PATH" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new("[TRIP] — the fonts each role of the page design resolves to");
    g_option_context_add_main_entries(oc, entries, NULL);
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
        return usage_error("%s", "fonts takes at most one trip file");
    }
    diag_list *d = diag_list_new();
    doc *dc = argc == 2 ? load(argv[1], d, true) : NULL;
    style *st = NULL;
    if (dc)
        st = load_style(dc, layout_opt, d);
    else if (argc < 2)
        st = style_load(layout_opt ? layout_opt : "default", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    fonts *f = st ? fonts_new(d) : NULL;
    if (f) {
        fonts_list(f, st, stdout);
        fonts_check_style(f, st, d);
    }
    fonts_free(f);
    style_free(st);
    doc_free(dc);
    g_free(layout_opt);
    return finish(d, d->errors ? EXIT_BAD : EXIT_OK);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("tripreport %s\n", TRIPREPORT_VERSION);
        return EXIT_OK;
    }
    /* The subcommand sees itself as argv[0]. */
    if (strcmp(cmd, "render") == 0)
        return cmd_render(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "fonts") == 0)
        return cmd_fonts(argc - 1, argv + 1);
    return usage_error("unknown command '%s'", cmd);
}
