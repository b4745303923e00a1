/* test_i18n: the messages in the user's language. Every bad input of
 * tests/errors said in Japanese (LANGUAGE=ja; LANG=ja_JP.UTF-8 even where
 * that locale is not installed) with the same file:line:column and exit
 * status, and in English with LC_ALL=C; --help and usage errors too. */
#include "e2e.h"

/* Runs argv with the environment changed by 'set' ("NAME=VALUE", or
 * "NAME" alone to unset it; NULL-terminated). */
static result run_lang(const char *const *set, const char *const *argv)
{
    result r = { -1, NULL, NULL };
    char **env = g_get_environ();
    for (const char *const *s = set; *s; s++) {
        const char *eq = strchr(*s, '=');
        if (eq) {
            char *name = g_strndup(*s, (gsize)(eq - *s));
            env = g_environ_setenv(env, name, eq + 1, TRUE);
            g_free(name);
        } else {
            env = g_environ_unsetenv(env, *s);
        }
    }
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

#define JA_LANGUAGE ((const char *const[]){ "LC_ALL=C.UTF-8", "LANGUAGE=ja", NULL })
/* A Japanese desktop: LANG only, on a machine that may lack ja_JP.UTF-8. */
#define JA_LANG ((const char *const[]){ "LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG=ja_JP.UTF-8", NULL })
#define EN_C ((const char *const[]){ "LC_ALL=C", "LANGUAGE=ja", NULL })

/* 'text' with the user's values taken out: what is between 「」 or ''. */
static char *without_quoted(const char *text)
{
    GString *o = g_string_new(NULL);
    const char *p = text;
    while (*p) {
        if (g_str_has_prefix(p, "「")) {
            const char *end = strstr(p, "」");
            if (end) {
                p = end + strlen("」");
                continue;
            }
        } else if (*p == '\'') {
            const char *end = strchr(p + 1, '\'');
            if (end) {
                p = end + 1;
                continue;
            }
        }
        g_string_append_c(o, *p++);
    }
    return g_string_free(o, FALSE);
}

/* Whether 's' has two English words in a row ("not found", "is a"). */
static bool has_english(const char *s)
{
    GRegex *re = g_regex_new("\\b[A-Za-z]{2,}\\s+[a-z]{2,}\\b", 0, 0, NULL);
    bool found = g_regex_match(re, s, 0, NULL);
    g_regex_unref(re);
    return found;
}

/* Checks one line of Japanese diagnostics against the English line of
 * the same message: the same prefix (file:line:col:), a Japanese label,
 * a text with Japanese and no English sentence in it. */
static void check_japanese_line(const char *ja, const char *en)
{
    const char *labels_en[] = { ": error: ", ": warning: ", ": note: " };
    const char *labels_ja[] = { ": エラー: ", ": 警告: ", ": 注意: " };
    for (int k = 0; k < 3; k++) {
        const char *at = strstr(en, labels_en[k]);
        if (!at)
            continue;
        size_t prefix = (size_t)(at - en);
        if (strncmp(ja, en, prefix) != 0 || !g_str_has_prefix(ja + prefix, labels_ja[k]))
            g_error("not the same position and label:\n  en: %s\n  ja: %s", en, ja);
        const char *text = ja + prefix + strlen(labels_ja[k]);
        char *bare = without_quoted(text);
        bool japanese = false;
        for (const char *p = bare; *p; p = g_utf8_next_char(p)) {
            gunichar c = g_utf8_get_char(p);
            japanese |= (c >= 0x3040 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF);
        }
        if (!japanese || has_english(bare))
            g_error("not in Japanese:\n  %s\n  (English: %s)", ja, en);
        g_free(bare);
        return;
    }
    g_error("a line without error/warning/note: %s", en);
}

static void test_error_fixture(gconstpointer data)
{
    const char *txt = data;
    char *errf = g_strdup_printf("%.*serr", (int)strlen(txt) - 3, txt);
    char *want = NULL;
    g_assert_true(g_file_get_contents(errf, &want, NULL, NULL));
    /* English under the C locale, whatever LANGUAGE says. */
    result en = run_lang(EN_C, (const char *const[]){ bin, "check", txt, NULL });
    g_assert_cmpstr(en.err, ==, want);
    char **en_lines = g_strsplit(en.err, "\n", -1);
    const char *const *envs[] = { JA_LANGUAGE, JA_LANG };
    for (int e = 0; e < 2; e++) {
        result ja = run_lang(envs[e], (const char *const[]){ bin, "check", txt, NULL });
        g_assert_cmpint(ja.status, ==, en.status);
        char **ja_lines = g_strsplit(ja.err, "\n", -1);
        g_assert_cmpuint(g_strv_length(ja_lines), ==, g_strv_length(en_lines));
        for (int i = 0; en_lines[i]; i++)
            if (*en_lines[i])
                check_japanese_line(ja_lines[i], en_lines[i]);
        g_strfreev(ja_lines);
        result_clear(&ja);
    }
    g_strfreev(en_lines);
    result_clear(&en);
    g_free(want);
    g_free(errf);
}

/* --help and the usage errors: Japanese words where the English had them. */
static void test_help_and_usage(void)
{
    result r = run_lang(JA_LANGUAGE, (const char *const[]){ bin, "--help", NULL });
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "使い方: tripreport コマンド"));
    g_assert_nonnull(strstr(r.out, "終了コード: 0 完了"));
    result_clear(&r);
    r = run_lang(JA_LANGUAGE, (const char *const[]){ bin, "render", "--help", NULL });
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.out, "報告書の PDF を作ります"));
    g_assert_nonnull(strstr(r.out, "配布資料にする"));
    g_assert_null(strstr(r.out, "Print handouts"));
    result_clear(&r);
    r = run_lang(JA_LANG, (const char *const[]){ bin, "frobnicate", NULL });
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "「frobnicate」というコマンドはありません"));
    result_clear(&r);
    r = run_lang(JA_LANGUAGE, (const char *const[]){ bin, "render", "--handout", "5", "x.txt", NULL });
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "--handout には"));
    result_clear(&r);
    /* LANGUAGE alone, no locale variable at all. */
    r = run_lang((const char *const[]){ "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE=ja", NULL },
                 (const char *const[]){ bin, "check", NULL });
    g_assert_cmpint(r.status, ==, 2);
    g_assert_nonnull(strstr(r.err, "check には trip ファイルを一つ指定してください"));
    result_clear(&r);
    r = run_lang(EN_C, (const char *const[]){ bin, "render", "--help", NULL });
    g_assert_nonnull(strstr(r.out, "Print handouts"));
    result_clear(&r);
}

/* A batch's summary: Japanese counts. */
static void test_batch_summary(void)
{
    char *series = make_series();
    char *out = g_build_filename(series, "pdf", NULL);
    result r = run_lang(JA_LANGUAGE, (const char *const[]){ bin, "batch", series, "-o", out, "-j", "2", NULL });
    g_assert_cmpint(r.status, ==, 1);
    g_assert_nonnull(strstr(r.err, "作成 3 件、変更なし 0 件、失敗 2 件"));
    g_assert_nonnull(strstr(r.err, "失敗した報告書（以前に作った PDF はそのまま残っています）"));
    g_assert_nonnull(strstr(r.err, ": エラー: "));
    result_clear(&r);
    rm_rf(series);
    g_free(out);
    g_free(series);
}

E2E_TESTS(add_i18n_tests, 75)
{
    add_glob("tests/errors", "/e2e/i18n/errors", test_error_fixture);
    g_test_add_func("/e2e/i18n/help-and-usage", test_help_and_usage);
    g_test_add_func("/e2e/i18n/batch-summary", test_batch_summary);
}
