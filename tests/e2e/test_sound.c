/* test_sound: every PDF we write is taken by two independent readers
 * (assert_pdf_sound: qpdf --check and mutool) (issue 17): one photo drawn
 * twice on a page and across pages (one image object, resources without a
 * repeated key) as slides, handouts and a volume; trips in Shift_JIS and
 * UTF-16, photos under odd paths; and the sample's handouts. */
#include "e2e.h"

/* A trip using photos/a.jpg twice on one page and again on the next, a
 * portrait photo, and the map (a PNG) as a facts image and twice on a
 * photos page. */
static const char REPEATS[] =
    "number: 7\nplace: 島根県松江市\nperiod: 2024-02-07 .. 2024-02-09\ntraveler: 磐梯太郎\n"
    "[facts]\nheading: 地図\nimage: photos/map.png\ncredit: OpenStreetMap\ntitle: 松江市\nfact: 面積 | 572.99km²\n"
    "[photos]\nheading: 同じ写真を二度\nphoto: photos/a.jpg\ncaption: 一度目\nphoto: photos/a.jpg\ncaption: 二度目\n"
    "photo: photos/b.jpg\ncaption: 縦の写真\n"
    "[photos]\nheading: 次のページにも\nphoto: photos/a.jpg\ncaption: 三度目\nphoto: photos/map.png\ncaption: 地図 1\n"
    "photo: photos/map.png\ncaption: 地図 2\nfit: cover\n"
    "[closing]\n";

static void copy_into(const char *from, const char *dir, const char *name)
{
    gsize len = 0;
    char *b = file_bytes(from, &len);
    char *to = g_build_filename(dir, name, NULL);
    g_assert_true(g_file_set_contents(to, b, (gssize)len, NULL));
    g_free(to);
    g_free(b);
}

/* A report folder 'name' in 'dir' with REPEATS and its photos. */
static char *make_repeats(const char *dir, const char *name)
{
    char *sub = g_build_filename(dir, name, NULL);
    char *photos = g_build_filename(sub, "photos", NULL);
    g_assert_cmpint(g_mkdir_with_parents(photos, 0755), ==, 0);
    copy_into("out/fixtures/landscape.jpg", photos, "a.jpg");
    copy_into("out/fixtures/portrait.jpg", photos, "b.jpg");
    copy_into("out/samples/017-matsue/photos/matsue-map.png", photos, "map.png");
    char *trip = g_build_filename(sub, "trip.txt", NULL);
    g_assert_true(g_file_set_contents(trip, REPEATS, -1, NULL));
    g_free(photos);
    g_free(sub);
    return trip;
}

/* The image objects pdfimages lists: distinct objects, and drawings. */
static int image_objects(const char *pdf, int *drawings)
{
    result r = RUN("pdfimages", "-list", pdf);
    g_assert_cmpint(r.status, ==, 0);
    GHashTable *objs = g_hash_table_new(g_direct_hash, g_direct_equal);
    *drawings = 0;
    char **lines = g_strsplit(r.out, "\n", -1);
    for (int i = 2; lines[i]; i++) {
        int obj = 0;
        if (sscanf(lines[i], "%*d %*d %*s %*d %*d %*s %*d %*d %*s %*s %d", &obj) != 1)
            continue;
        (*drawings)++;
        g_hash_table_add(objs, GINT_TO_POINTER(obj));
    }
    g_strfreev(lines);
    int n = (int)g_hash_table_size(objs);
    g_hash_table_unref(objs);
    result_clear(&r);
    return n;
}

/* Slides, handouts with two and six slides a sheet, and a volume of two
 * such reports: sound, and each file one image object. */
static void test_repeated_photos(void)
{
    char *dir = tmpdir();
    char *trip = make_repeats(dir, "007-a");
    char *trip2 = make_repeats(dir, "008-b");
    const char *const variants[][3] = { { NULL }, { "--handout", "2" }, { "--handout", "6" } };
    for (guint i = 0; i < G_N_ELEMENTS(variants); i++) {
        char *pdf = g_strdup_printf("%s/r%u.pdf", dir, i);
        result r = variants[i][0] ? RUN(bin, "render", trip, variants[i][0], variants[i][1], "-o", pdf)
                                  : RUN(bin, "render", trip, "-o", pdf);
        g_assert_cmpint(r.status, ==, 0);
        result_clear(&r);
        assert_pdf_sound(pdf);
        int drawings = 0;
        g_assert_cmpint(image_objects(pdf, &drawings), ==, 3); /* a.jpg, b.jpg, map.png */
        g_assert_cmpint(drawings, ==, 7);
        g_free(pdf);
    }
    /* The volume: both reports use their own copies (two files each). */
    char *vol = g_build_filename(dir, "v.pdf", NULL);
    result r = RUN(bin, "volume", dir, "-o", vol);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    assert_pdf_sound(vol);
    int drawings = 0;
    g_assert_cmpint(image_objects(vol, &drawings), ==, 6);
    g_assert_cmpint(drawings, ==, 14);
    rm_rf(dir);
    g_free(vol);
    g_free(trip2);
    g_free(trip);
    g_free(dir);
}

/* Trips saved as Shift_JIS (CRLF) and UTF-16LE with a BOM, and photos
 * under odd paths (spaces, Japanese names, "..", a link): sound PDFs. */
static void test_odd_inputs(void)
{
    char *dir = tmpdir();
    char *trip = make_repeats(dir, "r");
    char *sub = g_path_get_dirname(trip);
    char *odd = g_build_filename(sub, "写真 フォルダ", NULL);
    g_assert_cmpint(g_mkdir(odd, 0755), ==, 0);
    copy_into("out/fixtures/orient-6.jpg", odd, "町 並み (1).jpg");
    char *link = g_build_filename(sub, "link.jpg", NULL);
    g_assert_cmpint(symlink("写真 フォルダ/町 並み (1).jpg", link), ==, 0);
    /* ² and ― are not in Shift_JIS: written as \u{...}. */
    const char *text = "number: 9\r\nplace: 福島県磐梯町\r\nperiod: 2024-06-03\r\ntraveler: 磐梯太郎\r\n"
                       "[facts]\r\nheading: 概要\r\ntitle: 磐梯町\r\nfact: 面積 | 59.77km\\u{B2}\r\n"
                       "[photos]\r\nheading: 写真\r\nphoto: 写真 フォルダ/町 並み (1).jpg\r\ncaption: 町並み\r\n"
                       "photo: ./photos/../写真 フォルダ/町 並み (1).jpg\r\ncaption: 同じ写真\r\n"
                       "photo: link.jpg\r\ncaption: リンク\r\n";
    const char *encs[] = { "CP932", "UTF-16LE" };
    for (guint i = 0; i < G_N_ELEMENTS(encs); i++) {
        gsize len = 0;
        char *bytes = g_convert(text, -1, encs[i], "UTF-8", NULL, &len, NULL);
        g_assert_nonnull(bytes);
        GString *file = g_string_new_len(i == 1 ? "\xFF\xFE" : "", i == 1 ? 2 : 0);
        g_string_append_len(file, bytes, (gssize)len);
        char *t = g_strdup_printf("%s/odd-%u.txt", sub, i);
        g_assert_true(g_file_set_contents(t, file->str, (gssize)file->len, NULL));
        char *pdf = g_strdup_printf("%s/odd-%u.pdf", dir, i);
        result r = RUN(bin, "render", t, "-o", pdf);
        if (r.status != 0)
            g_test_message("%s", r.err);
        g_assert_cmpint(r.status, ==, 0);
        g_assert_nonnull(strstr(r.err, i == 0 ? "Shift_JIS" : "UTF-16LE")); /* the encoding's warning */
        result_clear(&r);
        assert_pdf_sound(pdf);
        int drawings = 0;
        g_assert_cmpint(image_objects(pdf, &drawings), ==, 1); /* one file under three names */
        g_assert_cmpint(drawings, ==, 3);
        char *body = pdftotext(pdf);
        g_assert_nonnull(strstr(body, "59.77km²"));
        g_free(body);
        g_free(pdf);
        g_free(t);
        g_string_free(file, TRUE);
        g_free(bytes);
    }
    rm_rf(dir);
    g_free(link);
    g_free(odd);
    g_free(sub);
    g_free(trip);
    g_free(dir);
}

/* The sample's handouts with note lines: the sample's text and map, its
 * photos as small stand-ins of the same orientation. (The sample itself, its
 * 12-megapixel photos included: test_pdf's lang-and-alt. qpdf --check decodes
 * every JPEG and deflates its pixels, 13 s for the sample's eight; these
 * photos are copied into the PDF byte for byte, which test_photos checks.) */
static void test_sample_handout(void)
{
    char *dir = tmpdir();
    char *photos = g_build_filename(dir, "photos", NULL);
    g_assert_cmpint(g_mkdir_with_parents(photos, 0755), ==, 0);
    static const char *const names[] = { "01-city-hall", "02-counter", "03-temporary", "04-space",
                                         "05-assembly",  "06-history", "07-gallery",   "08-sunrise" };
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        char *name = g_strconcat(names[i], ".jpg", NULL);
        bool upright = i == 2 || i == 6; /* 3024 x 4032 in the sample */
        copy_into(upright ? "out/fixtures/portrait.jpg" : "out/fixtures/landscape.jpg", photos, name);
        g_free(name);
    }
    copy_into("out/samples/017-matsue/photos/matsue-map.png", photos, "matsue-map.png");
    copy_into("samples/017-matsue/trip.txt", dir, "trip.txt");
    char *trip = g_build_filename(dir, "trip.txt", NULL);
    char *pdf = g_build_filename(dir, "h3.pdf", NULL);
    result r = RUN(bin, "render", trip, "--handout", "3", "-o", pdf);
    g_assert_cmpint(r.status, ==, 0);
    result_clear(&r);
    g_assert_cmpint(pdf_pages(pdf), ==, 4); /* 11 slides, 3 to a sheet */
    assert_pdf_sound(pdf);
    rm_rf(dir);
    g_free(pdf);
    g_free(trip);
    g_free(photos);
    g_free(dir);
}

E2E_TESTS(add_sound_tests, 32)
{
    g_test_add_func("/e2e/sound/repeated-photos", test_repeated_photos);
    g_test_add_func("/e2e/sound/odd-inputs", test_odd_inputs);
    g_test_add_func("/e2e/sound/sample-handout", test_sample_handout);
}
