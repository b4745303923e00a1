/* style: the page design's keys: one table of every key of a layout file
 * (field, unit, range, the built-in value: style_default()), and how a
 * value is read into a style (style_key_apply). Files: style_load.c. */
#include "style_keys.h"
#include "i18n.h"

#include "image_probe.h"
#include "infile.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*** The keys ***/

#define F(field) offsetof(style, field)
#define SIZE(k, field, def) { k, T_PT, F(field), 4, 200, N_("a size in pt"), #def "pt", def }
#define MARGIN(k, field, def) { k, T_MARGIN, F(field), 0, 100, N_("a length in mm"), "15mm", def }
#define FONT(k, field) { k, T_FONT, F(field), 0, 0, NULL, "BIZ UDPGothic", 0 }
#define RANGE(k, field, ex, def) { k, T_RANGE, F(field), 4, 200, "a size in pt", ex, def }
#define COLOR(k, field, def) { k, T_COLOR, F(field), 0, 0, NULL, NULL, def }
/* The measures of page parts: lengths in pt, shares in %, factors of a text size in em. */
#define LEN(k, field, max, def) { k, T_PT, F(field), 0, max, N_("a length in pt"), NULL, def }
#define LINE(k, field, def) { k, T_PT, F(field), 0.1, 20, N_("a line width in pt"), NULL, def }
#define SHARE(k, field, def) { k, T_PERCENT, F(field), 0, 100, NULL, NULL, def }
#define EM(k, field, def) { k, T_EM, F(field), 0, 10, N_("a factor of the text size"), NULL, def }
#define SPACING(k, field, def) { k, T_FACTOR, F(field), 1, 3, N_("a factor"), NULL, def }
#define PLUS(k, field, base, def) { k, T_PLUS, F(field), -20, 60, base, NULL, def }

/* Every key of a layout file, with the built-in design's value; the
 * groups are those of docs/layout-format.md. */
static const key_def keys[] = {
    { "base", T_BASE, 0, 0, 0, NULL, "default", 0 },
    /* Paper, margins, fonts */
    { "page-size", T_PAGE, 0, 50, 2000, NULL, "A4-landscape", 0 },
    { "margin", T_MARGINS, 0, 0, 100, N_("a length in mm"), "15mm", 0 },
    MARGIN("margin-top", margin_top_pt, 15),
    MARGIN("margin-right", margin_right_pt, 18),
    MARGIN("margin-bottom", margin_bottom_pt, 12),
    MARGIN("margin-left", margin_left_pt, 18),
    FONT("font-title", font_title),
    FONT("font-heading", font_heading),
    FONT("font-body", font_body),
    FONT("font-caption", font_caption),
    FONT("font-table", font_table),
    /* Text sizes */
    SIZE("size-title", size_title_pt, 40),
    SIZE("size-number", size_number_pt, 88),
    SIZE("size-place", size_place_pt, 44),
    SIZE("size-heading", size_heading_pt, 26),
    RANGE("size-subheading", size_subheading_pt, "18-28pt", 18),
    RANGE("size-body", size_body_pt, "15-24pt step 1.5pt", 15),
    SIZE("size-caption", size_caption_pt, 11),
    RANGE("size-table", size_table_pt, "14-21pt", 14),
    SIZE("size-footer", size_footer_pt, 9),
    SIZE("size-floor", size_floor_pt, 14),
    SIZE("size-heading-least", band.size_least_pt, 14),
    SIZE("size-period", title.size_period_pt, 18),
    SIZE("size-traveler", title.size_traveler_pt, 14),
    SIZE("size-mark", closing.size_mark_pt, 20),
    SIZE("size-closing-title", closing.size_title_pt, 36),
    SIZE("size-closing-text", closing.size_text_pt, 28),
    SIZE("size-signature", closing.size_signature_pt, 18),
    PLUS("size-goals", goals.size_plus_pt, "size-body", 1),
    PLUS("size-bullets", table.bullets_plus_pt, "size-body", 5),
    PLUS("size-overview", table.overview_plus_pt, "size-body", 5),
    PLUS("size-facts", facts.size_plus_pt, "size-body", 9),
    PLUS("size-facts-title", facts.title_plus_pt, "size-heading", 6),
    PLUS("size-photo-caption", photos.caption_plus_pt, "size-caption", 1),
    PLUS("size-placeholder", photos.placeholder_plus_pt, "size-caption", 2),
    SHARE("size-subitem", text.subitem_size, 85),
    SHARE("size-subitem-least", text.subitem_size_least, 90),
    { "size-steps-apart", T_COUNT, F(scale.steps_apart), 0, 50, "a whole number", NULL, 2 },
    /* Line spacing */
    { "line-spacing", T_FACTOR, F(line_spacing), 1, 3, N_("a factor"), "1.5", 1.5 },
    SPACING("subheading-spacing", text.subheading_spacing, 1.3),
    SPACING("table-line-spacing", table.line_spacing, 1.25),
    SPACING("facts-line-spacing", facts.line_spacing, 1.2),
    SPACING("caption-line-spacing", photos.caption_spacing, 1.25),
    SPACING("closing-text-spacing", closing.text_spacing, 1.4),
    SPACING("closing-signature-spacing", closing.signature_spacing, 1.5),
    /* The heading band */
    { "heading-band", T_PT, F(heading_band_pt), 10, 200, N_("a height in pt"), "58pt", 58 },
    SHARE("heading-band-most", band.most, 35),
    { "band", T_BAND, F(band_filled), 0, 0, NULL, "filled", 0 },
    SHARE("heading-top", band.heading_top, 35),
    LEN("heading-space-below", band.heading_space_pt, 100, 4),
    LEN("band-stripe", band.stripe_pt, 50, 3),
    LINE("band-rule", band.rule_pt, 1.5),
    LEN("band-rule-lift", band.rule_lift_pt, 50, 2),
    LEN("band-gap", band.gap_pt, 200, 22),
    LEN("band-gap-rule", band.gap_rule_pt, 200, 18),
    /* The footer */
    LEN("footer-gap", footer.gap_pt, 100, 6),
    LEN("footer-top", footer.top_pt, 100, 6),
    LEN("footer-space-below", footer.space_below_pt, 100, 2),
    LEN("footer-rule-lift", footer.rule_lift_pt, 100, 4),
    LINE("footer-rule", footer.rule_pt, 0.5),
    SHARE("footer-text-width", footer.text_share, 70),
    SHARE("footer-number-width", footer.number_share, 30),
    /* The title page */
    LEN("title-indent", title.indent_pt, 300, 24),
    SHARE("title-top", title.top, 17),
    LEN("title-stripe", title.stripe_pt, 200, 14),
    LEN("title-band", title.band_pt, 500, 96),
    LEN("title-band-stripe", title.band_stripe_pt, 100, 4),
    LEN("title-band-space", title.band_space_pt, 200, 8),
    LEN("title-band-inset", title.band_inset_pt, 200, 6),
    LEN("title-top-line", title.top_line_pt, 500, 28),
    LINE("title-top-line-width", title.top_line_width_pt, 2),
    LINE("title-band-line-width", title.band_line_width_pt, 1),
    LEN("title-series-space", title.series_space_pt, 200, 6),
    LEN("title-number-shift", title.number_shift_pt, 100, 4),
    LEN("title-number-space", title.number_space_pt, 200, 10),
    LEN("title-rule-length", title.rule_length_pt, 2000, 420),
    LINE("title-rule-width", title.rule_width_pt, 2.5),
    LEN("title-rule-space", title.rule_space_pt, 200, 18),
    LEN("title-period-bottom", title.period_bottom_pt, 1000, 84),
    LEN("title-period-space", title.period_space_pt, 200, 8),
    /* The closing page */
    LEN("closing-top", closing.top_pt, 500, 40),
    LEN("closing-bottom", closing.bottom_pt, 500, 10),
    SHARE("closing-start", closing.start, 12),
    LEN("closing-mark-top", closing.mark_top_pt, 200, 6),
    LEN("closing-mark-space", closing.mark_space_pt, 200, 8),
    LEN("closing-title-space", closing.title_space_pt, 200, 24),
    LEN("closing-rule-length", closing.rule_length_pt, 2000, 120),
    LINE("closing-rule-width", closing.rule_width_pt, 2),
    LEN("closing-rule-space", closing.rule_space_pt, 200, 28),
    LEN("closing-text-space", closing.text_space_pt, 200, 40),
    /* Page composition */
    { "balance", T_BALANCE, F(scale.balance), 0, 0, NULL, "spread", BALANCE_SPREAD },
    EM("balance-spread-most", scale.spread_most, 1),
    SHARE("continuation-least", scale.continuation_least, 33),
    /* Text: paragraphs, subheadings, lists */
    EM("paragraph-space", text.paragraph_space, 0.7),
    { "cjk-latin-space", T_EM, F(text.cjk_latin_space), 0, 1, "a factor of the text size", NULL, 0.25 },
    { "hanging-punctuation", T_YESNO, F(text.hanging_punctuation), 0, 0, NULL, "no", 0 },
    EM("subheading-space-above", text.subheading_space, 1.1),
    LEN("subheading-space-below", text.subheading_below_pt, 100, 6),
    EM("list-indent", text.list_indent, 1.6),
    EM("list-mark-width", text.list_mark, 1.3),
    SHARE("list-indent-most", text.list_indent_most, 60),
    EM("item-space", text.item_space, 0.8),
    EM("subitem-space", text.subitem_space, 0.25),
    /* Goals */
    LEN("goals-space-above", goals.space_pt, 200, 6),
    LEN("goals-title-room", goals.title_room_pt, 200, 28),
    LEN("goals-title-gap", goals.title_gap_pt, 200, 12),
    EM("goals-rule-above", goals.rule_above, 0.6),
    EM("goals-rule-below", goals.rule_below, 0.8),
    LINE("goals-rule", goals.rule_pt, 0.6),
    /* Tables and the overview */
    LEN("table-pad-x", table.pad_x_pt, 100, 10),
    LEN("table-pad-y", table.pad_y_pt, 100, 8),
    EM("table-space-above", table.space_above, 1),
    EM("table-space-below", table.space_below, 1),
    LINE("table-header-rule", table.header_rule_pt, 1.2),
    LINE("table-rule", table.rule_pt, 0.6),
    LEN("overview-pad-x", table.overview_pad_x_pt, 100, 18),
    LEN("overview-pad-y", table.overview_pad_y_pt, 100, 14),
    SHARE("overview-top", table.overview_top, 12),
    /* The facts page */
    SHARE("facts-image-width", facts.image_share, 46),
    LEN("facts-gap", facts.gap_pt, 200, 28),
    EM("facts-credit-room", facts.credit_room, 1.6),
    LEN("facts-credit-space", facts.credit_space_pt, 100, 4),
    LINE("facts-image-rule", facts.image_rule_pt, 0.5),
    LEN("facts-title-space", facts.title_space_pt, 100, 10),
    LINE("facts-rule", facts.rule_pt, 1.5),
    LEN("facts-rule-space", facts.rule_space_pt, 100, 12),
    EM("facts-tab-gap", facts.tab_gap, 0.6),
    SHARE("facts-tab-most", facts.tab_most, 45),
    LEN("facts-space", facts.space_pt, 100, 4),
    LEN("facts-space-below", facts.space_below_pt, 100, 8),
    /* Photos */
    LEN("photo-gap", photos.gap_pt, 200, 14),
    LEN("photo-caption-gap", photos.caption_gap_pt, 100, 5),
    LEN("photo-height-least", photos.height_least_pt, 1000, 110),
    { "photos-per-page", T_COUNT, F(photos.per_page), 1, 16, N_("a whole number"), NULL, 6 },
    { "photo-aspect", T_RATIO, F(photos.aspect), 1, 100, NULL, "4:3", 4.0 / 3.0 },
    LINE("placeholder-rule", photos.placeholder_rule_pt, 0.75),
    LEN("placeholder-inset", photos.placeholder_inset_pt, 100, 4),
    { "photo-metadata", T_SIDE, F(photos.keep_metadata), 0, 0, "keep", "strip", 0 },
    /* The output */
    { "pdf-size-limit", T_FACTOR, F(pdf_size_limit_mb), 0.1, 10000, N_("a size in MB"), "10", 10 },
    /* Colours */
    COLOR("color-text", color_text, 0x222222),
    COLOR("color-muted", color_muted, 0x5F6B7A),
    COLOR("color-accent", color_accent, 0x1E3A5F),   /* deep navy */
    COLOR("color-accent2", color_accent2, 0xD9822B), /* warm orange */
    COLOR("color-band", color_band, 0x1E3A5F),
    COLOR("color-band-text", color_band_text, 0xFFFFFF),
    COLOR("color-rule", color_rule, 0xB8C2CE),
    COLOR("color-fill-light", color_fill_light, 0xEEF3F8),
    COLOR("color-table-stripe", table.color_stripe, 0xF6F8FB),
    COLOR("color-table-header-rule", table.color_header_rule, 0xFFFFFF),
    COLOR("color-placeholder", photos.color_placeholder, 0xE4E8ED),
    /* The logo */
    { "logo", T_LOGO, F(logo), 0, 0, NULL, "logo.png", 0 },
    { "logo-height", T_MM, F(logo_at.height_pt), 1, 100, N_("a height in mm"), NULL, 12 },
    { "logo-position", T_SIDE, F(logo_at.left), 0, 0, "left", "right", 0 },
    LEN("logo-gap", logo_at.gap_pt, 200, 12),
};
#define NKEYS G_N_ELEMENTS(keys)

double style_mm_to_pt(double mm)
{
    return mm / 25.4 * 72.0;
}

/* The value kept for number 'x' written for key 'k' (in its unit). */
static double stored(const key_def *k, double x)
{
    if (k->type == T_MARGINS || k->type == T_MARGIN || k->type == T_MM)
        return style_mm_to_pt(x);
    if (k->type == T_PERCENT)
        return x / 100;
    return x;
}

/* Sets the number field of 'k' in 's' to 'x' as written. */
static void set_number(style *s, const key_def *k, double x)
{
    char *field = (char *)s + k->off;
    if (k->type == T_COUNT || k->type == T_BALANCE)
        *(int *)field = (int)x;
    else if (k->type == T_COLOR)
        *(guint32 *)field = (guint32)x;
    else if (k->type == T_SIDE || k->type == T_YESNO)
        *(bool *)field = x != 0;
    else
        *(double *)field = stored(k, x);
}

style *style_default(void)
{
    style *s = g_new0(style, 1);
    s->name = g_strdup("default");
    s->page_w_pt = style_mm_to_pt(297);
    s->page_h_pt = style_mm_to_pt(210);
    s->font_title = g_strdup("BIZ UDPGothic");
    s->font_heading = g_strdup("BIZ UDPGothic");
    s->font_body = g_strdup("BIZ UDPGothic");
    s->font_caption = g_strdup("BIZ UDPGothic");
    s->font_table = g_strdup("BIZ UDPGothic");
    s->band_filled = true;
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        const key_def *k = &keys[i];
        if (k->off && k->type != T_FONT && k->type != T_BAND && k->type != T_LOGO)
            set_number(s, k, k->def);
    }
    s->scale.body_most_pt = 24;
    s->scale.body_step_pt = 1.5;
    s->scale.subheading_most_pt = 28;
    s->scale.table_most_pt = 21;
    return s;
}

/* The field of style.scale holding the top of ranged size 'k'. */
static double *range_most(style *s, const key_def *k)
{
    if (k->off == offsetof(style, size_body_pt))
        return &s->scale.body_most_pt;
    if (k->off == offsetof(style, size_subheading_pt))
        return &s->scale.subheading_most_pt;
    g_assert(k->off == offsetof(style, size_table_pt));
    return &s->scale.table_most_pt;
}

int style_scale_steps(const style *s)
{
    const style_scale *S = &s->scale;
    if (S->body_step_pt <= 0 || S->body_most_pt <= s->size_body_pt)
        return 0;
    return (int)floor((S->body_most_pt - s->size_body_pt) / S->body_step_pt + 1e-6);
}

/* The size at share 't' (0-1) of the range from 'least' to 'most', to a
 * quarter point. */
static double range_at(double least, double most, double t)
{
    if (most <= least)
        return least;
    return floor((least + (most - least) * t) * 4 + 0.5) / 4;
}

style style_at_step(const style *s, int i)
{
    style r = *s;
    int n = style_scale_steps(s);
    i = CLAMP(i, 0, n);
    if (n == 0)
        return r;
    r.size_body_pt = s->size_body_pt + i * s->scale.body_step_pt;
    double t = (r.size_body_pt - s->size_body_pt) / (s->scale.body_most_pt - s->size_body_pt);
    r.size_subheading_pt = range_at(s->size_subheading_pt, s->scale.subheading_most_pt, t);
    r.size_table_pt = range_at(s->size_table_pt, s->scale.table_most_pt, t);
    return r;
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

/* Paper sizes by name, portrait, in mm. B is the Japanese (JIS) B series. */
static const struct paper {
    const char *name;
    double w_mm, h_mm;
} papers[] = {
    { "a3", 297, 420 }, { "a4", 210, 297 }, { "a5", 148, 210 }, { "b4", 257, 364 }, { "b5", 182, 257 },
};

const key_def *style_key_find(const char *key)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].key, key) == 0)
            return &keys[i];
    return NULL;
}

size_t style_key_count(void)
{
    return NKEYS;
}

const key_def *style_key_at(size_t i)
{
    return i < NKEYS ? &keys[i] : NULL;
}

char *style_key_example(const key_def *k)
{
    if (k->example)
        return g_strdup(k->example);
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(num, sizeof num, "%g", k->def);
    if (k->type == T_PT || k->type == T_RANGE)
        return g_strconcat(num, "pt", NULL);
    if (k->type == T_MM || k->type == T_MARGIN)
        return g_strconcat(num, "mm", NULL);
    if (k->type == T_EM)
        return g_strconcat(num, "em", NULL);
    if (k->type == T_PERCENT)
        return g_strconcat(num, "%", NULL);
    if (k->type == T_PLUS)
        return g_strconcat(k->def < 0 ? "" : "+", num, "pt", NULL);
    if (k->type == T_COLOR)
        return g_strdup_printf("#%06X", (guint32)k->def);
    return g_strdup(num);
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

/* A size or a range of sizes: "15", "15pt", "15-24pt", "15pt-24pt step
 * 1.5pt" ('~' and full-width forms too). *ranged: the value has a range's
 * dash after its first number (so a bad range is told as one). */
static bool parse_range(const char *v, double *least, double *most, double *step, bool *ranged)
{
    char *n = normalized(v);
    const char *p = n;
    bool ok = false;
    *ranged = false;
    *step = 0;
    if (!scan_number(&p, "pt", least))
        goto out;
    *most = *least;
    if (*p == '\0') {
        ok = true;
        goto out;
    }
    static const char *const dashes[] = { "-", "~", "\u2013", "\u301C", "\u30FC" };
    size_t dl = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(dashes) && !dl; i++)
        if (strncmp(p, dashes[i], strlen(dashes[i])) == 0)
            dl = strlen(dashes[i]);
    if (!dl)
        goto out;
    *ranged = true;
    p = skip_spaces(p + dl);
    if (!scan_number(&p, "pt", most))
        goto out;
    if (g_ascii_strncasecmp(p, "step", 4) == 0) {
        p = skip_spaces(p + 4);
        if (!scan_number(&p, "pt", step) || *step <= 0)
            goto out;
    }
    ok = *p == '\0';
out:
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
char *style_path_join(const char *dir, const char *a, const char *b)
{
    if (g_path_is_absolute(a))
        return b ? g_build_filename(a, b, NULL) : g_strdup(a);
    if (!dir || !*dir || strcmp(dir, ".") == 0)
        return b ? g_build_filename(a, b, NULL) : g_strdup(a);
    return g_build_filename(dir, a, b, NULL);
}

/* 0–3 for margin-top, -right, -bottom, -left. */
int style_key_margin_side(const key_def *k)
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

void style_key_apply(diag_list *d, style *s, const key_def *k, const kv_entry *e, const char *label,
                     const bool side_given[4])
{
    const char *v = e->value;
    char *field = (char *)s + k->off;
    double x = 0, y = 0;
    if (!v[0]) {
        char *ex = style_key_example(k);
        diag_error(d, e->value_loc, "'%s' is empty; write a value after the colon, like %s", e->raw_key, ex);
        g_free(ex);
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
            s->page_w_pt = style_mm_to_pt(x);
            s->page_h_pt = style_mm_to_pt(y);
        }
        return;
    case T_MARGINS:
    case T_MARGIN:
    case T_MM:
    case T_PT:
    case T_FACTOR:
    case T_EM:
    case T_PERCENT:
    case T_COUNT: {
        const char *unit = k->type == T_PT ? "pt" : k->type == T_EM ? "em" : k->type == T_PERCENT ? "%"
                         : k->type == T_FACTOR || k->type == T_COUNT ? NULL : "mm";
        if (!parse_number(v, unit, &x) || x < k->min || x > k->max || (k->type == T_COUNT && x != floor(x))) {
            char *ex = style_key_example(k);
            if (k->type == T_FACTOR || k->type == T_EM)
                diag_error(d, e->value_loc, "'%s' must be %s between %.1f and %.1f, like %s; got '%s'",
                           e->raw_key, _(k->what), k->min, k->max, ex, v);
            else if (k->type == T_PERCENT)
                diag_error(d, e->value_loc, "'%s' must be a percentage between %g%% and %g%%, like %s; got '%s'",
                           e->raw_key, k->min, k->max, ex, v);
            else
                diag_error(d, e->value_loc, "'%s' must be %s between %g and %g; got '%s'", e->raw_key,
                           _(k->what), k->min, k->max, v);
            g_free(ex);
            return;
        }
        if (k->type == T_MARGINS) {
            /* The sides given on their own lines win, wherever they stand. */
            double *side[4] = { &s->margin_top_pt, &s->margin_right_pt, &s->margin_bottom_pt, &s->margin_left_pt };
            for (int i = 0; i < 4; i++)
                if (!side_given[i])
                    *side[i] = style_mm_to_pt(x);
        } else
            set_number(s, k, x);
        return;
    }
    case T_RANGE: {
        double most, step;
        bool ranged, body = k->off == offsetof(style, size_body_pt);
        bool ok = parse_range(v, &x, &most, &step, &ranged);
        if (!ranged) {
            if (!ok || x < k->min || x > k->max) {
                diag_error(d, e->value_loc, "'%s' must be %s between %g and %g; got '%s'", e->raw_key, k->what,
                           k->min, k->max, v);
                return;
            }
            set_number(s, k, x);
            *range_most(s, k) = x;
            if (body)
                s->scale.body_step_pt = 0;
            return;
        }
        if (ok && !body && step > 0) {
            diag_error(d, e->value_loc, "'%s' takes a range without a step (it follows the steps of size-body), "
                       "like %s; got '%s'", e->raw_key, k->example, v);
            return;
        }
        if (body && ok && step == 0)
            step = 1;
        if (!ok || x < k->min || most > k->max || most < x || (body && most > x && step > most - x) ||
            (body && most > x && (most - x) / step > 50)) {
            diag_error(d, e->value_loc, "'%s' must be a range of sizes in pt between %g and %g, the least first, "
                       "like %s; got '%s'", e->raw_key, k->min, k->max, k->example, v);
            return;
        }
        set_number(s, k, x);
        *range_most(s, k) = most;
        if (body)
            s->scale.body_step_pt = most > x ? step : 0;
        return;
    }
    case T_BALANCE: {
        char *n = normalized(v);
        char *low = g_ascii_strdown(n, -1);
        if (strcmp(low, "top") == 0)
            s->scale.balance = BALANCE_TOP;
        else if (strcmp(low, "centre") == 0 || strcmp(low, "center") == 0)
            s->scale.balance = BALANCE_CENTRE;
        else if (strcmp(low, "spread") == 0)
            s->scale.balance = BALANCE_SPREAD;
        else
            diag_error(d, e->value_loc, "'%s' must be 'top', 'centre' or 'spread'; got '%s'", e->raw_key, v);
        g_free(low);
        g_free(n);
        return;
    }
    case T_PLUS: {
        /* A sign, then a number: "+5pt", "-1", "＋５ｐｔ". */
        char *n = normalized(v);
        const char *p = n;
        double sign = *p == '+' ? 1 : *p == '-' ? -1 : 0;
        bool ok = sign != 0;
        if (ok) {
            p = skip_spaces(p + 1);
            ok = scan_number(&p, "pt", &x) && *p == '\0';
            x *= sign;
        }
        g_free(n);
        if (!ok || x < k->min || x > k->max) {
            char *ex = style_key_example(k);
            diag_error(d, e->value_loc, "'%s' must be the points added to %s, with their sign, between %+g and %+g, "
                       "like %s; got '%s'", e->raw_key, _(k->what), k->min, k->max, ex, v);
            g_free(ex);
            return;
        }
        set_number(s, k, x);
        return;
    }
    case T_RATIO: {
        /* "4:3", "16 : 9" */
        char *n = normalized(v);
        const char *p = n;
        bool ok = scan_number(&p, NULL, &x) && *p == ':';
        if (ok) {
            p = skip_spaces(p + 1);
            ok = scan_number(&p, NULL, &y) && *p == '\0';
        }
        g_free(n);
        if (!ok || x < k->min || x > k->max || y < k->min || y > k->max) {
            diag_error(d, e->value_loc, "'%s' must be a width and a height like %s, each between %g and %g; got '%s'",
                       e->raw_key, k->example, k->min, k->max, v);
            return;
        }
        *(double *)field = x / y;
        return;
    }
    case T_SIDE: {
        char *n = normalized(v);
        char *low = g_ascii_strdown(n, -1);
        if (strcmp(low, k->what) == 0 || strcmp(low, k->example) == 0)
            *(bool *)field = strcmp(low, k->what) == 0;
        else
            diag_error(d, e->value_loc, "'%s' must be '%s' or '%s'; got '%s'", e->raw_key, k->example, k->what, v);
        g_free(low);
        g_free(n);
        return;
    }
    case T_YESNO: {
        char *n = normalized(v);
        char *low = g_ascii_strdown(n, -1);
        if (strcmp(low, "yes") == 0 || strcmp(low, "no") == 0)
            *(bool *)field = strcmp(low, "yes") == 0;
        else
            diag_error(d, e->value_loc, "'%s' must be 'yes' or 'no'; got '%s'", e->raw_key, v);
        g_free(low);
        g_free(n);
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
            s->logo_aspect = 0;
            return;
        }
        char *dir = g_path_get_dirname(label);
        char *res = style_path_join(dir, v, NULL);
        g_free(dir);
        GError *err = NULL;
        int fd = infile_open(res, INFILE_IMAGE, NULL, &err);
        if (fd >= 0)
            close(fd);
        image_info info = { 0 };
        if (g_error_matches(err, INFILE_ERROR, INFILE_ERROR_NOT_FOUND)) {
            diag_error(d, e->value_loc, "logo '%s' not found (looked for '%s'); check the name and the folder", v,
                       res);
            g_free(res);
        } else if (err || !image_probe(res, &info, &err)) {
            /* Read now, so that a logo the pages cannot show is said at its line. */
            diag_error(d, e->value_loc, "logo '%s' %s", v, err ? err->message : _("cannot be read"));
            g_free(res);
        } else {
            g_free(*slot);
            *slot = res;
            s->logo_aspect = (double)info.display_w / info.display_h;
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

