/* pdfsyntax: reads PDF syntax from bytes in memory (white space, numbers,
 * whole values, dictionaries, references) and gives positions in those
 * bytes; the lexer under pdfread, pdfamend and pdfsplice. */
#include "pdfsyntax.h"

#include <string.h>

#define MAX_DEPTH 64 /* nesting of arrays and dictionaries */

/*** Lexing ***/

bool pdfsyntax_is_ws(guint8 c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool is_delim(guint8 c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
           c == '/' || c == '%';
}

static bool is_regular(guint8 c)
{
    return !pdfsyntax_is_ws(c) && !is_delim(c);
}

static bool is_digit(guint8 c)
{
    return c >= '0' && c <= '9';
}

void pdfsyntax_skip_ws(const guint8 *b, size_t n, size_t *i)
{
    while (*i < n) {
        if (pdfsyntax_is_ws(b[*i]))
            (*i)++;
        else if (b[*i] == '%')
            while (*i < n && b[*i] != '\n' && b[*i] != '\r')
                (*i)++;
        else
            break;
    }
}

bool pdfsyntax_parse_uint(const guint8 *b, size_t s, size_t e, gint64 max, gint64 *out)
{
    if (s >= e)
        return false;
    gint64 v = 0;
    for (size_t i = s; i < e; i++) {
        if (!is_digit(b[i]))
            return false;
        v = v * 10 + (b[i] - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

int pdfsyntax_skip_digits(const guint8 *b, size_t n, size_t *i)
{
    while (*i < n && is_digit(b[*i]))
        (*i)++;
    return *i < n ? PDFSYNTAX_OK : PDFSYNTAX_MORE;
}

/* Skips "<< key value ... >>" or "[ value ... ]" from *i (at "<<" or "["). */
static int skip_dict_or_array(const guint8 *b, size_t n, size_t *i, int depth, bool dict)
{
    *i += dict ? 2 : 1;
    for (;;) {
        pdfsyntax_skip_ws(b, n, i);
        if (*i >= n)
            return PDFSYNTAX_MORE;
        if (dict && b[*i] == '>') {
            if (*i + 1 >= n)
                return PDFSYNTAX_MORE;
            if (b[*i + 1] != '>')
                return PDFSYNTAX_BAD;
            *i += 2;
            return PDFSYNTAX_OK;
        }
        if (!dict && b[*i] == ']') {
            (*i)++;
            return PDFSYNTAX_OK;
        }
        int r = pdfsyntax_skip_value(b, n, i, depth + 1);
        if (r != PDFSYNTAX_OK)
            return r;
    }
}

int pdfsyntax_skip_value(const guint8 *b, size_t n, size_t *i, int depth)
{
    if (*i >= n)
        return PDFSYNTAX_MORE;
    if (depth > MAX_DEPTH)
        return PDFSYNTAX_BAD;
    guint8 c = b[*i];
    if (c == '<') {
        if (*i + 1 >= n)
            return PDFSYNTAX_MORE;
        if (b[*i + 1] == '<')
            return skip_dict_or_array(b, n, i, depth, true);
        for ((*i)++; *i < n && b[*i] != '>'; (*i)++)
            if (!g_ascii_isxdigit(b[*i]) && !pdfsyntax_is_ws(b[*i]))
                return PDFSYNTAX_BAD;
        if (*i >= n)
            return PDFSYNTAX_MORE;
        (*i)++;
        return PDFSYNTAX_OK;
    }
    if (c == '[')
        return skip_dict_or_array(b, n, i, depth, false);
    if (c == '(') {
        int open = 1;
        for ((*i)++; *i < n; (*i)++) {
            if (b[*i] == '\\')
                (*i)++;
            else if (b[*i] == '(')
                open++;
            else if (b[*i] == ')' && --open == 0) {
                (*i)++;
                return PDFSYNTAX_OK;
            }
        }
        return PDFSYNTAX_MORE;
    }
    if (c == '/') {
        for ((*i)++; *i < n && is_regular(b[*i]); (*i)++)
            ;
        return *i < n ? PDFSYNTAX_OK : PDFSYNTAX_MORE;
    }
    if (!is_regular(c))
        return PDFSYNTAX_BAD;
    size_t s = *i;
    while (*i < n && is_regular(b[*i]))
        (*i)++;
    if (*i >= n)
        return PDFSYNTAX_MORE;
    /* An integer may start "n g R": look ahead for the rest. */
    for (size_t k = s; k < *i; k++)
        if (!is_digit(b[k]))
            return PDFSYNTAX_OK;
    size_t j = *i;
    pdfsyntax_skip_ws(b, n, &j);
    if (j >= n)
        return PDFSYNTAX_MORE;
    if (!is_digit(b[j]))
        return PDFSYNTAX_OK;
    if (pdfsyntax_skip_digits(b, n, &j) != PDFSYNTAX_OK)
        return PDFSYNTAX_MORE;
    if (is_regular(b[j]))
        return PDFSYNTAX_OK;
    pdfsyntax_skip_ws(b, n, &j);
    if (j >= n)
        return PDFSYNTAX_MORE;
    if (b[j] != 'R')
        return PDFSYNTAX_OK;
    if (j + 1 >= n)
        return PDFSYNTAX_MORE;
    if (is_regular(b[j + 1]))
        return PDFSYNTAX_OK;
    *i = j + 1;
    return PDFSYNTAX_OK;
}

/*** Dictionaries and references ***/

int pdfsyntax_dict_parse(const guint8 *b, size_t n, size_t *i, GArray *out)
{
    g_array_set_size(out, 0);
    *i += 2;
    for (;;) {
        pdfsyntax_skip_ws(b, n, i);
        if (*i >= n)
            return PDFSYNTAX_MORE;
        if (b[*i] == '>') {
            if (*i + 1 >= n)
                return PDFSYNTAX_MORE;
            if (b[*i + 1] != '>')
                return PDFSYNTAX_BAD;
            *i += 2;
            return PDFSYNTAX_OK;
        }
        if (b[*i] != '/')
            return PDFSYNTAX_BAD;
        pdfsyntax_entry e;
        e.k = *i;
        int r = pdfsyntax_skip_value(b, n, i, 1);
        if (r != PDFSYNTAX_OK)
            return r;
        e.k_end = *i;
        pdfsyntax_skip_ws(b, n, i);
        e.v = *i;
        r = pdfsyntax_skip_value(b, n, i, 1);
        if (r != PDFSYNTAX_OK)
            return r;
        e.v_end = *i;
        g_array_append_val(out, e);
    }
}

const pdfsyntax_entry *pdfsyntax_dict_get(const GArray *d, const guint8 *b, const char *key)
{
    size_t len = strlen(key);
    for (guint i = 0; i < d->len; i++) {
        const pdfsyntax_entry *e = &g_array_index(d, pdfsyntax_entry, i);
        if (e->k_end - e->k == len + 1 && memcmp(b + e->k + 1, key, len) == 0)
            return e;
    }
    return NULL;
}

bool pdfsyntax_value_is_name(const guint8 *b, size_t s, size_t e, const char *name)
{
    size_t len = strlen(name);
    return e - s == len + 1 && b[s] == '/' && memcmp(b + s + 1, name, len) == 0;
}

bool pdfsyntax_value_ref(const guint8 *b, size_t s, size_t e, gint64 *num, gint64 *gen)
{
    size_t i = s, t = s;
    while (i < e && is_digit(b[i]))
        i++;
    if (!pdfsyntax_parse_uint(b, t, i, PDFSYNTAX_MAX_OBJ_NUM, num) || *num < 1)
        return false;
    pdfsyntax_skip_ws(b, e, &i);
    t = i;
    while (i < e && is_digit(b[i]))
        i++;
    if (!pdfsyntax_parse_uint(b, t, i, PDFSYNTAX_MAX_GEN, gen))
        return false;
    pdfsyntax_skip_ws(b, e, &i);
    return i + 1 == e && b[i] == 'R';
}

bool pdfsyntax_value_int(const guint8 *b, size_t s, size_t e, int *out)
{
    gint64 v;
    if (!pdfsyntax_parse_uint(b, s, e, G_MAXINT, &v))
        return false;
    *out = (int)v;
    return true;
}

/*** Writing ***/

bool pdfsyntax_compact(const guint8 *b, size_t s, size_t e, GString *out)
{
    gsize was = out->len;
    bool gap = false; /* white space or a comment since the last byte written */
    guint8 last = 0;  /* the last byte written (0: none yet) */
    size_t i = s;
    while (i < e) {
        guint8 c = b[i];
        if (pdfsyntax_is_ws(c) || c == '%') {
            pdfsyntax_skip_ws(b, e, &i);
            gap = true;
            continue;
        }
        /* Two regular characters stay apart ("0 R", "true 1"); so does a
         * regular one after "/", the empty name. */
        if (gap && last && is_regular(c) && (is_regular(last) || last == '/'))
            g_string_append_c(out, ' ');
        gap = false;
        size_t t = i;
        if (c == '(' || (c == '<' && (i + 1 >= e || b[i + 1] != '<'))) {
            /* A string or a hex string, whole, as it is. */
            if (pdfsyntax_skip_value(b, e, &t, 0) != PDFSYNTAX_OK) {
                g_string_truncate(out, was);
                return false;
            }
        } else {
            t += c == '<' ? 2 : 1; /* "<<", or one byte of a token */
        }
        g_string_append_len(out, (const char *)b + i, (gssize)(t - i));
        last = b[t - 1];
        i = t;
    }
    return true;
}
