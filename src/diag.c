/* diag: collects positioned diagnostics and prints them compiler-style,
 * each in the user's language (the format is translated as it is added). */
#include "diag.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void msg_free(gpointer p)
{
    diag_msg *m = p;
    g_free(m->text);
    g_free(m);
}

diag_list *diag_list_new(void)
{
    diag_list *d = g_new0(diag_list, 1);
    d->msgs = g_ptr_array_new_with_free_func(msg_free);
    d->files = g_string_chunk_new(256);
    return d;
}

void diag_list_free(diag_list *d)
{
    if (!d)
        return;
    g_ptr_array_unref(d->msgs);
    g_string_chunk_free(d->files);
    g_free(d);
}

const char *diag_file(diag_list *d, const char *name)
{
    return g_string_chunk_insert_const(d->files, name ? name : "");
}

static void add(diag_list *d, diag_severity sev, diag_loc loc, const char *fmt, va_list ap)
{
    diag_msg *m = g_new0(diag_msg, 1);
    m->severity = sev;
    m->loc = loc;
    m->text = g_strdup_vprintf(_(fmt), ap);
    g_ptr_array_add(d->msgs, m);
    if (sev == DIAG_ERROR)
        d->errors++;
    else if (sev == DIAG_WARNING)
        d->warnings++;
}

void diag_error(diag_list *d, diag_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, DIAG_ERROR, loc, fmt, ap);
    va_end(ap);
}

void diag_warning(diag_list *d, diag_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, DIAG_WARNING, loc, fmt, ap);
    va_end(ap);
}

void diag_note(diag_list *d, diag_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, DIAG_NOTE, loc, fmt, ap);
    va_end(ap);
}

char *diag_format(const diag_msg *m)
{
    const char *sev = m->severity == DIAG_ERROR ? _("error") : m->severity == DIAG_WARNING ? _("warning") : _("note");
    const char *file = m->loc.file ? m->loc.file : "tripreport";
    if (m->loc.line > 0 && m->loc.col > 0)
        return g_strdup_printf("%s:%d:%d: %s: %s", file, m->loc.line, m->loc.col, sev, m->text);
    if (m->loc.line > 0)
        return g_strdup_printf("%s:%d: %s: %s", file, m->loc.line, sev, m->text);
    return g_strdup_printf("%s: %s: %s", file, sev, m->text);
}

typedef struct ordered {
    const diag_msg *m;
    int file_rank; /* order in which its file first appeared */
    guint seq;     /* order in which it was added */
} ordered;

static int cmp_ordered(const void *a, const void *b)
{
    const ordered *x = a, *y = b;
    if (x->file_rank != y->file_rank)
        return x->file_rank < y->file_rank ? -1 : 1;
    if (x->m->loc.line != y->m->loc.line)
        return x->m->loc.line < y->m->loc.line ? -1 : 1;
    if (x->m->loc.col != y->m->loc.col)
        return x->m->loc.col < y->m->loc.col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diag_print(const diag_list *d, FILE *out, int cap)
{
    /* In file order, as an editor shows them: messages are found stage by
     * stage, not line by line. */
    guint n = d->msgs->len;
    ordered *o = g_new0(ordered, n > 0 ? n : 1);
    GPtrArray *files = g_ptr_array_new();
    for (guint i = 0; i < n; i++) {
        const diag_msg *m = g_ptr_array_index(d->msgs, i);
        guint rank;
        if (!g_ptr_array_find(files, m->loc.file, &rank)) {
            g_ptr_array_add(files, (gpointer)m->loc.file);
            rank = files->len - 1;
        }
        o[i] = (ordered){ m, (int)rank, i };
    }
    g_ptr_array_unref(files);
    qsort(o, n, sizeof(ordered), cmp_ordered);
    guint shown = (cap > 0 && n > (guint)cap) ? (guint)cap : n;
    for (guint i = 0; i < shown; i++) {
        char *s = diag_format(o[i].m);
        fprintf(out, "%s\n", s);
        g_free(s);
    }
    if (shown < n)
        fprintf(out, _("tripreport: %u more messages not shown (%d error%s, %d warning%s in all)\n"), n - shown,
                d->errors, d->errors == 1 ? "" : "s", d->warnings, d->warnings == 1 ? "" : "s");
    g_free(o);
}

int diag_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    int prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            cur[j] = v;
        }
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return prev[lb];
}

const char *diag_suggest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    int best_d = 99;
    size_t len = strlen(word);
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    for (const char *const *c = candidates; *c; c++) {
        int dist = diag_distance(word, *c);
        if (dist < best_d) {
            best_d = dist;
            best = *c;
        }
    }
    return best_d <= limit ? best : NULL;
}
