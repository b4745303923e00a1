/* date: text of a date or a period (western or 和暦, half- or full-width)
 * -> doc_date. */
#include "date.h"

#include <string.h>

/* The eras a report may name: 令和 from 2019-05-01, 平成 from 1989-01-08,
 * 昭和 from 1926-12-25. Year N of an era is base + N. */
typedef struct era {
    const char *name;
    char letter;
    int base;
    doc_date first;
} era;

static const era eras[] = {
    { "令和", 'R', 2018, { 2019, 5, 1 } },
    { "平成", 'H', 1988, { 1989, 1, 8 } },
    { "昭和", 'S', 1925, { 1926, 12, 25 } },
};

/* 's' with full-width digits, letters and separators made ASCII and every
 * space removed, so that only one spelling is left to read. Caller frees. */
static char *normalize(const char *s)
{
    GString *o = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= 0xFF01 && c <= 0xFF5E) /* full-width ASCII */
            c -= 0xFEE0;
        else if (c == 0x2212)
            c = '-';
        if (c == ' ' || c == '\t' || c == 0x3000)
            continue;
        g_string_append_unichar(o, c);
    }
    return g_string_free(o, FALSE);
}

/* Reads 1 to 'most' ASCII digits at '*p'. */
static bool digits(const char **p, int most, int *out)
{
    int n = 0, v = 0;
    while (g_ascii_isdigit((*p)[n]) && n < most)
        v = v * 10 + ((*p)[n++] - '0');
    if (n == 0 || g_ascii_isdigit((*p)[n]))
        return false;
    *p += n;
    *out = v;
    return true;
}

static bool eat(const char **p, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*p, word, n) != 0)
        return false;
    *p += n;
    return true;
}

/* A weekday written after a date: (水), (水曜), (水曜日), full-width
 * brackets too (made ASCII by normalize()). True at the end of the text. */
static bool at_end(const char *p)
{
    if (*p == '\0')
        return true;
    if (*p != '(')
        return false;
    p++;
    static const char *const days[] = { "日", "月", "火", "水", "木", "金", "土" };
    bool day = false;
    for (size_t i = 0; i < G_N_ELEMENTS(days) && !day; i++)
        day = eat(&p, days[i]);
    if (!day)
        return false;
    if (eat(&p, "曜"))
        eat(&p, "日");
    return strcmp(p, ")") == 0;
}

/* The era at '*p' (its name, or its letter in either case), followed by a
 * year (digits or 元): its index, with the western year in '*year'. -1 if
 * there is none; '*p' is then unchanged. */
static int read_era(const char **p, int *year)
{
    for (size_t i = 0; i < G_N_ELEMENTS(eras); i++) {
        const char *q = *p;
        if (!eat(&q, eras[i].name) && !(g_ascii_toupper(*q) == eras[i].letter && q++))
            continue;
        int n = 0;
        if (eat(&q, "元"))
            n = 1;
        else if (!digits(&q, 2, &n) || n < 1)
            continue;
        *year = eras[i].base + n;
        *p = q;
        return (int)i;
    }
    return -1;
}

/* Month and day after a year at 'p': 年M月D日, or -M-D with the same
 * separator twice (-, / or .). */
static bool month_day(const char *p, int *m, int *d)
{
    if (eat(&p, "年"))
        return digits(&p, 2, m) && eat(&p, "月") && digits(&p, 2, d) && eat(&p, "日") && at_end(p);
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != '.')
        return false;
    p++;
    return digits(&p, 2, m) && *p++ == sep && digits(&p, 2, d) && at_end(p);
}

static bool valid(int y, int m, int d)
{
    return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
           g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y);
}

/* A whole date in normalized text 'n'. */
static bool read_full(const char *n, doc_date *out)
{
    const char *p = n;
    int y = 0, m = 0, d = 0;
    int e = read_era(&p, &y);
    if (e < 0 && !digits(&p, 4, &y))
        return false;
    if (e < 0 && p - n != 4)
        return false;
    if (!month_day(p, &m, &d) || !valid(y, m, d))
        return false;
    doc_date dt = { y, m, d };
    if (e >= 0 && doc_date_compare(dt, eras[e].first) < 0)
        return false;
    *out = dt;
    return true;
}

bool date_parse(const char *s, doc_date *out)
{
    char *n = normalize(s);
    bool ok = read_full(n, out);
    g_free(n);
    return ok;
}

/* The end of a period in normalized text 'n', which may leave out the
 * year, or the year and the month, of 'start'. */
static bool read_end(const char *n, doc_date start, doc_date *out)
{
    if (read_full(n, out))
        return true;
    const char *p = n;
    int m = 0, d = 0;
    if (!digits(&p, 2, &m))
        return false;
    if (eat(&p, "日") && at_end(p)) { /* 3日: the start's year and month */
        if (!valid(start.year, start.month, m))
            return false;
        *out = (doc_date){ start.year, start.month, m };
        return true;
    }
    if (eat(&p, "月")) {
        if (!digits(&p, 2, &d) || !eat(&p, "日") || !at_end(p))
            return false;
    } else {
        char sep = *p;
        if (sep != '-' && sep != '/' && sep != '.')
            return false;
        p++;
        if (!digits(&p, 2, &d) || !at_end(p))
            return false;
    }
    /* 12月30日～1月2日 goes into the next year. */
    int y = m < start.month ? start.year + 1 : start.year;
    if (!valid(y, m, d))
        return false;
    *out = (doc_date){ y, m, d };
    return true;
}

bool date_period_parse(const char *s, doc_date *start, doc_date *end)
{
    char *n = normalize(s); /* ～ and 〜 stay as they are; ~ is ASCII */
    static const char *const seps[] = { "..", "～", "〜", "~", NULL };
    bool ok = false, split = false;
    for (int i = 0; seps[i] && !split; i++) {
        char *at = strstr(n, seps[i]);
        if (!at)
            continue;
        split = true;
        char *left = g_strndup(n, (gsize)(at - n));
        ok = read_full(left, start) && read_end(at + strlen(seps[i]), *start, end);
        g_free(left);
    }
    if (!split) {
        ok = read_full(n, start);
        *end = *start;
    }
    g_free(n);
    return ok;
}

bool date_looks_like(const char *s)
{
    char *n = normalize(s);
    const char *p = n;
    int y = 0;
    bool yes = false;
    if (read_era(&p, &y) >= 0 || (digits(&p, 4, &y) && p - n == 4)) {
        bool year = g_str_has_prefix(p, "年");
        const char *after = p + (year ? strlen("年") : 1);
        yes = (year || *p == '-' || *p == '/' || *p == '.') && g_ascii_isdigit(*after);
    }
    g_free(n);
    return yes;
}

char *date_format_iso(doc_date dt)
{
    return g_strdup_printf("%04d-%02d-%02d", dt.year, dt.month, dt.day);
}
