/* kv: splits decoded trip or layout text into entries: `[kind]` section
 * lines and `key: value` pairs whose value may continue on indented lines.
 * It knows nothing of which keys exist; build.c and style.c judge that. */
#ifndef KV_H
#define KV_H

#include "diag.h"

typedef enum {
    KV_NONE,
    KV_SECTION, /* a `[kind]` line */
    KV_PAIR,    /* a `key: value` line and its continuation lines */
} kv_kind;

/* One line of a value. The first line is the text after the colon (when
 * there is any); the others are continuation lines. */
typedef struct kv_line {
    const char *text; /* the line less the block's common indentation; "" for an empty line */
    int indent;       /* indentation left after the common part, in columns (tab = to the next multiple of 4, U+3000 = 2) */
    diag_loc loc;     /* position of text[0] */
} kv_line;

typedef struct kv_entry {
    kv_kind kind;
    const char *key;   /* KV_PAIR: the key, lowercased; KV_SECTION: the kind name, lowercased */
    const char *raw_key; /* the key or kind as written */
    const char *value; /* KV_PAIR: the lines joined with "\n", empty lines kept, ends trimmed */
    GArray *lines;     /* KV_PAIR: of kv_line, first to last, inner empty lines kept */
    diag_loc loc;      /* position of the key or of '[' */
    diag_loc value_loc; /* position of the value's first character (or of the colon when empty) */
} kv_entry;

typedef struct kv_file {
    const char *name;      /* file name as printed; borrowed from the diag list */
    GPtrArray *entries;    /* of kv_entry*, owned */
    GStringChunk *strings; /* owns every string above */
} kv_file;

/* Parses 'text' (UTF-8, "\n" line ends, as input_decode() returns) read
 * from 'file'. Syntax errors go to 'd'; the entries that could be read are
 * returned all the same. Caller frees with kv_file_free(). */
kv_file *kv_parse(const char *text, const char *file, diag_list *d);
void kv_file_free(kv_file *f); /* NULL is fine */

/* True for the characters that indent a line: space, tab, U+3000. */
bool kv_is_indent_char(gunichar c);

#endif
