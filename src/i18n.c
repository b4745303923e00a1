/* i18n: finds and binds the message catalogue; translates one message. */
#include "i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdbool.h>
#include <string.h>

#ifndef TRIPREPORT_LOCALEDIR
#define TRIPREPORT_LOCALEDIR "/usr/local/share/locale"
#endif

/* True if 'dir' holds a tripreport.mo for some language. */
static gboolean has_catalogue(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return FALSE;
    gboolean found = FALSE;
    const char *lang;
    while (!found && (lang = g_dir_read_name(d))) {
        char *mo = g_build_filename(dir, lang, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
        found = g_file_test(mo, G_FILE_TEST_IS_REGULAR);
        g_free(mo);
    }
    g_dir_close(d);
    return found;
}

const char *i18n_locale_dir(void)
{
    static char *dir;
    if (dir)
        return dir;
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *up = exe ? g_path_get_dirname(exe) : NULL;
    if (up) {
        /* out/tripreport, out/asan/tripreport: out/locale */
        char *at = g_strdup(up);
        for (int level = 0; !dir && level < 3; level++) {
            char *probe = g_build_filename(at, "locale", NULL);
            if (has_catalogue(probe))
                dir = probe;
            else
                g_free(probe);
            char *parent = g_path_get_dirname(at);
            g_free(at);
            at = parent;
        }
        g_free(at);
        /* PREFIX/bin/tripreport: PREFIX/share/locale (also under DESTDIR) */
        if (!dir) {
            char *probe = g_build_filename(up, "..", "share", "locale", NULL);
            if (has_catalogue(probe))
                dir = probe;
            else
                g_free(probe);
        }
    }
    g_free(up);
    g_free(exe);
    if (!dir)
        dir = g_strdup(TRIPREPORT_LOCALEDIR);
    return dir;
}

static void bind_once(void)
{
    static gsize bound;
    if (g_once_init_enter(&bound)) {
        bindtextdomain(GETTEXT_PACKAGE, i18n_locale_dir());
        bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
        g_once_init_leave(&bound, 1);
    }
}

const char *i18n_text(const char *msgid)
{
    bind_once();
    return g_dgettext(GETTEXT_PACKAGE, msgid);
}

static const char *const locale_vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

/* The locale the environment asks messages in ("ja_JP.UTF-8"), as
 * setlocale() reads it; "" when no variable says; NULL for C or POSIX. */
static const char *asked_locale(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(locale_vars); i++) {
        const char *v = g_getenv(locale_vars[i]);
        if (v && *v)
            return strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 || g_str_has_prefix(v, "C.") ? NULL : v;
    }
    return "";
}

void i18n_locale_init(void)
{
    bind_once();
    const char *language = g_getenv("LANGUAGE");
    bool has_language = language && *language;
    if (setlocale(LC_ALL, "")) {
        /* LANGUAGE=ja alone, with no locale variable: the locale is "C",
         * where glibc ignores LANGUAGE; C.UTF-8 honours it. An explicit
         * LC_ALL=C still means English. */
        const char *asked = asked_locale();
        if (has_language && asked && !*asked)
            setlocale(LC_ALL, "C.UTF-8");
        return;
    }
    /* The locale asked for is not installed: glibc then falls back to "C",
     * where it ignores LANGUAGE. C.UTF-8 keeps UTF-8 output and honours
     * LANGUAGE, which we point at the language asked for. */
    const char *lang = asked_locale();
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return;
    if (lang && *lang && !has_language) {
        char *code = g_strdup(lang);
        code[strcspn(code, ".@")] = '\0';
        g_setenv("LANGUAGE", code, TRUE);
        g_free(code);
    }
}
