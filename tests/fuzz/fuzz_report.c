/* libFuzzer entry point for the whole path a trip takes: bytes ->
 * input_decode -> build_parse -> build_doc -> layout_run -> the box dump
 * and a PDF made in memory (pdf_render_to_memory: nothing on disk).
 *
 * Set up once per process, not per input: fonts (fontconfig, the Pango
 * font map), the two page designs of layouts/, and a few fixture images
 * probed at start-up. The trip's photos are not looked up: build runs
 * without BUILD_CHECK_FILES and every photo or map is pointed at one of
 * the fixtures (by its file name when it names one, as the golden tests
 * do, else by a hash of its path; one slot in ten is a --draft
 * placeholder), so that layout, the image cache and the PDF see real
 * JPEG and PNG files of every kind we handle while no input can make the
 * target read a file of its choosing.
 *
 * A comment line "#fuzz: WORD ..." in the trip picks output options
 * (print, grey, grey-photos, dpi=N, q=N, handout=N), so that the fuzzer can
 * reach the handout, grey and downsampling paths from text.
 *
 * After layout, the layout's own check must hold (layout_check); a
 * violation aborts, as does a PDF that
 * could not be made from a doc without errors. */
#include "build.h"
#include "fonts.h"
#include "image_probe.h"
#include "infile.h"
#include "input.h"
#include "kv.h"
#include "layout.h"
#include "layout_check.h"
#include "render.h"
#include "style.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fixtures (made by `make out/fixtures/.done`): every format and
 * orientation path of the image files that a usable photo takes. */
static const char *const fixture_names[] = {
    "landscape.jpg", /* JPEG 400x300, passes through */
    "portrait.jpg",  /* JPEG 300x400 */
    "orient-6.jpg",  /* EXIF orientation 6 (turned) */
    "orient-3.jpg",  /* EXIF orientation 3 */
    "orient-5.jpg",  /* EXIF orientation 5 (transposed) */
    "alpha.png",     /* 8-bit RGBA PNG: decoded */
    "png-as-jpg.jpg", /* 8-bit RGB PNG under a .jpg name: passes through (pdfpost) */
    "palette4.png",  /* 4-bit palette PNG */
    "gray16.png",    /* 16-bit grey PNG */
};
#define NFIXTURES (sizeof fixture_names / sizeof fixture_names[0])

typedef struct fixture {
    char *path;
    int display_w, display_h;
} fixture;

static struct {
    fonts *f;
    style *screen, *print;
    fixture fix[NFIXTURES];
    FILE *devnull;
    bool verbose;
    bool geometry_warn; /* FUZZ_GEOMETRY=warn: print a box off its page, do not abort (for measurements) */
} G;

static void die(const char *what, diag_list *d)
{
    fprintf(stderr, "fuzz_report: %s\n", what);
    if (d)
        diag_print(d, stderr, 20);
    abort();
}

/* The folder of the fixtures: $FUZZ_FIXTURES, else fixtures/ beside the
 * executable (out/fixtures for out/fuzz_report). */
static char *fixture_dir(void)
{
    const char *env = g_getenv("FUZZ_FIXTURES");
    if (env && *env)
        return g_strdup(env);
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *dir = exe ? g_path_get_dirname(exe) : g_strdup("out");
    char *fix = g_build_filename(dir, "fixtures", NULL);
    g_free(exe);
    g_free(dir);
    return fix;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    diag_list *d = diag_list_new();
    G.f = fonts_new(d);
    if (!G.f)
        die("no fonts", d);
    G.screen = style_load("default", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    G.print = style_load("print", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    if (!G.screen || !G.print || !fonts_check_style(G.f, G.screen, d) || !fonts_check_style(G.f, G.print, d))
        die("the layouts or their fonts cannot be loaded", d);
    char *dir = fixture_dir();
    for (size_t i = 0; i < NFIXTURES; i++) {
        fixture *x = &G.fix[i];
        x->path = g_build_filename(dir, fixture_names[i], NULL);
        image_info info;
        GError *err = NULL;
        if (!image_probe(x->path, &info, &err)) {
            fprintf(stderr, "fuzz_report: %s %s (run `make out/fixtures/.done` or set FUZZ_FIXTURES)\n", x->path,
                    err->message);
            abort();
        }
        x->display_w = info.display_w;
        x->display_h = info.display_h;
    }
    g_free(dir);
    G.verbose = g_getenv("FUZZ_VERBOSE") != NULL;
    G.geometry_warn = g_strcmp0(g_getenv("FUZZ_GEOMETRY"), "warn") == 0;
    G.devnull = fopen("/dev/null", "w");
    if (!G.devnull)
        die("cannot open /dev/null", NULL);
    diag_list_free(d);
    return 0;
}

/*** Photos: pointed at the fixtures ***/

static void map_image(doc *dc, doc_node *n)
{
    const char *path = n->path ? n->path : "";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t pick = NFIXTURES + 1; /* none yet */
    for (size_t i = 0; i < NFIXTURES && pick > NFIXTURES; i++)
        if (strcmp(base, fixture_names[i]) == 0)
            pick = i;
    if (pick > NFIXTURES)
        pick = g_str_hash(path) % (NFIXTURES + 1);
    if (G.verbose)
        fprintf(stderr, "fuzz_report: photo '%s' -> %s\n", path, pick < NFIXTURES ? G.fix[pick].path : "(a placeholder)");
    if (pick == NFIXTURES) { /* as with --draft and a missing photo */
        n->placeholder = true;
        n->display_w = n->display_h = 0;
        return;
    }
    n->resolved = doc_strdup(dc, G.fix[pick].path);
    n->display_w = G.fix[pick].display_w;
    n->display_h = G.fix[pick].display_h;
}

static void map_images(doc *dc, doc_node *n)
{
    if (n->type == DOC_NODE_IMAGE || n->type == DOC_NODE_PHOTO)
        map_image(dc, n);
    if (n->children)
        for (guint i = 0; i < n->children->len; i++)
            map_images(dc, g_ptr_array_index(n->children, i));
}

/*** Options from "#fuzz:" comment lines ***/

typedef struct fuzz_opts {
    bool print;
    pdf_options po;
} fuzz_opts;

static void read_opts(const char *text, fuzz_opts *o)
{
    memset(o, 0, sizeof *o);
    o->po.creator = "tripreport fuzz";
    o->po.epoch = 0;
    o->po.sheet_footer = "旅する公務員 第1弾";
    o->po.sheet_date = "2024年2月7日";
    for (const char *p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, "#fuzz:", 6) != 0)
            continue;
        const char *end = strchr(p, '\n');
        char *line = end ? g_strndup(p + 6, (gsize)(end - p - 6)) : g_strdup(p + 6);
        char **w = g_strsplit_set(line, " \t", -1);
        for (int i = 0; w[i]; i++) {
            int v = 0;
            if (strcmp(w[i], "print") == 0)
                o->print = true;
            else if (strcmp(w[i], "grey") == 0)
                o->po.grayscale = true;
            else if (strcmp(w[i], "grey-photos") == 0)
                o->po.grayscale = o->po.grayscale_photos = true;
            else if (sscanf(w[i], "dpi=%d", &v) == 1)
                o->po.image_dpi = CLAMP(v, 0, 1200); /* main.c takes 10..1200 */
            else if (sscanf(w[i], "q=%d", &v) == 1)
                o->po.jpeg_quality = CLAMP(v, 0, 100);
            else if (sscanf(w[i], "handout=%d", &v) == 1)
                o->po.handout = v == 1 || v == 2 || v == 3 || v == 4 || v == 6 ? v : 0;
        }
        g_strfreev(w);
        g_free(line);
    }
}

/*** The geometry invariant ***/

/* The layout's own check (layout_check: every box inside its area and the
 * page, text within its box, no overlap); a fault aborts, or with
 * FUZZ_GEOMETRY=warn is printed. */
static void check_geometry(const layout *l)
{
    GString *why = g_string_new(NULL);
    if (!layout_check(l, why)) {
        fprintf(stderr, "fuzz_report: layout_check failed:\n%s", why->str);
        if (!G.geometry_warn)
            abort();
    }
    g_string_free(why, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list *d = diag_list_new();
    const char *file = diag_file(d, "fuzz.txt");
    char *text = input_decode((const char *)data, size, file, d, NULL);
    if (!text) {
        diag_list_free(d);
        return 0;
    }
    fuzz_opts o;
    read_opts(text, &o);
    kv_file *kv = build_parse(text, file, d);
    doc *dc = build_doc(kv, d, 0);
    kv_file_free(kv);
    g_free(text);
    /* As the program: a trip with errors is not laid out. */
    if (!d->errors) {
        for (guint i = 0; i < dc->sections->len; i++)
            map_images(dc, g_ptr_array_index(dc->sections, i));
        bool print = o.print || (dc->meta.layout && strcmp(dc->meta.layout, "print") == 0);
        layout *l = layout_run(dc, print ? G.print : G.screen, G.f, d);
        o.po.style = print ? G.print : G.screen; /* handout sheets: the design's fonts and colours */
        o.po.fonts = G.f;
        check_geometry(l);
        if (!d->errors) {
            dump_render(l, G.devnull);
            GBytes *pdf = pdf_render_to_memory(l, dc, &o.po, d);
            gsize len = 0;
            const char *bytes = pdf ? g_bytes_get_data(pdf, &len) : NULL;
            if (!bytes || len < 8 || memcmp(bytes, "%PDF-", 5) != 0)
                die("no PDF was made from a doc without errors", d);
            g_bytes_unref(pdf);
        }
        layout_free(l);
    }
    if (G.verbose) /* FUZZ_VERBOSE=1: what happened to an input */
        diag_print(d, stderr, 0);
    doc_free(dc);
    diag_list_free(d);
    /* Each render records the fixtures as inputs again: keep that table
     * from describing a run of many reports. */
    infile_forget();
    return 0;
}
