/* test_safety: the user's files are never overwritten, followed or eaten.
 * An output that names an input (by any name), a device, a folder, a link
 * or a missing folder is refused before any work; inputs that are not
 * regular files or are absurdly large are refused without hanging; batch
 * renders again exactly when an option that changes output changed. */
#include "e2e.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

/* A report folder of our own: the sample's trip (with a layout: line
 * naming a copy of the default layout beside it) and its photos, copied so
 * that the test may try to destroy them. Caller frees; rm_rf the folder. */
static char *make_report(void)
{
    char *dir = tmpdir();
    char *src = NULL;
    g_assert_true(g_file_get_contents("samples/017-matsue/trip.txt", &src, NULL, NULL));
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    char *text = g_strconcat("layout: mine.layout\n", src, NULL);
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    g_free(text);
    g_free(src);
    char *layout = g_build_filename(dir, "mine.layout", NULL);
    char *lay = NULL;
    g_assert_true(g_file_get_contents("layouts/default.layout", &lay, NULL, NULL));
    g_assert_true(g_file_set_contents(layout, lay, -1, NULL));
    g_free(lay);
    char *photos = g_build_filename(dir, "photos", NULL);
    result r = RUN("cp", "-rL", "samples/017-matsue/photos", photos);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    g_free(photos);
    g_free(layout);
    g_free(trip);
    return dir;
}

static char *sha(const char *path)
{
    gsize len = 0;
    char *b = file_bytes(path, &len);
    char *h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)b, len);
    g_free(b);
    return h;
}

/* No temporary file of ours (".NAME.XXXXXX.part") left in 'dir'. */
static void assert_no_temporaries(const char *dir)
{
    GDir *gd = g_dir_open(dir, 0, NULL);
    const char *n;
    while ((n = g_dir_read_name(gd))) {
        if (g_str_has_suffix(n, ".part"))
            g_test_message("left behind: %s/%s", dir, n);
        g_assert_false(g_str_has_suffix(n, ".part"));
    }
    g_dir_close(gd);
}

/* `render TRIP -o INPUT` for every kind of input, under its own name and
 * another (a hard link): refused, the input unchanged. */
static void test_output_names_input(void)
{
    char *dir = make_report();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    char *hard = g_build_filename(dir, "report.pdf", NULL);
    g_assert_cmpint(link(trip, hard), ==, 0);
    const char *const victims[] = { "trip.txt", "photos/01-city-hall.jpg", "photos/matsue-map.png", "mine.layout",
                                    "report.pdf" };
    for (guint i = 0; i < G_N_ELEMENTS(victims); i++) {
        char *v = g_build_filename(dir, victims[i], NULL);
        char *before = sha(v);
        result r = RUN(bin, "render", trip, "-o", v);
        g_assert_cmpint(r.status, ==, 1);
        g_assert_nonnull(strstr(r.err, "writing the output there would destroy it: choose another name"));
        char *after = sha(v);
        g_assert_cmpstr(before, ==, after);
        g_free(after);
        g_free(before);
        result_clear(&r);
        g_free(v);
    }
    /* The layout given on the command line, and a font file. */
    char *layout = g_build_filename(dir, "mine.layout", NULL);
    char *before = sha(layout);
    result r = RUN(bin, "render", trip, "--layout", layout, "-o", layout);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "is a layout file of this run"));
    result_clear(&r);
    char *after = sha(layout);
    g_assert_cmpstr(before, ==, after);
    g_free(after);
    g_free(before);
    r = RUN(bin, "fonts");
    const char *reg = strstr(r.out, "regular: ");
    g_assert_nonnull(reg);
    const char *open = strchr(reg, '('), *close = open ? strchr(open, ')') : NULL;
    g_assert_nonnull(close);
    char *font = g_strndup(open + 1, (gsize)(close - open - 1));
    result_clear(&r);
    char *fbefore = sha(font);
    r = RUN(bin, "render", trip, "-o", font);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "is a font file of this run"));
    result_clear(&r);
    char *fafter = sha(font);
    g_assert_cmpstr(fbefore, ==, fafter);
    g_free(fafter);
    g_free(fbefore);
    g_free(font);
    assert_no_temporaries(dir);
    g_free(layout);
    g_free(hard);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
}

/* -o that is not a file, or in a folder that does not exist: refused
 * before the render, nothing replaced, nothing made. */
static void test_output_not_a_file(void)
{
    char *dir = make_report();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    /* A character device of our own (the same device as /dev/null), so
     * that a fault here could never replace the machine's /dev/null, as
     * an old version did. As root only; otherwise a FIFO stands in. */
    char *dev = g_build_filename(dir, "null", NULL);
    bool is_dev = mknod(dev, S_IFCHR | 0666, makedev(1, 3)) == 0;
    if (!is_dev)
        g_assert_cmpint(mkfifo(dev, 0666), ==, 0);
    result r = RUN(bin, "render", trip, "-o", dev);
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("%s: error: the output is a %s, not a file; choose a file name for the output\n", dev,
                                 is_dev ? "device" : "FIFO (named pipe)");
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    result_clear(&r);
    struct stat st;
    g_assert_cmpint(lstat(dev, &st), ==, 0);
    g_assert_true(is_dev ? S_ISCHR(st.st_mode) : S_ISFIFO(st.st_mode));
    g_unlink(dev);
    g_free(dev);

    char *sub = g_build_filename(dir, "photos", NULL);
    r = RUN(bin, "render", trip, "-o", sub);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "error: the output is a folder; give a file name in it, like FOLDER/report.pdf"));
    result_clear(&r);
    char *slash = g_strconcat(dir, "/", NULL);
    r = RUN(bin, "render", trip, "-o", slash);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "error: the output names a folder (it ends in '/')"));
    result_clear(&r);
    r = RUN(bin, "render", trip, "-o", "");
    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(r.err, ==, "tripreport: error: the output is not a file name (the name is empty)\n");
    result_clear(&r);
    char *typo = g_build_filename(dir, "ouptut", "r.pdf", NULL);
    r = RUN(bin, "render", trip, "-o", typo);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "does not exist; create it first, or check the spelling"));
    result_clear(&r);
    char *typo_dir = g_path_get_dirname(typo);
    g_assert_false(g_file_test(typo_dir, G_FILE_TEST_EXISTS));

    /* A link at the output: never followed. */
    char *victim = g_build_filename(dir, "victim.txt", NULL);
    g_assert_true(g_file_set_contents(victim, "precious", -1, NULL));
    char *link_pdf = g_build_filename(dir, "r.pdf", NULL);
    g_assert_cmpint(symlink(victim, link_pdf), ==, 0);
    r = RUN(bin, "render", trip, "-o", link_pdf);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "error: the output is a symbolic link;"));
    result_clear(&r);
    char *now = NULL;
    g_assert_true(g_file_get_contents(victim, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "precious");
    g_free(now);
    assert_no_temporaries(dir);
    g_free(link_pdf);
    g_free(victim);
    g_free(typo_dir);
    g_free(typo);
    g_free(slash);
    g_free(sub);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
}

/* --png DIR: a link where a preview goes is refused; links planted at the
 * temporary names an older version used are never written through. */
static void test_previews_never_follow_links(void)
{
    char *dir = make_report();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    char *png = g_build_filename(dir, "png", NULL);
    g_mkdir(png, 0755);
    char *victim = g_build_filename(dir, "victim.txt", NULL);
    g_assert_true(g_file_set_contents(victim, "precious", -1, NULL));
    for (int i = 1; i <= 3; i++) {
        char *name = g_path_get_basename(dir);
        char *planted = g_strdup_printf("%s/.%s-%02d.png.tmp", png, name, i);
        g_assert_cmpint(symlink(victim, planted), ==, 0);
        g_free(planted);
        g_free(name);
    }
    result r = RUN(bin, "render", trip, "--png", png, "--dpi", "20", "--pages", "1-3");
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *now = NULL;
    g_assert_true(g_file_get_contents(victim, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "precious");
    g_free(now);
    /* trip.txt's name comes from its folder. */
    char *base = g_path_get_basename(dir);
    char *p2 = g_strdup_printf("%s/%s-02.png", png, base);
    g_assert_true(g_file_test(p2, G_FILE_TEST_IS_REGULAR) && !g_file_test(p2, G_FILE_TEST_IS_SYMLINK));
    g_unlink(p2);
    g_assert_cmpint(symlink(victim, p2), ==, 0);
    r = RUN(bin, "render", trip, "--png", png, "--dpi", "20", "--pages", "1-3");
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "error: the preview is a symbolic link;"));
    result_clear(&r);
    g_assert_true(g_file_get_contents(victim, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "precious");
    g_free(now);
    assert_no_temporaries(png);
    g_free(p2);
    g_free(base);
    g_free(victim);
    g_free(png);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
}

/* Runs argv with a watchdog: a hang is a failure, not a stuck suite. */
static result run_bounded(const char *const *argv, int seconds)
{
    result r = { -1, NULL, NULL };
    char *cmd = g_strdup_printf("%d", seconds);
    GPtrArray *a = g_ptr_array_new();
    g_ptr_array_add(a, (gpointer) "timeout");
    g_ptr_array_add(a, cmd);
    for (int i = 0; argv[i]; i++)
        g_ptr_array_add(a, (gpointer)argv[i]);
    g_ptr_array_add(a, NULL);
    r = run_in(NULL, (const char *const *)a->pdata);
    g_ptr_array_unref(a);
    g_free(cmd);
    g_assert_cmpint(r.status, !=, 124); /* timeout's "it hung" */
    return r;
}

#define RUN_BOUNDED(...) run_bounded((const char *const[]){ __VA_ARGS__, NULL }, 20)

/* Inputs that are not regular files: refused at once, with the path and
 * the line that names them. */
static void test_inputs_not_regular(void)
{
    char *dir = make_report();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    char *fifo = g_build_filename(dir, "fifo.layout", NULL);
    g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
    char *out = g_build_filename(dir, "r.pdf", NULL);

    result r = RUN_BOUNDED(bin, "render", trip, "--layout", fifo, "-o", out);
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("tripreport: error: '%s' is a FIFO (named pipe), not a layout file; give the path of "
                                 "a real file\n",
                                 fifo);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    result_clear(&r);
    r = RUN_BOUNDED(bin, "render", trip, "--layout", "/dev/zero", "-o", out);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(r.err, ==, "tripreport: error: '/dev/zero' is a device, not a layout file; give the path of a real "
                               "file\n");
    result_clear(&r);
    /* The trip's own layout: line is named. */
    char *text = NULL;
    g_assert_true(g_file_get_contents(trip, &text, NULL, NULL));
    char *fifo_trip_text = g_strconcat("layout: fifo.layout", strchr(text, '\n'), NULL);
    g_assert_true(g_file_set_contents(trip, fifo_trip_text, -1, NULL));
    r = RUN_BOUNDED(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 1);
    want = g_strdup_printf("%s:1:9: error: '%s' is a FIFO (named pipe), not a layout file; give the path of a real "
                           "file\n",
                           trip, fifo);
    g_assert_cmpstr(r.err, ==, want);
    g_free(want);
    result_clear(&r);
    /* A photo that is a FIFO: render, check and batch all answer. */
    char *photo = g_build_filename(dir, "photos", "01-city-hall.jpg", NULL);
    g_unlink(photo);
    g_assert_cmpint(mkfifo(photo, 0600), ==, 0);
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    r = RUN_BOUNDED(bin, "render", trip, "-o", out);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "is a FIFO (named pipe), not an image file"));
    result_clear(&r);
    char *outdir = g_build_filename(dir, "batch-out", NULL);
    r = RUN_BOUNDED(bin, "batch", trip, "-o", outdir);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "is a FIFO (named pipe), not an image file"));
    g_assert_nonnull(strstr(r.err, "failed 1"));
    result_clear(&r);
    /* The trip itself as a FIFO. */
    r = RUN_BOUNDED(bin, "render", fifo, "-o", out);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "cannot read the file: it is a FIFO (named pipe), not a trip file"));
    result_clear(&r);
    assert_no_temporaries(dir);
    g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
    g_free(outdir);
    g_free(photo);
    g_free(fifo_trip_text);
    g_free(text);
    g_free(out);
    g_free(fifo);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
}

/* A trip of 5 MB (a cap of 4 MB): refused from its size, not read. */
static void test_oversized_trip(void)
{
    char *dir = tmpdir();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    FILE *f = fopen(trip, "w");
    g_assert_nonnull(f);
    fputs("place: 松江\n[text]\nheading: 長い\ntext:\n", f);
    for (int i = 0; i < 100000; i++)
        fputs("  長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い長い\n", f);
    fclose(f);
    result r = RUN_BOUNDED(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "cannot read the file: it is too large ("));
    g_assert_nonnull(strstr(r.err, "; a trip file may be at most 4.0 MB)"));
    result_clear(&r);
    g_free(trip);
    rm_rf(dir);
    g_free(dir);
}

/* Each option that changes what a PDF is: changed between two batches,
 * the reports are rendered again (and the PDF is the new kind); the same
 * batch again skips them. */
static void test_batch_options_redo(void)
{
    char *dir = make_series();
    char *out = out_of(dir);
    result r = RUN(bin, "batch", dir, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0, failed 2"));
    result_clear(&r);
    static const char *const options[][3] = {
        { "--handout", "3", NULL }, { "--grayscale", NULL, NULL }, { "--grayscale-photos", NULL, NULL },
        { "--image-dpi", "150", NULL }, { "--jpeg-quality", "50", NULL }, { "--layout", "print", NULL },
        { "--draft", NULL, NULL }, { "--no-verify-photos", NULL, NULL },
    };
    char *pdf = g_build_filename(out, "001-aizu.pdf", NULL);
    for (guint i = 0; i < G_N_ELEMENTS(options); i++) {
        const char *argv[] = { bin, "batch", dir, "-o", out, options[i][0], options[i][1], NULL };
        /* --draft also makes the report whose photo is missing. */
        bool draft = strcmp(options[i][0], "--draft") == 0;
        r = run_in(NULL, argv);
        if (!strstr(r.err, draft ? "rendered 4, skipped 0" : "rendered 3, skipped 0"))
            g_test_message("%s: %s", options[i][0], r.err);
        g_assert_nonnull(strstr(r.err, draft ? "rendered 4, skipped 0" : "rendered 3, skipped 0"));
        result_clear(&r);
        r = run_in(NULL, argv);
        g_assert_nonnull(strstr(r.err, draft ? "rendered 0, skipped 4" : "rendered 0, skipped 3"));
        result_clear(&r);
        /* Handout sheets are A4 portrait; after them the slides come back. */
        result info = RUN("pdfinfo", pdf);
        bool portrait = strstr(info.out, "595.276 x 841.89 pts (A4)") != NULL;
        g_assert_true(portrait == (strcmp(options[i][0], "--handout") == 0));
        result_clear(&info);
        r = RUN(bin, "batch", dir, "-o", out);
        g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0"));
        result_clear(&r);
        info = RUN("pdfinfo", pdf);
        g_assert_nonnull(strstr(info.out, "841.89 x 595.276 pts (A4)"));
        result_clear(&info);
    }
    g_free(pdf);
    g_free(out);
    rm_rf(dir);
    g_free(dir);
}

/* The design's logo is an input too: a new logo renders the reports
 * again. */
static void test_batch_logo_redo(void)
{
    char *dir = make_series();
    char *out = out_of(dir);
    char *logo = g_build_filename(dir, "logo.png", NULL);
    gsize len = 0;
    char *png = file_bytes("out/fixtures/alpha.png", &len);
    g_assert_true(g_file_set_contents(logo, png, (gssize)len, NULL));
    char *lay = g_build_filename(dir, "mine.layout", NULL);
    g_assert_true(g_file_set_contents(lay, "base: default\nlogo: logo.png\n", -1, NULL));
    result r = RUN(bin, "batch", dir, "-o", out, "--layout", lay);
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0"));
    result_clear(&r);
    r = RUN(bin, "batch", dir, "-o", out, "--layout", lay);
    g_assert_nonnull(strstr(r.err, "rendered 0, skipped 3"));
    result_clear(&r);
    char *other = file_bytes("out/fixtures/palette.png", &len);
    g_assert_true(g_file_set_contents(logo, other, (gssize)len, NULL));
    r = RUN(bin, "batch", dir, "-o", out, "--layout", lay);
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0"));
    result_clear(&r);
    g_free(other);
    g_free(lay);
    g_free(png);
    g_free(logo);
    g_free(out);
    rm_rf(dir);
    g_free(dir);
}

/* A report folder whose trip.txt is a folder is named, not skipped in
 * silence. */
static void test_batch_names_what_it_skips(void)
{
    char *dir = make_series();
    char *bad = g_build_filename(dir, "006-odd", "trip.txt", NULL);
    g_assert_cmpint(g_mkdir_with_parents(bad, 0755), ==, 0);
    char *out = out_of(dir);
    result r = RUN(bin, "batch", dir, "-o", out);
    char *want = g_strdup_printf("%s: error: is a folder, not a trip file; this report is left out", bad);
    g_assert_nonnull(strstr(r.err, want));
    g_assert_cmpint(r.status, ==, 1);
    g_free(want);
    result_clear(&r);
    g_free(out);
    g_free(bad);
    rm_rf(dir);
    g_free(dir);
}

E2E_TESTS(add_safety_tests, 35)
{
    g_test_add_func("/e2e/safety/output-names-input", test_output_names_input);
    g_test_add_func("/e2e/safety/output-not-a-file", test_output_not_a_file);
    g_test_add_func("/e2e/safety/previews-never-follow-links", test_previews_never_follow_links);
    g_test_add_func("/e2e/safety/inputs-not-regular", test_inputs_not_regular);
    g_test_add_func("/e2e/safety/oversized-trip", test_oversized_trip);
    g_test_add_func("/e2e/safety/batch-options-redo", test_batch_options_redo);
    g_test_add_func("/e2e/safety/batch-names-what-it-skips", test_batch_names_what_it_skips);
    g_test_add_func("/e2e/safety/batch-logo-redo", test_batch_logo_redo);
}
