/* Unit tests of date.c: 和暦 (令和, 平成, 昭和, by name or letter, 元年,
 * full-width), a weekday after the date, periods whose end leaves out the
 * year or the month, and what looks like a date. */
#include "date.h"

#include <glib.h>

static void check(const char *s, int y, int m, int d)
{
    doc_date dt = { 0, 0, 0 };
    if (!date_parse(s, &dt))
        g_error("'%s' should read as a date", s);
    g_assert_cmpint(dt.year, ==, y);
    g_assert_cmpint(dt.month, ==, m);
    g_assert_cmpint(dt.day, ==, d);
}

static void check_bad(const char *s)
{
    doc_date dt = { 1, 2, 3 };
    if (date_parse(s, &dt))
        g_error("'%s' should not read as a date", s);
    g_assert_cmpint(dt.year, ==, 1);
}

static void test_wareki(void)
{
    check("令和6年3月8日", 2024, 3, 8);
    check("令和元年5月1日", 2019, 5, 1);
    check("令和１年５月１日", 2019, 5, 1);
    check("R6.3.8", 2024, 3, 8);
    check("r6.3.8", 2024, 3, 8);
    check("R06/03/08", 2024, 3, 8);
    check("R6-3-8", 2024, 3, 8);
    check("Ｒ６．３．８", 2024, 3, 8);
    check("令和６年３月８日", 2024, 3, 8);
    check("令和 6年 3月 8日", 2024, 3, 8);
    check("平成31年4月30日", 2019, 4, 30);
    check("H31.4.30", 2019, 4, 30);
    check("平成元年1月8日", 1989, 1, 8);
    check("昭和64年1月7日", 1989, 1, 7);
    check("S50.10.1", 1975, 10, 1);
    /* Before its era began, or not in the calendar. */
    check_bad("令和元年4月30日");
    check_bad("平成元年1月7日");
    check_bad("令和6年2月30日");
    check_bad("R6.3");
    check_bad("R6.3/8");
    check_bad("令和0年5月1日");
    check_bad("大正5年1月1日");
    check_bad("X6.3.8");
    check_bad("令和6年");
}

static void test_weekday_after(void)
{
    check("2024年2月7日（水）", 2024, 2, 7);
    check("2024年2月7日(水)", 2024, 2, 7);
    check("2024-02-07 (水曜日)", 2024, 2, 7);
    check("令和6年2月7日（水曜）", 2024, 2, 7);
    check_bad("2024年2月7日（雨）");
    check_bad("2024年2月7日（水");
}

static void check_period(const char *s, int y1, int m1, int d1, int y2, int m2, int d2)
{
    doc_date a = { 0, 0, 0 }, z = { 0, 0, 0 };
    if (!date_period_parse(s, &a, &z))
        g_error("'%s' should read as a period", s);
    g_assert_cmpint(a.year, ==, y1);
    g_assert_cmpint(a.month, ==, m1);
    g_assert_cmpint(a.day, ==, d1);
    g_assert_cmpint(z.year, ==, y2);
    g_assert_cmpint(z.month, ==, m2);
    g_assert_cmpint(z.day, ==, d2);
}

static void check_bad_period(const char *s)
{
    doc_date a, z;
    if (date_period_parse(s, &a, &z))
        g_error("'%s' should not read as a period", s);
}

static void test_period(void)
{
    check_period("2024-02-07 .. 2024-02-09", 2024, 2, 7, 2024, 2, 9);
    check_period("2024-02-07", 2024, 2, 7, 2024, 2, 7);
    check_period("2024年2月28日～3月1日", 2024, 2, 28, 2024, 3, 1);
    check_period("2024年2月28日〜2024年3月1日", 2024, 2, 28, 2024, 3, 1);
    check_period("2024年3月1日～3日", 2024, 3, 1, 2024, 3, 3);
    check_period("2024年3月1日（金）～3日（日）", 2024, 3, 1, 2024, 3, 3);
    check_period("令和6年2月28日～3月1日", 2024, 2, 28, 2024, 3, 1);
    check_period("R6.2.28~R6.3.1", 2024, 2, 28, 2024, 3, 1);
    check_period("2024-02-28 .. 03-01", 2024, 2, 28, 2024, 3, 1);
    check_period("２０２４年２月２８日～３月１日", 2024, 2, 28, 2024, 3, 1);
    /* The end's month before the start's: the next year. */
    check_period("2024年12月30日～1月2日", 2024, 12, 30, 2025, 1, 2);
    /* A day before the start stays in its month: the caller says the
     * period ends before it starts. */
    check_period("2024年3月5日～3日", 2024, 3, 5, 2024, 3, 3);
    check_bad_period("2024年2月28日～30日");
    check_bad_period("2024年2月28日～2月30日");
    check_bad_period("3月1日～3日");
    check_bad_period("2024-02-28 .. ");
    check_bad_period("2024-02-28 .. 3");
}

static void test_looks_like(void)
{
    g_assert_true(date_looks_like("2024-02-30"));
    g_assert_true(date_looks_like("２０２４/２/３０"));
    g_assert_true(date_looks_like("2024年2月30日"));
    g_assert_true(date_looks_like("令和6年2月30日"));
    g_assert_true(date_looks_like("R6.2.30"));
    g_assert_false(date_looks_like("2024年度"));
    g_assert_false(date_looks_like("令和6年度"));
    g_assert_false(date_looks_like("R6年度"));
    g_assert_false(date_looks_like("移動"));
    g_assert_false(date_looks_like("Room 12"));
}

static void test_format(void)
{
    char *s = date_format_iso((doc_date){ 2024, 3, 8 });
    g_assert_cmpstr(s, ==, "2024-03-08");
    g_free(s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/date/wareki", test_wareki);
    g_test_add_func("/date/weekday-after", test_weekday_after);
    g_test_add_func("/date/period", test_period);
    g_test_add_func("/date/looks-like", test_looks_like);
    g_test_add_func("/date/format", test_format);
    return g_test_run();
}
