/* typeset: ranges of Japanese text kept whole at line breaks, and the
 * Pango attributes that keep them whole. See typeset.h.
 *
 * What pango_attr_allow_breaks_new(FALSE) does (measured on Pango 1.50.12
 * with pango_layout_get_log_attrs(); handle_allow_breaks() in Pango's
 * break.c does the same): for an attribute over bytes [s,e) it clears
 * is_line_break and is_char_break at every character position p with
 * s < p < e, and leaves p == s and p == e alone. So the attribute goes exactly over [start,end) of a range: the
 * break before the range and the one after it stay as Pango has them. (A
 * byte offset inside a character counts as that character's end: e one
 * byte too far would remove the break after the range.) Two ranges that
 * touch must stay two attributes: pango_attr_list_change() merges equal
 * attributes that touch (1日8時間 would lose its break between 日 and 8),
 * pango_attr_list_insert() does not.
 *
 * A kept range wider than the line is not broken at all: Pango puts it on
 * a line of its own and lets it overflow the width (in every wrap mode,
 * since is_char_break is cleared too), without losing characters.
 *
 * Dash and ellipsis pairs (JLReq 3.1.10, cl-08 "inseparable characters"):
 * a run of two or more of the same —, ―, … or ‥ is kept whole. JLReq lets
 * such a pair start a line (cl-08 is not among the characters not starting
 * a line, 3.1.7), but our brief asks for more: a dash pair (—— ――) never
 * starts a line, so it is kept together with the character before it too.
 * Ellipses may still start a line. Pango 1.50.12 has
 * no line-break opportunity inside these pairs (UAX #14 LB17, LB22), but
 * it has char breaks there, and PANGO_WRAP_WORD_CHAR falls back on them
 * when a run does not fit a line: it then split …… (measured). The
 * attribute clears the char breaks as well. */
#include "typeset.h"

#include <string.h>

#define BAD ((gunichar)-1) /* an invalid byte, or the end of the text */

typedef struct scan {
    const char *s;
    int n;
} scan;

/* The character at byte i (BAD at the end or on an invalid byte), and in
 * *next the byte after it (an invalid byte counts as one character). */
static gunichar at(const scan *t, int i, int *next)
{
    if (i >= t->n) {
        *next = t->n;
        return BAD;
    }
    gunichar c = g_utf8_get_char_validated(t->s + i, t->n - i);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
        *next = i + 1;
        return BAD;
    }
    *next = i + g_unichar_to_utf8(c, NULL);
    return c;
}

/* The byte after 'lit' if the text has it at byte i, else -1. */
static int lit_at(const scan *t, int i, const char *lit)
{
    int k = (int)strlen(lit);
    if (i < 0 || k > t->n - i || memcmp(t->s + i, lit, (size_t)k) != 0)
        return -1;
    return i + k;
}

static gboolean is_digit(gunichar c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); /* ０-９ */
}

static gboolean digit_at(const scan *t, int i)
{
    int next;
    return is_digit(at(t, i, &next));
}

static gboolean is_alnum_byte(const scan *t, int i)
{
    return i < t->n && g_ascii_isalnum(t->s[i]);
}

/* --- numbers ------------------------------------------------------------ */

enum { SEP_DATE = 1, SEP_OTHER = 2 };

/* Separators that belong to a number when a digit follows: 2024-02-07,
 * 2024/02/07, 2024.01.01, 2/7, 572.99 (SEP_DATE); 198,697, 10:30
 * (SEP_OTHER). Full-width forms as well. */
static int sep_kind(gunichar c)
{
    switch (c) {
    case '/': case '-': case '.': case 0xFF0F: case 0xFF0D: case 0xFF0E:
        return SEP_DATE;
    case ',': case ':': case 0xFF0C: case 0xFF1A:
        return SEP_OTHER;
    default:
        return 0;
    }
}

/* Digits from byte i (a digit) with the separators between them; the end,
 * and the kinds of separator seen or-ed into *seps. */
static int digits_end(const scan *t, int i, int *seps)
{
    int next;
    for (;;) {
        gunichar c = at(t, i, &next);
        if (is_digit(c)) {
            i = next;
            continue;
        }
        int k = sep_kind(c);
        if (k && digit_at(t, next)) {
            *seps |= k;
            i = next;
            continue;
        }
        return i;
    }
}

/* Kanji numerals, only after 第 (第一回): elsewhere 一 二 三 … begin too
 * many ordinary words (一緒, 三日月) to be told apart without a dictionary. */
static int kanji_digits_end(const scan *t, int i)
{
    static const char kanji[] = "〇一二三四五六七八九十百千";
    int next;
    for (;;) {
        gunichar c = at(t, i, &next);
        char buf[8];
        int len = c == BAD ? 0 : g_unichar_to_utf8(c, buf);
        buf[len] = '\0';
        if (len != 3 || !strstr(kanji, buf))
            return i;
        i = next;
    }
}

typedef enum sfx_kind {
    S_UNIT,  /* a counter or unit: the number ends there */
    S_MULT,  /* 万 億 …: a unit or more digits may follow (1.2万人, 1億2000万円) */
    S_OF,    /* 分の, followed by digits (3分の1) */
    S_YEAR,  /* calendar: 年 → 月 → 日 chain (2024年2月7日) */
    S_MONTH,
    S_DAY,
    S_HOUR,  /* clock: 時 → 分 → 秒 chain (9時30分) */
    S_MIN,
    S_SEC,
} sfx_kind;

typedef struct sfx {
    const char *s;
    sfx_kind k;
} sfx;

/* What may follow a number (the longest match wins). Latin units (km, kg,
 * GB, m²) are not listed: any ASCII letters right after a number stay with
 * it. Durations (時間, 日間) do not chain: 1日8時間 is 1日 and 8時間. */
static const sfx suffixes[] = {
    {"年", S_YEAR}, {"月", S_MONTH}, {"日", S_DAY},
    {"時", S_HOUR}, {"分", S_MIN}, {"秒", S_SEC}, {"分の", S_OF},
    {"万", S_MULT}, {"億", S_MULT}, {"兆", S_MULT}, {"千", S_MULT}, {"百", S_MULT},
    /* time */
    {"年間", S_UNIT}, {"年度", S_UNIT}, {"年目", S_UNIT}, {"年生", S_UNIT}, {"年代", S_UNIT},
    {"か月", S_UNIT}, {"ヶ月", S_UNIT}, {"ヵ月", S_UNIT}, {"カ月", S_UNIT}, {"ケ月", S_UNIT},
    {"箇月", S_UNIT}, {"か月間", S_UNIT}, {"ヶ月間", S_UNIT}, {"ヵ月間", S_UNIT},
    {"カ月間", S_UNIT}, {"ケ月間", S_UNIT},
    {"週", S_UNIT}, {"週間", S_UNIT}, {"週目", S_UNIT}, {"日間", S_UNIT}, {"日目", S_UNIT},
    {"時間", S_UNIT}, {"時間目", S_UNIT}, {"時限", S_UNIT}, {"時半", S_UNIT},
    {"分間", S_UNIT}, {"秒間", S_UNIT}, {"泊", S_UNIT}, {"泊目", S_UNIT}, {"期", S_UNIT},
    {"期生", S_UNIT}, {"代", S_UNIT}, {"代目", S_UNIT},
    /* people, money, counters */
    {"人", S_UNIT}, {"人目", S_UNIT}, {"人分", S_UNIT}, {"名", S_UNIT}, {"歳", S_UNIT},
    {"才", S_UNIT}, {"円", S_UNIT}, {"ドル", S_UNIT}, {"ユーロ", S_UNIT},
    {"回", S_UNIT}, {"回目", S_UNIT}, {"度", S_UNIT}, {"度目", S_UNIT}, {"件", S_UNIT},
    {"個", S_UNIT}, {"枚", S_UNIT}, {"台", S_UNIT}, {"本", S_UNIT}, {"冊", S_UNIT},
    {"杯", S_UNIT}, {"匹", S_UNIT}, {"頭", S_UNIT}, {"羽", S_UNIT}, {"軒", S_UNIT},
    {"棟", S_UNIT}, {"社", S_UNIT}, {"校", S_UNIT}, {"店", S_UNIT}, {"局", S_UNIT},
    {"戸", S_UNIT}, {"世帯", S_UNIT}, {"品", S_UNIT}, {"種", S_UNIT}, {"種類", S_UNIT},
    {"色", S_UNIT}, {"点", S_UNIT}, {"位", S_UNIT}, {"等", S_UNIT}, {"倍", S_UNIT},
    {"割", S_UNIT}, {"票", S_UNIT}, {"歩", S_UNIT}, {"曲", S_UNIT}, {"問", S_UNIT},
    {"番", S_UNIT}, {"番目", S_UNIT}, {"番線", S_UNIT}, {"番地", S_UNIT}, {"号", S_UNIT},
    {"号車", S_UNIT}, {"号線", S_UNIT}, {"号館", S_UNIT}, {"階", S_UNIT}, {"丁目", S_UNIT},
    {"合目", S_UNIT}, {"弾", S_UNIT}, {"コマ", S_UNIT}, {"部", S_UNIT}, {"章", S_UNIT},
    {"節", S_UNIT}, {"条", S_UNIT}, {"項", S_UNIT}, {"ページ", S_UNIT}, {"頁", S_UNIT},
    {"行", S_UNIT}, {"字", S_UNIT}, {"文字", S_UNIT}, {"か所", S_UNIT}, {"ヶ所", S_UNIT},
    {"ヵ所", S_UNIT}, {"カ所", S_UNIT}, {"ケ所", S_UNIT}, {"箇所", S_UNIT},
    {"か国", S_UNIT}, {"ヶ国", S_UNIT}, {"カ国", S_UNIT},
    /* units written in kana or as symbols */
    {"キロ", S_UNIT}, {"メートル", S_UNIT}, {"キロメートル", S_UNIT}, {"センチ", S_UNIT},
    {"グラム", S_UNIT}, {"キログラム", S_UNIT}, {"リットル", S_UNIT}, {"トン", S_UNIT},
    {"パーセント", S_UNIT}, {"ポイント", S_UNIT},
    {"%", S_UNIT}, {"％", S_UNIT}, {"‰", S_UNIT}, {"℃", S_UNIT}, {"°C", S_UNIT},
    {"°", S_UNIT}, {"㎞", S_UNIT}, {"㎡", S_UNIT}, {"㎏", S_UNIT}, {"㎝", S_UNIT},
    {"㎜", S_UNIT}, {"㎖", S_UNIT}, {"ℓ", S_UNIT},
};

/* The longest suffix at byte i (NULL if none), its end in *end. 分の
 * counts only with a digit after it. */
static const sfx *suffix_at(const scan *t, int i, int *end)
{
    const sfx *best = NULL;
    for (size_t k = 0; k < G_N_ELEMENTS(suffixes); k++) {
        int e = lit_at(t, i, suffixes[k].s);
        if (e < 0 || (best && e <= *end))
            continue;
        if (suffixes[k].k == S_OF && !digit_at(t, e))
            continue;
        best = &suffixes[k];
        *end = e;
    }
    return best;
}

/* The suffix kind that continues a date or a clock time after 'k', or -1. */
static int chain_next(sfx_kind k)
{
    switch (k) {
    case S_YEAR: return S_MONTH;
    case S_MONTH: return S_DAY;
    case S_HOUR: return S_MIN;
    case S_MIN: return S_SEC;
    case S_UNIT: case S_MULT: case S_OF: case S_DAY: case S_SEC:
        return -1;
    }
    return -1;
}

/* Prefixes kept with the number after them. Eras give 令和6年2月7日. */
static const char *const prefixes[] = {
    "第", "約", "¥", "￥", "$", "＄", "€", "£", "令和", "平成", "昭和", "大正", "明治",
};

static gboolean is_era(const char *p)
{
    return g_utf8_strlen(p, -1) == 2;
}

/* A weekday in brackets right after a date, with at most one space before
 * it: （水） (水) （土・祝） (水曜). Its end, or -1. */
static int weekday_end(const scan *t, int i)
{
    static const char first[] = "月火水木金土日";
    static const char rest[] = "月火水木金土日祝祭休曜・";
    int next;
    gunichar c = at(t, i, &next);
    if (c == ' ' || c == 0x3000) {
        i = next;
        c = at(t, i, &next);
    }
    if (c != '(' && c != 0xFF08)
        return -1;
    i = next;
    int count = 0;
    for (;;) {
        c = at(t, i, &next);
        char buf[8];
        int len = c == BAD ? 0 : g_unichar_to_utf8(c, buf);
        buf[len] = '\0';
        if (len != 3 || !strstr(count ? rest : first, buf))
            break;
        if (++count > 5)
            return -1;
        i = next;
    }
    if (count == 0 || (c != ')' && c != 0xFF09))
        return -1;
    return next;
}

/* Superscript ² or ³ right after a unit (m², m³). */
static int superscript_end(const scan *t, int i)
{
    int next;
    gunichar c = at(t, i, &next);
    return c == 0x00B2 || c == 0x00B3 ? next : i;
}

static int latin_end(const scan *t, int i);

/* A number from byte i (a digit, or a kanji numeral after 第, or 元 after
 * an era when 'kanji' says so) with what belongs to it; its end. */
static int number_end(const scan *t, int i, int kanji)
{
    int seps = 0;
    int pos;
    if (kanji == 1)
        pos = kanji_digits_end(t, i);
    else if (kanji == 2)
        pos = lit_at(t, i, "元");
    else
        pos = digits_end(t, i, &seps);
    const int num_end = pos;
    int has_sfx = 0;
    sfx_kind last = S_UNIT;
    for (;;) {
        int end = 0;
        const sfx *m = suffix_at(t, pos, &end);
        if (!m)
            break;
        has_sfx = 1;
        last = m->k;
        pos = end;
        if (m->k == S_MULT || m->k == S_OF) {
            if (digit_at(t, pos))
                pos = digits_end(t, pos, &seps);
            continue;
        }
        int want = chain_next(m->k);
        if (want < 0 || !digit_at(t, pos))
            break;
        int plain = 0;
        int q = digits_end(t, pos, &plain);
        int e2 = 0;
        const sfx *m2 = suffix_at(t, q, &e2);
        if (plain || !m2 || (int)m2->k != want)
            break;
        pos = q; /* the loop takes the next suffix */
    }
    int date;
    if (has_sfx) {
        date = last == S_DAY;
    } else {
        /* Latin units and words right after a number: 572.99km², 10GB, 3D. */
        int next;
        gunichar c = at(t, pos, &next);
        if (c < 0x80 && g_ascii_isalpha((char)c))
            pos = superscript_end(t, latin_end(t, pos));
        else if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) {
            while ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) {
                pos = next;
                c = at(t, pos, &next);
            }
            pos = superscript_end(t, pos);
        }
        date = pos == num_end && seps == SEP_DATE;
    }
    if (date) {
        int w = weekday_end(t, pos);
        if (w > 0)
            pos = w;
    }
    return pos;
}

/* The end of the number token starting with prefixes at byte i, or -1 if
 * no number follows them. At most MAX_PREFIXES prefixes are taken (約¥):
 * a long run of them (第第第…) would otherwise be read again from each
 * of its characters, which is quadratic. */
#define MAX_PREFIXES 3
static int prefixed_number_end(const scan *t, int i)
{
    int pos = i;
    const char *last = NULL;
    for (int taken = 0; taken < MAX_PREFIXES; taken++) {
        int e = -1;
        for (size_t k = 0; k < G_N_ELEMENTS(prefixes) && e < 0; k++) {
            e = lit_at(t, pos, prefixes[k]);
            if (e >= 0)
                last = prefixes[k];
        }
        if (e < 0)
            break;
        pos = e;
    }
    if (!last)
        return -1;
    if (digit_at(t, pos))
        return number_end(t, pos, 0);
    if (strcmp(last, "第") == 0 && kanji_digits_end(t, pos) > pos)
        return number_end(t, pos, 1);
    if (is_era(last) && lit_at(t, pos, "元年") > 0)
        return number_end(t, pos, 2);
    return -1;
}

/* --- Latin words and URLs ----------------------------------------------- */

/* ASCII letters and digits, with - _ . ' / & @ between two of them
 * (Wi-Fi, e-mail, Node.js, and/or, R&D). */
static int latin_end(const scan *t, int i)
{
    while (is_alnum_byte(t, i))
        i++;
    while (i + 1 < t->n && t->s[i] != '\0' && strchr("-_.'/&@", t->s[i]) &&
           is_alnum_byte(t, i + 1)) {
        i++;
        while (is_alnum_byte(t, i))
            i++;
    }
    return i;
}

/* A URL starting at byte i with http:// or https://: its end, or -1.
 * Sentence punctuation at its end and an unmatched ')' are not part of it. */
static int url_end(const scan *t, int i)
{
    int e;
    if (i + 8 <= t->n && g_ascii_strncasecmp(t->s + i, "https://", 8) == 0)
        e = i + 8;
    else if (i + 7 <= t->n && g_ascii_strncasecmp(t->s + i, "http://", 7) == 0)
        e = i + 7;
    else
        return -1;
    int open = 0;
    while (e < t->n && t->s[e] != '\0' &&
           (g_ascii_isalnum(t->s[e]) || strchr("-._~:/?#[]@!$&'()*+,;=%", t->s[e]))) {
        open += t->s[e] == '(';
        open -= t->s[e] == ')';
        e++;
    }
    for (;;) {
        char c = t->s[e - 1];
        if (strchr(".,:;!?'", c)) {
            e--;
        } else if (c == ')' && open < 0) {
            open++;
            e--;
        } else {
            break;
        }
    }
    return e;
}

/* --- ranges ------------------------------------------------------------- */

/* A run of two or more of the same —, ―, … or ‥ from byte i: its end,
 * or -1. */
static int pair_end(const scan *t, int i)
{
    int next;
    gunichar c = at(t, i, &next);
    if (c != 0x2014 && c != 0x2015 && c != 0x2026 && c != 0x2025)
        return -1;
    int e = next;
    int n = 1;
    while (at(t, e, &next) == c) {
        e = next;
        n++;
    }
    return n >= 2 ? e : -1;
}

GArray *typeset_keep_ranges(const char *text)
{
    return typeset_keep_ranges_len(text, -1);
}

GArray *typeset_keep_ranges_len(const char *text, int len)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(typeset_range));
    if (!text)
        return out;
    scan t = {text, len < 0 ? (int)strlen(text) : len};
    int i = 0;
    while (i < t.n) {
        int next;
        gunichar c = at(&t, i, &next);
        int e = url_end(&t, i);
        if (e < 0)
            e = prefixed_number_end(&t, i);
        if (e < 0 && is_digit(c))
            e = number_end(&t, i, 0);
        int start = i;
        if (e < 0) {
            e = pair_end(&t, i);
            /* A dash pair holds on to the character before it (not to a
             * line end or a space: there the line starts anyway). */
            if (e > 0 && (c == 0x2014 || c == 0x2015) && i > 0) {
                const char *prev = g_utf8_find_prev_char(text, text + i);
                gunichar pc = prev ? g_utf8_get_char_validated(prev, i - (int)(prev - text)) : 0;
                if (prev && pc != '\n' && pc != ' ' && pc != 0x3000 && pc != (gunichar)-1 && pc != (gunichar)-2)
                    start = (int)(prev - text);
            }
        }
        if (e < 0 && c < 0x80 && g_ascii_isalpha((char)c))
            e = latin_end(&t, i);
        /* ～ (U+FF5E, what an IME types for 〜) never starts a line, as
         * Pango already keeps 〜 (U+301C) from doing: it holds on to the
         * character before it. */
        if (e < 0 && c == 0xFF5E && i > 0) {
            const char *prev = g_utf8_find_prev_char(text, text + i);
            gunichar pc = prev ? g_utf8_get_char_validated(prev, i - (int)(prev - text)) : 0;
            if (prev && pc != '\n' && pc != ' ' && pc != 0x3000 && pc != (gunichar)-1 && pc != (gunichar)-2) {
                start = (int)(prev - text);
                e = next;
            }
        }
        if (e <= i) {
            i = next;
            continue;
        }
        /* One character has nothing inside to keep. A range that reaches
         * back into the one before (a dash pair after a number) joins it. */
        if (out->len > 0 && g_array_index(out, typeset_range, out->len - 1).end > start)
            g_array_index(out, typeset_range, out->len - 1).end = e;
        else if (next < e || start < i)
            g_array_append_val(out, ((typeset_range){start, e}));
        i = e;
    }
    return out;
}

void typeset_add_keep_attrs(const char *text, PangoAttrList *attrs, int base)
{
    typeset_add_keep_attrs_len(text, -1, attrs, base);
}

void typeset_add_keep_attrs_len(const char *text, int len, PangoAttrList *attrs, int base)
{
    g_return_if_fail(attrs != NULL);
    GArray *r = typeset_keep_ranges_len(text, len);
    for (guint k = 0; k < r->len; k++) {
        const typeset_range *g = &g_array_index(r, typeset_range, k);
        PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
        a->start_index = (guint)(base + g->start);
        a->end_index = (guint)(base + g->end);
        pango_attr_list_insert(attrs, a); /* not _change: it merges ranges that touch */
    }
    g_array_unref(r);
}

/* --- ranges too wide for their line ------------------------------------ */

static gboolean range_in(const GArray *a, int start, int end)
{
    for (guint k = 0; a && k < a->len; k++) {
        const typeset_range *r = &g_array_index(a, typeset_range, k);
        if (r->start == start && r->end == end)
            return TRUE;
    }
    return FALSE;
}

GArray *typeset_keep_units(const char *text, int len, const GArray *drop)
{
    GArray *r = typeset_keep_ranges_len(text, len);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(typeset_range));
    for (guint k = 0; k < r->len; k++) {
        typeset_range g = g_array_index(r, typeset_range, k);
        if (!range_in(drop, g.start, g.end)) {
            g_array_append_val(out, g);
            continue;
        }
        /* Too wide for a line: its pieces after / - . ? are kept whole
         * (a URL breaks after those and nowhere else), unless a piece is
         * too wide as well. */
        int a = g.start;
        for (int i = g.start; i < g.end; i++) {
            /* not inside a run of them: https:// keeps its // */
            gboolean cut = strchr("/-.?", text[i]) && i + 1 < g.end && !strchr("/-.?", text[i + 1]);
            if (!cut && i + 1 < g.end)
                continue;
            typeset_range piece = {a, i + 1};
            if (piece.end - piece.start > 1 && !range_in(drop, piece.start, piece.end))
                g_array_append_val(out, piece);
            a = i + 1;
        }
    }
    g_array_unref(r);
    return out;
}

void typeset_add_units(PangoAttrList *attrs, const GArray *units, const GArray *drop)
{
    for (guint k = 0; k < units->len; k++) {
        const typeset_range *g = &g_array_index(units, typeset_range, k);
        PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
        a->start_index = (guint)g->start;
        a->end_index = (guint)g->end;
        pango_attr_list_insert(attrs, a);
    }
    /* No hyphen where a word or URL too wide for its line is broken. */
    for (guint k = 0; drop && k < drop->len; k++) {
        const typeset_range *g = &g_array_index(drop, typeset_range, k);
        PangoAttribute *a = pango_attr_insert_hyphens_new(FALSE);
        a->start_index = (guint)g->start;
        a->end_index = (guint)g->end;
        pango_attr_list_insert(attrs, a);
    }
}
