/* Unit tests of fonts' fontconfig configuration: the system's font
 * folders, none of the system's rules (a desktop's aliases and a user's
 * own rules change nothing, and a font pattern's family list stays the
 * few names our rules give), and none of the Korean and Chinese faces of
 * Noto CJK that fonts/fonts.conf leaves out. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static fonts *fonts_checked(void)
{
    diag_list *d = diag_list_new();
    fonts *f = fonts_new_config_only(d);
    g_assert_nonnull(f);
    g_assert_cmpint(d->errors, ==, 0);
    g_assert_cmpuint(d->msgs->len, ==, 0);
    diag_list_free(d);
    return f;
}

/* The families of every face in 'set', each once, joined by '|'. */
static char *families_of(FcFontSet *set)
{
    GString *s = g_string_new("|");
    for (int i = 0; set && i < set->nfont; i++) {
        FcChar8 *fam = NULL;
        for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &fam) == FcResultMatch; k++) {
            char *key = g_strdup_printf("|%s|", (const char *)fam);
            if (!strstr(s->str, key))
                g_string_append_printf(s, "%s|", (const char *)fam);
            g_free(key);
        }
    }
    return g_string_free(s, FALSE);
}

/* Our faces are the system's, less the Korean and Chinese Noto CJK faces:
 * checked against fontconfig's own configuration of this machine. */
static void test_faces(void)
{
    FcConfig *sys = FcInitLoadConfigAndFonts();
    char *all = families_of(FcConfigGetFonts(sys, FcSetSystem));
    fonts *f = fonts_checked();
    char *ours = families_of(FcConfigGetFonts(f->fc_config, FcSetSystem));
    g_test_message("system: %s", all);
    g_test_message("ours: %s", ours);
    g_assert_nonnull(strstr(ours, "|BIZ UDPGothic|")); /* make deps installs it */
    static const char *const left_out[] = { "Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans CJK TC",
                                            "Noto Sans CJK HK", "Noto Serif CJK SC", "Noto Sans Mono CJK TC" };
    for (guint i = 0; i < G_N_ELEMENTS(left_out); i++) {
        char *key = g_strdup_printf("|%s|", left_out[i]);
        g_assert_null(strstr(ours, key));
        g_free(key);
    }
    /* Every other family of the system's is ours. */
    char **fams = g_strsplit(all + 1, "|", -1);
    int kept = 0;
    for (char **p = fams; *p && **p; p++) {
        bool cjk_other = g_str_has_prefix(*p, "Noto ") && strstr(*p, " CJK ") && !g_str_has_suffix(*p, " JP");
        char *key = g_strdup_printf("|%s|", *p);
        if (!cjk_other) {
            if (!strstr(ours, key))
                g_test_message("missing: %s", *p);
            g_assert_nonnull(strstr(ours, key));
            kept++;
        }
        g_free(key);
    }
    g_assert_cmpint(kept, >, 0);
    g_strfreev(fams);
    g_free(ours);
    g_free(all);
    fonts_free(f);
    FcConfigDestroy(sys);
}

/* The family list of a pattern for Japanese text in BIZ UDPGothic, after
 * the configuration's substitutions: what Pango matches and sorts every
 * face against, for each size it opens. Ours alone: the face asked for,
 * then our two Japanese faces (fonts/fonts.conf); the system's rules
 * would add some 100 names (the aliases of 'sans-serif'). */
static char *families_after_substitute(FcConfig *cfg)
{
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"BIZ UDPGothic");
    FcPatternAddString(p, FC_LANG, (const FcChar8 *)"ja");
    FcConfigSubstitute(cfg, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    GString *s = g_string_new(NULL);
    FcChar8 *fam = NULL;
    for (int k = 0; FcPatternGetString(p, FC_FAMILY, k, &fam) == FcResultMatch; k++)
        g_string_append_printf(s, "%s%s", k ? "|" : "", (const char *)fam);
    FcPatternDestroy(p);
    return g_string_free(s, FALSE);
}

static void test_rules_ours(void)
{
    fonts *f = fonts_checked();
    char *fams = families_after_substitute(f->fc_config);
    g_assert_cmpstr(fams, ==, "BIZ UDPGothic|BIZ UDPGothic|Noto Sans CJK JP");
    g_free(fams);
    fonts_free(f);
    /* The system's own, for comparison: many more. */
    FcConfig *sys = FcInitLoadConfig();
    fams = families_after_substitute(sys);
    g_test_message("the system's rules: %s", fams);
    char **names = g_strsplit(fams, "|", -1);
    g_assert_cmpuint(g_strv_length(names), >, 10);
    g_strfreev(names);
    g_free(fams);
    FcConfigDestroy(sys);
}

/* A user's own rule (here through FONTCONFIG_FILE, as from
 * ~/.config/fontconfig) that puts another face first changes nothing; the
 * folders that configuration names are still ours. */
static void test_desktop_rules(void)
{
    char *dir = g_dir_make_tmp("test-fonts-XXXXXX", NULL);
    g_assert_nonnull(dir);
    char *conf = g_build_filename(dir, "fonts.conf", NULL);
    g_assert_true(g_file_set_contents(conf,
        "<?xml version=\"1.0\"?>\n<fontconfig>\n"
        "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
        "  <match target=\"pattern\"><test name=\"family\"><string>BIZ UDPGothic</string></test>\n"
        "    <edit name=\"family\" mode=\"prepend\" binding=\"strong\"><string>Noto Sans CJK JP</string></edit>\n"
        "  </match>\n</fontconfig>\n", -1, NULL));
    char *old = g_strdup(g_getenv("FONTCONFIG_FILE"));
    g_setenv("FONTCONFIG_FILE", conf, TRUE);
    fonts *f = fonts_checked();
    char *fams = families_after_substitute(f->fc_config);
    g_assert_cmpstr(fams, ==, "BIZ UDPGothic|BIZ UDPGothic|Noto Sans CJK JP");
    bool matched = false;
    char *face = fonts_resolve(f, "BIZ UDPGothic", false, &matched);
    g_assert_true(matched);
    g_assert_true(g_str_has_prefix(face, "BIZ UDPGothic ("));
    g_free(face);
    g_free(fams);
    fonts_free(f);
    if (old)
        g_setenv("FONTCONFIG_FILE", old, TRUE);
    else
        g_unsetenv("FONTCONFIG_FILE");
    g_free(old);
    g_unlink(conf);
    g_rmdir(dir);
    g_free(conf);
    g_free(dir);
}

/* Our stand-ins for the system's synthetic faces: an oblique is made from
 * the upright face of a family that has none (every Japanese face), as
 * fontconfig's 90-synthetic.conf does: slanted by 0.2. */
static void test_synthetic_oblique(void)
{
    fonts *f = fonts_checked();
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"BIZ UDPGothic");
    FcPatternAddInteger(p, FC_SLANT, FC_SLANT_ITALIC);
    FcConfigSubstitute(f->fc_config, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(f->fc_config, p, &res);
    g_assert_nonnull(m);
    FcChar8 *fam = NULL;
    g_assert_cmpint(FcPatternGetString(m, FC_FAMILY, 0, &fam), ==, FcResultMatch);
    g_assert_cmpstr((const char *)fam, ==, "BIZ UDPGothic");
    int slant = -1;
    g_assert_cmpint(FcPatternGetInteger(m, FC_SLANT, 0, &slant), ==, FcResultMatch);
    g_assert_cmpint(slant, ==, FC_SLANT_OBLIQUE);
    FcMatrix *mx = NULL;
    g_assert_cmpint(FcPatternGetMatrix(m, FC_MATRIX, 0, &mx), ==, FcResultMatch);
    g_assert_cmpfloat_with_epsilon(mx->xy, 0.2, 1e-9);
    FcPatternDestroy(m);
    FcPatternDestroy(p);
    fonts_free(f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fonts/config/faces", test_faces);
    g_test_add_func("/fonts/config/rules-ours", test_rules_ours);
    g_test_add_func("/fonts/config/desktop-rules", test_desktop_rules);
    g_test_add_func("/fonts/config/synthetic-oblique", test_synthetic_oblique);
    return g_test_run();
}
