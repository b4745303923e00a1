/* pdfresources: walks the page tree of a PDF cairo 1.16 wrote, and the
 * resources of its pages, forms and patterns, and adds to an update a new
 * version of each dictionary that has a key twice, without the repeats. */
#include "pdfresources.h"

#include <string.h>

/* The first bytes of a form or pattern read to find its /Resources: cairo
 * writes their dictionaries in a few hundred bytes. */
#define HEAD_READ 4096

/* The dictionaries a resource dictionary lists streams in that can have
 * resources of their own. */
static const char *const WITH_RESOURCES[] = { "XObject", "Pattern" };

/*** Dropping repeated keys ***/

static bool dedupe_at(GString *out, const guint8 *b, size_t s, size_t e, int depth)
{
    GArray *d = g_array_new(FALSE, FALSE, sizeof(pdfsyntax_entry));
    size_t i = s;
    if (depth > 8 || e - s < 4 || pdfsyntax_dict_parse(b, e, &i, d) != PDFSYNTAX_OK || i != e) {
        g_string_append_len(out, (const char *)b + s, (gssize)(e - s));
        g_array_unref(d);
        return false;
    }
    GHashTable *keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    bool dropped = false;
    size_t pos = s, prev_end = s + 2;
    for (guint j = 0; j < d->len; j++) {
        const pdfsyntax_entry *en = &g_array_index(d, pdfsyntax_entry, j);
        char *key = g_strndup((const char *)b + en->k, en->k_end - en->k);
        if (!g_hash_table_add(keys, key)) {
            /* A repeat: drop it and the white space before it. */
            g_string_append_len(out, (const char *)b + pos, (gssize)(prev_end - pos));
            pos = en->v_end;
            dropped = true;
        } else if (en->v_end - en->v >= 2 && b[en->v] == '<' && b[en->v + 1] == '<') {
            g_string_append_len(out, (const char *)b + pos, (gssize)(en->v - pos));
            dropped |= dedupe_at(out, b, en->v, en->v_end, depth + 1);
            pos = en->v_end;
        }
        prev_end = en->v_end;
    }
    g_string_append_len(out, (const char *)b + pos, (gssize)(e - pos));
    g_hash_table_unref(keys);
    g_array_unref(d);
    return dropped;
}

bool pdfresources_dict_dedupe(GString *out, const guint8 *b, size_t s, size_t e)
{
    return dedupe_at(out, b, s, e, 0);
}

/* Adds a new version of the dictionary object 'o' without its repeated
 * keys, if it has any. */
static void add_deduped(pdfupdate *u, const pdfread_obj *o)
{
    GString *d = g_string_new(NULL);
    if (pdfresources_dict_dedupe(d, o->buf, o->v, o->v_end))
        pdfupdate_add(u, o->num, o->gen, d->str);
    g_string_free(d, TRUE);
}

/*** The walk ***/

/* What is still to visit: page tree nodes and resource dictionaries, each
 * object once. */
typedef struct walk {
    pdfread_file *f;
    pdfupdate *u;
    GArray *nodes;     /* pdfread_ref: page tree nodes to visit */
    GArray *resources; /* pdfread_ref: resource dictionaries to visit */
    GHashTable *seen;  /* object numbers queued */
} walk;

static void queue(walk *w, GArray *to, pdfread_ref r)
{
    if (g_hash_table_add(w->seen, GINT_TO_POINTER((gint)r.num)))
        g_array_append_val(to, r);
}

/* Queues the resources of the stream 'x' names (a form or a pattern), when
 * they are an indirect object, as cairo writes them. */
static bool queue_stream_resources(walk *w, pdfread_ref r)
{
    const pdfread_xref *x = pdfread_file_find(w->f, r.num);
    if (!x || !x->in_use || x->gen != r.gen)
        return pdfread_damaged(w->f, "object %" G_GINT64_FORMAT " is missing", r.num);
    pdfread_obj o;
    if (!pdfread_file_peek(w->f, x, HEAD_READ, &o))
        return false;
    const pdfsyntax_entry *res = o.dict ? pdfsyntax_dict_get(o.dict, o.buf, "Resources") : NULL;
    pdfread_ref rr;
    if (res && pdfsyntax_value_ref(o.buf, res->v, res->v_end, &rr.num, &rr.gen))
        queue(w, w->resources, rr);
    pdfread_obj_clear(&o);
    return true;
}

/* Queues the resources of the forms and patterns the resource dictionary
 * 'o' lists. */
static bool queue_used(walk *w, const guint8 *b, size_t s, size_t e)
{
    GArray *d = g_array_new(FALSE, FALSE, sizeof(pdfsyntax_entry));
    GArray *sub = g_array_new(FALSE, FALSE, sizeof(pdfsyntax_entry));
    size_t i = s;
    bool ok = e - s >= 2 && b[s] == '<' && pdfsyntax_dict_parse(b, e, &i, d) == PDFSYNTAX_OK;
    for (guint k = 0; ok && k < G_N_ELEMENTS(WITH_RESOURCES); k++) {
        const pdfsyntax_entry *c = pdfsyntax_dict_get(d, b, WITH_RESOURCES[k]);
        size_t j = c ? c->v : 0;
        if (!c || c->v_end - c->v < 2 || b[c->v] != '<' || pdfsyntax_dict_parse(b, c->v_end, &j, sub) != PDFSYNTAX_OK)
            continue; /* none, or not a direct dictionary: cairo writes them direct */
        for (guint n = 0; ok && n < sub->len; n++) {
            const pdfsyntax_entry *en = &g_array_index(sub, pdfsyntax_entry, n);
            pdfread_ref r;
            if (pdfsyntax_value_ref(b, en->v, en->v_end, &r.num, &r.gen) &&
                !g_hash_table_contains(w->seen, GINT_TO_POINTER((gint)r.num))) {
                g_hash_table_add(w->seen, GINT_TO_POINTER((gint)r.num));
                ok = queue_stream_resources(w, r);
            }
        }
    }
    g_array_unref(sub);
    g_array_unref(d);
    return ok;
}

/* Visits one page tree node: queues its kids and its resources. */
static bool visit_node(walk *w, pdfread_ref r)
{
    pdfread_obj o;
    if (!pdfread_file_load(w->f, r, &o))
        return false;
    if (!o.dict) {
        pdfread_obj_clear(&o);
        return pdfread_damaged(w->f, "its page tree is damaged");
    }
    bool ok = true;
    const pdfsyntax_entry *kids = pdfsyntax_dict_get(o.dict, o.buf, "Kids");
    if (kids && o.buf[kids->v] == '[') {
        size_t i = kids->v + 1;
        for (;;) {
            pdfsyntax_skip_ws(o.buf, kids->v_end, &i);
            if (i >= kids->v_end || o.buf[i] == ']')
                break;
            size_t v = i;
            pdfread_ref k;
            if (pdfsyntax_skip_value(o.buf, kids->v_end, &i, 1) != PDFSYNTAX_OK ||
                !pdfsyntax_value_ref(o.buf, v, i, &k.num, &k.gen)) {
                ok = pdfread_damaged(w->f, "its page tree is damaged");
                break;
            }
            queue(w, w->nodes, k);
        }
    }
    const pdfsyntax_entry *res = pdfsyntax_dict_get(o.dict, o.buf, "Resources");
    pdfread_ref rr;
    if (ok && res) {
        if (pdfsyntax_value_ref(o.buf, res->v, res->v_end, &rr.num, &rr.gen))
            queue(w, w->resources, rr);
        else
            ok = queue_used(w, o.buf, res->v, res->v_end);
    }
    if (ok)
        add_deduped(w->u, &o); /* direct resources of the node itself */
    pdfread_obj_clear(&o);
    return ok;
}

/* Visits one resource dictionary object: its repeats dropped, the
 * resources of what it uses queued. */
static bool visit_resources(walk *w, pdfread_ref r)
{
    pdfread_obj o;
    if (!pdfread_file_load(w->f, r, &o))
        return false;
    if (!o.dict) {
        pdfread_obj_clear(&o);
        return pdfread_damaged(w->f, "object %" G_GINT64_FORMAT " is not a resource dictionary", r.num);
    }
    bool ok = queue_used(w, o.buf, o.v, o.v_end);
    if (ok)
        add_deduped(w->u, &o);
    pdfread_obj_clear(&o);
    return ok;
}

bool pdfresources_dedupe(pdfread_file *f, pdfupdate *u)
{
    pdfread_obj cat;
    if (!pdfread_file_load(f, f->root, &cat))
        return false;
    const pdfsyntax_entry *pages = cat.dict ? pdfsyntax_dict_get(cat.dict, cat.buf, "Pages") : NULL;
    pdfread_ref root;
    bool has_pages = pages && pdfsyntax_value_ref(cat.buf, pages->v, pages->v_end, &root.num, &root.gen);
    pdfread_obj_clear(&cat);
    if (!has_pages)
        return true; /* no page, no resources */

    walk w = { f, u, g_array_new(FALSE, FALSE, sizeof(pdfread_ref)), g_array_new(FALSE, FALSE, sizeof(pdfread_ref)),
               g_hash_table_new(g_direct_hash, g_direct_equal) };
    queue(&w, w.nodes, root);
    bool ok = true;
    while (ok && (w.nodes->len > 0 || w.resources->len > 0)) {
        GArray *from = w.nodes->len > 0 ? w.nodes : w.resources;
        pdfread_ref r = g_array_index(from, pdfread_ref, from->len - 1);
        g_array_set_size(from, from->len - 1);
        ok = from == w.nodes ? visit_node(&w, r) : visit_resources(&w, r);
    }
    g_hash_table_unref(w.seen);
    g_array_unref(w.resources);
    g_array_unref(w.nodes);
    return ok;
}
