/* Unit tests for image_verify_pool: photos verified on threads give, each,
 * exactly image_verify()'s answer and message, whichever of them are
 * damaged and however the threads run (asked in file order, many times
 * over); a file is decoded once while it stays as it is, again when it is
 * rewritten (even to the same size with its modification time put back);
 * a file that is not a JPEG, or not there, gets image_verify()'s answer. */
#include "image_source.h"
#include "image_verify.h"
#include "image_verify_pool.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <turbojpeg.h>
#include <utime.h>

#define N_PHOTOS 8

/* A w×h JPEG of a pattern that depends on 'seed'. */
static GByteArray *make_jpeg(int w, int h, int seed)
{
    guint8 *rgb = g_malloc((gsize)w * h * 3);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            guint8 *p = rgb + ((gsize)y * w + x) * 3;
            p[0] = (guint8)(x * 255 / w + seed * 31);
            p[1] = (guint8)(y * 255 / h);
            p[2] = (guint8)(((x + seed) ^ y) & 0xFF);
        }
    tjhandle c = tjInitCompress();
    unsigned char *out = NULL;
    unsigned long len = 0;
    g_assert_cmpint(tjCompress2(c, rgb, w, 0, h, TJPF_RGB, &out, &len, TJSAMP_420, 90, 0), ==, 0);
    GByteArray *j = g_byte_array_new();
    g_byte_array_append(j, out, (guint)len);
    tjFree(out);
    tjDestroy(c);
    g_free(rgb);
    return j;
}

/* The JPEG cut at 'part' of its length, its EOI put back: damaged, with
 * a row in the message that differs from one cut to another. */
static GByteArray *cut_jpeg(const GByteArray *j, double part)
{
    GByteArray *c = g_byte_array_new();
    g_byte_array_append(c, j->data, (guint)(j->len * part));
    g_byte_array_append(c, (const guint8 *)"\xFF\xD9", 2);
    return c;
}

/* Written in place (the same inode), without waiting for the disk. */
static void write_file(const char *path, const GByteArray *b)
{
    g_assert_true(g_file_set_contents_full(path, (const char *)b->data, b->len, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
}

typedef struct photos {
    char *dir;
    char *paths[N_PHOTOS];
    GByteArray *whole[N_PHOTOS];
} photos;

static void photos_make(photos *p)
{
    GError *err = NULL;
    p->dir = g_dir_make_tmp("tripreport-pool-XXXXXX", &err);
    g_assert_no_error(err);
    for (int i = 0; i < N_PHOTOS; i++) {
        char *name = g_strdup_printf("p%d.jpg", i);
        p->paths[i] = g_build_filename(p->dir, name, NULL);
        p->whole[i] = make_jpeg(640 + 16 * i, 480, i);
        g_free(name);
    }
}

static void photos_free(photos *p)
{
    for (int i = 0; i < N_PHOTOS; i++) {
        g_unlink(p->paths[i]);
        g_free(p->paths[i]);
        g_byte_array_unref(p->whole[i]);
    }
    g_rmdir(p->dir);
    g_free(p->dir);
}

/* "" for whole, else image_verify()'s message. */
static char *answer_of(bool ok, GError *err)
{
    char *a = ok ? g_strdup("") : g_strdup(err->message);
    g_assert_true(ok == (err == NULL));
    return a;
}

/* Every subset of the photos damaged in turn (a cut at a place of its
 * own), verified on 'threads' threads: each answer is image_verify()'s. */
static void check_subsets(int threads)
{
    photos p;
    photos_make(&p);
    image_verify_pool_set_threads(threads);
    const unsigned subsets[] = { 0, 1, 1u << (N_PHOTOS - 1), 0x81, 0x55, 0xAA, 0xFF, 0x3C };
    for (guint s = 0; s < G_N_ELEMENTS(subsets); s++) {
        for (int i = 0; i < N_PHOTOS; i++) {
            if (subsets[s] & (1u << i)) {
                GByteArray *c = cut_jpeg(p.whole[i], 0.2 + 0.07 * i);
                write_file(p.paths[i], c);
                g_byte_array_unref(c);
            } else {
                write_file(p.paths[i], p.whole[i]);
            }
        }
        /* What the verification of one file after another says. */
        char *want[N_PHOTOS];
        for (int i = 0; i < N_PHOTOS; i++) {
            GError *err = NULL;
            bool ok = image_verify(p.paths[i], &err);
            want[i] = answer_of(ok, err);
            g_clear_error(&err);
            g_assert_true(ok == !(subsets[s] & (1u << i)));
        }
        /* The same, begun at once and asked for in order, several times. */
        for (int round = 0; round < 5; round++) {
            image_verify_pool_forget();
            for (int i = 0; i < N_PHOTOS; i++)
                image_verify_pool_start(p.paths[i]);
            for (int i = 0; i < N_PHOTOS; i++) {
                GError *err = NULL;
                bool ok = image_verify_pool_result(p.paths[i], &err);
                char *got = answer_of(ok, err);
                if (ok)
                    g_assert_no_error(err);
                else
                    g_assert_error(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED);
                g_assert_cmpstr(got, ==, want[i]);
                g_free(got);
                g_clear_error(&err);
            }
        }
        for (int i = 0; i < N_PHOTOS; i++)
            g_free(want[i]);
    }
    image_verify_pool_forget();
    image_verify_pool_set_threads(0);
    photos_free(&p);
}

static void test_threads(void)
{
    check_subsets(4);
}

static void test_one_thread(void)
{
    check_subsets(1);
}

/* Asked for out of order, or only some of them: still each its own answer. */
static void test_out_of_order(void)
{
    photos p;
    photos_make(&p);
    image_verify_pool_set_threads(3);
    image_verify_pool_forget();
    for (int i = 0; i < N_PHOTOS; i++) {
        if (i % 3 == 1) {
            GByteArray *c = cut_jpeg(p.whole[i], 0.5);
            write_file(p.paths[i], c);
            g_byte_array_unref(c);
        } else {
            write_file(p.paths[i], p.whole[i]);
        }
        image_verify_pool_start(p.paths[i]);
    }
    for (int i = N_PHOTOS - 1; i >= 0; i -= 2) {
        GError *err = NULL;
        g_assert_true(image_verify_pool_result(p.paths[i], &err) == (i % 3 != 1));
        g_clear_error(&err);
    }
    image_verify_pool_forget();
    image_verify_pool_set_threads(0);
    photos_free(&p);
}

/* One decode for a file while it stays as it is; a rewrite, even to the
 * same length with the same modification time, is decoded again and its
 * new answer given. */
static void test_once_and_honest(void)
{
    photos p;
    photos_make(&p);
    image_verify_pool_set_threads(2);
    image_verify_pool_forget();
    const char *path = p.paths[0];
    write_file(path, p.whole[0]);
    int before = image_verify_pool_decoded();
    image_verify_pool_start(path);
    image_verify_pool_start(path); /* named twice in the trip */
    GError *err = NULL;
    g_assert_true(image_verify_pool_result(path, &err));
    g_assert_true(image_verify_pool_result(path, &err));
    image_verify_pool_start(path); /* the next render of `watch` */
    g_assert_true(image_verify_pool_result(path, &err));
    g_assert_no_error(err);
    g_assert_cmpint(image_verify_pool_decoded() - before, ==, 1);

    /* Damaged in place: the same inode and size, the modification time
     * put back (only the change time tells). */
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    GByteArray *bad = g_byte_array_new();
    g_byte_array_append(bad, p.whole[0]->data, p.whole[0]->len);
    memset(bad->data + bad->len / 2, 0xFF, 64);
    write_file(path, bad);
    struct utimbuf back = { st.st_atime, st.st_mtime };
    g_assert_cmpint(utime(path, &back), ==, 0);
    image_verify_pool_start(path);
    g_assert_false(image_verify_pool_result(path, &err));
    g_assert_error(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED);
    g_clear_error(&err);
    g_assert_cmpint(image_verify_pool_decoded() - before, ==, 2);
    /* Changed after it was begun, before it was asked for: the file as it is. */
    image_verify_pool_start(p.paths[1]);
    write_file(p.paths[1], p.whole[1]);
    g_assert_true(image_verify_pool_result(p.paths[1], &err));
    g_assert_no_error(err);
    g_byte_array_unref(bad);
    image_verify_pool_forget();
    image_verify_pool_set_threads(0);
    photos_free(&p);
}

/* What batch keeps between runs: the identity of each file read through
 * and found whole here (not of a damaged one, nor of one only added), and
 * an identity added as whole is answered without reading the file, even
 * when the file is damaged: the caller vouches for it. */
static void test_found_and_added(void)
{
    photos p;
    photos_make(&p);
    image_verify_pool_set_threads(2);
    image_verify_pool_forget();
    write_file(p.paths[0], p.whole[0]);
    GByteArray *bad = cut_jpeg(p.whole[1], 0.5);
    write_file(p.paths[1], bad);
    GError *err = NULL;
    image_verify_pool_start(p.paths[0]);
    image_verify_pool_start(p.paths[1]);
    g_assert_true(image_verify_pool_result(p.paths[0], &err));
    g_assert_false(image_verify_pool_result(p.paths[1], &err));
    g_clear_error(&err);
    struct stat st0, st1, st2;
    g_assert_cmpint(stat(p.paths[0], &st0), ==, 0);
    g_assert_cmpint(stat(p.paths[1], &st1), ==, 0);
    char *id0 = image_verify_pool_identity(&st0), *id1 = image_verify_pool_identity(&st1);
    GPtrArray *found = image_verify_pool_found_whole();
    g_assert_cmpuint(found->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(found, 0), ==, id0);
    g_ptr_array_unref(found);

    /* A damaged file added as whole: taken as whole, not read, not found. */
    write_file(p.paths[2], bad);
    g_assert_cmpint(stat(p.paths[2], &st2), ==, 0);
    char *id2 = image_verify_pool_identity(&st2);
    image_verify_pool_add_whole(id2);
    int before = image_verify_pool_decoded();
    image_verify_pool_start(p.paths[2]);
    g_assert_true(image_verify_pool_result(p.paths[2], &err));
    g_assert_no_error(err);
    g_assert_cmpint(image_verify_pool_decoded(), ==, before);
    found = image_verify_pool_found_whole();
    g_assert_cmpuint(found->len, ==, 1);
    g_ptr_array_unref(found);
    /* forget() forgets what was found too */
    image_verify_pool_forget();
    found = image_verify_pool_found_whole();
    g_assert_cmpuint(found->len, ==, 0);
    g_ptr_array_unref(found);
    g_free(id2);
    g_free(id1);
    g_free(id0);
    g_byte_array_unref(bad);
    image_verify_pool_set_threads(0);
    photos_free(&p);
}

/* Not a JPEG, not there, a folder: image_verify()'s answer. */
static void test_not_jpeg(void)
{
    photos p;
    photos_make(&p);
    image_verify_pool_set_threads(2);
    char *png = g_build_filename(p.dir, "x.png", NULL);
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
    write_file(png, b);
    char *none = g_build_filename(p.dir, "none.jpg", NULL);
    const char *paths[] = { png, none, p.dir };
    for (guint i = 0; i < G_N_ELEMENTS(paths); i++) {
        GError *want = NULL, *got = NULL;
        bool w = image_verify(paths[i], &want);
        image_verify_pool_start(paths[i]);
        bool g = image_verify_pool_result(paths[i], &got);
        g_assert_true(w == g);
        g_assert_false(g);
        g_assert_cmpstr(got->message, ==, want->message);
        g_assert_cmpint(got->code, ==, want->code);
        g_clear_error(&want);
        g_clear_error(&got);
    }
    g_unlink(png);
    g_free(png);
    g_free(none);
    g_byte_array_unref(b);
    image_verify_pool_forget();
    image_verify_pool_set_threads(0);
    photos_free(&p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/image/verify-pool/threads", test_threads);
    g_test_add_func("/image/verify-pool/one-thread", test_one_thread);
    g_test_add_func("/image/verify-pool/out-of-order", test_out_of_order);
    g_test_add_func("/image/verify-pool/once-and-honest", test_once_and_honest);
    g_test_add_func("/image/verify-pool/not-jpeg", test_not_jpeg);
    g_test_add_func("/image/verify-pool/found-and-added", test_found_and_added);
    return g_test_run();
}
