/* inline: escapes, bold spans, links, ruby and table cells. Every character that is not
 * part of this small syntax is text, `&` and `<` included: we never build
 * Pango markup from user text. */
#include "inline.h"

#include <string.h>

/* `\:` `\：` `\[` `\［` keep a line of a block that starts like an entry
 * or a page (`subheading\: …`, `\[photos]`) as text (kv_parse_with()). */
static bool is_escapable(const char *p, size_t *len)
{
    if (*p == '*' || *p == '|' || *p == '\\' || *p == ':' || *p == '[' || *p == '{' || *p == '}') {
        *len = 1;
        return true;
    }
    if (strncmp(p, "｜", 3) == 0 || strncmp(p, "：", 3) == 0 || strncmp(p, "［", 3) == 0 ||
        strncmp(p, "｛", 3) == 0 || strncmp(p, "｝", 3) == 0) {
        *len = 3;
        return true;
    }
    return false;
}

/* `\u{B2}`: a character by its Unicode code (hex), for files saved in an
 * encoding that lacks it (Shift_JIS has no ² or U+2014). Returns the length
 * of the escape and sets '*c', or 0 if 'p' is not a well-formed escape of
 * a printable character. */
static size_t code_escape(const char *p, gunichar *c)
{
    if (p[0] != '\\' || p[1] != 'u' || p[2] != '{')
        return 0;
    gunichar v = 0;
    int n = 0;
    const char *q = p + 3;
    for (; g_ascii_isxdigit(*q) && n < 6; q++, n++)
        v = v * 16 + (gunichar)g_ascii_xdigit_value(*q);
    if (n == 0 || *q != '}')
        return 0;
    if (!g_unichar_validate(v) || v < 0x20 || (v >= 0x7F && v < 0xA0))
        return 0;
    *c = v;
    return (size_t)(q + 1 - p);
}

/* One piece of a value, escapes resolved, appended to 'out': the bytes
 * of 'p' it takes (a character or an escape), 0 at the end. */
static size_t take_char(const char *p, GString *out)
{
    size_t n;
    gunichar c;
    if (!*p)
        return 0;
    if ((n = code_escape(p, &c)) > 0) {
        g_string_append_unichar(out, c);
        return n;
    }
    if (*p == '\\' && is_escapable(p + 1, &n)) {
        g_string_append_len(out, p + 1, (gssize)n);
        return 1 + n;
    }
    n = (size_t)(g_utf8_next_char(p) - p);
    g_string_append_len(out, p, (gssize)n);
    return n;
}

static bool is_ruby_open(const char *p, size_t *len)
{
    *len = *p == '{' ? 1 : strncmp(p, "｛", 3) == 0 ? 3 : 0;
    return *len > 0;
}

static bool is_ruby_close(const char *p, size_t *len)
{
    *len = *p == '}' ? 1 : strncmp(p, "｝", 3) == 0 ? 3 : 0;
    return *len > 0;
}

static bool is_ruby_bar(const char *p, size_t *len)
{
    *len = *p == '|' ? 1 : strncmp(p, "｜", 3) == 0 ? 3 : 0;
    return *len > 0;
}

/* An opening brace of a ruby at 'p' in 'src': not the one of a `\u{…}`
 * that is not a well-formed code (it stays text, as it always has). */
static bool ruby_opens(const char *src, const char *p, size_t *len)
{
    if (p - src >= 2 && p[-1] == 'u' && p[-2] == '\\') {
        *len = 0;
        return false;
    }
    return is_ruby_open(p, len);
}

/* Ruby `{base|reading}` at 'p' (an unescaped opening brace). */
typedef enum {
    RUBY_OK,
    RUBY_UNCLOSED,   /* no closing brace before the line ends */
    RUBY_NO_BAR,     /* `{…}` without `|` */
    RUBY_NO_BASE,    /* `{|reading}` */
    RUBY_NO_READING, /* `{base|}` */
    RUBY_NESTED,     /* a `{` or a second `|` inside */
} ruby_status;

typedef struct ruby_parse {
    ruby_status status;
    GString *base, *reading; /* escapes resolved; owned */
    size_t len;              /* bytes of the source it takes (to the closing brace) */
    int chars;               /* characters of the source it takes, for columns */
} ruby_parse;

static void ruby_at(const char *p, ruby_parse *r)
{
    r->base = g_string_new(NULL);
    r->reading = g_string_new(NULL);
    r->status = RUBY_OK;
    size_t n;
    is_ruby_open(p, &n);
    const char *q = p + n;
    bool bar = false;
    r->chars = 1;
    for (;;) {
        if (!*q || *q == '\n') {
            r->status = RUBY_UNCLOSED;
            break;
        }
        if (is_ruby_close(q, &n)) {
            q += n;
            r->chars++;
            if (!bar)
                r->status = RUBY_NO_BAR;
            else if (r->base->len == 0)
                r->status = RUBY_NO_BASE;
            else if (r->reading->len == 0)
                r->status = RUBY_NO_READING;
            break;
        }
        if (is_ruby_open(q, &n) || (bar && is_ruby_bar(q, &n))) {
            r->status = RUBY_NESTED;
            break;
        }
        if (is_ruby_bar(q, &n)) {
            bar = true;
            q += n;
            r->chars++;
            continue;
        }
        const char *c0 = q;
        q += take_char(q, bar ? r->reading : r->base);
        r->chars += (int)g_utf8_strlen(c0, q - c0);
    }
    r->len = (size_t)(q - p);
}

static void ruby_clear(ruby_parse *r)
{
    g_string_free(r->base, TRUE);
    g_string_free(r->reading, TRUE);
}

/* The message for a ruby that is not well formed, at its opening brace. */
static void ruby_report(diag_list *diags, diag_loc at, ruby_status st)
{
    if (!diags)
        return;
    switch (st) {
    case RUBY_UNCLOSED:
        diag_error(diags, at, "'{' is not closed on its line; write ruby (furigana) as '{宍道湖|しんじこ}', or '\\{' for a brace");
        break;
    case RUBY_NO_BAR:
        diag_error(diags, at, "ruby (furigana) needs '|' between the text and its reading, like '{宍道湖|しんじこ}'; write '\\{' for a brace");
        break;
    case RUBY_NO_BASE:
        diag_error(diags, at, "ruby (furigana) has no text before '|'; write it like '{宍道湖|しんじこ}'");
        break;
    case RUBY_NO_READING:
        diag_error(diags, at, "ruby (furigana) has no reading after '|'; write it like '{宍道湖|しんじこ}'");
        break;
    case RUBY_NESTED:
        diag_error(diags, at, "ruby (furigana) cannot hold '{' or a second '|'; write one '{text|reading}' for each word, or '\\{' '\\|' for the characters");
        break;
    case RUBY_OK:
        break;
    }
}

char *inline_plain(const char *src)
{
    GString *out = g_string_new(NULL);
    for (const char *p = src; *p;) {
        size_t n;
        if (ruby_opens(src, p, &n)) {
            /* Metadata prints without ruby: its base text stays. */
            ruby_parse r;
            ruby_at(p, &r);
            if (r.status == RUBY_OK) {
                g_string_append_len(out, r.base->str, (gssize)r.base->len);
                p += r.len;
                ruby_clear(&r);
                continue;
            }
            ruby_clear(&r);
        }
        p += take_char(p, out);
    }
    return g_string_free(out, FALSE);
}

static bool url_char(char c)
{
    return g_ascii_isalnum(c) || strchr("-._~:/?#[]@!$&'()*+,;=%", c) != NULL;
}

/* Length of a URL (http://, https://, mailto:) starting at 'p', without
 * the punctuation that ends a sentence around it; 0 if there is none. */
static size_t url_len(const char *p)
{
    if (!g_str_has_prefix(p, "http://") && !g_str_has_prefix(p, "https://") && !g_str_has_prefix(p, "mailto:"))
        return 0;
    size_t n = 0;
    int parens = 0;
    while (p[n] && url_char(p[n]) && p[n] != '[' && p[n] != ']') {
        if (p[n] == '(')
            parens++;
        if (p[n] == ')' && --parens < 0)
            break;
        n++;
    }
    while (n > 0 && strchr(".,;:!?'", p[n - 1]))
        n--;
    size_t scheme = p[0] == 'm' ? 7 : p[4] == 's' ? 8 : 7;
    return n > scheme ? n : 0;
}

/* `[text](url)` at 'p': the text's bytes and the URL's, or false. */
static bool link_at(const char *p, const char **text, size_t *text_len, const char **url, size_t *ulen)
{
    if (*p != '[')
        return false;
    const char *close = strstr(p, "](");
    const char *nl = strchr(p, '\n');
    if (!close || (nl && nl < close) || close == p + 1)
        return false;
    size_t n = url_len(close + 2);
    if (n == 0 || close[2 + n] != ')')
        return false;
    *text = p + 1;
    *text_len = (size_t)(close - p - 1);
    *url = close + 2;
    *ulen = n;
    return true;
}

doc_text *inline_parse(doc *d, const char *src, diag_loc loc, diag_list *diags)
{
    GString *out = g_string_new(NULL);
    GArray *spans = g_array_new(FALSE, TRUE, sizeof(doc_span));
    int open_at = -1;     /* byte offset in 'out' where the open bold began */
    diag_loc open_loc = loc;
    int line = loc.line, col = loc.col;

    for (const char *p = src; *p;) {
        size_t n;
        gunichar c;
        if ((n = code_escape(p, &c)) > 0) {
            g_string_append_unichar(out, c);
            p += n;
            col += (int)n;
            continue;
        }
        if (*p == '\\' && is_escapable(p + 1, &n)) {
            g_string_append_len(out, p + 1, (gssize)n);
            p += 1 + n;
            col += 2;
            continue;
        }
        if (ruby_opens(src, p, &n)) {
            ruby_parse r;
            ruby_at(p, &r);
            if (r.status == RUBY_OK) {
                doc_span sp = { (int)out->len, 0, DOC_SPAN_RUBY, NULL, doc_strdup(d, r.reading->str) };
                g_string_append_len(out, r.base->str, (gssize)r.base->len);
                sp.end = (int)out->len;
                g_array_append_val(spans, sp);
                p += r.len;
                col += r.chars;
                ruby_clear(&r);
                continue;
            }
            /* Not well formed: an error, and the brace is text. */
            ruby_report(diags, (diag_loc){ loc.file, line, col }, r.status);
            ruby_clear(&r);
            g_string_append_len(out, p, (gssize)n);
            p += n;
            col++;
            continue;
        }
        const char *ltext, *lurl;
        size_t ltext_len, lurl_len;
        if (link_at(p, &ltext, &ltext_len, &lurl, &lurl_len)) {
            /* [text](url): the text, linked. */
            char *url = g_strndup(lurl, lurl_len);
            doc_span sp = { (int)out->len, 0, DOC_SPAN_LINK, doc_strdup(d, url), NULL };
            g_string_append_len(out, ltext, (gssize)ltext_len);
            sp.end = (int)out->len;
            g_array_append_val(spans, sp);
            col += (int)g_utf8_strlen(p, (gssize)(lurl + lurl_len + 1 - p));
            p = lurl + lurl_len + 1;
            g_free(url);
            continue;
        }
        size_t ul = url_len(p);
        if (ul > 0 && (p == src || !g_ascii_isalnum(p[-1]))) {
            /* A URL written out links to itself. */
            char *url = g_strndup(p, ul);
            doc_span sp = { (int)out->len, (int)(out->len + ul), DOC_SPAN_LINK, doc_strdup(d, url), NULL };
            g_array_append_val(spans, sp);
            g_string_append(out, url);
            g_free(url);
            p += ul;
            col += (int)ul;
            continue;
        }
        if (p[0] == '*' && p[1] == '*') {
            if (open_at < 0) {
                open_at = (int)out->len;
                open_loc = (diag_loc){ loc.file, line, col };
            } else {
                if ((int)out->len > open_at) {
                    doc_span sp = { open_at, (int)out->len, DOC_SPAN_BOLD, NULL, NULL };
                    g_array_append_val(spans, sp);
                }
                open_at = -1;
            }
            p += 2;
            col += 2;
            continue;
        }
        if (*p == '\n') {
            line++;
            col = 1;
            g_string_append_c(out, '\n');
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        g_string_append_len(out, p, next - p);
        p = next;
        col++;
    }
    if (open_at >= 0) {
        /* Unclosed: the two asterisks were text after all. */
        g_string_insert(out, open_at, "**");
        for (guint i = 0; i < spans->len; i++) {
            doc_span *sp = &g_array_index(spans, doc_span, i);
            if (sp->start >= open_at) {
                sp->start += 2;
                sp->end += 2;
            }
        }
        if (diags)
            diag_warning(diags, open_loc, "'**' is not closed, so it is printed as written; close it, or write '\\*\\*' for two asterisks");
    }
    doc_text *t = doc_text_new(d, out->str, loc);
    g_array_unref(t->spans);
    t->spans = spans;
    g_string_free(out, TRUE);
    return t;
}

static bool is_space(gunichar c)
{
    return c == ' ' || c == '\t' || c == 0x3000;
}

char **inline_split_cells(const char *src, diag_loc loc, diag_loc **locs)
{
    GPtrArray *cells = g_ptr_array_new();
    GArray *cl = g_array_new(FALSE, FALSE, sizeof(diag_loc));
    const char *start = src;
    int col = loc.col, start_col = loc.col;
    for (const char *p = src;; ) {
        size_t n = 0;
        bool end = *p == '\0';
        bool sep = !end && (*p == '|' || strncmp(p, "｜", 3) == 0);
        if (end || sep) {
            /* Trim the cell and note where its text begins. */
            const char *b = start, *e = p;
            int bcol = start_col;
            while (b < e && is_space(g_utf8_get_char(b))) {
                b = g_utf8_next_char(b);
                bcol++;
            }
            while (e > b) {
                const char *q = g_utf8_prev_char(e);
                /* An escaped backslash-space is not trailing space to trim,
                 * but spaces are never escapes, so plain trimming is right. */
                if (!is_space(g_utf8_get_char(q)))
                    break;
                e = q;
            }
            g_ptr_array_add(cells, g_strndup(b, (gsize)(e - b)));
            diag_loc l = { loc.file, loc.line, bcol };
            g_array_append_val(cl, l);
            if (end)
                break;
            p += (*p == '|') ? 1 : 3;
            col++;
            start = p;
            start_col = col;
            continue;
        }
        if (*p == '\\' && is_escapable(p + 1, &n)) {
            p += 1 + n;
            col += 2;
            continue;
        }
        if (ruby_opens(src, p, &n)) {
            /* The '|' of a ruby does not split. */
            ruby_parse r;
            ruby_at(p, &r);
            bool ok = r.status == RUBY_OK;
            if (ok) {
                p += r.len;
                col += r.chars;
            }
            ruby_clear(&r);
            if (ok)
                continue;
        }
        p = g_utf8_next_char(p);
        col++;
    }
    g_ptr_array_add(cells, NULL);
    if (locs)
        *locs = (diag_loc *)g_array_free(cl, FALSE);
    else
        g_array_free(cl, TRUE);
    return (char **)g_ptr_array_free(cells, FALSE);
}
