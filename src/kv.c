/* kv: line-level syntax of trip and layout files (comments, `[kind]`,
 * `key: value`, indented continuation blocks). See docs/trip-format.md. */
#include "kv.h"

#include <string.h>

bool kv_is_indent_char(gunichar c)
{
    return c == ' ' || c == '\t' || c == 0x3000;
}

bool kv_is_special_space(gunichar c)
{
    return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0xFEFF;
}

/* Characters a line may start with before its text or key. */
static bool is_lead_char(gunichar c)
{
    return kv_is_indent_char(c) || kv_is_special_space(c);
}

/* Past the leading indentation and special spaces of 's'. */
static const char *skip_lead(const char *s)
{
    while (*s && is_lead_char(g_utf8_get_char(s)))
        s = g_utf8_next_char(s);
    return s;
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

/* The same up to a U+3000 that follows other indentation. */
static int indent_width_before_jisage(const char *s)
{
    int w = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!kv_is_indent_char(c) || (c == 0x3000 && w > 0))
            break;
        w += indent_step(c, w);
    }
    return w;
}

static bool is_blank(const char *s)
{
    return *skip_lead(s) == '\0';
}

/* Trims spaces, tabs, U+3000 and special spaces from both ends; returns a
 * new string. */
static char *trim_dup(const char *s, size_t len)
{
    const char *b = s, *e = s + len;
    while (b < e) {
        gunichar c = g_utf8_get_char(b);
        if (!is_lead_char(c))
            break;
        b = g_utf8_next_char(b);
    }
    while (e > b) {
        const char *prev = g_utf8_prev_char(e);
        if (!is_lead_char(g_utf8_get_char(prev)))
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
    const kv_syntax *syntax; /* what the format knows; NULL: nothing */
    const char *section; /* lowercased name of the last [kind], NULL before the first */
    kv_entry *cur;       /* the pair being continued, or NULL */
    kv_key_class cur_class; /* what 'cur' is: KV_KEY_LINE takes no continuation line */
    bool cur_dropped;    /* a continuation line of a one-line 'cur' was reported */
    GArray *pending;     /* of pending_line: continuation lines of 'cur' */
    bool after_section;  /* the last entry was a section line */
    int recovered_w;     /* indentation of an indented line read as an entry, or -1 */
    bool recover_after_section; /* that line came right after a [kind] line */
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
        /* A full-width space after other indentation is a 字下げ, not
         * indentation: it is kept even when every line has it. */
        int w = indent_width_before_jisage(pl->text);
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
                else if (c != ' ' && c != '\t' && !kv_is_special_space(c))
                    break;
                q = g_utf8_next_char(q);
            }
            g_string_append(kept, t);
            kl.text = intern(p, kept->str);
            kl.indent = indent_width(pl->text) - common;
            /* Column of text[0]: the first kept U+3000, else the first
             * character that is not indentation. */
            int c2 = col, kept_col = 0;
            for (const char *r = s; *r && is_lead_char(g_utf8_get_char(r)); r = g_utf8_next_char(r)) {
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

/* The key 'raw' in half-width ASCII and lowercased: full-width letters,
 * digits and hyphens (ｐｌａｃｅ, what an IME in full-width mode types)
 * are the same key, as a full-width colon is a colon. NULL if it cannot
 * be a key. Caller frees. */
static char *fold_key(const char *raw)
{
    GString *k = g_string_new(NULL);
    for (const char *q = raw; *q; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A) ||
            c == 0xFF0D) {
            c -= 0xFEE0;
        }
        if (c >= 0x80 || !is_key_char((char)c)) {
            g_string_free(k, TRUE);
            return NULL;
        }
        g_string_append_c(k, g_ascii_tolower((char)c));
    }
    if (k->len == 0) {
        g_string_free(k, TRUE);
        return NULL;
    }
    return g_string_free(k, FALSE);
}

/* The `key:` at the start of a line's text. */
typedef struct key_scan {
    const char *colon; /* the first ':' or '：', NULL if there is none */
    size_t clen;       /* its length in bytes */
    char *raw;         /* the text before it, trimmed; NULL without a colon */
    char *key;         /* 'raw' as a key (fold_key), NULL if it cannot be one */
} key_scan;

static void scan_key(const char *from, key_scan *k)
{
    memset(k, 0, sizeof *k);
    for (const char *s = from; *s; s++) {
        if (*s == ':') {
            k->colon = s;
            k->clen = 1;
            break;
        }
        if (strncmp(s, "：", 3) == 0) {
            k->colon = s;
            k->clen = 3;
            break;
        }
    }
    if (!k->colon)
        return;
    k->raw = trim_dup(from, (size_t)(k->colon - from));
    k->key = fold_key(k->raw);
}

static void key_scan_clear(key_scan *k)
{
    g_free(k->raw);
    g_free(k->key);
}

/* What indents a line, for messages: the most surprising character wins
 * (a full-width space, then a special space, then a tab). */
typedef enum {
    LEAD_SPACES,
    LEAD_TAB,
    LEAD_FULLWIDTH,
    LEAD_SPECIAL,
} lead_kind;

typedef struct lead {
    lead_kind kind;
    int col;   /* column of the first such character; for LEAD_SPACES of the text */
    gunichar c; /* LEAD_SPECIAL: which special space */
} lead;

static lead lead_of(const char *line)
{
    int col = 1, tab = 0, fw = 0, sp = 0;
    gunichar spc = 0;
    for (const char *q = line; *q; q = g_utf8_next_char(q), col++) {
        gunichar c = g_utf8_get_char(q);
        if (!is_lead_char(c))
            break;
        if (c == 0x3000 && !fw)
            fw = col;
        else if (kv_is_special_space(c) && !sp) {
            sp = col;
            spc = c;
        } else if (c == '\t' && !tab)
            tab = col;
    }
    if (fw)
        return (lead){ LEAD_FULLWIDTH, fw, 0x3000 };
    if (sp)
        return (lead){ LEAD_SPECIAL, sp, spc };
    if (tab)
        return (lead){ LEAD_TAB, tab, '\t' };
    return (lead){ LEAD_SPACES, col, ' ' };
}

static void parse_section(parser *p, const char *line, const char *from, int lineno)
{
    /* `[kind]` or `［kind］`, spaces allowed inside. */
    const char *open = from;
    size_t olen = (*from == '[') ? 1 : 3;
    const char *close = strstr(from, "]");
    size_t clen = 1;
    const char *fw = strstr(from, "］");
    if (fw && (!close || fw < close)) {
        close = fw;
        clen = 3;
    }
    diag_loc loc = { p->file, lineno, (int)g_utf8_strlen(line, from - line) + 1 };
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
    char *lower = fold_key(name);
    if (!lower)
        lower = g_ascii_strdown(name, -1);
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
    p->section = e->key;
}

static kv_key_class class_of(const parser *p, const char *key)
{
    return p->syntax ? p->syntax->key_class(p->section, key) : KV_KEY_NONE;
}

/* Parses `key: value` starting at 'from' inside 'line' (columns count from
 * the line's start). With 'quiet', a line that is not an entry adds no
 * error and false is returned. */
static bool parse_pair_at(parser *p, const char *line, const char *from, int lineno, bool quiet)
{
    diag_loc loc = { p->file, lineno, (int)g_utf8_strlen(line, from - line) + 1 };
    key_scan ks;
    scan_key(from, &ks);
    if (!ks.colon) {
        if (!quiet)
            diag_error(p->d, loc,
                       "expected 'key: value' or '[kind]'; to continue the value above, indent this line");
        return false;
    }
    if (!ks.key) {
        if (!quiet && ks.raw[0] == '\0')
            diag_error(p->d, loc, "missing key before ':'");
        else if (!quiet)
            diag_error(p->d, loc,
                       "'%s' is not a key: keys are ASCII letters, digits and '-' (to continue the value above, indent this line)",
                       ks.raw);
        key_scan_clear(&ks);
        return false;
    }
    kv_entry *e = g_new0(kv_entry, 1);
    e->kind = KV_PAIR;
    e->raw_key = intern(p, ks.raw);
    e->key = intern(p, ks.key);
    e->loc = loc;
    e->lines = g_array_new(FALSE, TRUE, sizeof(kv_line));
    const char *rest = ks.colon + ks.clen;
    /* Column of the value's first character. */
    const char *vb = skip_lead(rest);
    e->value_loc = (diag_loc){ p->file, lineno, (int)g_utf8_strlen(line, vb - line) + 1 };
    char *first = trim_dup(rest, strlen(rest));
    if (first[0]) {
        kv_line kl = { intern(p, first), 0, e->value_loc };
        g_array_append_val(e->lines, kl);
    } else {
        e->value_loc.col = (int)g_utf8_strlen(line, ks.colon - line) + 1;
    }
    g_free(first);
    key_scan_clear(&ks);
    g_ptr_array_add(p->f->entries, e);
    p->cur = e;
    kv_key_class cls = class_of(p, e->key);
    p->cur_class = cls == KV_KEY_NONE ? KV_KEY_TEXT : cls;
    p->cur_dropped = false;
    p->after_section = false;
    return true;
}

static void parse_pair(parser *p, const char *line, int lineno)
{
    parse_pair_at(p, line, line, lineno, false);
}

/*** Indented lines that are not what they look like ***/

/* Each message is one whole sentence, for the translations to come. */

/* An indented line that starts with a key known here, or is a known
 * `[kind]` line ('written': the key and colon, or the line, as written;
 * 'escaped': how to write it as text), read as that rather than as a
 * line of the value above ('p->cur'). */
static void report_key_line(parser *p, lead ld, diag_loc at, const char *written, const char *escaped)
{
    const kv_entry *up = p->cur;
    char *upk = g_strconcat(up->raw_key, ":", NULL);
    int n = up->loc.line;
    if (ld.kind != LEAD_SPACES)
        at.col = ld.col;
    if (p->cur_class == KV_KEY_LINE) {
        switch (ld.kind) {
        case LEAD_SPACES:
            diag_error(p->d, at, "'%s' is indented, so it would be read as part of '%s' (line %d); remove the indentation",
                       written, upk, n);
            break;
        case LEAD_TAB:
            diag_error(p->d, at, "'%s' is indented with a tab, so it would be read as part of '%s' (line %d); delete the tab",
                       written, upk, n);
            break;
        case LEAD_FULLWIDTH:
            diag_error(p->d, at,
                       "'%s' is indented with a full-width space (全角スペース), so it would be read as part of '%s' (line %d); delete the full-width space",
                       written, upk, n);
            break;
        case LEAD_SPECIAL:
            diag_error(p->d, at,
                       "'%s' is indented with a special space (U+%04X), so it would be read as part of '%s' (line %d); delete that space",
                       written, ld.c, upk, n);
            break;
        }
    } else {
        switch (ld.kind) {
        case LEAD_SPACES:
            diag_error(p->d, at,
                       "'%s' is indented, so it would be read as text of '%s' (line %d); remove the indentation, or write '%s' to keep it as text",
                       written, upk, n, escaped);
            break;
        case LEAD_TAB:
            diag_error(p->d, at,
                       "'%s' is indented with a tab, so it would be read as text of '%s' (line %d); delete the tab, or write '%s' to keep it as text",
                       written, upk, n, escaped);
            break;
        case LEAD_FULLWIDTH:
            diag_error(p->d, at,
                       "'%s' is indented with a full-width space (全角スペース), so it would be read as text of '%s' (line %d); delete the full-width space, or write '%s' to keep it as text",
                       written, upk, n, escaped);
            break;
        case LEAD_SPECIAL:
            diag_error(p->d, at,
                       "'%s' is indented with a special space (U+%04X), so it would be read as text of '%s' (line %d); delete that space, or write '%s' to keep it as text",
                       written, ld.c, upk, n, escaped);
            break;
        }
    }
    g_free(upk);
}

/* An indented line under a value that takes one line ('p->cur'). */
static void report_extra_line(parser *p, lead ld, diag_loc at)
{
    char *upk = g_strconcat(p->cur->raw_key, ":", NULL);
    int n = p->cur->loc.line;
    if (ld.kind != LEAD_SPACES)
        at.col = ld.col;
    switch (ld.kind) {
    case LEAD_SPACES:
        diag_error(p->d, at,
                   "'%s' (line %d) takes one line, so this indented line cannot continue it; delete the line, or remove the indentation and write it as a 'key: value' line",
                   upk, n);
        break;
    case LEAD_TAB:
        diag_error(p->d, at,
                   "'%s' (line %d) takes one line, so this line indented with a tab cannot continue it; delete the line, or delete the tab and write it as a 'key: value' line",
                   upk, n);
        break;
    case LEAD_FULLWIDTH:
        diag_error(p->d, at,
                   "'%s' (line %d) takes one line, so this line indented with a full-width space (全角スペース) cannot continue it; delete the line, or delete the full-width space and write it as a 'key: value' line",
                   upk, n);
        break;
    case LEAD_SPECIAL:
        diag_error(p->d, at,
                   "'%s' (line %d) takes one line, so this line indented with a special space (U+%04X) cannot continue it; delete the line, or delete that space and write it as a 'key: value' line",
                   upk, n, ld.c);
        break;
    }
    g_free(upk);
}

/* An indented line with no value above it to continue. */
static void report_under_nothing(parser *p, lead ld, diag_loc at, bool after_section)
{
    switch (ld.kind) {
    case LEAD_SPACES:
    case LEAD_TAB:
        if (after_section)
            diag_error(p->d, at,
                       "indented line after a '[kind]' line; start with 'key: value' at the beginning of the line");
        else
            diag_error(p->d, at, "indented line continues nothing; remove the indentation or put it under a 'key:'");
        break;
    case LEAD_FULLWIDTH:
        at.col = ld.col;
        diag_error(p->d, at,
                   "this line is indented with a full-width space (全角スペース), but there is no entry above it to continue; delete the full-width space");
        break;
    case LEAD_SPECIAL:
        at.col = ld.col;
        diag_error(p->d, at,
                   "this line is indented with a special space (U+%04X), but there is no entry above it to continue; delete that space",
                   ld.c);
        break;
    }
}

/* A line whose first character is a special space 'c' (it looks like an
 * indentation but is not one). */
static void report_special_first(parser *p, int lineno, gunichar c)
{
    diag_error(p->d, (diag_loc){ p->file, lineno, 1 },
               "this line starts with a special space (U+%04X) instead of an ordinary one; replace it with an ordinary space, or delete it",
               c);
}

/* True if 'cur' already has the one line a KV_KEY_LINE value takes. */
static bool cur_has_line(const parser *p)
{
    if (p->cur->lines->len > 0)
        return true;
    for (guint i = 0; i < p->pending->len; i++)
        if (!g_array_index(p->pending, pending_line, i).blank)
            return true;
    return false;
}

/* A copy of 'line' with the special spaces of its indentation made plain
 * spaces (one column each, as they look), interned. */
static const char *plain_lead(parser *p, const char *line)
{
    GString *g = g_string_new(NULL);
    const char *q = line;
    for (; *q && is_lead_char(g_utf8_get_char(q)); q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        g_string_append_unichar(g, kv_is_special_space(c) ? ' ' : c);
    }
    g_string_append(g, q);
    const char *r = intern(p, g->str);
    g_string_free(g, TRUE);
    return r;
}

/* If 't' is a `[kind]` line of a kind the syntax knows, that line as
 * written ('[' to ']'), else NULL. Caller frees. */
static char *known_kind_at(const parser *p, const char *t)
{
    if (!p->syntax || !(*t == '[' || strncmp(t, "［", 3) == 0))
        return NULL;
    size_t olen = *t == '[' ? 1 : 3;
    const char *close = strstr(t, "]"), *fw = strstr(t, "］");
    size_t clen = 1;
    if (fw && (!close || fw < close)) {
        close = fw;
        clen = 3;
    }
    if (!close || !is_blank(close + clen))
        return NULL;
    char *name = trim_dup(t + olen, (size_t)(close - t) - olen);
    char *lower = fold_key(name);
    bool ok = lower && p->syntax->is_kind(lower);
    g_free(name);
    g_free(lower);
    return ok ? g_strndup(t, (gsize)(close + clen - t)) : NULL;
}

/* A line that starts with indentation (or a special space). */
static void parse_indented(parser *p, const char *line, int lineno)
{
    lead ld = lead_of(line);
    gunichar first = g_utf8_get_char(line);
    bool special_first = kv_is_special_space(first);
    if (special_first) {
        /* It looks indented by a space: read it so, and say what it is
         * where nothing below says it. */
        line = plain_lead(p, line);
    }
    const char *t = skip_lead(line);
    diag_loc at = { p->file, lineno, (int)g_utf8_strlen(line, t - line) + 1 };
    int w = indent_width(line);
    key_scan ks;
    scan_key(t, &ks);
    /* After an indented line read as an entry, a line indented no deeper
     * that looks like an entry is one too, not its value. */
    bool again = p->cur && p->recovered_w >= 0 && w <= p->recovered_w && ks.key;
    kv_key_class cls = ks.key ? class_of(p, ks.key) : KV_KEY_NONE;
    char *kind = known_kind_at(p, t);
    if (kind) {
        /* A page starts here, whatever the indentation. */
        char *escaped = g_strconcat("\\", kind, NULL);
        if (p->cur)
            report_key_line(p, ld, at, kind, escaped);
        else
            report_under_nothing(p, ld, at, p->after_section);
        g_free(escaped);
        finish_pair(p);
        p->recovered_w = -1;
        parse_section(p, line, t, lineno);
    } else if (p->cur && !again && cls != KV_KEY_NONE) {
        /* A key known here: the line is that entry, reported. */
        char *colon = g_strndup(ks.colon, ks.clen);
        char *written = g_strconcat(ks.raw, colon, NULL);
        char *escaped = g_strconcat(ks.raw, "\\", colon, NULL);
        report_key_line(p, ld, at, written, escaped);
        g_free(colon);
        g_free(written);
        g_free(escaped);
        finish_pair(p);
        p->recovered_w = -1;
        parse_pair_at(p, line, t, lineno, true);
    } else if (p->cur && !again && p->cur_class == KV_KEY_LINE && cur_has_line(p)) {
        /* A path or a number goes on no further: the line is not glued
         * to it, and reported once. */
        if (!p->cur_dropped)
            report_extra_line(p, ld, at);
        p->cur_dropped = true;
    } else if (p->cur && !again) {
        if (special_first)
            report_special_first(p, lineno, first);
        pending_line pl = { line, lineno, false };
        g_array_append_val(p->pending, pl);
    } else {
        bool after_section = again ? p->recover_after_section : p->after_section;
        report_under_nothing(p, ld, at, after_section);
        finish_pair(p);
        /* Read it as the entry it looks like, so that one stray
         * indentation does not also make its key "missing". */
        if (parse_pair_at(p, line, t, lineno, true)) {
            p->recovered_w = w;
            p->recover_after_section = after_section;
        }
    }
    g_free(kind);
    key_scan_clear(&ks);
}

kv_file *kv_parse_with(const char *text, const char *file, const kv_syntax *syntax, diag_list *d)
{
    kv_file *f = g_new0(kv_file, 1);
    f->name = file;
    f->entries = g_ptr_array_new_with_free_func(entry_free);
    f->strings = g_string_chunk_new(4096);

    parser p = { 0 };
    p.f = f;
    p.d = d;
    p.file = file;
    p.syntax = syntax;
    p.pending = g_array_new(FALSE, FALSE, sizeof(pending_line));
    p.recovered_w = -1;
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
        } else if (is_lead_char(g_utf8_get_char(line))) {
            parse_indented(&p, line, lineno);
        } else {
            finish_pair(&p);
            p.recovered_w = -1;
            if (line[0] == '[' || strncmp(line, "［", 3) == 0)
                parse_section(&p, line, line, lineno);
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

kv_file *kv_parse(const char *text, const char *file, diag_list *d)
{
    return kv_parse_with(text, file, NULL, d);
}

void kv_file_free(kv_file *f)
{
    if (!f)
        return;
    g_ptr_array_unref(f->entries);
    g_string_chunk_free(f->strings);
    g_free(f);
}
