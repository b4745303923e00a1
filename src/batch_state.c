/* batch_state: consumes and produces batch's tables (.tripreport-state,
 * .tripreport-files) as sorted "key\tvalue" lines, escaped so that a name
 * with a tab or a newline is one entry, and the journal of the reports
 * finished since ("M|S|D\tkey[\tvalue]" lines, appended one report at a
 * time). */
#include "batch_state.h"
#include "i18n.h"

#include "infile.h"
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 's' with '\\', '\t', '\n', '\r' escaped (other bytes as they are). */
static void append_escaped(GString *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\': g_string_append(out, "\\\\"); break;
        case '\t': g_string_append(out, "\\t"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        default: g_string_append_c(out, *s); break;
        }
    }
}

/* The 'len' bytes at 's', unescaped. Caller frees. */
static char *unescape(const char *s, gsize len)
{
    GString *out = g_string_sized_new(len);
    for (gsize i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '\\' && i + 1 < len) {
            char e = s[++i];
            ch = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
        }
        g_string_append_c(out, ch);
    }
    return g_string_free(out, FALSE);
}

GHashTable *batch_table_read(const char *path)
{
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    char *text = NULL;
    gsize len = 0;
    if (!infile_read(path, INFILE_STATE, &text, &len, NULL))
        return t;
    char **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        char *tab = strchr(lines[i], '\t');
        if (tab)
            g_hash_table_insert(t, unescape(lines[i], (gsize)(tab - lines[i])), unescape(tab + 1, strlen(tab + 1)));
    }
    g_strfreev(lines);
    g_free(text);
    return t;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool batch_table_write(const char *path, GHashTable *t)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(keys, k);
    g_ptr_array_sort(keys, cmp_str);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < keys->len; i++) {
        const char *key = g_ptr_array_index(keys, i);
        append_escaped(s, key);
        g_string_append_c(s, '\t');
        append_escaped(s, g_hash_table_lookup(t, key));
        g_string_append_c(s, '\n');
    }
    GError *err = NULL;
    bool ok = outfile_write_all(path, s->str, s->len, &err);
    if (!ok) {
        /* Only costs a re-render next time. */
        g_printerr("%s: %s: %s\n", path, _("warning"), err->message);
        g_error_free(err);
    }
    g_string_free(s, TRUE);
    g_ptr_array_unref(keys);
    return ok;
}

char *batch_pdf_stamp(const char *digest, const char *pdf)
{
    GStatBuf sb;
    if (g_stat(pdf, &sb) != 0)
        return NULL;
    return g_strdup_printf("%s %lld %lld.%09ld", digest, (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
                           sb.st_mtim.tv_nsec);
}

/*** The journal ***/

/* Applies the whole lines of the journal 'text' to the tables. */
static void replay(const char *text, gsize len, GHashTable *state, GHashTable *memo)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break; /* cut short by a kill: not a record */
        const char *tab = memchr(p, '\t', (size_t)(nl - p));
        if (tab && tab == p + 1) {
            const char *key = tab + 1;
            const char *tab2 = memchr(key, '\t', (size_t)(nl - key));
            char *k = unescape(key, (gsize)((tab2 ? tab2 : nl) - key));
            char *v = tab2 ? unescape(tab2 + 1, (gsize)(nl - tab2 - 1)) : NULL;
            if (p[0] == 'M' && v)
                g_hash_table_insert(memo, k, v), k = v = NULL;
            else if (p[0] == 'S' && v)
                g_hash_table_insert(state, k, v), k = v = NULL;
            else if (p[0] == 'D')
                g_hash_table_remove(state, k);
            g_free(k);
            g_free(v);
        }
        p = nl + 1;
    }
}

static char *in_outdir(const batch_state *s, const char *file)
{
    return g_build_filename(s->outdir, file, NULL);
}

batch_state *batch_state_open(const char *outdir)
{
    batch_state *s = g_new0(batch_state, 1);
    s->outdir = g_strdup(outdir);
    char *state_path = in_outdir(s, BATCH_STATE_FILE), *memo_path = in_outdir(s, BATCH_MEMO_FILE);
    char *journal = in_outdir(s, BATCH_JOURNAL_FILE);
    s->state = batch_table_read(state_path);
    s->memo = batch_table_read(memo_path);
    char *text = NULL;
    gsize len = 0, whole = 0;
    if (infile_read(journal, INFILE_STATE, &text, &len, NULL)) {
        replay(text, len, s->state, s->memo);
        const char *last = g_strrstr_len(text, (gssize)len, "\n");
        whole = last ? (gsize)(last - text) + 1 : 0;
    }
    g_free(text);
    /* Appended to, and cut only to drop a record cut short by a kill (the
     * next one must not be joined to it): a journal of a killed batch
     * stays until its records are in the tables. Never through a link;
     * O_NONBLOCK: a FIFO put there is refused, not waited on. */
    s->journal_fd = open(journal, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
    const char *why = s->journal_fd < 0 ? (errno == ELOOP ? "it is a symbolic link" : g_strerror(errno)) : NULL;
    struct stat st;
    if (!why && (fstat(s->journal_fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1))
        why = "it is not a regular file of its own";
    else if (!why && whole < (gsize)st.st_size && ftruncate(s->journal_fd, (off_t)whole) != 0)
        why = g_strerror(errno);
    if (why) {
        if (s->journal_fd >= 0)
            close(s->journal_fd);
        s->journal_fd = -1;
        g_printerr(_("%s: warning: the journal cannot be used (%s); a batch killed now would render its reports "
                     "again\n"),
                   journal, why);
    }
    g_free(journal);
    g_free(state_path);
    g_free(memo_path);
    return s;
}

static void journal_line(GString *out, char type, const char *key, const char *value)
{
    g_string_append_c(out, type);
    g_string_append_c(out, '\t');
    append_escaped(out, key);
    if (value) {
        g_string_append_c(out, '\t');
        append_escaped(out, value);
    }
    g_string_append_c(out, '\n');
}

void batch_state_record(batch_state *s, const char *name, const char *stamp, bool forget, GHashTable *added)
{
    GString *rec = g_string_new(NULL);
    if (added) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, added);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            g_hash_table_insert(s->memo, g_strdup(k), g_strdup(v));
            journal_line(rec, 'M', k, v);
        }
    }
    if (stamp) {
        g_hash_table_insert(s->state, g_strdup(name), g_strdup(stamp));
        journal_line(rec, 'S', name, stamp);
    } else if (forget && g_hash_table_remove(s->state, name)) {
        journal_line(rec, 'D', name, NULL);
    }
    /* One write: a kill leaves the record whole, or a last line without
     * its newline, which replay ignores. */
    for (gsize done = 0; s->journal_fd >= 0 && done < rec->len;) {
        ssize_t n = write(s->journal_fd, rec->str + done, rec->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* only costs a render if this batch is killed */
        done += (gsize)n;
    }
    g_string_free(rec, TRUE);
}

void batch_state_close(batch_state *s)
{
    if (!s)
        return;
    char *state_path = in_outdir(s, BATCH_STATE_FILE), *memo_path = in_outdir(s, BATCH_MEMO_FILE);
    char *journal = in_outdir(s, BATCH_JOURNAL_FILE);
    bool ok = batch_table_write(state_path, s->state);
    ok = batch_table_write(memo_path, s->memo) && ok;
    if (s->journal_fd >= 0)
        close(s->journal_fd);
    if (ok)
        g_unlink(journal);
    g_free(journal);
    g_free(state_path);
    g_free(memo_path);
    g_hash_table_unref(s->state);
    g_hash_table_unref(s->memo);
    g_free(s->outdir);
    g_free(s);
}
