/* image_memo: what earlier renders learned of the photos (image_memo.h).
 *
 * The file, text:
 *   tripreport image memo 1
 *   build SHA-256 of the program's and its libraries' identities
 *   whole<TAB>IDENTITY                     a JPEG read through and found whole
 *   size<TAB>KEY<TAB>VALUE                 a size note's image measured
 *   png<TAB>IDENTITY<TAB>png-HASH           a PNG packed, its streams in the file png-HASH
 *   jpeg<TAB>IDENTITY<TAB>FIELDS            a JPEG drawn for the splice (image_memo_jpeg): width
 *                                          height orientation subsamp data_len same_at same_len
 *                                          crc (hex) head tail (hex, '-' for none)
 *   plan<TAB>KEY<TAB>FIELDS                 a section's plan (layout_memo.h)
 *   note<TAB>NAME<TAB>VALUE                 a note, the newest of its name (fonts.c: "fontconfig")
 *   …                                      (the oldest first)
 *   end SHA-256 of every line above
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "image_memo.h"
#include "image_estimate.h"
#include "image_verify_pool.h"
#include "outfile.h"
#include "pdfsplice.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libdeflate.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TRIPREPORT_VERSION
#define TRIPREPORT_VERSION "0.1.0"
#endif

#define MAGIC "tripreport image memo 1\n"
#define MAX_BYTES (1 << 20)
#define PNG_MAGIC "tripreport png 1\n"
#define PNG_MAX_BYTES (256 << 20)
#define PNG_NAME_LEN 36 /* "png-" and 32 hex digits */

static bool enabled, loaded;
static char *build_key;      /* this build's key, once made */
static GPtrArray *kept;      /* lines (without '\n') read or saved, the oldest first */
static GHashTable *kept_set; /* the same lines (borrowed from 'kept') */
static GHashTable *png_names; /* identity -> its PNG's file name (owned), from 'kept' */
static GHashTable *jpegs;     /* identity -> its JPEG's fields (owned), from 'kept' */
static GPtrArray *jpeg_pending; /* lines of JPEGs drawn here, for image_memo_save */
static bool jpeg_collect;       /* image_memo_jpeg_collect: kept though not enabled */
static GHashTable *plans;       /* key -> a section's plan (owned), from 'kept' and kept here */
static GPtrArray *plan_pending; /* lines of plans made here, for image_memo_save */
static GHashTable *notes;       /* name -> the note's value (both owned), from 'kept' and kept here */
static GPtrArray *note_pending; /* lines of notes kept here, for image_memo_save */

/* A PNG packed here, to be written by image_memo_save. */
typedef struct png_new {
    char *id, *name;
    GBytes *data, *smask;
    int width, height, colours;
} png_new;
static GPtrArray *png_pending; /* png_new * */
static gint64 png_bytes_max = IMAGE_MEMO_PNG_BYTES;

void image_memo_test_set_png_bytes(gint64 bytes)
{
    png_bytes_max = bytes > 0 ? bytes : IMAGE_MEMO_PNG_BYTES;
}

static void png_new_free(gpointer p)
{
    png_new *n = p;
    g_free(n->id);
    g_free(n->name);
    g_bytes_unref(n->data);
    if (n->smask)
        g_bytes_unref(n->smask);
    g_free(n);
}

void image_memo_enable(void)
{
    enabled = true;
}

char *image_memo_path(void)
{
    const char *xdg = g_getenv("XDG_CACHE_HOME");
    if (xdg && g_path_is_absolute(xdg))
        return g_build_filename(xdg, "tripreport", "images", NULL);
    const char *home = g_getenv("HOME");
    if (!home || !g_path_is_absolute(home))
        home = g_get_home_dir();
    return home && g_path_is_absolute(home) ? g_build_filename(home, ".cache", "tripreport", "images", NULL) : NULL;
}

/* A line "LABEL IDENTITY" of the file 'file' (as photos are known,
 * image_verify_pool_identity; "?" when it cannot be looked at) into 's'. */
static void add_identity(GString *s, const char *label, const char *file)
{
    struct stat st;
    char *id = stat(file, &st) == 0 ? image_verify_pool_identity(&st) : NULL;
    g_string_append_printf(s, "%s %s\n", label, id ? id : "?");
    g_free(id);
}

/* One loaded object's identity into the string 'data'. */
static int add_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    const char *name = info->dlpi_name;
    if (name && name[0] == '/') /* not the program itself (below) nor the kernel's vDSO */
        add_identity(data, name, name);
    return 0;
}

/* This build: the program's file and every library loaded, by identity
 * (hashing their bytes would cost more than the memo saves). */
static const char *build(void)
{
    if (build_key)
        return build_key;
    GString *s = g_string_new(TRIPREPORT_VERSION "\n");
    add_identity(s, "exe", "/proc/self/exe");
    dl_iterate_phdr(add_object, s);
    build_key = g_compute_checksum_for_string(G_CHECKSUM_SHA256, s->str, (gssize)s->len);
    g_string_free(s, TRUE);
    return build_key;
}

/* Appends 'line' (taken) to the lines kept here for image_memo_save. */
static void pend(GPtrArray **pending, char *line)
{
    if (!*pending)
        *pending = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(*pending, line);
}

/* Moves the lines of 'pending' to 'fresh' (copies; 'pending' emptied). */
static void pend_take(GPtrArray *pending, GPtrArray *fresh)
{
    for (guint i = 0; pending && i < pending->len; i++)
        g_ptr_array_add(fresh, g_strdup(g_ptr_array_index(pending, i)));
    if (pending)
        g_ptr_array_set_size(pending, 0);
}

static void keep_line(char *line)
{
    if (!kept) {
        kept = g_ptr_array_new_with_free_func(g_free);
        kept_set = g_hash_table_new(g_str_hash, g_str_equal);
    }
    if (g_hash_table_contains(kept_set, line)) {
        g_free(line);
        return;
    }
    g_ptr_array_add(kept, line);
    g_hash_table_add(kept_set, line);
}

/* The file 'path' whole (a '\0' after it), if it is a regular file of this
 * user's, of at most 'max' bytes; else NULL. */
static char *read_file(const char *path, goffset max, gsize *len)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() && st.st_size > 0 &&
        st.st_size <= max) {
        buf = g_malloc((gsize)st.st_size + 1);
        gsize got = 0;
        while (got < (gsize)st.st_size) {
            ssize_t r = read(fd, buf + got, (gsize)st.st_size - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            got += (gsize)r;
        }
        buf[got] = '\0';
        *len = got;
        if (got != (gsize)st.st_size)
            g_clear_pointer(&buf, g_free);
    }
    close(fd);
    return buf;
}

/* The lines of 'text' between its head (magic, this build) and its sound
 * end line, or NULL when it is not all of that. */
static char *body_of(char *text, gsize len)
{
    char *head = g_strdup_printf(MAGIC "build %s\n", build());
    bool ok = g_str_has_prefix(text, head);
    gsize hl = strlen(head);
    g_free(head);
    if (!ok || len < hl + 5 || text[len - 1] != '\n')
        return NULL;
    text[len - 1] = '\0';
    char *end = strrchr(text, '\n'); /* before the end line */
    if (!end || end < text + hl - 1 || !g_str_has_prefix(end + 1, "end "))
        return NULL;
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, (gsize)(end + 1 - text));
    ok = strcmp(sum, end + 5) == 0;
    g_free(sum);
    if (!ok)
        return NULL;
    *end = '\0';
    return end < text + hl ? end : text + hl; /* no line: "" */
}

/* A PNG's file name as this module makes them: "png-" and 32 hex digits. */
static bool png_name_ok(const char *name)
{
    if (strlen(name) != PNG_NAME_LEN || !g_str_has_prefix(name, "png-"))
        return false;
    for (const char *p = name + 4; *p; p++)
        if (!g_ascii_isxdigit(*p) || g_ascii_isupper(*p))
            return false;
    return true;
}

/* The file name of the PNG of identity 'id' packed by this build. */
static char *png_name_of(const char *id)
{
    char *key = g_strdup_printf("%s\n%s", build(), id);
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key, -1);
    char *name = g_strdup_printf("png-%.32s", sum);
    g_free(sum);
    g_free(key);
    return name;
}

/* The file 'name' in the folder of the memo 'path'. Caller frees. */
static char *beside(const char *path, const char *name)
{
    char *dir = g_path_get_dirname(path), *file = g_build_filename(dir, name, NULL);
    g_free(dir);
    return file;
}

static guint32 crc_of(GBytes *a, GBytes *b)
{
    gsize n = 0;
    const void *d = g_bytes_get_data(a, &n);
    guint32 crc = libdeflate_crc32(0, d, n);
    if (b) {
        d = g_bytes_get_data(b, &n);
        crc = libdeflate_crc32(crc, d, n);
    }
    return crc;
}

bool image_memo_png_find(const char *id, pdfsplice_image *g)
{
    const char *name = enabled && png_names ? g_hash_table_lookup(png_names, id) : NULL;
    char *memo = name ? image_memo_path() : NULL;
    if (!memo)
        return false;
    char *path = beside(memo, name);
    g_free(memo);
    gsize len = 0;
    char *text = read_file(path, PNG_MAX_BYTES, &len);
    g_free(path);
    if (!text)
        return false;
    char *head = g_strdup_printf(PNG_MAGIC "build %s\nid %s\nimage ", build(), id);
    bool ok = len > strlen(head) && memcmp(text, head, strlen(head)) == 0;
    gsize at = strlen(head);
    g_free(head);
    int w = 0, h = 0, colours = 0, n = 0;
    guint64 dlen = 0, slen = 0;
    unsigned crc = 0;
    char *nl = ok ? memchr(text + at, '\n', MIN(len - at, 128)) : NULL;
    if (nl) {
        *nl = '\0';
        ok = sscanf(text + at, "%d %d %d %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %x%n", &w, &h, &colours, &dlen,
                    &slen, &crc, &n) == 6 &&
             text[at + (gsize)n] == '\0' && w > 0 && h > 0 && (colours == 1 || colours == 3) && dlen > 0;
        at = (gsize)(nl + 1 - text);
    }
    ok = ok && nl && dlen <= len && slen <= len && at + dlen + slen == len;
    if (!ok) {
        g_free(text);
        return false;
    }
    GBytes *all = g_bytes_new_take(text, len);
    GBytes *data = g_bytes_new_from_bytes(all, at, (gsize)dlen);
    GBytes *smask = slen ? g_bytes_new_from_bytes(all, at + (gsize)dlen, (gsize)slen) : NULL;
    g_bytes_unref(all);
    if (crc_of(data, smask) != (guint32)crc) {
        g_bytes_unref(data);
        if (smask)
            g_bytes_unref(smask);
        return false;
    }
    memset(g, 0, sizeof *g);
    g->data = data;
    g->smask = smask;
    g->width = w;
    g->height = h;
    g->colours = colours;
    g->bits = 8;
    return true;
}

void image_memo_png_keep(const char *id, const pdfsplice_image *g)
{
    gsize bytes = g->data ? g_bytes_get_size(g->data) + (g->smask ? g_bytes_get_size(g->smask) : 0) : 0;
    if (!enabled || !g->data || (gint64)bytes > png_bytes_max || strchr(id, '\t') || strchr(id, '\n'))
        return;
    png_new *n = g_new0(png_new, 1);
    n->id = g_strdup(id);
    n->name = png_name_of(id);
    n->data = g_bytes_ref(g->data);
    n->smask = g->smask ? g_bytes_ref(g->smask) : NULL;
    n->width = g->width;
    n->height = g->height;
    n->colours = g->colours;
    if (!png_pending)
        png_pending = g_ptr_array_new_with_free_func(png_new_free);
    g_ptr_array_add(png_pending, n);
}

/* The bytes written by the 'n' hex digits at 's' into '*out' (at most
 * IMAGE_MEMO_JPEG_EDGE); "-" is none (NULL). False if they are neither. */
static bool hex_bytes(const char *s, gsize n, GBytes **out)
{
    *out = NULL;
    if (n == 1 && s[0] == '-')
        return true;
    if (n == 0 || n % 2 || n / 2 > IMAGE_MEMO_JPEG_EDGE)
        return false;
    guint8 *b = g_malloc(n / 2);
    for (gsize i = 0; i < n / 2; i++) {
        int hi = g_ascii_xdigit_value(s[2 * i]), lo = g_ascii_xdigit_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            g_free(b);
            return false;
        }
        b[i] = (guint8)(hi << 4 | lo);
    }
    *out = g_bytes_new_take(b, n / 2);
    return true;
}

static void hex_append(GString *s, GBytes *b)
{
    gsize n = 0;
    const guint8 *d = b ? g_bytes_get_data(b, &n) : NULL;
    if (!n)
        g_string_append_c(s, '-');
    for (gsize i = 0; i < n; i++)
        g_string_append_printf(s, "%02x", d[i]);
}

void image_memo_jpeg_clear(image_memo_jpeg *j)
{
    g_clear_pointer(&j->head, g_bytes_unref);
    g_clear_pointer(&j->tail, g_bytes_unref);
}

/* 'fields' of a jpeg line into 'j'; false (nothing kept) if they are not
 * what image_memo_jpeg_keep writes. */
static bool jpeg_parse(const char *fields, image_memo_jpeg *j)
{
    image_memo_jpeg t = { 0 };
    unsigned crc = 0;
    int used = 0;
    if (sscanf(fields, "%d %d %d %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %8x %n",
               &t.width, &t.height, &t.orientation, &t.subsamp, &t.data_len, &t.same_at, &t.same_len, &crc,
               &used) != 8 || used <= 0)
        return false;
    const char *head = fields + used, *sp = strchr(head, ' ');
    if (!sp)
        return false;
    const char *tail = sp + 1;
    if (strchr(tail, ' ') || t.width <= 0 || t.height <= 0 || t.orientation < 1 || t.orientation > 8 ||
        t.subsamp < 0 || t.data_len <= 0 || t.same_at < 0 || t.same_len <= 0 || t.same_at > t.data_len ||
        t.same_len > t.data_len - t.same_at)
        return false;
    t.crc = crc;
    if (!hex_bytes(head, (gsize)(sp - head), &t.head))
        return false;
    if (!hex_bytes(tail, strlen(tail), &t.tail)) {
        image_memo_jpeg_clear(&t);
        return false;
    }
    *j = t;
    return true;
}

bool image_memo_jpeg_find(const char *id, image_memo_jpeg *j)
{
    const char *fields = jpegs ? g_hash_table_lookup(jpegs, id) : NULL;
    return fields && jpeg_parse(fields, j);
}

/* 'fields' for 'id' into the table of those found (false if they do not
 * hold together). */
static bool jpeg_add(const char *id, gsize id_len, const char *fields)
{
    image_memo_jpeg j;
    if (!jpeg_parse(fields, &j))
        return false;
    image_memo_jpeg_clear(&j);
    if (!jpegs)
        jpegs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_hash_table_replace(jpegs, g_strndup(id, id_len), g_strdup(fields));
    return true;
}

bool image_memo_jpeg_give(const char *id, const char *fields)
{
    return !strchr(id, '\t') && !strchr(id, '\n') && jpeg_add(id, strlen(id), fields);
}

void image_memo_jpeg_collect(void)
{
    jpeg_collect = true;
}

GPtrArray *image_memo_jpeg_made(void)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; jpeg_pending && i < jpeg_pending->len; i++)
        g_ptr_array_add(out, g_strdup((const char *)g_ptr_array_index(jpeg_pending, i) + strlen("jpeg\t")));
    if (jpeg_pending)
        g_ptr_array_set_size(jpeg_pending, 0);
    return out;
}

void image_memo_jpeg_keep(const char *id, const image_memo_jpeg *j)
{
    if ((!enabled && !jpeg_collect) || strchr(id, '\t') || strchr(id, '\n') ||
        (j->head && g_bytes_get_size(j->head) > IMAGE_MEMO_JPEG_EDGE) ||
        (j->tail && g_bytes_get_size(j->tail) > IMAGE_MEMO_JPEG_EDGE))
        return;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "jpeg\t%s\t%d %d %d %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                              " %08x ",
                           id, j->width, j->height, j->orientation, j->subsamp, j->data_len, j->same_at, j->same_len,
                           (unsigned)j->crc);
    hex_append(s, j->head);
    g_string_append_c(s, ' ');
    hex_append(s, j->tail);
    pend(&jpeg_pending, g_string_free(s, FALSE));
}

/* A plan's key and fields as one line allows: hex digits, a tab between. */
static bool plan_ok(const char *key, gsize key_len, const char *fields)
{
    if (key_len == 0 || key_len > 128 || !*fields || strlen(fields) > 256)
        return false;
    for (gsize i = 0; i < key_len; i++)
        if (!g_ascii_isxdigit(key[i]))
            return false;
    return !strchr(fields, '\t') && !strchr(fields, '\n');
}

static void plan_add(const char *key, gsize key_len, const char *fields)
{
    if (!plans)
        plans = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (g_hash_table_size(plans) >= IMAGE_MEMO_MAX) /* a long watch: what the file keeps is trimmed on saving */
        g_hash_table_remove_all(plans);
    g_hash_table_replace(plans, g_strndup(key, key_len), g_strdup(fields));
}

const char *image_memo_plan_find(const char *key)
{
    return plans ? g_hash_table_lookup(plans, key) : NULL;
}

void image_memo_plan_keep(const char *key, const char *fields)
{
    if (!enabled || !plan_ok(key, strlen(key), fields))
        return;
    plan_add(key, strlen(key), fields);
    pend(&plan_pending, g_strdup_printf("plan\t%s\t%s", key, fields));
}

/* A note's name and value as one line allows: a name of letters, a value
 * without a newline (tabs are the value's). */
static bool note_ok(const char *name, gsize name_len, const char *value)
{
    if (name_len == 0 || name_len > 32 || strchr(value, '\n'))
        return false;
    for (gsize i = 0; i < name_len; i++)
        if (!g_ascii_isalpha(name[i]))
            return false;
    return true;
}

static void note_add(const char *name, gsize name_len, const char *value)
{
    if (!notes)
        notes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_hash_table_replace(notes, g_strndup(name, name_len), g_strdup(value));
}

const char *image_memo_note_find(const char *name)
{
    return notes ? g_hash_table_lookup(notes, name) : NULL;
}

void image_memo_note_keep(const char *name, const char *value)
{
    if (!enabled || !note_ok(name, strlen(name), value))
        return;
    note_add(name, strlen(name), value);
    pend(&note_pending, g_strdup_printf("note\t%s\t%s", name, value));
}

/* Drops from 'kept' the lines of note 'name' (a newer one is kept). */
static void note_forget(const char *line)
{
    const char *value = strchr(line + 5, '\t');
    gsize head = value ? (gsize)(value + 1 - line) : 0;
    for (guint i = 0; head && kept && i < kept->len;) {
        const char *k = g_ptr_array_index(kept, i);
        if (strncmp(k, line, head) == 0 && strcmp(k, line) != 0) {
            g_hash_table_remove(kept_set, k);
            g_ptr_array_remove_index(kept, i);
        } else {
            i++;
        }
    }
}

void image_memo_load(void)
{
    if (!enabled || loaded)
        return;
    loaded = true;
    char *path = image_memo_path();
    gsize len = 0;
    char *text = path ? read_file(path, MAX_BYTES, &len) : NULL;
    char *body = text ? body_of(text, len) : NULL;
    for (char *line = body, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else
            next = line + strlen(line);
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        if (g_str_has_prefix(line, "whole\t") && tab[1] && !strchr(tab + 1, '\t')) {
            image_verify_pool_add_whole(tab + 1);
            keep_line(g_strdup(line));
        } else if (g_str_has_prefix(line, "png\t")) {
            char *id = tab + 1, *name = strchr(id, '\t');
            if (!name || !png_name_ok(name + 1))
                continue;
            if (!png_names)
                png_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
            g_hash_table_replace(png_names, g_strndup(id, (gsize)(name - id)), g_strdup(name + 1));
            keep_line(g_strdup(line));
        } else if (g_str_has_prefix(line, "jpeg\t")) {
            char *id = tab + 1, *fields = strchr(id, '\t');
            if (fields && jpeg_add(id, (gsize)(fields - id), fields + 1))
                keep_line(g_strdup(line));
        } else if (g_str_has_prefix(line, "plan\t")) {
            char *key = tab + 1, *fields = strchr(key, '\t');
            if (fields && plan_ok(key, (gsize)(fields - key), fields + 1)) {
                plan_add(key, (gsize)(fields - key), fields + 1);
                keep_line(g_strdup(line));
            }
        } else if (g_str_has_prefix(line, "note\t")) {
            char *name = tab + 1, *value = strchr(name, '\t');
            if (value && note_ok(name, (gsize)(value - name), value + 1)) {
                note_add(name, (gsize)(value - name), value + 1);
                note_forget(line);
                keep_line(g_strdup(line));
            }
        } else if (g_str_has_prefix(line, "size\t")) {
            char *key = tab + 1, *value = strchr(key, '\t');
            if (!value)
                continue;
            char *k = g_strndup(key, (gsize)(value - key));
            if (image_estimate_memo_give(k, value + 1))
                keep_line(g_strdup(line));
            g_free(k);
        }
    }
    g_free(text);
    g_free(path);
}

/* Makes the memo's folder and its parent (the cache folder) when missing:
 * nothing deeper (a home that does not exist is not made). */
static bool make_folder(const char *path)
{
    char *dir = g_path_get_dirname(path), *parent = g_path_get_dirname(dir);
    bool ok = outfile_make_dir(parent, NULL, NULL) && outfile_make_dir(dir, NULL, NULL);
    g_free(parent);
    g_free(dir);
    return ok;
}

/* Writes the PNG 'n' beside the memo at 'path'; its line then. */
static char *png_write(const char *path, const png_new *n)
{
    char *file = beside(path, n->name);
    gsize dlen = 0, slen = 0;
    const void *data = g_bytes_get_data(n->data, &dlen), *smask = n->smask ? g_bytes_get_data(n->smask, &slen) : NULL;
    GByteArray *b = g_byte_array_sized_new((guint)(dlen + slen + 512));
    char *head = g_strdup_printf(PNG_MAGIC "build %s\nid %s\nimage %d %d %d %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %08x\n",
                                 build(), n->id, n->width, n->height, n->colours, dlen, slen, crc_of(n->data, n->smask));
    g_byte_array_append(b, (const guint8 *)head, (guint)strlen(head));
    g_byte_array_append(b, data, (guint)dlen);
    if (slen)
        g_byte_array_append(b, smask, (guint)slen);
    bool ok = outfile_write_cache(file, b->data, b->len, NULL);
    g_byte_array_unref(b);
    g_free(head);
    g_free(file);
    return ok ? g_strdup_printf("png\t%s\t%s", n->id, n->name) : NULL;
}

/* Removes from the memo's folder the PNG a line "png\tID\tNAME" names. */
static void png_remove(const char *path, const char *line)
{
    const char *name = strrchr(line, '\t');
    if (!g_str_has_prefix(line, "png\t") || !name || !png_name_ok(name + 1))
        return;
    char *id = g_strndup(line + 4, (gsize)(name - line - 4));
    if (png_names)
        g_hash_table_remove(png_names, id);
    g_free(id);
    char *file = beside(path, name + 1);
    g_unlink(file);
    g_free(file);
}

/* The size of the file of the PNG a line "png\tID\tNAME" names (0: none). */
static gint64 png_size(const char *path, const char *line)
{
    char *file = beside(path, strrchr(line, '\t') + 1);
    GStatBuf st;
    gint64 n = g_lstat(file, &st) == 0 && S_ISREG(st.st_mode) ? (gint64)st.st_size : 0;
    g_free(file);
    return n;
}

/* Drops the oldest lines of 'kept' (their PNGs with them) while it holds
 * more than IMAGE_MEMO_MAX lines, or more than IMAGE_MEMO_PNG_MAX PNGs or
 * IMAGE_MEMO_PNG_BYTES of them. */
static void kept_trim(const char *path)
{
    guint pngs = 0;
    gint64 bytes = 0, text = 0;
    for (guint i = 0; i < kept->len; i++) {
        text += (gint64)strlen(g_ptr_array_index(kept, i)) + 1;
        if (g_str_has_prefix(g_ptr_array_index(kept, i), "png\t")) {
            pngs++;
            bytes += png_size(path, g_ptr_array_index(kept, i));
        }
    }
    for (guint i = 0; i < kept->len;) {
        /* The lines fit the size a memo is read at, with room for its
         * first lines and its checksum. */
        bool too_many = kept->len > IMAGE_MEMO_MAX || text > MAX_BYTES - 4096;
        bool pngs_over = pngs > IMAGE_MEMO_PNG_MAX || bytes > png_bytes_max;
        if (!too_many && !pngs_over)
            break;
        const char *line = g_ptr_array_index(kept, i);
        bool png = g_str_has_prefix(line, "png\t");
        if (!too_many && !png) {
            i++; /* only the PNGs over: the oldest PNG goes */
            continue;
        }
        if (png) {
            bytes -= png_size(path, line);
            png_remove(path, line);
            pngs--;
        }
        text -= (gint64)strlen(line) + 1;
        g_hash_table_remove(kept_set, line);
        g_ptr_array_remove_index(kept, i);
    }
}

void image_memo_save(void)
{
    if (!enabled)
        return;
    GPtrArray *whole = image_verify_pool_found_whole(), *sizes = image_estimate_memo_made();
    GPtrArray *fresh = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < whole->len; i++)
        g_ptr_array_add(fresh, g_strdup_printf("whole\t%s", (const char *)g_ptr_array_index(whole, i)));
    for (guint i = 0; i < sizes->len; i++)
        g_ptr_array_add(fresh, g_strdup_printf("size\t%s", (const char *)g_ptr_array_index(sizes, i)));
    g_ptr_array_unref(whole);
    g_ptr_array_unref(sizes);
    pend_take(jpeg_pending, fresh);
    pend_take(plan_pending, fresh);
    pend_take(note_pending, fresh);
    bool news = false;
    for (guint i = 0; i < fresh->len; i++) {
        const char *line = g_ptr_array_index(fresh, i);
        if (!strchr(line, '\n') && !(kept_set && g_hash_table_contains(kept_set, line))) {
            if (g_str_has_prefix(line, "note\t"))
                note_forget(line);
            keep_line(g_strdup(line));
            news = true;
        }
    }
    g_ptr_array_unref(fresh);
    bool pngs = png_pending && png_pending->len > 0;
    char *path = news || pngs ? image_memo_path() : NULL;
    if (!path || !make_folder(path)) {
        if (png_pending)
            g_ptr_array_set_size(png_pending, 0);
        g_free(path);
        return;
    }
    for (guint i = 0; pngs && i < png_pending->len; i++) { /* the PNGs first: a line never names a missing one */
        png_new *n = g_ptr_array_index(png_pending, i);
        char *line = png_write(path, n);
        if (!line)
            continue;
        if (!png_names)
            png_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        g_hash_table_replace(png_names, g_strdup(n->id), g_strdup(n->name));
        keep_line(line);
    }
    if (png_pending)
        g_ptr_array_set_size(png_pending, 0);
    kept_trim(path);
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, MAGIC "build %s\n", build());
    for (guint i = 0; i < kept->len; i++) {
        g_string_append(s, g_ptr_array_index(kept, i));
        g_string_append_c(s, '\n');
    }
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)s->str, s->len);
    g_string_append_printf(s, "end %s\n", sum);
    g_free(sum);
    outfile_write_cache(path, s->str, s->len, NULL);
    g_string_free(s, TRUE);
    g_free(path);
}

void image_memo_test_reset(void)
{
    enabled = false;
    loaded = false;
    g_clear_pointer(&png_names, g_hash_table_unref);
    g_clear_pointer(&png_pending, g_ptr_array_unref);
    g_clear_pointer(&jpegs, g_hash_table_unref);
    g_clear_pointer(&jpeg_pending, g_ptr_array_unref);
    g_clear_pointer(&plans, g_hash_table_unref);
    g_clear_pointer(&plan_pending, g_ptr_array_unref);
    g_clear_pointer(&notes, g_hash_table_unref);
    g_clear_pointer(&note_pending, g_ptr_array_unref);
    jpeg_collect = false;
    g_clear_pointer(&kept_set, g_hash_table_unref);
    g_clear_pointer(&kept, g_ptr_array_unref);
}
