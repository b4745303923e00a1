/* fonts: fontconfig + Pango set-up shared by layout and rendering. */
#include "fonts.h"
#include "i18n.h"
#include "image_memo.h"
#include "sfnt.h"

#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <fontconfig/fcfreetype.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
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
        g_string_append_printf(x, "<%s>%s</%s>", tag, e, tag);
        g_free(e);
    }
    if (l)
        FcStrListDone(l);
}

/* "path dev ino size mtime ctime" of 'path' as 'sb' says into 'out'
 * (a file rewritten, even with its times put back, has another change
 * time; a folder's times change as entries come and go). */
static void identity_of_stat(GString *out, const char *path, const GStatBuf *sb)
{
    g_string_append_printf(out, "%s %llu %llu %lld %lld.%09ld %lld.%09ld\n", path, (unsigned long long)sb->st_dev,
                           (unsigned long long)sb->st_ino, (long long)sb->st_size, (long long)sb->st_mtim.tv_sec,
                           (long)sb->st_mtim.tv_nsec, (long long)sb->st_ctim.tv_sec, (long)sb->st_ctim.tv_nsec);
}

/* The same of 'path' now ("path -" when it cannot be looked at). */
static void identity_add(GString *out, const char *path)
{
    GStatBuf sb;
    if (g_stat(path, &sb) != 0)
        g_string_append_printf(out, "%s -\n", path);
    else
        identity_of_stat(out, path, &sb);
}

/*** The system's font folders, read once ***/

/* fontconfig's own configuration takes about 3 ms to read (its files, and
 * the 30-odd rules they include), for the few folders config_load takes
 * of it. So what it said is kept (in this process, and in the memo for the
 * next run: image_memo.h), with what it was read from: the files it read,
 * the folders they are in and the folders it included, the places a
 * user's own configuration would be (there or not), and the environment
 * it finds them by. Any of these changed, it is read again. */
typedef struct system_dirs {
    char *sum;         /* SHA-256 of the watched places as they were, and the environment */
    GPtrArray *watched; /* paths (owned) */
    char *xml;         /* <dir> and <cachedir> elements, on one line */
} system_dirs;

static system_dirs known_dirs;
static unsigned system_reads; /* FcInitLoadConfig calls, for the tests */

static const char *const FC_ENV[] = { "FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "HOME",
                                      "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME" };

static void system_dirs_clear(system_dirs *d)
{
    g_free(d->sum);
    g_free(d->xml);
    if (d->watched)
        g_ptr_array_unref(d->watched);
    memset(d, 0, sizeof *d);
}

/* The sum of the watched places now, each with its identity
 * (identity_add), and of the environment and fontconfig's version. */
static char *watched_sum(const GPtrArray *watched)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "fontconfig %d\n", FcGetVersion());
    for (guint i = 0; i < G_N_ELEMENTS(FC_ENV); i++) {
        const char *v = g_getenv(FC_ENV[i]);
        g_string_append_printf(s, "%s=%s%s\n", FC_ENV[i], v ? "+" : "-", v ? v : "");
    }
    for (guint i = 0; i < watched->len; i++)
        identity_add(s, g_ptr_array_index(watched, i));
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, s->str, (gssize)s->len);
    g_string_free(s, TRUE);
    return sum;
}

static void watch_add(GHashTable *seen, GPtrArray *watched, const char *path)
{
    if (path && *path && !g_hash_table_contains(seen, path)) {
        char *p = g_strdup(path);
        g_hash_table_add(seen, p);
        g_ptr_array_add(watched, p);
    }
}

/* Appends to 'watched' each of 'l' and its folder (and frees 'l'). */
static void watch_list(GHashTable *seen, GPtrArray *watched, FcStrList *l)
{
    const FcChar8 *s;
    while (l && (s = FcStrListNext(l))) {
        watch_add(seen, watched, (const char *)s);
        char *dir = g_path_get_dirname((const char *)s);
        watch_add(seen, watched, dir);
        g_free(dir);
    }
    if (l)
        FcStrListDone(l);
}

/* The note kept in the memo: SUM, the count of watched paths, each path,
 * the elements, tab-separated; NULL if a path cannot be written so. */
static char *note_of(const system_dirs *d)
{
    GString *s = g_string_new(d->sum);
    g_string_append_printf(s, "\t%u", d->watched->len);
    for (guint i = 0; i < d->watched->len; i++) {
        const char *p = g_ptr_array_index(d->watched, i);
        if (strpbrk(p, "\t\n")) {
            g_string_free(s, TRUE);
            return NULL;
        }
        g_string_append_printf(s, "\t%s", p);
    }
    g_string_append_printf(s, "\t%s", d->xml);
    return g_string_free(s, FALSE);
}

static bool note_read(const char *note, system_dirs *d)
{
    char **f = g_strsplit(note, "\t", -1);
    guint n = g_strv_length(f);
    char *end = NULL;
    guint64 count = n >= 3 ? g_ascii_strtoull(f[1], &end, 10) : 0;
    bool ok = n >= 3 && strlen(f[0]) == 64 && end && !*end && count == n - 3 && count < 10000;
    if (ok) {
        d->sum = g_strdup(f[0]);
        d->watched = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < count; i++)
            g_ptr_array_add(d->watched, g_strdup(f[2 + i]));
        d->xml = g_strdup(f[n - 1]);
    }
    g_strfreev(f);
    return ok;
}

/* The system's font and cache folders as <dir> and <cachedir> elements
 * (borrowed until the next call); NULL if fontconfig cannot give its own
 * configuration. */
static const char *system_dirs_xml(void)
{
    if (!known_dirs.xml) {
        const char *note = image_memo_note_find("fontconfig");
        if (note)
            note_read(note, &known_dirs);
    }
    if (known_dirs.xml) {
        char *now = watched_sum(known_dirs.watched);
        bool same = strcmp(now, known_dirs.sum) == 0;
        g_free(now);
        if (same)
            return known_dirs.xml;
        system_dirs_clear(&known_dirs);
    }
    FcConfig *sys = FcInitLoadConfig();
    system_reads++;
    if (!sys)
        return NULL;
    GString *x = g_string_new(NULL);
    config_list(x, "dir", FcConfigGetFontDirs(sys));
    config_list(x, "cachedir", FcConfigGetCacheDirs(sys));
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *watched = g_ptr_array_new_with_free_func(g_free);
    watch_list(seen, watched, FcConfigGetConfigFiles(sys));
    watch_list(seen, watched, FcConfigGetConfigDirs(sys));
    FcConfigDestroy(sys);
    /* A user's own configuration, which fontconfig's includes (50-user.conf)
     * read when it is there. */
    const char *home = g_getenv("HOME"), *xdg = g_getenv("XDG_CONFIG_HOME");
    char *cfg = xdg && g_path_is_absolute(xdg) ? g_strdup(xdg) : home ? g_build_filename(home, ".config", NULL) : NULL;
    char *places[] = { cfg, cfg ? g_build_filename(cfg, "fontconfig", NULL) : NULL,
                       cfg ? g_build_filename(cfg, "fontconfig", "conf.d", NULL) : NULL,
                       cfg ? g_build_filename(cfg, "fontconfig", "fonts.conf", NULL) : NULL,
                       home ? g_build_filename(home, ".fonts.conf", NULL) : NULL,
                       home ? g_build_filename(home, ".fonts.conf.d", NULL) : NULL };
    for (guint i = 0; i < G_N_ELEMENTS(places); i++) {
        watch_add(seen, watched, places[i]);
        g_free(places[i]);
    }
    g_hash_table_unref(seen);
    known_dirs.watched = watched;
    known_dirs.sum = watched_sum(watched);
    known_dirs.xml = g_string_free(x, FALSE);
    char *note = note_of(&known_dirs);
    if (note)
        image_memo_note_keep("fontconfig", note);
    g_free(note);
    return known_dirs.xml;
}

unsigned fonts_test_system_reads(void)
{
    return system_reads;
}

void fonts_test_forget_system(void)
{
    system_dirs_clear(&known_dirs);
}

/* Our fontconfig configuration: the system's font folders and their
 * caches, as its configuration names them (FONTCONFIG_FILE or
 * /etc/fonts/fonts.conf and what it includes; read once: system_dirs_xml),
 * but none of its rules; our
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
    const char *dirs = system_dirs_xml();
    if (!dirs)
        return NULL;
    GString *x = g_string_new("<?xml version=\"1.0\"?>\n<fontconfig>\n");
    g_string_append(x, dirs);
    g_string_append_c(x, '\n');
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

/*** The faces cairo embeds, their character map searched first where it is used ***/

/* Cairo 1.16 writes each glyph into the PDF's font subset after looking
 * for its character in the face's Unicode character map ((3,1), format
 * 4), segment by segment, for every glyph new to the document
 * (_cairo_truetype_reverse_cmap): BIZ UDPGothic's map has 4,999 segments,
 * and that search was a fifth of the instructions of a render again (560
 * glyphs, 84 of 437 million). The character it finds decides the glyph's
 * place (the WinAnsi or the CID subset) and, for a glyph drawn without
 * text of its own, its ToUnicode entry.
 *
 * So cairo is given the same font with that subtable rewritten: before the
 * original segments, one segment of one character for each glyph the
 * document draws, mapping it to the very character cairo's search would
 * find in the original (computed once, in one pass, by the same rules:
 * first the segments of a delta, then those of a glyph array, each in
 * order); then the original segments, as they were. Cairo's search then
 * ends at the glyph's own segment, with the same answer, and for any
 * glyph the prefix does not name it goes on through the original segments
 * to the same answer as before: the PDF is the same, byte for byte.
 *
 * The file is mapped privately (MAP_PRIVATE: only the pages written are
 * the process's own) and opened by FreeType from memory as it is; then the
 * subtable is written over, into the room up to the next subtable
 * FreeType uses (its selected map must be (3,10), which stays as it was;
 * a variation-selector subtable (format 14) in the way is written over:
 * nothing reads it from this face). The face's fontconfig pattern is
 * replaced by one naming that FreeType face (FC_FT_FACE, which
 * cairo_ft_font_face_create_for_pattern uses before FC_FILE); Pango shapes
 * with HarfBuzz from the file itself (FC_FILE, unchanged): the glyphs,
 * metrics and outlines are the file's. Plain TrueType and OpenType files
 * only (not collections), with a well-formed map; anything else is left
 * as it was. The faces live as long as the process (cairo keeps its fonts
 * beyond any one fonts set); a document's prefix is written before its
 * PDF is drawn (fonts_embedding_prepare), one document at a time. */

typedef struct quick_face {
    char *id; /* the file's path and identity */
    FT_Face face;
    guint8 *sub;         /* the (3,1) subtable in the mapped file */
    guint n;             /* its own segments */
    guint slots;         /* segments of one glyph before them */
    guint16 *seg;        /* the original endCode, startCode, idDelta, idRangeOffset (n each), host order */
    guint8 *glyphs;      /* the original glyph array, as it was */
    gsize glyphs_len;
    guint16 *answer;     /* glyph -> the character cairo's search finds, 0xFFFF: none */
} quick_face;

static GMutex quick_lock;
static GPtrArray *quick_faces; /* quick_face*, never freed */
static FT_Library quick_lib;

/* The (3,1) format 4 subtable of the sfnt at b[0, len) and the room it may
 * take (up to the next subtable but a format 14 one, or the table's end):
 * its offset in 'b', false when there is none or the font is not plain. */
static bool cmap4_find(const guint8 *b, gsize len, gsize *at, gsize *room)
{
    if (len < 12)
        return false;
    guint32 version = sfnt_get32(b);
    if (version != 0x00010000 && version != 0x4F54544F /* OTTO */ && version != 0x74727565 /* true */)
        return false;
    guint n = sfnt_get16(b + 4);
    if (12 + (gsize)n * 16 > len)
        return false;
    for (guint i = 0; i < n; i++) {
        const guint8 *rec = b + 12 + i * 16;
        if (sfnt_get32(rec) != 0x636D6170) /* cmap */
            continue;
        gsize off = sfnt_get32(rec + 8), tlen = sfnt_get32(rec + 12);
        if (off > len || tlen > len - off || tlen < 4)
            return false;
        const guint8 *t = b + off;
        guint nt = sfnt_get16(t + 2);
        if (4 + (gsize)nt * 8 > tlen)
            return false;
        gsize sub = 0;
        for (guint k = 0; k < nt; k++)
            if (sfnt_get16(t + 4 + k * 8) == 3 && sfnt_get16(t + 6 + k * 8) == 1) {
                if (sub)
                    return false; /* two: cairo would try both */
                sub = sfnt_get32(t + 8 + k * 8);
            }
        if (!sub || sub > tlen - 16 || sfnt_get16(t + sub) != 4)
            return false;
        gsize end = tlen;
        for (guint k = 0; k < nt; k++) {
            gsize o = sfnt_get32(t + 8 + k * 8);
            if (o > sub && o < end && o <= tlen - 2 && sfnt_get16(t + o) != 14)
                end = o;
        }
        *at = off + sub;
        *room = end - sub;
        return true;
    }
    return false;
}

/* Reads the subtable at 'q->sub' (format 4, its room 'room') into 'q' and
 * makes the answers of cairo's search; false when it is not well formed
 * for that search (a glyph array past the subtable: cairo would give up). */
static bool cmap4_read(quick_face *q, gsize room)
{
    const guint8 *t = q->sub;
    gsize len = sfnt_get16(t + 2);
    guint n = sfnt_get16(t + 6) / 2;
    if (len > room || n == 0 || 16 + (gsize)n * 8 > len)
        return false;
    const guint8 *end = t + 14, *start = end + 2 * n + 2, *delta = start + 2 * n, *ro = delta + 2 * n;
    q->n = n;
    q->seg = g_new(guint16, 4 * (gsize)n);
    for (guint i = 0; i < n; i++) {
        q->seg[i] = sfnt_get16(end + 2 * i);
        q->seg[n + i] = sfnt_get16(start + 2 * i);
        q->seg[2 * n + i] = sfnt_get16(delta + 2 * i);
        q->seg[3 * n + i] = sfnt_get16(ro + 2 * i);
    }
    gsize arrays = 16 + (gsize)n * 8;
    q->glyphs_len = len - arrays;
    q->glyphs = g_memdup2(t + arrays, q->glyphs_len);
    q->answer = g_new(guint16, 65536);
    memset(q->answer, 0xFF, 65536 * sizeof(guint16));
    /* The segments of a delta first, in order; the first that holds a
     * glyph gives its character. */
    for (guint i = 0; i < n; i++) {
        guint16 e = q->seg[i], s = q->seg[n + i], d = q->seg[2 * n + i], r = q->seg[3 * n + i];
        if (s == 0xFFFF && e == 0xFFFF)
            break;
        if (r != 0)
            continue;
        for (guint32 c = s; c <= e; c++) {
            guint16 g = (guint16)(c + d);
            if (q->answer[g] == 0xFFFF)
                q->answer[g] = (guint16)c;
        }
    }
    /* Then those of a glyph array, whose entries cairo compares as they are. */
    guint16 *second = g_new(guint16, 65536);
    memset(second, 0xFF, 65536 * sizeof(guint16));
    for (guint i = 0; i < n; i++) {
        guint16 e = q->seg[i], s = q->seg[n + i], r = q->seg[3 * n + i];
        if (s == 0xFFFF && e == 0xFFFF)
            break;
        if (r == 0 || e < s)
            continue;
        gsize at = 16 + (gsize)n * 6 + 2 * (gsize)i + (r & ~1u); /* &idRangeOffset[i] + r / 2 entries */
        gsize range = (gsize)(e - s) + 1;
        if (at + 2 * range > len) {
            g_free(second);
            return false;
        }
        for (gsize j = 0; j < range; j++) {
            guint16 g = sfnt_get16(t + at + 2 * j);
            if (second[g] == 0xFFFF)
                second[g] = (guint16)(s + j);
        }
    }
    for (guint g = 0; g < 65536; g++)
        if (q->answer[g] == 0xFFFF)
            q->answer[g] = second[g];
    g_free(second);
    gsize most = MIN(room, 65535);
    q->slots = most > len ? (guint)MIN((most - len) / 8, 4096) : 0;
    return q->slots > 0;
}

/* Writes the subtable of 'q': one segment for each of 'glyphs' (n_glyphs,
 * those with a character; no more than the slots), the other slots
 * matching nothing, then the original segments and glyph array. */
static void cmap4_write(quick_face *q, const guint16 *glyphs, guint n_glyphs)
{
    guint n = q->n + q->slots;
    guint8 *t = q->sub;
    gsize len = 16 + (gsize)n * 8 + q->glyphs_len;
    sfnt_put16(t, 4);
    sfnt_put16(t + 2, (guint16)len);
    sfnt_put16(t + 4, 0);
    sfnt_put16(t + 6, (guint16)(2 * n));
    guint log = 0;
    while ((2u << log) <= n)
        log++; /* 2^log <= n < 2^(log + 1) */
    sfnt_put16(t + 8, (guint16)(2u << log));
    sfnt_put16(t + 10, (guint16)log);
    sfnt_put16(t + 12, (guint16)(2 * n - (2u << log)));
    guint8 *end = t + 14, *start = end + 2 * n + 2, *delta = start + 2 * n, *ro = delta + 2 * n;
    sfnt_put16(end + 2 * n, 0); /* reservedPad */
    for (guint i = 0; i < q->slots; i++) {
        if (i < n_glyphs) {
            guint16 c = q->answer[glyphs[i]];
            sfnt_put16(end + 2 * i, c);
            sfnt_put16(start + 2 * i, c);
            sfnt_put16(delta + 2 * i, (guint16)(glyphs[i] - c));
        } else { /* start past end: holds nothing */
            sfnt_put16(end + 2 * i, 0);
            sfnt_put16(start + 2 * i, 1);
            sfnt_put16(delta + 2 * i, 0);
        }
        sfnt_put16(ro + 2 * i, 0);
    }
    /* The original segments after them: each glyph array's offset, counted
     * from its own idRangeOffset entry, is the same (the arrays before it
     * grew by as many entries as came in front of it). */
    for (guint i = 0; i < q->n; i++) {
        guint k = q->slots + i;
        sfnt_put16(end + 2 * k, q->seg[i]);
        sfnt_put16(start + 2 * k, q->seg[q->n + i]);
        sfnt_put16(delta + 2 * k, q->seg[2 * q->n + i]);
        sfnt_put16(ro + 2 * k, q->seg[3 * q->n + i]);
    }
    memcpy(ro + 2 * n, q->glyphs, q->glyphs_len);
}

/* The FreeType face of 'file' for cairo (see above), made once a process;
 * NULL when it cannot be. */
static FT_Face quick_face_of(const char *file)
{
    GStatBuf sb;
    if (g_stat(file, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < 12)
        return NULL;
    GString *ids = g_string_new(NULL);
    identity_of_stat(ids, file, &sb);
    char *id = g_string_free(ids, FALSE);
    g_mutex_lock(&quick_lock);
    for (guint i = 0; quick_faces && i < quick_faces->len; i++) {
        quick_face *q = g_ptr_array_index(quick_faces, i);
        if (strcmp(q->id, id) == 0) {
            g_free(id);
            g_mutex_unlock(&quick_lock);
            return q->face;
        }
    }
    int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat fs;
    guint8 *map = MAP_FAILED;
    gsize len = (gsize)sb.st_size;
    if (fd >= 0 && fstat(fd, &fs) == 0 && fs.st_ino == sb.st_ino && fs.st_size == sb.st_size)
        map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (fd >= 0)
        close(fd);
    quick_face *q = g_new0(quick_face, 1);
    gsize at = 0, room = 0;
    FT_Face face = NULL;
    bool ok = map != MAP_FAILED && cmap4_find(map, len, &at, &room);
    if (ok) {
        q->sub = map + at;
        ok = cmap4_read(q, room) && (quick_lib || FT_Init_FreeType(&quick_lib) == 0) &&
             FT_New_Memory_Face(quick_lib, map, (FT_Long)len, 0, &face) == 0;
    }
    /* FreeType reads characters through the UCS-4 subtable, not this one. */
    if (ok && (!face->charmap || face->charmap->platform_id != 3 || face->charmap->encoding_id != 10))
        ok = false;
    if (ok) {
        cmap4_write(q, NULL, 0);
        q->id = id;
        q->face = face;
        if (!quick_faces)
            quick_faces = g_ptr_array_new();
        g_ptr_array_add(quick_faces, q);
    } else {
        if (face)
            FT_Done_Face(face);
        face = NULL;
        if (map != MAP_FAILED)
            munmap(map, len);
        g_free(q->seg);
        g_free(q->glyphs);
        g_free(q->answer);
        g_free(q);
        g_free(id);
    }
    g_mutex_unlock(&quick_lock);
    return face;
}

bool fonts_test_cmap4_rewrite(guint8 *sub, gsize room, const guint16 *glyphs, guint n_glyphs)
{
    quick_face q = { .sub = sub };
    bool ok = cmap4_read(&q, room);
    if (ok) {
        guint16 *with = g_new(guint16, MAX(n_glyphs, 1));
        guint n = 0;
        for (guint i = 0; i < n_glyphs && n < q.slots; i++)
            if (q.answer[glyphs[i]] != 0xFFFF)
                with[n++] = glyphs[i];
        cmap4_write(&q, with, n);
        g_free(with);
    }
    g_free(q.seg);
    g_free(q.glyphs);
    g_free(q.answer);
    return ok;
}

void fonts_embedding_prepare(const GPtrArray *layouts)
{
    g_mutex_lock(&quick_lock);
    guint nf = quick_faces ? quick_faces->len : 0;
    if (nf == 0) {
        g_mutex_unlock(&quick_lock);
        return;
    }
    GArray **used = g_new0(GArray *, nf);
    guint8 **seen = g_new0(guint8 *, nf);
    for (guint i = 0; i < layouts->len; i++) {
        PangoLayoutIter *it = pango_layout_get_iter(g_ptr_array_index(layouts, i));
        do {
            PangoGlyphItem *run = pango_layout_iter_get_run_readonly(it);
            if (!run || !PANGO_IS_FC_FONT(run->item->analysis.font))
                continue;
            FcPattern *p = pango_fc_font_get_pattern(PANGO_FC_FONT(run->item->analysis.font));
            FT_Face face = NULL;
            if (!p || FcPatternGetFTFace(p, FC_FT_FACE, 0, &face) != FcResultMatch)
                continue;
            guint k = 0;
            while (k < nf && ((quick_face *)g_ptr_array_index(quick_faces, k))->face != face)
                k++;
            if (k == nf)
                continue;
            quick_face *q = g_ptr_array_index(quick_faces, k);
            if (!used[k]) {
                used[k] = g_array_new(FALSE, FALSE, sizeof(guint16));
                seen[k] = g_malloc0(65536 / 8);
            }
            for (int g = 0; g < run->glyphs->num_glyphs; g++) {
                PangoGlyph gl = run->glyphs->glyphs[g].glyph;
                if (gl & PANGO_GLYPH_UNKNOWN_FLAG || gl > 0xFFFF)
                    continue;
                guint16 gid = (guint16)gl;
                if (q->answer[gid] == 0xFFFF || seen[k][gid >> 3] & (1u << (gid & 7)) || used[k]->len >= q->slots)
                    continue;
                seen[k][gid >> 3] |= (guint8)(1u << (gid & 7));
                g_array_append_val(used[k], gid);
            }
        } while (pango_layout_iter_next_run(it));
        pango_layout_iter_free(it);
    }
    for (guint k = 0; k < nf; k++) {
        quick_face *q = g_ptr_array_index(quick_faces, k);
        cmap4_write(q, used[k] ? (const guint16 *)(void *)used[k]->data : NULL, used[k] ? used[k]->len : 0);
        if (used[k])
            g_array_unref(used[k]);
        g_free(seen[k]);
    }
    g_free(used);
    g_free(seen);
    g_mutex_unlock(&quick_lock);
}

/* True if one of the family names of 'p' is 'family'. */
static bool pattern_has_family(FcPattern *p, const char *family)
{
    FcChar8 *name;
    for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &name) == FcResultMatch; i++)
        if (strcmp((const char *)name, family) == 0)
            return true;
    return false;
}

/* Each face of 'family' in the configuration's fonts given to cairo
 * without its character map (see above): true if one was. */
static bool quicken_family(fonts *f, const char *family)
{
    bool any = false;
    FcSetName sets[] = { FcSetSystem, FcSetApplication };
    for (guint k = 0; k < G_N_ELEMENTS(sets); k++) {
        FcFontSet *fs = FcConfigGetFonts(f->fc_config, sets[k]);
        for (int i = 0; fs && i < fs->nfont; i++) {
            FcPattern *p = fs->fonts[i];
            FcChar8 *file = NULL;
            FT_Face face = NULL;
            int index = 0;
            if (!pattern_has_family(p, family) || FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch ||
                FcPatternGetFTFace(p, FC_FT_FACE, 0, &face) == FcResultMatch ||
                (FcPatternGetInteger(p, FC_INDEX, 0, &index) == FcResultMatch && index != 0))
                continue;
            face = quick_face_of((const char *)file);
            if (!face)
                continue;
            FcPattern *q = FcPatternDuplicate(p);
            if (!q || !FcPatternAddFTFace(q, FC_FT_FACE, face)) {
                if (q)
                    FcPatternDestroy(q);
                continue;
            }
            fs->fonts[i] = q;
            FcPatternDestroy(p);
            any = true;
        }
    }
    return any;
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
    bool quickened = false;
    for (int i = 0; ok && i < n; i++)
        if (!family_seen(r, i))
            quickened = quicken_family(f, r[i].family) || quickened;
    if (quickened && f->map) /* Pango keeps its own list of the fonts: made again */
        pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(f->map));
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
