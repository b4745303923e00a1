/* test_commands: what the program says after a render or a check (the
 * summary line, "no problems found", the note on a PDF too large for
 * e-mail), `new` (the next report from the previous one, photos in the
 * order taken) and `watch` (render on save, a bad edit keeps the PDF,
 * SIGINT stops it with 0). */
#include "e2e.h"

#include <sys/stat.h>
#include <sys/time.h>

static const char good_trip[] = "number: 18\nplace: 福島県磐梯町\nperiod: 2024-06-03 .. 2024-06-05\n"
                                "traveler: デジタル変革戦略室 主査 磐梯太郎\n\n[text]\nheading: 報告\ntext: 本文です。\n";

static char *write_trip(const char *dir, const char *text)
{
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    return trip;
}

/* The last line of 's' (without its newline). Caller frees. */
static char *last_line(const char *s)
{
    char *t = g_strdup(s);
    g_strchomp(t);
    char *nl = strrchr(t, '\n');
    char *r = g_strdup(nl ? nl + 1 : t);
    g_free(t);
    return r;
}

/* render ends with "PDF: N pages, S MB", the page count and the size
 * being the file's. */
static void test_render_summary(void)
{
    char *dir = tmpdir();
    char *trip = write_trip(dir, good_trip);
    char *pdf = g_build_filename(dir, "r.pdf", NULL);
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpstr(r.out, ==, "");
    char *line = last_line(r.err);
    struct stat sb;
    g_assert_cmpint(stat(pdf, &sb), ==, 0);
    /* A small PDF: its size in kB (rounded; "0.0 MB" would say nothing). */
    g_assert_cmpint(sb.st_size, <, 1000000);
    char *want = g_strdup_printf("%s: %d pages, %d kB", pdf, pdf_pages(pdf), (int)((sb.st_size + 500) / 1000));
    g_assert_cmpstr(line, ==, want);
    g_assert_cmpint(pdf_pages(pdf), ==, 2);
    /* The summary is the only line: the trip has no problem. */
    char *whole = g_strconcat(want, "\n", NULL);
    g_assert_cmpstr(r.err, ==, whole);
    g_free(whole);
    g_free(want);
    g_free(line);
    result_clear(&r);
    /* --dpi goes with --png, like --pages. */
    r = RUN(bin, "render", trip, "-o", pdf, "--dpi", "150");
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "--dpi goes with --png"));
    result_clear(&r);
    char *png = g_build_filename(dir, "png", NULL);
    r = RUN(bin, "render", trip, "--png", png, "--dpi", "20");
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    rm_rf(dir);
    g_free(png);
    g_free(pdf);
    g_free(trip);
    g_free(dir);
}

static void test_check_clean(void)
{
    char *dir = tmpdir();
    char *trip = write_trip(dir, good_trip);
    result r = RUN(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_cmpstr(r.err, ==, "");
    char *want = g_strdup_printf("%s: no problems found\n", trip);
    g_assert_cmpstr(r.out, ==, want);
    g_free(want);
    result_clear(&r);
    /* Not with a warning. */
    char *warned = g_strconcat(good_trip, "subheading: **太字\n", NULL);
    g_free(write_trip(dir, warned));
    r = RUN(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "warning:"));
    g_assert_cmpstr(r.out, ==, "");
    result_clear(&r);
    g_free(warned);
    rm_rf(dir);
    g_free(trip);
    g_free(dir);
}

/* A trip in 'dir' whose PDF is over its design's pdf-size-limit (the
 * design, 0.2 MB, into '*layout'): one of the sample's photos (2,000
 * pixels and more across) on a page, far sharper than 150 dpi at its size
 * there. Caller frees both. */
static char *big_photo_trip(const char *dir, char **layout)
{
    render_sample(); /* makes the sample's photos */
    char *photo = abs_path("samples/017-matsue/photos/01-city-hall.jpg");
    char *text = g_strdup_printf("%s\n[photos]\nheading: 写真\nphoto: %s\ncaption: 市役所\n", good_trip, photo);
    char *trip = write_trip(dir, text);
    *layout = g_build_filename(dir, "small.layout", NULL);
    g_assert_true(g_file_set_contents(*layout, "pdf-size-limit: 0.2\n", -1, NULL));
    g_free(text);
    g_free(photo);
    return trip;
}

/* A PDF over the design's pdf-size-limit gets a note with its size at
 * --image-dpi 150; rendering with that option gives that size. */
static void test_size_note(void)
{
    char *dir = tmpdir(), *layout = NULL;
    char *trip = big_photo_trip(dir, &layout);
    char *pdf = g_build_filename(dir, "big.pdf", NULL);
    result r = RUN(bin, "render", trip, "-l", layout, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    char *note = g_strdup_printf("%s: note: the PDF is ", pdf);
    const char *at = strstr(r.err, note);
    g_assert_nonnull(at);
    g_assert_nonnull(strstr(at, "more than 0.2 MB (pdf-size-limit of the page design)"));
    const char *with = strstr(at, "with --image-dpi 150 it is ");
    g_assert_nonnull(with);
    double said = g_ascii_strtod(with + strlen("with --image-dpi 150 it is "), NULL);
    result_clear(&r);
    /* What it says is what --image-dpi 150 makes; and that PDF, no
     * sharper than 150 dpi, gets no note. */
    char *small = g_build_filename(dir, "small.pdf", NULL);
    r = RUN(bin, "render", trip, "-l", layout, "--image-dpi", "150", "-o", small);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_null(strstr(r.err, "note: the PDF is"));
    struct stat sb, big;
    g_assert_cmpint(stat(small, &sb), ==, 0);
    g_assert_cmpint(stat(pdf, &big), ==, 0);
    g_assert_cmpint(sb.st_size, <, big.st_size);
    g_assert_cmpfloat(fabs((double)sb.st_size / 1e6 - said), <=, 0.051);
    result_clear(&r);
    rm_rf(dir);
    g_free(small);
    g_free(note);
    g_free(pdf);
    g_free(layout);
    g_free(trip);
    g_free(dir);
}

/* render keeps what it learned of the photos in the user's cache folder
 * (XDG_CACHE_HOME): a second render of the same trip gives the same PDF
 * and the same note from the memo, which names no path of the trip's; the
 * memo is not written again when nothing is new. */
static void test_render_remembers(void)
{
    char *dir = tmpdir(), *layout = NULL;
    char *trip = big_photo_trip(dir, &layout);
    char *cache = g_build_filename(dir, "cache", NULL), *pdf = g_build_filename(dir, "a.pdf", NULL);
    char *memo = g_build_filename(cache, "tripreport", "images", NULL);
    const char *argv[] = { bin, "render", trip, "-l", layout, "-o", pdf, NULL };
    result r1 = run_env("XDG_CACHE_HOME", cache, argv);
    g_assert_cmpint(r1.status, ==, 0);
    g_assert_nonnull(strstr(r1.err, "with --image-dpi 150 it is "));
    gsize len1 = 0, len2 = 0, mlen = 0;
    char *pdf1 = file_bytes(pdf, &len1), *m = file_bytes(memo, &mlen);
    g_assert_true(g_str_has_prefix(m, "tripreport image memo 1\nbuild "));
    g_assert_nonnull(strstr(m, "\nwhole\t"));
    g_assert_nonnull(strstr(m, "\nsize\t"));
    g_assert_null(strstr(m, "city-hall")); /* no path */
    /* ... but the cache folder's own: fontconfig's cache folder in it, one
     * of the font folders the fontconfig note keeps. */
    GString *others = g_string_new(m);
    g_string_replace(others, cache, "", 0);
    g_assert_null(strstr(others->str, dir));
    g_string_free(others, TRUE);
    struct stat before, after;
    g_assert_cmpint(stat(memo, &before), ==, 0);
    result r2 = run_env("XDG_CACHE_HOME", cache, argv);
    g_assert_cmpint(r2.status, ==, 0);
    g_assert_cmpstr(r2.err, ==, r1.err);
    char *pdf2 = file_bytes(pdf, &len2);
    g_assert_cmpmem(pdf2, len2, pdf1, len1);
    g_assert_cmpint(stat(memo, &after), ==, 0);
    g_assert_cmpint(after.st_ino, ==, before.st_ino);
    result_clear(&r1);
    result_clear(&r2);
    rm_rf(dir);
    g_free(pdf1);
    g_free(pdf2);
    g_free(m);
    g_free(memo);
    g_free(pdf);
    g_free(cache);
    g_free(layout);
    g_free(trip);
    g_free(dir);
}

/*** new ***/

/* 'jpeg' with an EXIF APP1 holding DateTimeOriginal 'when' (19
 * characters) put right after its SOI. */
static void write_jpeg_taken(const char *path, const char *jpeg, const char *when)
{
    gsize len = 0;
    char *src = file_bytes(jpeg, &len);
    g_assert_true(len > 2);
    static const guint8 tiff_head[] = {
        'I', 'I', 0x2A, 0, 8, 0, 0, 0,           /* little-endian TIFF, IFD0 at 8 */
        1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0, /* ExifIFD pointer -> 26 */
        1, 0, 0x03, 0x90, 2, 0, 20, 0, 0, 0, 44, 0, 0, 0, 0, 0, 0, 0, /* DateTimeOriginal, ASCII 20 at 44 */
    };
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)src, 2);
    guint8 seg[4] = { 0xFF, 0xE1, 0, (guint8)(2 + 6 + sizeof tiff_head + 20) };
    g_byte_array_append(b, seg, 4);
    g_byte_array_append(b, (const guint8 *)"Exif\0\0", 6);
    g_byte_array_append(b, tiff_head, sizeof tiff_head);
    g_byte_array_append(b, (const guint8 *)when, 19);
    g_byte_array_append(b, (const guint8 *)"", 1);
    g_byte_array_append(b, (const guint8 *)src + 2, (guint)(len - 2));
    g_assert_true(g_file_set_contents(path, (const char *)b->data, b->len, NULL));
    g_byte_array_unref(b);
    g_free(src);
}

/* Every message of a check of a new report is a value still to fill. */
static void assert_only_unfilled(const char *trip)
{
    result r = RUN(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 1);
    char **lines = g_strsplit(r.err, "\n", -1);
    int n = 0;
    for (int i = 0; lines[i]; i++) {
        if (!lines[i][0] || g_str_has_prefix(lines[i], "tripreport: "))
            continue;
        if (!strstr(lines[i], "still needs filling"))
            g_error("not a value left to fill: %s", lines[i]);
        n++;
    }
    g_assert_cmpint(n, >, 3);
    g_strfreev(lines);
    result_clear(&r);
}

static void test_new_next_report(void)
{
    render_sample();
    char *dir = tmpdir();
    char *prev_dir = g_build_filename(dir, "017-matsue", NULL);
    char *older_dir = g_build_filename(dir, "003-old", NULL);
    g_assert_cmpint(g_mkdir(prev_dir, 0755), ==, 0);
    g_assert_cmpint(g_mkdir(older_dir, 0755), ==, 0);
    gsize len = 0;
    char *sample = file_bytes("samples/017-matsue/trip.txt", &len);
    char *p = g_build_filename(prev_dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(p, sample, (gssize)len, NULL));
    char *older = g_build_filename(older_dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(older, "number: 3\nplace: x\nperiod: 2020-01-01\ntraveler: 昔の人\n\n[text]\nheading: 古い\ntext: t\n", -1, NULL));

    /* Pictures already in the new folder: two with EXIF times, one without
     * (its file time, older than both, puts it first). */
    char *next = g_build_filename(dir, "018-aizu", NULL);
    char *photos = g_build_filename(next, "photos", NULL);
    g_assert_cmpint(g_mkdir_with_parents(photos, 0755), ==, 0);
    char *a = g_build_filename(photos, "a.jpg", NULL), *b = g_build_filename(photos, "b.jpg", NULL);
    char *c = g_build_filename(photos, "c.JPG", NULL);
    write_jpeg_taken(a, "tests/errors/photos/town-hall.jpg", "2024:06:04 10:00:00");
    write_jpeg_taken(b, "tests/errors/photos/town-hall.jpg", "2024:06:03 09:00:00");
    write_jpeg_taken(c, "tests/errors/photos/town-hall.jpg", "0000:00:00 00:00:00");
    struct timeval tv[2] = { { 978307200, 0 }, { 978307200, 0 } }; /* 2001 */
    g_assert_cmpint(utimes(c, tv), ==, 0);

    result r = RUN(bin, "new", next);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "note: made from '"));
    g_assert_nonnull(strstr(r.err, "017-matsue/trip.txt' as number 18, with 3 photos listed"));
    result_clear(&r);
    char *trip = g_build_filename(next, "trip.txt", NULL);
    char *text = NULL;
    g_assert_true(g_file_get_contents(trip, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "\nnumber: 18\n"));
    g_assert_nonnull(strstr(text, "\nseries: 旅する公務員\n"));
    g_assert_nonnull(strstr(text, "\ntraveler: デジタル変革戦略室 室長 小野広暁\n"));
    g_assert_nonnull(strstr(text, "\norganization: 磐梯町役場\n"));
    g_assert_nonnull(strstr(text, "\nheading: 「旅する公務員」 第18弾の概要\n"));
    g_assert_nonnull(strstr(text, "\ncolumns: 月日 | AM | PM | 宿泊\n"));
    g_assert_nonnull(strstr(text, "\nplace:\n"));
    g_assert_nonnull(strstr(text, "\nperiod:\n"));
    /* Nothing of the old report's facts, text or photos. */
    g_assert_null(strstr(text, "\nplace: 島根県松江市"));
    g_assert_null(strstr(text, "\nfact: 面積"));
    g_assert_null(strstr(text, "\nrow: 2024-02-07"));
    g_assert_null(strstr(text, "01-city-hall"));
    g_assert_null(strstr(text, "宍道湖"));
    /* The photos in the order taken. */
    const char *pc = strstr(text, "photo: photos/c.JPG\ncaption:\n");
    const char *pb = strstr(text, "photo: photos/b.jpg\ncaption:\n");
    const char *pa = strstr(text, "photo: photos/a.jpg\ncaption:\n");
    g_assert_true(pc && pb && pa && pc < pb && pb < pa);
    assert_only_unfilled(trip);

    /* Never over an existing trip.txt. */
    g_assert_true(g_file_set_contents(trip, "mine\n", -1, NULL));
    r = RUN(bin, "new", next);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "'new' never writes over one"));
    result_clear(&r);
    g_free(text);
    g_assert_true(g_file_get_contents(trip, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "mine\n");
    g_free(text);

    /* --from names the report to start from; no folder beside it needed. */
    char *other = g_build_filename(dir, "x", "new", NULL);
    char *xdir = g_build_filename(dir, "x", NULL);
    g_assert_cmpint(g_mkdir(xdir, 0755), ==, 0);
    r = RUN(bin, "new", other, "--from", older_dir);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *otrip = g_build_filename(other, "trip.txt", NULL);
    g_assert_true(g_file_get_contents(otrip, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "\nnumber: 4\n"));
    g_assert_nonnull(strstr(text, "\ntraveler: 昔の人\n"));
    char *ophotos = g_build_filename(other, "photos", NULL);
    g_assert_true(g_file_test(ophotos, G_FILE_TEST_IS_DIR));
    g_free(ophotos);
    g_free(text);

    /* Nothing beside it at all: the built-in outline, number 1. */
    char *lone = g_build_filename(dir, "x", "new", "only", NULL);
    r = RUN(bin, "new", lone, "--from", "/nonexistent/trip.txt");
    g_assert_cmpint(r.status, ==, 1);
    result_clear(&r);
    char *empty_parent = g_build_filename(dir, "y", NULL);
    g_assert_cmpint(g_mkdir(empty_parent, 0755), ==, 0);
    char *first = g_build_filename(empty_parent, "001-first", NULL);
    r = RUN(bin, "new", first);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *ftrip = g_build_filename(first, "trip.txt", NULL);
    g_assert_true(g_file_get_contents(ftrip, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "\nnumber: 1\n"));
    g_free(text);
    assert_only_unfilled(ftrip);

    rm_rf(dir);
    g_free(ftrip);
    g_free(first);
    g_free(empty_parent);
    g_free(lone);
    g_free(otrip);
    g_free(xdir);
    g_free(other);
    g_free(trip);
    g_free(a);
    g_free(b);
    g_free(c);
    g_free(photos);
    g_free(next);
    g_free(older);
    g_free(p);
    g_free(sample);
    g_free(older_dir);
    g_free(prev_dir);
    g_free(dir);
}

/*** watch ***/

static gint64 mtime_ns(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return -1;
    return (gint64)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
}

/* Waits up to 10 s for 'done' to say yes. */
static bool poll_until(bool (*done)(gpointer), gpointer data)
{
    for (int i = 0; i < 200; i++) {
        if (done(data))
            return true;
        g_usleep(50 * 1000);
    }
    return done(data);
}

typedef struct watch_state {
    const char *pdf, *log;
    gint64 since;   /* the PDF's mtime before the edit */
    const char *needle;
} watch_state;

static bool pdf_changed(gpointer data)
{
    watch_state *w = data;
    gint64 t = mtime_ns(w->pdf);
    return t >= 0 && t != w->since;
}

static bool log_has(gpointer data)
{
    watch_state *w = data;
    char *s = NULL;
    bool yes = g_file_get_contents(w->log, &s, NULL, NULL) && strstr(s, w->needle);
    g_free(s);
    return yes;
}

static void test_watch(void)
{
    char *dir = tmpdir();
    char *trip = write_trip(dir, good_trip);
    char *pdf = g_build_filename(dir, "w.pdf", NULL);
    char *log = g_build_filename(dir, "watch.log", NULL);
    char *cmd = g_strdup_printf("exec '%s' watch '%s' -o '%s' 2>'%s'", bin, trip, pdf, log);
    GPid pid = 0;
    GError *err = NULL;
    const char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    g_assert_true(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, &pid, &err));
    watch_state w = { pdf, log, -1, "w.pdf: 2 pages" };
    g_assert_true(poll_until(pdf_changed, &w));
    g_assert_true(poll_until(log_has, &w));

    /* An edit: the PDF is made again, once (a burst of saves makes one). */
    w.since = mtime_ns(pdf);
    char *edited = g_strconcat(good_trip, "text: 会津若松市を訪ねました。\n", NULL);
    g_usleep(20 * 1000);
    g_free(write_trip(dir, edited));
    g_free(write_trip(dir, edited));
    g_assert_true(poll_until(pdf_changed, &w));
    char *t = pdftotext(pdf);
    g_assert_nonnull(strstr(t, "会津若松市を訪ねました"));
    g_free(t);

    /* A bad edit: its errors, and the last good PDF stays. */
    gint64 good = mtime_ns(pdf);
    char *broken = g_strconcat(good_trip, "colums: x\n", NULL);
    g_free(write_trip(dir, broken));
    w.needle = "has 1 error; the last good output is kept";
    g_assert_true(poll_until(log_has, &w));
    g_assert_cmpint(mtime_ns(pdf), ==, good);
    t = pdftotext(pdf);
    g_assert_nonnull(strstr(t, "会津若松市を訪ねました"));
    g_free(t);
    char *s = NULL;
    g_assert_true(g_file_get_contents(log, &s, NULL, NULL));
    g_assert_nonnull(strstr(s, "error: unknown key 'colums'"));
    /* Two renders made the PDF: the first, and one for the burst of two
     * saves. */
    int made = 0;
    for (const char *q = s; (q = strstr(q, "w.pdf: 2 pages")); q++)
        made++;
    g_assert_cmpint(made, ==, 2);
    g_free(s);

    /* Ctrl-C: stops cleanly, exit status 0. */
    g_assert_cmpint(kill(pid, SIGINT), ==, 0);
    int status = 0;
    for (int i = 0; i < 200 && waitpid(pid, &status, WNOHANG) == 0; i++)
        g_usleep(50 * 1000);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 0);
    g_spawn_close_pid(pid);
    w.needle = "stopped watching";
    g_assert_true(log_has(&w));

    rm_rf(dir);
    g_free(broken);
    g_free(edited);
    g_free(cmd);
    g_free(log);
    g_free(pdf);
    g_free(trip);
    g_free(dir);
}

E2E_TESTS(add_commands_tests, 65)
{
    g_test_add_func("/e2e/commands/render-summary", test_render_summary);
    g_test_add_func("/e2e/commands/check-clean", test_check_clean);
    g_test_add_func("/e2e/commands/size-note", test_size_note);
    g_test_add_func("/e2e/commands/render-remembers", test_render_remembers);
    g_test_add_func("/e2e/commands/new", test_new_next_report);
    g_test_add_func("/e2e/commands/watch", test_watch);
}
