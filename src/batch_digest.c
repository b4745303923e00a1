/* batch_digest: consumes a trip file and the output options, produces the
 * SHA-256 of everything its PDF depends on; file hashes come from the memo
 * (.tripreport-files) while a file's size, mtime and inode are unchanged. */
#include "batch_digest.h"

#include "image_memo.h"
#include "image_verify_pool.h"
#include "infile.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TRIPREPORT_VERSION
#define TRIPREPORT_VERSION "0.1.0"
#endif

batch_digester *batch_digester_new(GHashTable *memo)
{
    batch_digester *g = g_new0(batch_digester, 1);
    g->memo = memo;
    g->fonts_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return g;
}

void batch_digester_free(batch_digester *g)
{
    if (!g)
        return;
    g_free(g->program);
    fonts_free(g->fc);
    g_hash_table_unref(g->fonts_seen);
    g_free(g);
}

/* SHA-256 of a file's content, or NULL if it cannot be read: opened as
 * every input is (infile_open: a regular file within the cap of 'kind',
 * never a FIFO or device), then read in pieces, never mapped. */
static char *hash_file(const char *path, infile_kind kind)
{
    int fd = infile_open(path, kind, NULL, NULL);
    if (fd < 0)
        return NULL;
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    gsize cap = (gsize)infile_max(kind), total = 0;
    guchar *buf = g_malloc(1 << 20);
    bool ok = true;
    for (;;) {
        ssize_t n = read(fd, buf, 1 << 20);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (total += (gsize)MAX(n, 0)) > cap) {
            ok = false;
            break;
        }
        if (n == 0)
            break;
        g_checksum_update(c, buf, n);
    }
    close(fd);
    g_free(buf);
    char *h = ok ? g_strdup(g_checksum_get_string(c)) : NULL;
    g_checksum_free(c);
    return h;
}

/* A file's content hash, from the memo when its size, modification time
 * (ns) and inode are the ones recorded with the hash ("missing",
 * "unreadable", or "?" after a miss in memo-only mode). Caller frees. */
static char *file_digest(batch_digester *g, const char *path, infile_kind kind)
{
    GStatBuf sb;
    if (g_stat(path, &sb) != 0)
        return g_strdup("missing");
    char *key = g_strdup_printf("%lld %lld.%09ld %llu", (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
                                sb.st_mtim.tv_nsec, (unsigned long long)sb.st_ino);
    const char *known = g->memo ? g_hash_table_lookup(g->memo, path) : NULL;
    char *result = NULL;
    if (known && g_str_has_prefix(known, key) && known[strlen(key)] == ' ') {
        result = g_strdup(known + strlen(key) + 1);
    } else if (g->memo_only) {
        g->missed = true;
        result = g_strdup("?");
    } else {
        result = hash_file(path, kind);
        if (!result)
            result = g_strdup("unreadable");
        else if (g->memo) {
            g_hash_table_insert(g->memo, g_strdup(path), g_strdup_printf("%s %s", key, result));
            if (g->added)
                g_hash_table_insert(g->added, g_strdup(path), g_strdup_printf("%s %s", key, result));
        }
    }
    g_free(key);
    return result;
}

/* The running program's hash (its version when it cannot be read). */
static const char *program_digest(batch_digester *g)
{
    if (!g->program) {
        char *exe = g_file_read_link("/proc/self/exe", NULL);
        g->program = exe ? hash_file(exe, INFILE_PROGRAM) : NULL;
        if (!g->program)
            g->program = g_strdup(TRIPREPORT_VERSION);
        g_free(exe);
    }
    return g->program;
}

static void add_images(batch_digester *g, GChecksum *c, const doc_node *n)
{
    if ((n->type == DOC_NODE_IMAGE || n->type == DOC_NODE_PHOTO) && n->resolved) {
        char *h = file_digest(g, n->resolved, INFILE_IMAGE);
        g_checksum_update(c, (const guchar *)n->resolved, -1);
        g_checksum_update(c, (const guchar *)h, -1);
        g_free(h);
    }
    for (guint i = 0; n->children && i < n->children->len; i++)
        add_images(g, c, g_ptr_array_index(n->children, i));
}

/* The fonts a style resolves to, computed once per layout file. */
static const char *fonts_of(batch_digester *g, const style *st)
{
    if (!g->fc_tried) {
        g->fc_tried = true;
        diag_list *d = diag_list_new();
        g->fc = fonts_new_config_only(d);
        diag_list_free(d);
    }
    const char *key = st->path ? st->path : "default";
    const char *v = g_hash_table_lookup(g->fonts_seen, key);
    if (!v && g->fc) {
        char *fp = fonts_fingerprint(g->fc, st);
        g_hash_table_insert(g->fonts_seen, g_strdup(key), fp);
        v = fp;
    }
    return v ? v : "";
}

void batch_digester_prepare(batch_digester *g, const char *layout)
{
    program_digest(g);
    diag_list *d = diag_list_new();
    style *st = style_load(layout ? layout : "default", fonts_data_dir(), NULL, (diag_loc){ NULL, 0, 0 }, d);
    if (st)
        fonts_of(g, st);
    style_free(st);
    diag_list_free(d);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The layout file and its neighbours (a base: names one of them). */
static void add_layouts(batch_digester *g, GChecksum *c, const char *layout_path)
{
    char *dir = g_path_get_dirname(layout_path);
    GDir *gd = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *nm;
    while (gd && (nm = g_dir_read_name(gd)))
        if (g_str_has_suffix(nm, ".layout"))
            g_ptr_array_add(names, g_build_filename(dir, nm, NULL));
    if (gd)
        g_dir_close(gd);
    g_ptr_array_sort(names, cmp_str);
    for (guint k = 0; k < names->len; k++) {
        char *h = file_digest(g, g_ptr_array_index(names, k), INFILE_LAYOUT);
        g_checksum_update(c, (const guchar *)h, -1);
        g_free(h);
    }
    g_ptr_array_unref(names);
    g_free(dir);
}

char *batch_digester_digest(batch_digester *g, const char *trip, const report_options *o)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, (const guchar *)"tripreport " TRIPREPORT_VERSION "\n", -1);
    g_checksum_update(c, (const guchar *)program_digest(g), -1);
    /* Every output option (report.h's one list) and the dates' source. */
    char *od = report_options_digest(o);
    char *opts = g_strdup_printf("\n%s sde=%s\n", od, g_getenv("SOURCE_DATE_EPOCH") ? g_getenv("SOURCE_DATE_EPOCH") : "");
    g_checksum_update(c, (const guchar *)opts, -1);
    g_free(opts);
    g_free(od);
    char *th = file_digest(g, trip, INFILE_TRIP);
    g_checksum_update(c, (const guchar *)th, -1);
    g_free(th);

    diag_list *d = diag_list_new();
    doc *dc = report_load(trip, d, 0);
    if (dc) {
        for (guint i = 0; i < dc->sections->len; i++)
            add_images(g, c, g_ptr_array_index(dc->sections, i));
        style *st = report_style(dc, o->layout, d);
        if (st) {
            if (st->path)
                add_layouts(g, c, st->path);
            if (st->logo) {
                /* The design's logo is drawn on every page. */
                char *h = file_digest(g, st->logo, INFILE_IMAGE);
                g_checksum_update(c, (const guchar *)st->logo, -1);
                g_checksum_update(c, (const guchar *)h, -1);
                g_free(h);
            }
            g_checksum_update(c, (const guchar *)fonts_of(g, st), -1);
            char *conf = g_build_filename(fonts_data_dir(), "fonts", "fonts.conf", NULL);
            char *h = file_digest(g, conf, INFILE_OTHER);
            g_checksum_update(c, (const guchar *)h, -1);
            g_free(h);
            g_free(conf);
            style_free(st);
        }
        doc_free(dc);
    }
    diag_list_free(d);
    char *out = g_strdup(g_checksum_get_string(c));
    g_checksum_free(c);
    return out;
}

/*** Photos read through whole in earlier batches ***/

/* The memo key of a JPEG read through whole: "jpeg-whole " and its
 * identity key (image_verify_pool_identity). No path has this form (every
 * path the memo holds has a '/'). */
#define WHOLE_PREFIX "jpeg-whole "

/* The memo key of a JPEG drawn for the splice (image_memo_jpeg): "jpeg-stream "
 * and its identity key; its value the program's hash, a space and the
 * fields image_memo keeps of it. */
#define STREAM_PREFIX "jpeg-stream "

void batch_digester_seed_whole(batch_digester *g)
{
    image_memo_jpeg_collect();
    if (!g->memo)
        return;
    const char *program = program_digest(g);
    gsize pl = strlen(program);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, g->memo);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (g_str_has_prefix(k, WHOLE_PREFIX) && strcmp(v, program) == 0)
            image_verify_pool_add_whole((const char *)k + strlen(WHOLE_PREFIX));
        else if (g_str_has_prefix(k, STREAM_PREFIX) && strncmp(v, program, pl) == 0 && ((const char *)v)[pl] == ' ')
            image_memo_jpeg_give((const char *)k + strlen(STREAM_PREFIX), (const char *)v + pl + 1);
    }
}

void batch_digester_note_whole(batch_digester *g, GHashTable *added)
{
    const char *program = program_digest(g);
    GPtrArray *ids = image_verify_pool_found_whole();
    for (guint i = 0; i < ids->len; i++) {
        char *key = g_strconcat(WHOLE_PREFIX, (const char *)g_ptr_array_index(ids, i), NULL);
        const char *was = g->memo ? g_hash_table_lookup(g->memo, key) : NULL;
        if (!was || strcmp(was, program) != 0)
            g_hash_table_replace(added, key, g_strdup(program));
        else
            g_free(key);
    }
    g_ptr_array_unref(ids);
    GPtrArray *made = image_memo_jpeg_made();
    for (guint i = 0; i < made->len; i++) {
        const char *line = g_ptr_array_index(made, i), *tab = strchr(line, '\t');
        char *key = g_strdup_printf(STREAM_PREFIX "%.*s", (int)(tab - line), line);
        char *value = g_strconcat(program, " ", tab + 1, NULL);
        const char *was = g->memo ? g_hash_table_lookup(g->memo, key) : NULL;
        if (!was || strcmp(was, value) != 0) {
            g_hash_table_replace(added, key, value);
        } else {
            g_free(key);
            g_free(value);
        }
    }
    g_ptr_array_unref(made);
}
