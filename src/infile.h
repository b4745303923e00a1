/* infile: every file tripreport reads goes through here. A file is read
 * only when it is a regular file (never a folder, FIFO, device or socket;
 * the open never blocks) no larger than its kind allows, and is read with
 * read(), never mapped (a file truncated by another program while we read
 * it is an error, not a SIGBUS). Every file opened is remembered by device
 * and inode as an input of the run, so that no output may name one
 * (outfile.h). */
#ifndef INFILE_H
#define INFILE_H

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

typedef enum {
    INFILE_NONE,
    INFILE_TRIP,   /* a trip file: text, INFILE_MAX_TRIP */
    INFILE_LAYOUT, /* a page design: text, INFILE_MAX_LAYOUT */
    INFILE_IMAGE,  /* a photo, map or logo: INFILE_MAX_IMAGE */
    INFILE_STATE,  /* batch's own state tables: INFILE_MAX_STATE (not recorded as inputs) */
    INFILE_FONT,   /* a font file (read by fontconfig and FreeType, only noted here) */
    INFILE_PROGRAM, /* the program itself (batch hashes it): INFILE_MAX_PROGRAM */
    INFILE_OTHER,  /* anything else (fonts.conf): INFILE_MAX_OTHER */
} infile_kind;

/* Size caps, bytes. A trip of a few hundred pages is well under 1 MB. */
#define INFILE_MAX_TRIP (4 << 20)
#define INFILE_MAX_LAYOUT (1 << 20)
#define INFILE_MAX_IMAGE (128 << 20)
#define INFILE_MAX_STATE (64 << 20)
#define INFILE_MAX_OTHER (16 << 20)
#define INFILE_MAX_PROGRAM (1LL << 30)

#define INFILE_ERROR infile_error_quark()
GQuark infile_error_quark(void);

typedef enum {
    INFILE_ERROR_NONE,
    INFILE_ERROR_NOT_FOUND, /* no such file (or a folder on the way is missing) */
    INFILE_ERROR_NOT_REGULAR, /* a folder, FIFO, device, socket */
    INFILE_ERROR_TOO_LARGE, /* over the cap of its kind */
    INFILE_ERROR_READ,      /* permission, I/O error, a symbolic link loop, changed while read */
} infile_error;

/* The cap of 'kind' in bytes. */
gint64 infile_max(infile_kind kind);

/* Opens 'path' for reading: a regular file of at most infile_max('kind')
 * bytes, else -1 with 'err' set to a message for the user that does not
 * name the path (the caller puts its position in front), e.g. "was not
 * found", "is a folder, not a file", "is a FIFO (named pipe), not a file",
 * "is too large (300 MB; an image may be at most 128 MB)". Never blocks on
 * a FIFO or device. '*size' (may be NULL) gets the size. The file is
 * recorded as an input of the run. The caller closes the descriptor. */
int infile_open(const char *path, infile_kind kind, goffset *size, GError **err);

/* Reads the whole of 'path' (infile_open, then read() to the end; a file
 * that grows past the cap while read is refused too). '*bytes' gets the
 * contents plus a NUL byte not counted in '*len' (caller frees). False with
 * 'err' set as for infile_open. */
bool infile_read(const char *path, infile_kind kind, char **bytes, gsize *len, GError **err);

/* Reads exactly 'len' bytes at 'off' of 'fd'; false on an error (errno
 * set) or when the file ends first (errno 0). */
bool infile_pread(int fd, void *buf, size_t len, goffset off);

/* Records 'path' as an input of the run of 'kind' without reading it
 * (files that a library reads: font files, fonts.conf). Nothing happens if
 * it does not exist. */
void infile_note(const char *path, infile_kind kind);

/* Whether the file with device 'dev' and inode 'ino' is an input of this
 * run; if so, '*path' and '*kind' (either may be NULL) get the name it was
 * first read by (borrowed) and its kind. */
bool infile_is_input(dev_t dev, ino_t ino, const char **path, infile_kind *kind);

/* "the trip file", "a layout file", "an image", "a font file", … */
const char *infile_kind_noun(infile_kind kind);

/* Forgets every recorded input (a new run in the same process). */
void infile_forget(void);

#endif
