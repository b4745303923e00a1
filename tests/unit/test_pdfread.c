/* Unit tests for pdfread.c, the reader: files that are not PDFs, every cut
 * of a cairo PDF, bytes of its tail changed, and hand-written damaged and
 * unsupported files give an error through pdfpost_amend, never a crash,
 * and leave the file as it was. The reader itself: xref sections and the
 * newest version of each object, reads bounded by where the next object
 * starts and by nothing else (objects of megabytes, a million kids). */
#include "pdftest.h"

#include "pdfread.h"

/*** Tests: not PDFs, truncated and damaged ***/

static void test_not_pdf(void)
{
    pdfpost_info in = info_ja(NULL, 0);
    const char *texts[] = { "", "%PDF", "hello, world\n", "%PDF-1.5\n%%EOF\n", "%PDF-1.5\nstartxref\n%%EOF\n" };
    for (guint i = 0; i < G_N_ELEMENTS(texts); i++)
        g_bytes_unref(amend_bytes("notpdf.pdf", texts[i], strlen(texts[i]), &in, PDFPOST_ERROR_FORMAT,
                                  i < 2 ? "is not a PDF (it does not start with '%PDF-')" : NULL));

    /* A JPEG's first bytes. */
    static const guint8 jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0 };
    g_bytes_unref(
        amend_bytes("notpdf.jpg", jpeg, sizeof jpeg, &in, PDFPOST_ERROR_FORMAT, "is not a PDF (it does not start with"));

    /* A folder. */
    int fd = g_open(tmp, O_RDONLY, 0);
    GError *err = NULL;
    g_assert_false(pdfpost_amend(fd, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_IO);
    g_error_free(err);
    close(fd);
}

/* Every cut of a cairo PDF but the last newline is an error. */
static void test_truncated(void)
{
    GBytes *orig = read_all(base_pdf(2));
    gsize len;
    const guint8 *d = g_bytes_get_data(orig, &len);
    pdfpost_info in = info_ja(ALTS, 2);
    for (gsize cut = 0; cut + 1 < len; cut += cut + 64 < len ? 97 : 1)
        g_bytes_unref(amend_bytes("cut.pdf", d, cut, &in, PDFPOST_ERROR_FORMAT,
                                  cut < 5 ? "is not a PDF" : "is a truncated or damaged PDF ("));
    /* Without the final newline it is still whole: the update starts one. */
    GBytes *after = amend_bytes("cut.pdf", d, len - 1, &in, 0, NULL);
    char *upd = appended(after, len - 1);
    g_assert_true(g_str_has_prefix(upd, "\n"));
    g_free(upd);
    char *p = path_of("cut.pdf");
    assert_qpdf_check(p);
    g_free(p);
    g_bytes_unref(after);
    g_bytes_unref(orig);
}

/* Bytes of the tail changed to a few values (every byte of the trailer and
 * the last xref entries, every 4th byte of the xref table and of the last
 * objects before it: catalog, Info, structure elements): an error or an
 * amended file, never a crash, and on error the file is unchanged. */
static void test_damaged_tail(void)
{
    GBytes *orig = read_all(base_pdf(2));
    gsize len;
    const guint8 *d = g_bytes_get_data(orig, &len);
    guint8 *buf = g_memdup2(d, len);
    pdfpost_info in = info_ja(ALTS, 2);
    static const guint8 vals[] = { '9', ' ', '<', '%' };
    char *p = path_of("flip.pdf");
    int n_ok = 0, n_err = 0;
    for (gsize at = len > 1200 ? len - 1200 : 0; at < len; at += at + 200 < len ? 4 : 1) {
        for (guint v = 0; v < G_N_ELEMENTS(vals); v++) {
            if (d[at] == vals[v])
                continue;
            buf[at] = vals[v];
            GError *err = NULL;
            int fd = g_open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
            g_assert_cmpint(fd, >=, 0);
            g_assert_cmpint(write(fd, buf, len), ==, (gssize)len);
            bool ok = pdfpost_amend(fd, &in, &err);
            g_assert_cmpint(close(fd), ==, 0);
            if (ok) {
                n_ok++;
            } else {
                n_err++;
                g_assert_nonnull(err);
                GBytes *after = read_all(p);
                g_assert_cmpuint(g_bytes_get_size(after), ==, len);
                g_assert_cmpint(memcmp(g_bytes_get_data(after, NULL), buf, len), ==, 0);
                g_bytes_unref(after);
                g_error_free(err);
            }
            buf[at] = d[at];
        }
    }
    g_test_message("damaged tails: %d amended, %d errors", n_ok, n_err);
    g_assert_cmpint(n_err, >, 0);
    g_free(p);
    g_free(buf);
    g_bytes_unref(orig);
}

/* pdfpost_pack reads every object whole, streams by their /Length: every
 * cut of a cairo PDF is an error, and bytes changed anywhere in it (every
 * 5th byte, to four values; every digit, to a 9: lengths and offsets
 * larger) give an error or a whole PDF, never a crash; the input is only
 * read. */
static void test_damaged_pack(void)
{
    GBytes *orig = read_all(base_pdf(2));
    gsize len;
    const guint8 *d = g_bytes_get_data(orig, &len);
    guint8 *buf = g_memdup2(d, len);
    pdfpost_info in = info_ja(ALTS, 2);
    char *p = path_of("pack-in.pdf"), *q = path_of("pack-out.pdf");
    int fi = g_open(p, O_RDWR | O_CREAT | O_TRUNC, 0644), fo = g_open(q, O_RDWR | O_CREAT | O_TRUNC, 0644);
    g_assert_cmpint(fi, >=, 0);
    g_assert_cmpint(fo, >=, 0);
    int n_ok = 0, n_err = 0;
    static const guint8 vals[] = { '9', ' ', '<', '%' };
    for (gsize at = 0, v = 0; at < len; at++, v++) {
        bool digit = g_ascii_isdigit(d[at]);
        if (at % 5 && !digit)
            continue;
        gsize cut = at % 2 ? at : len; /* odd places: cut there as well */
        guint8 was = buf[at];
        if (digit)
            buf[at] = was == '9' ? '0' : '9';
        else
            buf[at] = vals[v % G_N_ELEMENTS(vals)] == was ? 'x' : vals[v % G_N_ELEMENTS(vals)];
        for (int k = 0; k < 2; k++) {
            gsize n = k ? cut : len;
            if (k && cut == len)
                continue;
            const guint8 *src = k ? d : buf; /* the cut is of the whole file */
            g_assert_cmpint(ftruncate(fi, 0), ==, 0);
            g_assert_cmpint(pwrite(fi, src, n, 0), ==, (gssize)n);
            g_assert_cmpint(ftruncate(fo, 0), ==, 0);
            GError *err = NULL;
            bool ok = pdfpost_pack(fi, fo, &in, &err);
            if (k)
                g_assert_false(ok); /* a cut file is never taken for whole */
            if (ok) {
                n_ok++;
                GBytes *out = read_all(q);
                gsize on;
                const char *o = g_bytes_get_data(out, &on);
                g_assert_true(on > 20 && g_str_has_prefix(o, "%PDF-1.5\n") && memcmp(o + on - 6, "%%EOF\n", 6) == 0);
                g_bytes_unref(out);
            } else {
                n_err++;
                g_assert_nonnull(err);
                g_error_free(err);
            }
        }
        buf[at] = was;
    }
    close(fi);
    close(fo);
    g_test_message("damaged or cut, packed: %d whole, %d errors", n_ok, n_err);
    g_assert_cmpint(n_ok, >, 0);
    g_assert_cmpint(n_err, >, 0);
    g_free(q);
    g_free(p);
    g_free(buf);
    g_bytes_unref(orig);
}

/* Hand-written files: odd numbers, loops, unsupported kinds. */
static void test_damaged_hand(void)
{
    pdfpost_info in = info_ja(NULL, 0);
    const char *cat[] = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>" };
    GString *s = hand_pdf(cat, 2, NULL);
    GBytes *ok = amend_bytes("hand-ok.pdf", s->str, s->len, &in, 0, NULL);
    g_bytes_unref(ok);

    struct {
        const char *from, *to; /* a replacement in the good file */
        const char *msg;       /* the start of the message */
    } cases[] = {
        { "startxref\n", "startxref\n99999999999999999999999999", "is a truncated or damaged PDF (its 'startxref'" },
        { "startxref\n", "startxref\n0\n%%EOF\n% ", "is a truncated or damaged PDF ('startxref' does not point" },
        { "xref\n0 3", "xref\n0 99999999", "is a truncated or damaged PDF (its cross-reference table" },
        { "xref\n0 3", "xref\n8388600 30", "is a truncated or damaged PDF (its cross-reference table" },
        { "/Size 3", "/Size 99999999999999999999", "is a truncated or damaged PDF (its trailer has no valid" },
        { "/Root 1 0 R", "/Root 99999999999 0 R", "is a truncated or damaged PDF (its trailer has no valid" },
        { "/Root 1 0 R", "/Root 2 0 R", "is a truncated or damaged PDF (its /Root is not a catalog)" },
        { "/Root 1 0 R", "/Root 1 7 R", "is a truncated or damaged PDF (object 1 is missing)" },
        { "/Root 1 0 R", "/Root 3 0 R", "is a truncated or damaged PDF (object 3 is missing)" },
        { "/Root 1 0 R", "/Root 1 0 R /Encrypt 5 0 R", "is encrypted" },
        { "/Root 1 0 R", "/Root 1 0 R /XRefStm 5", "uses a cross-reference stream" },
        { "/Root 1 0 R", "/Root 1 0 R /Prev 999999999", "is a truncated or damaged PDF (its trailer's /Prev" },
        { "/Root 1 0 R >>", "/Root 1 0 R", "is a truncated or damaged PDF (its trailer is damaged)" },
        { "1 0 obj", "2 0 obj", "is a truncated or damaged PDF (object 1 is damaged)" },
        { "/Pages 2 0 R", "/Pages (2 0 R", "is a truncated or damaged PDF (object 1 is damaged)" },
        { "65535 f \n0000000", "65535 f \n000000X", "is a truncated or damaged PDF (its cross-reference table" },
        { "%%EOF", "%%EOX", "is a truncated or damaged PDF (it does not end with '%%EOF')" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GString *t = g_string_new(s->str);
        g_assert_cmpuint(g_string_replace(t, cases[i].from, cases[i].to, 1), ==, 1);
        amend_string("hand-bad.pdf", t, &in, PDFPOST_ERROR_FORMAT, cases[i].msg);
        g_string_free(t, TRUE);
    }

    /* A catalog that is a stream. */
    const char *streamed[] = { "<< /Type /Catalog /Pages 2 0 R /Length 0 >>\nstream\n\nendstream", cat[1] };
    GString *st = hand_pdf(streamed, 2, NULL);
    amend_string("stream.pdf", st, &in, PDFPOST_ERROR_FORMAT, "is a truncated or damaged PDF (object 1 is damaged)");
    g_string_free(st, TRUE);

    /* A cross-reference stream (PDF 1.5 writers other than cairo). */
    GString *xs = g_string_new("%PDF-1.5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    gsize at = xs->len;
    g_string_append_printf(xs,
                           "2 0 obj\n<< /Type /XRef /Size 3 /W [1 2 1] /Root 1 0 R /Length 0 >>\n"
                           "stream\n\nendstream\nendobj\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                           at);
    amend_string("xrefstm.pdf", xs, &in, PDFPOST_ERROR_FORMAT, "uses a cross-reference stream");
    g_string_free(xs, TRUE);

    /* Nesting without end, huge numbers in the catalog. */
    GString *deep = g_string_new("<< /Type /Catalog /Pages 2 0 R /X ");
    for (int i = 0; i < 5000; i++)
        g_string_append_c(deep, '[');
    g_string_append(deep, " >>");
    const char *deep_objs[] = { deep->str, cat[1] };
    GString *t = hand_pdf(deep_objs, 2, NULL);
    amend_string("deep.pdf", t, &in, PDFPOST_ERROR_FORMAT, "is a truncated or damaged PDF (object 1 is damaged)");
    g_string_free(t, TRUE);
    g_string_free(deep, TRUE);

    /* /Prev pointing back at its own section: a loop. */
    gsize xref_at = (gsize)(strstr(s->str, "\nxref\n") - s->str) + 1;
    char *tr = g_strdup_printf("<< /Size 3 /Root 1 0 R /Prev %" G_GSIZE_FORMAT " >>", xref_at);
    GString *loop = hand_pdf(cat, 2, tr);
    g_free(tr);
    amend_string("loop.pdf", loop, &in, PDFPOST_ERROR_FORMAT,
                 "is a truncated or damaged PDF (its cross-reference sections form a loop)");
    g_string_free(loop, TRUE);
    g_string_free(s, TRUE);
}


/*** Tests: the reader itself ***/

/* Opens 'path' with pdfread into 'f' (a descriptor it owns: close with
 * read_done()). */
static bool read_open(const char *path, pdfread_file *f)
{
    int fd = g_open(path, O_RDONLY, 0);
    g_assert_cmpint(fd, >=, 0);
    return pdfread_file_open(f, fd);
}

static void read_done(pdfread_file *f)
{
    int fd = f->fd;
    pdfread_file_clear(f);
    close(fd);
}

/* The value of 'o' as a string; caller frees. */
static char *value_of(const pdfread_obj *o)
{
    return g_strndup((const char *)o->buf + o->v, o->v_end - o->v);
}

/* A file with an update section: the newest entry of each number counts,
 * old versions still bound the reads; objects by number, a stream only
 * when peeked. */
static void test_read_versions(void)
{
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /A 1 >>",
        "<< /Length 3 >>\nstream\nabc\nendstream",
    };
    GString *s = hand_pdf(objs, 4, "<< /Size %d /Root 1 0 R /Info 3 0 R >>");
    GBytes *sb = g_bytes_new_static(s->str, s->len);
    gsize prev = (gsize)last_startxref(sb), old3 = (gsize)(strstr(s->str, "3 0 obj") - s->str);
    g_bytes_unref(sb);
    gsize new3 = s->len;
    g_string_append(s, "3 0 obj\n<< /A 2 >>\nendobj\n");
    gsize new5 = s->len;
    g_string_append(s, "5 0 obj\n(five)\nendobj\n");
    gsize xref = s->len;
    g_string_append_printf(s,
                           "xref\n3 1\n%010" G_GSIZE_FORMAT " 00000 n \n5 1\n%010" G_GSIZE_FORMAT
                           " 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %" G_GSIZE_FORMAT
                           " >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF",
                           new3, new5, prev, xref);
    char *p = write_file("versions.pdf", s->str, s->len);
    pdfread_file f;
    g_assert_true(read_open(p, &f));
    g_assert_null(f.error);
    g_assert_cmpint(f.size, ==, (gint64)s->len);
    g_assert_cmpint(f.startxref, ==, (gint64)xref);
    g_assert_cmpint(f.n_objects, ==, 6);
    g_assert_cmpint(f.root.num, ==, 1);
    g_assert_cmpint(f.info.num, ==, 0); /* the newest trailer has none */
    g_assert_false(f.ends_in_eol);

    /* The table: 0..5, each once, the newest version. */
    g_assert_cmpuint(f.xref->len, ==, 6);
    for (guint i = 0; i < f.xref->len; i++)
        g_assert_cmpint(g_array_index(f.xref, pdfread_xref, i).num, ==, (gint64)i);
    g_assert_false(pdfread_file_find(&f, 0)->in_use);
    g_assert_cmpint(pdfread_file_find(&f, 3)->off, ==, (gint64)new3);
    g_assert_cmpint(pdfread_file_find(&f, 5)->off, ==, (gint64)new5);
    g_assert_null(pdfread_file_find(&f, 6));
    /* Where objects and sections start: the old object 3 and both sections too. */
    const gint64 want[] = { (gint64)old3, (gint64)prev, (gint64)new3, (gint64)xref };
    for (guint k = 0; k < G_N_ELEMENTS(want); k++) {
        bool found = false;
        for (guint i = 0; i < f.starts->len; i++)
            found = found || g_array_index(f.starts, gint64, i) == want[k];
        g_assert_true(found);
    }
    for (guint i = 1; i < f.starts->len; i++)
        g_assert_cmpint(g_array_index(f.starts, gint64, i - 1), <=, g_array_index(f.starts, gint64, i));

    pdfread_obj o;
    g_assert_true(pdfread_file_load(&f, (pdfread_ref){ 3, 0 }, &o));
    char *v = value_of(&o);
    g_assert_cmpstr(v, ==, "<< /A 2 >>");
    g_assert_nonnull(o.dict);
    g_free(v);
    pdfread_obj_clear(&o);
    g_assert_true(pdfread_file_load(&f, (pdfread_ref){ 5, 0 }, &o));
    v = value_of(&o);
    g_assert_cmpstr(v, ==, "(five)");
    g_assert_null(o.dict);
    g_free(v);
    pdfread_obj_clear(&o);

    /* A stream only when peeked. */
    g_assert_true(pdfread_file_peek(&f, pdfread_file_find(&f, 4), 1024, &o));
    g_assert_true(o.stream);
    g_assert_nonnull(pdfsyntax_dict_get(o.dict, o.buf, "Length"));
    pdfread_obj_clear(&o);
    g_assert_true(pdfread_file_peek(&f, pdfread_file_find(&f, 3), 1024, &o));
    g_assert_false(o.stream);
    g_assert_null(o.dict);
    pdfread_obj_clear(&o);
    g_assert_null(f.error);
    g_assert_false(pdfread_file_load(&f, (pdfread_ref){ 4, 0 }, &o));
    g_assert_cmpstr(f.error->message, ==, "is a truncated or damaged PDF (object 4 is damaged)");
    g_assert_null(o.buf);
    /* The first error is kept. */
    g_assert_false(pdfread_file_load(&f, (pdfread_ref){ 3, 1 }, &o));
    g_assert_cmpstr(f.error->message, ==, "is a truncated or damaged PDF (object 4 is damaged)");
    g_clear_error(&f.error);
    g_assert_false(pdfread_file_load(&f, (pdfread_ref){ 3, 1 }, &o));
    g_assert_cmpstr(f.error->message, ==, "is a truncated or damaged PDF (object 3 is missing)");
    read_done(&f);
    g_free(p);
    g_string_free(s, TRUE);
}

/* An object is read no further than where the next one starts: a catalog
 * whose string runs on into object 2 (which a reader without that bound
 * would take as part of it) is damaged, and a load reads at most the
 * object's own bytes. */
static void test_read_extent(void)
{
    pdfpost_info in = { .lang = "ja", .n_figure_alts = -1 };
    const char *run_on[] = { "<< /Type /Catalog /Pages 2 0 R /X (", ") >>" };
    GString *s = hand_pdf(run_on, 2, NULL);
    amend_string("run-on.pdf", s, &in, PDFPOST_ERROR_FORMAT, "is a truncated or damaged PDF (object 1 is damaged)");
    g_string_free(s, TRUE);

    const char *objs[] = { "<< /Type /Catalog /Pages 2 0 R /X [ 1 2 3 ] >>", "<< /Type /Pages /Kids [] /Count 0 >>" };
    s = hand_pdf(objs, 2, NULL);
    char *p = write_file("extent.pdf", s->str, s->len);
    pdfread_file f;
    g_assert_true(read_open(p, &f));
    pdfread_obj o;
    g_assert_true(pdfread_file_load(&f, f.root, &o));
    gsize one = (gsize)(strstr(s->str, "1 0 obj") - s->str), two = (gsize)(strstr(s->str, "2 0 obj") - s->str);
    g_assert_cmpuint(o.len, <=, two - one);
    pdfread_obj_clear(&o);
    read_done(&f);
    g_free(p);
    g_string_free(s, TRUE);
}

/* No fixed cap: a catalog of 3 MB is read whole and copied; the same
 * catalog left open at the end of the file is damaged (read to the end of
 * the file, not "too large"). */
static void test_read_large(void)
{
    char *line = g_strnfill(1000, 'x');
    GString *big = g_string_new("<< /Type /Catalog /Pages 1 0 R /X [");
    while (big->len < (3u << 20))
        g_string_append_printf(big, " 1.5 (%s)", line);
    g_free(line);
    GString *open = g_string_new(big->str);
    g_string_append(big, " ] >>");
    const char *objs[] = { "<< /Type /Pages /Kids [] /Count 0 >>", big->str };
    GString *s = hand_pdf(objs, 2, "<< /Size %d /Root 2 0 R >>");
    pdfpost_info in = { .lang = "ja", .n_figure_alts = -1 };
    GBytes *after = amend_bytes("large.pdf", s->str, s->len, &in, 0, NULL);
    char *upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "2 0 obj\n<< /Type /Catalog /Pages 1 0 R /X [ 1.5 (xxx"));
    g_assert_nonnull(strstr(upd, "xxx) ] /Lang (ja) >>\nendobj\nxref\n2 1\n"));
    g_assert_cmpuint(strlen(upd), >, big->len);
    g_free(upd);
    g_bytes_unref(after);
    char *p = path_of("large.pdf");
    assert_qpdf_check(p);
    g_free(p);
    g_string_free(s, TRUE);

    objs[1] = open->str;
    s = hand_pdf(objs, 2, "<< /Size %d /Root 2 0 R >>");
    amend_string("large-open.pdf", s, &in, PDFPOST_ERROR_FORMAT, "is a truncated or damaged PDF (object 2 is damaged)");
    g_string_free(s, TRUE);
    g_string_free(open, TRUE);
    g_string_free(big, TRUE);
}

/* A structure tree root whose /K names one Figure 1.1 million times (6.6
 * MB): no fixed limit on the elements waiting to be visited (memory follows
 * the file's size), and the Figure is visited once. */
static void test_read_many_kids(void)
{
    GString *root = g_string_new("<< /Type /StructTreeRoot /K [");
    for (int i = 0; i < 1100000; i++)
        g_string_append(root, " 4 0 R");
    g_string_append(root, " ] >>");
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 3 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        root->str,
        "<< /Type /StructElem /S /Figure /P 3 0 R /K 0 >>",
    };
    GString *s = hand_pdf(objs, 4, NULL);
    const char *alts[] = { "城" };
    pdfpost_info in = { .n_figure_alts = 1, .figure_alts = alts };
    GBytes *after = amend_bytes("many-kids.pdf", s->str, s->len, &in, 0, NULL);
    char *upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "4 0 obj\n<< /Type /StructElem /S /Figure /P 3 0 R /K 0 /Alt <FEFF57CE> >>\n"
                                        "endobj\nxref\n4 1\n"));
    g_free(upd);
    g_bytes_unref(after);
    g_string_free(s, TRUE);
    g_string_free(root, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    pdftest_begin();

    g_test_add_func("/pdfread/errors/not-pdf", test_not_pdf);
    g_test_add_func("/pdfread/errors/truncated", test_truncated);
    g_test_add_func("/pdfread/errors/damaged-tail", test_damaged_tail);
    g_test_add_func("/pdfread/errors/damaged-hand", test_damaged_hand);
    g_test_add_func("/pdfread/errors/damaged-pack", test_damaged_pack);
    g_test_add_func("/pdfread/versions", test_read_versions);
    g_test_add_func("/pdfread/extent", test_read_extent);
    g_test_add_func("/pdfread/large", test_read_large);
    g_test_add_func("/pdfread/many-kids", test_read_many_kids);
    return pdftest_end(g_test_run());
}
