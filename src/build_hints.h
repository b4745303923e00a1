/* build_hints: the mistakes people make in a trip file, found and
 * answered for build.c: a template's placeholder left in (○○, XX), a table
 * row pasted from Excel with tabs between its cells, a photo's name that
 * differs from the file's in case or is written with '\', or that is
 * mistyped (the closest file in the folder). */
#ifndef BUILD_HINTS_H
#define BUILD_HINTS_H

#include "diag.h"
#include "kv.h"

#include <stdbool.h>

/* The first placeholder of a template in 's' (○○, 〇〇, ●●, ××; XX, ＸＸ, ｘｘ:
 * two to four in a row, not next to another letter; a small ASCII x is
 * text, as in "xxxx" of a long test word), or NULL. '*len'
 * gets its length in bytes. Borrowed: points into 's'. */
const char *build_hint_placeholder_find(const char *s, size_t *len);

/* If the value of 'e' still holds a placeholder: an error at it saying the
 * line still needs filling, and true. */
bool build_hint_placeholder(diag_list *d, const kv_entry *e);

/* If the value of a `columns:`, `row:` or `fact:` entry 'e' has tabs
 * between its cells and no '|' (a row pasted from a spreadsheet): one error
 * saying to separate the cells with '|', and true. */
bool build_hint_tabbed_cells(diag_list *d, const kv_entry *e);

/* What became of a file path written in a trip file. */
typedef enum {
    BUILD_PATH_NONE,      /* nothing found */
    BUILD_PATH_EXACT,     /* found as written */
    BUILD_PATH_BACKSLASH, /* found with '/' for each '\' */
    BUILD_PATH_CASE,      /* found with other upper and lower case letters */
    BUILD_PATH_BOTH,      /* found with '/' and other case */
} build_path_match;

/* Looks for 'written' (relative to 'dir', or absolute): as written, then
 * with '\' read as '/', then each part's name compared without regard to
 * upper and lower case (one file alone must match). '*found' gets the
 * path as it should be written (relative like 'written'), or NULL. Caller
 * frees '*found'. */
build_path_match build_hint_path_find(const char *dir, const char *written, char **found);

/* The file in the folder of 'written' whose name is closest to its name
 * (a likely typo), as 'written' would name it; NULL if none is close.
 * Caller frees. */
char *build_hint_path_suggest(const char *dir, const char *written);

#endif
