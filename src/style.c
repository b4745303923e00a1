/* style: page designs. style_default() is the built-in design; style_load()
 * reads a layout file (the trip files' key-value syntax, see
 * docs/layout-format.md) over it, one key at a time from the table below. */
#include "style.h"

#include "input.h"
#include "kv.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

style *style_default(void)
{
    style *s = g_new0(style, 1);
    s->name = g_strdup("default");
    s->page_w_pt = 297.0 / 25.4 * 72.0;
    s->page_h_pt = 210.0 / 25.4 * 72.0;
    s->margin_top_pt = 15.0 / 25.4 * 72.0;
    s->margin_bottom_pt = 12.0 / 25.4 * 72.0;
    s->margin_left_pt = s->margin_right_pt = 18.0 / 25.4 * 72.0;
    s->font_title = g_strdup("BIZ UDPGothic");
    s->font_heading = g_strdup("BIZ UDPGothic");
    s->font_body = g_strdup("BIZ UDPGothic");
    s->font_caption = g_strdup("BIZ UDPGothic");
    s->font_table = g_strdup("BIZ UDPGothic");
    s->size_title_pt = 40;
    s->size_number_pt = 88;
    s->size_place_pt = 44;
    s->size_heading_pt = 26;
    s->size_subheading_pt = 18;
    s->size_body_pt = 15;
    s->size_caption_pt = 11;
    s->size_table_pt = 14;
    s->size_footer_pt = 9;
    s->size_floor_pt = 14;
    s->line_spacing = 1.5;
    s->heading_band_pt = 58;
    s->band_filled = true;
    s->color_text = 0x222222;
    s->color_muted = 0x5F6B7A;
    s->color_accent = 0x1E3A5F;   /* deep navy */
    s->color_accent2 = 0xD9822B;  /* warm orange */
    s->color_band = 0x1E3A5F;
    s->color_band_text = 0xFFFFFF;
    s->color_rule = 0xB8C2CE;
    s->color_fill_light = 0xEEF3F8;
    return s;
}

void style_free(style *s)
{
    if (!s)
        return;
    g_free(s->name);
    g_free(s->path);
    g_free(s->font_title);
    g_free(s->font_heading);
    g_free(s->font_body);
    g_free(s->font_caption);
    g_free(s->font_table);
    g_free(s->logo);
    g_free(s);
}

/*** The keys ***/

typedef enum {
    T_NONE,
    T_BASE,    /* another layout to start from */
    T_PAGE,    /* page_w_pt and page_h_pt */
    T_MARGINS, /* all four margins, in mm */
    T_MM,      /* a double field in pt, written in mm */
    T_PT,      /* a double field in pt, written in pt */
    T_FACTOR,  /* a double field, a plain number */
    T_FONT,    /* a char* field: a font family name */
    T_BAND,    /* band_filled */
    T_COLOR,   /* a guint32 field, 0xRRGGBB */
    T_LOGO,    /* a char* field: an existing file, resolved */
} key_type;

typedef struct key_def {
    const char *key;
    key_type type;
    size_t off;          /* offsetof the field in struct style (T_MM … T_LOGO) */
    double min, max;     /* the accepted range of numbers, in the unit written */
    const char *what;    /* for range messages: "a size in pt" */
    const char *example; /* for "is empty" messages */
} key_def;

#define F(field) offsetof(style, field)
#define SIZE(k, field, ex) { k, T_PT, F(field), 4, 200, "a size in pt", ex }
#define MARGIN(k, field) { k, T_MM, F(field), 0, 100, "a length in mm", "15mm" }
#define FONT(k, field) { k, T_FONT, F(field), 0, 0, NULL, "BIZ UDPGothic" }
#define COLOR(k, field, ex) { k, T_COLOR, F(field), 0, 0, NULL, ex }

static const key_def keys[] = {
    { "base", T_BASE, 0, 0, 0, NULL, "default" },
    { "page-size", T_PAGE, 0, 50, 2000, NULL, "A4-landscape" },
    { "margin", T_MARGINS, 0, 0, 100, "a length in mm", "15mm" },
    MARGIN("margin-top", margin_top_pt),
    MARGIN("margin-right", margin_right_pt),
    MARGIN("margin-bottom", margin_bottom_pt),
    MARGIN("margin-left", margin_left_pt),
    FONT("font-title", font_title),
    FONT("font-heading", font_heading),
    FONT("font-body", font_body),
    FONT("font-caption", font_caption),
    FONT("font-table", font_table),
    SIZE("size-title", size_title_pt, "40pt"),
    SIZE("size-number", size_number_pt, "88pt"),
    SIZE("size-place", size_place_pt, "44pt"),
    SIZE("size-heading", size_heading_pt, "26pt"),
    SIZE("size-subheading", size_subheading_pt, "18pt"),
    SIZE("size-body", size_body_pt, "15pt"),
    SIZE("size-caption", size_caption_pt, "11pt"),
    SIZE("size-table", size_table_pt, "14pt"),
    SIZE("size-footer", size_footer_pt, "9pt"),
    SIZE("size-floor", size_floor_pt, "14pt"),
    { "line-spacing", T_FACTOR, F(line_spacing), 1, 3, "a factor", "1.5" },
    { "heading-band", T_PT, F(heading_band_pt), 10, 200, "a height in pt", "58pt" },
    { "band", T_BAND, F(band_filled), 0, 0, NULL, "filled" },
    COLOR("color-text", color_text, "#222222"),
    COLOR("color-muted", color_muted, "#5F6B7A"),
    COLOR("color-accent", color_accent, "#1E3A5F"),
    COLOR("color-accent2", color_accent2, "#D9822B"),
    COLOR("color-band", color_band, "#1E3A5F"),
    COLOR("color-band-text", color_band_text, "#FFFFFF"),
    COLOR("color-rule", color_rule, "#B8C2CE"),
    COLOR("color-fill-light", color_fill_light, "#EEF3F8"),
    { "logo", T_LOGO, F(logo), 0, 0, NULL, "logo.png" },
};
#define NKEYS G_N_ELEMENTS(keys)

/* Paper sizes by name, portrait, in mm. B is the Japanese (JIS) B series. */
static const struct paper {
    const char *name;
    double w_mm, h_mm;
} papers[] = {
    { "a3", 297, 420 }, { "a4", 210, 297 }, { "a5", 148, 210 }, { "b4", 257, 364 }, { "b5", 182, 257 },
};

static const key_def *find_key(const char *key)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].key, key) == 0)
            return &keys[i];
    return NULL;
}

static double mm_to_pt(double mm)
{
    return mm / 25.4 * 72.0; /* the same operations as style_default(), for equal results */
}

/*** Values ***/

/* 'v' with full-width letters and digits made ASCII (NFKC: "１５ｐｔ" is
 * "15pt", U+3000 a space) and spaces trimmed. Caller frees. Only for
 * numbers, colours and words: font names and paths are kept as written. */
static char *normalized(const char *v)
{
    char *n = g_utf8_normalize(v, -1, G_NORMALIZE_NFKC);
    if (!n)
        n = g_strdup(v);
    return g_strstrip(n);
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Reads a plain decimal number (digits, optionally '.' and digits) at *p,
 * then spaces and 'unit' if it is there (any case). No sign, no exponent,
 * no hex: "1e3" or "0x10" in a layout is a typo, not a number. */
static bool scan_number(const char **p, const char *unit, double *out)
{
    const char *s = *p, *start = s;
    int digits = 0;
    while (g_ascii_isdigit(*s)) {
        s++;
        digits++;
    }
    if (*s == '.') {
        s++;
        while (g_ascii_isdigit(*s)) {
            s++;
            digits++;
        }
    }
    if (digits == 0 || digits > 12)
        return false;
    char *num = g_strndup(start, (gsize)(s - start));
    *out = g_ascii_strtod(num, NULL);
    g_free(num);
    s = skip_spaces(s);
    if (unit && g_ascii_strncasecmp(s, unit, strlen(unit)) == 0)
        s = skip_spaces(s + strlen(unit));
    *p = s;
    return true;
}

/* A whole value that is one number, optionally followed by 'unit'. */
static bool parse_number(const char *v, const char *unit, double *out)
{
    char *n = normalized(v);
    const char *p = n;
    bool ok = scan_number(&p, unit, out) && *p == '\0';
    g_free(n);
    return ok;
}

static bool parse_page(const char *v, double *w_mm, double *h_mm)
{
    char *n = normalized(v);
    char *low = g_ascii_strdown(n, -1);
    bool ok = false;
    /* "297 x 210 mm", "297mm × 210mm" */
    const char *p = low;
    if (scan_number(&p, "mm", w_mm)) {
        if (*p == 'x' || *p == '*')
            p++;
        else if (strncmp(p, "×", strlen("×")) == 0)
            p += strlen("×");
        else
            goto out;
        p = skip_spaces(p);
        ok = scan_number(&p, "mm", h_mm) && *p == '\0';
        goto out;
    }
    /* "A4-landscape", "a4 portrait", "B5_portrait" */
    for (char *q = low; *q; q++)
        if (*q == ' ' || *q == '_')
            *q = '-';
    for (size_t i = 0; i < G_N_ELEMENTS(papers); i++) {
        size_t len = strlen(papers[i].name);
        if (strncmp(low, papers[i].name, len) != 0 || low[len] != '-')
            continue;
        const char *orient = low + len + 1;
        while (*orient == '-')
            orient++;
        if (strcmp(orient, "landscape") == 0) {
            *w_mm = papers[i].h_mm;
            *h_mm = papers[i].w_mm;
            ok = true;
        } else if (strcmp(orient, "portrait") == 0) {
            *w_mm = papers[i].w_mm;
            *h_mm = papers[i].h_mm;
            ok = true;
        }
        break;
    }
out:
    g_free(low);
    g_free(n);
    return ok;
}

static bool parse_color(const char *v, guint32 *out)
{
    char *n = normalized(v);
    bool ok = n[0] == '#' && strlen(n) == 7;
    for (int i = 1; ok && i < 7; i++)
        ok = g_ascii_isxdigit(n[i]);
    if (ok)
        *out = (guint32)strtoul(n + 1, NULL, 16);
    g_free(n);
    return ok;
}

/* 'dir'/'a'/'b' ('b' may be NULL), without a leading "./" when 'dir' is
 * the current folder, so that messages name files as the user wrote them. */
static char *join(const char *dir, const char *a, const char *b)
{
    if (g_path_is_absolute(a))
        return b ? g_build_filename(a, b, NULL) : g_strdup(a);
    if (!dir || !*dir || strcmp(dir, ".") == 0)
        return b ? g_build_filename(a, b, NULL) : g_strdup(a);
    return g_build_filename(dir, a, b, NULL);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *style_layout_names(const char *data_dir)
{
    char *dir = join(data_dir, "layouts", NULL);
    GDir *gd = g_dir_open(dir, 0, NULL);
    g_free(dir);
    if (!gd)
        return NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *f;
    while ((f = g_dir_read_name(gd))) {
        size_t len = strlen(f);
        if (len > strlen(".layout") && g_str_has_suffix(f, ".layout"))
            g_ptr_array_add(names, g_strndup(f, len - strlen(".layout")));
    }
    g_dir_close(gd);
    char *res = NULL;
    if (names->len > 0) {
        g_ptr_array_sort(names, cmp_str);
        g_ptr_array_add(names, NULL);
        res = g_strjoinv(", ", (char **)names->pdata);
    }
    g_ptr_array_unref(names);
    return res;
}

/*** Loading ***/

#define MAX_BASES 16 /* more `base:` levels than anyone writes; stops symlink games */

typedef struct loader {
    diag_list *d;
    const char *data_dir;
    GPtrArray *chain;  /* of char*, owned: real paths of the files being loaded, outermost first */
    GPtrArray *labels; /* of const char*, interned in 'd': the same files as named in messages */
} loader;

/* 0–3 for margin-top, -right, -bottom, -left. */
static int margin_side(const key_def *k)
{
    if (k->off == offsetof(style, margin_top_pt))
        return 0;
    if (k->off == offsetof(style, margin_right_pt))
        return 1;
    if (k->off == offsetof(style, margin_bottom_pt))
        return 2;
    g_assert(k->off == offsetof(style, margin_left_pt));
    return 3;
}

/* Sets one key of 's' from entry 'e' of the file 'label' (logo paths are
 * relative to its folder). 'side_given' says which margins have their own line. */
static void apply(loader *L, style *s, const key_def *k, const kv_entry *e, const char *label,
                  const bool side_given[4])
{
    diag_list *d = L->d;
    const char *v = e->value;
    char *field = (char *)s + k->off;
    double x = 0, y = 0;
    if (!v[0]) {
        diag_error(d, e->value_loc, "'%s' is empty; write a value after the colon, like %s", e->raw_key,
                   k->example);
        return;
    }
    switch (k->type) {
    case T_PAGE:
        if (!parse_page(v, &x, &y)) {
            diag_error(d, e->value_loc,
                       "bad page size '%s'; write a paper and its orientation, like A4-landscape or "
                       "B4-portrait (A3, A4, A5, B4, B5), or a size like '297 x 210 mm'",
                       v);
        } else if (x < k->min || x > k->max || y < k->min || y > k->max) {
            diag_error(d, e->value_loc, "page size '%s' is out of range; each side must be between %g and %g mm",
                       v, k->min, k->max);
        } else {
            s->page_w_pt = mm_to_pt(x);
            s->page_h_pt = mm_to_pt(y);
        }
        return;
    case T_MARGINS:
    case T_MM:
    case T_PT:
    case T_FACTOR: {
        const char *unit = k->type == T_PT ? "pt" : k->type == T_FACTOR ? NULL : "mm";
        if (!parse_number(v, unit, &x) || x < k->min || x > k->max) {
            if (k->type == T_FACTOR)
                diag_error(d, e->value_loc, "'%s' must be %s between %.1f and %.1f, like %s; got '%s'",
                           e->raw_key, k->what, k->min, k->max, k->example, v);
            else
                diag_error(d, e->value_loc, "'%s' must be %s between %g and %g; got '%s'", e->raw_key,
                           k->what, k->min, k->max, v);
            return;
        }
        if (k->type == T_MARGINS) {
            /* The sides given on their own lines win, wherever they stand. */
            double *side[4] = { &s->margin_top_pt, &s->margin_right_pt, &s->margin_bottom_pt, &s->margin_left_pt };
            for (int i = 0; i < 4; i++)
                if (!side_given[i])
                    *side[i] = mm_to_pt(x);
        } else
            *(double *)field = k->type == T_MM ? mm_to_pt(x) : x;
        return;
    }
    case T_FONT:
        if (strchr(v, '\n')) {
            diag_error(d, e->value_loc, "'%s' must be one font family name on one line", e->raw_key);
            return;
        }
        g_free(*(char **)field);
        *(char **)field = g_strdup(v);
        return;
    case T_BAND: {
        char *n = normalized(v);
        char *low = g_ascii_strdown(n, -1);
        if (strcmp(low, "filled") == 0)
            s->band_filled = true;
        else if (strcmp(low, "rule") == 0)
            s->band_filled = false;
        else
            diag_error(d, e->value_loc, "'%s' must be 'filled' or 'rule'; got '%s'", e->raw_key, v);
        g_free(low);
        g_free(n);
        return;
    }
    case T_COLOR: {
        guint32 c;
        if (parse_color(v, &c))
            *(guint32 *)field = c;
        else
            diag_error(d, e->value_loc, "bad colour '%s'; write #RRGGBB, like #1E3A5F", v);
        return;
    }
    case T_LOGO: {
        if (strchr(v, '\n')) {
            diag_error(d, e->value_loc, "'%s' must be one file path on one line", e->raw_key);
            return;
        }
        char **slot = (char **)field;
        if (g_ascii_strcasecmp(v, "none") == 0) {
            g_free(*slot);
            *slot = NULL;
            return;
        }
        char *dir = g_path_get_dirname(label);
        char *res = join(dir, v, NULL);
        g_free(dir);
        GError *err = NULL;
        int fd = infile_open(res, INFILE_IMAGE, NULL, &err);
        if (fd >= 0)
            close(fd);
        if (g_error_matches(err, INFILE_ERROR, INFILE_ERROR_NOT_FOUND)) {
            diag_error(d, e->value_loc, "logo '%s' not found (looked for '%s'); check the name and the folder", v,
                       res);
            g_free(res);
        } else if (err) {
            diag_error(d, e->value_loc, "logo '%s' %s", v, err->message);
            g_free(res);
        } else {
            g_free(*slot);
            *slot = res;
        }
        g_clear_error(&err);
        return;
    }
    case T_BASE:
    case T_NONE:
        break;
    }
    g_assert_not_reached();
}

/* Where 'name_or_path' is: the file name used in messages (caller frees),
 * and its short name in *name (caller frees). */
static char *locate(const loader *L, const char *name_or_path, const char *base_dir, bool *is_path, char **name)
{
    *is_path = strchr(name_or_path, '/') || g_str_has_suffix(name_or_path, ".layout");
    if (*is_path) {
        char *b = g_path_get_basename(name_or_path);
        if (g_str_has_suffix(b, ".layout") && strlen(b) > strlen(".layout"))
            b[strlen(b) - strlen(".layout")] = '\0';
        *name = b;
        return join(base_dir, name_or_path, NULL);
    }
    *name = g_strdup(name_or_path);
    char *file = g_strconcat(name_or_path, ".layout", NULL);
    char *res = join(L->data_dir, "layouts", file);
    g_free(file);
    return res;
}

static void not_found(loader *L, const char *name_or_path, bool is_path, const char *label, diag_loc where)
{
    char *names = style_layout_names(L->data_dir);
    if (is_path) {
        if (names)
            diag_error(L->d, where,
                       "layout file '%s' not found (looked for '%s'); check the name and the folder, "
                       "or name one of the layouts: %s",
                       name_or_path, label, names);
        else
            diag_error(L->d, where, "layout file '%s' not found (looked for '%s'); check the name and the folder",
                       name_or_path, label);
    } else if (names) {
        diag_error(L->d, where, "no layout '%s'; the layouts are %s", name_or_path, names);
    } else {
        char *dir = join(L->data_dir, "layouts", NULL);
        diag_error(L->d, where, "no layout '%s'; there are no layouts in '%s'", name_or_path, dir);
        g_free(dir);
    }
    g_free(names);
}

/* False (with an error at 'where') if 'real' is already being loaded. */
static bool check_loop(loader *L, const char *real, const char *label, diag_loc where)
{
    for (guint i = 0; i < L->chain->len; i++) {
        if (strcmp(g_ptr_array_index(L->chain, i), real) != 0)
            continue;
        GString *path = g_string_new(NULL);
        for (guint j = i; j < L->labels->len; j++)
            g_string_append_printf(path, "%s → ", (const char *)g_ptr_array_index(L->labels, j));
        g_string_append(path, label);
        diag_error(L->d, where, "'base' makes a loop (%s); remove one 'base:' line", path->str);
        g_string_free(path, TRUE);
        return false;
    }
    if (L->chain->len >= MAX_BASES) {
        diag_error(L->d, where, "too many 'base:' levels (more than %d); base this layout on one that has none",
                   MAX_BASES);
        return false;
    }
    return true;
}

/* Margins that leave less than this for the content are a mistake. */
#define MIN_CONTENT_MM 50.0

/* Reads the layout file named by 'name_or_path' (see style_load()) and its
 * bases. Returns NULL if this call added any error to L->d. */
static style *load(loader *L, const char *name_or_path, const char *base_dir, diag_loc where)
{
    diag_list *d = L->d;
    int errors_before = d->errors;
    bool is_path;
    char *name = NULL;
    char *label_buf = locate(L, name_or_path, base_dir, &is_path, &name);
    const char *label = diag_file(d, label_buf);
    g_free(label_buf);

    /* Read first (a regular file within its cap: never a FIFO or a
     * device), then decoded once it is known not to loop. */
    char *bytes = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!infile_read(label, INFILE_LAYOUT, &bytes, &len, &err)) {
        if (g_error_matches(err, INFILE_ERROR, INFILE_ERROR_NOT_FOUND))
            not_found(L, name_or_path, is_path, label, where);
        else if (g_error_matches(err, INFILE_ERROR, INFILE_ERROR_NOT_REGULAR))
            diag_error(d, where, "'%s' %s", label, err->message);
        else
            diag_error(d, where, "layout file '%s' %s", label, err->message);
        g_error_free(err);
        g_free(name);
        return NULL;
    }
    char *rp = realpath(label, NULL);
    char *real = g_strdup(rp ? rp : label);
    free(rp); /* realpath() allocates with malloc */
    if (!check_loop(L, real, label, where)) {
        g_free(real);
        g_free(bytes);
        g_free(name);
        return NULL;
    }
    g_ptr_array_add(L->chain, real);
    g_ptr_array_add(L->labels, (gpointer)label);

    style *s = NULL;
    kv_file *kv = NULL;
    char *text = input_decode(bytes, len, label, d, NULL);
    g_free(bytes);
    if (!text)
        goto out;
    kv = kv_parse(text, label, d);

    /* The starting point: the base, or the built-in design. When the base
     * fails, the keys of this file are still checked against the default. */
    const kv_entry *base = NULL;
    bool side_given[4] = { false, false, false, false }; /* margin-top, -right, -bottom, -left */
    for (guint i = 0; i < kv->entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(kv->entries, i);
        const key_def *k = e->kind == KV_PAIR ? find_key(e->key) : NULL;
        if (k && k->type == T_BASE && !base)
            base = e;
        else if (k && k->type == T_MM)
            side_given[margin_side(k)] = true;
    }
    if (base && base->value[0] && !strchr(base->value, '\n')) {
        char *dir = g_path_get_dirname(label);
        s = load(L, base->value, dir, base->value_loc);
        g_free(dir);
    }
    if (!s)
        s = style_default();

    /* Every entry in file order, so that messages come in file order. */
    const char *names[NKEYS + 1];
    for (size_t i = 0; i < NKEYS; i++)
        names[i] = keys[i].key;
    names[NKEYS] = NULL;
    const kv_entry *first[NKEYS] = { 0 };
    const kv_entry *geometry = NULL; /* the last page-size or margin key */
    for (guint i = 0; i < kv->entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(kv->entries, i);
        if (e->kind == KV_SECTION) {
            diag_error(d, e->loc, "a layout has no pages; remove the line '[%s]' (a layout has only 'key: value' lines)",
                       e->raw_key);
            continue;
        }
        const key_def *k = find_key(e->key);
        if (!k) {
            const char *sug = diag_suggest(e->key, names);
            if (sug)
                diag_error(d, e->loc, "unknown key '%s' (did you mean '%s'?)", e->raw_key, sug);
            else
                diag_error(d, e->loc, "unknown key '%s'; the keys of a layout are listed in docs/layout-format.md",
                           e->raw_key);
            continue;
        }
        size_t ki = (size_t)(k - keys);
        if (first[ki]) {
            diag_error(d, e->loc, "'%s' is given twice (first at line %d); keep one", e->raw_key, first[ki]->loc.line);
            continue;
        }
        first[ki] = e;
        if (k->type == T_BASE) {
            if (!e->value[0])
                diag_error(d, e->value_loc, "'%s' is empty; write a value after the colon, like %s", e->raw_key,
                           k->example);
            else if (strchr(e->value, '\n'))
                diag_error(d, e->value_loc, "'%s' must be one layout name or path on one line", e->raw_key);
            continue; /* loaded above */
        }
        apply(L, s, k, e, label, side_given);
        if (k->type == T_PAGE || k->type == T_MARGINS || k->type == T_MM)
            geometry = e;
    }

    double cw = s->page_w_pt - s->margin_left_pt - s->margin_right_pt;
    double ch = s->page_h_pt - s->margin_top_pt - s->margin_bottom_pt;
    if (geometry && (cw < mm_to_pt(MIN_CONTENT_MM) || ch < mm_to_pt(MIN_CONTENT_MM)))
        diag_error(d, geometry->loc,
                   "the margins leave %.0f x %.0f mm for the content (at least %.0f x %.0f is needed); "
                   "make them smaller or the page larger",
                   cw * 25.4 / 72.0, ch * 25.4 / 72.0, MIN_CONTENT_MM, MIN_CONTENT_MM);

    g_free(s->name);
    s->name = g_strdup(name);
    g_free(s->path);
    s->path = g_strdup(label);

out:
    kv_file_free(kv);
    g_free(text);
    g_free(name);
    g_ptr_array_set_size(L->chain, (gint)L->chain->len - 1);
    g_ptr_array_set_size(L->labels, (gint)L->labels->len - 1);
    if (d->errors > errors_before) {
        style_free(s);
        return NULL;
    }
    return s;
}

style *style_load(const char *name_or_path, const char *data_dir, const char *base_dir, diag_loc where,
                  diag_list *d)
{
    g_return_val_if_fail(name_or_path && d, NULL);
    loader L = { d, data_dir, g_ptr_array_new_with_free_func(g_free), g_ptr_array_new() };
    style *s = load(&L, name_or_path, base_dir, where);
    g_ptr_array_unref(L.chain);
    g_ptr_array_unref(L.labels);
    return s;
}
