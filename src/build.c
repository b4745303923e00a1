/* build: kv entries -> doc model, with every check of the trip format. */
#include "build.h"
#include "i18n.h"

#include "build_hints.h"
#include "date.h"
#include "image_probe.h"
#include "image_source.h"
#include "build_verify.h"
#include "inline.h"

#include <errno.h>
#include <sys/stat.h>

#include <string.h>

/*** Key rules ***/

/* K_LINE: the value is one line (a path, a number, a date); an indented
 * line below it is an error, never glued to it (kv_parse_with()). */
enum { K_REPEAT = 1, K_REQUIRED = 2, K_LINE = 4 };

typedef struct key_rule {
    const char *key;
    unsigned flags;
} key_rule;

static const key_rule meta_rules[] = {
    { "series", 0 },   { "number", K_REQUIRED | K_LINE },   { "place", K_REQUIRED }, { "period", K_REQUIRED | K_LINE },
    { "traveler", K_REQUIRED }, { "organization", 0 }, { "author", 0 }, { "date", K_LINE },
    { "layout", K_LINE },   { NULL, 0 },
};
static const key_rule goals_rules[] = {
    { "heading", K_REQUIRED }, { "goal", K_REPEAT | K_REQUIRED }, { "text", K_REPEAT }, { NULL, 0 },
};
static const key_rule overview_rules[] = {
    { "heading", K_REQUIRED }, { "fact", K_REPEAT }, { NULL, 0 },
};
static const key_rule bullets_rules[] = {
    { "heading", K_REQUIRED }, { "subheading", K_REPEAT }, { "list", K_REPEAT | K_REQUIRED },
    { "text", K_REPEAT },      { NULL, 0 },
};
static const key_rule facts_rules[] = {
    { "heading", K_REQUIRED }, { "image", K_LINE }, { "credit", 0 }, { "alt", 0 }, { "title", 0 },
    { "fact", K_REPEAT },      { "text", K_REPEAT }, { NULL, 0 },
};
static const key_rule schedule_rules[] = {
    { "heading", K_REQUIRED }, { "columns", K_REQUIRED }, { "row", K_REPEAT | K_REQUIRED },
    { "subheading", K_REPEAT }, { "text", K_REPEAT }, { NULL, 0 },
};
static const key_rule text_rules[] = {
    { "heading", K_REQUIRED }, { "subheading", K_REPEAT }, { "text", K_REPEAT | K_REQUIRED }, { NULL, 0 },
};
static const key_rule photos_rules[] = {
    { "heading", K_REQUIRED }, { "photo", K_REPEAT | K_REQUIRED | K_LINE }, { "caption", K_REPEAT },
    { "alt", K_REPEAT },       { "fit", K_REPEAT | K_LINE }, { NULL, 0 },
};
static const key_rule closing_rules[] = {
    { "mark", 0 }, { "title", 0 }, { "text", 0 }, { "signature", 0 }, { NULL, 0 },
};

static const key_rule *rules_for(doc_kind k)
{
    switch (k) {
    case DOC_KIND_GOALS: return goals_rules;
    case DOC_KIND_OVERVIEW: return overview_rules;
    case DOC_KIND_BULLETS: return bullets_rules;
    case DOC_KIND_FACTS: return facts_rules;
    case DOC_KIND_SCHEDULE: return schedule_rules;
    case DOC_KIND_TEXT: return text_rules;
    case DOC_KIND_PHOTOS: return photos_rules;
    case DOC_KIND_CLOSING: return closing_rules;
    case DOC_KIND_TITLE:
    case DOC_KIND_NONE: return meta_rules;
    }
    return meta_rules;
}

const char *const *build_kind_keys(doc_kind kind)
{
    /* Built once; the tables above never change. */
    static const char **lists[DOC_KIND_CLOSING + 1];
    if ((unsigned)kind > DOC_KIND_CLOSING)
        return NULL;
    if (!lists[kind]) {
        const key_rule *r = rules_for(kind);
        int n = 0;
        while (r[n].key)
            n++;
        const char **l = g_new0(const char *, n + 1);
        for (int i = 0; i < n; i++)
            l[i] = r[i].key;
        lists[kind] = l;
    }
    return lists[kind];
}

static const key_rule *find_rule(const key_rule *rules, const char *key)
{
    for (const key_rule *r = rules; r->key; r++)
        if (strcmp(r->key, key) == 0)
            return r;
    return NULL;
}

/* The first kind (other than 'not') whose rules have 'key', or NONE;
 * '*count' (may be NULL) gets how many kinds have it. */
static doc_kind kind_with_key(const char *key, doc_kind not, int *count)
{
    doc_kind first = DOC_KIND_NONE;
    int n = 0;
    for (doc_kind k = DOC_KIND_GOALS; k <= DOC_KIND_CLOSING; k++) {
        if (k != not && find_rule(rules_for(k), key)) {
            if (first == DOC_KIND_NONE)
                first = k;
            n++;
        }
    }
    if (count)
        *count = n;
    return first;
}

/* What 'key' is under [section] (NULL: the metadata), for kv: a key of
 * that place, or of any page when the kind is unknown. */
static kv_key_class key_class(const char *section, const char *key)
{
    const key_rule *r = NULL;
    if (!section) {
        r = find_rule(meta_rules, key);
    } else {
        doc_kind k = doc_kind_from_name(section);
        if (k == DOC_KIND_NONE || k == DOC_KIND_TITLE) {
            for (k = DOC_KIND_GOALS; k <= DOC_KIND_CLOSING && !r; k++)
                r = find_rule(rules_for(k), key);
        } else {
            r = find_rule(rules_for(k), key);
        }
    }
    if (!r)
        return KV_KEY_NONE;
    return (r->flags & K_LINE) ? KV_KEY_LINE : KV_KEY_TEXT;
}

static bool is_kind(const char *name)
{
    return doc_kind_from_name(name) != DOC_KIND_NONE;
}

kv_file *build_parse(const char *text, const char *file, diag_list *d)
{
    static const kv_syntax trip = { key_class, is_kind };
    return kv_parse_with(text, file, &trip, d);
}

static const char *const kind_list[] = { "goals", "overview", "bullets", "facts", "schedule",
                                          "text",  "photos",   "closing", NULL };

/*** State ***/

typedef struct builder {
    doc *doc;
    diag_list *d;
    unsigned flags;      /* BUILD_* */
    const char *file; /* the trip's name interned in 'd': messages outlive the doc */
    diag_loc date_loc; /* the report's `date:` value, when given */
    bool no_file_check; /* the path in hand is a placeholder: no "not found" besides */
    GHashTable *verified; /* BUILD_VERIFY_PHOTOS: resolved path -> "" (whole) or the damage, read through once */
} builder;

static bool nonempty(builder *b, const kv_entry *e)
{
    if (e->value[0])
        return true;
    diag_error(b->d, e->value_loc,
               "'%s' is empty: this line still needs filling; write its text after the colon or on indented lines below",
               e->raw_key);
    return false;
}

static doc_text *text_of(builder *b, const kv_entry *e)
{
    return inline_parse(b->doc, e->value, e->value_loc, b->d);
}

/*** Blocks: paragraphs and lists inside a value ***/

static bool item_marker(const char *t, const char **rest)
{
    if (t[0] == '-' && (t[1] == ' ' || t[1] == '\t')) {
        *rest = t + 2;
    } else if (strncmp(t, "・", 3) == 0) {
        *rest = t + 3;
    } else if (t[0] == '-' && t[1] == '\0') {
        *rest = t + 1;
    } else {
        return false;
    }
    while (**rest == ' ' || **rest == '\t' || strncmp(*rest, "　", 3) == 0)
        *rest += (**rest == ' ' || **rest == '\t') ? 1 : 3;
    return true;
}

typedef struct pending {
    GString *buf;
    diag_loc loc;
    doc_node *node; /* the item being continued, if any */
    int level;
} pending;

static void flush_para(builder *b, doc_node *parent, pending *pp)
{
    if (pp->buf->len == 0)
        return;
    doc_node *n = doc_node_new(pp->node ? DOC_NODE_ITEM : DOC_NODE_PARAGRAPH, pp->loc);
    n->text = inline_parse(b->doc, pp->buf->str, pp->loc, b->d);
    n->level = pp->level;
    if (pp->node) {
        doc_node_append(pp->node, n); /* pp->node is the LIST */
    } else {
        doc_node_append(parent, n);
    }
    g_string_truncate(pp->buf, 0);
}

/* Adds the paragraphs and lists of value 'e' to 'parent'. In a `list:`
 * value ('all_items') every line is an item, its marker optional; in a
 * `text:` value lines with a marker are items, and a line right after an
 * item continues it. */
static void add_blocks(builder *b, doc_node *parent, const kv_entry *e, bool all_items)
{
    pending pp = { g_string_new(NULL), e->value_loc, NULL, 0 };
    doc_node *list = NULL;
    int indents[32];
    int depth = 0;
    bool in_item = false;

    for (guint i = 0; i < e->lines->len; i++) {
        const kv_line *l = &g_array_index(e->lines, kv_line, i);
        if (l->text[0] == '\0') {
            flush_para(b, parent, &pp);
            list = NULL;
            pp.node = NULL;
            in_item = false;
            continue;
        }
        const char *rest = l->text;
        bool marked = item_marker(l->text, &rest);
        if (marked || all_items) {
            flush_para(b, parent, &pp);
            if (!list) {
                list = doc_node_new(DOC_NODE_LIST, l->loc);
                doc_node_append(parent, list);
                depth = 0;
            }
            /* Nesting: a stack of the indentations seen. */
            while (depth > 0 && indents[depth - 1] > l->indent)
                depth--;
            if (depth == 0 || indents[depth - 1] < l->indent) {
                if (depth < (int)G_N_ELEMENTS(indents))
                    indents[depth++] = l->indent;
            }
            pp.node = list;
            pp.level = depth - 1;
            int col = l->loc.col + (int)g_utf8_strlen(l->text, rest - l->text);
            pp.loc = (diag_loc){ l->loc.file, l->loc.line, col };
            g_string_append(pp.buf, rest);
            if (!rest[0])
                diag_error(b->d, l->loc, "empty list item; write its text after the marker");
            in_item = true;
            continue;
        }
        if (in_item) {
            g_string_append_c(pp.buf, '\n');
            g_string_append(pp.buf, l->text);
            continue;
        }
        if (pp.buf->len == 0)
            pp.loc = l->loc;
        else
            g_string_append_c(pp.buf, '\n');
        g_string_append(pp.buf, l->text);
    }
    flush_para(b, parent, &pp);
    g_string_free(pp.buf, TRUE);
}

/*** Metadata ***/

static bool parse_number(const char *v, int *out)
{
    /* 17, １７, 第17弾 */
    GString *digits = g_string_new(NULL);
    const char *p = v;
    if (g_str_has_prefix(p, "第"))
        p += strlen("第");
    for (; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= '0' && c <= '9')
            g_string_append_c(digits, (char)c);
        else if (c >= 0xFF10 && c <= 0xFF19)
            g_string_append_c(digits, (char)('0' + c - 0xFF10));
        else
            break;
    }
    bool ok = digits->len > 0 && digits->len <= 4 && (*p == '\0' || strcmp(p, "弾") == 0);
    *out = ok ? atoi(digits->str) : 0;
    g_string_free(digits, TRUE);
    return ok && *out > 0;
}

/* A metadata text: its escapes resolved, kept in the doc. */
static const char *plain_value(builder *b, const kv_entry *e)
{
    char *v = inline_plain(e->value);
    g_strdelimit(v, "\t", ' '); /* as in texts (doc_text_new): a tab prints as a space */
    const char *r = doc_strdup(b->doc, v);
    g_free(v);
    return r;
}

static void meta_entry(builder *b, const kv_entry *e)
{
    doc_meta *m = &b->doc->meta;
    const char *k = e->key;
    if (!nonempty(b, e) || build_hint_placeholder(b->d, e))
        return;
    if (strcmp(k, "series") == 0) {
        m->series = plain_value(b, e);
        m->series_loc = e->value_loc;
    } else if (strcmp(k, "number") == 0) {
        m->number_loc = e->value_loc;
        if (!parse_number(e->value, &m->number))
            diag_error(b->d, e->value_loc, "'number' must be the report's number, like 17 (for 第17弾); got '%s'",
                       e->value);
    } else if (strcmp(k, "place") == 0) {
        m->place = plain_value(b, e);
        m->place_loc = e->value_loc;
    } else if (strcmp(k, "period") == 0) {
        m->period_loc = e->value_loc;
        if (!date_period_parse(e->value, &m->period_start, &m->period_end))
            diag_error(b->d, e->value_loc,
                       "bad period '%s'; write 'YYYY-MM-DD .. YYYY-MM-DD' with real dates, like 2024-02-07 .. 2024-02-09",
                       e->value);
        else if (doc_date_compare(m->period_start, m->period_end) > 0)
            diag_error(b->d, e->value_loc, "the period ends before it starts ('%s'); put the first day first",
                       e->value);
    } else if (strcmp(k, "traveler") == 0) {
        m->traveler = plain_value(b, e);
        m->traveler_loc = e->value_loc;
    } else if (strcmp(k, "organization") == 0) {
        m->organization = plain_value(b, e);
        m->organization_loc = e->value_loc;
    } else if (strcmp(k, "author") == 0) {
        m->author = plain_value(b, e);
    } else if (strcmp(k, "date") == 0) {
        if (!doc_date_parse(e->value, &m->date))
            diag_error(b->d, e->value_loc, "bad date '%s'; write YYYY-MM-DD with a real date, like 2024-02-20",
                       e->value);
        else
            b->date_loc = e->value_loc;
    } else if (strcmp(k, "layout") == 0) {
        m->layout = doc_strdup(b->doc, e->value);
        m->layout_loc = e->value_loc;
    }
}

/*** Sections ***/

/* Checks the keys of one section (or the metadata): unknown, misplaced,
 * repeated, missing. Returns the entries that passed, in order. */
static GPtrArray *checked_entries(builder *b, doc_kind kind, const kv_entry *sec, GPtrArray *entries)
{
    const key_rule *rules = rules_for(kind);
    GPtrArray *ok = g_ptr_array_new();
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *suggested = g_hash_table_new(g_str_hash, g_str_equal);
    const char *where = kind == DOC_KIND_NONE ? _("the metadata") : NULL;
    char *where_buf = where ? NULL : g_strdup_printf("[%s]", doc_kind_name(kind));
    if (!where)
        where = where_buf;

    for (guint i = 0; i < entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(entries, i);
        const key_rule *r = find_rule(rules, e->key);
        if (!r) {
            int owners = 0;
            doc_kind other = kind_with_key(e->key, kind, &owners);
            if (kind == DOC_KIND_NONE && other != DOC_KIND_NONE) {
                diag_error(b->d, e->loc,
                           "'%s' belongs to a page: put a '[kind]' line such as '[%s]' before it",
                           e->raw_key, doc_kind_name(other));
            } else if (kind != DOC_KIND_NONE && find_rule(meta_rules, e->key)) {
                diag_error(b->d, e->loc,
                           "'%s' is metadata: move it to the top of the file, before the first '[kind]' line",
                           e->raw_key);
            } else if (owners == 1) {
                diag_error(b->d, e->loc, "'%s' is not a key of %s (it belongs to [%s])", e->raw_key, where,
                           doc_kind_name(other));
            } else {
                const char *const *cands = build_kind_keys(kind);
                const char *s = owners == 0 ? diag_suggest(e->key, cands) : NULL;
                if (s) {
                    diag_error(b->d, e->loc, "unknown key '%s' (did you mean '%s'?)", e->raw_key, s);
                    /* Its "missing" error would only repeat this one. */
                    g_hash_table_add(suggested, (gpointer)s);
                } else if (owners > 1) {
                    char *all = g_strjoinv("', '", (char **)cands);
                    diag_error(b->d, e->loc, "'%s' is not a key of %s; %s takes '%s'", e->raw_key, where, where, all);
                    g_free(all);
                } else {
                    char *all = g_strjoinv("', '", (char **)cands);
                    diag_error(b->d, e->loc, "unknown key '%s'; %s takes '%s'", e->raw_key, where, all);
                    g_free(all);
                }
            }
            continue;
        }
        const kv_entry *first = g_hash_table_lookup(seen, r->key);
        if (first && !(r->flags & K_REPEAT)) {
            diag_error(b->d, e->loc, "'%s' is given twice in %s (first at line %d); keep one",
                       e->raw_key, where, first->loc.line);
            continue;
        }
        if (!first)
            g_hash_table_insert(seen, (gpointer)r->key, (gpointer)e);
        g_ptr_array_add(ok, (gpointer)e);
    }
    for (const key_rule *r = rules; r->key; r++) {
        if ((r->flags & K_REQUIRED) && !g_hash_table_contains(seen, r->key) &&
            !g_hash_table_contains(suggested, r->key)) {
            if (kind == DOC_KIND_NONE)
                diag_error(b->d, (diag_loc){ b->file, 1, 1 },
                           "missing '%s:' in the metadata (the lines before the first '[kind]')", r->key);
            else
                diag_error(b->d, sec->loc, "[%s] needs '%s:'", doc_kind_name(kind), r->key);
        }
    }
    g_hash_table_unref(seen);
    g_hash_table_unref(suggested);
    g_free(where_buf);
    return ok;
}

static doc_node *add_text_node(builder *b, doc_node *sec, doc_node_type t, const kv_entry *e)
{
    doc_node *n = doc_node_new(t, e->loc);
    n->text = text_of(b, e);
    doc_node_append(sec, n);
    return n;
}

/* An image that cannot be used: an error, or with --draft a warning and
 * a placeholder in its place. */
static void image_problem(builder *b, doc_node *n, diag_loc loc, const char *msg)
{
    if (b->flags & BUILD_DRAFT) {
        diag_warning(b->d, loc, "%s; a placeholder is drawn instead (--draft)", msg);
        n->placeholder = true;
    } else {
        diag_error(b->d, loc, "%s", msg);
    }
}

static void set_path(builder *b, doc_node *n, const kv_entry *e)
{
    n->path = doc_strdup(b->doc, e->value);
    n->path_loc = e->value_loc;
    /* A name that differs from the file's only in case, or written with
     * '\', is found, with a warning saying how to write it. */
    char *found = NULL;
    build_path_match how = BUILD_PATH_NONE;
    if ((b->flags & BUILD_CHECK_FILES) && !b->no_file_check && e->value[0])
        how = build_hint_path_find(b->doc->dir, e->value, &found);
    const char *path = found ? found : e->value;
    char *res = g_path_is_absolute(path) ? g_strdup(path) : g_build_filename(b->doc->dir, path, NULL);
    n->resolved = doc_strdup(b->doc, res);
    if (how == BUILD_PATH_BACKSLASH)
        diag_warning(b->d, e->value_loc,
                     "image '%s' was found as '%s': write '/' between the folder and the file name, not '\\' (which works on Windows only)",
                     e->value, found);
    else if (how == BUILD_PATH_CASE)
        diag_warning(b->d, e->value_loc,
                     "image '%s' was found as '%s': write the name with the same capital and small letters as the file's (other computers tell them apart)",
                     e->value, found);
    else if (how == BUILD_PATH_BOTH)
        diag_warning(b->d, e->value_loc,
                     "image '%s' was found as '%s': write '/' instead of '\\', and the capital and small letters as in the file's name",
                     e->value, found);
    g_free(found);
    char *msg = NULL;
    struct stat st;
    bool look = (b->flags & BUILD_CHECK_FILES) && !b->no_file_check && e->value[0];
    int st_err = !look || stat(res, &st) == 0 ? 0 : errno;
    if (!look) {
        /* nothing to look at */
    } else if (st_err == ENOENT || st_err == ENOTDIR) {
        char *near = build_hint_path_suggest(b->doc->dir, e->value);
        if (!near)
            msg = g_strdup_printf(_("image '%s' not found (looked for '%s'); check the name and the folder"), e->value, res);
        else if (b->flags & BUILD_DRAFT)
            diag_warning(b->d, e->value_loc, "image '%s' not found (looked for '%s'); did you mean '%s'? a placeholder is drawn instead (--draft)",
                         e->value, res, near);
        else
            diag_error(b->d, e->value_loc, "image '%s' not found (looked for '%s'); did you mean '%s'?", e->value, res, near);
        if (near)
            n->placeholder = (b->flags & BUILD_DRAFT) != 0;
        g_free(near);
    } else if (st_err) {
        /* A link that leads round in a loop, no permission: said as such. */
        GError *err = NULL;
        image_source_set_open_error(st_err, &err);
        msg = g_strdup_printf(_("image '%s' %s"), e->value, err->message);
        g_error_free(err);
    } else if (S_ISDIR(st.st_mode)) {
        msg = g_strdup_printf(_("'%s' is a folder, not an image file"), e->value);
    } else {
        /* Its format and size, from the header only: a bad photo is an
         * error at its line before anything is laid out. */
        image_info info;
        GError *err = NULL;
        bool later = (b->flags & BUILD_VERIFY_LATER) && !(b->flags & BUILD_DRAFT);
        if (!image_probe(res, &info, &err) ||
            ((b->flags & BUILD_VERIFY_PHOTOS) && info.format == IMAGE_FORMAT_JPEG && !later &&
             !build_verify_once(b->verified, res, &err))) {
            msg = g_strdup_printf(_("image '%s' %s"), e->value, err->message);
            g_error_free(err);
        } else {
            n->display_w = info.display_w;
            n->display_h = info.display_h;
            if ((b->flags & BUILD_VERIFY_PHOTOS) && info.format == IMAGE_FORMAT_JPEG && later) {
                /* asked for by build_verify_finish(), after the layout */
                doc_verify_later v = { doc_strdup(b->doc, res), doc_strdup(b->doc, e->value), e->value_loc };
                if (!b->doc->verify_later)
                    b->doc->verify_later = g_array_new(FALSE, FALSE, sizeof(doc_verify_later));
                g_array_append_val(b->doc->verify_later, v);
            }
        }
    }
    if (msg)
        image_problem(b, n, e->value_loc, msg);
    g_free(msg);
    g_free(res);
}

/* Cells of a `columns:`, `row:` or `fact:` value. */
static doc_node *row_of(builder *b, const kv_entry *e)
{
    doc_node *row = doc_node_new(DOC_NODE_ROW, e->loc);
    row->cells = g_ptr_array_new();
    diag_loc *locs = NULL;
    char **cells = inline_split_cells(e->value, e->value_loc, &locs);
    for (int i = 0; cells[i]; i++)
        g_ptr_array_add(row->cells, inline_parse(b->doc, cells[i], locs[i], b->d));
    g_strfreev(cells);
    g_free(locs);
    return row;
}

/* A schedule row's date outside the trip's period: a warning (a typo in
 * the date, or in the period). */
static void check_in_period(builder *b, doc_date dt, diag_loc at)
{
    const doc_meta *m = &b->doc->meta;
    if (!m->period_start.year || (doc_date_compare(dt, m->period_start) >= 0 && doc_date_compare(dt, m->period_end) <= 0))
        return;
    char *d = date_format_iso(dt), *a = date_format_iso(m->period_start), *z = date_format_iso(m->period_end);
    diag_warning(b->d, at, "the date %s is outside the trip's period (%s to %s); check this date or the 'period:' line", d,
                 a, z);
    g_free(d);
    g_free(a);
    g_free(z);
}

static void build_section(builder *b, doc_node *sec, GPtrArray *entries)
{
    doc_node *last = NULL;      /* the goal, image or photo later keys attach to */
    doc_node *table = NULL;
    int ncols = 0;
    int rows_orphaned = 0;
    bool has_columns = false;
    for (guint i = 0; i < entries->len; i++)
        has_columns = has_columns || strcmp(((const kv_entry *)g_ptr_array_index(entries, i))->key, "columns") == 0;
    doc_fit section_fit = DOC_FIT_CONTAIN;

    for (guint i = 0; i < entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(entries, i);
        const char *k = e->key;
        bool path_key = strcmp(k, "photo") == 0 || strcmp(k, "image") == 0;
        if (!nonempty(b, e)) {
            /* An empty photo or image keeps its place, so that its caption
             * or credit is not also "before a 'photo:' line"; an empty
             * goal text or caption keeps its goal or photo from "has no
             * 'text:'" or "has no caption". */
            bool answers = last && ((strcmp(k, "text") == 0 && last->type == DOC_NODE_GOAL) ||
                                    (strcmp(k, "caption") == 0 && last->type == DOC_NODE_PHOTO));
            if (answers)
                last->level = -1; /* answered, if emptily: no "has no 'text:'" or "no caption" besides */
            if (!path_key)
                continue;
        }
        b->no_file_check = build_hint_placeholder(b->d, e);
        if (strcmp(k, "heading") == 0) {
            sec->text = text_of(b, e);
        } else if (strcmp(k, "subheading") == 0) {
            add_text_node(b, sec, DOC_NODE_SUBHEADING, e);
        } else if (strcmp(k, "goal") == 0) {
            last = add_text_node(b, sec, DOC_NODE_GOAL, e);
        } else if (strcmp(k, "text") == 0) {
            if (sec->kind == DOC_KIND_GOALS) {
                if (!last) {
                    diag_error(b->d, e->loc, "'text' in [goals] must follow a 'goal:' line");
                    continue;
                }
                add_blocks(b, last, e, false);
            } else if (sec->kind == DOC_KIND_CLOSING) {
                add_text_node(b, sec, DOC_NODE_PARAGRAPH, e);
            } else {
                add_blocks(b, sec, e, false);
            }
        } else if (strcmp(k, "list") == 0) {
            add_blocks(b, sec, e, true);
        } else if (strcmp(k, "fact") == 0) {
            if (build_hint_tabbed_cells(b->d, e))
                continue;
            doc_node *row = row_of(b, e);
            if (row->cells->len != 2) {
                diag_error(b->d, e->value_loc, "'fact' needs a label and a value, like 'fact: 面積 | 572.99km²' (got %u part%s)",
                           row->cells->len, row->cells->len == 1 ? "" : "s");
                doc_node_free(row);
                continue;
            }
            doc_node *f = doc_node_new(DOC_NODE_FACT, e->loc);
            f->text = g_ptr_array_index(row->cells, 0);
            f->text2 = g_ptr_array_index(row->cells, 1);
            doc_node_free(row);
            doc_node_append(sec, f);
        } else if (strcmp(k, "title") == 0) {
            add_text_node(b, sec, DOC_NODE_TITLE, e);
        } else if (strcmp(k, "image") == 0) {
            last = doc_node_new(DOC_NODE_IMAGE, e->loc);
            set_path(b, last, e);
            doc_node_append(sec, last);
        } else if (strcmp(k, "credit") == 0) {
            if (!last || last->type != DOC_NODE_IMAGE) {
                diag_error(b->d, e->loc, "'credit' must follow an 'image:' line");
                continue;
            }
            last->text2 = text_of(b, e);
        } else if (strcmp(k, "columns") == 0) {
            bool tabbed = build_hint_tabbed_cells(b->d, e);
            doc_node *row = row_of(b, e);
            row->header = true;
            ncols = tabbed ? -1 : (int)row->cells->len; /* -1: no count to compare the rows with */
            table = doc_node_new(DOC_NODE_TABLE, e->loc);
            doc_node_append(table, row);
            doc_node_append(sec, table);
        } else if (strcmp(k, "row") == 0) {
            if (!table) {
                /* Once is enough; and nothing when 'columns' is missing
                 * altogether, which has its own message. */
                if (!rows_orphaned++ && has_columns)
                    diag_error(b->d, e->loc, "'row' before 'columns'; put the 'columns:' line first");
                continue;
            }
            if (build_hint_tabbed_cells(b->d, e))
                continue;
            doc_node *row = row_of(b, e);
            if (ncols >= 0 && (int)row->cells->len != ncols) {
                diag_error(b->d, e->value_loc, "this row has %u cell%s but 'columns' has %d; separate cells with '|'",
                           row->cells->len, row->cells->len == 1 ? "" : "s", ncols);
            }
            doc_text *c0 = g_ptr_array_index(row->cells, 0);
            doc_date dt;
            if (doc_date_parse(c0->str, &dt)) {
                char *s = doc_date_format_short(dt);
                doc_text *t = doc_text_new(b->doc, s, c0->loc);
                g_free(s);
                g_ptr_array_index(row->cells, 0) = t;
                row->is_date = true;
                check_in_period(b, dt, c0->loc);
            } else if (date_looks_like(c0->str)) {
                diag_error(b->d, c0->loc, "bad date '%s'; write YYYY-MM-DD with a real date, like 2024-02-07",
                           c0->str);
            }
            doc_node_append(table, row);
        } else if (strcmp(k, "photo") == 0) {
            last = doc_node_new(DOC_NODE_PHOTO, e->loc);
            set_path(b, last, e);
            last->fit = section_fit;
            doc_node_append(sec, last);
        } else if (strcmp(k, "alt") == 0 && sec->kind == DOC_KIND_FACTS) {
            if (!last || last->type != DOC_NODE_IMAGE) {
                diag_error(b->d, e->loc, "'alt' must follow an 'image:' line");
                continue;
            }
            last->text = text_of(b, e); /* an image's text is its alt */
        } else if (strcmp(k, "caption") == 0 || strcmp(k, "alt") == 0) {
            bool cap = k[0] == 'c';
            if (!last || last->type != DOC_NODE_PHOTO) {
                diag_error(b->d, e->loc, "'%s' must follow a 'photo:' line", k);
                continue;
            }
            doc_text **slot = cap ? &last->text : &last->text2;
            if (*slot) {
                diag_error(b->d, e->loc, "this photo already has a%s '%s' (line %d); keep one",
                           cap ? "" : "n", k, (*slot)->loc.line);
                continue;
            }
            *slot = text_of(b, e);
        } else if (strcmp(k, "fit") == 0) {
            doc_fit f = DOC_FIT_NONE;
            if (strcmp(e->value, "contain") == 0)
                f = DOC_FIT_CONTAIN;
            else if (strcmp(e->value, "cover") == 0)
                f = DOC_FIT_COVER;
            if (f == DOC_FIT_NONE) {
                diag_error(b->d, e->value_loc, "'fit' is 'contain' (whole photo, the default) or 'cover' (fill and crop); got '%s'",
                           e->value);
                continue;
            }
            if (last && last->type == DOC_NODE_PHOTO)
                last->fit = f;
            else
                section_fit = f;
        } else if (strcmp(k, "mark") == 0) {
            add_text_node(b, sec, DOC_NODE_MARK, e);
        } else if (strcmp(k, "signature") == 0) {
            add_text_node(b, sec, DOC_NODE_SIGNATURE, e);
        }
    }
    if (sec->kind == DOC_KIND_PHOTOS && sec->children) {
        for (guint i = 0; i < sec->children->len; i++) {
            doc_node *n = g_ptr_array_index(sec->children, i);
            if (n->type == DOC_NODE_PHOTO && !n->text && n->level != -1)
                diag_error(b->d, n->loc, "photo '%s' has no caption; add 'caption:' on the line after it",
                           n->path);
        }
    }
    if (sec->kind == DOC_KIND_GOALS && sec->children) {
        for (guint i = 0; i < sec->children->len; i++) {
            doc_node *n = g_ptr_array_index(sec->children, i);
            if (n->type == DOC_NODE_GOAL && !n->children && n->level != -1)
                diag_error(b->d, n->loc, "goal has no 'text:'; add one on the line after it");
        }
    }
}

static doc_node *find_child(doc_node *sec, doc_node_type t)
{
    if (!sec->children)
        return NULL;
    for (guint i = 0; i < sec->children->len; i++) {
        doc_node *n = g_ptr_array_index(sec->children, i);
        if (n->type == t)
            return n;
    }
    return NULL;
}

static void insert_child(doc_node *sec, guint pos, doc_node *n)
{
    doc_node_append(sec, n);
    /* Move it from the end to 'pos'. */
    GPtrArray *c = sec->children;
    for (guint i = c->len - 1; i > pos; i--)
        c->pdata[i] = c->pdata[i - 1];
    c->pdata[pos] = n;
}

static doc_text *plain(builder *b, const char *s, diag_loc loc)
{
    return doc_text_new(b->doc, s, loc);
}

/* The overview rows that come from the metadata, and the closing page's
 * defaults. */
static void fill_defaults(builder *b, doc_node *sec)
{
    doc_meta *m = &b->doc->meta;
    if (sec->kind == DOC_KIND_OVERVIEW) {
        struct { const char *label; char *value; } rows[] = {
            { "旅した期間", m->period_start.year ? doc_period_format(m->period_start, m->period_end) : NULL },
            { "旅した職員", g_strdup(m->traveler) },
            { "旅した場所", g_strdup(m->place) },
        };
        guint pos = 0;
        for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
            if (!rows[i].value)
                continue;
            doc_node *f = doc_node_new(DOC_NODE_FACT, sec->loc);
            f->text = plain(b, rows[i].label, sec->loc);
            f->text2 = plain(b, rows[i].value, sec->loc);
            insert_child(sec, pos++, f);
            g_free(rows[i].value);
        }
    } else if (sec->kind == DOC_KIND_CLOSING) {
        if (!find_child(sec, DOC_NODE_TITLE)) {
            char *num = doc_number_label(m->number);
            char *t = g_strdup_printf("「%s」%s\n%s", m->series, num, m->place ? m->place : "");
            doc_node *n = doc_node_new(DOC_NODE_TITLE, sec->loc);
            n->text = plain(b, t, sec->loc);
            insert_child(sec, 0, n);
            g_free(num);
            g_free(t);
        }
        if (!find_child(sec, DOC_NODE_PARAGRAPH)) {
            doc_node *n = doc_node_new(DOC_NODE_PARAGRAPH, sec->loc);
            n->text = plain(b, "報告を終わります。", sec->loc);
            doc_node_append(sec, n);
        }
        if (!find_child(sec, DOC_NODE_SIGNATURE)) {
            char *t = m->organization ? g_strdup_printf("%s\n%s", m->organization, m->traveler ? m->traveler : "")
                                      : g_strdup(m->traveler ? m->traveler : "");
            doc_node *n = doc_node_new(DOC_NODE_SIGNATURE, sec->loc);
            n->text = plain(b, t, sec->loc);
            doc_node_append(sec, n);
            g_free(t);
        }
    }
}

doc *build_doc(const kv_file *f, diag_list *diags, unsigned flags)
{
    doc *dc = doc_new(f->name);
    dc->draft = (flags & BUILD_DRAFT) != 0;
    builder b = { dc, diags, flags, diag_file(diags, f->name), { NULL, 0, 0 }, false,
                  g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free) };
    dc->meta.series = doc_strdup(dc, "旅する公務員");
    bool held = (flags & BUILD_VERIFY_HOLD) && (flags & BUILD_VERIFY_LATER) && !(flags & BUILD_DRAFT);
    if ((flags & BUILD_CHECK_FILES) && (flags & BUILD_VERIFY_PHOTOS) && !held)
        build_verify_start(f, b.doc->dir);

    /* Split the entries into the metadata and one group per section. */
    GPtrArray *meta = g_ptr_array_new();
    GPtrArray *groups = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    GPtrArray *heads = g_ptr_array_new();
    GPtrArray *cur = meta;
    for (guint i = 0; i < f->entries->len; i++) {
        const kv_entry *e = g_ptr_array_index(f->entries, i);
        if (e->kind == KV_SECTION) {
            cur = g_ptr_array_new();
            g_ptr_array_add(groups, cur);
            g_ptr_array_add(heads, (gpointer)e);
        } else {
            g_ptr_array_add(cur, (gpointer)e);
        }
    }

    GPtrArray *ok = checked_entries(&b, DOC_KIND_NONE, NULL, meta);
    for (guint i = 0; i < ok->len; i++)
        meta_entry(&b, g_ptr_array_index(ok, i));
    g_ptr_array_unref(ok);
    if (!dc->meta.author)
        dc->meta.author = dc->meta.traveler;
    if (dc->meta.date.year && dc->meta.period_start.year &&
        doc_date_compare(dc->meta.date, dc->meta.period_start) < 0) {
        char *d = date_format_iso(dc->meta.date), *a = date_format_iso(dc->meta.period_start);
        diag_warning(diags, b.date_loc,
                     "the report's date %s is before the trip (which starts %s); check the 'date:' and 'period:' lines", d, a);
        g_free(d);
        g_free(a);
    }

    doc_node *title = doc_node_new(DOC_NODE_SECTION, (diag_loc){ b.file, 1, 1 });
    title->kind = DOC_KIND_TITLE;
    g_ptr_array_add(dc->sections, title);

    bool closed = false;
    for (guint s = 0; s < heads->len; s++) {
        const kv_entry *h = g_ptr_array_index(heads, s);
        doc_kind kind = doc_kind_from_name(h->key);
        if (kind == DOC_KIND_TITLE) {
            diag_error(diags, h->loc, "the title page is made from the metadata; remove '[%s]'", h->raw_key);
            continue;
        }
        if (kind == DOC_KIND_NONE) {
            const char *sug = diag_suggest(h->key, kind_list);
            if (sug)
                diag_error(diags, h->loc, "unknown page kind '[%s]' (did you mean '[%s]'?)", h->raw_key, sug);
            else
                diag_error(diags, h->loc,
                           "unknown page kind '[%s]'; the kinds are [goals] [overview] [bullets] [facts] [schedule] [text] [photos] [closing]",
                           h->raw_key);
            continue;
        }
        if (closed) {
            diag_error(diags, h->loc, "'[%s]' after '[closing]'; the closing page is the last page", h->raw_key);
        }
        if (kind == DOC_KIND_CLOSING)
            closed = true;
        doc_node *sec = doc_node_new(DOC_NODE_SECTION, h->loc);
        sec->kind = kind;
        GPtrArray *checked = checked_entries(&b, kind, h, g_ptr_array_index(groups, s));
        build_section(&b, sec, checked);
        g_ptr_array_unref(checked);
        fill_defaults(&b, sec);
        g_ptr_array_add(dc->sections, sec);
    }
    if (heads->len == 0)
        diag_error(diags, (diag_loc){ b.file, 0, 0 },
                   "no pages: add at least one '[kind]' section, such as '[text]' (see docs/trip-format.md)");

    g_ptr_array_unref(meta);
    g_ptr_array_unref(groups);
    g_ptr_array_unref(heads);
    g_hash_table_unref(b.verified);
    return dc;
}
