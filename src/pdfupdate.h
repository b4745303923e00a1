/* pdfupdate: the writer of an incremental update (ISO 32000-1 §7.5.6).
 * Collects new versions of objects (a value, or a stream dictionary whose
 * data a callback writes), then appends them to the PDF with an xref
 * section for exactly those objects and a trailer with /Prev and the old
 * /Root, /Info and /ID. The document amendments (pdfamend.h) and the image
 * splice (pdfsplice.h) add to one update, so one xref section is written. */
#ifndef PDFUPDATE_H
#define PDFUPDATE_H

#include "pdfread.h"

#include <glib.h>
#include <stdbool.h>

/* Writes the data of a stream, exactly the length given to
 * pdfupdate_add_stream(), at offset 'at' of 'out' (with
 * pdfupdate_write_at()): the file 'f' itself for an update, another for a
 * PDF written whole (pdfpack.h). 'data' is the pointer given there. False
 * with f->error set. */
typedef bool (*pdfupdate_stream_fn)(pdfread_file *f, int out, const void *data, gint64 at);

/* A new version of one object. */
typedef struct pdfupdate_obj {
    gint64 num, gen;
    char *text;                 /* owned: "num gen obj\n<value>\nendobj\n", or with a stream
                                   "num gen obj\n<dictionary>\nstream\n" */
    gint64 stream_len;          /* bytes 'stream' writes after 'text'; 0: no stream */
    pdfupdate_stream_fn stream; /* NULL when there is no stream */
    const void *stream_data;    /* borrowed, passed to 'stream' */
} pdfupdate_obj;

/* The objects of one update and what its trailer says. */
typedef struct pdfupdate {
    GArray *objs; /* pdfupdate_obj, owned; in the order added until pdfupdate_sort() */
    gint64 size;  /* the trailer's /Size: the file's, and one more for each object numbered here */
    gint64 info;  /* a new /Info (generation 0), or 0: the old /Info is kept */
} pdfupdate;

/* A new empty update for a file whose trailer's /Size is 'size'. Free it
 * with pdfupdate_free(). */
pdfupdate *pdfupdate_new(gint64 size);

/* Frees 'u' and its objects; NULL does nothing. */
void pdfupdate_free(pdfupdate *u);

/* Adds object 'num' 'gen' with the PDF text 'value' (a copy is kept). */
void pdfupdate_add(pdfupdate *u, gint64 num, gint64 gen, const char *value);

/* Adds object 'num' 'gen' as a stream: its dictionary 'dict' (PDF text,
 * its /Length 'len'; a copy is kept), then 'len' bytes written by
 * 'stream'('data') when the update is written. 'data' must live until
 * then. */
void pdfupdate_add_stream(pdfupdate *u, gint64 num, gint64 gen, const char *dict, gint64 len,
                          pdfupdate_stream_fn stream, const void *data);

/* Sorts the objects by number. False if one number was added twice (the
 * update would then be wrong; nothing is written). */
bool pdfupdate_sort(pdfupdate *u);

/* Appends 'u' (sorted) to the end of 'f' (at f->size, after a line end if
 * the file has none): the objects in order of number, an xref section with
 * one subsection for each run of consecutive numbers, the trailer and
 * 'startxref'. Writes nothing when 'u' has no object. Deterministic: the
 * same file and update give the same bytes. False with f->error set if an
 * offset would not fit in an xref entry or writing fails; the file is then
 * truncated back to its old size. */
bool pdfupdate_write(pdfupdate *u, pdfread_file *f);

/* Writes all of 'data' at offset 'off' of 'fd' with pwrite; false with
 * errno set (ENOSPC for a write that wrote nothing). */
bool pdfupdate_write_at(int fd, const void *data, size_t len, gint64 off);

#endif
