/* pdfamend: reads the catalog, the structure tree and the Info dictionary
 * of a PDF and adds to an update new versions of them with /Lang, each
 * Figure's /Alt and "D:" dates: copies of the old text, keys edited. */
#include "pdfamend.h"

#include <string.h>

/*** Editing a dictionary's text ***/

/* A key to set in a dictionary; 'val' NULL: no change. */
typedef struct edit {
    const char *key; /* without the '/' */
    const char *val; /* the value's PDF text */
} edit;

/* Appends the dictionary b[s, e) ("<<" to ">>") to 'out' with 'edits'
 * applied: a key present gets the new value in place of the old one (every
 * occurrence), a key absent is added before the closing ">>", on a line of
 * its own indented as cairo does when the dictionary is written in lines,
 * else followed by a space. Everything else is copied byte for byte. */
static void dict_edit(GString *out, const guint8 *b, size_t s, size_t e, const GArray *d, const edit *edits,
                      int n_edits)
{
    bool done[8] = { false };
    g_assert(n_edits <= (int)G_N_ELEMENTS(done));
    size_t pos = s;
    for (guint i = 0; i < d->len; i++) {
        const pdfsyntax_entry *en = &g_array_index(d, pdfsyntax_entry, i);
        for (int k = 0; k < n_edits; k++) {
            size_t len = strlen(edits[k].key);
            if (!edits[k].val || en->k_end - en->k != len + 1 || memcmp(b + en->k + 1, edits[k].key, len) != 0)
                continue;
            g_string_append_len(out, (const char *)b + pos, (gssize)(en->v - pos));
            g_string_append(out, edits[k].val);
            pos = en->v_end;
            done[k] = true;
            break;
        }
    }
    size_t close = e - 2;
    g_string_append_len(out, (const char *)b + pos, (gssize)(close - pos));
    bool lines = close > s + 2 && b[close - 1] == '\n';
    bool space = close > s + 2 && pdfsyntax_is_ws(b[close - 1]);
    for (int k = 0; k < n_edits; k++) {
        if (!edits[k].val || done[k])
            continue;
        g_string_append_printf(out, lines ? "   /%s %s\n" : space ? "/%s %s " : " /%s %s ", edits[k].key, edits[k].val);
        space = true;
    }
    g_string_append(out, ">>");
}

/* Adds a new version of 'o' with 'edits' applied, if that changes it. */
static void add_edited(pdfupdate *u, const pdfread_obj *o, const edit *edits, int n_edits)
{
    GString *d = g_string_new(NULL);
    dict_edit(d, o->buf, o->v, o->v_end, o->dict, edits, n_edits);
    if (d->len != o->v_end - o->v || memcmp(d->str, o->buf + o->v, d->len) != 0)
        pdfupdate_add(u, o->num, o->gen, d->str);
    g_string_free(d, TRUE);
}

/*** PDF strings ***/

/* Appends 's' as a literal string "(...)" with \ ( ) escaped and bytes
 * outside printable ASCII written as octal escapes. */
static void append_literal(GString *out, const char *s)
{
    g_string_append_c(out, '(');
    for (const guint8 *p = (const guint8 *)s; *p; p++) {
        if (*p == '\\' || *p == '(' || *p == ')')
            g_string_append_printf(out, "\\%c", *p);
        else if (*p < 0x20 || *p > 0x7e)
            g_string_append_printf(out, "\\%03o", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    g_string_append_c(out, ')');
}

/* Appends UTF-8 's' as a text string in UTF-16BE with a BOM, written as a
 * hex string "<FEFF...>" (hex strings need no escaping). */
static void append_utf16_hex(GString *out, const char *s)
{
    glong n = 0;
    gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &n, NULL);
    g_string_append(out, "<FEFF");
    for (glong i = 0; u && i < n; i++)
        g_string_append_printf(out, "%04X", (unsigned)u[i]);
    g_string_append_c(out, '>');
    g_free(u);
}

/* Appends 's' as a text string: literal when it is printable ASCII (as
 * "(ja)"), UTF-16BE hex otherwise. */
static void append_text(GString *out, const char *s)
{
    for (const guint8 *p = (const guint8 *)s; *p; p++)
        if (*p < 0x20 || *p > 0x7e) {
            append_utf16_hex(out, s);
            return;
        }
    append_literal(out, s);
}

/*** Figures ***/

/* Appends the structure elements the /K value b[s, e) refers to, in order;
 * false (f->error set) for a direct Figure element, which cannot be amended. */
static bool collect_kids(pdfread_file *f, const guint8 *b, size_t s, size_t e, GArray *kids)
{
    pdfread_ref r;
    if (s >= e)
        return true;
    if (pdfsyntax_value_ref(b, s, e, &r.num, &r.gen)) {
        g_array_append_val(kids, r);
        return true;
    }
    if (b[s] == '<' && e - s >= 2 && b[s + 1] == '<') {
        GArray *d = g_array_new(FALSE, FALSE, sizeof(pdfsyntax_entry));
        size_t i = s;
        bool figure = false;
        if (pdfsyntax_dict_parse(b, e, &i, d) == PDFSYNTAX_OK) {
            const pdfsyntax_entry *st = pdfsyntax_dict_get(d, b, "S");
            figure = st && pdfsyntax_value_is_name(b, st->v, st->v_end, "Figure");
        }
        g_array_unref(d);
        if (figure)
            return pdfread_fail(f, PDFPOST_ERROR_FORMAT,
                                "has a Figure structure element that is not an indirect object");
        return true; /* a marked-content or object reference, or a leaf element */
    }
    if (b[s] != '[')
        return true; /* a marked-content id */
    size_t i = s + 1;
    for (;;) {
        pdfsyntax_skip_ws(b, e, &i);
        if (i >= e || b[i] == ']')
            return true;
        size_t v = i;
        if (pdfsyntax_skip_value(b, e, &i, 1) != PDFSYNTAX_OK)
            return pdfread_damaged(f, "its structure tree is damaged");
        if (!collect_kids(f, b, v, i, kids))
            return false;
    }
}

/* Pushes the 'kids' not yet visited on 'stack', the first on top. The
 * stack needs no limit of its own: each push is a reference "n g R" (5
 * bytes at least) in an element visited once, and pdfread reads elements
 * only within their own bytes of the file, so the pushes are fewer than
 * the file's bytes / 5. */
static void push_kids(GArray *stack, const GArray *kids, GHashTable *seen)
{
    for (guint j = kids->len; j-- > 0;) {
        pdfread_ref r = g_array_index(kids, pdfread_ref, j);
        if (!g_hash_table_contains(seen, GINT_TO_POINTER((int)r.num)))
            g_array_append_val(stack, r);
    }
}

/* Reads the /K of the structure tree root 'v' (a value in 'b': an indirect
 * dictionary, as cairo writes it, or a direct one) into 'kids'. */
static bool root_kids(pdfread_file *f, const guint8 *b, size_t s, size_t e, GArray *kids)
{
    pdfread_obj root = { 0 };
    pdfread_ref r;
    if (pdfsyntax_value_ref(b, s, e, &r.num, &r.gen)) {
        if (!pdfread_file_load(f, r, &root))
            return false;
        b = root.buf;
        s = root.v;
        e = root.v_end;
    }
    GArray *d = g_array_new(FALSE, FALSE, sizeof(pdfsyntax_entry));
    size_t i = s;
    bool ok = e - s >= 2 && b[s] == '<' && b[s + 1] == '<' && pdfsyntax_dict_parse(b, e, &i, d) == PDFSYNTAX_OK;
    const pdfsyntax_entry *k = ok ? pdfsyntax_dict_get(d, b, "K") : NULL;
    ok = ok && (!k || collect_kids(f, b, k->v, k->v_end, kids));
    g_array_unref(d);
    pdfread_obj_clear(&root);
    return ok || pdfread_damaged(f, "its structure tree root is damaged");
}

/* Walks the structure tree from the /StructTreeRoot value b[s, e) of the
 * catalog, depth-first in document order, counting the Figure elements and
 * adding new versions of them with /Alt (while 'alts' has one). */
static bool walk_figures(pdfread_file *f, const guint8 *b, size_t s, size_t e, const char *const *alts,
                         int n_alts, pdfupdate *u, int *n_figures)
{
    bool ok = false;
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(pdfread_ref));
    GArray *kids = g_array_new(FALSE, FALSE, sizeof(pdfread_ref));
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    *n_figures = 0;
    if (!root_kids(f, b, s, e, kids))
        goto out;
    push_kids(stack, kids, seen);

    while (stack->len > 0) {
        pdfread_ref r = g_array_index(stack, pdfread_ref, stack->len - 1);
        g_array_set_size(stack, stack->len - 1);
        if (!g_hash_table_add(seen, GINT_TO_POINTER((int)r.num)))
            continue; /* a loop or a shared kid: visit each element once */
        pdfread_obj o;
        if (!pdfread_file_load(f, r, &o))
            goto out;
        if (!o.dict) {
            pdfread_obj_clear(&o);
            pdfread_damaged(f, "its structure tree is damaged");
            goto out;
        }
        const pdfsyntax_entry *t = pdfsyntax_dict_get(o.dict, o.buf, "Type");
        const pdfsyntax_entry *st = pdfsyntax_dict_get(o.dict, o.buf, "S");
        if ((t && (pdfsyntax_value_is_name(o.buf, t->v, t->v_end, "MCR") ||
                   pdfsyntax_value_is_name(o.buf, t->v, t->v_end, "OBJR"))) ||
            !st) {
            pdfread_obj_clear(&o);
            continue;
        }
        if (pdfsyntax_value_is_name(o.buf, st->v, st->v_end, "Figure")) {
            int idx = (*n_figures)++;
            if (idx < n_alts && alts && alts[idx]) {
                GString *alt = g_string_new(NULL);
                append_utf16_hex(alt, alts[idx]);
                edit ed = { "Alt", alt->str };
                add_edited(u, &o, &ed, 1);
                g_string_free(alt, TRUE);
            }
        }
        const pdfsyntax_entry *kk = pdfsyntax_dict_get(o.dict, o.buf, "K");
        g_array_set_size(kids, 0);
        bool kok = !kk || collect_kids(f, o.buf, kk->v, kk->v_end, kids);
        pdfread_obj_clear(&o);
        if (!kok)
            goto out;
        push_kids(stack, kids, seen);
    }
    ok = true;
out:
    g_hash_table_unref(seen);
    g_array_unref(kids);
    g_array_unref(stack);
    return ok;
}

/*** The catalog ***/

bool pdfamend_catalog(pdfread_file *f, const char *lang, const char *const *alts, int n_alts, pdfupdate *u)
{
    pdfread_obj cat;
    if (!pdfread_file_load(f, f->root, &cat))
        return false;
    bool ok = false;
    const pdfsyntax_entry *ct = cat.dict ? pdfsyntax_dict_get(cat.dict, cat.buf, "Type") : NULL;
    if (!ct || !pdfsyntax_value_is_name(cat.buf, ct->v, ct->v_end, "Catalog")) {
        pdfread_damaged(f, "its /Root is not a catalog");
        goto out;
    }
    if (n_alts >= 0) {
        const pdfsyntax_entry *str = pdfsyntax_dict_get(cat.dict, cat.buf, "StructTreeRoot");
        int n_figures = 0;
        if (str && !walk_figures(f, cat.buf, str->v, str->v_end, alts, n_alts, u, &n_figures))
            goto out;
        if (n_figures != n_alts) {
            pdfread_fail(f, PDFPOST_ERROR_COUNT,
                         "has %d Figure element%s in its structure tree but %d alternate text%s", n_figures,
                         n_figures == 1 ? "" : "s", n_alts, n_alts == 1 ? " was given" : "s were given");
            goto out;
        }
    }
    if (lang) {
        GString *v = g_string_new(NULL);
        append_text(v, lang);
        edit ed = { "Lang", v->str };
        add_edited(u, &cat, &ed, 1);
        g_string_free(v, TRUE);
    }
    ok = true;
out:
    pdfread_obj_clear(&cat);
    return ok;
}

/*** The Info dictionary ***/

/* The Info value for a date entry: "(D:...)" for cairo's "(2024...)". */
static char *prefixed_date(const pdfread_obj *o, const char *key)
{
    const pdfsyntax_entry *e = pdfsyntax_dict_get(o->dict, o->buf, key);
    if (!e || e->v_end - e->v < 3 || o->buf[e->v] != '(' || !g_ascii_isdigit(o->buf[e->v + 1]))
        return NULL;
    return g_strdup_printf("(D:%.*s", (int)(e->v_end - e->v - 1), (const char *)o->buf + e->v + 1);
}

bool pdfamend_info(pdfread_file *f, bool fix_dates, const char *mod_date, pdfupdate *u)
{
    if (!fix_dates && !mod_date)
        return true;
    GString *mod = NULL;
    if (mod_date) {
        mod = g_string_new(NULL);
        append_literal(mod, mod_date);
    }
    bool ok = false;
    if (f->info.num > 0) {
        pdfread_obj o;
        if (!pdfread_file_load(f, f->info, &o))
            goto out;
        if (!o.dict) {
            pdfread_obj_clear(&o);
            pdfread_damaged(f, "its Info is not a dictionary");
            goto out;
        }
        char *cd = fix_dates ? prefixed_date(&o, "CreationDate") : NULL;
        char *md = mod ? g_strdup(mod->str) : fix_dates ? prefixed_date(&o, "ModDate") : NULL;
        edit eds[2] = { { "CreationDate", cd }, { "ModDate", md } };
        add_edited(u, &o, eds, 2);
        g_free(cd);
        g_free(md);
        pdfread_obj_clear(&o);
    } else if (mod) {
        const pdfread_xref *x = pdfread_file_find(f, u->size);
        if (u->size > PDFSYNTAX_MAX_OBJ_NUM || (x && x->in_use)) {
            pdfread_damaged(f, "its trailer's /Size is too small");
            goto out;
        }
        u->info = u->size++;
        char *v = g_strdup_printf("<< /ModDate %s >>", mod->str);
        pdfupdate_add(u, u->info, 0, v);
        g_free(v);
    }
    ok = true;
out:
    if (mod)
        g_string_free(mod, TRUE);
    return ok;
}
