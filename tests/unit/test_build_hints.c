/* Unit tests of build_hints.c: which text is a template's placeholder, and
 * how a photo's name written with '\' or in other case is found (or the
 * closest name suggested). */
#include "build_hints.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static void check_mark(const char *s, const char *want)
{
    size_t len = 0;
    const char *p = build_hint_placeholder_find(s, &len);
    if (!want) {
        if (p)
            g_error("'%s' should hold no placeholder, found '%.*s'", s, (int)len, p);
        return;
    }
    if (!p)
        g_error("'%s' should hold the placeholder '%s'", s, want);
    char *got = g_strndup(p, len);
    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static void test_placeholders(void)
{
    check_mark("○○県○○市", "○○");
    check_mark("〇〇の視察", "〇〇");
    check_mark("主査 XX", "XX");
    check_mark("ＸＸＸの報告", "ＸＸＸ");
    check_mark("ｘｘ市", "ｘｘ");
    check_mark("令和X年XX月", "XX");
    check_mark("××商店", "××");
    /* Text, not placeholders. */
    check_mark("XXL サイズ", NULL);
    check_mark("MAXX", NULL);
    check_mark("X線検査", NULL);
    check_mark("xxxx", NULL);
    check_mark("XXXXX", NULL);
    check_mark("○の中", NULL);
}

static void test_paths(void)
{
    char *dir = g_dir_make_tmp("tripreport-hints-XXXXXX", NULL);
    char *photos = g_build_filename(dir, "Photos", NULL);
    g_assert_cmpint(g_mkdir(photos, 0755), ==, 0);
    char *f = g_build_filename(photos, "IMG_0012.jpg", NULL);
    g_assert_true(g_file_set_contents(f, "x", 1, NULL));
    char *found = NULL;
    g_assert_cmpint(build_hint_path_find(dir, "Photos/IMG_0012.jpg", &found), ==, BUILD_PATH_EXACT);
    g_assert_cmpstr(found, ==, "Photos/IMG_0012.jpg");
    g_free(found);
    g_assert_cmpint(build_hint_path_find(dir, "Photos\\IMG_0012.jpg", &found), ==, BUILD_PATH_BACKSLASH);
    g_assert_cmpstr(found, ==, "Photos/IMG_0012.jpg");
    g_free(found);
    g_assert_cmpint(build_hint_path_find(dir, "photos/img_0012.JPG", &found), ==, BUILD_PATH_CASE);
    g_assert_cmpstr(found, ==, "Photos/IMG_0012.jpg");
    g_free(found);
    g_assert_cmpint(build_hint_path_find(dir, "PHOTOS\\img_0012.jpg", &found), ==, BUILD_PATH_BOTH);
    g_assert_cmpstr(found, ==, "Photos/IMG_0012.jpg");
    g_free(found);
    g_assert_cmpint(build_hint_path_find(dir, "Photos/IMG_0013.jpg", &found), ==, BUILD_PATH_NONE);
    g_assert_null(found);
    /* Two files alike but for case: neither is guessed. */
    char *twin = g_build_filename(photos, "img_0012.JPG", NULL);
    g_assert_true(g_file_set_contents(twin, "y", 1, NULL));
    g_assert_cmpint(build_hint_path_find(dir, "photos/Img_0012.Jpg", &found), ==, BUILD_PATH_NONE);
    g_unlink(twin);
    /* The closest name in the folder, as the trip would write it. */
    char *near = build_hint_path_suggest(dir, "Photos/IMG_0021.jpg");
    g_assert_cmpstr(near, ==, "Photos/IMG_0012.jpg");
    g_free(near);
    g_assert_null(build_hint_path_suggest(dir, "Photos/x.jpg"));
    g_assert_null(build_hint_path_suggest(dir, "nowhere/IMG_0012.jpg"));
    g_unlink(f);
    g_rmdir(photos);
    g_rmdir(dir);
    g_free(twin);
    g_free(f);
    g_free(photos);
    g_free(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/build-hints/placeholders", test_placeholders);
    g_test_add_func("/build-hints/paths", test_paths);
    return g_test_run();
}
