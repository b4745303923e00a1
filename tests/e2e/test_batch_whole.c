/* test_batch_whole: batch reads a photo through (its picture data, for
 * damage) once for the program: the memo (.tripreport-files) keeps each
 * JPEG found whole under its identity (device, inode, size, modification
 * and change times), and a later batch of the same program takes it as
 * whole without reading it; a photo damaged since, even with its size and
 * modification time put back, is read through again and refused. The
 * memo also keeps each JPEG's stream as drawn for the splice
 * ("jpeg-stream"): a later batch draws it without reading it, and the copy
 * into the PDF checks its bytes against the CRC-32 kept. */
#include "e2e.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>

#define LINE_OF_PHOTO 7

static char *identity(const char *path)
{
    struct stat st;
    g_assert_cmpint(stat(path, &st), ==, 0);
    return g_strdup_printf("%ju:%ju:%jd:%jd.%09ld:%jd.%09ld", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
                           (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
                           (intmax_t)st.st_ctim.tv_sec, (long)st.st_ctim.tv_nsec);
}

/* The value of the memo's line "KEY\tVALUE" for 'key', or NULL. */
static char *memo_value(const char *memo, const char *key)
{
    char *text = file_bytes(memo, NULL);
    char *want = g_strconcat(key, "\t", NULL), *v = NULL;
    char **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i] && !v; i++)
        if (g_str_has_prefix(lines[i], want))
            v = g_strdup(lines[i] + strlen(want));
    g_strfreev(lines);
    g_free(want);
    g_free(text);
    return v;
}

static result batch_force(const char *dir, const char *out)
{
    return RUN(bin, "batch", dir, "-o", out, "-j", "1", "--force");
}

/* In the series folder 'dir', the report 001-matsue of one photo (a copy
 * of the sample's first): its trip file (returned; caller frees), its
 * photo ('*photo') and that photo's size ('*len'). */
static char *one_report(const char *dir, char **photo, gsize *len)
{
    char *rep = g_build_filename(dir, "001-matsue", NULL), *photos = g_build_filename(rep, "photos", NULL);
    g_assert_cmpint(g_mkdir_with_parents(photos, 0755), ==, 0);
    *photo = g_build_filename(photos, "p.jpg", NULL);
    char *bytes = file_bytes("out/samples/017-matsue/photos/01-city-hall.jpg", len);
    g_assert_true(g_file_set_contents(*photo, bytes, (gssize)*len, NULL));
    char *trip = g_build_filename(rep, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip,
                                      "number: 1\nplace: 島根県\nperiod: 2024-02-07\ntraveler: 磐梯太郎\n[photos]\n"
                                      "heading: 写真\nphoto: photos/p.jpg\ncaption: 市役所\n",
                                      -1, NULL));
    g_free(bytes);
    g_free(photos);
    g_free(rep);
    return trip;
}

static void test_batch_whole(void)
{
    char *dir = tmpdir();
    gsize len = 0;
    char *photo = NULL, *trip = one_report(dir, &photo, &len);
    char *out = g_build_filename(dir, "pdf", NULL);
    char *memo = g_build_filename(out, ".tripreport-files", NULL);

    /* 1. Read through, found whole: kept under its identity, with the
     * program's hash. */
    result r = batch_force(dir, out);
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "rendered 1, skipped 0, failed 0"));
    result_clear(&r);
    char *id = identity(photo), *key = g_strconcat("jpeg-whole ", id, NULL);
    char *program = memo_value(memo, key);
    if (!program)
        g_error("no '%s' in %s", key, memo);
    g_assert_cmpuint(strlen(program), ==, 64);

    /* 2. Damaged in place, its size and modification time put back: its
     * change time differs, so it is read through and refused. */
    struct stat before;
    g_assert_cmpint(stat(photo, &before), ==, 0);
    int fd = open(photo, O_WRONLY);
    g_assert_cmpint(fd, >=, 0);
    static const unsigned char eoi[2] = { 0xFF, 0xD9 };
    g_assert_cmpint(pwrite(fd, eoi, 2, (off_t)(len / 3)), ==, 2);
    struct timespec times[2] = { before.st_atim, before.st_mtim };
    g_assert_cmpint(futimens(fd, times), ==, 0);
    close(fd);
    char *damaged_id = identity(photo);
    g_assert_cmpstr(damaged_id, !=, id);
    r = batch_force(dir, out);
    g_assert_cmpint(r.status, ==, 1);
    char *at = g_strdup_printf("%s:%d:8: error: ", trip, LINE_OF_PHOTO);
    if (!strstr(r.err, at) || !strstr(r.err, "rendered 0, skipped 0, failed 1"))
        g_error("the damaged photo was not refused at %s:\n%s", at, r.err);
    result_clear(&r);

    /* 3. The memo is what lets a photo by: the damaged file's identity
     * written into it as whole for this program, the same batch renders;
     * written for another program, it is read through and refused. */
    for (int other = 0; other < 2; other++) {
        char *text = file_bytes(memo, NULL);
        char *more = g_strdup_printf("%sjpeg-whole %s\t%s\n", text, damaged_id,
                                     other ? "0000000000000000000000000000000000000000000000000000000000000000"
                                           : program);
        g_assert_true(g_file_set_contents(memo, more, -1, NULL));
        g_free(more);
        g_free(text);
        r = batch_force(dir, out);
        if (other) {
            g_assert_cmpint(r.status, ==, 1);
            g_assert_nonnull(strstr(r.err, at));
        } else {
            if (r.status != 0)
                g_error("the memo's answer was not taken:\n%s", r.err);
            g_assert_nonnull(strstr(r.err, "rendered 1, skipped 0, failed 0"));
        }
        result_clear(&r);
    }
    g_free(at);
    g_free(damaged_id);
    g_free(program);
    g_free(key);
    g_free(id);
    g_free(memo);
    g_free(out);
    g_free(trip);
    g_free(photo);
    rm_rf(dir);
    g_free(dir);
}

/* A JPEG's stream kept by one batch is what the next one splices: the
 * same PDF; a kept CRC-32 that is not the file's (a file changed with its
 * identity kept, which no write can do) stops that report at the copy,
 * its PDF already there untouched. */
static void test_batch_streams(void)
{
    char *dir = tmpdir();
    gsize len = 0;
    char *photo = NULL, *trip = one_report(dir, &photo, &len);
    char *out = g_build_filename(dir, "pdf", NULL);
    char *memo = g_build_filename(out, ".tripreport-files", NULL);
    char *pdf = g_build_filename(out, "001-matsue.pdf", NULL);

    result r = batch_force(dir, out);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    char *id = identity(photo), *key = g_strconcat("jpeg-stream ", id, NULL);
    char *value = memo_value(memo, key);
    if (!value)
        g_error("no '%s' in %s", key, memo);
    /* The program's hash, then width height orientation sampling, the bytes
     * up to the EOI, the file's own range (all of it: no metadata), its
     * CRC-32, no head, no tail. */
    char *want = g_strdup_printf(" 4032 3024 1 2 %zu 0 %zu ", len, len);
    g_assert_cmpuint(strlen(value), >, 64);
    g_assert_nonnull(strstr(value + 64, want));
    g_assert_true(g_str_has_suffix(value, " - -"));
    gsize pdf_len = 0;
    char *first = file_bytes(pdf, &pdf_len);

    r = batch_force(dir, out);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    gsize again_len = 0;
    char *again = file_bytes(pdf, &again_len);
    g_assert_cmpuint(again_len, ==, pdf_len);
    g_assert_true(memcmp(again, first, pdf_len) == 0);

    /* The CRC-32 (the 8 hex digits before " - -") changed. */
    char *text = file_bytes(memo, NULL);
    char *line = g_strconcat(key, "\t", value, NULL);
    char *at = strstr(text, line);
    g_assert_nonnull(at);
    char *crc = at + strlen(line) - strlen(" - -") - 1;
    *crc = *crc == '0' ? '1' : '0';
    g_assert_true(g_file_set_contents(memo, text, -1, NULL));
    r = batch_force(dir, out);
    g_assert_cmpint(r.status, ==, 1);
    if (!strstr(r.err, "changed while the PDF was made") || !strstr(r.err, "rendered 0, skipped 0, failed 1"))
        g_error("the kept CRC-32 was not checked:\n%s", r.err);
    result_clear(&r);
    gsize now_len = 0;
    char *now = file_bytes(pdf, &now_len);
    g_assert_cmpuint(now_len, ==, pdf_len);
    g_assert_true(memcmp(now, first, pdf_len) == 0);

    g_free(now);
    g_free(line);
    g_free(text);
    g_free(again);
    g_free(first);
    g_free(want);
    g_free(value);
    g_free(key);
    g_free(id);
    g_free(pdf);
    g_free(memo);
    g_free(out);
    g_free(trip);
    g_free(photo);
    rm_rf(dir);
    g_free(dir);
}

E2E_TESTS(add_batch_whole_tests, 41)
{
    g_test_add_func("/e2e/batch/photos-read-through-once", test_batch_whole);
    g_test_add_func("/e2e/batch/photo-streams-kept", test_batch_streams);
}
