/* doc: model allocation, names and date formatting. */
#include "doc.h"

#include "date.h"

#include <string.h>

static void text_free(gpointer p)
{
    doc_text *t = p;
    if (t->spans)
        g_array_unref(t->spans);
    g_free(t);
}

doc *doc_new(const char *file)
{
    doc *d = g_new0(doc, 1);
    d->strings = g_string_chunk_new(4096);
    d->file = file ? file : "";
    char *dir = g_path_get_dirname(d->file);
    d->dir = g_string_chunk_insert(d->strings, dir);
    g_free(dir);
    d->sections = g_ptr_array_new_with_free_func((GDestroyNotify)doc_node_free);
    d->texts = g_ptr_array_new_with_free_func(text_free);
    return d;
}

void doc_free(doc *d)
{
    if (!d)
        return;
    g_ptr_array_unref(d->sections);
    g_ptr_array_unref(d->texts);
    if (d->verify_later)
        g_array_unref(d->verify_later);
    g_string_chunk_free(d->strings);
    g_free(d);
}

const char *doc_strdup(doc *d, const char *s)
{
    return s ? g_string_chunk_insert(d->strings, s) : NULL;
}

doc_text *doc_text_new(doc *d, const char *str, diag_loc loc)
{
    doc_text *t = g_new0(doc_text, 1);
    /* A tab in a text prints as a space: Pango would set it at a tab stop,
     * a width no line can break (a run of them ran off the page). Same
     * byte length, so span offsets stay. */
    char *copy = g_strdup(str ? str : "");
    g_strdelimit(copy, "\t", ' ');
    t->str = doc_strdup(d, copy);
    g_free(copy);
    t->spans = g_array_new(FALSE, TRUE, sizeof(doc_span));
    t->loc = loc;
    g_ptr_array_add(d->texts, t);
    return t;
}

doc_node *doc_node_new(doc_node_type type, diag_loc loc)
{
    doc_node *n = g_new0(doc_node, 1);
    n->type = type;
    n->loc = loc;
    n->path_loc = loc;
    n->fit = DOC_FIT_CONTAIN;
    return n;
}

void doc_node_append(doc_node *parent, doc_node *child)
{
    if (!parent->children)
        parent->children = g_ptr_array_new_with_free_func((GDestroyNotify)doc_node_free);
    g_ptr_array_add(parent->children, child);
}

void doc_node_free(doc_node *n)
{
    if (!n)
        return;
    /* Trees are at most four levels deep (section > list > item), so
     * recursion through the arrays' free functions is bounded. */
    if (n->children)
        g_ptr_array_unref(n->children);
    if (n->cells)
        g_ptr_array_unref(n->cells);
    g_free(n);
}

static const char *const kind_names[] = {
    [DOC_KIND_NONE] = NULL,          [DOC_KIND_TITLE] = "title",
    [DOC_KIND_GOALS] = "goals",      [DOC_KIND_OVERVIEW] = "overview",
    [DOC_KIND_BULLETS] = "bullets",  [DOC_KIND_FACTS] = "facts",
    [DOC_KIND_SCHEDULE] = "schedule", [DOC_KIND_TEXT] = "text",
    [DOC_KIND_PHOTOS] = "photos",    [DOC_KIND_CLOSING] = "closing",
};

const char *doc_kind_name(doc_kind k)
{
    if ((unsigned)k >= G_N_ELEMENTS(kind_names))
        return NULL;
    return kind_names[k];
}

doc_kind doc_kind_from_name(const char *name)
{
    for (unsigned k = 1; k < G_N_ELEMENTS(kind_names); k++)
        if (kind_names[k] && strcmp(kind_names[k], name) == 0)
            return (doc_kind)k;
    return DOC_KIND_NONE;
}

char *doc_number_label(int number)
{
    return g_strdup_printf("第%d弾", number);
}

int doc_date_weekday(doc_date dt)
{
    if (!g_date_valid_dmy((GDateDay)dt.day, (GDateMonth)dt.month, (GDateYear)dt.year))
        return -1;
    GDate g;
    g_date_clear(&g, 1);
    g_date_set_dmy(&g, (GDateDay)dt.day, (GDateMonth)dt.month, (GDateYear)dt.year);
    return g_date_get_weekday(&g) % 7; /* GLib: Monday = 1 … Sunday = 7 */
}

static const char *const weekday_ja[] = { "日", "月", "火", "水", "木", "金", "土" };

char *doc_date_format_long(doc_date dt)
{
    int w = doc_date_weekday(dt);
    if (w < 0)
        return g_strdup("");
    return g_strdup_printf("%d年%d月%d日（%s）", dt.year, dt.month, dt.day, weekday_ja[w]);
}

char *doc_date_format_short(doc_date dt)
{
    int w = doc_date_weekday(dt);
    if (w < 0)
        return g_strdup("");
    return g_strdup_printf("%d/%d (%s)", dt.month, dt.day, weekday_ja[w]);
}

char *doc_period_format(doc_date start, doc_date end)
{
    char *a = doc_date_format_long(start);
    if (doc_date_compare(start, end) == 0)
        return a;
    char *b = doc_date_format_long(end);
    char *s = g_strconcat(a, "～", b, NULL);
    g_free(a);
    g_free(b);
    return s;
}

int doc_date_compare(doc_date a, doc_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

bool doc_date_parse(const char *s, doc_date *out)
{
    return date_parse(s, out); /* every form people write: date.c */
}
