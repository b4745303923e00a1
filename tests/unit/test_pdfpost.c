/* Unit tests for pdfpost_amend and pdfpost_pack, the amendments: real tagged PDFs written
 * by cairo 1.16 are amended (/Lang, Japanese /Alt on each Figure, "D:"
 * dates) and checked with qpdf and pdfinfo; hand-written PDFs cover odd
 * syntax, loops in the structure tree and a new Info; the Figures and the
 * texts given must agree, and a failed write leaves the file as it was.
 * Large documents: objects over 1 MB (issue 16) are read whole. */
#include "pdftest.h"

#include "tucmap.h"

#include <libdeflate.h>
#include <sys/mman.h>

/*** Tests: cairo PDFs ***/

/* Lang, three Japanese alts in document order, qpdf --check. */
static void test_amend_cairo(void)
{
    char *p = copy_file(base_pdf(3), "amend3.pdf");
    GBytes *before = read_all(p);
    assert_alts(p, NULL, (const char *const[]){ NULL, NULL, NULL }, 3); /* cairo drops Alt='...' */
    pdfpost_info in = info_ja(ALTS, 3);
    GError *err = NULL;
    g_assert_true(amend_path(p, &in, &err));
    g_assert_no_error(err);
    assert_qpdf_check(p);
    assert_alts(p, "ja", ALTS, 3);

    /* An incremental update: the old bytes untouched, /Prev to the old xref. */
    GBytes *after = read_all(p);
    g_assert_cmpuint(g_bytes_get_size(after), >, g_bytes_get_size(before));
    g_assert_cmpint(memcmp(g_bytes_get_data(after, NULL), g_bytes_get_data(before, NULL), g_bytes_get_size(before)),
                    ==, 0);
    int st;
    char *tr = run((const char *const[]){ "qpdf", "--show-object=trailer", p, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    char *prev = g_strdup_printf("/Prev %ld ", last_startxref(before));
    g_assert_nonnull(strstr(tr, prev));
    g_free(prev);
    g_free(tr);
    g_bytes_unref(after);
    g_bytes_unref(before);
    g_free(p);
}

/* pdfinfo still reads it: pages, tagged, the dates now "D:". */
static void test_amend_pdfinfo(void)
{
    char *p = copy_file(base_pdf(2), "info.pdf");
    GBytes *before = read_all(p);
    g_assert_true(bytes_have(before, "/CreationDate (20240220000000+09'00)"));
    pdfpost_info in = info_ja(ALTS, 2);
    in.mod_date = "D:20240221103000+09'00'";
    GError *err = NULL;
    g_assert_true(amend_path(p, &in, &err));
    g_assert_no_error(err);
    assert_qpdf_check(p);
    GBytes *after = read_all(p);
    g_assert_true(bytes_have(after, "/CreationDate (D:20240220000000+09'00)"));
    g_assert_true(bytes_have(after, "/ModDate (D:20240221103000+09'00')"));
    g_assert_true(bytes_have(after, "/Title <FEFF")); /* kept as it was */

    const char *want[][2] = { { "Pages", "2" },
                              { "Tagged", "yes" },
                              { "CreationDate", "2024-02-20T00:00:00+09" },
                              { "ModDate", "2024-02-21T10:30:00+09" },
                              { "Title", "旅する公務員 第17弾 (松江)" } };
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        char *v = pdfinfo_field(p, want[i][0]);
        g_assert_cmpstr(v, ==, want[i][1]);
        g_free(v);
    }
    g_bytes_unref(after);
    g_bytes_unref(before);
    g_free(p);
}

/* The same input amended twice gives the same bytes; amending the result
 * again with the same info adds nothing; with other alts, a second update. */
static void test_amend_deterministic(void)
{
    char *a = copy_file(base_pdf(2), "det-a.pdf"), *b = copy_file(base_pdf(2), "det-b.pdf");
    pdfpost_info in = info_ja(ALTS, 2);
    g_assert_true(amend_path(a, &in, NULL));
    g_assert_true(amend_path(b, &in, NULL));
    GBytes *ba = read_all(a), *bb = read_all(b);
    g_assert_true(same_bytes(ba, bb));

    g_assert_true(amend_path(a, &in, NULL));
    GBytes *ba2 = read_all(a);
    g_assert_true(same_bytes(ba, ba2));

    const char *other[] = { "城", "湖" };
    pdfpost_info in2 = info_ja(other, 2);
    g_assert_true(amend_path(a, &in2, NULL));
    GBytes *ba3 = read_all(a);
    g_assert_cmpuint(g_bytes_get_size(ba3), >, g_bytes_get_size(ba2));
    char *upd = appended(ba3, g_bytes_get_size(ba2));
    g_assert_null(strstr(upd, "/Catalog"));      /* /Lang was already there */
    g_assert_null(strstr(upd, "/CreationDate")); /* already "D:" */
    g_assert_nonnull(strstr(upd, "/Alt <FEFF57CE>"));
    g_free(upd);
    assert_qpdf_check(a);
    assert_alts(a, "ja", other, 2);
    char *tagged = pdfinfo_field(a, "Tagged");
    g_assert_cmpstr(tagged, ==, "yes");
    g_free(tagged);

    g_bytes_unref(ba3);
    g_bytes_unref(ba2);
    g_bytes_unref(bb);
    g_bytes_unref(ba);
    g_free(a);
    g_free(b);
}

/* A NULL alt leaves its Figure alone; n < 0 leaves all of them alone. */
static void test_amend_partial(void)
{
    char *p = copy_file(base_pdf(2), "partial.pdf");
    const char *alts[] = { NULL, ALTS[1] };
    pdfpost_info in = info_ja(alts, 2);
    g_assert_true(amend_path(p, &in, NULL));
    assert_qpdf_check(p);
    assert_alts(p, "ja", alts, 2);
    g_free(p);

    p = copy_file(base_pdf(3), "lang-only.pdf");
    pdfpost_info lang = { .lang = "ja", .n_figure_alts = -1 };
    g_assert_true(amend_path(p, &lang, NULL));
    assert_qpdf_check(p);
    assert_alts(p, "ja", (const char *const[]){ NULL, NULL, NULL }, 3);
    GBytes *b = read_all(p);
    g_assert_true(bytes_have(b, "/CreationDate (2024")); /* fix_dates false */
    g_bytes_unref(b);
    g_free(p);
}

/* An untagged PDF has no Figure: /Lang only, and alts are a mismatch. */
static void test_amend_untagged(void)
{
    char *p = copy_file(base_pdf(0), "untagged.pdf");
    GBytes *before = read_all(p);
    pdfpost_info in = info_ja(ALTS, 1);
    GError *err = NULL;
    g_assert_false(amend_path(p, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_COUNT);
    g_assert_cmpstr(err->message, ==, "has 0 Figure elements in its structure tree but 1 alternate text was given");
    g_clear_error(&err);
    GBytes *same = read_all(p);
    g_assert_true(same_bytes(before, same));
    g_bytes_unref(same);

    in = info_ja(NULL, 0);
    g_assert_true(amend_path(p, &in, &err));
    g_assert_no_error(err);
    assert_qpdf_check(p);
    assert_alts(p, "ja", NULL, 0);
    char *tagged = pdfinfo_field(p, "Tagged");
    g_assert_cmpstr(tagged, ==, "no");
    g_free(tagged);
    g_bytes_unref(before);
    g_free(p);
}

/* More or fewer alts than Figures: an error, the file unchanged. */
static void test_count_mismatch(void)
{
    GBytes *orig = read_all(base_pdf(2));
    gsize len;
    const void *d = g_bytes_get_data(orig, &len);
    for (int n = 0; n <= 3; n++) {
        if (n == 2)
            continue;
        pdfpost_info in = info_ja(ALTS, n);
        g_bytes_unref(amend_bytes("mismatch.pdf", d, len, &in, PDFPOST_ERROR_COUNT, NULL));
    }
    pdfpost_info in = info_ja(ALTS, 1);
    char *p = write_file("mismatch.pdf", d, len);
    GError *err = NULL;
    g_assert_false(amend_path(p, &in, &err));
    g_assert_cmpstr(err->message, ==, "has 2 Figure elements in its structure tree but 1 alternate text was given");
    g_error_free(err);
    g_free(p);
    g_bytes_unref(orig);
}

/* Not UTF-8: an error before anything is read. */
static void test_bad_text(void)
{
    GBytes *orig = read_all(base_pdf(2));
    gsize len;
    const void *d = g_bytes_get_data(orig, &len);
    const char *alts[] = { "ok", "\xff\xfe" };
    pdfpost_info in = info_ja(alts, 2);
    g_bytes_unref(amend_bytes("badtext.pdf", d, len, &in, PDFPOST_ERROR_TEXT, NULL));
    g_bytes_unref(orig);
}

/* A failed write (read-only descriptor) leaves the file as it was. */
static void test_write_fails(void)
{
    char *p = copy_file(base_pdf(2), "readonly.pdf");
    GBytes *before = read_all(p);
    int fd = g_open(p, O_RDONLY, 0);
    g_assert_cmpint(fd, >=, 0);
    pdfpost_info in = info_ja(ALTS, 2);
    GError *err = NULL;
    g_assert_false(pdfpost_amend(fd, &in, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_WRITE);
    g_assert_cmpstr(err->message, ==, g_strerror(EBADF)); /* the reason alone: the caller says what failed */
    g_error_free(err);
    close(fd);
    GBytes *after = read_all(p);
    g_assert_true(same_bytes(before, after));
    g_bytes_unref(after);
    g_bytes_unref(before);
    g_free(p);
}


/*** Tests: hand-written structure trees and Info ***/

/* Structure trees cairo would not write: loops, shared kids, direct
 * elements, marked-content references; the syntax edge cases of the
 * catalog (comments, no spaces, strings with brackets). */
static void test_struct_odd(void)
{
    /* 3 is a Figure whose kids point back at it and at 4, which points at 3:
     * each element is visited once. 5 is an OBJR, 6 a Figure under an MCR. */
    const char *objs[] = {
        "<</Type/Catalog/Pages 2 0 R%a comment >> here\n/StructTreeRoot 7 0 R/X<</A(x\\)y>]) /B<00ff>>>/Y[1 0 R]>>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Type /StructElem /S /Figure /P 7 0 R /K [ 3 0 R 4 0 R 0 << /Type /MCR /MCID 1 >> ] >>",
        "<< /Type /StructElem /S /Sect /P 3 0 R /K [ 3 0 R 5 0 R 6 0 R ] >>",
        "<< /Type /OBJR /Obj 2 0 R >>",
        "<< /Type /StructElem /S /Figure /P 4 0 R /K 2 /Alt (old) >>",
        "<< /Type /StructTreeRoot /K 3 0 R >>",
    };
    GString *s = hand_pdf(objs, 7, NULL);
    const char *alts[] = { "一", "二" };
    pdfpost_info in = info_ja(alts, 2);
    GBytes *after = amend_bytes("odd.pdf", s->str, s->len, &in, 0, NULL);
    char *upd = appended(after, s->len);
    /* The whole update, byte for byte: three objects, three subsections. */
    const char *o1 = "1 0 obj\n<</Type/Catalog/Pages 2 0 R%a comment >> here\n/StructTreeRoot 7 0 R"
                     "/X<</A(x\\)y>]) /B<00ff>>>/Y[1 0 R] /Lang (ja) >>\nendobj\n";
    const char *o3 = "3 0 obj\n<< /Type /StructElem /S /Figure /P 7 0 R /K [ 3 0 R 4 0 R 0 << /Type /MCR /MCID 1 >> ] "
                     "/Alt <FEFF4E00> >>\nendobj\n";
    const char *o6 = "6 0 obj\n<< /Type /StructElem /S /Figure /P 4 0 R /K 2 /Alt <FEFF4E8C> >>\nendobj\n";
    gsize at1 = s->len, at3 = at1 + strlen(o1), at6 = at3 + strlen(o3), xref = at6 + strlen(o6);
    GBytes *orig = g_bytes_new_static(s->str, s->len);
    char *want = g_strdup_printf("%s%s%sxref\n1 1\n%010" G_GSIZE_FORMAT " 00000 n \n3 1\n%010" G_GSIZE_FORMAT
                                 " 00000 n \n6 1\n%010" G_GSIZE_FORMAT " 00000 n \n"
                                 "trailer\n<< /Size 8\n   /Root 1 0 R\n   /Prev %ld\n>>\nstartxref\n%" G_GSIZE_FORMAT
                                 "\n%%%%EOF\n",
                                 o1, o3, o6, at1, at3, at6, last_startxref(orig), xref);
    g_bytes_unref(orig);
    g_assert_cmpstr(upd, ==, want);
    g_free(want);
    g_free(upd);
    g_bytes_unref(after);

    /* qpdf reads the update of a hand-written file too. */
    char *p = path_of("odd.pdf");
    int st;
    char *obj = run((const char *const[]){ "qpdf", "--show-object=6", p, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_cmpstr(obj, ==, "<< /Alt <feff4e8c> /K 2 /P 4 0 R /S /Figure /Type /StructElem >>\n");
    g_free(obj);
    g_free(p);

    /* A Figure that is a direct dictionary cannot get a new version. */
    const char *direct[] = {
        "<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 3 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Type /StructTreeRoot /K [ << /S /Figure /K 0 >> ] >>",
    };
    GString *t = hand_pdf(direct, 3, NULL);
    pdfpost_info one = info_ja(alts, 1);
    amend_string("direct.pdf", t, &one, PDFPOST_ERROR_FORMAT,
                 "has a Figure structure element that is not an indirect object");
    g_string_free(t, TRUE);

    /* A kid that is missing from the xref. */
    const char *missing[] = {
        "<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 3 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Type /StructTreeRoot /K [ 9 0 R ] >>",
    };
    t = hand_pdf(missing, 3, NULL);
    amend_string("missing.pdf", t, &one, PDFPOST_ERROR_FORMAT, "is a truncated or damaged PDF (object 9 is missing)");
    g_string_free(t, TRUE);
    g_string_free(s, TRUE);
}

/* No Info at all and a /ModDate: a new Info object; the /ID is kept. */
static void test_new_info(void)
{
    const char *objs[] = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>" };
    GString *s = hand_pdf(objs, 2, "<< /Size %d /Root 1 0 R /ID [<0123456789ABCDEF><0123456789ABCDEF>] >>");
    pdfpost_info in = { .n_figure_alts = 0, .fix_dates = true, .mod_date = "D:20240221(x)" };
    GBytes *after = amend_bytes("noinfo.pdf", s->str, s->len, &in, 0, NULL);
    char *upd = appended(after, s->len);
    char *want = g_strdup_printf("3 0 obj\n<< /ModDate (D:20240221\\(x\\)) >>\nendobj\n"
                                 "xref\n3 1\n%010" G_GSIZE_FORMAT " 00000 n \n"
                                 "trailer\n<< /Size 4\n   /Root 1 0 R\n   /Info 3 0 R\n   /Prev %ld\n"
                                 "   /ID [<0123456789ABCDEF><0123456789ABCDEF>]\n>>\nstartxref\n",
                                 s->len, strtol(g_strrstr(s->str, "startxref\n") + 10, NULL, 10));
    if (!g_str_has_prefix(upd, want))
        g_error("got:\n%s\nwanted:\n%s", upd, want);
    g_free(want);
    g_free(upd);
    g_bytes_unref(after);
    g_string_free(s, TRUE);

    /* A /Size that leaves no free number for the new Info. */
    s = hand_pdf(objs, 2, "<< /Size 2 /Root 1 0 R >>");
    amend_string("smallsize.pdf", s, &in, PDFPOST_ERROR_FORMAT,
                 "is a truncated or damaged PDF (its trailer's /Size is too small)");
    g_string_free(s, TRUE);

    /* An empty xref subsection is fine. */
    s = hand_pdf(objs, 2, NULL);
    g_assert_cmpuint(g_string_replace(s, "xref\n0 3\n", "xref\n7 0\n0 3\n", 1), ==, 1);
    pdfpost_info lang = { .lang = "de-CH", .n_figure_alts = 0 };
    after = amend_bytes("empty-sub.pdf", s->str, s->len, &lang, 0, NULL);
    upd = appended(after, s->len);
    g_assert_true(g_str_has_prefix(upd, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (de-CH) >>\nendobj\nxref\n1 1\n"));
    g_free(upd);
    g_bytes_unref(after);
    g_string_free(s, TRUE);
}

/*** Tests: the PDF written whole (pdfpost_pack) ***/

/* Packs 'in' into a new file 'name' (returned; caller frees). */
static char *pack_path(const char *in, const char *name, const pdfpost_info *info, GError **err, bool *ok)
{
    char *out = path_of(name);
    int i = g_open(in, O_RDONLY, 0), o = g_open(out, O_RDWR | O_CREAT | O_TRUNC, 0644);
    g_assert_cmpint(i, >=, 0);
    g_assert_cmpint(o, >=, 0);
    *ok = pdfpost_pack(i, o, info, err);
    g_assert_cmpint(close(i), ==, 0);
    g_assert_cmpint(close(o), ==, 0);
    return out;
}

/* The pages of 'path' as PNG bytes, one GBytes each (pdftoppm, 72 dpi). */
static GPtrArray *page_images(const char *path, const char *stem)
{
    char *root = path_of(stem);
    int st;
    g_free(run((const char *const[]){ "pdftoppm", "-r", "72", "-png", path, root, NULL }, &st));
    g_assert_cmpint(st, ==, 0);
    GPtrArray *pages = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    for (int k = 1;; k++) {
        char *f = g_strdup_printf("%s-%d.png", root, k);
        bool there = g_file_test(f, G_FILE_TEST_EXISTS);
        if (there)
            g_ptr_array_add(pages, read_all(f));
        g_free(f);
        if (!there)
            break;
    }
    g_free(root);
    return pages;
}

/* The cross-reference entries qpdf lists of 'path', by kind: in an object
 * stream ("compressed") and at an offset ("uncompressed"). */
static void xref_kinds(const char *path, int *in_stream, int *at_offset)
{
    int st;
    char *x = run((const char *const[]){ "qpdf", "--show-xref", path, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    *in_stream = *at_offset = 0;
    char **lines = g_strsplit(x, "\n", -1);
    for (char **k = lines; *k; k++) {
        *in_stream += strstr(*k, ": compressed;") != NULL;
        *at_offset += strstr(*k, ": uncompressed;") != NULL;
    }
    g_strfreev(lines);
    g_free(x);
}

/* The same amendments as an update, in a file a third smaller: the plain
 * objects in object streams, a cross-reference stream, no /Length kept in
 * an object of its own, each object once; the same pages,
 * the same alts, dates and title. */
static void test_pack_cairo(void)
{
    char *amended = copy_file(base_pdf(3), "pack-amended.pdf");
    pdfpost_info in = info_ja(ALTS, 3);
    in.mod_date = "D:20240221103000+09'00'";
    g_assert_true(amend_path(amended, &in, NULL));
    bool ok;
    GError *err = NULL;
    char *packed = pack_path(base_pdf(3), "pack.pdf", &in, &err, &ok);
    g_assert_no_error(err);
    g_assert_true(ok);
    assert_qpdf_check(packed);
    assert_alts(packed, "ja", ALTS, 3);
    const char *keys[] = { "Pages", "Tagged", "CreationDate", "ModDate", "Title" };
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
        char *a = pdfinfo_field(amended, keys[i]), *b = pdfinfo_field(packed, keys[i]);
        g_assert_nonnull(a);
        g_assert_cmpstr(a, ==, b);
        g_free(a);
        g_free(b);
    }
    GBytes *ab = read_all(amended), *pb = read_all(packed);
    g_assert_cmpuint(g_bytes_get_size(pb) * 3, <, g_bytes_get_size(ab) * 2);
    g_assert_true(g_str_has_prefix(g_bytes_get_data(pb, NULL), "%PDF-1.5\n"));
    g_assert_false(bytes_have(pb, "\nxref\n")); /* no table: a stream */
    g_assert_false(bytes_have(pb, "\ntrailer"));
    GRegex *indirect = g_regex_new("/Length \\d+ \\d+ R", 0, 0, NULL);
    char *text = g_strndup(g_bytes_get_data(pb, NULL), g_bytes_get_size(pb));
    g_assert_false(g_regex_match(indirect, text, 0, NULL));
    g_free(text);
    g_regex_unref(indirect);
    int in_stream, at_offset;
    xref_kinds(packed, &in_stream, &at_offset);
    g_assert_cmpint(in_stream, >, 2 * at_offset); /* the structure tree, the pages, the fonts' dictionaries */
    /* One object stream holds them all, written without cairo's indents
     * and comments ("% 1" after a page's /Type). */
    int st;
    char *xr = run((const char *const[]){ "qpdf", "--show-xref", packed, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    const char *key = "compressed; stream = ";
    const char *sn = g_strstr_len(xr, -1, key);
    g_assert_nonnull(sn);
    char *stm = g_strndup(sn + strlen(key), strspn(sn + strlen(key), "0123456789"));
    char *pat = g_strdup_printf("%s%s,", key, stm);
    int in_it = 0;
    for (const char *q = xr; (q = strstr(q, key)); q++)
        in_it += g_str_has_prefix(q, pat);
    g_assert_cmpint(in_it, ==, in_stream);
    char *show = g_strdup_printf("--show-object=%s", stm);
    char *objs = run((const char *const[]){ "qpdf", show, "--filtered-stream-data", packed, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_nonnull(strstr(objs, "<</Type/Page"));
    g_assert_null(strstr(objs, "\n   /"));
    g_assert_null(strstr(objs, "% 1"));
    g_free(objs);
    g_free(show);
    g_free(pat);
    g_free(stm);
    g_free(xr);
    /* The Info in its new version only: the dates with their "D:". */
    char *json = run((const char *const[]){ "qpdf", "--json", "--json-key=qpdf", packed, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_null(strstr(json, "\"u:20240220000000+09'00\""));
    g_assert_nonnull(strstr(json, "\"u:D:20240220000000+09'00\""));
    g_free(json);

    GPtrArray *pa = page_images(amended, "pack-a"), *pp = page_images(packed, "pack-p");
    g_assert_cmpuint(pa->len, ==, 2);
    g_assert_cmpuint(pp->len, ==, pa->len);
    for (guint i = 0; i < pa->len; i++)
        g_assert_true(same_bytes(g_ptr_array_index(pa, i), g_ptr_array_index(pp, i)));
    g_ptr_array_unref(pa);
    g_ptr_array_unref(pp);

    /* The same input, the same bytes. */
    char *again = pack_path(base_pdf(3), "pack-again.pdf", &in, &err, &ok);
    g_assert_true(ok);
    GBytes *gb = read_all(again);
    g_assert_true(same_bytes(pb, gb));
    g_bytes_unref(gb);
    g_bytes_unref(ab);
    g_bytes_unref(pb);
    g_free(again);
    g_free(packed);
    g_free(amended);
}

/* Errors: the amendments' own (a mismatch of Figures) and a file it cannot
 * write; a stream whose /Length runs past its object is damaged, not read
 * on. The input is never written. */
static void test_pack_errors(void)
{
    GBytes *before = read_all(base_pdf(2));
    pdfpost_info three = info_ja(ALTS, 3);
    bool ok;
    GError *err = NULL;
    g_free(pack_path(base_pdf(2), "pack-count.pdf", &three, &err, &ok));
    g_assert_false(ok);
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_COUNT);
    g_clear_error(&err);

    int i = g_open(base_pdf(2), O_RDONLY, 0), o = g_open(base_pdf(3), O_RDONLY, 0);
    pdfpost_info two = info_ja(ALTS, 2);
    g_assert_false(pdfpost_pack(i, o, &two, &err));
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_WRITE);
    g_assert_cmpstr(err->message, ==, g_strerror(EBADF));
    g_clear_error(&err);
    close(i);
    close(o);
    GBytes *after = read_all(base_pdf(2));
    g_assert_true(same_bytes(before, after));
    g_bytes_unref(after);
    g_bytes_unref(before);

    const char *objs[] = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>",
                           "<< /Length 40 >>\nstream\nshort\nendstream" };
    GString *s = hand_pdf(objs, 3, NULL);
    char *p = write_file("pack-long.pdf", s->str, s->len);
    pdfpost_info none = { .n_figure_alts = -1 };
    g_free(pack_path(p, "pack-long-out.pdf", &none, &err, &ok));
    g_assert_false(ok);
    g_assert_error(err, PDFPOST_ERROR, PDFPOST_ERROR_FORMAT);
    g_assert_cmpstr(err->message, ==, "is a truncated or damaged PDF (the stream of object 3 is damaged)");
    g_clear_error(&err);
    g_free(p);
    g_string_free(s, TRUE);

    /* With the right /Length, through a reference, and CRLF after "stream". */
    const char *good[] = { "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>",
                           "<< /Length 4 0 R >>\nstream\r\nshort\nendstream", "5" };
    s = hand_pdf(good, 4, NULL);
    p = write_file("pack-ref.pdf", s->str, s->len);
    char *out = pack_path(p, "pack-ref-out.pdf", &none, &err, &ok);
    g_assert_no_error(err);
    g_assert_true(ok);
    assert_qpdf_check(out);
    GBytes *b = read_all(out);
    g_assert_true(bytes_have(b, "<< /Length 5 >>\nstream\nshort\nendstream"));
    g_bytes_unref(b);
    g_free(out);
    g_free(p);
    g_string_free(s, TRUE);
}

/* A cairo PDF of Latin and Japanese text in BIZ UDPGothic (a TrueType
 * font with hinting): cairo writes a WinAnsi and a CID subset of it. */
static char *font_pdf(const char *name)
{
    char *p = path_of(name);
    cairo_surface_t *s = cairo_pdf_surface_create(p, 400, 200);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "BIZ UDPGothic", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 18);
    cairo_move_to(cr, 20, 60);
    cairo_show_text(cr, "Matsue 2024");
    cairo_move_to(cr, 20, 120);
    cairo_show_text(cr, "旅する公務員、松江市役所へ。");
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return p;
}

/* The FontFile2 streams of 'path': for each, its /FontName, /Length1 and
 * its data (decoded by qpdf). */
typedef struct font_file {
    char *name;
    long length1;
    GBytes *data;
} font_file;

/* The /Length1 of stream 'num' in qpdf's JSON 'json'. */
G_GNUC_NO_INLINE static long length1_of(const char *json, const char *num)
{
    char *key = g_strdup_printf("\"obj:%s 0 R\": {\n        \"stream\": {\n          \"dict\": {", num);
    const char *at = strstr(json, key), *l1 = at ? strstr(at, "\"/Length1\": ") : NULL;
    g_assert_nonnull(l1);
    g_free(key);
    return strtol(l1 + strlen("\"/Length1\": "), NULL, 10);
}

static GArray *font_files(const char *path)
{
    int st;
    char *json = run((const char *const[]){ "qpdf", "--json", "--json-key=qpdf", "--json-stream-data=none", path, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    GArray *files = g_array_new(FALSE, TRUE, sizeof(font_file));
    GRegex *desc = g_regex_new("\"/FontFile2\": \"(\\d+) 0 R\",[^}]*\"/FontName\": \"/([^\"]+)\"", 0, 0, NULL);
    GMatchInfo *m = NULL;
    for (g_regex_match(desc, json, 0, &m); g_match_info_matches(m); g_match_info_next(m, NULL)) {
        char *num = g_match_info_fetch(m, 1);
        font_file f = { g_match_info_fetch(m, 2), -1, NULL };
        f.length1 = length1_of(json, num);
        char *out_path = path_of("font.bin"), *opt = g_strdup_printf("--show-object=%s", num);
        char *cmd = g_strdup_printf("qpdf %s --filtered-stream-data '%s' > '%s'", opt, path, out_path);
        g_free(run((const char *const[]){ "sh", "-c", cmd, NULL }, &st));
        g_assert_cmpint(st, ==, 0);
        f.data = read_all(out_path);
        g_array_append_val(files, f);
        g_free(cmd);
        g_free(opt);
        g_free(out_path);
        g_free(num);
    }
    g_match_info_free(m);
    g_regex_unref(desc);
    g_free(json);
    return files;
}

static void font_files_free(GArray *a)
{
    for (guint i = 0; i < a->len; i++) {
        g_free(g_array_index(a, font_file, i).name);
        g_bytes_unref(g_array_index(a, font_file, i).data);
    }
    g_array_unref(a);
}

/* Whether the TrueType font 'b' has the table 'tag'. */
static bool sfnt_has(GBytes *b, const char *tag)
{
    gsize n;
    const guint8 *d = g_bytes_get_data(b, &n);
    g_assert_cmpuint(n, >=, 12);
    int tables = d[4] << 8 | d[5];
    g_assert_cmpuint(n, >=, 12 + 16 * (gsize)tables);
    for (int i = 0; i < tables; i++)
        if (memcmp(d + 12 + 16 * i, tag, 4) == 0)
            return true;
    return false;
}

/* cairo's TrueType subsets lose their hinting (fpgm, prep, cvt and each
 * glyph's instructions: smaller), /Length1 is their new length, and the
 * pages look the same; a font named as one of FreeType's "tricky" fonts
 * (glyphs built by instructions) keeps its font program to the byte. */
static void test_pack_fonts(void)
{
    char *in = font_pdf("fonts.pdf");
    pdfpost_info none = { .n_figure_alts = -1 };
    bool ok;
    GError *err = NULL;
    char *out = pack_path(in, "fonts-packed.pdf", &none, &err, &ok);
    g_assert_no_error(err);
    g_assert_true(ok);
    assert_qpdf_check(out);
    GArray *before = font_files(in), *after = font_files(out);
    g_assert_cmpuint(before->len, ==, 2); /* WinAnsi and CID */
    g_assert_cmpuint(after->len, ==, before->len);
    for (guint i = 0; i < after->len; i++) {
        const font_file *a = &g_array_index(before, font_file, i), *b = &g_array_index(after, font_file, i);
        g_assert_cmpstr(a->name, ==, b->name);
        g_assert_true(sfnt_has(a->data, "fpgm") && sfnt_has(a->data, "prep"));
        g_assert_false(sfnt_has(b->data, "fpgm") || sfnt_has(b->data, "prep") || sfnt_has(b->data, "cvt "));
        g_assert_true(sfnt_has(b->data, "glyf") && sfnt_has(b->data, "loca") && sfnt_has(b->data, "hmtx"));
        g_assert_cmpint(b->length1, ==, (long)g_bytes_get_size(b->data));
        g_assert_cmpuint(g_bytes_get_size(b->data) * 10, <, g_bytes_get_size(a->data) * 9);
    }
    /* From a sealed file in memory (as render gives it), the fonts are made
     * on a thread of their own: the same bytes. */
    GBytes *direct = read_all(out), *orig = read_all(in);
    int mem = memfd_create("test-cairo", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    g_assert_cmpint(write(mem, g_bytes_get_data(orig, NULL), g_bytes_get_size(orig)), ==,
                    (gssize)g_bytes_get_size(orig));
    g_assert_cmpint(fcntl(mem, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE), ==, 0);
    char *sealed = path_of("fonts-sealed.pdf");
    int so = g_open(sealed, O_RDWR | O_CREAT | O_TRUNC, 0644);
    g_assert_true(pdfpost_pack(mem, so, &none, &err));
    close(so);
    close(mem);
    GBytes *viamem = read_all(sealed);
    g_assert_true(same_bytes(direct, viamem));
    g_bytes_unref(viamem);
    g_bytes_unref(orig);
    g_bytes_unref(direct);
    g_free(sealed);

    GPtrArray *pa = page_images(in, "fonts-a"), *pp = page_images(out, "fonts-p");
    g_assert_cmpuint(pa->len, ==, 1);
    g_assert_cmpuint(pp->len, ==, 1);
    g_assert_true(same_bytes(g_ptr_array_index(pa, 0), g_ptr_array_index(pp, 0)));
    g_ptr_array_unref(pa);
    g_ptr_array_unref(pp);
    font_files_free(after);

    /* The same font under a tricky name (of the same length, so that the
     * file's offsets hold): its program kept as it is. */
    GBytes *b = read_all(in);
    GString *s = g_string_new_len(g_bytes_get_data(b, NULL), (gssize)g_bytes_get_size(b));
    int renamed = 0;
    for (char *at = s->str; (at = memmem(at, s->len - (gsize)(at - s->str), "BIZUDPGothic-Regular", 20)); at += 20) {
        memcpy(at, "MingLiU-Regular00000", 20);
        renamed++;
    }
    g_assert_cmpint(renamed, >=, 2);
    char *tricky = write_file("fonts-tricky.pdf", s->str, s->len);
    char *tout = pack_path(tricky, "fonts-tricky-packed.pdf", &none, &err, &ok);
    g_assert_true(ok);
    after = font_files(tout);
    g_assert_cmpuint(after->len, ==, before->len);
    for (guint i = 0; i < after->len; i++)
        g_assert_true(same_bytes(g_array_index(before, font_file, i).data, g_array_index(after, font_file, i).data));
    font_files_free(after);
    font_files_free(before);
    g_string_free(s, TRUE);
    g_bytes_unref(b);
    g_free(tout);
    g_free(tricky);
    g_free(out);
    g_free(in);
}

/* 'n' bytes deflated (zlib format) by libdeflate at 'level'. */
static GBytes *zlib_at(const void *d, size_t n, int level)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
    size_t cap = libdeflate_zlib_compress_bound(c, n);
    guint8 *z = g_malloc(cap);
    size_t len = libdeflate_zlib_compress(c, d, n, z, cap);
    g_assert_cmpuint(len, >, 0);
    libdeflate_free_compressor(c);
    return g_bytes_new_take(z, len);
}

/* The zlib stream 'z' inflated (at most 1 MB). */
static GBytes *unzlib(GBytes *z)
{
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    gsize n;
    const guint8 *in = g_bytes_get_data(z, &n);
    size_t cap = 1 << 20, got = 0;
    guint8 *o = g_malloc(cap);
    g_assert_cmpint(libdeflate_zlib_decompress(d, in, n, o, cap, &got), ==, LIBDEFLATE_SUCCESS);
    libdeflate_free_decompressor(d);
    return g_bytes_new_take(g_realloc(o, MAX(got, 1)), got);
}

/* The data of stream 'num' in a PDF pdfpack wrote ("num 0 obj\n<< ...
 * /Length N >>\nstream\n"). */
static GBytes *packed_stream(GBytes *pdf, int num)
{
    gsize n;
    const char *d = g_bytes_get_data(pdf, &n);
    char *head = g_strdup_printf("\n%d 0 obj\n<<", num);
    const char *at = memmem(d, n, head, strlen(head));
    g_assert_nonnull(at);
    const char *st = memmem(at, n - (gsize)(at - d), " >>\nstream\n", 11);
    g_assert_nonnull(st);
    const char *l = g_strrstr_len(at, st - at, "/Length ");
    g_assert_nonnull(l);
    gsize len = (gsize)g_ascii_strtoull(l + 8, NULL, 10);
    st += 11;
    g_assert_cmpuint(len, <=, n - (gsize)(st - d));
    g_free(head);
    return g_bytes_new(st, len);
}

/* A hand-written PDF with the streams 'data' (binary; NULL for a plain
 * object): an object's text holds "LEN" for its stream's length and "@@"
 * where its data goes (as many '@' first, the data copied over them once
 * the xref is written, so that the offsets hold). */
static GString *pdf_with_streams(const char *const *objs, int n, GBytes *const *data)
{
    char **texts = g_new0(char *, (gsize)n + 1);
    for (int i = 0; i < n; i++) {
        gsize len = data[i] ? g_bytes_get_size(data[i]) : 0;
        char *fill = g_strnfill(len, '@');
        GString *t = g_string_new(objs[i]);
        g_string_replace(t, "@@", fill, 1);
        char *ln = g_strdup_printf("%" G_GSIZE_FORMAT, len);
        g_string_replace(t, "LEN", ln, 1);
        texts[i] = g_string_free(t, FALSE);
        g_free(ln);
        g_free(fill);
    }
    GString *s = hand_pdf((const char *const *)texts, n, NULL);
    for (int i = 0; i < n; i++) {
        if (!data[i])
            continue;
        char *head = g_strdup_printf("\n%d 0 obj\n", i + 1);
        char *at = memmem(s->str, s->len, head, strlen(head));
        char *st = memmem(at, s->len - (gsize)(at - s->str), "stream\n", 7);
        g_assert_nonnull(st);
        memcpy(st + 7, g_bytes_get_data(data[i], NULL), g_bytes_get_size(data[i]));
        g_free(head);
    }
    g_strfreev(texts);
    return s;
}

/* Every Flate stream of cairo's deflated again (libdeflate), never copied:
 * a page's contents; a ToUnicode CMap in cairo's form written compactly
 * first (tucmap.h); one that level 9 does not make smaller; an image; a
 * font program ttfstrip does not take; one whose descriptor names a
 * "tricky" font (its hinting kept). Each inflates to what it was. A stream with /DecodeParms and one that does
 * not inflate are kept to the byte. The same file with its streams stored
 * (as render_pdf.c has cairo write them) packs to the same bytes. The
 * same bytes made on the thread (a sealed file in memory) and without it;
 * poppler reads the same text. */
static void test_pack_streams(void)
{
    GString *content = g_string_new(NULL), *cmap = g_string_new(NULL), *dense = g_string_new(NULL);
    for (int i = 0; i < 60; i++)
        g_string_append_printf(content, "BT /F1 10 Tf 10 %d Td (Line %d of Matsue, %d) Tj ET\n", 790 - 13 * i, i, i * i);
    g_string_append(cmap, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
                          "<< /Registry (Adobe)\n   /Ordering (UCS)\n   /Supplement 0\n>> def\n"
                          "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <ff>\n"
                          "endcodespacerange\n");
    for (int c = 0x20; c < 0x7f; c++)
        g_string_append_printf(cmap, "%s<%02x> <%04x>\n", c == 0x20 ? "95 beginbfchar\n" : "", c, c);
    g_string_append(cmap, "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    for (int i = 0; i < 400; i++)
        g_string_append_printf(dense, "%d %d %d re f\n", i * 7 % 113, i * 13 % 97, i % 5);
    guint8 grey[64 * 64], rows[200 * 5], prog[3000];
    for (guint i = 0; i < sizeof grey; i++)
        grey[i] = (guint8)(i % 64 * (i / 64) / 8 + i % 3);
    for (guint i = 0; i < sizeof rows; i++)
        rows[i] = i % 5 == 0 ? 2 : (guint8)(i * i / 5 % 11 + i / 100);
    for (guint i = 0; i < sizeof prog; i++)
        prog[i] = (guint8)(i * 7 % 23 + (i / 40) % 3);
    struct {
        const void *raw;
        size_t len;
    } raws[] = { { NULL, 0 },         { NULL, 0 },        { NULL, 0 },
                 { content->str, content->len }, { NULL, 0 }, { cmap->str, cmap->len },
                 { dense->str, dense->len },     { grey, sizeof grey }, { rows, sizeof rows },
                 { prog, sizeof prog },          { NULL, 0 },           { prog, sizeof prog },
                 { NULL, 0 } };
    /* As cairo deflates (levels 1 and 12), and stored (not the stream with
     * /DecodeParms: cairo writes none, and it is kept as it is). */
    GBytes *data[13] = { NULL }, *stored[13] = { NULL };
    for (int i = 0; i < 13; i++)
        if (raws[i].raw) {
            data[i] = zlib_at(raws[i].raw, raws[i].len, i == 6 ? 12 : 1);
            stored[i] = i == 8 ? g_bytes_ref(data[i]) : zlib_at(raws[i].raw, raws[i].len, 0);
            g_assert_cmpuint(g_bytes_get_size(stored[i]), >, i == 8 ? 0 : raws[i].len);
        }
    GBytes *dense_9 = zlib_at(dense->str, dense->len, 9);
    g_assert_cmpuint(g_bytes_get_size(data[6]), <, g_bytes_get_size(dense_9)); /* level 9 does not win */
    char prog_dict[128];
    g_snprintf(prog_dict, sizeof prog_dict, "<< /Length LEN /Length1 %zu /Filter /FlateDecode >>\nstream\n@@\nendstream",
               sizeof prog);
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 800] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 8 0 R >> >> >>",
        "<< /Length LEN /Filter /FlateDecode >>\nstream\n@@\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        "<< /Length LEN /Filter /FlateDecode >>\nstream\n@@\nendstream",
        "<< /Length LEN /Filter /FlateDecode >>\nstream\n@@\nendstream",
        "<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        "/Filter /FlateDecode /Length LEN >>\nstream\n@@\nendstream",
        "<< /Length LEN /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >> >>\nstream\n@@\nendstream",
        prog_dict,
        "<< /Type /FontDescriptor /FontName /ABCDEF+BIZUDPGothic-Regular /FontFile2 10 0 R >>",
        prog_dict,
        "<< /Type /FontDescriptor /FontName /ABCDEF+MingLiU /FontFile2 12 0 R >>",
    };
    GString *s = pdf_with_streams(objs, G_N_ELEMENTS(objs), data);
    char *in = write_file("streams.pdf", s->str, s->len);
    pdfpost_info none = { .n_figure_alts = -1 };
    bool ok;
    GError *err = NULL;
    char *out = pack_path(in, "streams-packed.pdf", &none, &err, &ok);
    g_assert_no_error(err);
    g_assert_true(ok);
    assert_qpdf_check(out);
    GBytes *packed = read_all(out);

    /* The page's contents: smaller, the same once inflated. */
    GBytes *c = packed_stream(packed, 4), *craw = unzlib(c);
    g_assert_cmpuint(g_bytes_get_size(c), <, g_bytes_get_size(data[3]));
    g_assert_cmpmem(g_bytes_get_data(craw, NULL), g_bytes_get_size(craw), content->str, content->len);
    /* The CMap: written compactly (one plain range), smaller. */
    GBytes *t = packed_stream(packed, 6), *traw = unzlib(t),
           *want = tucmap_compact((const guint8 *)cmap->str, cmap->len);
    g_assert_nonnull(want);
    g_assert_true(g_bytes_equal(traw, want));
    g_assert_true(bytes_have(traw, "endcodespacerange\n1 beginbfrange\n<20> <7e> <0020>\nendbfrange\nendcmap\n"));
    g_assert_cmpuint(g_bytes_get_size(t), <, g_bytes_get_size(data[5]));
    /* Deflated again, not copied: the dense stream, the image, the fonts. */
    for (int k = 7; k <= 12; k++) {
        if (k == 9 || k == 11)
            continue;
        GBytes *b = packed_stream(packed, k), *raw = unzlib(b);
        g_assert_false(g_bytes_equal(b, data[k - 1]));
        g_assert_cmpmem(g_bytes_get_data(raw, NULL), g_bytes_get_size(raw), raws[k - 1].raw, raws[k - 1].len);
        g_bytes_unref(raw);
        g_bytes_unref(b);
    }
    g_assert_true(bytes_have(packed, "/Length1 3000 /Filter /FlateDecode /Length ")); /* kept */
    g_assert_true(bytes_have(packed, "<< /Filter /FlateDecode /Length1 3000 /Length ")); /* written anew */
    /* With /DecodeParms: kept to the byte. */
    GBytes *kept = packed_stream(packed, 9);
    g_assert_true(g_bytes_equal(kept, data[8]));
    g_bytes_unref(kept);
    /* The same streams stored: the same file. */
    GString *ss = pdf_with_streams(objs, G_N_ELEMENTS(objs), stored);
    char *sin = write_file("streams-stored.pdf", ss->str, ss->len), *sout = pack_path(sin, "streams-stored-packed.pdf",
                                                                                       &none, &err, &ok);
    g_assert_no_error(err);
    g_assert_true(ok);
    GBytes *spacked = read_all(sout);
    g_assert_cmpuint(ss->len, >, s->len + 3000);
    g_assert_true(same_bytes(spacked, packed));
    /* The same text for poppler (read through the CMap). */
    int st;
    char *text_in = run((const char *const[]){ "pdftotext", "-enc", "UTF-8", in, "-", NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    char *text_out = run((const char *const[]){ "pdftotext", "-enc", "UTF-8", out, "-", NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_nonnull(strstr(text_in, "Line 59 of Matsue, 3481"));
    g_assert_cmpstr(text_out, ==, text_in);

    /* From a sealed file in memory: made on the thread, the same bytes. */
    int mem = memfd_create("test-streams", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    g_assert_cmpint(write(mem, s->str, s->len), ==, (gssize)s->len);
    g_assert_cmpint(fcntl(mem, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE), ==, 0);
    char *sealed = path_of("streams-sealed.pdf");
    int so = g_open(sealed, O_RDWR | O_CREAT | O_TRUNC, 0644);
    g_assert_true(pdfpost_pack(mem, so, &none, &err));
    close(so);
    close(mem);
    GBytes *viamem = read_all(sealed);
    g_assert_true(g_bytes_equal(packed, viamem));

    /* A Flate stream that does not inflate: copied as it is. */
    const char *bad_objs[] = { objs[0], "<< /Type /Pages /Kids [] /Count 0 >>", "<< /Length 9 /Filter /FlateDecode >>\n"
                                                                                "stream\nnot zlib!\nendstream" };
    GString *bad = hand_pdf(bad_objs, 3, NULL);
    char *bad_in = write_file("streams-bad.pdf", bad->str, bad->len), *bad_out = pack_path(bad_in, "streams-bad-packed.pdf",
                                                                                           &none, &err, &ok);
    g_assert_no_error(err);
    g_assert_true(ok);
    GBytes *bp = read_all(bad_out), *bs = packed_stream(bp, 3);
    g_assert_cmpmem(g_bytes_get_data(bs, NULL), g_bytes_get_size(bs), "not zlib!", 9);

    g_bytes_unref(bs);
    g_bytes_unref(bp);
    g_free(bad_out);
    g_free(bad_in);
    g_string_free(bad, TRUE);
    g_bytes_unref(viamem);
    g_free(sealed);
    g_free(text_in);
    g_free(text_out);
    g_bytes_unref(spacked);
    g_free(sout);
    g_free(sin);
    g_string_free(ss, TRUE);
    g_bytes_unref(want);
    g_bytes_unref(traw);
    g_bytes_unref(t);
    g_bytes_unref(craw);
    g_bytes_unref(c);
    g_bytes_unref(packed);
    g_free(out);
    g_free(in);
    g_string_free(s, TRUE);
    for (int i = 0; i < 13; i++) {
        if (data[i])
            g_bytes_unref(data[i]);
        if (stored[i])
            g_bytes_unref(stored[i]);
    }
    g_bytes_unref(dense_9);
    g_string_free(dense, TRUE);
    g_string_free(cmap, TRUE);
    g_string_free(content, TRUE);
}

/*** Tests: large documents (issue 16) ***/

/* The bytes of the object around the first 'needle' in 'b': from its
 * "obj" keyword to its "endobj". */
static gsize object_size_around(GBytes *b, const char *needle)
{
    gsize n;
    const char *d = g_bytes_get_data(b, &n);
    const char *at = memmem(d, n, needle, strlen(needle));
    g_assert_nonnull(at);
    const char *start = g_strrstr_len(d, at - d, " obj");
    const char *end = memmem(at, n - (gsize)(at - d), "endobj", 6);
    g_assert_nonnull(start);
    g_assert_nonnull(end);
    return (gsize)(end - start);
}

/* A one-page cairo PDF whose Document element holds 'n' P elements and
 * then a Figure: cairo writes the Document's /K, a reference to each kid,
 * as one object of about 10 bytes a kid. Only the first P and the Figure
 * draw (cairo keeps the empty ones). Caller frees the path. */
static char *make_wide_pdf(const char *name, int n)
{
    char *p = path_of(name);
    cairo_surface_t *s = cairo_pdf_surface_create(p, 300, 200);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-02-20T00:00:00+09:00");
    cairo_t *cr = cairo_create(s);
    cairo_tag_begin(cr, "Document", NULL);
    for (int i = 0; i < n; i++) {
        cairo_tag_begin(cr, "P", NULL);
        if (i == 0) {
            cairo_move_to(cr, 10, 10);
            cairo_line_to(cr, 20, 20);
            cairo_stroke(cr);
        }
        cairo_tag_end(cr, "P");
    }
    figure(cr, 50);
    cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return p;
}

/* A structure tree whose Document element is over 1 MB, as cairo writes it
 * for a report of many short paragraphs (issue 16: "object 4 is too
 * large"): read whole, the Figure after it found, /Lang, /Alt and dates
 * written; qpdf and pdfinfo read the update. */
static void test_large_struct(void)
{
    char *p = make_wide_pdf("wide.pdf", 110000);
    GBytes *before = read_all(p);
    g_assert_cmpuint(object_size_around(before, "/S /Document"), >, 1 << 20);
    const char *alt[] = { ALTS[1] };
    pdfpost_info in = info_ja(alt, 1);
    GError *err = NULL;
    g_assert_true(amend_path(p, &in, &err));
    g_assert_no_error(err);

    GBytes *after = read_all(p);
    char *upd = appended(after, g_bytes_get_size(before));
    g_assert_nonnull(strstr(upd, "/Lang (ja)"));
    g_assert_nonnull(strstr(upd, "/CreationDate (D:2024"));
    const char *at = strstr(upd, " 0 obj\n<< /Type /StructElem\n   /S /Figure\n");
    g_assert_nonnull(at);
    while (at > upd && g_ascii_isdigit(at[-1]))
        at--;
    char *num = g_strdup_printf("--show-object=%ld", strtol(at, NULL, 10));
    int st;
    char *obj = run((const char *const[]){ "qpdf", num, p, NULL }, &st);
    g_assert_cmpint(st, ==, 0);
    g_assert_nonnull(strstr(obj, "/S /Figure"));
    g_assert_nonnull(strstr(obj, "/Alt <feff5b8d90536e56306e5915"));  /* 宍道湖の夕 */
    char *tagged = pdfinfo_field(p, "Tagged"), *date = pdfinfo_field(p, "CreationDate");
    g_assert_cmpstr(tagged, ==, "yes");
    g_assert_cmpstr(date, ==, "2024-02-20T00:00:00+09");
    g_free(date);
    g_free(tagged);
    g_free(obj);
    g_free(num);
    g_free(upd);
    g_bytes_unref(after);
    g_bytes_unref(before);
    g_unlink(p);
    g_free(p);
}

/* An Info dictionary over 1 MB (a long title, which cairo writes in it):
 * copied whole into its new version with "D:" dates. */
static void test_large_info(void)
{
    GString *title = g_string_new(NULL);
    while (title->len < (3u << 19))
        g_string_append(title, "Matsue Castle (1611), Lake Shinji, Horikawa boats. ");
    char *p = path_of("long-title.pdf");
    cairo_surface_t *s = cairo_pdf_surface_create(p, 300, 200);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2024-02-20T00:00:00+09:00");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title->str);
    cairo_t *cr = cairo_create(s);
    cairo_rectangle(cr, 10, 10, 100, 100);
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);

    GBytes *before = read_all(p);
    g_assert_cmpuint(object_size_around(before, "/CreationDate"), >, 1 << 20);
    pdfpost_info in = info_ja(NULL, 0);
    GError *err = NULL;
    g_assert_true(amend_path(p, &in, &err));
    g_assert_no_error(err);
    assert_qpdf_check(p);
    char *got = pdfinfo_field(p, "Title"), *date = pdfinfo_field(p, "CreationDate");
    g_assert_cmpstr(got, ==, g_strstrip(title->str));
    g_assert_cmpstr(date, ==, "2024-02-20T00:00:00+09");
    g_free(date);
    g_free(got);
    g_bytes_unref(before);
    g_string_free(title, TRUE);
    g_free(p);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    pdftest_begin();

    g_test_add_func("/pdfpost/amend/cairo", test_amend_cairo);
    g_test_add_func("/pdfpost/amend/pdfinfo", test_amend_pdfinfo);
    g_test_add_func("/pdfpost/amend/deterministic", test_amend_deterministic);
    g_test_add_func("/pdfpost/amend/partial", test_amend_partial);
    g_test_add_func("/pdfpost/amend/untagged", test_amend_untagged);
    g_test_add_func("/pdfpost/amend/new-info", test_new_info);
    g_test_add_func("/pdfpost/amend/struct-odd", test_struct_odd);
    g_test_add_func("/pdfpost/errors/count-mismatch", test_count_mismatch);
    g_test_add_func("/pdfpost/errors/bad-text", test_bad_text);
    g_test_add_func("/pdfpost/errors/write-fails", test_write_fails);
    g_test_add_func("/pdfpost/large/struct-tree", test_large_struct);
    g_test_add_func("/pdfpost/large/info", test_large_info);
    g_test_add_func("/pdfpost/pack/cairo", test_pack_cairo);
    g_test_add_func("/pdfpost/pack/errors", test_pack_errors);
    g_test_add_func("/pdfpost/pack/fonts", test_pack_fonts);
    g_test_add_func("/pdfpost/pack/streams", test_pack_streams);
    return pdftest_end(g_test_run());
}
