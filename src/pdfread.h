/* pdfread: a minimal reader of the PDFs cairo 1.16 writes, and of the
 * incremental updates pdfupdate appends to them (ISO 32000-1 §7.5): the
 * header, 'startxref' in the tail, the classic cross-reference tables along
 * /Prev with the newest trailer, and single objects by number, read with
 * pread. Every read is bounded by the file: an object is read at most to
 * where the next object or xref section starts, so memory stays within a
 * small multiple of the file's size, whatever the file says. The reader of
 * the PDF post-processor (pdfpost.h); it reports in pdferror.h's domain. */
#ifndef PDFREAD_H
#define PDFREAD_H

#include "pdferror.h"
#include "pdfsyntax.h"

#include <glib.h>
#include <stdbool.h>

/* An indirect reference "num gen R"; num 0 means none. */
typedef struct pdfread_ref {
    gint64 num, gen;
} pdfread_ref;

/* The newest cross-reference entry of one object number. */
typedef struct pdfread_xref {
    gint64 num;
    gint64 off;  /* in use: the file offset of "num gen obj"; free: the next free number */
    gint64 gen;
    bool in_use; /* an 'n' entry; else 'f' (free) */
} pdfread_xref;

/* One indirect object, or the trailer, read into its own buffer. */
typedef struct pdfread_obj {
    gint64 num, gen;  /* num 0: the trailer */
    guint8 *buf;      /* the bytes read (owned), NUL-terminated */
    size_t len;       /* bytes in 'buf', the NUL not counted */
    size_t v, v_end;  /* its value in 'buf': after "num gen obj", or after "trailer" */
    GArray *dict;     /* pdfsyntax_entry of the value when it is a dictionary (owned), else NULL */
    bool stream;      /* the dictionary of a stream (pdfread_file_peek and pdfread_file_whole) */
    size_t data, data_len; /* pdfread_file_whole: a stream's data in 'buf' */
} pdfread_obj;

/* Frees what 'o' holds and zeroes it; a zeroed one is left as it is. */
void pdfread_obj_clear(pdfread_obj *o);

/* A PDF open for reading. */
typedef struct pdfread_file {
    int fd;                /* borrowed; only read with pread, its file offset is not used */
    gint64 size;           /* bytes of the file when opened */
    GError *error;         /* the first error of this file (PDFPOST_ERROR; owned); later ones are dropped */
    GArray *xref;          /* pdfread_xref: the newest entry of each number any section lists, by number */
    GArray *starts;        /* gint64, ascending: where an object or an xref section starts */
    pdfread_obj trailer;   /* the newest trailer */
    gint64 startxref;      /* the file offset of the newest xref section */
    gint64 n_objects;      /* the trailer's /Size */
    pdfread_ref root;      /* the trailer's /Root */
    pdfread_ref info;      /* the trailer's /Info; num 0 when there is none */
    bool ends_in_eol;      /* the file's last byte ends a line */
    guint8 *map;           /* the file mapped (pdfread_file_map_sealed), or NULL: read with pread */
} pdfread_file;

/* Opens the PDF on 'fd' (a regular file, open for reading) into 'f': reads
 * its header and tail, every xref section along /Prev (entries included)
 * and the newest trailer, and checks what the post-processor needs: not
 * encrypted, no cross-reference streams, a valid /Size, /Root and /Info.
 * False with f->error set (e.g. "is not a PDF (it does not start with
 * '%PDF-')", "is a truncated or damaged PDF (...)"). Call
 * pdfread_file_clear() afterwards, whatever it returns. */
bool pdfread_file_open(pdfread_file *f, int fd);

/* Maps the file of 'f' into memory when it cannot shrink (a memfd sealed
 * with F_SEAL_SHRINK: no read of the map can fault), so that reads copy
 * from memory instead of asking the kernel each time (a report of 100,000
 * paragraphs has as many objects). Otherwise, or if mapping fails, nothing
 * changes. */
void pdfread_file_map_sealed(pdfread_file *f);

/* Frees what 'f' holds, f->error included, and zeroes it. */
void pdfread_file_clear(pdfread_file *f);

/* Records an error in f->error unless one is there already ('code' a
 * pdfpost_error). Always returns false. */
bool pdfread_fail(pdfread_file *f, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* The same for PDFPOST_ERROR_FORMAT "is a truncated or damaged PDF (why)". */
bool pdfread_damaged(pdfread_file *f, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* The newest entry of object 'num', or NULL if no section lists it.
 * Borrowed from 'f'. */
const pdfread_xref *pdfread_file_find(const pdfread_file *f, gint64 num);

/* Reads object 'r' (in use, with that generation, in the newest version)
 * into 'o': "num gen obj value endobj", a stream is not accepted. False
 * with f->error set ("object 9 is missing", "object 1 is damaged"); 'o' is
 * then zeroed. Free 'o' with pdfread_obj_clear(). */
bool pdfread_file_load(pdfread_file *f, pdfread_ref r, pdfread_obj *o);

/* Reads the first 'max' bytes (at most) of the object of entry 'x' (in
 * use) into 'o', which then holds the dictionary of "num gen obj <<...>>"
 * and o->stream when it is the dictionary of a stream; an object that is
 * not one of these in 'max' bytes leaves 'o' without a dictionary. False
 * only when the file cannot be read (f->error set). */
bool pdfread_file_peek(pdfread_file *f, const pdfread_xref *x, size_t max, pdfread_obj *o);

/* Reads all of the object of entry 'x' (in use) into 'o': a plain object
 * as pdfread_file_load() does, or a stream: its dictionary (o->stream set)
 * and its data, o->data_len bytes at o->buf + o->data, as long as its
 * /Length says (a number, or a reference to one) and followed by
 * 'endstream'. False with f->error set if it is damaged or cannot be read
 * ('o' zeroed). Free 'o' with pdfread_obj_clear(). */
bool pdfread_file_whole(pdfread_file *f, const pdfread_xref *x, pdfread_obj *o);

#endif
