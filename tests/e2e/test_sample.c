/* test_sample: The sample report: its pages, text, kinsoku, page numbers; overflow, wide words, drafts; the Shift_JIS twin. */
#include "e2e.h"

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
    g_assert_nonnull(strstr(r.err, "tests/golden/wide-word.txt:10:29: warning: a word or number here is wider than its line"));
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

E2E_TESTS(add_sample_tests, 10)
{
    g_test_add_func("/e2e/sample/page-size", test_sample_page_size);
    g_test_add_func("/e2e/sample/title-and-closing", test_sample_title_and_closing);
    g_test_add_func("/e2e/sample/fonts-embedded", test_sample_fonts_embedded);
    g_test_add_func("/e2e/sample/seed-text", test_sample_seed_text);
    g_test_add_func("/e2e/sample/kinsoku", test_sample_kinsoku);
    g_test_add_func("/e2e/sample/page-numbers", test_sample_page_numbers);
    g_test_add_func("/e2e/overflow", test_overflow);
    g_test_add_func("/e2e/wide-word", test_wide_word);
    g_test_add_func("/e2e/draft", test_draft);
    g_test_add_func("/e2e/cp932/same-text", test_cp932_same_text);
}
