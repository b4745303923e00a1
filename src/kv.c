/* kv: line-level syntax of trip and layout files (comments, `[kind]`,
 * `key: value`, indented continuation blocks). See docs/trip-format.md. */
#include "kv.h"

#include <string.h>

bool kv_is_indent_char(gunichar c)
{
    return c == ' ' || c == '\t' || c == 0x3000;
}

static int indent_step(gunichar c, int col)
{
    if (c == '\t')
        return 4 - (col % 4);
    return c == 0x3000 ? 2 : 1;
}

/* Width of the leading indentation of 's' in columns. */
static int indent_width(const char *s)
{
    int w = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!kv_is_indent_char(c))
            break;
        w += indent_step(c, w);
    }
    return w;
}

static bool is_blank(const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        if (!kv_is_indent_char(g_utf8_get_char(p)))
            return false;
    return true;
}

/* Trims spaces, tabs and U+3000 from both ends; returns a new string. */
static char *trim_dup(const char *s, size_t len)
{
    const char *b = s, *e = s + len;
    while (b < e) {
        gunichar c = g_utf8_get_char(b);
        if (!kv_is_indent_char(c))
            break;
        b = g_utf8_next_char(b);
    }
    while (e > b) {
        const char *prev = g_utf8_prev_char(e);
        if (!kv_is_indent_char(g_utf8_get_char(prev)))
            break;
        e = prev;
    }
    return g_strndup(b, (gsize)(e - b));
}

/* A raw line being collected into the current pair. */
typedef struct pending_line {
    const char *text; /* whole line, borrowed from the input copy */
    int line;
    bool blank;
} pending_line;

typedef struct parser {
    kv_file *f;
    diag_list *d;
    const char *file;
    kv_entry *cur;       /* the pair being continued, or NULL */
    GArray *pending;     /* of pending_line: continuation lines of 'cur' */
    bool after_section;  /* the last entry was a section line */
    int recovered_w;     /* indentation of an indented line read as an entry, or -1 */
    const char *recover_msg; /* the message that line got */
} parser;

static const char *intern(parser *p, const char *s)
{
    return g_string_chunk_insert(p->f->strings, s);
}

static void entry_free(gpointer e)
{
    kv_entry *x = e;
    if (x->lines)
        g_array_unref(x->lines);
    g_free(x);
}

/* Turns the collected continuation lines into kv_lines of 'cur'. */
static void finish_pair(parser *p)
{
    kv_entry *e = p->cur;
    if (!e)
        return;
    /* Drop trailing blank lines: they separate entries, not paragraphs. */
    while (p->pending->len > 0 && g_array_index(p->pending, pending_line, p->pending->len - 1).blank)
        g_array_set_size(p->pending, p->pending->len - 1);
    /* After a bare `key:`, empty lines before the first indented line are
     * not between indented lines, so they are no paragraph either. */
    bool bare = e->lines->len == 0;
    while (bare && p->pending->len > 0 && g_array_index(p->pending, pending_line, 0).blank)
        g_array_remove_index(p->pending, 0);

    int common = -1;
    for (guint i = 0; i < p->pending->len; i++) {
        pending_line *pl = &g_array_index(p->pending, pending_line, i);
        if (pl->blank)
            continue;
        int w = indent_width(pl->text);
        if (common < 0 || w < common)
            common = w;
    }
    for (guint i = 0; i < p->pending->len; i++) {
        pending_line *pl = &g_array_index(p->pending, pending_line, i);
        kv_line kl = { "", 0, { p->file, pl->line, 1 } };
        if (!pl->blank) {
            /* Remove characters of indentation while they fit in 'common'. */
            const char *s = pl->text;
            int w = 0, col = 1;
            while (*s) {
                gunichar c = g_utf8_get_char(s);
                if (!kv_is_indent_char(c))
                    break;
                int step = indent_step(c, w);
                if (w + step > common)
                    break;
                w += step;
                col++;
                s = g_utf8_next_char(s);
            }
            char *t = trim_dup(s, strlen(s));
            /* Keep leading U+3000 (a deliberate 字下げ); trim_dup removed
             * all leading indentation, so put back what was U+3000. */
            GString *kept = g_string_new(NULL);
            const char *q = s;
            while (*q) {
                gunichar c = g_utf8_get_char(q);
                if (c == 0x3000)
                    g_string_append_unichar(kept, c);
                else if (c != ' ' && c != '\t')
                    break;
                q = g_utf8_next_char(q);
            }
            g_string_append(kept, t);
            kl.text = intern(p, kept->str);
            kl.indent = indent_width(pl->text) - common;
            /* Column of text[0]: the first kept U+3000, else the first
             * character that is not indentation. */
            int c2 = col, kept_col = 0;
            for (const char *r = s; *r && kv_is_indent_char(g_utf8_get_char(r)); r = g_utf8_next_char(r)) {
                if (!kept_col && g_utf8_get_char(r) == 0x3000)
                    kept_col = c2;
                c2++;
            }
            kl.loc.col = kept_col ? kept_col : c2;
            g_string_free(kept, TRUE);
            g_free(t);
        }
        g_array_append_val(e->lines, kl);
    }
    /* A value that starts on the line below its key starts there. */
    if (bare && e->lines->len > 0)
        e->value_loc = g_array_index(e->lines, kv_line, 0).loc;
    /* The joined value. */
    GString *v = g_string_new(NULL);
    for (guint i = 0; i < e->lines->len; i++) {
        kv_line *kl = &g_array_index(e->lines, kv_line, i);
        if (i > 0)
            g_string_append_c(v, '\n');
        g_string_append(v, kl->text);
    }
    e->value = intern(p, v->str);
    g_string_free(v, TRUE);
    g_array_set_size(p->pending, 0);
    p->cur = NULL;
}

static bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

static void parse_section(parser *p, const char *line, int lineno)
{
    /* `[kind]` or `［kind］`, spaces allowed inside. */
    const char *open = line;
    size_t olen = (*line == '[') ? 1 : 3;
    const char *close = strstr(line, "]");
    size_t clen = 1;
    const char *fw = strstr(line, "］");
    if (fw && (!close || fw < close)) {
        close = fw;
        clen = 3;
    }
    diag_loc loc = { p->file, lineno, 1 };
    if (!close) {
        diag_error(p->d, loc, "missing ']' after '['; a page kind is written like '[photos]'");
        return;
    }
    if (!is_blank(close + clen)) {
        diag_loc l2 = loc;
        l2.col = (int)g_utf8_strlen(line, close + clen - line) + 1;
        diag_error(p->d, l2, "text after ']'; put a page kind alone on its line, like '[photos]'");
    }
    char *name = trim_dup(open + olen, (size_t)(close - open - (long)olen));
    char *lower = g_ascii_strdown(name, -1);
    kv_entry *e = g_new0(kv_entry, 1);
    e->kind = KV_SECTION;
    e->raw_key = intern(p, name);
    e->key = intern(p, lower);
    e->loc = loc;
    e->value = "";
    g_ptr_array_add(p->f->entries, e);
    g_free(name);
    g_free(lower);
    p->after_section = true;
}

/* Parses `key: value` starting at 'from' inside 'line' (columns count from
 * the line's start). With 'quiet', a line that is not an entry adds no
 * error and false is returned. */
static bool parse_pair_at(parser *p, const char *line, const char *from, int lineno, bool quiet)
{
    diag_loc loc = { p->file, lineno, (int)g_utf8_strlen(line, from - line) + 1 };
    const char *colon = NULL;
    size_t clen = 0;
    for (const char *s = from; *s; s++) {
        if (*s == ':') {
            colon = s;
            clen = 1;
            break;
        }
        if (strncmp(s, "：", 3) == 0) {
            colon = s;
            clen = 3;
            break;
        }
    }
    if (!colon) {
        if (!quiet)
            diag_error(p->d, loc,
                       "expected 'key: value' or '[kind]'; to continue the value above, indent this line");
        return false;
    }
    char *key = trim_dup(from, (size_t)(colon - from));
    bool ok = key[0] != '\0';
    for (const char *k = key; *k; k++)
        ok = ok && is_key_char(*k);
    if (!ok && quiet) {
        g_free(key);
        return false;
    }
    if (!ok) {
        if (key[0] == '\0')
            diag_error(p->d, loc, "missing key before ':'");
        else
            diag_error(p->d, loc,
                       "'%s' is not a key: keys are ASCII letters, digits and '-' (to continue the value above, indent this line)",
                       key);
        g_free(key);
        return false;
    }
    char *lower = g_ascii_strdown(key, -1);
    kv_entry *e = g_new0(kv_entry, 1);
    e->kind = KV_PAIR;
    e->raw_key = intern(p, key);
    e->key = intern(p, lower);
    e->loc = loc;
    e->lines = g_array_new(FALSE, TRUE, sizeof(kv_line));
    const char *rest = colon + clen;
    /* Column of the value's first character. */
    const char *vb = rest;
    while (*vb && kv_is_indent_char(g_utf8_get_char(vb)))
        vb = g_utf8_next_char(vb);
    e->value_loc = (diag_loc){ p->file, lineno, (int)g_utf8_strlen(line, vb - line) + 1 };
    char *first = trim_dup(rest, strlen(rest));
    if (first[0]) {
        kv_line kl = { intern(p, first), 0, e->value_loc };
        g_array_append_val(e->lines, kl);
    } else {
        e->value_loc.col = (int)g_utf8_strlen(line, colon - line) + 1;
    }
    g_free(first);
    g_free(key);
    g_free(lower);
    g_ptr_array_add(p->f->entries, e);
    p->cur = e;
    p->after_section = false;
    return true;
}

/* True if 's' has the shape `key: …` (nothing is added anywhere). */
static bool is_pair_syntax(const char *s)
{
    const char *c1 = strchr(s, ':'), *c2 = strstr(s, "：");
    const char *colon = c1 && (!c2 || c1 < c2) ? c1 : c2;
    if (!colon)
        return false;
    char *key = trim_dup(s, (size_t)(colon - s));
    bool ok = key[0] != '\0';
    for (const char *k = key; *k; k++)
        ok = ok && is_key_char(*k);
    g_free(key);
    return ok;
}

static void parse_pair(parser *p, const char *line, int lineno)
{
    parse_pair_at(p, line, line, lineno, false);
}

kv_file *kv_parse(const char *text, const char *file, diag_list *d)
{
    kv_file *f = g_new0(kv_file, 1);
    f->name = file;
    f->entries = g_ptr_array_new_with_free_func(entry_free);
    f->strings = g_string_chunk_new(4096);

    parser p = { f, d, file, NULL, g_array_new(FALSE, FALSE, sizeof(pending_line)), false, -1, NULL };
    char *copy = g_strdup(text);
    int lineno = 0;
    char *save = copy;
    for (;;) {
        char *nl = strchr(save, '\n');
        if (nl)
            *nl = '\0';
        char *line = save;
        lineno++;
        bool last = nl == NULL;
        if (last && line[0] == '\0')
            break;

        if (line[0] == '#') {
            /* A comment; it neither continues nor ends a block. */
        } else if (is_blank(line)) {
            if (p.cur) {
                pending_line pl = { line, lineno, true };
                g_array_append_val(p.pending, pl);
            }
        } else if (kv_is_indent_char(g_utf8_get_char(line))) {
            const char *t = line;
            while (kv_is_indent_char(g_utf8_get_char(t)))
                t = g_utf8_next_char(t);
            int w = indent_width(line);
            /* After an indented line read as an entry, a line indented no
             * deeper that looks like an entry is one too, not its value. */
            bool again = p.cur && p.recovered_w >= 0 && w <= p.recovered_w && is_pair_syntax(t);
            if (p.cur && !again) {
                pending_line pl = { line, lineno, false };
                g_array_append_val(p.pending, pl);
            } else {
                diag_loc loc = { file, lineno, (int)g_utf8_strlen(line, t - line) + 1 };
                const char *msg = again ? p.recover_msg
                                  : p.after_section
                                      ? "indented line after a '[kind]' line; start with 'key: value' at the beginning of the line"
                                      : "indented line continues nothing; remove the indentation or put it under a 'key:'";
                diag_error(d, loc, "%s", msg);
                finish_pair(&p);
                /* Read it as the entry it looks like, so that one stray
                 * indentation does not also make its key "missing". */
                if (parse_pair_at(&p, line, t, lineno, true)) {
                    p.recovered_w = w;
                    p.recover_msg = msg;
                }
            }
        } else {
            finish_pair(&p);
            p.recovered_w = -1;
            if (line[0] == '[' || strncmp(line, "［", 3) == 0)
                parse_section(&p, line, lineno);
            else
                parse_pair(&p, line, lineno);
        }
        if (last)
            break;
        save = nl + 1;
    }
    finish_pair(&p);
    g_array_unref(p.pending);
    /* kv_line texts point into the chunk, not into 'copy'. */
    g_free(copy);
    return f;
}

void kv_file_free(kv_file *f)
{
    if (!f)
        return;
    g_ptr_array_unref(f->entries);
    g_string_chunk_free(f->strings);
    g_free(f);
}
