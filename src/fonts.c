/* fonts: fontconfig + Pango set-up shared by layout and rendering. */
#include "fonts.h"
#include "i18n.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>
#include <glib/gstdio.h>
#include <unistd.h>

#ifndef TRIPREPORT_DATADIR
#define TRIPREPORT_DATADIR "/usr/local/share/tripreport"
#endif

static char *data_dir;
static GString *data_tried; /* the folders looked at, for fonts_data_dir_tried() */

/* True (and the data folder set) if 'dir' has layouts/default.layout. */
static bool data_probe(char *dir)
{
    char *probe = g_build_filename(dir, "layouts", "default.layout", NULL);
    bool found = g_file_test(probe, G_FILE_TEST_IS_REGULAR);
    g_free(probe);
    g_string_append_printf(data_tried, "%s'%s'", data_tried->len ? ", " : "", dir);
    if (found)
        data_dir = dir;
    else
        g_free(dir);
    return found;
}

const char *fonts_data_dir(void)
{
    if (data_dir)
        return data_dir;
    data_tried = g_string_new(NULL);
    const char *env = g_getenv("TRIPREPORT_DATA");
    if (env && *env) {
        data_dir = g_strdup(env);
        g_string_append_printf(data_tried, "'%s' (TRIPREPORT_DATA)", env);
        return data_dir;
    }
    /* A build tree: out/tripreport, out/asan/tripreport (see fonts.h). */
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *up = exe ? g_path_get_dirname(exe) : NULL;
    for (int level = 0; up && !data_dir && level < 3; level++) {
        char *parent = g_path_get_dirname(up);
        data_probe(g_strdup(parent));
        g_free(up);
        up = parent;
    }
    g_free(up);
    /* Installed (or staged under DESTDIR): PREFIX/bin/tripreport with
     * PREFIX/share/tripreport. */
    if (!data_dir && exe) {
        char *bindir = g_path_get_dirname(exe);
        char *prefix = g_path_get_dirname(bindir);
        data_probe(g_build_filename(prefix, "share", "tripreport", NULL));
        g_free(prefix);
        g_free(bindir);
    }
    g_free(exe);
    if (!data_dir && !data_probe(g_strdup(TRIPREPORT_DATADIR)))
        data_dir = g_strdup(TRIPREPORT_DATADIR);
    return data_dir;
}

const char *fonts_data_dir_tried(void)
{
    fonts_data_dir();
    return data_tried->str;
}

/* The rules of our configuration that stand in for the system's (see
 * config_load): no bitmap face, and a bold or an oblique made from the
 * regular face where a family has none, as fontconfig's own
 * 90-synthetic.conf does. */
static const char CONFIG_RULES[] =
    "<selectfont><rejectfont><pattern><patelt name=\"scalable\"><bool>false</bool></patelt></pattern>"
    "</rejectfont></selectfont>\n"
    "<match target=\"font\"><test name=\"slant\"><const>roman</const></test>"
    "<test target=\"pattern\" name=\"slant\" compare=\"not_eq\"><const>roman</const></test>"
    "<edit name=\"matrix\" mode=\"assign\"><times><name>matrix</name><matrix><double>1</double>"
    "<double>0.2</double><double>0</double><double>1</double></matrix></times></edit>"
    "<edit name=\"slant\" mode=\"assign\"><const>oblique</const></edit>"
    "<edit name=\"embeddedbitmap\" mode=\"assign\"><bool>false</bool></edit></match>\n"
    "<match target=\"font\"><test name=\"weight\" compare=\"less_eq\"><const>medium</const></test>"
    "<test target=\"pattern\" name=\"weight\" compare=\"more_eq\"><const>bold</const></test>"
    "<edit name=\"embolden\" mode=\"assign\"><bool>true</bool></edit>"
    "<edit name=\"weight\" mode=\"assign\"><const>bold</const></edit></match>\n";

/* Appends <TAG>each of 'l'</TAG> to 'x' (and frees 'l'). */
static void config_list(GString *x, const char *tag, FcStrList *l)
{
    const FcChar8 *s;
    while (l && (s = FcStrListNext(l))) {
        char *e = g_markup_escape_text((const char *)s, -1);
        g_string_append_printf(x, "<%s>%s</%s>\n", tag, e, tag);
        g_free(e);
    }
    if (l)
        FcStrListDone(l);
}

/* Our fontconfig configuration: the system's font folders and their
 * caches, as its configuration names them (FONTCONFIG_FILE or
 * /etc/fonts/fonts.conf and what it includes), but none of its rules; our
 * own rules (CONFIG_RULES, then fonts/fonts.conf). The system's rules are
 * for the screen (hinting, anti-aliasing, sub-pixel filters) and for a
 * desktop's choices (the aliases of 30 families, a user's own
 * ~/.config/fontconfig), none of which a PDF wants: the same trip makes
 * the same PDF on any machine with the same fonts. And Pango runs them
 * for every size of every face it is asked for (about 60 in the sample),
 * each time also matching and sorting every installed face against the
 * family list they made (some 100 names): half the time a new size took.
 * NULL if fontconfig cannot give its own configuration. */
static FcConfig *config_load(diag_list *d, const char *fdir)
{
    FcConfig *sys = FcInitLoadConfig();
    if (!sys)
        return NULL;
    GString *x = g_string_new("<?xml version=\"1.0\"?>\n<fontconfig>\n");
    config_list(x, "dir", FcConfigGetFontDirs(sys));
    config_list(x, "cachedir", FcConfigGetCacheDirs(sys));
    FcConfigDestroy(sys);
    g_string_append(x, CONFIG_RULES);
    g_string_append(x, "</fontconfig>\n");
    FcConfig *cfg = FcConfigCreate();
    bool ok = cfg && FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)x->str, FcTrue);
    g_string_free(x, TRUE);
    if (!ok) {
        if (cfg)
            FcConfigDestroy(cfg);
        return NULL;
    }
    if (fdir) {
        char *conf = g_build_filename(fdir, "fonts.conf", NULL);
        if (g_file_test(conf, G_FILE_TEST_EXISTS) && !FcConfigParseAndLoad(cfg, (const FcChar8 *)conf, FcTrue))
            diag_warning(d, (diag_loc){ diag_file(d, conf), 0, 0 }, "fontconfig could not read this file; its preferences are not applied");
        g_free(conf);
    }
    if (!FcConfigBuildFonts(cfg)) {
        FcConfigDestroy(cfg);
        return NULL;
    }
    if (fdir)
        FcConfigAppFontAddDir(cfg, (const FcChar8 *)fdir);
    return cfg;
}

/* fontconfig with the project's folder and preferences; 'pango': also the
 * Pango font map and context (not wanted before fork(): Pango starts
 * threads). */
static fonts *fonts_create(diag_list *d, bool pango)
{
    char *fdir = g_build_filename(fonts_data_dir(), "fonts", NULL);
    if (!g_file_test(fdir, G_FILE_TEST_IS_DIR)) {
        g_free(fdir);
        fdir = NULL;
    }
    FcConfig *cfg = config_load(d, fdir);
    if (!cfg) {
        g_free(fdir);
        diag_error(d, (diag_loc){ "fontconfig", 0, 0 }, "cannot load the fontconfig configuration");
        return NULL;
    }
    fonts *f = g_new0(fonts, 1);
    f->fc_config = cfg;
    f->font_dir = fdir;
    if (!pango)
        return f;
    /* Ours is the configuration: made current, Pango's start-up does not
     * build fontconfig's default one a second time in its thread. */
    FcConfigSetCurrent(cfg);
    f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), cfg);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->map), 72.0);
    f->context = pango_font_map_create_context(f->map);
    pango_cairo_context_set_resolution(f->context, 72.0);
    pango_context_set_round_glyph_positions(f->context, FALSE);
    pango_context_set_language(f->context, pango_language_from_string("ja"));
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(f->context, fo);
    cairo_font_options_destroy(fo);
    return f;
}

fonts *fonts_new(diag_list *d)
{
    return fonts_create(d, true);
}

fonts *fonts_new_config_only(diag_list *d)
{
    return fonts_create(d, false);
}

void fonts_free(fonts *f)
{
    if (!f)
        return;
    if (f->memo)
        f->memo_free(f->memo); /* layouts made with the context, before it goes */
    if (f->context)
        g_object_unref(f->context);
    if (f->map)
        g_object_unref(f->map);
    if (f->fc_config)
        FcConfigDestroy(f->fc_config);
    g_free(f->font_dir);
    g_free(f->identity);
    g_free(f);
}

/* "path dev ino size mtime ctime" of 'path' into 'out' ("path -" when it
 * cannot be looked at). */
static void identity_add(GString *out, const char *path)
{
    GStatBuf sb;
    if (g_stat(path, &sb) != 0) {
        g_string_append_printf(out, "%s -\n", path);
        return;
    }
    g_string_append_printf(out, "%s %llu %llu %lld %lld.%09ld %lld.%09ld\n", path, (unsigned long long)sb.st_dev,
                           (unsigned long long)sb.st_ino, (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
                           (long)sb.st_mtim.tv_nsec, (long long)sb.st_ctim.tv_sec, (long)sb.st_ctim.tv_nsec);
}

const char *fonts_identity(fonts *f)
{
    if (f->identity)
        return f->identity;
    GString *out = g_string_new(NULL);
    FcStrList *l = FcConfigGetFontDirs(f->fc_config);
    for (FcChar8 *dir; l && (dir = FcStrListNext(l));)
        identity_add(out, (const char *)dir);
    if (l)
        FcStrListDone(l);
    if (f->font_dir) {
        identity_add(out, f->font_dir);
        char *conf = g_build_filename(f->font_dir, "fonts.conf", NULL);
        identity_add(out, conf);
        g_free(conf);
    }
    f->identity = g_string_free(out, FALSE);
    return f->identity;
}

/* The face fontconfig picks for 'family' in Japanese text; NULL if none.
 * Caller destroys. */
static FcPattern *match_font(fonts *f, const char *family, bool bold)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"ja");
    FcConfigSubstitute(f->fc_config, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(f->fc_config, pat, &res);
    FcPatternDestroy(pat);
    return m;
}

char *fonts_resolve(fonts *f, const char *family, bool bold, bool *matched)
{
    FcPattern *m = match_font(f, family, bold);
    char *out = NULL;
    if (matched)
        *matched = false;
    if (m) {
        FcChar8 *fam = NULL, *file = NULL;
        FcPatternGetString(m, FC_FAMILY, 0, &fam);
        FcPatternGetString(m, FC_FILE, 0, &file);
        if (matched && fam) {
            /* Any of the face's family names (it may list a Japanese one). */
            for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
                if (g_ascii_strcasecmp((const char *)fam, family) == 0)
                    *matched = true;
            FcPatternGetString(m, FC_FAMILY, 0, &fam);
        }
        out = g_strdup_printf("%s (%s)", fam ? (const char *)fam : "?", file ? (const char *)file : "?");
        FcPatternDestroy(m);
    }
    return out;
}

/*** Checking a layout's faces ***/

#include "infile.h"
#include "style.h"

typedef struct role_font {
    const char *key;   /* the layout key */
    const char *family;
} role_font;

static int role_fonts(const style *st, role_font *out)
{
    role_font r[] = {
        { "font-title", st->font_title },     { "font-heading", st->font_heading },
        { "font-body", st->font_body },       { "font-caption", st->font_caption },
        { "font-table", st->font_table },
    };
    memcpy(out, r, sizeof(r));
    return (int)G_N_ELEMENTS(r);
}

/* True if a role before 'i' names the same family as role 'i'. */
static bool family_seen(const role_font *r, int i)
{
    for (int j = 0; j < i; j++)
        if (strcmp(r[j].family, r[i].family) == 0)
            return true;
    return false;
}

/* The Debian package of a face we know, or NULL. */
static const char *package_for(const char *family)
{
    static const struct {
        const char *prefix, *package;
    } known[] = {
        { "BIZ UDP?Gothic", "fonts-morisawa-bizud-gothic" }, { "BIZ UDP?Mincho", "fonts-morisawa-bizud-mincho" },
        { "Noto Sans CJK", "fonts-noto-cjk" },               { "Noto Serif CJK", "fonts-noto-cjk" },
        { "IPAexGothic", "fonts-ipaexfont-gothic" },         { "IPAexMincho", "fonts-ipaexfont-mincho" },
        { "IPAP?Gothic", "fonts-ipafont-gothic" },           { "IPAP?Mincho", "fonts-ipafont-mincho" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(known); i++)
        if (g_regex_match_simple(known[i].prefix, family, G_REGEX_ANCHORED, 0))
            return known[i].package;
    return NULL;
}

bool fonts_check_style(fonts *f, const style *st, diag_list *d)
{
    role_font r[8];
    int n = role_fonts(st, r);
    bool ok = true;
    const char *file = diag_file(d, st->path ? st->path : "layouts/default.layout");
    for (int i = 0; i < n; i++) {
        if (family_seen(r, i))
            continue;
        bool matched = false;
        char *got = fonts_resolve(f, r[i].family, false, &matched);
        if (!matched) {
            const char *pkg = package_for(r[i].family);
            if (pkg)
                diag_error(d, (diag_loc){ file, 0, 0 },
                           "%s '%s' is not installed; install it with 'sudo apt-get install %s' (or run 'make deps'), "
                           "or put its .ttf/.otf file in fonts/",
                           r[i].key, r[i].family, pkg);
            else
                diag_error(d, (diag_loc){ file, 0, 0 },
                           "%s '%s' is not installed; put its .ttf or .otf file in fonts/ (fontconfig would "
                           "otherwise use %s instead)",
                           r[i].key, r[i].family, got ? got : _("another face"));
            ok = false;
        }
        g_free(got);
    }
    return ok;
}

void fonts_list(fonts *f, const style *st, FILE *out)
{
    role_font r[8];
    int n = role_fonts(st, r);
    fprintf(out, "layout %s%s%s\n", st->name ? st->name : "default", st->path ? " " : "", st->path ? st->path : "");
    for (int i = 0; i < n; i++) {
        bool m1 = false, m2 = false;
        char *reg = fonts_resolve(f, r[i].family, false, &m1);
        char *bold = fonts_resolve(f, r[i].family, true, &m2);
        fprintf(out, "%-13s '%s'\n  regular: %s%s\n  bold:    %s%s\n", r[i].key, r[i].family, reg ? reg : "?",
                m1 ? "" : _("  (NOT the face asked for)"), bold ? bold : "?", m2 ? "" : _("  (NOT the face asked for)"));
        g_free(reg);
        g_free(bold);
    }
    if (f->font_dir)
        fprintf(out, _("application fonts: %s\n"), f->font_dir);
}

char *fonts_fingerprint(fonts *f, const style *st)
{
    role_font r[8];
    int n = role_fonts(st, r);
    GString *out = g_string_new(NULL);
    for (int i = 0; i < n; i++) {
        for (int bold = 0; bold < 2; bold++) {
            FcPattern *m = match_font(f, r[i].family, bold);
            FcChar8 *file = NULL;
            if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
                GStatBuf sb;
                if (g_stat((const char *)file, &sb) == 0)
                    g_string_append_printf(out, "%s %lld %lld;", file, (long long)sb.st_size, (long long)sb.st_mtime);
            }
            if (m)
                FcPatternDestroy(m);
        }
    }
    return g_string_free(out, FALSE);
}

void fonts_note_inputs(fonts *f, const style *st)
{
    role_font r[8];
    int n = role_fonts(st, r);
    for (int i = 0; i < n; i++) {
        if (family_seen(r, i))
            continue; /* its files are noted already (a match costs 1-2 ms) */
        for (int bold = 0; bold < 2; bold++) {
            FcPattern *m = match_font(f, r[i].family, bold);
            FcChar8 *file = NULL;
            if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch)
                infile_note((const char *)file, INFILE_FONT);
            if (m)
                FcPatternDestroy(m);
        }
    }
    char *conf = g_build_filename(fonts_data_dir(), "fonts", "fonts.conf", NULL);
    infile_note(conf, INFILE_OTHER);
    g_free(conf);
}
