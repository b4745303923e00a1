/* input: reads a text file as people save it (UTF-8 with or without BOM,
 * UTF-16 with BOM, Shift_JIS/CP932; CRLF, LF or CR) and yields UTF-8 with
 * LF line ends, or positioned errors. */
#ifndef INPUT_H
#define INPUT_H

#include "diag.h"
#include "infile.h"

#include <stddef.h>

typedef enum {
    INPUT_ENC_NONE,
    INPUT_ENC_UTF8,
    INPUT_ENC_UTF8_BOM,
    INPUT_ENC_UTF16,
    INPUT_ENC_CP932,
} input_encoding;

/* Decodes 'len' bytes read from 'file' (the name used in messages; must
 * outlive 'd', e.g. from diag_file()). Returns the text as NUL-terminated
 * UTF-8 with "\n" line ends and no BOM (caller frees), or NULL after adding
 * errors to 'd'. A non-UTF-8 encoding adds a warning that names it.
 * 'enc' (may be NULL) receives the encoding found. */
char *input_decode(const char *bytes, size_t len, const char *file, diag_list *d,
                   input_encoding *enc);

/* Reads (infile_read: a regular file within the cap of 'kind') and
 * decodes the file at 'path'; messages name it 'file'. Caller frees. NULL
 * with an error in 'd' if it cannot be read or decoded. */
char *input_read_file(const char *path, infile_kind kind, const char *file, diag_list *d, input_encoding *enc);

#endif
