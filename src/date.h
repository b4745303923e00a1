/* date: the dates and periods a trip file may hold, as people write them,
 * read into doc_date: 2024-02-07 (or / and .), 2024年2月7日, full-width
 * digits, 和暦 (令和6年3月8日, R6.3.8, 平成31年4月30日, H31.4.30, 令和元年), a
 * weekday after it (2024年2月7日（水）), and periods whose end leaves out
 * what it shares with the start (2024年2月28日～3月1日, 2024年3月1日～3日). */
#ifndef DATE_H
#define DATE_H

#include "doc.h"

#include <stdbool.h>

/* Reads the whole of 's' as one date. True and '*out' set if it is a real
 * calendar date (1900-2999; an era's date not before the era began). */
bool date_parse(const char *s, doc_date *out);

/* Reads a period "START .. END" (the separator may also be ～, 〜 or ~; a
 * single date is a one-day trip). END may leave out the year ("3月1日",
 * "03-01": the start's, or the next year's when the month is before the
 * start's) or the year and month ("3日": the start's). True and both set
 * when both are real dates; the order is the caller's to check. */
bool date_period_parse(const char *s, doc_date *start, doc_date *end);

/* Whether 's' begins like a date (four digits and a date separator, or an
 * era with its year), so that a cell that does not read as one is a
 * mistake rather than text: "2024-02-30", "令和6年2月30日", "R6.2.30"; not
 * "2024年度". */
bool date_looks_like(const char *s);

/* "2024-02-07". Caller frees. */
char *date_format_iso(doc_date dt);

#endif
