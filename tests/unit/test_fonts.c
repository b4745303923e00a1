/* Unit tests of fonts' fontconfig configuration: the system's font
 * folders, none of the system's rules (a desktop's aliases and a user's
 * own rules change nothing, and a font pattern's family list stays the
 * few names our rules give), and none of the Korean and Chinese faces of
 * Noto CJK that fonts/fonts.conf leaves out; the system's configuration
 * read once and taken from the memo until a file or folder it was read
 * from, or the environment, changes. And the faces given to cairo
 * for embedding (fonts_check_style, fonts_embedding_prepare): cairo's own
 * search of their character map finds, for every glyph, the character it
 * finds in the file's map, in a few steps for the glyphs a document draws;
 * the sample's PDF is the same, byte for byte, as with the file's faces.
 * Tests run from the project's top folder (the sample is read there). */
#include "build.h"
#include "fonts.h"
#include "image_memo.h"
#include "layout.h"
#include "render.h"
#include "report.h"
#include "style.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <fontconfig/fcfreetype.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <pango/pangofc-font.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define GLYPH_STRIDE 29 /* a part of the glyphs under AddressSanitizer */
#else
#define GLYPH_STRIDE 1
#endif

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

/*** The faces given to cairo for embedding ***/

static guint16 rd16(const guint8 *p)
{
    return (guint16)(p[0] << 8 | p[1]);
}

/* Cairo 1.16's search for the character of glyph 'index' in the format 4
 * subtable 't' (_cairo_truetype_reverse_cmap, as its source has it): the
 * character, -1 when none, -2 when cairo gives up; '*steps' segments
 * looked at. */
static long cairo_search(const guint8 *t, unsigned long index, long *steps)
{
    guint size = rd16(t + 2), n = rd16(t + 6) / 2;
    const guint8 *end = t + 14, *start = end + 2 * n + 2, *delta = start + 2 * n, *ro = delta + 2 * n;
    *steps = 0;
    for (guint i = 0; i < n; i++) {
        guint16 s = rd16(start + 2 * i), e = rd16(end + 2 * i);
        (*steps)++;
        if (s == 0xffff && e == 0xffff)
            break;
        guint16 c = (guint16)(index - rd16(delta + 2 * i));
        if (rd16(ro + 2 * i) == 0 && c >= s && c <= e)
            return c;
    }
    for (guint i = 0; i < n; i++) {
        guint16 s = rd16(start + 2 * i), e = rd16(end + 2 * i);
        (*steps)++;
        if (s == 0xffff && e == 0xffff)
            break;
        guint16 r = rd16(ro + 2 * i);
        if (r != 0) {
            const guint8 *ids = ro + 2 * i + 2 * (r / 2);
            int range = e - s + 1;
            if (range > 0) {
                if (ids + 2 * range > t + size)
                    return -2;
                for (int j = 0; j < range; j++)
                    if (rd16(ids + 2 * j) == index)
                        return s + j;
            }
        }
    }
    return -1;
}

/* The (3,1) subtable of the 'cmap' table 'c' (NULL if none). */
static const guint8 *subtable_31(const guint8 *c)
{
    guint nt = rd16(c + 2);
    for (guint k = 0; k < nt; k++)
        if (rd16(c + 4 + 8 * k) == 3 && rd16(c + 6 + 8 * k) == 1)
            return c + ((guint32)rd16(c + 8 + 8 * k) << 16 | rd16(c + 10 + 8 * k));
    return NULL;
}

/* The 'cmap' table of 'face', as cairo reads it (FT_Load_Sfnt_Table). */
static guint8 *cmap_of(FT_Face face)
{
    FT_ULong len = 0;
    g_assert_cmpint(FT_Load_Sfnt_Table(face, FT_MAKE_TAG('c', 'm', 'a', 'p'), 0, NULL, &len), ==, 0);
    guint8 *b = g_malloc(len);
    g_assert_cmpint(FT_Load_Sfnt_Table(face, FT_MAKE_TAG('c', 'm', 'a', 'p'), 0, b, &len), ==, 0);
    return b;
}

static fonts *fonts_full(bool checked, const style *st)
{
    diag_list *d = diag_list_new();
    fonts *f = fonts_new(d);
    g_assert_nonnull(f);
    if (checked)
        g_assert_true(fonts_check_style(f, st, d));
    g_assert_cmpint(d->errors, ==, 0);
    diag_list_free(d);
    return f;
}

/* The FreeType face cairo is given for BIZ UDPGothic at 'weight' in 'f'
 * (NULL: the file's, by name), and the file. */
static FT_Face face_given(fonts *f, const char *desc, char **file)
{
    PangoFontDescription *fd = pango_font_description_from_string(desc);
    PangoFont *font = pango_context_load_font(f->context, fd);
    pango_font_description_free(fd);
    g_assert_nonnull(font);
    FcPattern *p = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcChar8 *name = NULL;
    g_assert_cmpint(FcPatternGetString(p, FC_FILE, 0, &name), ==, FcResultMatch);
    *file = g_strdup((const char *)name);
    FT_Face face = NULL;
    if (FcPatternGetFTFace(p, FC_FT_FACE, 0, &face) != FcResultMatch)
        face = NULL;
    g_object_unref(font);
    return face;
}

/* The layouts of the sample's text boxes, laid out in 'f'. */
static layout *sample_layout(fonts *f, const style *st, doc **dc)
{
    diag_list *d = diag_list_new();
    *dc = report_load("samples/017-matsue/trip.txt", d, BUILD_CHECK_FILES);
    g_assert_nonnull(*dc);
    layout *l = layout_run(*dc, st, f, d);
    g_assert_cmpint(d->errors, ==, 0);
    diag_list_free(d);
    return l;
}

/* Cairo's search in the face given finds what it finds in the file, for
 * every glyph, before and after a document's glyphs come first; theirs in
 * few steps. */
static void test_embedding_search(void)
{
    diag_list *d = diag_list_new();
    style *st = style_load("default", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    diag_list_free(d);
    fonts *f = fonts_full(true, st);
    char *file = NULL;
    FT_Face given = face_given(f, "BIZ UDPGothic 20", &file);
    g_assert_nonnull(given);
    g_assert_true(g_str_has_suffix(file, "BIZUDPGothic-Regular.ttf"));
    FT_Library lib;
    FT_Face own;
    g_assert_cmpint(FT_Init_FreeType(&lib), ==, 0);
    g_assert_cmpint(FT_New_Face(lib, file, 0, &own), ==, 0);
    g_assert_cmpint(given->num_glyphs, ==, own->num_glyphs);
    guint8 *c_own = cmap_of(own);
    const guint8 *t_own = subtable_31(c_own);
    g_assert_nonnull(t_own);

    doc *dc = NULL;
    layout *l = sample_layout(f, st, &dc);
    GPtrArray *layouts = g_ptr_array_new();
    pdf_text_layouts(l, layouts);
    GHashTable *drawn = g_hash_table_new(NULL, NULL);
    for (guint i = 0; i < layouts->len; i++) {
        PangoLayoutIter *it = pango_layout_get_iter(g_ptr_array_index(layouts, i));
        do {
            PangoGlyphItem *run = pango_layout_iter_get_run_readonly(it);
            FcPattern *p = run ? pango_fc_font_get_pattern(PANGO_FC_FONT(run->item->analysis.font)) : NULL;
            FT_Face x = NULL;
            if (p && FcPatternGetFTFace(p, FC_FT_FACE, 0, &x) == FcResultMatch && x == given)
                for (int g = 0; g < run->glyphs->num_glyphs; g++)
                    g_hash_table_add(drawn, GUINT_TO_POINTER(run->glyphs->glyphs[g].glyph));
        } while (pango_layout_iter_next_run(it));
        pango_layout_iter_free(it);
    }
    g_assert_cmpuint(g_hash_table_size(drawn), >, 300);

    for (int round = 0; round < 2; round++) {
        if (round == 1)
            fonts_embedding_prepare(layouts);
        guint8 *c_given = cmap_of(given);
        const guint8 *t_given = subtable_31(c_given);
        g_assert_nonnull(t_given);
        long most_own = 0, most_given = 0;
        for (long g = 0; g < given->num_glyphs; g += GLYPH_STRIDE) {
            long s1, s2;
            long a = cairo_search(t_own, (unsigned long)g, &s1), b = cairo_search(t_given, (unsigned long)g, &s2);
            if (a != b)
                g_error("glyph %ld: %ld in the file, %ld in the face given (round %d)", g, a, b, round);
            if (round == 1 && g_hash_table_contains(drawn, GUINT_TO_POINTER(g)) && a >= 0) {
                most_own = MAX(most_own, s1);
                most_given = MAX(most_given, s2);
            }
        }
        if (round == 1) { /* the drawn glyphs: found at once, where the file's map took thousands of steps */
            g_test_message("steps at most: %ld in the file, %ld in the face given", most_own, most_given);
            g_assert_cmpint(most_own, >, 1000);
            g_assert_cmpint(most_given, <=, (long)g_hash_table_size(drawn));
        }
        g_free(c_given);
    }
    g_hash_table_unref(drawn);
    g_ptr_array_unref(layouts);
    layout_free(l);
    doc_free(dc);
    g_free(c_own);
    FT_Done_Face(own);
    FT_Done_FreeType(lib);
    g_free(file);
    fonts_free(f);
    style_free(st);
}

static void put(guint8 *p, guint16 v)
{
    p[0] = (guint8)(v >> 8);
    p[1] = (guint8)v;
}

/* A map whose glyphs stand in several segments: glyph 5 in two segments
 * of a delta (the first in order is cairo's answer, not the lowest
 * character) and in a glyph array; glyph 7 in a segment of a delta after
 * a glyph array that has it (the deltas are searched first); glyph 9 in a
 * glyph array only (found in the second pass); glyph 8 in two glyph
 * arrays; the segment of U+FFFF last. Each glyph's character after the rewrite, with and without it
 * among those first, is the one cairo finds in the map as it was. */
static void test_embedding_priorities(void)
{
    /* segments: [0x50,0x52] delta -0x4B (0x50->5 .. 0x52->7); [0x30,0x32]
     * glyph array {5, 8, 7}; [0x20,0x20] delta -0x1B (0x20->5); [0x60,0x61]
     * glyph array {9, 8}; [0xFFFF] */
    const guint16 ends[] = { 0x52, 0x32, 0x20, 0x61, 0xFFFF }, starts[] = { 0x50, 0x30, 0x20, 0x60, 0xFFFF };
    const guint16 deltas[] = { (guint16)-0x4B, 0, (guint16)-0x1B, 0, 1 };
    const guint16 arrays[] = { 5, 8, 7, 9, 8 };
    guint n = 5;
    gsize len = 16 + n * 8 + sizeof arrays;
    gsize room = 4096;
    guint8 *t = g_malloc0(room), *orig = g_malloc0(room);
    put(t, 4);
    put(t + 2, (guint16)len);
    put(t + 6, (guint16)(2 * n));
    guint8 *e = t + 14, *st = e + 2 * n + 2, *de = st + 2 * n, *ro = de + 2 * n, *ga = ro + 2 * n;
    for (guint i = 0; i < n; i++) {
        put(e + 2 * i, ends[i]);
        put(st + 2 * i, starts[i]);
        put(de + 2 * i, deltas[i]);
    }
    put(ro + 2 * 1, (guint16)(2 * (n - 1) + 0)); /* segment 1: arrays[0] */
    put(ro + 2 * 3, (guint16)(2 * (n - 3) + 6)); /* segment 3: arrays[3] */
    for (guint i = 0; i < G_N_ELEMENTS(arrays); i++)
        put(ga + 2 * i, arrays[i]);
    memcpy(orig, t, room);
    long steps;
    g_assert_cmpint(cairo_search(orig, 5, &steps), ==, 0x50);
    g_assert_cmpint(cairo_search(orig, 9, &steps), ==, 0x60);
    g_assert_cmpint(cairo_search(orig, 7, &steps), ==, 0x52);
    g_assert_cmpint(cairo_search(orig, 8, &steps), ==, 0x31);
    const guint16 firsts[][4] = { { 0 }, { 5, 7, 9, 8 }, { 9, 3, 0 } };
    const guint nfirst[] = { 0, 4, 2 };
    for (guint k = 0; k < G_N_ELEMENTS(nfirst); k++) {
        memcpy(t, orig, room);
        g_assert_true(fonts_test_cmap4_rewrite(t, room, firsts[k], nfirst[k]));
        for (unsigned long g = 0; g < 65536; g++) {
            long s1, s2, a = cairo_search(orig, g, &s1), b = cairo_search(t, g, &s2);
            if (a != b)
                g_error("glyph %lu: %ld in the map, %ld rewritten (case %u)", g, a, b, k);
        }
        for (guint i = 0; i < nfirst[k]; i++)
            if (cairo_search(orig, firsts[k][i], &steps) >= 0) {
                cairo_search(t, firsts[k][i], &steps);
                g_assert_cmpint(steps, <=, (long)i + 1); /* found in its own segment, at once */
            }
    }
    /* A glyph array past the subtable: cairo gives up on it; not rewritten. */
    memcpy(t, orig, room);
    put(ro + 2 * 3, 4000);
    g_assert_false(fonts_test_cmap4_rewrite(t, room, firsts[1], nfirst[1]));
    g_free(t);
    g_free(orig);
}

/* The sample's PDF drawn with the faces given is the one the file's faces
 * make, to the byte. */
static void test_embedding_same_pdf(void)
{
    diag_list *d = diag_list_new();
    style *st = style_load("default", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    diag_list_free(d);
    GBytes *pdf[2];
    for (int k = 0; k < 2; k++) {
        fonts *f = fonts_full(k == 1, st);
        char *file = NULL;
        FT_Face given = face_given(f, "BIZ UDPGothic Bold 20", &file);
        if (k == 0)
            g_assert_null(given);
        else
            g_assert_nonnull(given);
        g_free(file);
        doc *dc = NULL;
        layout *l = sample_layout(f, st, &dc);
        pdf_options o = { .creator = "test", .epoch = 0, .style = st, .fonts = f };
        d = diag_list_new();
        pdf[k] = pdf_render_to_memory(l, dc, &o, d);
        g_assert_nonnull(pdf[k]);
        g_assert_cmpint(d->errors, ==, 0);
        diag_list_free(d);
        layout_free(l);
        doc_free(dc);
        fonts_free(f);
    }
    g_assert_cmpuint(g_bytes_get_size(pdf[0]), >, 100000);
    g_assert_true(g_bytes_equal(pdf[0], pdf[1]));
    g_bytes_unref(pdf[0]);
    g_bytes_unref(pdf[1]);
    style_free(st);
}

/*** fontconfig's own configuration, read once ***/

/* A new process with the memo of 'cache': what it would load. */
static void memo_process(void)
{
    image_memo_test_reset();
    image_memo_enable();
    image_memo_load();
    fonts_test_forget_system();
}

/* fonts_new_config_only: how many times it read fontconfig's own
 * configuration ('*reads'), and the font folders it has. */
static char *folders_now(unsigned *reads)
{
    unsigned r0 = fonts_test_system_reads();
    diag_list *d = diag_list_new();
    fonts *f = fonts_new_config_only(d);
    g_assert_nonnull(f);
    g_assert_cmpint(d->errors, ==, 0);
    diag_list_free(d);
    char *id = g_strdup(fonts_identity(f));
    fonts_free(f);
    *reads = fonts_test_system_reads() - r0;
    return id;
}

static void write_text(const char *path, const char *text)
{
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

/* Read once, then taken from the memo in a new process while nothing it
 * was read from changed: the same folders. Read again when the file
 * named by FONTCONFIG_FILE changes, when a file comes into a folder of
 * its includes, and when FONTCONFIG_FILE names another file. */
static void test_system_kept(void)
{
    char *dir = g_dir_make_tmp("tripreport-fc-XXXXXX", NULL);
    char *conf = g_build_filename(dir, "fonts.conf", NULL), *confd = g_build_filename(dir, "conf.d", NULL),
         *a = g_build_filename(dir, "fonts-a", NULL), *b = g_build_filename(dir, "fonts-b", NULL),
         *c = g_build_filename(dir, "fonts-c", NULL), *cache = g_dir_make_tmp("tripreport-fc-cache-XXXXXX", NULL);
    /* (The memo's folder apart: a folder of the configuration's changes as
     * the memo is written into it.) */
    g_assert_cmpint(g_mkdir(confd, 0755), ==, 0);
    g_assert_cmpint(g_mkdir(a, 0755), ==, 0);
    g_assert_cmpint(g_mkdir(b, 0755), ==, 0);
    g_assert_cmpint(g_mkdir(c, 0755), ==, 0);
    char *one = g_strdup_printf("<?xml version=\"1.0\"?>\n<fontconfig><include>/etc/fonts/fonts.conf</include>"
                                "<dir>%s</dir><include ignore_missing=\"yes\">%s</include></fontconfig>\n", a, confd);
    write_text(conf, one);
    char *first = g_build_filename(confd, "10-first.conf", NULL);
    write_text(first, "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n");
    char *old_cache = g_strdup(g_getenv("XDG_CACHE_HOME")), *old_file = g_strdup(g_getenv("FONTCONFIG_FILE"));
    g_setenv("XDG_CACHE_HOME", cache, TRUE);
    g_setenv("FONTCONFIG_FILE", conf, TRUE);

    memo_process();
    unsigned reads;
    char *f1 = folders_now(&reads);
    g_assert_cmpuint(reads, ==, 1);
    g_assert_nonnull(strstr(f1, a));
    image_memo_save();
    memo_process();
    char *f2 = folders_now(&reads);
    g_assert_cmpuint(reads, ==, 0);
    g_assert_cmpstr(f2, ==, f1);
    char *f2b = folders_now(&reads); /* again in the same process */
    g_assert_cmpuint(reads, ==, 0);
    g_assert_cmpstr(f2b, ==, f1);

    /* The file changed (another folder): read again, kept again. */
    char *local = g_build_filename(dir, "local.conf", NULL);
    char *two = g_strdup_printf("<?xml version=\"1.0\"?>\n<fontconfig><include>/etc/fonts/fonts.conf</include>"
                                "<dir>%s</dir><dir>%s</dir><include ignore_missing=\"yes\">%s</include>"
                                "<include ignore_missing=\"yes\">%s</include></fontconfig>\n",
                                a, b, confd, local);
    write_text(conf, two);
    char *f3 = folders_now(&reads);
    g_assert_cmpuint(reads, ==, 1);
    g_assert_nonnull(strstr(f3, b));
    image_memo_save();
    memo_process();
    char *f4 = folders_now(&reads);
    g_assert_cmpuint(reads, ==, 0);
    g_assert_cmpstr(f4, ==, f3);

    /* A new file in the included folder. */
    char *more = g_build_filename(confd, "50-more.conf", NULL), *more_text = g_strdup_printf(
        "<?xml version=\"1.0\"?>\n<fontconfig><dir>%s</dir></fontconfig>\n", c);
    write_text(more, more_text);
    char *f5 = folders_now(&reads);
    g_assert_cmpuint(reads, ==, 1);
    g_assert_nonnull(strstr(f5, c));

    /* A file it would include, missing until now, beside it. */
    image_memo_save();
    memo_process();
    g_free(folders_now(&reads));
    g_assert_cmpuint(reads, ==, 0);
    char *d_text = g_strdup_printf("<?xml version=\"1.0\"?>\n<fontconfig><dir>%s/fonts-d</dir></fontconfig>\n", dir);
    char *d_dir = g_strdup_printf("%s/fonts-d", dir);
    g_assert_cmpint(g_mkdir(d_dir, 0755), ==, 0);
    write_text(local, d_text);
    char *f5b = folders_now(&reads);
    g_assert_cmpuint(reads, ==, 1);
    g_assert_nonnull(strstr(f5b, d_dir));
    g_free(f5b);
    g_free(d_text);
    g_free(d_dir);
    g_free(local);

    /* Another configuration named: read again, without our folders. */
    g_unsetenv("FONTCONFIG_FILE");
    char *f6 = folders_now(&reads);
    g_assert_cmpuint(reads, ==, 1);
    g_assert_null(strstr(f6, a));

    if (old_cache)
        g_setenv("XDG_CACHE_HOME", old_cache, TRUE);
    else
        g_unsetenv("XDG_CACHE_HOME");
    if (old_file)
        g_setenv("FONTCONFIG_FILE", old_file, TRUE);
    image_memo_test_reset();
    fonts_test_forget_system();
    char *rm[] = { "rm", "-rf", dir, cache, NULL };
    g_assert_true(g_spawn_sync(NULL, rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
    g_free(f1);
    g_free(f2);
    g_free(f2b);
    g_free(f3);
    g_free(f4);
    g_free(f5);
    g_free(f6);
    g_free(more);
    g_free(more_text);
    g_free(two);
    g_free(one);
    g_free(first);
    g_free(old_cache);
    g_free(old_file);
    g_free(cache);
    g_free(c);
    g_free(b);
    g_free(a);
    g_free(confd);
    g_free(conf);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fonts/config/faces", test_faces);
    g_test_add_func("/fonts/config/rules-ours", test_rules_ours);
    g_test_add_func("/fonts/config/desktop-rules", test_desktop_rules);
    g_test_add_func("/fonts/config/synthetic-oblique", test_synthetic_oblique);
    g_test_add_func("/fonts/config/system-kept", test_system_kept);
    g_test_add_func("/fonts/embedding/priorities", test_embedding_priorities);
    g_test_add_func("/fonts/embedding/search", test_embedding_search);
    g_test_add_func("/fonts/embedding/same-pdf", test_embedding_same_pdf);
    return g_test_run();
}
