/* diag: a list of positioned diagnostics (errors and warnings), collected
 * by every stage and printed by main as `file:line:col: error: message`. */
#ifndef DIAG_H
#define DIAG_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

/* A position in an input file. 'file' is borrowed (it lives as long as the
 * diag list or the doc that made it); line and col are 1-based, col counts
 * characters (code points), not bytes. line 0 means "the whole file". */
typedef struct diag_loc {
    const char *file;
    int line;
    int col;
} diag_loc;

typedef enum {
    DIAG_NONE,
    DIAG_WARNING,
    DIAG_ERROR,
    DIAG_NOTE,    /* what the program did that the user may not expect (a folder made) */
} diag_severity;

typedef struct diag_msg {
    diag_severity severity;
    diag_loc loc;
    char *text; /* owned */
} diag_msg;

typedef struct diag_list {
    GPtrArray *msgs;    /* of diag_msg*, owned */
    GStringChunk *files; /* interned file names handed out by diag_file() */
    int errors;
    int warnings;
} diag_list;

diag_list *diag_list_new(void);
void diag_list_free(diag_list *d); /* NULL is fine */

/* Interns 'name' so that locations may point at it for the list's lifetime. */
const char *diag_file(diag_list *d, const char *name);

/* 'fmt' is translated (gettext, i18n.h) before it is formatted: write it in
 * English as a literal, so that xgettext finds it by these functions'
 * names (XGETTEXT_FLAGS in the Makefile); a message built beforehand is
 * marked with _() where it is built. */
void diag_error(diag_list *d, diag_loc loc, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void diag_warning(diag_list *d, diag_loc loc, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void diag_note(diag_list *d, diag_loc loc, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Prints the messages in the order they were added, at most 'cap' of them
 * (0 = no cap), then a line saying how many were left out. */
void diag_print(const diag_list *d, FILE *out, int cap);

/* Formats one message as it is printed (without newline). Caller frees. */
char *diag_format(const diag_msg *m);

/* The Levenshtein distance between two ASCII/UTF-8 strings (bytes); used
 * for "did you mean" hints. */
int diag_distance(const char *a, const char *b);

/* Returns the candidate closest to 'word' if it is close enough to be a
 * likely typo, else NULL. 'candidates' is NULL-terminated. Borrowed. */
const char *diag_suggest(const char *word, const char *const *candidates);

#endif
