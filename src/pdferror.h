/* pdferror: the error domain of the PDF post-processor (pdfpost.h), in
 * which its parts (pdfread, pdfupdate, pdfamend, pdfsplice) report, so that
 * they need nothing from the part above them. Every message is for the
 * user and leaves out the path (the caller puts it in front). */
#ifndef PDFERROR_H
#define PDFERROR_H

#include <glib.h>

#define PDFPOST_ERROR pdfpost_error_quark()
GQuark pdfpost_error_quark(void); /* defined in pdfread.c, the part every other one stands on */

typedef enum {
    PDFPOST_ERROR_NONE,   /* not used: 0 means no error */
    PDFPOST_ERROR_IO,     /* the file could not be read or written */
    PDFPOST_ERROR_FORMAT, /* not a PDF, a damaged one, or a kind cairo 1.16 does not write */
    PDFPOST_ERROR_COUNT,  /* the Figure elements and 'n_figure_alts' differ in number */
    PDFPOST_ERROR_TEXT,   /* a text in 'info' is not valid UTF-8 */
    PDFPOST_ERROR_IMAGE,  /* a placeholder is missing or not unique, or the PNG or JPEG file is not
                             (any more) what 'pngs' says */
    PDFPOST_ERROR_WRITE,  /* the PDF could not be written: the message is the system's reason
                             alone (g_strerror), e.g. "File too large" */
} pdfpost_error;

#endif
