/* Unit tests for image_memo.c: a report rendered again in a new process
 * (its memories dropped, the memo loaded) reads no photo through and makes
 * no image for its size note, and gives the same PDF and note; a photo
 * rewritten in place, to the same size with its modification time put
 * back, is read through again and its damage said; a memo that was
 * altered, is of another build, or is a symbolic link is not believed
 * (nor written through); the memo keeps at most IMAGE_MEMO_MAX entries,
 * the oldest dropped. PNGs: one with alpha is packed once and its streams
 * taken from beside the memo after (the same PDF), not when they were
 * altered or the file rewritten; an opaque one passed through has its
 * zlib stream inflated once; at most IMAGE_MEMO_PNG_MAX packed PNGs are
 * kept, the oldest removed. Notes: one a name, the newest. */
#include "imagetest.h"

#include "diag.h"
#include "image_embed.h"
#include "image_estimate.h"
#include "image_memo.h"
#include "image_verify_pool.h"
#include "infile.h"
#include "report.h"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>

static char *cache; /* XDG_CACHE_HOME of these tests */

/* What a new process would know: nothing but the memo, enabled. */
static void new_process(void)
{
    infile_forget(); /* the inputs of the renders before */
    image_verify_pool_forget();
    image_estimate_memo_forget();
    image_memo_test_reset();
    image_memo_enable();
}

/* Counts of work on photos since the process started. */
typedef struct work {
    int decoded, checked, made;
} work;

static work work_now(void)
{
    work w = { image_verify_pool_decoded(), image_estimate_test_checked(), 0 };
    image_estimate_test_stats(NULL, &w.made, NULL);
    return w;
}

/* Work done since 'w0', all three summed. */
static int work_since(work w0)
{
    work w = work_now();
    return (w.decoded - w0.decoded) + (w.checked - w0.checked) + (w.made - w0.made);
}

/* A trip's metadata and the heading of its page of photos. */
#define TRIP_HEAD                                                                                                      \
    "number: 18\nplace: 福島県磐梯町\nperiod: 2024-06-03 .. 2024-06-05\ntraveler: 磐梯太郎\n\n[photos]\nheading: 写真\n"

typedef struct trip {
    char *photos[3];
    char *trip, *layout, *pdf;
} trip;

/* A report of three photos that is sure to get the size note. */
static void trip_make(trip *t, const char *name)
{
    GString *s = g_string_new(TRIP_HEAD);
    for (int i = 0; i < 3; i++) {
        char *file = g_strdup_printf("%s-%d.jpg", name, i);
        t->photos[i] = noise_jpeg(file, 1200, 900, 70 + (guint32)i, 1, 0);
        g_string_append_printf(s, "photo: %s\ncaption: 写真 %d\n", t->photos[i], i);
        g_free(file);
    }
    char *file = g_strdup_printf("%s.txt", name);
    t->trip = write_fixture(file, s->str, s->len);
    g_free(file);
    const char *limit = "pdf-size-limit: 0.1\n";
    file = g_strdup_printf("%s.layout", name);
    t->layout = write_fixture(file, limit, strlen(limit));
    g_free(file);
    file = g_strdup_printf("%s.pdf", name);
    t->pdf = path_of(file);
    g_free(file);
    g_string_free(s, TRUE);
}

static void trip_free(trip *t)
{
    for (int i = 0; i < 3; i++)
        g_free(t->photos[i]);
    g_free(t->trip);
    g_free(t->layout);
    g_free(t->pdf);
}

/* Renders 't' as `render` does; its size note (or its first error) into
 * '*said' (caller frees). */
/* Renders the trip file 'path' to 'pdf' as `render` does, with the design
 * 'layout' (NULL: the default) and the size note or not; its note or
 * first error into '*said' (may be NULL; caller frees). Every message is
 * printed when it fails and '*said' is not asked for. */
static bool render_file(const char *path, const char *layout, const char *pdf, bool note, char **said)
{
    report_options o;
    memset(&o, 0, sizeof o);
    o.layout = layout;
    o.size_note = note;
    diag_list *d = diag_list_new();
    bool ok = report_render(path, pdf, &o, d, NULL);
    if (said)
        *said = NULL;
    for (guint i = 0; i < d->msgs->len; i++) {
        char *m = diag_format(g_ptr_array_index(d->msgs, i));
        if (said && !*said && (strstr(m, "--image-dpi 150") || strstr(m, "error:")))
            *said = g_steal_pointer(&m);
        else if (!said && !ok)
            g_printerr("%s\n", m);
        g_free(m);
    }
    diag_list_free(d);
    return ok;
}

static bool render_as(const trip *t, bool note, char **said)
{
    return render_file(t->trip, t->layout, t->pdf, note, said);
}

static bool render(const trip *t, char **said)
{
    return render_as(t, true, said);
}

/* Writes 'b' over the file 'path' in place (the same inode), then puts
 * its access and modification times back to the nanosecond: only its
 * change time tells. */
static void rewrite_in_place(const char *path, const GByteArray *b)
{
    GStatBuf sb, now;
    g_assert_cmpint(g_stat(path, &sb), ==, 0);
    FILE *f = fopen(path, "r+b");
    g_assert_nonnull(f);
    g_assert_cmpint(fwrite(b->data, 1, b->len, f), ==, b->len);
    fclose(f);
    struct timespec times[2] = { sb.st_atim, sb.st_mtim };
    g_assert_cmpint(utimensat(AT_FDCWD, path, times, 0), ==, 0);
    g_assert_cmpint(g_stat(path, &now), ==, 0);
    g_assert_cmpint(now.st_ino, ==, sb.st_ino);
    g_assert_cmpint(now.st_mtim.tv_sec, ==, sb.st_mtim.tv_sec);
    g_assert_cmpint(now.st_mtim.tv_nsec, ==, sb.st_mtim.tv_nsec);
}

static char *memo_text(void)
{
    char *path = image_memo_path(), *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_free(path);
    return text;
}

static int lines_starting(const char *text, const char *prefix)
{
    int n = 0;
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        n += g_str_has_prefix(p, prefix);
    return n;
}

/* The memo's text with its end line made again for 'body' (whatever it
 * says): a memo as image_memo_save would write it. */
static char *memo_signed(const char *body)
{
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, body, -1);
    char *text = g_strdup_printf("%send %s\n", body, sum);
    g_free(sum);
    return text;
}

static void memo_write(const char *text)
{
    char *path = image_memo_path();
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_free(path);
}

/* Rendered again in a new process: nothing read through or made, the same
 * PDF and note; the memo is not written again when nothing is new. */
static void test_memo_again(void)
{
    trip t;
    trip_make(&t, "again");
    new_process();
    char *path = image_memo_path();
    g_assert_true(g_str_has_prefix(path, cache));
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    work w0 = work_now();
    char *said1 = NULL, *said2 = NULL;
    g_assert_true(render(&t, &said1));
    g_assert_nonnull(said1);
    g_assert_cmpint(work_since(w0), ==, 6); /* each photo checked and made, in one decode */
    char *text = memo_text();
    g_assert_cmpint(lines_starting(text, "whole\t"), ==, 3);
    g_assert_cmpint(lines_starting(text, "size\t"), ==, 3);
    GByteArray *pdf1 = read_all(t.pdf);
    GStatBuf before, after;
    g_assert_cmpint(g_stat(path, &before), ==, 0);

    new_process();
    w0 = work_now();
    g_assert_true(render(&t, &said2));
    g_assert_cmpint(work_since(w0), ==, 0);
    g_assert_cmpstr(said2, ==, said1);
    GByteArray *pdf2 = read_all(t.pdf);
    g_assert_cmpmem(pdf2->data, pdf2->len, pdf1->data, pdf1->len);
    g_assert_cmpint(g_stat(path, &after), ==, 0);
    g_assert_cmpint(after.st_ino, ==, before.st_ino); /* not written again */

    /* Not enabled (the library alone): the memo is neither read nor
     * written. */
    image_verify_pool_forget();
    image_estimate_memo_forget();
    image_memo_test_reset();
    g_assert_cmpint(g_remove(path), ==, 0);
    w0 = work_now();
    g_free(said2);
    g_assert_true(render(&t, &said2));
    g_assert_cmpint(work_since(w0), ==, 6);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    /* ... and read when enabled again, after that: */
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    new_process();
    w0 = work_now();
    g_free(said2);
    g_assert_true(render(&t, &said2));
    g_assert_cmpint(work_since(w0), ==, 0);
    g_byte_array_unref(pdf1);
    g_byte_array_unref(pdf2);
    g_free(said1);
    g_free(said2);
    g_free(text);
    g_free(path);
    trip_free(&t);
}

/* A photo the memo knows as whole, rewritten in place to the same size
 * with its modification time put back, and damaged: read through again,
 * its damage an error, the PDF already there left as it was; by the size
 * note's decode ('note') or by the check alone. */
static void changed_case(bool note)
{
    trip t;
    trip_make(&t, note ? "changed" : "changed-nonote");
    new_process();
    char *said = NULL;
    g_assert_true(render_as(&t, note, &said));
    g_free(said);
    GByteArray *pdf1 = read_all(t.pdf);

    GByteArray *j = read_all(t.photos[1]);
    j->data[j->len / 2] = 0xFF; /* cut short at half, the rest zeros after its EOI: the same size */
    j->data[j->len / 2 + 1] = 0xD9;
    for (guint i = j->len / 2 + 2; i < j->len; i++)
        j->data[i] = 0;
    rewrite_in_place(t.photos[1], j);

    new_process();
    work w0 = work_now();
    g_assert_false(render_as(&t, note, &said));
    g_assert_nonnull(said);
    if (!strstr(said, note ? "changed.txt:10:8: error:" : "changed-nonote.txt:10:8: error:") ||
        !strstr(said, "damaged JPEG"))
        g_error("got '%s'", said);
    g_test_message("said: %s; work %d", said, work_since(w0));
    g_assert_cmpint(work_since(w0), >=, 1);
    GByteArray *pdf2 = read_all(t.pdf);
    g_assert_cmpmem(pdf2->data, pdf2->len, pdf1->data, pdf1->len);
    g_byte_array_unref(pdf1);
    g_byte_array_unref(pdf2);
    g_byte_array_unref(j);
    g_free(said);
    trip_free(&t);
}

static void test_memo_changed(void)
{
    changed_case(true);
    changed_case(false);
}

/* A memo altered by one byte, one of another build (its sum right), and
 * one that is a symbolic link: none is believed; the link is not written
 * through. */
static void test_memo_not_believed(void)
{
    trip t;
    trip_make(&t, "believed");
    new_process();
    char *said = NULL;
    g_assert_true(render(&t, &said));
    g_free(said);
    char *good = memo_text();
    g_assert_cmpint(lines_starting(good, "whole\t"), >=, 3);

    /* One digit of an identity changed. */
    char *bad = g_strdup(good);
    char *at = strstr(bad, "whole\t") + strlen("whole\t");
    *at = *at == '1' ? '2' : '1';
    memo_write(bad);
    new_process();
    work w0 = work_now();
    g_assert_true(render(&t, &said));
    g_free(said);
    g_assert_cmpint(work_since(w0), ==, 6);

    /* Another build, the sum made again. */
    char *body = g_strndup(good, (gsize)(strstr(good, "\nend ") + 1 - good));
    char *b = strstr(body, "\nbuild ") + strlen("\nbuild ");
    *b = *b == 'a' ? 'b' : 'a';
    char *other = memo_signed(body);
    memo_write(other);
    new_process();
    w0 = work_now();
    g_assert_true(render(&t, &said));
    g_free(said);
    g_assert_cmpint(work_since(w0), ==, 6);

    /* The same memo, right, as a link to a file elsewhere. */
    char *path = image_memo_path(), *elsewhere = path_of("memo-elsewhere");
    g_assert_true(g_file_set_contents(elsewhere, good, -1, NULL));
    g_assert_cmpint(g_remove(path), ==, 0);
    g_assert_cmpint(symlink(elsewhere, path), ==, 0);
    new_process();
    w0 = work_now();
    g_assert_true(render(&t, &said));
    g_free(said);
    g_assert_cmpint(work_since(w0), ==, 6);
    GStatBuf sb;
    g_assert_cmpint(g_lstat(path, &sb), ==, 0);
    g_assert_true(S_ISLNK(sb.st_mode));
    char *kept = NULL;
    g_assert_true(g_file_get_contents(elsewhere, &kept, NULL, NULL));
    g_assert_cmpstr(kept, ==, good);
    g_assert_cmpint(g_remove(path), ==, 0);

    g_free(kept);
    g_free(path);
    g_free(elsewhere);
    g_free(other);
    g_free(body);
    g_free(bad);
    g_free(good);
    trip_free(&t);
}

/* The memo's text with the fields of its first line starting with
 * 'prefix' made 'fields' (signed again). */
static char *memo_with_fields(const char *text, const char *prefix, const char *fields)
{
    GString *b = g_string_new(NULL);
    bool done = false;
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l && **l; l++) {
        if (g_str_has_prefix(*l, "end "))
            break;
        if (!done && g_str_has_prefix(*l, prefix)) {
            const char *tab = strchr(*l + strlen("jpeg\t"), '\t');
            g_string_append_len(b, *l, tab + 1 - *l);
            g_string_append(b, fields);
            done = true;
        } else {
            g_string_append(b, *l);
        }
        g_string_append_c(b, '\n');
    }
    g_assert_true(done);
    g_strfreev(lines);
    char *signed_text = memo_signed(b->str);
    g_string_free(b, TRUE);
    return signed_text;
}

/* The fields of the first jpeg line of 'text'. Caller frees. */
static char *jpeg_fields(const char *text)
{
    const char *l = strstr(text, "\njpeg\t");
    g_assert_nonnull(l);
    const char *f = strchr(l + 6, '\t') + 1, *end = strchr(f, '\n');
    return g_strndup(f, (gsize)(end - f));
}

/* A JPEG drawn for the splice is kept as its stream's description (its
 * size, orientation, sampling, the range of the file's own bytes and their
 * CRC-32, the bytes around them): drawn again in a new process, the photo
 * is not read at all (the same PDF, its bytes copied from the file and
 * checked against the CRC-32 of the first reading). A memo whose CRC-32 is
 * not the file's (a file changed with its identity kept, which no write
 * can do) stops the render at the copy, the PDF already there untouched;
 * fields that do not hold together are not believed. */
static void test_memo_jpeg(void)
{
    trip t;
    trip_make(&t, "jpeg");
    new_process();
    char *said = NULL;
    g_assert_true(render(&t, &said));
    g_free(said);
    char *text = memo_text();
    g_assert_cmpint(lines_starting(text, "jpeg\t"), ==, 3);
    char *fields = jpeg_fields(text);
    g_test_message("jpeg: %s", fields);
    int w = 0, h = 0, o = 0, sub = -1;
    gint64 len = 0, at = -1, n = 0;
    unsigned crc = 0;
    char head[8] = "", tail[8] = "";
    g_assert_cmpint(sscanf(fields, "%d %d %d %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %x %7s %7s",
                           &w, &h, &o, &sub, &len, &at, &n, &crc, head, tail), ==, 10);
    g_assert_cmpint(w, ==, 1200);
    g_assert_cmpint(h, ==, 900);
    g_assert_cmpint(o, ==, 1);
    GByteArray *photo = read_all(t.photos[0]);
    g_assert_cmpint(len, ==, (gint64)photo->len); /* a JPEG with no metadata: the file whole */
    g_assert_cmpint(at, ==, 0);
    g_assert_cmpint(n, ==, (gint64)photo->len);
    g_assert_cmpuint(crc, ==, (unsigned)libdeflate_crc32(0, photo->data, photo->len));
    g_assert_cmpstr(head, ==, "-");
    g_assert_cmpstr(tail, ==, "-");
    GByteArray *pdf1 = read_all(t.pdf);

    new_process();
    g_assert_true(render(&t, &said));
    g_free(said);
    GByteArray *pdf2 = read_all(t.pdf);
    g_assert_cmpmem(pdf2->data, pdf2->len, pdf1->data, pdf1->len);
    g_byte_array_unref(pdf2);

    /* The CRC-32 not the file's: the memo was believed, the copy says so. */
    char *wrong = g_strdup_printf("%d %d %d %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %08x - -", w,
                                  h, o, sub, len, at, n, crc ^ 1u);
    char *forged = memo_with_fields(text, "jpeg\t", wrong);
    memo_write(forged);
    new_process();
    g_assert_false(render(&t, &said));
    g_assert_nonnull(said);
    if (!strstr(said, "changed while the PDF was made: make the report again"))
        g_error("got '%s'", said);
    g_free(said);
    pdf2 = read_all(t.pdf);
    g_assert_cmpmem(pdf2->data, pdf2->len, pdf1->data, pdf1->len);
    g_byte_array_unref(pdf2);

    /* A range past the bytes up to the EOI: not believed; the photo read. */
    char *odd = g_strdup_printf("%d %d %d %d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %08x - -", w,
                                h, o, sub, len, at + 1, n, crc);
    g_free(forged);
    forged = memo_with_fields(text, "jpeg\t", odd);
    memo_write(forged);
    new_process();
    g_assert_true(render(&t, &said));
    g_free(said);
    pdf2 = read_all(t.pdf);
    g_assert_cmpmem(pdf2->data, pdf2->len, pdf1->data, pdf1->len);
    g_byte_array_unref(pdf2);

    char *path = image_memo_path();
    g_assert_cmpint(g_remove(path), ==, 0); /* the next test starts without it */
    g_free(path);
    g_free(odd);
    g_free(forged);
    g_free(wrong);
    g_byte_array_unref(photo);
    g_byte_array_unref(pdf1);
    g_free(fields);
    g_free(text);
    trip_free(&t);
}

/* A memo of IMAGE_MEMO_MAX entries learning nine more (three photos
 * found whole, measured for the size note and drawn), and its sections'
 * plans and the fontconfig note, keeps the newest IMAGE_MEMO_MAX: the
 * oldest go, the new ones are there. */
static void test_memo_bounded(void)
{
    trip t;
    trip_make(&t, "bounded");
    new_process();
    char *said = NULL;
    g_assert_true(render(&t, &said)); /* a memo of this build, to take its head from */
    g_free(said);
    char *good = memo_text();
    GString *body = g_string_new_len(good, strstr(good, "\nwhole\t") + 1 - good);
    for (int i = 0; i < IMAGE_MEMO_MAX; i++)
        g_string_append_printf(body, "whole\t0:%d:1:1.000000000:1.000000000\n", i);
    char *full = memo_signed(body->str);
    memo_write(full);

    new_process();
    g_assert_true(render(&t, &said)); /* its photos unknown to that memo: read through */
    g_free(said);
    char *text = memo_text();
    g_assert_cmpint(lines_starting(text, "whole\t") + lines_starting(text, "size\t") + lines_starting(text, "jpeg\t") +
                        lines_starting(text, "plan\t") + lines_starting(text, "note\t"),
                    ==, IMAGE_MEMO_MAX);
    /* The new lines (nine, and the plans and note: 'fresh') took the
     * places of as many of the oldest. */
    int fresh = 0;
    for (int i = 0; i < IMAGE_MEMO_MAX; i++) {
        char *filler = g_strdup_printf("\nwhole\t0:%d:1:1.000000000:1.000000000\n", i);
        fresh += strstr(text, filler) == NULL;
        g_free(filler);
    }
    g_assert_cmpint(fresh, >=, 9);
    char *gone = g_strdup_printf("whole\t0:%d:1:", fresh - 1), *there = g_strdup_printf("whole\t0:%d:1:", fresh);
    g_assert_null(strstr(text, gone));
    g_assert_nonnull(strstr(text, there));
    g_free(gone);
    g_free(there);
    char **lines = g_strsplit(good, "\n", -1); /* the first render's entries: learned again, kept */
    int found = 0;
    for (char **l = lines; *l; l++)
        if (g_str_has_prefix(*l, "whole\t") || g_str_has_prefix(*l, "size\t") || g_str_has_prefix(*l, "jpeg\t")) {
            char *line = g_strconcat("\n", *l, "\n", NULL);
            g_assert_nonnull(strstr(text, line));
            found++;
            g_free(line);
        }
    g_assert_cmpint(found, ==, 9);
    g_strfreev(lines);
    g_free(text);
    g_free(full);
    g_string_free(body, TRUE);
    g_free(good);
    trip_free(&t);
}

/* Long lines (plans of the layout, here) are dropped, the oldest first,
 * until the memo fits the size it is read at: else it would be ignored
 * whole at every run after, and its photos read through every time. */
static void test_memo_bytes_bounded(void)
{
    trip t;
    trip_make(&t, "bytes-bounded");
    new_process();
    char *said = NULL;
    g_assert_true(render(&t, &said)); /* a memo of this build, to take its head from */
    g_free(said);
    char *good = memo_text();
    /* Its head, then plans to just under the size a memo is read at. */
    GString *body = g_string_new_len(good, strchr(strstr(good, "\nbuild ") + 1, '\n') + 1 - good);
    char fields[241];
    memset(fields, '7', sizeof fields - 1);
    fields[sizeof fields - 1] = '\0';
    int n = 0;
    while (body->len + 317 + 200 < (1 << 20))
        g_string_append_printf(body, "plan\t%064x\t%s\n", n++, fields);
    char *full = memo_signed(body->str);
    g_assert_cmpuint(strlen(full), <=, 1 << 20);
    memo_write(full);

    new_process(); /* believed; the photos learned again push it over: the oldest plans go */
    g_assert_true(render(&t, &said));
    g_free(said);
    char *path = image_memo_path();
    GStatBuf sb;
    g_assert_cmpint(g_stat(path, &sb), ==, 0);
    g_assert_cmpint(sb.st_size, <=, 1 << 20);
    char *text = memo_text();
    g_assert_cmpint(lines_starting(text, "whole\t"), ==, 3);
    g_assert_cmpint(lines_starting(text, "plan\t"), >, n - 30);
    char *newest = g_strdup_printf("\nplan\t%064x\t", n - 1), *oldest = g_strdup_printf("\nplan\t%064x\t", 0);
    g_assert_nonnull(strstr(text, newest));
    g_assert_null(strstr(text, oldest));

    new_process(); /* believed: its photos are not read through again */
    work w0 = work_now();
    g_assert_true(render(&t, &said));
    g_assert_cmpint(work_since(w0), ==, 0);
    g_free(said);
    g_free(newest);
    g_free(oldest);
    g_free(text);
    g_free(path);
    g_free(full);
    g_string_free(body, TRUE);
    g_free(good);
    trip_free(&t);
}

/* A 'w'×'h' PNG named 'name' (in the fixtures) of a pattern of 'seed':
 * with alpha (partly transparent) or opaque RGB. */
static char *pattern_png(const char *name, int w, int h, int seed, bool alpha)
{
    cairo_surface_t *s = cairo_image_surface_create(alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, w, h);
    cairo_surface_flush(s);
    guint8 *d = cairo_image_surface_get_data(s);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            guint32 a = alpha ? (guint32)((x * 255 / w) & 0xFF) : 255u, c = (guint32)((x * 7 + y * 3 + seed * 11) & 0xFF);
            guint32 r = c * a / 255, g = (guint32)((y * 255 / h) * a / 255), b = (guint32)(seed * 37 & 0xFF) * a / 255;
            ((guint32 *)(d + (size_t)y * (size_t)cairo_image_surface_get_stride(s)))[x] = a << 24 | r << 16 | g << 8 | b;
        }
    cairo_surface_mark_dirty(s);
    return png_fixture(name, s);
}

/* A trip of 'n' PNG photos 'pngs', rendered without a size note; the PDF
 * 'pdf'. */
static bool render_pngs(const char *name, char **pngs, int n, const char *pdf)
{
    GString *t = g_string_new(TRIP_HEAD);
    for (int i = 0; i < n; i++)
        g_string_append_printf(t, "photo: %s\ncaption: 図 %d\n", pngs[i], i);
    char *file = g_strdup_printf("%s.txt", name);
    char *path = write_fixture(file, t->str, t->len);
    bool ok = render_file(path, NULL, pdf, false, NULL);
    g_free(path);
    g_free(file);
    g_string_free(t, TRUE);
    return ok;
}

typedef struct png_work {
    int checked, packed;
} png_work;

static png_work png_now(void)
{
    png_work w;
    image_embed_test_png_counts(&w.checked, &w.packed);
    return w;
}

/* render_pngs() in a new process: what it inflated and packed. */
static png_work png_render_anew(const char *name, char **pngs, int n, const char *pdf)
{
    new_process();
    png_work w0 = png_now();
    g_assert_true(render_pngs(name, pngs, n, pdf));
    png_work w1 = png_now();
    return (png_work){ w1.checked - w0.checked, w1.packed - w0.packed };
}

/* The memo's lines "png\t…" and the files png-… beside it. */
static void png_kept(int *lines, int *files)
{
    char *path = image_memo_path(), *dir = g_path_get_dirname(path), *text = NULL;
    g_file_get_contents(path, &text, NULL, NULL); /* none: nothing kept */
    *lines = text ? lines_starting(text, "png\t") : 0;
    *files = 0;
    GDir *dh = g_dir_open(dir, 0, NULL);
    for (const char *e; dh && (e = g_dir_read_name(dh));)
        *files += g_str_has_prefix(e, "png-");
    if (dh)
        g_dir_close(dh);
    g_free(dir);
    g_free(path);
    g_free(text);
}

/* A PNG with alpha packed once, its streams taken from beside the memo in
 * a new process (the same PDF), not when altered or when the file was
 * rewritten; an opaque PNG's zlib stream inflated once. */
static void test_memo_png(void)
{
    char *pngs[2] = { pattern_png("memo-alpha.png", 320, 240, 1, true), pattern_png("memo-rgb.png", 320, 240, 2, false) };
    char *pdf = path_of("memo-png.pdf");
    png_work w = png_render_anew("memo-png", pngs, 2, pdf);
    g_assert_cmpint(w.packed, ==, 1);
    g_assert_cmpint(w.checked, ==, 1);
    GByteArray *first = read_all(pdf);
    int lines = 0, files = 0;
    png_kept(&lines, &files);
    g_assert_cmpint(lines, ==, 1);
    g_assert_cmpint(files, ==, 1);

    w = png_render_anew("memo-png", pngs, 2, pdf);
    g_assert_cmpint(w.packed, ==, 0);
    g_assert_cmpint(w.checked, ==, 0);
    GByteArray *again = read_all(pdf);
    g_assert_cmpmem(again->data, again->len, first->data, first->len);
    g_byte_array_unref(again);

    /* Its streams altered by one byte (the last): not believed. */
    char *text = memo_text(), *name = strrchr(strstr(text, "\npng\t"), '\t') + 1, *path = image_memo_path();
    *strchr(name, '\n') = '\0';
    char *dir = g_path_get_dirname(path), *blob = g_build_filename(dir, name, NULL);
    GByteArray *b = read_all(blob);
    b->data[b->len - 1] ^= 0x01;
    g_assert_true(g_file_set_contents(blob, (const char *)b->data, b->len, NULL));
    w = png_render_anew("memo-png", pngs, 2, pdf);
    g_assert_cmpint(w.packed, ==, 1);
    again = read_all(pdf);
    g_assert_cmpmem(again->data, again->len, first->data, first->len);
    g_byte_array_unref(again);

    /* Both PNGs rewritten in place, the same bytes, their times put back:
     * another change time, packed and inflated again. */
    for (int i = 0; i < 2; i++) {
        GByteArray *png = read_all(pngs[i]);
        rewrite_in_place(pngs[i], png);
        g_byte_array_unref(png);
    }
    w = png_render_anew("memo-png", pngs, 2, pdf);
    g_assert_cmpint(w.packed, ==, 1);
    g_assert_cmpint(w.checked, ==, 1);

    g_byte_array_unref(b);
    g_byte_array_unref(first);
    g_free(blob);
    g_free(dir);
    g_free(path);
    g_free(text);
    g_free(pdf);
    g_free(pngs[0]);
    g_free(pngs[1]);
}

/* More packed PNGs than IMAGE_MEMO_PNG_MAX: the newest kept, with their
 * lines, the files of the others removed. */
static void test_memo_png_bounded(void)
{
    enum { N = IMAGE_MEMO_PNG_MAX + 3 };
    char *pngs[N];
    for (int i = 0; i < N; i++) {
        char *name = g_strdup_printf("memo-many-%d.png", i);
        pngs[i] = pattern_png(name, 48, 32, 10 + i, true);
        g_free(name);
    }
    char *pdf = path_of("memo-many.pdf");
    new_process();
    g_assert_true(render_pngs("memo-many", pngs, N, pdf));
    int lines = 0, files = 0;
    png_kept(&lines, &files);
    g_assert_cmpint(lines, ==, IMAGE_MEMO_PNG_MAX);
    g_assert_cmpint(files, ==, IMAGE_MEMO_PNG_MAX);
    png_work w = png_render_anew("memo-many", pngs, N, pdf); /* those kept used: the three oldest packed again */
    g_assert_cmpint(w.packed, ==, 3);
    png_kept(&lines, &files);
    g_assert_cmpint(lines, ==, IMAGE_MEMO_PNG_MAX);
    g_assert_cmpint(files, ==, IMAGE_MEMO_PNG_MAX);
    for (int i = 0; i < N; i++)
        g_free(pngs[i]);
    g_free(pdf);
}

/* The names of the packed PNGs the memo lists, oldest first, and their
 * files' sizes. */
static GPtrArray *png_listed(GArray *sizes)
{
    char *text = memo_text(), *path = image_memo_path(), *dir = g_path_get_dirname(path);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++)
        if (g_str_has_prefix(*l, "png\t")) {
            char *name = g_strdup(strrchr(*l, '\t') + 1), *file = g_build_filename(dir, name, NULL);
            GStatBuf st;
            g_assert_cmpint(g_stat(file, &st), ==, 0);
            gint64 n = (gint64)st.st_size;
            g_array_append_val(sizes, n);
            g_ptr_array_add(names, name);
            g_free(file);
        }
    g_strfreev(lines);
    g_free(dir);
    g_free(path);
    g_free(text);
    return names;
}

/* The packed PNGs' files kept within their bytes' bound: the oldest go
 * first, the newest that fit stay; one larger than the bound is not kept. */
static void test_memo_png_bytes(void)
{
    enum { N = 6 };
    char *pngs[N];
    for (int i = 0; i < N; i++) {
        char *name = g_strdup_printf("memo-bytes-%d.png", i);
        pngs[i] = pattern_png(name, 96, 64, 40 + i, true);
        g_free(name);
    }
    char *pdf = path_of("memo-bytes.pdf"), *path = image_memo_path(), *dir = g_path_get_dirname(path);
    rm_rf(dir);
    new_process();
    g_assert_true(render_pngs("memo-bytes", pngs, N, pdf));
    GArray *sizes = g_array_new(FALSE, FALSE, sizeof(gint64));
    GPtrArray *all = png_listed(sizes);
    g_assert_cmpint(all->len, ==, N);
    gint64 last4 = 0;
    for (int i = 2; i < N; i++)
        last4 += g_array_index(sizes, gint64, i);

    /* The newest four fit, not five: four kept, the newest. */
    rm_rf(dir);
    new_process();
    image_memo_test_set_png_bytes(last4);
    g_assert_true(render_pngs("memo-bytes", pngs, N, pdf));
    g_array_set_size(sizes, 0);
    GPtrArray *kept = png_listed(sizes);
    g_assert_cmpint(kept->len, ==, 4);
    for (guint i = 0; i < kept->len; i++)
        g_assert_cmpstr(g_ptr_array_index(kept, i), ==, g_ptr_array_index(all, i + 2));
    int lines = 0, files = 0;
    png_kept(&lines, &files);
    g_assert_cmpint(files, ==, 4);

    /* Each larger than the bound: none kept. */
    rm_rf(dir);
    new_process();
    image_memo_test_set_png_bytes(64);
    g_assert_true(render_pngs("memo-bytes", pngs, N, pdf));
    png_kept(&lines, &files);
    g_assert_cmpint(lines, ==, 0);
    g_assert_cmpint(files, ==, 0);
    image_memo_test_set_png_bytes(0);

    g_ptr_array_unref(kept);
    g_ptr_array_unref(all);
    g_array_unref(sizes);
    for (int i = 0; i < N; i++)
        g_free(pngs[i]);
    g_free(dir);
    g_free(path);
    g_free(pdf);
}

/* A note (the fontconfig folders, fonts.c) is kept once a name: a newer
 * one takes the place of the older, in the process and in the file; one
 * of two lines, or not enabled, is not kept. */
static void test_memo_note(void)
{
    char *path = image_memo_path();
    g_remove(path);
    g_free(path);
    new_process();
    image_memo_load();
    g_assert_null(image_memo_note_find("fontconfig"));
    image_memo_note_keep("fontconfig", "one\tfolder");
    g_assert_cmpstr(image_memo_note_find("fontconfig"), ==, "one\tfolder");
    image_memo_save();
    new_process();
    image_memo_load();
    g_assert_cmpstr(image_memo_note_find("fontconfig"), ==, "one\tfolder");
    image_memo_note_keep("fontconfig", "two");
    image_memo_note_keep("other", "three");
    image_memo_note_keep("fontconfig", "four\nlines");
    g_assert_cmpstr(image_memo_note_find("fontconfig"), ==, "two");
    image_memo_save();
    char *text = memo_text();
    g_assert_cmpint(lines_starting(text, "note\tfontconfig\t"), ==, 1);
    g_assert_nonnull(strstr(text, "\nnote\tfontconfig\ttwo\n"));
    g_assert_nonnull(strstr(text, "\nnote\tother\tthree\n"));
    g_free(text);
    new_process();
    image_memo_load();
    g_assert_cmpstr(image_memo_note_find("fontconfig"), ==, "two");
    image_memo_test_reset(); /* not enabled */
    image_memo_note_keep("fontconfig", "five");
    g_assert_null(image_memo_note_find("fontconfig"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    imagetest_begin();
    cache = path_of("cache");
    g_setenv("XDG_CACHE_HOME", cache, TRUE);

    g_test_add_func("/image/memo/again", test_memo_again);
    g_test_add_func("/image/memo/changed", test_memo_changed);
    g_test_add_func("/image/memo/not-believed", test_memo_not_believed);
    g_test_add_func("/image/memo/jpeg", test_memo_jpeg);
    g_test_add_func("/image/memo/bounded", test_memo_bounded);
    g_test_add_func("/image/memo/bytes-bounded", test_memo_bytes_bounded);
    g_test_add_func("/image/memo/png", test_memo_png);
    g_test_add_func("/image/memo/png-bounded", test_memo_png_bounded);
    g_test_add_func("/image/memo/png-bytes", test_memo_png_bytes);
    g_test_add_func("/image/memo/note", test_memo_note);
    int r = g_test_run();
    g_free(cache);
    imagetest_end();
    return r;
}
