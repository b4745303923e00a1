/* test_faults: every bad photo caught before the council sees it, every
 * message at the place of the fault (issue 17). Damaged JPEGs of several
 * kinds, made here from a whole fixture, are errors at their 'photo:'
 * line in check and render (placeholders and warnings with --draft, a PDF
 * two readers take); a symbolic link in a loop, a header over the size
 * limit and an output that cannot be a file are named as such. */
#include "e2e.h"

#include <turbojpeg.h>

#define AGAIN "; copy the photo again from the camera or phone"

/*** Making damaged JPEGs from a whole one ***/

static GByteArray *read_bytes(const char *path)
{
    gsize len = 0;
    char *b = file_bytes(path, &len);
    return g_byte_array_new_take((guint8 *)b, len);
}

static void write_bytes(const char *dir, const char *name, const guint8 *b, gsize n)
{
    char *p = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(p, (const char *)b, (gssize)n, NULL));
    g_free(p);
}

/* Where each segment of marker 'm' starts (its 0xFF), in file order; for
 * 0xDA (SOS) each scan's header. Walks the entropy-coded data between. */
static GArray *markers(const GByteArray *j, guint8 m)
{
    GArray *at = g_array_new(FALSE, FALSE, sizeof(gsize));
    gsize i = 2;
    while (i + 4 <= j->len) {
        g_assert_cmpint(j->data[i], ==, 0xFF);
        guint8 k = j->data[i + 1];
        if (k == 0xD9)
            break;
        gsize len = (gsize)j->data[i + 2] << 8 | j->data[i + 3];
        if (k == m)
            g_array_append_val(at, i);
        i += 2 + len;
        if (k == 0xDA) /* the scan's data, up to the next marker but RSTn */
            while (i + 1 < j->len && !(j->data[i] == 0xFF && j->data[i + 1] != 0 &&
                                       !(j->data[i + 1] >= 0xD0 && j->data[i + 1] <= 0xD7)))
                i++;
    }
    return at;
}

/* The offset of the first scan's data and the end of the data (before EOI). */
static void scan_span(const GByteArray *j, gsize *start, gsize *end)
{
    GArray *sos = markers(j, 0xDA);
    g_assert_cmpuint(sos->len, >=, 1);
    gsize s = g_array_index(sos, gsize, 0);
    *start = s + 2 + ((gsize)j->data[s + 2] << 8 | j->data[s + 3]);
    *end = j->len - 2;
    g_assert_true(j->data[*end] == 0xFF && j->data[*end + 1] == 0xD9);
    g_array_unref(sos);
}

/* 'j' re-encoded as a progressive JPEG (libjpeg-turbo's own progression). */
static GByteArray *progressive_of(const GByteArray *j)
{
    tjhandle d = tjInitDecompress(), c = tjInitCompress();
    int w, h, sub, cs;
    g_assert_cmpint(tjDecompressHeader3(d, j->data, j->len, &w, &h, &sub, &cs), ==, 0);
    guint8 *rgb = g_malloc((gsize)w * h * 3);
    g_assert_cmpint(tjDecompress2(d, j->data, j->len, rgb, w, 0, h, TJPF_RGB, 0), ==, 0);
    unsigned char *out = NULL;
    unsigned long len = 0;
    g_assert_cmpint(tjCompress2(c, rgb, w, 0, h, TJPF_RGB, &out, &len, TJSAMP_420, 90, TJFLAG_PROGRESSIVE), ==, 0);
    GByteArray *p = g_byte_array_new();
    g_byte_array_append(p, out, (guint)len);
    tjFree(out);
    g_free(rgb);
    tjDestroy(c);
    tjDestroy(d);
    return p;
}

/* One photo of the test trip: its file, and what check must say of it
 * (NULL: nothing; a message's start when 'prefix'). */
typedef struct photo {
    const char *name;
    const char *msg;
    bool prefix;
} photo;

/* Writes the photos into 'dir'/photos from the fixture landscape.jpg
 * (400×300, baseline 4:2:0). */
static void make_photos(const char *dir)
{
    char *photos = g_build_filename(dir, "photos", NULL);
    g_assert_cmpint(g_mkdir(photos, 0755), ==, 0);
    GByteArray *j = read_bytes("out/fixtures/landscape.jpg");
    gsize s, e;
    scan_span(j, &s, &e);
    write_bytes(photos, "whole.jpg", j->data, j->len);

    /* The scan cut in half, the EOI put back: the probe sees a whole file. */
    GByteArray *cut = g_byte_array_new();
    g_byte_array_append(cut, j->data, (guint)(s + (e - s) / 2));
    g_byte_array_append(cut, (const guint8 *)"\xFF\xD9", 2);
    write_bytes(photos, "cut-scan.jpg", cut->data, cut->len);
    g_byte_array_unref(cut);

    /* The header claims twice the rows (600) the data holds. */
    GByteArray *tall = g_byte_array_new();
    g_byte_array_append(tall, j->data, j->len);
    GArray *sof = markers(tall, 0xC0);
    g_assert_cmpuint(sof->len, ==, 1);
    gsize f = g_array_index(sof, gsize, 0);
    g_assert_cmpint(tall->data[f + 5] << 8 | tall->data[f + 6], ==, 300);
    tall->data[f + 5] = 600 >> 8;
    tall->data[f + 6] = 600 & 0xFF;
    write_bytes(photos, "tall.jpg", tall->data, tall->len);
    g_array_unref(sof);
    g_byte_array_unref(tall);

    /* Bytes flipped in the middle of the scan, the markers intact (no 0xFF
     * made or touched). */
    GByteArray *flip = g_byte_array_new();
    g_byte_array_append(flip, j->data, j->len);
    int flipped = 0;
    for (gsize i = s + (e - s) / 2; i < e && flipped < 16; i += 37) {
        guint8 b = flip->data[i];
        if (b == 0xFF || flip->data[i - 1] == 0xFF || (b ^ 0x5A) == 0xFF)
            continue;
        flip->data[i] = b ^ 0x5A;
        flipped++;
    }
    g_assert_cmpint(flipped, ==, 16);
    write_bytes(photos, "flipped.jpg", flip->data, flip->len);
    g_byte_array_unref(flip);

    /* No EOI at all: the probe's own message. */
    write_bytes(photos, "no-eoi.jpg", j->data, j->len - 2);

    /* Progressive, whole; and cut cleanly before its later scans. */
    GByteArray *p = progressive_of(j);
    write_bytes(photos, "progressive.jpg", p->data, p->len);
    GArray *sos = markers(p, 0xDA);
    g_assert_cmpuint(sos->len, >=, 4);
    gsize mid = g_array_index(sos, gsize, sos->len / 2);
    GByteArray *pc = g_byte_array_new();
    g_byte_array_append(pc, p->data, (guint)mid);
    g_byte_array_append(pc, (const guint8 *)"\xFF\xD9", 2);
    write_bytes(photos, "progressive-cut.jpg", pc->data, pc->len);
    g_byte_array_unref(pc);
    g_array_unref(sos);
    g_byte_array_unref(p);
    g_byte_array_unref(j);
    g_free(photos);
}

static const photo PHOTOS[] = {
    { "whole.jpg", NULL, false },
    { "cut-scan.jpg", "is a damaged JPEG: its picture data runs out at about row ", true },
    { "tall.jpg", "is a damaged JPEG: its picture data runs out at about row ", true },
    { "flipped.jpg", "is a damaged JPEG: its picture data ", true },
    { "no-eoi.jpg", "is a truncated or damaged JPEG (it does not end properly)" AGAIN, false },
    { "progressive.jpg", NULL, false },
    { "progressive-cut.jpg",
      "is a damaged JPEG: its picture data stops before the last of its scans (the photo is only partly there)" AGAIN,
      false },
};

/* The trip: metadata on lines 1-4, "[photos]" 5, "heading:" 6, then each
 * photo on line 7 + 2i, its caption below. */
static char *make_trip(const char *dir)
{
    GString *t = g_string_new("number: 1\nplace: 島根県\nperiod: 2024-02-07\ntraveler: 磐梯太郎\n[photos]\nheading: 写真\n");
    for (guint i = 0; i < G_N_ELEMENTS(PHOTOS); i++)
        g_string_append_printf(t, "photo: photos/%s\ncaption: 写真 %u\n", PHOTOS[i].name, i + 1);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    g_string_free(t, TRUE);
    return trip;
}

/* The rows in "runs out at about row N of the H its header claims". */
static void rows_of(const char *msg, int *n, int *h)
{
    const char *p = strstr(msg, "at about row ");
    g_assert_nonnull(p);
    g_assert_cmpint(sscanf(p, "at about row %d of the %d its header claims", n, h), ==, 2);
}

/* 'err' says exactly one thing of each photo: nothing for a whole one,
 * else its message at its line, column 8 (after "photo: "), as an error
 * or (draft) a warning with the placeholder's note. */
static void assert_photo_messages(const char *err, bool draft)
{
    char **lines = g_strsplit(err, "\n", -1);
    guint n_lines = 0;
    for (int k = 0; lines[k]; k++) /* the diagnostics, not render's closing summary line */
        n_lines += strstr(lines[k], ": error: ") || strstr(lines[k], ": warning: ") || strstr(lines[k], ": note: ");
    guint expected = 0;
    for (guint i = 0; i < G_N_ELEMENTS(PHOTOS); i++) {
        char *head = g_strdup_printf("trip.txt:%u:8: %s: image 'photos/%s' ", 7 + 2 * i, draft ? "warning" : "error",
                                     PHOTOS[i].name);
        const char *line = NULL;
        for (int k = 0; lines[k]; k++)
            if (strstr(lines[k], PHOTOS[i].name))
                line = lines[k];
        if (!PHOTOS[i].msg) {
            g_assert_null(line);
            g_free(head);
            continue;
        }
        expected++;
        if (!line || !g_str_has_prefix(line, head))
            g_error("photo %s: wanted a line starting '%s' in:\n%s", PHOTOS[i].name, head, err);
        const char *msg = line + strlen(head);
        g_assert_true(g_str_has_prefix(msg, PHOTOS[i].msg));
        const char *tail = draft ? AGAIN "; a placeholder is drawn instead (--draft)" : AGAIN;
        g_assert_true(g_str_has_suffix(msg, tail));
        if (!PHOTOS[i].prefix)
            g_assert_cmpuint(strlen(msg), ==, strlen(PHOTOS[i].msg) + strlen(tail) - strlen(AGAIN));
        if (strcmp(PHOTOS[i].name, "cut-scan.jpg") == 0) {
            int row, h;
            rows_of(msg, &row, &h);
            g_assert_cmpint(h, ==, 300);
            g_assert_cmpint(row, >, 0);
            g_assert_cmpint(row, <, 300);
        } else if (strcmp(PHOTOS[i].name, "tall.jpg") == 0) {
            int row, h;
            rows_of(msg, &row, &h);
            g_assert_cmpint(h, ==, 600);
            g_assert_cmpint(row, >=, 300); /* the data holds 300 rows, in blocks of 16 */
            g_assert_cmpint(row, <, 300 + 16);
        }
        g_free(head);
    }
    g_assert_cmpuint(n_lines, ==, expected);
    g_strfreev(lines);
}

/* check and render find every damaged photo; --draft draws placeholders
 * and writes a PDF that qpdf and mutool take; --no-verify-photos lets the
 * damage through to a PDF that mutool complains of. */
static void test_damaged_photos(void)
{
    char *dir = tmpdir();
    make_photos(dir);
    char *trip = make_trip(dir);
    g_free(trip);
    char *prog = abs_path(bin);

    result r = run_in(dir, (const char *const[]){ prog, "check", "trip.txt", NULL });
    g_assert_cmpint(r.status, ==, 1);
    assert_photo_messages(r.err, false);
    result_clear(&r);

    char *pdf = g_build_filename(dir, "r.pdf", NULL);
    r = run_in(dir, (const char *const[]){ prog, "render", "trip.txt", "-o", pdf, NULL });
    g_assert_cmpint(r.status, ==, 1);
    assert_photo_messages(r.err, false);
    g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
    result_clear(&r);

    r = run_in(dir, (const char *const[]){ prog, "render", "--draft", "trip.txt", "-o", pdf, NULL });
    g_assert_cmpint(r.status, ==, 0);
    assert_photo_messages(r.err, true);
    result_clear(&r);
    assert_pdf_sound(pdf);
    /* Two photos drawn (whole.jpg, progressive.jpg), the others placeholders. */
    r = RUN("pdfimages", "-list", pdf);
    int jpegs = 0;
    for (const char *p = r.out; (p = strstr(p, " jpeg ")); p++)
        jpegs++;
    g_assert_cmpint(jpegs, ==, 2);
    result_clear(&r);

    /* Without the verification the damage reaches the PDF, and a reader
     * sees it: the photos were really damaged. check has no such option. */
    char *blind = g_build_filename(dir, "blind.pdf", NULL);
    r = run_in(dir,
               (const char *const[]){ prog, "render", "--no-verify-photos", "--draft", "trip.txt", "-o", blind, NULL });
    g_assert_cmpint(r.status, ==, 0);
    g_assert_nonnull(strstr(r.err, "no-eoi.jpg")); /* the probe still runs */
    g_assert_null(strstr(r.err, "cut-scan.jpg"));
    result_clear(&r);
    r = RUN("mutool", "draw", "-q", "-N", "-r", "9", "-F", "pnm", "-o", "/dev/null", blind);
    g_assert_nonnull(strstr(r.err, "JPEG"));
    result_clear(&r);
    r = run_in(dir, (const char *const[]){ prog, "check", "--no-verify-photos", "trip.txt", NULL });
    g_assert_cmpint(r.status, ==, 2);
    result_clear(&r);

    rm_rf(dir);
    g_free(blind);
    g_free(pdf);
    g_free(prog);
    g_free(dir);
}

/*** Other faults, named at their place ***/

/* A trip with one [photos] page whose photo (line 7, column 8) is 'path'. */
static char *one_photo_trip(const char *dir, const char *path)
{
    char *text = g_strdup_printf("number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n[photos]\nheading: h\n"
                                 "photo: %s\ncaption: c\n",
                                 path);
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, text, -1, NULL));
    g_free(text);
    return trip;
}

/* A photo path that is a symbolic link in a loop is said to be one, not
 * "not found"; a dangling link is not found. */
static void test_symlink_loop(void)
{
    char *dir = tmpdir();
    char *a = g_build_filename(dir, "a.jpg", NULL), *b = g_build_filename(dir, "b.jpg", NULL);
    g_assert_cmpint(symlink("b.jpg", a), ==, 0);
    g_assert_cmpint(symlink("a.jpg", b), ==, 0);
    char *trip = one_photo_trip(dir, "a.jpg");
    char *prog = abs_path(bin);
    result r = run_in(dir, (const char *const[]){ prog, "check", "trip.txt", NULL });
    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(r.err, ==,
                    "trip.txt:7:8: error: image 'a.jpg' is a symbolic link that leads round in a loop; make it point "
                    "to the real file\n");
    result_clear(&r);
    g_unlink(b);
    g_assert_cmpint(symlink("gone.jpg", b), ==, 0);
    r = run_in(dir, (const char *const[]){ prog, "check", "trip.txt", NULL });
    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(r.err, ==,
                    "trip.txt:7:8: error: image 'a.jpg' not found (looked for './a.jpg'); check the name and the "
                    "folder\n");
    result_clear(&r);
    rm_rf(dir);
    g_free(prog);
    g_free(trip);
    g_free(a);
    g_free(b);
    g_free(dir);
}

/* A JPEG whose header claims 65535×65535 pixels gets the size limit's
 * message, not "damaged" (libjpeg-turbo refuses sides over 65500). */
static void test_size_limit(void)
{
    char *dir = tmpdir();
    GByteArray *j = read_bytes("out/fixtures/landscape.jpg");
    GArray *sof = markers(j, 0xC0);
    gsize f = g_array_index(sof, gsize, 0);
    for (int k = 5; k <= 8; k++)
        j->data[f + k] = 0xFF;
    write_bytes(dir, "huge.jpg", j->data, j->len);
    char *trip = one_photo_trip(dir, "huge.jpg");
    char *prog = abs_path(bin);
    result r = run_in(dir, (const char *const[]){ prog, "check", "trip.txt", NULL });
    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(r.err, ==,
                    "trip.txt:7:8: error: image 'huge.jpg' claims 65535×65535 pixels, more than the 50-megapixel "
                    "limit\n");
    result_clear(&r);
    rm_rf(dir);
    g_array_unref(sof);
    g_byte_array_unref(j);
    g_free(prog);
    g_free(trip);
    g_free(dir);
}

/* -o "" and -o DIR/ are refused before anything is read: for render the
 * trip named does not even exist, for volume its one report has a missing
 * photo; only the output is spoken of. */
static void test_output_first(void)
{
    char *dir = tmpdir();
    char *slash = g_strconcat(dir, "/", NULL);
    char *missing = g_build_filename(dir, "no-such-trip.txt", NULL);
    result r = RUN(bin, "render", missing, "-o", "");
    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(r.err, ==, "tripreport: error: the output is not a file name (the name is empty)\n");
    result_clear(&r);
    r = RUN(bin, "render", missing, "-o", slash);
    g_assert_cmpint(r.status, ==, 1);
    char *want = g_strdup_printf("%s: error: the output names a folder (it ends in '/'); give a file name, like "
                                 "FOLDER/report.pdf\n",
                                 slash);
    g_assert_cmpstr(r.err, ==, want);
    result_clear(&r);
    char *trip = one_photo_trip(dir, "no-such-photo.jpg");
    r = RUN(bin, "volume", dir, "-o", "");
    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(r.err, ==, "tripreport: error: the output is not a file name (the name is empty)\n");
    result_clear(&r);
    r = RUN(bin, "volume", dir, "-o", slash);
    g_assert_cmpint(r.status, ==, 1);
    g_assert_cmpstr(r.err, ==, want);
    result_clear(&r);
    g_free(want);
    g_free(trip);
    rm_rf(dir);
    g_free(missing);
    g_free(slash);
    g_free(dir);
}

/* A photo cut short while the PDF is being drawn (a copy still running):
 * the render is stopped as soon as its output file appears (layout done,
 * 30 pages of text to draw before the photo's), the photo is cut in
 * half, and the render goes on: it says the photo changed, at its line
 * (not "Bad address", as when photos were mapped). Should the photo have
 * been drawn already (a very slow poll), the test is skipped. */
static void test_photo_cut_while_drawn(void)
{
    char *dir = tmpdir();
    char *photos = g_build_filename(dir, "photos", NULL);
    g_assert_cmpint(g_mkdir(photos, 0755), ==, 0);
    gsize len = 0;
    char *jpeg = file_bytes("out/samples/017-matsue/photos/01-city-hall.jpg", &len);
    char *photo = g_build_filename(photos, "p.jpg", NULL);
    g_assert_true(g_file_set_contents(photo, jpeg, (gssize)len, NULL));
    GString *t = g_string_new("number: 1\nplace: p\nperiod: 2024-02-07\ntraveler: t\n");
    for (int i = 0; i < 30; i++) {
        g_string_append_printf(t, "[text]\nheading: 本文 %d\ntext:\n", i + 1);
        for (int k = 0; k < 6; k++)
            g_string_append(t, "  磐梯町役場の情報システムクラウド化によりテレワーク環境が整った。\n");
    }
    int line = 4 + 30 * 9 + 3;
    g_string_append(t, "[photos]\nheading: 写真\nphoto: photos/p.jpg\ncaption: 市役所\n");
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, t->str, -1, NULL));
    char *outdir = g_build_filename(dir, "out", NULL);
    g_assert_cmpint(g_mkdir(outdir, 0755), ==, 0);
    char *pdf = g_build_filename(outdir, "r.pdf", NULL);
    char *prog = abs_path(bin);

    const char *argv[] = { prog, "render", "trip.txt", "-o", pdf, NULL };
    GPid pid;
    int err_fd = -1;
    GError *error = NULL;
    g_assert_true(g_spawn_async_with_pipes(dir, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL,
                                           NULL, &err_fd, &error));
    g_assert_no_error(error);
    bool seen = false;
    for (int tries = 0; tries < 300000 && !seen; tries++) {
        GDir *gd = g_dir_open(outdir, 0, NULL);
        for (const char *n; gd && (n = g_dir_read_name(gd));)
            seen = seen || g_str_has_suffix(n, ".part");
        if (gd)
            g_dir_close(gd);
        if (!seen)
            g_usleep(100);
    }
    g_assert_true(seen);
    g_assert_cmpint(kill(pid, SIGSTOP), ==, 0);
    g_assert_cmpint(truncate(photo, (off_t)len / 2), ==, 0);
    g_assert_cmpint(kill(pid, SIGCONT), ==, 0);
    GString *err = g_string_new(NULL);
    char buf[4096];
    for (ssize_t n; (n = read(err_fd, buf, sizeof buf)) > 0;)
        g_string_append_len(err, buf, n);
    close(err_fd);
    int status = 0;
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_spawn_close_pid(pid);
    g_assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) == 0) {
        g_test_skip("the photo was drawn before the render could be stopped");
    } else {
        char *want = g_strdup_printf("trip.txt:%d:8: error: image 'photos/p.jpg' changed while the report was being "
                                     "made; make the report again\n",
                                     line);
        g_assert_cmpstr(err->str, ==, want);
        g_assert_cmpint(WEXITSTATUS(status), ==, 1);
        g_assert_false(g_file_test(pdf, G_FILE_TEST_EXISTS));
        g_free(want);
    }
    g_string_free(err, TRUE);
    rm_rf(dir);
    g_free(prog);
    g_free(pdf);
    g_free(outdir);
    g_free(trip);
    g_string_free(t, TRUE);
    g_free(photo);
    g_free(jpeg);
    g_free(photos);
    g_free(dir);
}

E2E_TESTS(add_faults_tests, 36)
{
    g_test_add_func("/e2e/faults/damaged-photos", test_damaged_photos);
    g_test_add_func("/e2e/faults/symlink-loop", test_symlink_loop);
    g_test_add_func("/e2e/faults/size-limit", test_size_limit);
    g_test_add_func("/e2e/faults/output-first", test_output_first);
    g_test_add_func("/e2e/faults/photo-cut-while-drawn", test_photo_cut_while_drawn);
}
