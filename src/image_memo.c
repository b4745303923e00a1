/* image_memo: what earlier renders learned of the photos (image_memo.h).
 *
 * The file, text:
 *   tripreport image memo 1
 *   build SHA-256 of the program's and its libraries' identities
 *   whole<TAB>IDENTITY                     a JPEG read through and found whole
 *   size<TAB>KEY<TAB>VALUE                 a size note's image measured
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

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <link.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef TRIPREPORT_VERSION
#define TRIPREPORT_VERSION "0.1.0"
#endif

#define MAGIC "tripreport image memo 1\n"
#define MAX_BYTES (1 << 20)

static bool enabled, loaded;
static char *build_key;      /* this build's key, once made */
static GPtrArray *kept;      /* lines (without '\n') read or saved, the oldest first */
static GHashTable *kept_set; /* the same lines (borrowed from 'kept') */

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

/* One loaded object's identity (its path, device, inode, size and
 * modification time) into the string 'data'. */
static int add_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    const char *name = info->dlpi_name;
    struct stat st;
    if (!name || name[0] != '/')
        return 0; /* the program itself (below) or the kernel's vDSO */
    if (stat(name, &st) == 0)
        g_string_append_printf(data, "%s %ju:%ju:%jd:%jd.%09ld\n", name, (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
                               (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    else
        g_string_append_printf(data, "%s ?\n", name);
    return 0;
}

/* This build: the program's file and every library loaded, by identity
 * (hashing their bytes would cost more than the memo saves). */
static const char *build(void)
{
    if (build_key)
        return build_key;
    GString *s = g_string_new(TRIPREPORT_VERSION "\n");
    struct stat st;
    if (stat("/proc/self/exe", &st) == 0)
        g_string_append_printf(s, "exe %ju:%ju:%jd:%jd.%09ld\n", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
                               (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    dl_iterate_phdr(add_object, s);
    build_key = g_compute_checksum_for_string(G_CHECKSUM_SHA256, s->str, (gssize)s->len);
    g_string_free(s, TRUE);
    return build_key;
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

/* The memo's text, if it is a regular file of this user's, not too large. */
static char *read_memo(const char *path, gsize *len)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() && st.st_size > 0 &&
        st.st_size <= MAX_BYTES) {
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

void image_memo_load(void)
{
    if (!enabled || loaded)
        return;
    loaded = true;
    char *path = image_memo_path();
    gsize len = 0;
    char *text = path ? read_memo(path, &len) : NULL;
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
    bool news = false;
    for (guint i = 0; i < fresh->len; i++) {
        const char *line = g_ptr_array_index(fresh, i);
        if (!strchr(line, '\n') && !(kept_set && g_hash_table_contains(kept_set, line))) {
            keep_line(g_strdup(line));
            news = true;
        }
    }
    g_ptr_array_unref(fresh);
    char *path = news ? image_memo_path() : NULL;
    if (!path)
        return;
    if (kept->len > IMAGE_MEMO_MAX) { /* the oldest go */
        guint drop = kept->len - IMAGE_MEMO_MAX;
        for (guint i = 0; i < drop; i++)
            g_hash_table_remove(kept_set, g_ptr_array_index(kept, i));
        g_ptr_array_remove_range(kept, 0, drop);
    }
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, MAGIC "build %s\n", build());
    for (guint i = 0; i < kept->len; i++) {
        g_string_append(s, g_ptr_array_index(kept, i));
        g_string_append_c(s, '\n');
    }
    char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)s->str, s->len);
    g_string_append_printf(s, "end %s\n", sum);
    g_free(sum);
    if (make_folder(path))
        outfile_write_all(path, s->str, s->len, NULL);
    g_string_free(s, TRUE);
    g_free(path);
}

void image_memo_test_reset(void)
{
    enabled = false;
    loaded = false;
    g_clear_pointer(&kept_set, g_hash_table_unref);
    g_clear_pointer(&kept, g_ptr_array_unref);
}
