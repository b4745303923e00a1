/* End-to-end tests: run the built program on real trip files and check the
 * PDFs with poppler-utils (pdfinfo, pdftotext), the messages of bad inputs
 * against the .err files in tests/errors/, and layout dumps against the .dump files in tests/golden/.
 * The program is $TRIPREPORT_BIN, default out/tripreport; run from the
 * project's top folder. */
#include <glib.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

static const char *bin;
static GPtrArray *test_data; /* strings the registered tests point at */

typedef struct result {
    int status; /* exit status, or -1 if killed */
    char *out;
    char *err;
} result;

static void result_clear(result *r)
{
    g_free(r->out);
    g_free(r->err);
}

/* Runs argv (NULL-terminated) in 'cwd' (NULL = here), waits, captures. */
static result run_in(const char *cwd, const char *const *argv)
{
    result r = { -1, NULL, NULL };
    int wait = 0;
    GError *err = NULL;
    gboolean ok = g_spawn_sync(cwd, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &r.out, &r.err,
                               &wait, &err);
    g_assert_no_error(err);
    g_assert_true(ok);
    if (WIFEXITED(wait))
        r.status = WEXITSTATUS(wait);
    return r;
}

#define RUN(...) run_in(NULL, (const char *const[]){ __VA_ARGS__, NULL })

/* Runs argv with environment variable 'name' set to 'value' (NULL: unset). */
static result run_env(const char *name, const char *value, const char *const *argv)
{
    result r = { -1, NULL, NULL };
    char **env = g_get_environ();
    env = value ? g_environ_setenv(env, name, value, TRUE) : g_environ_unsetenv(env, name);
    int wait = 0;
    GError *err = NULL;
    gboolean ok = g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &r.out, &r.err, &wait, &err);
    g_assert_no_error(err);
    g_assert_true(ok);
    if (WIFEXITED(wait))
        r.status = WEXITSTATUS(wait);
    g_strfreev(env);
    return r;
}

static char *tmpdir(void)
{
    GError *err = NULL;
    char *d = g_dir_make_tmp("tripreport-e2e-XXXXXX", &err);
    g_assert_no_error(err);
    return d;
}

static void rm_rf(const char *path)
{
    result r = RUN("rm", "-rf", path);
    result_clear(&r);
}

/* Removes all white space, for comparing extracted text. */
static char *squeeze(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isspace(c) && c != 0x3000)
            g_string_append_unichar(o, c);
    }
    return g_string_free(o, FALSE);
}

static char *pdftotext(const char *pdf)
{
    result r = RUN("pdftotext", "-enc", "UTF-8", pdf, "-");
    g_assert_cmpint(r.status, ==, 0);
    g_free(r.err);
    return r.out;
}

static char *abs_path(const char *p)
{
    return g_canonicalize_filename(p, NULL);
}

/*** The sample ***/

static void assert_seed_in(const char *text, bool words);

static char *sample_pdf; /* rendered once, shared by the tests below */

static const char *render_sample(void)
{
    if (sample_pdf)
        return sample_pdf;
    char *dir = tmpdir();
    sample_pdf = g_build_filename(dir, "017-matsue.pdf", NULL);
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "-o", sample_pdf);
    if (r.status != 0)
        g_printerr("%s", r.err);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    g_free(dir);
    return sample_pdf;
}

static void test_sample_page_size(void)
{
    result r = RUN("pdfinfo", render_sample());
    g_assert_cmpint(r.status, ==, 0);
    /* A4 landscape: 297 x 210 mm. */
    g_assert_nonnull(strstr(r.out, "Page size:       841.89 x 595.276 pts (A4)"));
    result_clear(&r);
}

static void test_sample_title_and_closing(void)
{
    char *text = pdftotext(render_sample());
    char *sq = squeeze(text);
    /* Title page: series, number, place, period with weekdays. */
    const char *title[] = { "旅する公務員", "第17弾", "島根県松江市", "2024年2月7日（水）～2024年2月9日（金）" };
    for (guint i = 0; i < G_N_ELEMENTS(title); i++)
        g_assert_nonnull(strstr(sq, title[i]));
    /* Closing page, as the seed has it. */
    const char *closing[] = { "以上", "「旅する公務員」第17弾島根県松江市", "報告を終わります。",
                              "磐梯町役場デジタル変革戦略室室長小野広暁" };
    for (guint i = 0; i < G_N_ELEMENTS(closing); i++)
        g_assert_nonnull(strstr(sq, closing[i]));
    /* The closing page is the last page: its text comes after the title's. */
    g_assert_true(strstr(sq, "報告を終わります。") > strstr(sq, "第17弾"));
    g_free(sq);
    g_free(text);
}

static void test_sample_fonts_embedded(void)
{
    result r = RUN("pdffonts", render_sample());
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "BIZUDPGothic"));
    /* Every font line says "yes yes" for embedded and subset. */
    char **lines = g_strsplit(r.out, "\n", -1);
    int fonts = 0;
    for (int i = 2; lines[i]; i++) {
        if (!lines[i][0])
            continue;
        fonts++;
        g_assert_nonnull(strstr(lines[i], " yes yes "));
    }
    g_assert_cmpint(fonts, >, 0);
    g_strfreev(lines);
    result_clear(&r);
}

/* A Shift_JIS (CP932) copy of the sample gives the same text. */
static void test_cp932_same_text(void)
{
    char *dir = tmpdir();
    char *utf8 = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents("samples/017-matsue/trip.txt", &utf8, &len, NULL));
    /* Windows line ends too; and the characters Shift_JIS has no code for
     * (the seed's ² and U+2014) written as \u{…}, as such a user would. */
    GString *twin = g_string_new(NULL);
    int escaped = 0;
    for (const char *p = utf8; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        char buf[8] = { 0 };
        g_unichar_to_utf8(c, buf);
        /* Round trip: glibc writes U+2014 as 0x815C but reads that back as
         * U+2015, so only a character that comes back the same counts. */
        char *probe = g_convert(buf, -1, "CP932", "UTF-8", NULL, NULL, NULL);
        char *back = probe ? g_convert(probe, -1, "UTF-8", "CP932", NULL, NULL, NULL) : NULL;
        if (c == '\n')
            g_string_append(twin, "\r\n");
        else if (back && strcmp(back, buf) == 0)
            g_string_append(twin, buf);
        else {
            g_string_append_printf(twin, "\\u{%X}", c);
            escaped++;
        }
        g_free(back);
        g_free(probe);
    }
    g_assert_cmpint(escaped, ==, 2);
    char *crlf = g_string_free(twin, FALSE);
    gsize sjis_len = 0;
    GError *err = NULL;
    char *sjis = g_convert(crlf, -1, "CP932", "UTF-8", NULL, &sjis_len, &err);
    g_assert_no_error(err);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, sjis, (gssize)sjis_len, NULL));
    char *photos = abs_path("samples/017-matsue/photos");
    char *link = g_build_filename(dir, "photos", NULL);
    g_assert_cmpint(symlink(photos, link), ==, 0);

    char *pdf = g_build_filename(dir, "sjis.pdf", NULL);
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "warning: the file is not UTF-8; read it as Shift_JIS (CP932)"));
    result_clear(&r);

    char *a = pdftotext(render_sample());
    char *b = pdftotext(pdf);
    g_assert_cmpstr(a, ==, b);
    g_free(a);
    g_free(b);
    rm_rf(dir);
    g_free(pdf);
    g_free(link);
    g_free(photos);
    g_free(trip);
    g_free(sjis);
    g_free(crlf);
    g_free(utf8);
    g_free(dir);
}

/* Text of page 'n' without the footer and the page number, so that a
 * paragraph split over two pages reads on. */
static char *page_body(const char *pdf, int n)
{
    char *num = g_strdup_printf("%d", n);
    result r = RUN("pdftotext", "-enc", "UTF-8", "-f", num, "-l", num, pdf, "-");
    g_assert_cmpint(r.status, ==, 0);
    GString *o = g_string_new(NULL);
    char **lines = g_strsplit(r.out, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        char *l = g_strstrip(g_strdup(lines[i]));
        int a, b;
        char rest;
        bool footer = g_str_has_prefix(l, "旅する公務員 第17弾 島根県松江市") && i > 0;
        bool pageno = sscanf(l, "%d / %d%c", &a, &b, &rest) == 2;
        bool cont = g_str_has_suffix(l, "（続き）");
        if (!footer && !pageno && !cont) {
            g_string_append(o, l);
            g_string_append_c(o, '\n');
        }
        g_free(l);
    }
    g_strfreev(lines);
    result_clear(&r);
    g_free(num);
    return g_string_free(o, FALSE);
}

static int pdf_pages(const char *pdf)
{
    result r = RUN("pdfinfo", pdf);
    g_assert_cmpint(r.status, ==, 0);
    const char *p = strstr(r.out, "Pages:");
    g_assert_nonnull(p);
    int n = atoi(p + 6);
    result_clear(&r);
    return n;
}

/* Every line of the seed (the 第17弾 report's text) is in the PDF, white
 * space ignored; list markers and ** are the trip file's, table rows are
 * checked cell by cell. */
static void test_sample_seed_text(void)
{
    const char *pdf = render_sample();
    int pages = pdf_pages(pdf);
    GString *all = g_string_new(NULL);
    for (int i = 1; i <= pages; i++) {
        char *t = page_body(pdf, i);
        g_string_append(all, t);
        g_free(t);
    }
    assert_seed_in(all->str, false);
    g_string_free(all, TRUE);
}

static bool starts_forbidden(const char *s)
{
    static const char *const bad[] = { "。", "、", "」", "）", "』", "】", "！", "？", "ー", "ぁ", "ぃ", "ぅ", "ぇ", "ぉ",
                                       "っ", "ゃ", "ゅ", "ょ", "ゎ", "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ",
                                       "ヮ", "ヵ", "ヶ", NULL };
    for (int i = 0; bad[i]; i++)
        if (g_str_has_prefix(s, bad[i]))
            return true;
    return false;
}

static bool ends_forbidden(const char *s)
{
    static const char *const bad[] = { "「", "（", "『", "【", NULL };
    for (int i = 0; bad[i]; i++)
        if (g_str_has_suffix(s, bad[i]))
            return true;
    return false;
}

/* Kinsoku: in `pdftotext -layout`, no line (nor a column of it: runs
 * separated by two spaces or more) starts with closing punctuation, a
 * prolonged sound mark or a small kana, or ends with an opening bracket. */
static void check_kinsoku(const char *pdf)
{
    result r = RUN("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-");
    g_assert_cmpint(r.status, ==, 0);
    char **lines = g_strsplit(r.out, "\n", -1);
    int segs = 0;
    for (int i = 0; lines[i]; i++) {
        char **parts = g_regex_split_simple("(?:\\s{2,}|\\f)", lines[i], 0, 0);
        for (int j = 0; parts[j]; j++) {
            char *seg = g_strstrip(g_strdup(parts[j]));
            if (*seg) {
                segs++;
                if (starts_forbidden(seg) || ends_forbidden(seg))
                    g_test_message("kinsoku broken: '%s'", seg);
                g_assert_false(starts_forbidden(seg));
                g_assert_false(ends_forbidden(seg));
            }
            g_free(seg);
        }
        g_strfreev(parts);
    }
    g_assert_cmpint(segs, >, 50);
    g_strfreev(lines);
    result_clear(&r);
}

static void test_sample_kinsoku(void)
{
    check_kinsoku(render_sample());
}

/* Pages 2…N say "n / N"; the title page has no number. */
static void test_sample_page_numbers(void)
{
    const char *pdf = render_sample();
    int n = pdf_pages(pdf);
    g_assert_cmpint(n, >=, 9);
    for (int i = 1; i <= n; i++) {
        char *num = g_strdup_printf("%d", i);
        result r = RUN("pdftotext", "-enc", "UTF-8", "-f", num, "-l", num, pdf, "-");
        char *want = g_strdup_printf("%d / %d", i, n);
        if (i == 1)
            g_assert_null(strstr(r.out, " / "));
        else
            g_assert_nonnull(strstr(r.out, want));
        g_free(want);
        result_clear(&r);
        g_free(num);
    }
}

/* Text that does not fit flows onto pages headed （続き）, all of it. */
static void test_overflow(void)
{
    char *dir = tmpdir();
    GString *t = g_string_new("number: 99\nplace: 松江市\nperiod: 2024-02-07\ntraveler: 小野\n\n[text]\nheading: 長い報告\ntext:\n");
    GString *all = g_string_new(NULL);
    for (int i = 0; i < 40; i++) {
        char *p = g_strdup_printf("第%d段落。松江市役所の係長級職員約200名の皆さまに、2024年2月8日（木）の午前・午後の2コマ、磐梯町のデジタル変革の取り組みについてお話をさせていただきました（%d）。", i + 1, i + 1);
        g_string_append_printf(t, "  %s\n\n", p);
        g_string_append(all, p);
        g_free(p);
    }
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    char *pdf = g_build_filename(dir, "long.pdf", NULL);
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    int n = pdf_pages(pdf);
    g_assert_cmpint(n, >=, 4);
    char *text = pdftotext(pdf);
    g_assert_nonnull(strstr(text, "長い報告（続き）"));
    /* Everything is there once the furniture is removed, in order. */
    GString *body = g_string_new(NULL);
    for (int i = 1; i <= n; i++) {
        char *num = g_strdup_printf("%d", i);
        result pr = RUN("pdftotext", "-enc", "UTF-8", "-f", num, "-l", num, pdf, "-");
        g_free(num);
        char **lines = g_strsplit(pr.out, "\n", -1);
        for (int j = 0; lines[j]; j++) {
            int a, b;
            char rest;
            if (g_str_has_prefix(lines[j], "旅する公務員 第99弾") || g_str_has_prefix(lines[j], "長い報告") ||
                sscanf(lines[j], "%d / %d%c", &a, &b, &rest) == 2)
                continue;
            g_string_append(body, lines[j]);
        }
        g_strfreev(lines);
        result_clear(&pr);
    }
    char *sb = squeeze(body->str), *sa = squeeze(all->str);
    g_assert_nonnull(strstr(sb, sa));
    g_free(sb);
    g_free(sa);
    g_string_free(body, TRUE);
    check_kinsoku(pdf);
    g_free(text);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_string_free(all, TRUE);
    g_string_free(t, TRUE);
    g_free(dir);
}

/* A word wider than any line is broken inside, with a warning at its
 * line, and all of it is in the PDF. */
static void test_wide_word(void)
{
    char *dir = tmpdir();
    char *pdf = g_build_filename(dir, "w.pdf", NULL);
    result r = RUN(bin, "render", "tests/golden/wide-word.txt", "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "tests/golden/wide-word.txt:10:3: warning: a word or number here is wider than its line"));
    g_assert_nonnull(strstr(r.err, "tests/golden/wide-word.txt:15:11: warning: a word or number here is wider than its line"));
    result_clear(&r);
    char *text = pdftotext(pdf);
    char *sq = squeeze(text);
    GString *word = g_string_new("https://example.jp/");
    for (int i = 0; i < 260; i++)
        g_string_append_c(word, 'x');
    /* Twice: in the paragraph and in the table. */
    const char *first = strstr(sq, word->str);
    g_assert_nonnull(first);
    g_assert_nonnull(strstr(first + word->len, word->str));
    g_string_free(word, TRUE);
    g_free(sq);
    g_free(text);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* --draft: unusable photos are warnings and placeholders; the PDF is made. */
static void test_draft(void)
{
    char *dir = tmpdir();
    char *pdf = g_build_filename(dir, "draft.pdf", NULL);
    result r = RUN(bin, "render", "--draft", "tests/errors/bad-images.txt", "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "tests/errors/bad-images.txt:10:8: warning: image 'photos/fake.heic' is a HEIC photo"));
    g_assert_nonnull(strstr(r.err, "a placeholder is drawn instead (--draft)"));
    g_assert_null(strstr(r.err, "error:"));
    result_clear(&r);
    char *text = pdftotext(pdf);
    /* Four placeholders, each naming its file; the good photo is there. */
    int n = 0;
    for (const char *p = text; (p = strstr(p, "写真がまだありません")); p++)
        n++;
    g_assert_cmpint(n, ==, 4);
    g_assert_nonnull(strstr(text, "photos/fake.webp"));
    g_free(text);
    r = RUN("pdfimages", "-list", pdf);
    g_assert_nonnull(strstr(r.out, "jpeg"));
    result_clear(&r);
    /* Without --draft the same file is an error and no PDF is written. */
    g_unlink(pdf);
    r = RUN(bin, "render", "tests/errors/bad-images.txt", "-o", pdf);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/*** Photos ***/

static const char *const sample_photos[] = {
    "01-city-hall.jpg", "02-counter.jpg", "03-temporary.jpg", "04-space.jpg",
    "05-assembly.jpg",  "06-history.jpg", "07-gallery.jpg",   "08-sunrise.jpg",
};

/* pdfimages -list: every photo is a jpeg at its stored size, once. */
static void test_photos_listed(void)
{
    result r = RUN("pdfimages", "-list", render_sample());
    g_assert_cmpint(r.status, ==, 0);
    int jpegs = 0, big = 0, tall = 0, png = 0;
    char **lines = g_strsplit(r.out, "\n", -1);
    for (int i = 2; lines[i]; i++) {
        int page, num, w, h;
        char type[16], enc[16];
        if (sscanf(lines[i], "%d %d %15s %d %d %*s %*d %*d %15s", &page, &num, type, &w, &h, enc) != 6)
            continue;
        if (strcmp(enc, "jpeg") == 0) {
            jpegs++;
            big += w == 4032 && h == 3024;
            tall += w == 3024 && h == 4032;
        } else if (w == 1600 && h == 1200) {
            png++;
        }
    }
    g_strfreev(lines);
    /* 6 stored landscape (04 is landscape with EXIF 6), 2 portrait, 1 map. */
    g_assert_cmpint(jpegs, ==, 8);
    g_assert_cmpint(big, ==, 6);
    g_assert_cmpint(tall, ==, 2);
    g_assert_cmpint(png, ==, 1);
    result_clear(&r);
}

/* pdfimages -j gives back each photo's own bytes, and the PDF is not much
 * more than its photos. */
static void test_photos_passthrough(void)
{
    char *dir = tmpdir();
    char *prefix = g_build_filename(dir, "img", NULL);
    result r = RUN("pdfimages", "-j", render_sample(), prefix);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    GHashTable *extracted = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GDir *gd = g_dir_open(dir, 0, NULL);
    const char *n;
    while ((n = g_dir_read_name(gd))) {
        if (!g_str_has_suffix(n, ".jpg"))
            continue;
        char *path = g_build_filename(dir, n, NULL);
        char *bytes = NULL;
        gsize len = 0;
        g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
        char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);
        g_hash_table_add(extracted, sum);
        g_free(bytes);
        g_free(path);
    }
    g_dir_close(gd);
    gsize photo_bytes = 0;
    for (guint i = 0; i < G_N_ELEMENTS(sample_photos); i++) {
        char *path = g_build_filename("samples/017-matsue/photos", sample_photos[i], NULL);
        char *bytes = NULL;
        gsize len = 0;
        g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
        photo_bytes += len;
        char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);
        if (!g_hash_table_contains(extracted, sum))
            g_test_message("%s is not in the PDF byte for byte", path);
        g_assert_true(g_hash_table_contains(extracted, sum));
        g_free(sum);
        g_free(bytes);
        g_free(path);
    }
    g_assert_cmpuint(g_hash_table_size(extracted), ==, G_N_ELEMENTS(sample_photos));
    g_hash_table_unref(extracted);
    GStatBuf st;
    g_assert_cmpint(g_stat(render_sample(), &st), ==, 0);
    GStatBuf map;
    g_assert_cmpint(g_stat("samples/017-matsue/photos/matsue-map.png", &map), ==, 0);
    /* Photos + map (re-compressed by cairo, at most its file size again)
     * + fonts and pages: well under 300 KB on top. */
    g_test_message("PDF %ld bytes, photos %zu bytes, map %ld bytes", (long)st.st_size, photo_bytes, (long)map.st_size);
    g_assert_cmpint(st.st_size, <=, (gint64)photo_bytes + 2 * map.st_size + 300 * 1024);
    rm_rf(dir);
    g_free(prefix);
    g_free(dir);
}

/* A rendered page as RGB pixels (pdftoppm at 72 dpi: one pixel a point). */
typedef struct pixmap {
    int w, h;
    guchar *rgb;
} pixmap;

static pixmap render_page(const char *pdf, int page, const char *dir)
{
    char *num = g_strdup_printf("%d", page);
    char *prefix = g_build_filename(dir, "pg", NULL);
    result r = RUN("pdftoppm", "-r", "72", "-f", num, "-l", num, "-singlefile", pdf, prefix);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *ppm = g_strconcat(prefix, ".ppm", NULL);
    char *bytes = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(ppm, &bytes, &len, NULL));
    pixmap pm = { 0, 0, NULL };
    int maxv = 0, off = 0;
    g_assert_cmpint(sscanf(bytes, "P6 %d %d %d%n", &pm.w, &pm.h, &maxv, &off), ==, 3);
    off++; /* the single white space after maxval */
    g_assert_cmpuint(len, >=, (gsize)off + (gsize)pm.w * pm.h * 3);
    pm.rgb = g_memdup2(bytes + off, (gsize)pm.w * pm.h * 3);
    g_free(bytes);
    g_free(ppm);
    g_free(prefix);
    g_free(num);
    return pm;
}

static void pixel(const pixmap *pm, double x, double y, int *r, int *g, int *b)
{
    int ix = (int)x, iy = (int)y;
    g_assert_true(ix >= 0 && iy >= 0 && ix < pm->w && iy < pm->h);
    const guchar *p = pm->rgb + ((gsize)iy * pm->w + ix) * 3;
    *r = p[0];
    *g = p[1];
    *b = p[2];
}

/* Every EXIF orientation: the fixture's top half is red, its bottom half
 * blue, once shown upright; on the rendered page red is above blue where
 * each photo sits, and the photo box is landscape (160 × 120 shown). */
static void test_photos_orientation(void)
{
    char *dir = tmpdir();
    GString *t = g_string_new("number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n\n[photos]\nheading: 向き\n");
    char *fx = abs_path("out/fixtures");
    for (int i = 1; i <= 8; i++)
        g_string_append_printf(t, "photo: %s/orient-%d.jpg\ncaption: EXIF %d\n", fx, i, i);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    char *pdf = g_build_filename(dir, "o.pdf", NULL);
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN(bin, "render", "--dump", trip);
    g_assert_cmpint(r.status, ==, 0);
    char **lines = g_strsplit(r.out, "\n", -1);
    int page = 0, seen = 0;
    pixmap pm = { 0, 0, NULL };
    for (int i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], "page ")) {
            page = atoi(lines[i] + 5);
            g_free(pm.rgb);
            pm = render_page(pdf, page, dir);
            continue;
        }
        double x, y, w, h;
        char path[512];
        if (sscanf(lines[i], "  image photo %lf %lf %lf %lf %511s", &x, &y, &w, &h, path) != 5)
            continue;
        /* Shown landscape like the upright picture (4:3). */
        g_assert_cmpfloat(fabs(w / h - 4.0 / 3.0), <, 0.01);
        int rr, gg, bb;
        pixel(&pm, x + w / 2, y + h / 4, &rr, &gg, &bb);
        if (!(rr > 200 && bb < 60))
            g_test_message("%s: top is %d,%d,%d, not red", path, rr, gg, bb);
        g_assert_true(rr > 200 && bb < 60);
        pixel(&pm, x + w / 2, y + h * 3 / 4, &rr, &gg, &bb);
        if (!(bb > 200 && rr < 60))
            g_test_message("%s: bottom is %d,%d,%d, not blue", path, rr, gg, bb);
        g_assert_true(bb > 200 && rr < 60);
        seen++;
    }
    g_assert_cmpint(seen, ==, 8);
    g_free(pm.rgb);
    g_strfreev(lines);
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_free(fx);
    g_string_free(t, TRUE);
    g_free(dir);
}

/* --image-dpi 150: a much smaller PDF whose images are at most 150 dpi
 * where they sit; photos stay JPEG. */
static void test_photos_image_dpi(void)
{
    char *dir = tmpdir();
    char *pdf = g_build_filename(dir, "s150.pdf", NULL);
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--image-dpi", "150", "--jpeg-quality", "80", "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    GStatBuf small, full;
    g_assert_cmpint(g_stat(pdf, &small), ==, 0);
    g_assert_cmpint(g_stat(render_sample(), &full), ==, 0);
    g_test_message("PDF %ld bytes at --image-dpi 150, %ld bytes passed through", (long)small.st_size, (long)full.st_size);
    g_assert_cmpint(small.st_size * 10, <, full.st_size);
    r = RUN("pdfimages", "-list", pdf);
    char **lines = g_strsplit(r.out, "\n", -1);
    int images = 0, jpegs = 0;
    for (int i = 2; lines[i]; i++) {
        char enc[16];
        int xppi = 0, yppi = 0;
        if (sscanf(lines[i], "%*d %*d %*s %*d %*d %*s %*d %*d %15s %*s %*d %*d %d %d", enc, &xppi, &yppi) != 3)
            continue;
        images++;
        jpegs += strcmp(enc, "jpeg") == 0;
        g_assert_cmpint(xppi, <=, 151);
        g_assert_cmpint(yppi, <=, 151);
    }
    g_assert_cmpint(images, ==, 9);
    g_assert_cmpint(jpegs, ==, 8);
    g_strfreev(lines);
    result_clear(&r);
    r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--jpeg-quality", "0", "-o", pdf);
    g_assert_cmpint(r.status, ==, 2);
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* Every broken or unsupported image from the generator: an error at its
 * photo's line that says what it is; memory stays small whatever a header
 * claims (the 60000×60000 one). */
static void test_photos_bad_fixtures(void)
{
    static const struct {
        const char *file, *says;
    } cases[] = {
        { "empty.jpg", "is empty (0 bytes)" },
        { "truncated.jpg", "is a truncated or damaged JPEG" },
        { "huge-header.jpg", "claims 60000×60000 pixels, more than the 50-megapixel limit" },
        { "not-image.jpg", "is not an image" },
        { "fake.heic", "is a HEIC photo, which PDF cannot hold: convert it to JPEG" },
        { "fake.webp", "is a WebP image" },
        { "fake.gif", "is a GIF image" },
        { "truncated.png", "is a truncated or damaged PNG" },
    };
    char *dir = tmpdir();
    char *fx = abs_path("out/fixtures");
    GString *t = g_string_new("number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n\n[photos]\nheading: h\n");
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
        g_string_append_printf(t, "photo: %s/%s\ncaption: c\n", fx, cases[i].file);
    /* A PNG named .jpg and a JPEG named .png are fine: read by their bytes. */
    g_string_append_printf(t, "photo: %s/png-as-jpg.jpg\ncaption: c\nphoto: %s/jpg-as-png.png\ncaption: c\n", fx, fx);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    result r = RUN(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 1);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *want = g_strdup_printf("%s:%u:8: error: image '%s/%s' %s", trip, 8 + 2 * i, fx, cases[i].file, cases[i].says);
        if (!strstr(r.err, want))
            g_test_message("missing: %s", want);
        g_assert_nonnull(strstr(r.err, want));
        g_free(want);
    }
    g_assert_null(strstr(r.err, "png-as-jpg"));
    g_assert_null(strstr(r.err, "jpg-as-png"));
    result_clear(&r);
    char *pdf = g_build_filename(dir, "d.pdf", NULL);
    r = RUN(bin, "render", "--draft", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN("pdfimages", "-list", pdf);
    /* The two good ones: a PNG (flate) and a JPEG passed through. */
    g_assert_nonnull(strstr(r.out, " jpeg "));
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_string_free(t, TRUE);
    g_free(fx);
    g_free(dir);
}

/*** The official PDF ***/

static char *file_bytes(const char *path, gsize *len)
{
    char *b = NULL;
    g_assert_true(g_file_get_contents(path, &b, len, NULL));
    return b;
}

static JsonNode *qpdf_json(const char *pdf)
{
    result r = RUN("qpdf", "--json", pdf);
    g_assert_cmpint(r.status, ==, 0);
    GError *err = NULL;
    JsonNode *n = json_from_string(r.out, &err);
    g_assert_no_error(err);
    result_clear(&r);
    return n;
}

/* Metadata from the trip: title, author, creator, dates from date:. */
static void test_pdf_metadata(void)
{
    char *dir = tmpdir();
    char *pdf = g_build_filename(dir, "m.pdf", NULL);
    result r = run_env("SOURCE_DATE_EPOCH", NULL,
                       (const char *const[]){ bin, "render", "samples/017-matsue/trip.txt", "-o", pdf, NULL });
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = run_env("TZ", "UTC", (const char *const[]){ "pdfinfo", pdf, NULL });
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "Title:           旅する公務員 第17弾 島根県松江市\n"));
    g_assert_nonnull(strstr(r.out, "Author:          小野広暁\n"));
    g_assert_nonnull(strstr(r.out, "Creator:         tripreport "));
    g_assert_nonnull(strstr(r.out, "Subject:         「旅する公務員」第17弾の報告：島根県松江市"));
    g_assert_nonnull(strstr(r.out, "Keywords:        旅する公務員, 第17弾, 島根県松江市"));
    /* date: 2024-02-20, at 00:00 in Japan. */
    g_assert_nonnull(strstr(r.out, "CreationDate:    Mon Feb 19 15:00:00 2024 UTC\n"));
    g_assert_nonnull(strstr(r.out, "ModDate:         Mon Feb 19 15:00:00 2024 UTC\n"));
    g_assert_nonnull(strstr(r.out, "Tagged:          yes\n"));
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* Two renders are byte-identical; SOURCE_DATE_EPOCH changes the dates and
 * nothing else; -o - writes the same bytes. */
static void test_pdf_identical(void)
{
    char *dir = tmpdir();
    char *a = g_build_filename(dir, "a.pdf", NULL), *b = g_build_filename(dir, "b.pdf", NULL);
    char *c = g_build_filename(dir, "c.pdf", NULL);
    const char *trip = "tests/golden/photos.txt";
    result r = RUN(bin, "render", trip, "-o", a);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN(bin, "render", trip, "-o", b);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    gsize la, lb, lc;
    char *ba = file_bytes(a, &la), *bb = file_bytes(b, &lb);
    g_assert_cmpuint(la, ==, lb);
    g_assert_true(memcmp(ba, bb, la) == 0);
    /* Standard output. */
    r = RUN(bin, "render", trip, "-o", "-");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(memcmp(r.out, ba, la) == 0);
    result_clear(&r);
    /* Another date: only the date strings differ. */
    r = run_env("SOURCE_DATE_EPOCH", "1900000000", (const char *const[]){ bin, "render", trip, "-o", c, NULL });
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *bc = file_bytes(c, &lc);
    g_assert_cmpuint(lc, ==, la);
    int differing = 0;
    for (gsize i = 0; i < la; i++) {
        if (ba[i] == bc[i])
            continue;
        differing++;
        /* Inside a date string: "(D:2024…" or "(2024…" a few bytes back. */
        gsize j = i;
        while (j > 0 && i - j < 24 && ba[j] != '(')
            j--;
        g_assert_true(ba[j] == '(');
        g_assert_true(g_ascii_isdigit(ba[j + 1]) || ba[j + 1] == 'D');
    }
    g_assert_cmpint(differing, >, 0);
    g_free(ba);
    g_free(bb);
    g_free(bc);
    rm_rf(dir);
    g_free(a);
    g_free(b);
    g_free(c);
    g_free(dir);
}

static const char *json_str(JsonObject *o, const char *key)
{
    return json_object_has_member(o, key) ? json_object_get_string_member(o, key) : NULL;
}

/* Bookmarks: one per page heading, continuations under their first page;
 * page labels 表紙, then the printed numbers. */
static void test_pdf_outline_labels(void)
{
    JsonNode *root = qpdf_json(render_sample());
    JsonObject *o = json_node_get_object(root);
    JsonArray *outlines = json_object_get_array_member(o, "outlines");
    GString *seen = g_string_new(NULL);
    for (guint i = 0; i < json_array_get_length(outlines); i++) {
        JsonObject *e = json_array_get_object_element(outlines, i);
        g_string_append_printf(seen, "%s@%d", json_str(e, "title"), (int)json_object_get_int_member(e, "destpageposfrom1"));
        JsonArray *kids = json_object_get_array_member(e, "kids");
        for (guint k = 0; k < json_array_get_length(kids); k++) {
            JsonObject *kid = json_array_get_object_element(kids, k);
            g_string_append_printf(seen, "[%s@%d]", json_str(kid, "title"),
                                   (int)json_object_get_int_member(kid, "destpageposfrom1"));
        }
        g_string_append_c(seen, '|');
    }
    g_assert_cmpstr(seen->str, ==,
                    "表紙@1|「旅する公務員」の目的@2|「旅する公務員」 第17弾の概要@3|「A面」的 目的について考える@4|"
                    "「B面」的 目的について報告①@5|「B面」 的 目的について報告②@6|"
                    "「B面」的 目的について報告③@7[「B面」的 目的について報告③（続き）@8]|"
                    "「B面」的 目的について報告③@9[「B面」的 目的について報告③（続き）@10]|おわりに@11|");
    g_string_free(seen, TRUE);
    JsonArray *labels = json_object_get_array_member(o, "pagelabels");
    g_assert_cmpuint(json_array_get_length(labels), ==, 2);
    JsonObject *l0 = json_object_get_object_member(json_array_get_object_element(labels, 0), "label");
    g_assert_cmpstr(json_str(l0, "/P"), ==, "u:表紙");
    JsonObject *l1e = json_array_get_object_element(labels, 1);
    g_assert_cmpint(json_object_get_int_member(l1e, "index"), ==, 1);
    JsonObject *l1 = json_object_get_object_member(l1e, "label");
    g_assert_cmpstr(json_str(l1, "/S"), ==, "/D");
    g_assert_cmpint(json_object_get_int_member(l1, "/St"), ==, 2);
    json_node_unref(root);
}

/* What cairo cannot write, added by the incremental update: the catalog's
 * /Lang and every Figure's /Alt (its alt:, else its caption); the file
 * stays valid. */
static void test_pdf_lang_alt(void)
{
    const char *pdf = render_sample();
    result r = RUN("qpdf", "--check", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN("qpdf", "--json", pdf);
    g_assert_nonnull(strstr(r.out, "\"/Lang\": \"u:ja\""));
    const char *alts[] = {
        "u:島根県 松江市の画像（出典：OpenStreetMap）", "u:松江市役所（右側建築中）",
        "u:1階のひろびろとした市民窓口 受付管理システムも導入", "u:明るい市民利用スペース",
        "u:松江城址の木々の向こう、宍道湖の上に昇る朝日", /* alt: wins over the caption */
    };
    for (guint i = 0; i < G_N_ELEMENTS(alts); i++) {
        char *want = g_strdup_printf("\"/Alt\": \"%s\"", alts[i]);
        if (!strstr(r.out, want))
            g_test_message("missing %s", want);
        g_assert_nonnull(strstr(r.out, want));
        g_free(want);
    }
    int figures = 0, with_alt = 0;
    for (const char *p = r.out; (p = strstr(p, "\"/S\": \"/Figure\"")); p++)
        figures++;
    for (const char *p = r.out; (p = strstr(p, "\"/Alt\": ")); p++)
        with_alt++;
    g_assert_cmpint(figures, ==, 9);
    g_assert_cmpint(with_alt, ==, 9);
    result_clear(&r);
}

/* Links: the map credit names OpenStreetMap; URLs and [text](url). */
static void test_pdf_links(void)
{
    result r = RUN("qpdf", "--json", render_sample());
    g_assert_nonnull(strstr(r.out, "\"/URI\": \"u:https://www.openstreetmap.org/copyright\""));
    result_clear(&r);
    char *dir = tmpdir();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip,
        "number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n[text]\nheading: h\ntext:\n"
        "  詳しくは https://www.town.bandai.fukushima.jp/dx/ をご覧ください。[松江市](https://www.city.matsue.lg.jp/)も。\n", -1, NULL));
    char *pdf = g_build_filename(dir, "l.pdf", NULL);
    r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN("qpdf", "--json", pdf);
    g_assert_nonnull(strstr(r.out, "\"/URI\": \"u:https://www.town.bandai.fukushima.jp/dx/\""));
    g_assert_nonnull(strstr(r.out, "\"/URI\": \"u:https://www.city.matsue.lg.jp/\""));
    result_clear(&r);
    char *text = pdftotext(pdf);
    g_assert_nonnull(strstr(text, "松江市も。"));   /* the brackets are gone */
    g_assert_null(strstr(text, "](https"));
    g_free(text);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_free(dir);
}

/* A layout naming a face that is not installed fails and says what to do. */
static void test_pdf_missing_font(void)
{
    char *dir = tmpdir();
    char *lay = g_build_filename(dir, "x.layout", NULL);
    g_assert_true(g_file_set_contents(lay, "base: default\nfont-body: BIZ UDPMincho\n", -1, NULL));
    char *pdf = g_build_filename(dir, "f.pdf", NULL);
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--layout", lay, "-o", pdf);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "error: font-body 'BIZ UDPMincho' is not installed; install it with 'sudo apt-get install fonts-morisawa-bizud-mincho'"));
    g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
    result_clear(&r);
    r = RUN(bin, "fonts");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "font-body     'BIZ UDPGothic'\n  regular: BIZ UDPGothic ("));
    result_clear(&r);
    rm_rf(dir);
    g_free(pdf);
    g_free(lay);
    g_free(dir);
}

/* No temporary file is left in 'dir', and 'pdf' still holds 'old'. */
static void assert_untouched(const char *dir, const char *pdf, const char *old)
{
    char *now = NULL;
    g_assert_true(g_file_get_contents(pdf, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, old);
    g_free(now);
    GDir *gd = g_dir_open(dir, 0, NULL);
    const char *n;
    while ((n = g_dir_read_name(gd)))
        g_assert_false(g_str_has_prefix(n, ".") && !g_str_has_prefix(n, ".tripreport-"));
    g_dir_close(gd);
}

static void limit_file_size(gpointer data)
{
    (void)data;
    struct rlimit rl = { 200 * 1024, 200 * 1024 };
    setrlimit(RLIMIT_FSIZE, &rl);
    signal(SIGXFSZ, SIG_IGN);
}

/* A disk that fills up mid-way: the old PDF stays, no temporary file. */
static void test_pdf_disk_full(void)
{
    char *dir = tmpdir();
    char *pdf = g_build_filename(dir, "017.pdf", NULL);
    g_assert_true(g_file_set_contents(pdf, "%PDF-old", -1, NULL));
    char *out = NULL, *err = NULL;
    int wait = 0;
    const char *argv[] = { bin, "render", "samples/017-matsue/trip.txt", "-o", pdf, NULL };
    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, 0, limit_file_size, NULL, &out, &err, &wait, NULL));
    g_assert_true(WIFEXITED(wait));
    g_assert_cmpint(WEXITSTATUS(wait), ==, 1);
    g_assert_nonnull(strstr(err, "error: cannot write the PDF: File too large"));
    assert_untouched(dir, pdf, "%PDF-old");
    g_free(out);
    g_free(err);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/* Ctrl-C at any moment: the old PDF, or the whole new one; never a part
 * of one, never a temporary file left. */
static void test_pdf_interrupted(void)
{
    char *dir = tmpdir();
    char *pdf = g_build_filename(dir, "017.pdf", NULL);
    int interrupted = 0;
    for (int delay_ms = 0; delay_ms <= 400; delay_ms += 25) {
        g_assert_true(g_file_set_contents(pdf, "%PDF-old", -1, NULL));
        const char *argv[] = { bin, "render", "samples/017-matsue/trip.txt", "-o", pdf, NULL };
        GPid pid;
        g_assert_true(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL));
        g_usleep((gulong)delay_ms * 1000);
        kill(pid, SIGINT);
        int wait = 0;
        waitpid(pid, &wait, 0);
        g_spawn_close_pid(pid);
        char *now = NULL;
        gsize len = 0;
        g_assert_true(g_file_get_contents(pdf, &now, &len, NULL));
        if (WIFSIGNALED(wait)) {
            interrupted++;
            g_assert_cmpstr(now, ==, "%PDF-old");
        } else {
            g_assert_true(len > 1000 && memcmp(now, "%PDF-", 5) == 0 && g_strstr_len(now + len - 64, 64, "%%EOF"));
        }
        g_free(now);
        GDir *gd = g_dir_open(dir, 0, NULL);
        const char *n;
        while ((n = g_dir_read_name(gd)))
            g_assert_false(g_str_has_prefix(n, "."));
        g_dir_close(gd);
    }
    g_test_message("interrupted %d times of 17", interrupted);
    g_assert_cmpint(interrupted, >, 0);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/*** Batch and volume ***/

/* A folder of reports: three good ones (two share a photo), one with a
 * misspelt key, one whose photo is missing. */
static char *make_series(void)
{
    char *dir = tmpdir();
    char *fx = abs_path("out/fixtures");
    static const struct {
        const char *name;
        int number;
        const char *extra;
    } r[] = {
        { "001-aizu", 1, "photo: %s/landscape.jpg\ncaption: 会津の町並み\n" },
        { "002-kitakata", 2, "photo: %s/portrait.jpg\ncaption: 蔵の町\nphoto: %s/landscape.jpg\ncaption: 同じ写真\n" },
        { "003-bad", 3, "colums: x\n" },
        { "004-missing", 4, "photo: %s/no-such-photo.jpg\ncaption: まだない\n" },
        { "005-inawashiro", 5, "photo: %s/orient-6.jpg\ncaption: 湖\n" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(r); i++) {
        char *sub = g_build_filename(dir, r[i].name, NULL);
        g_mkdir(sub, 0755);
        char *extra = g_strdup_printf(r[i].extra, fx, fx);
        char *text = g_strdup_printf("number: %d\nplace: 福島県\nperiod: 2024-0%d-01 .. 2024-0%d-02\ntraveler: 磐梯太郎\n"
                                     "organization: 磐梯町役場\n\n[photos]\nheading: 写真\n%s\n[closing]\n",
                                     r[i].number, r[i].number, r[i].number, extra);
        char *trip = g_build_filename(sub, "trip.txt", NULL);
        g_assert_true(g_file_set_contents(trip, text, -1, NULL));
        g_free(trip);
        g_free(text);
        g_free(extra);
        g_free(sub);
    }
    g_free(fx);
    return dir;
}

static char *out_of(const char *dir)
{
    return g_build_filename(dir, "pdf", NULL);
}

static void test_batch_survives(void)
{
    char *dir = make_series();
    char *out = out_of(dir);
    g_mkdir(out, 0755);
    /* An earlier PDF of the report that now fails. */
    char *old = g_build_filename(out, "003-bad.pdf", NULL);
    g_assert_true(g_file_set_contents(old, "%PDF-old", -1, NULL));
    char *j = g_strdup("-j2");
    const char *argv[] = { bin, "batch", dir, "-o", out, j, NULL };
    const char *env_name = "TRIPREPORT_TEST_CRASH";
    result r = run_env(env_name, "005-inawashiro.pdf", argv);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "rendered 2, skipped 0, failed 3, pages "));
    /* Failures listed with their file:line messages. */
    char *bad = g_build_filename(dir, "003-bad", "trip.txt", NULL);
    char *want = g_strdup_printf("%s:9:1: error: unknown key 'colums'", bad);
    g_assert_nonnull(strstr(r.err, want));
    g_assert_nonnull(strstr(r.err, "no-such-photo.jpg' not found"));
    g_assert_nonnull(strstr(r.err, ": crashed (signal 6)"));
    g_assert_nonnull(strstr(r.err, "] 001-aizu.pdf: rendered, 3 pages"));
    result_clear(&r);
    /* The good ones are there; the earlier PDF of the bad one untouched. */
    char *a = g_build_filename(out, "001-aizu.pdf", NULL), *b = g_build_filename(out, "002-kitakata.pdf", NULL);
    g_assert_true(g_file_test(a, G_FILE_TEST_IS_REGULAR));
    g_assert_true(g_file_test(b, G_FILE_TEST_IS_REGULAR));
    assert_untouched(out, old, "%PDF-old");
    g_free(a);
    g_free(b);
    g_free(want);
    g_free(bad);
    g_free(j);
    rm_rf(dir);
    g_free(old);
    g_free(out);
    g_free(dir);
}

static void test_batch_incremental(void)
{
    char *dir = make_series();
    char *out = out_of(dir);
    result r = RUN(bin, "batch", dir, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0, failed 2"));
    result_clear(&r);
    /* Nothing changed: all skipped. */
    r = RUN(bin, "batch", dir, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 0, skipped 3, failed 2"));
    result_clear(&r);
    /* A new modification time, the same content: still skipped. */
    char *trip1 = g_build_filename(dir, "001-aizu", "trip.txt", NULL);
    result t = RUN("touch", "-d", "2030-01-01", trip1);
    result_clear(&t);
    r = RUN(bin, "batch", dir, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 0, skipped 3, failed 2"));
    result_clear(&r);
    /* New content: that one only. */
    char *text = NULL;
    g_assert_true(g_file_get_contents(trip1, &text, NULL, NULL));
    char **parts = g_strsplit(text, "会津の町並み", 2);
    char *more = g_strjoinv("会津の古い町並み", parts);
    g_strfreev(parts);
    g_assert_true(g_file_set_contents(trip1, more, -1, NULL));
    r = RUN(bin, "batch", dir, "-o", out);
    g_assert_nonnull(strstr(r.err, "rendered 1, skipped 2, failed 2"));
    g_assert_nonnull(strstr(r.err, "001-aizu.pdf: rendered"));
    result_clear(&r);
    /* Another page design: everything again; --force: everything. */
    r = RUN(bin, "batch", dir, "-o", out, "--layout", "print");
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0, failed 2"));
    result_clear(&r);
    r = RUN(bin, "batch", dir, "-o", out, "--layout", "print", "--force");
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0, failed 2"));
    result_clear(&r);
    /* A PDF removed by hand is made again. */
    char *pdf2 = g_build_filename(out, "002-kitakata.pdf", NULL);
    g_unlink(pdf2);
    r = RUN(bin, "batch", dir, "-o", out, "--layout", "print");
    g_assert_nonnull(strstr(r.err, "rendered 1, skipped 2, failed 2"));
    result_clear(&r);
    g_free(pdf2);
    g_free(more);
    g_free(text);
    g_free(trip1);
    rm_rf(dir);
    g_free(out);
    g_free(dir);
}

/* One process or two: the same bytes. */
static void test_batch_parallel_identical(void)
{
    char *dir = make_series();
    char *o1 = g_build_filename(dir, "j1", NULL), *o2 = g_build_filename(dir, "j2", NULL);
    result r = RUN(bin, "batch", dir, "-o", o1, "-j1");
    result_clear(&r);
    r = RUN(bin, "batch", dir, "-o", o2, "-j2");
    result_clear(&r);
    const char *names[] = { "001-aizu.pdf", "002-kitakata.pdf", "005-inawashiro.pdf" };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        char *a = g_build_filename(o1, names[i], NULL), *b = g_build_filename(o2, names[i], NULL);
        gsize la, lb;
        char *ba = file_bytes(a, &la), *bb = file_bytes(b, &lb);
        g_assert_cmpuint(la, ==, lb);
        g_assert_true(memcmp(ba, bb, la) == 0);
        g_free(ba);
        g_free(bb);
        g_free(a);
        g_free(b);
    }
    rm_rf(dir);
    g_free(o1);
    g_free(o2);
    g_free(dir);
}

/* Ctrl-C: the batch stops its children; no partial file anywhere. */
static void test_batch_interrupted(void)
{
    char *dir = make_series();
    char *out = out_of(dir);
    const char *argv[] = { bin, "batch", dir, "-o", out, "-j1", "--force", NULL };
    GPid pid;
    g_assert_true(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL));
    g_usleep(150 * 1000);
    kill(pid, SIGINT);
    int wait = 0;
    waitpid(pid, &wait, 0);
    g_spawn_close_pid(pid);
    /* Stopped by its handler (130), or by the signal itself when it came
     * before the handler was set; finished (0/1) if it was quicker. */
    g_assert_true((WIFEXITED(wait) && (WEXITSTATUS(wait) == 130 || WEXITSTATUS(wait) <= 1)) ||
                  (WIFSIGNALED(wait) && WTERMSIG(wait) == SIGINT));
    GDir *gd = g_dir_open(out, 0, NULL);
    const char *n;
    while (gd && (n = g_dir_read_name(gd))) {
        /* Only the state files start with a dot; no temporary PDFs. */
        if (n[0] == '.')
            g_assert_true(g_str_has_prefix(n, ".tripreport-"));
    }
    if (gd)
        g_dir_close(gd);
    rm_rf(dir);
    g_free(out);
    g_free(dir);
}

/* The series as one volume: contents, reports in order, numbers through,
 * a bookmark per report with its own inside, a shared photo stored once. */
static void test_volume(void)
{
    char *dir = make_series();
    char *pdf = g_build_filename(dir, "series.pdf", NULL);
    result r = RUN(bin, "volume", dir, "-o", pdf);
    g_assert_cmpint(r.status, ==, 1); /* two reports cannot be read */
    g_assert_nonnull(strstr(r.err, "unknown key 'colums'"));
    result_clear(&r);
    int n = pdf_pages(pdf);
    g_assert_cmpint(n, ==, 1 + 3 + 3 + 3);
    char *p1 = page_body(pdf, 1);
    g_assert_nonnull(strstr(p1, "目次"));
    g_assert_nonnull(strstr(p1, "第1弾"));
    g_assert_nonnull(strstr(p1, "第5弾"));
    g_free(p1);
    char *num = g_strdup_printf("%d", n);
    r = RUN("pdftotext", "-f", num, "-l", num, pdf, "-");
    char *last = g_strdup_printf("%d / %d", n, n);
    g_assert_nonnull(strstr(r.out, last));
    result_clear(&r);
    JsonNode *root = qpdf_json(pdf);
    JsonArray *ol = json_object_get_array_member(json_node_get_object(root), "outlines");
    g_assert_cmpuint(json_array_get_length(ol), ==, 4);
    JsonObject *second = json_array_get_object_element(ol, 2);
    g_assert_cmpstr(json_str(second, "title"), ==, "第2弾 福島県");
    g_assert_cmpint(json_object_get_int_member(second, "destpageposfrom1"), ==, 5);
    g_assert_cmpuint(json_array_get_length(json_object_get_array_member(second, "kids")), ==, 3);
    json_node_unref(root);
    /* landscape.jpg is in two reports: one image object. */
    r = RUN("pdfimages", "-list", pdf);
    int uses = 0;
    GHashTable *objects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char **lines = g_strsplit(r.out, "\n", -1);
    for (int i = 2; lines[i]; i++) {
        char enc[16];
        int obj = 0;
        if (sscanf(lines[i], "%*d %*d %*s %*d %*d %*s %*d %*d %15s %*s %d", enc, &obj) != 2 || strcmp(enc, "jpeg") != 0)
            continue;
        uses++;
        g_hash_table_add(objects, g_strdup_printf("%d", obj));
    }
    g_strfreev(lines);
    /* 4 photos placed, 3 files: landscape.jpg, used by two reports, once. */
    g_assert_cmpint(uses, ==, 4);
    g_assert_cmpuint(g_hash_table_size(objects), ==, 3);
    g_hash_table_unref(objects);
    result_clear(&r);
    g_free(last);
    g_free(num);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

/*** Handouts and previews ***/

/* Every piece of the seed's text (whole lines, or with 'words' each word)
 * is in 'text'. */
static void assert_seed_in(const char *text, bool words)
{
    char *sq = squeeze(text);
    char *seed = NULL;
    g_assert_true(g_file_get_contents("tests/e2e/seed-017.txt", &seed, NULL, NULL));
    char **lines = g_regex_split_simple(words ? "[\\t\\n ]+" : "[\\t\\n]", seed, 0, 0);
    int checked = 0;
    for (int i = 0; lines[i]; i++) {
        const char *p = lines[i];
        while (*p == ' ')
            p++;
        while (g_str_has_prefix(p, "- ") || g_str_has_prefix(p, "・ "))
            p += g_str_has_prefix(p, "- ") ? 2 : strlen("・ ");
        if (strcmp(p, "-") == 0 || strcmp(p, "・") == 0)
            continue;
        GString *w = g_string_new(NULL);
        for (const char *q = p; *q; q++)
            if (!(q[0] == '*' && q[1] == '*') && !(q > p && q[-1] == '*' && q[0] == '*'))
                g_string_append_c(w, *q);
        char *ws = squeeze(w->str);
        if (*ws) {
            if (!strstr(sq, ws))
                g_test_message("missing: %s", ws);
            g_assert_nonnull(strstr(sq, ws));
            checked++;
        }
        g_free(ws);
        g_string_free(w, TRUE);
    }
    g_assert_cmpint(checked, >, 80);
    g_strfreev(lines);
    g_free(seed);
    g_free(sq);
}

static int distinct_jpegs(const char *pdf, int *uses)
{
    result r = RUN("pdfimages", "-list", pdf);
    GHashTable *objects = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char **lines = g_strsplit(r.out, "\n", -1);
    *uses = 0;
    for (int i = 2; lines[i]; i++) {
        char enc[16];
        int obj = 0;
        if (sscanf(lines[i], "%*d %*d %*s %*d %*d %*s %*d %*d %15s %*s %d", enc, &obj) != 2 || strcmp(enc, "jpeg") != 0)
            continue;
        (*uses)++;
        g_hash_table_add(objects, g_strdup_printf("%d", obj));
    }
    g_strfreev(lines);
    result_clear(&r);
    int n = (int)g_hash_table_size(objects);
    g_hash_table_unref(objects);
    return n;
}

/* --handout K: A4 portrait sheets, ceil(11 / K) of them, all the slides'
 * text, each photo one shared JPEG, a footer with the number and date. */
static void test_handouts(void)
{
    char *dir = tmpdir();
    const int ks[] = { 1, 2, 3, 4, 6 };
    for (guint i = 0; i < G_N_ELEMENTS(ks); i++) {
        char *k = g_strdup_printf("%d", ks[i]);
        char *pdf = g_strdup_printf("%s/h%d.pdf", dir, ks[i]);
        result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--handout", k, "-o", pdf);
        g_assert_cmpint(r.status, ==, 0);
        result_clear(&r);
        r = RUN("pdfinfo", pdf);
        g_assert_nonnull(strstr(r.out, "Page size:       595.276 x 841.89 pts (A4)"));
        result_clear(&r);
        int sheets = (11 + ks[i] - 1) / ks[i];
        g_assert_cmpint(pdf_pages(pdf), ==, sheets);
        char *text = pdftotext(pdf);
        /* Slides side by side (4, 6) interleave in text extraction: there
         * every word is checked; stacked ones keep whole lines. */
        assert_seed_in(text, ks[i] >= 4);
        char *foot = g_strdup_printf("旅する公務員 第17弾 — %d / %d", sheets, sheets);
        g_assert_nonnull(strstr(text, foot));
        g_assert_nonnull(strstr(text, "2024年2月20日"));
        g_free(foot);
        g_free(text);
        int uses = 0;
        g_assert_cmpint(distinct_jpegs(pdf, &uses), ==, 8);
        g_assert_cmpint(uses, ==, 8);
        g_free(pdf);
        g_free(k);
    }
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--handout", "5", "-o", "/dev/null");
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "--handout takes 1, 2, 3, 4 or 6"));
    result_clear(&r);
    rm_rf(dir);
    g_free(dir);
}

static void png_size(const char *path, int *w, int *h)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    *w = cairo_image_surface_get_width(s);
    *h = cairo_image_surface_get_height(s);
    cairo_surface_destroy(s);
}

/* --png: a PNG a page (or a sheet) at the asked resolution, a range with
 * --pages, photos decoded upright. */
static void test_previews(void)
{
    char *dir = tmpdir();
    char *pv = g_build_filename(dir, "pv", NULL);
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--png", pv, "--dpi", "50");
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    for (int i = 1; i <= 11; i++) {
        char *f = g_strdup_printf("%s/017-matsue-%02d.png", pv, i);
        int w, h;
        png_size(f, &w, &h);
        g_assert_cmpint(w, ==, (int)ceil(841.8897 * 50 / 72));
        g_assert_cmpint(h, ==, (int)ceil(595.2756 * 50 / 72));
        g_free(f);
    }
    char *f12 = g_strdup_printf("%s/017-matsue-12.png", pv);
    g_assert_false(g_file_test(f12, G_FILE_TEST_EXISTS));
    g_free(f12);
    rm_rf(pv);
    r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--png", pv, "--pages", "3-5", "--handout", "1");
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    GDir *gd = g_dir_open(pv, 0, NULL);
    int n = 0;
    const char *name;
    while ((name = g_dir_read_name(gd))) {
        n++;
        g_assert_true(strcmp(name, "017-matsue-03.png") == 0 || strcmp(name, "017-matsue-04.png") == 0 ||
                      strcmp(name, "017-matsue-05.png") == 0);
        char *f = g_build_filename(pv, name, NULL);
        int w, h;
        png_size(f, &w, &h);
        g_assert_cmpint(w, ==, (int)ceil(595.2756 * 96 / 72)); /* a portrait sheet at 96 dpi */
        g_assert_cmpint(h, ==, (int)ceil(841.8897 * 96 / 72));
        g_free(f);
    }
    g_dir_close(gd);
    g_assert_cmpint(n, ==, 3);
    r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--pages", "3");
    g_assert_cmpint(r.status, ==, 2); /* --pages needs --png */
    result_clear(&r);
    /* Photos decoded upright: the EXIF fixtures, red above blue. */
    GString *t = g_string_new("number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n\n[photos]\nheading: 向き\n");
    char *fx = abs_path("out/fixtures");
    g_string_append_printf(t, "photo: %s/orient-6.jpg\ncaption: EXIF 6\nphoto: %s/orient-3.jpg\ncaption: EXIF 3\n", fx, fx);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    char *pv2 = g_build_filename(dir, "pv2", NULL);
    r = RUN(bin, "render", trip, "--png", pv2, "--dpi", "72", "--pages", "2");
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN(bin, "render", "--dump", trip);
    char *base = g_path_get_basename(dir); /* …/NAME/trip.txt is report NAME */
    char *png = g_strdup_printf("%s/%s-02.png", pv2, base);
    g_free(base);
    cairo_surface_t *s = cairo_image_surface_create_from_png(png);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    int stride = cairo_image_surface_get_stride(s);
    const guchar *px = cairo_image_surface_get_data(s);
    char **lines = g_strsplit(r.out, "\n", -1);
    int seen = 0;
    for (int i = 0; lines[i]; i++) {
        double x, y, w, h;
        if (sscanf(lines[i], "  image photo %lf %lf %lf %lf", &x, &y, &w, &h) != 4)
            continue;
        const guint32 *top = (const guint32 *)(px + (int)(y + h / 4) * stride) + (int)(x + w / 2);
        const guint32 *bot = (const guint32 *)(px + (int)(y + 3 * h / 4) * stride) + (int)(x + w / 2);
        g_assert_cmpuint((*top >> 16) & 0xFF, >, 200); /* red */
        g_assert_cmpuint(*top & 0xFF, <, 60);
        g_assert_cmpuint(*bot & 0xFF, >, 200);         /* blue */
        g_assert_cmpuint((*bot >> 16) & 0xFF, <, 60);
        seen++;
    }
    g_assert_cmpint(seen, ==, 2);
    g_strfreev(lines);
    cairo_surface_destroy(s);
    result_clear(&r);
    g_free(png);
    g_free(pv2);
    g_free(trip);
    g_free(fx);
    g_string_free(t, TRUE);
    rm_rf(dir);
    g_free(pv);
    g_free(dir);
}

/* --grayscale: colours grey, photos still passed through in colour;
 * --grayscale-photos: photos grey JPEGs too. */
static void test_grayscale(void)
{
    char *dir = tmpdir();
    char *a = g_build_filename(dir, "g.pdf", NULL), *b = g_build_filename(dir, "gp.pdf", NULL);
    result r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--grayscale", "-o", a);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    r = RUN(bin, "render", "samples/017-matsue/trip.txt", "--grayscale-photos", "-o", b);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    /* The heading band of page 2, rendered: grey, not navy. */
    pixmap pm = render_page(a, 2, dir);
    int rr, gg, bb;
    pixel(&pm, 10, 10, &rr, &gg, &bb);
    g_assert_cmpint(ABS(rr - bb), <=, 2);
    g_assert_cmpint(ABS(rr - gg), <=, 2);
    g_assert_cmpint(rr, <, 100);
    g_free(pm.rgb);
    r = RUN("pdfimages", "-list", a);
    g_assert_nonnull(strstr(r.out, "rgb     3   8  jpeg"));
    g_assert_null(strstr(r.out, "gray    1   8  jpeg"));
    result_clear(&r);
    r = RUN("pdfimages", "-list", b);
    g_assert_nonnull(strstr(r.out, "gray    1   8  jpeg"));
    g_assert_null(strstr(r.out, "rgb     3   8  jpeg"));
    result_clear(&r);
    rm_rf(dir);
    g_free(a);
    g_free(b);
    g_free(dir);
}

/* Batch and volume take --handout too. */
static void test_handout_batch_volume(void)
{
    char *dir = make_series();
    char *out = out_of(dir);
    result r = RUN(bin, "batch", dir, "-o", out, "--handout", "2");
    g_assert_nonnull(strstr(r.err, "rendered 3, skipped 0, failed 2"));
    result_clear(&r);
    char *pdf = g_build_filename(out, "002-kitakata.pdf", NULL);
    r = RUN("pdfinfo", pdf);
    g_assert_nonnull(strstr(r.out, "Page size:       595.276 x 841.89 pts (A4)"));
    g_assert_nonnull(strstr(r.out, "Pages:           2\n")); /* 3 slides, 2 a sheet */
    result_clear(&r);
    char *vol = g_build_filename(dir, "v.pdf", NULL);
    r = RUN(bin, "volume", dir, "-o", vol, "--handout", "6");
    result_clear(&r);
    g_assert_cmpint(pdf_pages(vol), ==, 2); /* 10 slides, 6 a sheet */
    g_free(vol);
    g_free(pdf);
    rm_rf(dir);
    g_free(out);
    g_free(dir);
}

/*** The command line ***/

static void test_check_misspelt_key(void)
{
    char *dir = tmpdir();
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    const char *text = "number: 1\nplace: 松江市\nperiod: 2024-02-07\ntraveler: 小野\n\n"
                       "[schedule]\nheading: 日程\ncolums: 月日 | AM\nrow: 2024-02-07 | 移動\n";
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    result r = RUN(bin, "check", trip);
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("%s:8:1: error: unknown key 'colums' (did you mean 'columns'?)\n", trip);
    g_assert_nonnull(strstr(r.err, want));
    g_assert_cmpstr(r.out, ==, "");
    g_free(want);
    result_clear(&r);
    rm_rf(dir);
    g_free(trip);
    g_free(dir);
}

static void test_usage(void)
{
    result r = run_in(NULL, (const char *const[]){ bin, NULL });
    g_assert_cmpint(r.status, ==, 2);
    result_clear(&r);
    r = RUN(bin, "--version");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_true(g_str_has_prefix(r.out, "tripreport "));
    result_clear(&r);
    r = RUN(bin, "--help");
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "render TRIP"));
    result_clear(&r);
    r = RUN(bin, "frobnicate");
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "unknown command 'frobnicate'"));
    result_clear(&r);
    r = RUN(bin, "render");
    g_assert_cmpint(r.status, ==, 2);
    result_clear(&r);
    r = RUN(bin, "render", "--no-such-option", "x.txt");
    g_assert_cmpint(r.status, ==, 2);
    result_clear(&r);
    r = RUN(bin, "check", "/nonexistent/trip.txt");
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "/nonexistent/trip.txt: error: cannot read the file: no such file"));
    result_clear(&r);
}

/* Without -o the PDF goes to out/<folder>.pdf under the working folder. */
static void test_default_output(void)
{
    char *dir = tmpdir();
    char *sub = g_build_filename(dir, "018-test", NULL);
    g_mkdir(sub, 0755);
    char *trip = g_build_filename(sub, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, "number: 18\nplace: 会津若松市\nperiod: 2024-05-01\ntraveler: 小野\n\n[closing]\n", -1, NULL));
    char *abin = abs_path(bin);
    result r = run_in(dir, (const char *const[]){ abin, "render", "018-test/trip.txt", NULL });
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *pdf = g_build_filename(dir, "out", "018-test.pdf", NULL);
    g_assert_true(g_file_test(pdf, G_FILE_TEST_IS_REGULAR));
    char *text = pdftotext(pdf);
    char *sq = squeeze(text);
    g_assert_nonnull(strstr(sq, "第18弾"));
    g_assert_nonnull(strstr(sq, "2024年5月1日（水）"));
    g_free(sq);
    g_free(text);
    rm_rf(dir);
    g_free(pdf);
    g_free(abin);
    g_free(trip);
    g_free(sub);
    g_free(dir);
}

/* A run that fails leaves an existing PDF as it was, and no temporary file. */
static void test_failed_render_keeps_pdf(void)
{
    char *dir = tmpdir();
    char *pdf = g_build_filename(dir, "report.pdf", NULL);
    g_assert_true(g_file_set_contents(pdf, "%PDF-old", -1, NULL));
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, "number: x\n", -1, NULL));
    result r = RUN(bin, "render", trip, "-o", pdf);
    g_assert_cmpint(r.status, ==, 1);
    result_clear(&r);
    char *now = NULL;
    g_assert_true(g_file_get_contents(pdf, &now, NULL, NULL));
    g_assert_cmpstr(now, ==, "%PDF-old");
    g_free(now);
    GDir *gd = g_dir_open(dir, 0, NULL);
    int n = 0;
    while (g_dir_read_name(gd))
        n++;
    g_dir_close(gd);
    g_assert_cmpint(n, ==, 2);
    rm_rf(dir);
    g_free(trip);
    g_free(pdf);
    g_free(dir);
}

/*** Bad inputs: tests/errors/NAME.txt and the exact stderr NAME.err ***/

static void test_error_case(gconstpointer data)
{
    const char *txt = data;
    char *errf = g_strdup_printf("%.*serr", (int)strlen(txt) - 3, txt);
    char *want = NULL;
    g_assert_true(g_file_get_contents(errf, &want, NULL, NULL));
    result r = RUN(bin, "check", txt);
    g_assert_cmpstr(r.err, ==, want);
    /* Errors exit 1; a file with warnings only exits 0. */
    g_assert_cmpint(r.status, ==, strstr(want, ": error: ") ? 1 : 0);
    result_clear(&r);
    g_free(want);
    g_free(errf);
}

/*** Golden layout dumps: tests/golden/NAME.txt -> NAME.dump ***/

static void test_golden(gconstpointer data)
{
    const char *txt = data;
    char *dumpf = g_strdup_printf("%.*sdump", (int)strlen(txt) - 3, txt);
    result r = RUN(bin, "render", "--dump", txt);
    if (r.status != 0)
        g_printerr("%s", r.err);
    g_assert_cmpint(r.status, ==, 0);
    if (g_getenv("GOLDEN_UPDATE")) {
        g_assert_true(g_file_set_contents(dumpf, r.out, -1, NULL));
    } else {
        char *want = NULL;
        if (!g_file_get_contents(dumpf, &want, NULL, NULL))
            g_error("%s is missing: run 'make golden-update' and review it", dumpf);
        if (strcmp(want, r.out) != 0) {
            char *got = g_strconcat(dumpf, ".got", NULL);
            g_file_set_contents(got, r.out, -1, NULL);
            result d = RUN("diff", "-u", dumpf, got);
            g_printerr("%s", d.out);
            result_clear(&d);
            g_unlink(got);
            g_free(got);
        }
        /* The diff above says what changed; the dumps themselves are long. */
        g_assert_true(strcmp(want, r.out) == 0);
        g_free(want);
    }
    result_clear(&r);
    g_free(dumpf);
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Nothing outside the page, no text running out of its box, no two text
 * or image boxes on a page overlapping: checked on a layout dump. */
typedef struct rect {
    double x, y, w, h;
    char role[32];
} rect;

static void check_dump_geometry(const char *dump, const char *name)
{
    double W = 0, H = 0;
    g_assert_cmpint(sscanf(dump, "document %lfx%lf", &W, &H), ==, 2);
    g_assert_null(strstr(dump, " OVERFLOW"));
    char **lines = g_strsplit(dump, "\n", -1);
    GArray *boxes = g_array_new(FALSE, FALSE, sizeof(rect));
    int page = 0, checked = 0;
    for (int i = 0;; i++) {
        const char *l = lines[i];
        if (!l || g_str_has_prefix(l, "page ")) {
            /* Check the page just read. */
            for (guint a = 0; a < boxes->len; a++) {
                rect *ra = &g_array_index(boxes, rect, a);
                for (guint b = a + 1; b < boxes->len; b++) {
                    rect *rb = &g_array_index(boxes, rect, b);
                    double ox = MIN(ra->x + ra->w, rb->x + rb->w) - MAX(ra->x, rb->x);
                    double oy = MIN(ra->y + ra->h, rb->y + rb->h) - MAX(ra->y, rb->y);
                    if (ox > 0.5 && oy > 0.5)
                        g_test_message("%s page %d: %s box overlaps %s box", name, page, ra->role, rb->role);
                    g_assert_false(ox > 0.5 && oy > 0.5);
                    checked++;
                }
            }
            g_array_set_size(boxes, 0);
            if (!l)
                break;
            page++;
            continue;
        }
        rect r = { 0 };
        char type[16];
        if (sscanf(l, "  %15s %31s %lf %lf %lf %lf", type, r.role, &r.x, &r.y, &r.w, &r.h) != 6)
            continue;
        if (strcmp(type, "text") != 0 && strcmp(type, "image") != 0 && strcmp(type, "fill") != 0)
            continue;
        g_assert_cmpfloat(r.x, >=, -0.01);
        g_assert_cmpfloat(r.y, >=, -0.01);
        g_assert_cmpfloat(r.x + r.w, <=, W + 0.01);
        g_assert_cmpfloat(r.y + r.h, <=, H + 0.01);
        if (strcmp(type, "fill") != 0)
            g_array_append_val(boxes, r);
    }
    g_assert_cmpint(page, >, 0);
    (void)checked;
    g_array_unref(boxes);
    g_strfreev(lines);
}

static void test_geometry(gconstpointer data)
{
    const char *txt = data;
    result r = RUN(bin, "render", "--dump", txt);
    g_assert_cmpint(r.status, ==, 0);
    check_dump_geometry(r.out, txt);
    result_clear(&r);
}

static void add_glob(const char *dir, const char *prefix, GTestDataFunc fn)
{
    GDir *gd = g_dir_open(dir, 0, NULL);
    if (!gd)
        return;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;
    while ((n = g_dir_read_name(gd)))
        if (g_str_has_suffix(n, ".txt"))
            g_ptr_array_add(names, g_strdup(n));
    g_dir_close(gd);
    g_ptr_array_sort(names, cmp_names);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *path = g_build_filename(dir, name, NULL);
        char *test = g_strdup_printf("%s/%.*s", prefix, (int)strlen(name) - 4, name);
        g_test_add_data_func(test, path, fn);
        g_ptr_array_add(test_data, path); /* freed after the run */
        g_free(test);
    }
    g_ptr_array_unref(names);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_setenv("LC_ALL", "C.UTF-8", TRUE);
    g_setenv("SOURCE_DATE_EPOCH", "1708387200", TRUE);
    bin = g_getenv("TRIPREPORT_BIN");
    if (!bin)
        bin = "out/tripreport";

    g_test_add_func("/e2e/sample/page-size", test_sample_page_size);
    g_test_add_func("/e2e/sample/title-and-closing", test_sample_title_and_closing);
    g_test_add_func("/e2e/sample/fonts-embedded", test_sample_fonts_embedded);
    g_test_add_func("/e2e/sample/seed-text", test_sample_seed_text);
    g_test_add_func("/e2e/sample/kinsoku", test_sample_kinsoku);
    g_test_add_func("/e2e/sample/page-numbers", test_sample_page_numbers);
    g_test_add_func("/e2e/overflow", test_overflow);
    g_test_add_func("/e2e/wide-word", test_wide_word);
    g_test_add_func("/e2e/draft", test_draft);
    g_test_add_func("/e2e/photos/listed", test_photos_listed);
    g_test_add_func("/e2e/photos/passthrough", test_photos_passthrough);
    g_test_add_func("/e2e/photos/orientation", test_photos_orientation);
    g_test_add_func("/e2e/photos/image-dpi", test_photos_image_dpi);
    g_test_add_func("/e2e/photos/bad-fixtures", test_photos_bad_fixtures);
    g_test_add_func("/e2e/batch/survives", test_batch_survives);
    g_test_add_func("/e2e/batch/incremental", test_batch_incremental);
    g_test_add_func("/e2e/batch/parallel-identical", test_batch_parallel_identical);
    g_test_add_func("/e2e/batch/interrupted", test_batch_interrupted);
    g_test_add_func("/e2e/volume", test_volume);
    g_test_add_func("/e2e/handout/sheets", test_handouts);
    g_test_add_func("/e2e/handout/previews", test_previews);
    g_test_add_func("/e2e/handout/grayscale", test_grayscale);
    g_test_add_func("/e2e/handout/batch-and-volume", test_handout_batch_volume);
    g_test_add_func("/e2e/pdf/metadata", test_pdf_metadata);
    g_test_add_func("/e2e/pdf/identical", test_pdf_identical);
    g_test_add_func("/e2e/pdf/outline-and-labels", test_pdf_outline_labels);
    g_test_add_func("/e2e/pdf/links", test_pdf_links);
    g_test_add_func("/e2e/pdf/lang-and-alt", test_pdf_lang_alt);
    g_test_add_func("/e2e/pdf/missing-font", test_pdf_missing_font);
    g_test_add_func("/e2e/pdf/disk-full", test_pdf_disk_full);
    g_test_add_func("/e2e/pdf/interrupted", test_pdf_interrupted);
    g_test_add_func("/e2e/cp932/same-text", test_cp932_same_text);
    g_test_add_func("/e2e/cli/misspelt-key", test_check_misspelt_key);
    g_test_add_func("/e2e/cli/usage", test_usage);
    g_test_add_func("/e2e/cli/default-output", test_default_output);
    g_test_add_func("/e2e/cli/failed-render-keeps-pdf", test_failed_render_keeps_pdf);
    test_data = g_ptr_array_new_with_free_func(g_free);
    add_glob("tests/errors", "/e2e/errors", test_error_case);
    add_glob("tests/golden", "/e2e/golden", test_golden);
    add_glob("tests/golden", "/e2e/geometry", test_geometry);
    g_test_add_data_func("/e2e/geometry/sample", "samples/017-matsue/trip.txt", test_geometry);
    int rc = g_test_run();
    g_ptr_array_unref(test_data);
    if (sample_pdf) {
        char *dir = g_path_get_dirname(sample_pdf);
        rm_rf(dir);
        g_free(dir);
        g_free(sample_pdf);
    }
    return rc;
}
