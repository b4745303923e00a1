/* Unit tests for pdfupdate.c, the writer: the bytes of an update (objects
 * in number order, one xref subsection per run of numbers, the trailer
 * with /Prev and the old /Root and /ID, a new /Info, a line end first when
 * the file has none), a stream written by its function, checked by qpdf;
 * two versions of one object refused; a failing stream leaves the file as
 * it was; an empty update writes nothing. */
#include "pdftest.h"

#include "pdfread.h"
#include "pdfupdate.h"

/* The stream function of the tests: writes the string 'data' ("fail":
 * records an error instead). */
static bool write_text(pdfread_file *f, int out, const void *data, gint64 at)
{
    if (strcmp(data, "fail") == 0)
        return pdfread_fail(f, PDFPOST_ERROR_IMAGE, "the stream failed");
    return pdfupdate_write_at(out, data, strlen(data), at);
}

/* A hand-written PDF of six objects (no line end after %%EOF), open
 * read/write in 'f'; its bytes in '*orig'. Caller frees the path. */
static char *open_six(const char *name, pdfread_file *f, GString **orig)
{
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /A 1 >>",
        "<< /B 1 >>",
        "<< /Producer (x) >>",
        "<< /Length 1 >>\nstream\nx\nendstream",
    };
    *orig = hand_pdf(objs, 6, "<< /Size %d /Root 1 0 R /Info 5 0 R /ID [<0A><0B>] >>");
    g_string_truncate(*orig, (*orig)->len - 1);
    char *p = write_file(name, (*orig)->str, (*orig)->len);
    int fd = g_open(p, O_RDWR, 0);
    g_assert_cmpint(fd, >=, 0);
    g_assert_true(pdfread_file_open(f, fd));
    return p;
}

static void read_done(pdfread_file *f)
{
    int fd = f->fd;
    pdfread_file_clear(f);
    close(fd);
}

static void test_update_bytes(void)
{
    pdfread_file f;
    GString *orig;
    char *p = open_six("six.pdf", &f, &orig);
    pdfupdate *u = pdfupdate_new(f.n_objects);
    pdfupdate_add(u, 4, 0, "<< /B 2 >>");
    pdfupdate_add_stream(u, 6, 0, "<< /Length 3 >>", 3, write_text, "xyz");
    pdfupdate_add(u, 3, 0, "<< /A 2 >>");
    u->info = u->size++;
    pdfupdate_add(u, u->info, 0, "<< /Producer (y) >>");
    g_assert_true(pdfupdate_sort(u));
    g_assert_true(pdfupdate_write(u, &f));
    g_assert_null(f.error);
    gint64 prev = f.startxref;
    read_done(&f);
    pdfupdate_free(u);

    const char *o3 = "3 0 obj\n<< /A 2 >>\nendobj\n", *o4 = "4 0 obj\n<< /B 2 >>\nendobj\n";
    const char *o6 = "6 0 obj\n<< /Length 3 >>\nstream\nxyz\nendstream\nendobj\n";
    const char *o7 = "7 0 obj\n<< /Producer (y) >>\nendobj\n";
    gsize at3 = orig->len + 1, at4 = at3 + strlen(o3), at6 = at4 + strlen(o4), at7 = at6 + strlen(o6);
    gsize xref = at7 + strlen(o7);
    char *want = g_strdup_printf("\n%s%s%s%sxref\n3 2\n%010" G_GSIZE_FORMAT " 00000 n \n%010" G_GSIZE_FORMAT
                                 " 00000 n \n6 2\n%010" G_GSIZE_FORMAT " 00000 n \n%010" G_GSIZE_FORMAT
                                 " 00000 n \ntrailer\n<< /Size 8\n   /Root 1 0 R\n   /Info 7 0 R\n   /Prev %"
                                 G_GINT64_FORMAT "\n   /ID [<0A><0B>]\n>>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                                 o3, o4, o6, o7, at3, at4, at6, at7, prev, xref);
    GBytes *after = read_all(p);
    char *upd = appended(after, orig->len);
    g_assert_cmpstr(upd, ==, want);
    assert_qpdf_check(p);
    int st;
    char *data = run((const char *const[]){ "qpdf", "--show-object=6", "--raw-stream-data", p, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_cmpstr(data, ==, "xyz");
    g_free(data);
    g_free(upd);
    g_free(want);
    g_bytes_unref(after);
    g_string_free(orig, TRUE);
    g_free(p);
}

/* Two versions of one object: refused before anything is written. */
static void test_update_twice(void)
{
    pdfupdate *u = pdfupdate_new(7);
    pdfupdate_add(u, 3, 0, "<< >>");
    pdfupdate_add(u, 4, 0, "<< >>");
    g_assert_true(pdfupdate_sort(u));
    pdfupdate_add(u, 3, 0, "<< /A 1 >>");
    g_assert_false(pdfupdate_sort(u));
    pdfupdate_free(u);
    pdfupdate_free(NULL);
}

/* A stream that fails: the error is the stream's, the file as it was;
 * an empty update: nothing written. */
static void test_update_fails(void)
{
    pdfread_file f;
    GString *orig;
    char *p = open_six("six-fail.pdf", &f, &orig);
    pdfupdate *u = pdfupdate_new(f.n_objects);
    pdfupdate_add(u, 3, 0, "<< /A 2 >>");
    pdfupdate_add_stream(u, 6, 0, "<< /Length 4 >>", 4, write_text, "fail");
    g_assert_true(pdfupdate_sort(u));
    g_assert_false(pdfupdate_write(u, &f));
    g_assert_error(f.error, PDFPOST_ERROR, PDFPOST_ERROR_IMAGE);
    g_assert_cmpstr(f.error->message, ==, "the stream failed");
    pdfupdate_free(u);
    GBytes *after = read_all(p);
    GBytes *want = g_bytes_new_static(orig->str, orig->len);
    g_assert_true(g_bytes_equal(after, want));
    g_bytes_unref(after);

    g_clear_error(&f.error);
    u = pdfupdate_new(f.n_objects);
    g_assert_true(pdfupdate_sort(u));
    g_assert_true(pdfupdate_write(u, &f));
    after = read_all(p);
    g_assert_true(g_bytes_equal(after, want));
    g_bytes_unref(after);
    g_bytes_unref(want);
    pdfupdate_free(u);
    read_done(&f);
    g_string_free(orig, TRUE);
    g_free(p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    pdftest_begin();
    g_test_add_func("/pdfupdate/bytes", test_update_bytes);
    g_test_add_func("/pdfupdate/twice", test_update_twice);
    g_test_add_func("/pdfupdate/fails", test_update_fails);
    return pdftest_end(g_test_run());
}
