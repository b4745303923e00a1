/* kv: splits decoded trip or layout text into entries: `[kind]` section
 * lines and `key: value` pairs whose value may continue on indented lines.
 * It knows no key names of its own; build.c and style.c judge the keys,
 * and a caller may tell it which keys exist (kv_syntax) so that an
 * indented line starting with one is read as that entry, not as text. */
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

/* What a key is where it stands, as the caller's format says. */
typedef enum {
    KV_KEY_NONE, /* not a key here: an indented `none: …` line is text */
    KV_KEY_TEXT, /* a key whose value may go on over indented lines */
    KV_KEY_LINE, /* a key whose value is one line (a path, a number, a date) */
} kv_key_class;

/* What the caller's format knows, for reading indented lines. */
typedef struct kv_syntax {
    /* What 'key' (lowercased ASCII) is where it stands: 'section' is the
     * lowercased name of the last `[kind]` line, NULL before the first. */
    kv_key_class (*key_class)(const char *section, const char *key);
    /* True if 'name' (lowercased) names a kind of `[kind]` line. */
    bool (*is_kind)(const char *name);
} kv_syntax;

/* Parses 'text' (UTF-8, "\n" line ends, as input_decode() returns) read
 * from 'file'. Syntax errors go to 'd'; the entries that could be read are
 * returned all the same. Caller frees with kv_file_free().
 * With 'syntax' (may be NULL: nothing is known), an indented line that
 * starts with a known key and a colon, or is a known `[kind]` line, is an
 * error and is read as that entry or section, not as text of the value
 * above; and a KV_KEY_LINE value does not go on over indented lines (an
 * error at the first such line; the lines are dropped). 'syntax' is
 * borrowed for the call. */
kv_file *kv_parse_with(const char *text, const char *file, const kv_syntax *syntax, diag_list *d);

/* kv_parse_with() with nothing known (layout files). */
kv_file *kv_parse(const char *text, const char *file, diag_list *d);
void kv_file_free(kv_file *f); /* NULL is fine */

/* True for the characters that indent a line: space, tab, U+3000. */
bool kv_is_indent_char(gunichar c);

/* True for the characters that look like a space but are none of those:
 * the no-break space U+00A0, U+2000–U+200B, U+202F, U+205F and U+FEFF,
 * pasted from web pages and word processors. At the start of a line they
 * are reported and read as indentation; around a key they are trimmed. */
bool kv_is_special_space(gunichar c);

#endif
