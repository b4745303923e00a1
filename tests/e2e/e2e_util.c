/* e2e_util: the helpers of e2e.h. */
#include "e2e.h"

const char *bin;

GPtrArray *test_data; /* strings the registered tests point at */

void result_clear(result *r)
{
    g_free(r->out);
    g_free(r->err);
}

/* Runs argv (NULL-terminated) in 'cwd' (NULL = here), waits, captures. */
result run_in(const char *cwd, const char *const *argv)
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


/* Runs argv with environment variable 'name' set to 'value' (NULL: unset). */
result run_env(const char *name, const char *value, const char *const *argv)
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

char *tmpdir(void)
{
    GError *err = NULL;
    char *d = g_dir_make_tmp("tripreport-e2e-XXXXXX", &err);
    g_assert_no_error(err);
    return d;
}

void rm_rf(const char *path)
{
    result r = RUN("rm", "-rf", path);
    result_clear(&r);
}

/* Removes all white space, for comparing extracted text. */
char *squeeze(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isspace(c) && c != 0x3000)
            g_string_append_unichar(o, c);
    }
    return g_string_free(o, FALSE);
}

char *pdftotext(const char *pdf)
{
    result r = RUN("pdftotext", "-enc", "UTF-8", pdf, "-");
    g_assert_cmpint(r.status, ==, 0);
    g_free(r.err);
    return r.out;
}

char *abs_path(const char *p)
{
    return g_canonicalize_filename(p, NULL);
}

char *sample_pdf; /* rendered once, shared by the tests below */

const char *render_sample(void)
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

/* Text of page 'n' without the footer and the page number, so that a
 * paragraph split over two pages reads on. */
char *page_body(const char *pdf, int n)
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

int pdf_pages(const char *pdf)
{
    result r = RUN("pdfinfo", pdf);
    g_assert_cmpint(r.status, ==, 0);
    const char *p = strstr(r.out, "Pages:");
    g_assert_nonnull(p);
    int n = atoi(p + 6);
    result_clear(&r);
    return n;
}

pixmap render_page(const char *pdf, int page, const char *dir)
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

void pixel(const pixmap *pm, double x, double y, int *r, int *g, int *b)
{
    int ix = (int)x, iy = (int)y;
    g_assert_true(ix >= 0 && iy >= 0 && ix < pm->w && iy < pm->h);
    const guchar *p = pm->rgb + ((gsize)iy * pm->w + ix) * 3;
    *r = p[0];
    *g = p[1];
    *b = p[2];
}

char *file_bytes(const char *path, gsize *len)
{
    char *b = NULL;
    g_assert_true(g_file_get_contents(path, &b, len, NULL));
    return b;
}

JsonNode *qpdf_json(const char *pdf)
{
    result r = RUN("qpdf", "--json", pdf);
    g_assert_cmpint(r.status, ==, 0);
    GError *err = NULL;
    JsonNode *n = json_from_string(r.out, &err);
    g_assert_no_error(err);
    result_clear(&r);
    return n;
}

/* Starts 'argv' with both outputs piped; NULL-terminated. */
static GSubprocess *start_piped(const char *const *argv)
{
    GError *err = NULL;
    GSubprocess *p =
        g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &err);
    g_assert_no_error(err);
    return p;
}

/* Waits for 'p' (and unrefs it); its exit status (-1: killed) and outputs. */
static result finish_piped(GSubprocess *p)
{
    result r = { -1, NULL, NULL };
    GError *err = NULL;
    g_subprocess_communicate_utf8(p, NULL, NULL, &r.out, &r.err, &err);
    g_assert_no_error(err);
    if (g_subprocess_get_if_exited(p))
        r.status = g_subprocess_get_exit_status(p);
    g_object_unref(p);
    return r;
}

void assert_pdf_sound(const char *pdf)
{
    /* The ASan pass of tests/run.sh runs the same code on the same inputs:
     * its PDFs are the plain pass's, byte for byte, judged there. */
    if (g_getenv("TRIPREPORT_E2E_READERS_DONE"))
        return;
    /* -N: no colour management, whose absence in Debian's build mutool
     * would note on stderr; -r 9: every page and image is still read. */
    GSubprocess *q = start_piped((const char *const[]){ "qpdf", "--check", pdf, NULL });
    GSubprocess *m = start_piped(
        (const char *const[]){ "mutool", "draw", "-q", "-N", "-r", "9", "-F", "pnm", "-o", "/dev/null", pdf, NULL });
    result rq = finish_piped(q), rm = finish_piped(m);
    bool q_ok = rq.status == 0 && strstr(rq.out, "No syntax or stream encoding errors found") &&
                !strstr(rq.out, "WARNING") && rq.err[0] == '\0';
    bool m_ok = rm.status == 0 && rm.err[0] == '\0';
    if (!q_ok)
        g_test_message("qpdf --check %s: exit %d\n%s%s", pdf, rq.status, rq.out, rq.err);
    if (!m_ok)
        g_test_message("mutool draw %s: exit %d\n%s", pdf, rm.status, rm.err);
    g_assert_true(q_ok);
    g_assert_true(m_ok);
    result_clear(&rq);
    result_clear(&rm);
}

const char *json_str(JsonObject *o, const char *key)
{
    return json_object_has_member(o, key) ? json_object_get_string_member(o, key) : NULL;
}

/* No temporary file is left in 'dir', and 'pdf' still holds 'old'. */
void assert_untouched(const char *dir, const char *pdf, const char *old)
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

/* A folder of reports: three good ones (two share a photo), one with a
 * misspelt key, one whose photo is missing. */
char *make_series(void)
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

char *out_of(const char *dir)
{
    return g_build_filename(dir, "pdf", NULL);
}

/* Every piece of the seed's text (whole lines, or with 'words' each word)
 * is in 'text'. */
void assert_seed_in(const char *text, bool words)
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

static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void add_glob(const char *dir, const char *prefix, GTestDataFunc fn)
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

bool golden_is_draft(const char *txt)
{
    char *text = NULL;
    g_assert_true(g_file_get_contents(txt, &text, NULL, NULL));
    bool draft = strstr(text, "\n# golden-options: --draft") != NULL;
    g_free(text);
    return draft;
}

void assert_only_summary(const char *err, const char *pdf)
{
    char *head = g_strconcat(pdf, ": ", NULL);
    if (!g_str_has_prefix(err, head) || strchr(err, '\n') != err + strlen(err) - 1)
        g_error("wanted only the summary line of %s, got:\n%s", pdf, err);
    int pages = 0, n = 0;
    double size = 0;
    char unit[3] = "";
    g_assert_cmpint(sscanf(err + strlen(head), "%d page%*[s], %lf %2s%n", &pages, &size, unit, &n) >= 3 ||
                    sscanf(err + strlen(head), "%d page, %lf %2s%n", &pages, &size, unit, &n) >= 3, ==, TRUE);
    g_assert_cmpint(pages, ==, pdf_pages(pdf));
    g_assert_true(strcmp(unit, "kB") == 0 || strcmp(unit, "MB") == 0);
    g_free(head);
}
