/* test_pdf: The official PDF: metadata, identical rebuilds, outline, links, /Lang and /Alt, a missing face, a full disk, Ctrl-C. */
#include "e2e.h"

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
    /* The dates are in a compressed object stream: compare the files as
     * qpdf writes them out plain (the same way for both). */
    char *qa = g_build_filename(dir, "a.qdf", NULL), *qc = g_build_filename(dir, "c.qdf", NULL);
    for (int k = 0; k < 2; k++) {
        r = RUN("qpdf", "--qdf", "--object-streams=disable", "--static-id", k ? c : a, k ? qc : qa);
        g_assert_cmpint(r.status, ==, 0);
        result_clear(&r);
    }
    g_free(ba);
    ba = file_bytes(qa, &la);
    char *bc = file_bytes(qc, &lc);
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
    g_free(qa);
    g_free(qc);
    g_free(ba);
    g_free(bb);
    g_free(bc);
    rm_rf(dir);
    g_free(a);
    g_free(b);
    g_free(c);
    g_free(dir);
}

/* The references "N G R" in 'n' (qpdf's JSON) into 'refs'. */
static void collect_refs(JsonNode *n, GHashTable *refs)
{
    if (JSON_NODE_HOLDS_OBJECT(n)) {
        GList *members = json_object_get_values(json_node_get_object(n));
        for (GList *m = members; m; m = m->next)
            collect_refs(m->data, refs);
        g_list_free(members);
    } else if (JSON_NODE_HOLDS_ARRAY(n)) {
        JsonArray *a = json_node_get_array(n);
        for (guint i = 0; i < json_array_get_length(a); i++)
            collect_refs(json_array_get_element(a, i), refs);
    } else if (json_node_get_value_type(n) == G_TYPE_STRING) {
        const char *s = json_node_get_string(n);
        if (g_regex_match_simple("^\\d+ \\d+ R$", s, 0, 0))
            g_hash_table_add(refs, g_strdup(s));
    }
}

/* Every object of the sample's PDF is used: another object or the trailer
 * refers to it (the object streams are found through the cross-reference
 * stream). A stream's /Length is written in its dictionary, and the length
 * objects cairo wrote for the photos' placeholders are not written. */
static void test_pdf_no_orphans(void)
{
    JsonNode *root = qpdf_json(render_sample());
    JsonArray *q = json_object_get_array_member(json_node_get_object(root), "qpdf");
    JsonObject *objs = json_array_get_object_element(q, 1);
    GList *keys = json_object_get_members(objs);
    /* What each object and the trailer refer to. */
    GHashTable *refs_of = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_hash_table_unref);
    for (GList *k = keys; k; k = k->next) {
        GHashTable *refs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        collect_refs(json_object_get_member(objs, k->data), refs);
        g_hash_table_insert(refs_of, k->data, refs);
    }
    int seen = 0, orphans = 0;
    for (GList *k = keys; k; k = k->next) {
        const char *key = k->data;
        if (!g_str_has_prefix(key, "obj:"))
            continue;
        seen++;
        JsonObject *o = json_object_get_object_member(objs, key);
        JsonObject *sd = json_object_has_member(o, "stream")
                             ? json_object_get_object_member(json_object_get_object_member(o, "stream"), "dict")
                             : NULL;
        const char *type = sd && json_object_has_member(sd, "/Type") ? json_str(sd, "/Type") : "";
        if (strcmp(type, "/ObjStm") == 0 || strcmp(type, "/XRef") == 0)
            continue; /* found through the cross-reference stream, which the file's end points to */
        bool used = false;
        for (GList *l = keys; l && !used; l = l->next)
            used = l != k && g_hash_table_contains(g_hash_table_lookup(refs_of, l->data), key + 4);
        if (!used) {
            g_printerr("%s is not referred to\n", key);
            orphans++;
        }
    }
    g_assert_cmpint(seen, >, 200);
    g_assert_cmpint(orphans, ==, 0);
    g_hash_table_unref(refs_of);
    g_list_free(keys);
    json_node_unref(root);
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
 * stays valid: qpdf and mutool take it without a word. */
static void test_pdf_lang_alt(void)
{
    const char *pdf = render_sample();
    assert_pdf_sound(pdf);
    result r = RUN("qpdf", "--json", pdf);
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

/* A desktop's own font rules (a user's ~/.config/fontconfig, or here
 * FONTCONFIG_FILE) are not ours: a rule that puts another face before BIZ
 * UDPGothic changes nothing. The system's font folders are still found
 * through that configuration, and the PDF is the sample's, byte for byte. */
static void test_pdf_desktop_font_rules(void)
{
    char *dir = tmpdir();
    char *conf = g_build_filename(dir, "fonts.conf", NULL);
    g_assert_true(g_file_set_contents(conf,
        "<?xml version=\"1.0\"?>\n<fontconfig>\n"
        "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
        "  <match target=\"pattern\"><test name=\"family\"><string>BIZ UDPGothic</string></test>\n"
        "    <edit name=\"family\" mode=\"prepend\" binding=\"strong\"><string>Noto Sans CJK JP</string></edit>\n"
        "  </match>\n</fontconfig>\n", -1, NULL));
    char *pdf = g_build_filename(dir, "017-matsue.pdf", NULL);
    result r = run_env("FONTCONFIG_FILE", conf,
                       (const char *const[]){ bin, "render", "samples/017-matsue/trip.txt", "-o", pdf, NULL });
    if (r.status != 0)
        g_test_message("%s", r.err);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    gsize a_len = 0, b_len = 0;
    char *a = file_bytes(pdf, &a_len), *b = file_bytes(render_sample(), &b_len);
    g_assert_cmpuint(a_len, ==, b_len);
    g_assert_true(memcmp(a, b, a_len) == 0);
    g_free(a);
    g_free(b);
    rm_rf(dir);
    g_free(pdf);
    g_free(conf);
    g_free(dir);
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
    gsize whole_len = 0;
    char *whole = file_bytes(render_sample(), &whole_len); /* what an uninterrupted run writes */
    int kept_old = 0;
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
        /* Stopped by the signal, or done (exit 0): nothing in between. */
        g_assert_true(WIFSIGNALED(wait) ? WTERMSIG(wait) == SIGINT : WIFEXITED(wait) && WEXITSTATUS(wait) == 0);
        /* The old file, or the whole new one: never a part of one. A run
         * stopped after the new file was put in place has it whole. */
        bool old = strcmp(now, "%PDF-old") == 0;
        g_assert_true(old || (len == whole_len && memcmp(now, whole, len) == 0));
        g_assert_true(!old || WIFSIGNALED(wait));
        kept_old += old;
        g_free(now);
        GDir *gd = g_dir_open(dir, 0, NULL);
        const char *n;
        while ((n = g_dir_read_name(gd)))
            g_assert_false(g_str_has_prefix(n, "."));
        g_dir_close(gd);
    }
    g_test_message("stopped before the new file was in place %d times of 17", kept_old);
    g_assert_cmpint(kept_old, >, 0);
    g_free(whole);
    rm_rf(dir);
    g_free(pdf);
    g_free(dir);
}

E2E_TESTS(add_pdf_tests, 30)
{
    g_test_add_func("/e2e/pdf/metadata", test_pdf_metadata);
    g_test_add_func("/e2e/pdf/identical", test_pdf_identical);
    g_test_add_func("/e2e/pdf/no-orphans", test_pdf_no_orphans);
    g_test_add_func("/e2e/pdf/outline-and-labels", test_pdf_outline_labels);
    g_test_add_func("/e2e/pdf/links", test_pdf_links);
    g_test_add_func("/e2e/pdf/lang-and-alt", test_pdf_lang_alt);
    g_test_add_func("/e2e/pdf/missing-font", test_pdf_missing_font);
    g_test_add_func("/e2e/pdf/desktop-font-rules", test_pdf_desktop_font_rules);
    g_test_add_func("/e2e/pdf/disk-full", test_pdf_disk_full);
    g_test_add_func("/e2e/pdf/interrupted", test_pdf_interrupted);
}
