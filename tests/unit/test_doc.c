/* Unit tests of doc.c: dates (docs/trip-format.md section 4, "Dates" and
 * `period`), their printed forms, the number label and the kind names. */
#include "testutil.h"

static void check_date(const char *s, int y, int m, int d)
{
    doc_date dt = { 0, 0, 0 };
    if (!doc_date_parse(s, &dt))
        g_error("'%s' should parse as a date", s);
    g_assert_cmpint(dt.year, ==, y);
    g_assert_cmpint(dt.month, ==, m);
    g_assert_cmpint(dt.day, ==, d);
}

static void check_bad_date(const char *s)
{
    doc_date dt = { 1, 2, 3 };
    if (doc_date_parse(s, &dt))
        g_error("'%s' should not parse as a date", s);
    /* A failed parse leaves the date alone. */
    g_assert_cmpint(dt.year, ==, 1);
    g_assert_cmpint(dt.month, ==, 2);
    g_assert_cmpint(dt.day, ==, 3);
}

static void test_parse_forms(void)
{
    check_date("2024-02-07", 2024, 2, 7);
    check_date("2024/02/07", 2024, 2, 7);
    check_date("2024.02.07", 2024, 2, 7);
    check_date("2024-2-7", 2024, 2, 7);
    check_date("2024/12/31", 2024, 12, 31);
    /* Full-width digits and separators. */
    check_date("２０２４－０２－０７", 2024, 2, 7);
    check_date("２０２４／２／９", 2024, 2, 9);
    check_date("２０２４．０２．０８", 2024, 2, 8);
    /* The Japanese form. */
    check_date("2024年2月7日", 2024, 2, 7);
    check_date("2024年02月09日", 2024, 2, 9);
    check_date("２０２４年２月７日", 2024, 2, 7);
    /* Leap years. */
    check_date("2024-02-29", 2024, 2, 29);
    check_date("2000-02-29", 2000, 2, 29);
}

static void test_parse_invalid(void)
{
    /* Dates that do not exist in the calendar. */
    check_bad_date("2024-02-30");
    check_bad_date("2024-13-01");
    check_bad_date("2024-00-10");
    check_bad_date("2024-04-31");
    check_bad_date("2024-01-00");
    check_bad_date("2023-02-29");
    check_bad_date("2100-02-29");
    check_bad_date("2024年2月30日");
    /* Not a date at all, or a date with something more. */
    check_bad_date("");
    check_bad_date("移動");
    check_bad_date("2024-02");
    check_bad_date("2024");
    check_bad_date("2024-02-07x");
    check_bad_date("2024-02-07 .. 2024-02-09");
    check_bad_date("2024年2月7");
    check_bad_date("2/7");
    check_bad_date("02-07-2024");
    /* The two separators must be the same. */
    check_bad_date("2024-02/07");
    check_bad_date("2024/02.07");
    check_bad_date("2024_02_07");
}

static void test_weekday(void)
{
    g_assert_cmpint(doc_date_weekday((doc_date){ 2024, 2, 4 }), ==, 0); /* 日 */
    g_assert_cmpint(doc_date_weekday((doc_date){ 2024, 2, 5 }), ==, 1); /* 月 */
    g_assert_cmpint(doc_date_weekday((doc_date){ 2024, 2, 7 }), ==, 3); /* 水 */
    g_assert_cmpint(doc_date_weekday((doc_date){ 2024, 2, 9 }), ==, 5); /* 金 */
    g_assert_cmpint(doc_date_weekday((doc_date){ 2024, 2, 10 }), ==, 6); /* 土 */
    g_assert_cmpint(doc_date_weekday((doc_date){ 2024, 2, 29 }), ==, 4); /* 木 */
    g_assert_cmpint(doc_date_weekday((doc_date){ 2024, 2, 30 }), ==, -1);
    g_assert_cmpint(doc_date_weekday((doc_date){ 0, 0, 0 }), ==, -1);
}

static void check_str(char *got, const char *want)
{
    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static void test_format_long(void)
{
    check_str(doc_date_format_long((doc_date){ 2024, 2, 7 }), "2024年2月7日（水）");
    check_str(doc_date_format_long((doc_date){ 2024, 12, 31 }), "2024年12月31日（火）");
    check_str(doc_date_format_long((doc_date){ 2024, 6, 2 }), "2024年6月2日（日）");
    check_str(doc_date_format_long((doc_date){ 2024, 2, 30 }), "");
}

static void test_format_short(void)
{
    /* The schedule's first column: no zero padding, weekday in brackets. */
    check_str(doc_date_format_short((doc_date){ 2024, 2, 7 }), "2/7 (水)");
    check_str(doc_date_format_short((doc_date){ 2024, 2, 8 }), "2/8 (木)");
    check_str(doc_date_format_short((doc_date){ 2024, 11, 23 }), "11/23 (土)");
    check_str(doc_date_format_short((doc_date){ 2024, 13, 1 }), "");
}

static void test_format_period(void)
{
    doc_date a = { 2024, 2, 7 }, z = { 2024, 2, 9 };
    check_str(doc_period_format(a, z), "2024年2月7日（水）～2024年2月9日（金）");
    /* A one-day trip prints one date. */
    check_str(doc_period_format(a, a), "2024年2月7日（水）");
    /* Across a year. */
    check_str(doc_period_format((doc_date){ 2023, 12, 30 }, (doc_date){ 2024, 1, 2 }),
              "2023年12月30日（土）～2024年1月2日（火）");
}

static void test_compare(void)
{
    g_assert_cmpint(doc_date_compare((doc_date){ 2024, 2, 7 }, (doc_date){ 2024, 2, 7 }), ==, 0);
    g_assert_cmpint(doc_date_compare((doc_date){ 2024, 2, 7 }, (doc_date){ 2024, 2, 9 }), <, 0);
    g_assert_cmpint(doc_date_compare((doc_date){ 2024, 3, 1 }, (doc_date){ 2024, 2, 29 }), >, 0);
    g_assert_cmpint(doc_date_compare((doc_date){ 2023, 12, 31 }, (doc_date){ 2024, 1, 1 }), <, 0);
}

static void test_number_label(void)
{
    check_str(doc_number_label(17), "第17弾");
    check_str(doc_number_label(1), "第1弾");
    check_str(doc_number_label(100), "第100弾");
}

static void test_kind_names(void)
{
    static const struct {
        doc_kind kind;
        const char *name;
    } kinds[] = {
        { DOC_KIND_TITLE, "title" },       { DOC_KIND_GOALS, "goals" }, { DOC_KIND_OVERVIEW, "overview" },
        { DOC_KIND_BULLETS, "bullets" },   { DOC_KIND_FACTS, "facts" }, { DOC_KIND_SCHEDULE, "schedule" },
        { DOC_KIND_TEXT, "text" },         { DOC_KIND_PHOTOS, "photos" }, { DOC_KIND_CLOSING, "closing" },
    };
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        g_assert_cmpstr(doc_kind_name(kinds[i].kind), ==, kinds[i].name);
        g_assert_cmpint(doc_kind_from_name(kinds[i].name), ==, kinds[i].kind);
    }
    g_assert_null(doc_kind_name(DOC_KIND_NONE));
    g_assert_null(doc_kind_name((doc_kind)99));
    g_assert_cmpint(doc_kind_from_name("schedul"), ==, DOC_KIND_NONE);
    g_assert_cmpint(doc_kind_from_name(""), ==, DOC_KIND_NONE);
}

static void test_doc_paths_and_nodes(void)
{
    doc *d = doc_new("samples/017-matsue/trip.txt");
    g_assert_cmpstr(d->file, ==, "samples/017-matsue/trip.txt");
    /* Relative paths in the trip are taken from its folder. */
    g_assert_cmpstr(d->dir, ==, "samples/017-matsue");
    diag_loc loc = { d->file, 3, 1 };
    doc_text *t = doc_text_new(d, "松江", loc);
    g_assert_cmpstr(t->str, ==, "松江");
    g_assert_cmpint(t->spans->len, ==, 0);
    g_assert_cmpint(t->loc.line, ==, 3);
    doc_node *list = doc_node_new(DOC_NODE_LIST, loc);
    doc_node *item = doc_node_new(DOC_NODE_ITEM, loc);
    item->text = t;
    doc_node_append(list, item);
    g_assert_cmpuint(list->children->len, ==, 1);
    g_assert_true(g_ptr_array_index(list->children, 0) == item);
    /* A new node's photo fit is the default, contain. */
    g_assert_cmpint(item->fit, ==, DOC_FIT_CONTAIN);
    doc_node *sec = doc_node_new(DOC_NODE_SECTION, loc);
    doc_node_append(sec, list);
    g_ptr_array_add(d->sections, sec); /* freed with the doc */
    doc_free(d);

    d = doc_new("trip.txt");
    g_assert_cmpstr(d->dir, ==, ".");
    g_assert_null(doc_strdup(d, NULL));
    doc_free(d);
    doc_free(NULL);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/doc/date/parse-forms", test_parse_forms);
    g_test_add_func("/doc/date/parse-invalid", test_parse_invalid);
    g_test_add_func("/doc/date/weekday", test_weekday);
    g_test_add_func("/doc/date/format-long", test_format_long);
    g_test_add_func("/doc/date/format-short", test_format_short);
    g_test_add_func("/doc/date/format-period", test_format_period);
    g_test_add_func("/doc/date/compare", test_compare);
    g_test_add_func("/doc/number-label", test_number_label);
    g_test_add_func("/doc/kind-names", test_kind_names);
    g_test_add_func("/doc/model", test_doc_paths_and_nodes);
    return g_test_run();
}
