/* fonts: the program's own fontconfig set-up (system fonts plus the
 * project's fonts/ folder and fonts/fonts.conf) and the Pango font map and
 * context every layout uses (72 dpi, no glyph rounding, language ja). */
#ifndef FONTS_H
#define FONTS_H

#include "diag.h"

#include <pango/pangocairo.h>
#include <stdio.h>

struct style;

typedef struct fonts {
    PangoFontMap *map;     /* owned */
    PangoContext *context; /* owned; resolution 72, rounding off, ja */
    void *fc_config;       /* FcConfig*, owned */
    char *font_dir;        /* the application font folder added, or NULL */
    void *memo;            /* layouts already made with this context (layout_text.c), owned; freed
                              with memo_free */
    void (*memo_free)(void *memo);
    char *identity;        /* fonts_identity(), once made */
} fonts;

/* The folder holding layouts/ and fonts/: $TRIPREPORT_DATA, else the
 * nearest folder above the executable's (up to three levels) that has
 * layouts/default.layout (a build tree), else PREFIX/share/tripreport for
 * an executable in PREFIX/bin (installed, or staged under DESTDIR), else
 * the compiled-in data dir. Borrowed, static. */
const char *fonts_data_dir(void);
/* The folders fonts_data_dir() looked at, quoted, in order, for a message
 * saying where the layouts were looked for. Borrowed, static. */
const char *fonts_data_dir_tried(void);

/* Sets up fontconfig and Pango. NULL with an error in 'd' when fontconfig
 * cannot load its configuration. Caller frees with fonts_free(). */
fonts *fonts_new(diag_list *d);
/* fontconfig only (no Pango: safe before fork()); for fonts_resolve() and
 * fonts_fingerprint(). */
fonts *fonts_new_config_only(diag_list *d);
void fonts_free(fonts *f); /* NULL is fine */

/* The family and file fontconfig resolves 'family' (plus 'bold') to, as a
 * new string "Family (path)", and whether the family matched what was asked.
 * Caller frees. */
char *fonts_resolve(fonts *f, const char *family, bool bold, bool *matched);

/* Checks that every face 'st' names is installed (the family itself, not
 * a fallback); an error in 'd' for each that is not, naming the Debian
 * package that has it or the fonts/ folder. True if all are. Then gives
 * cairo those faces in the form fonts_embedding_prepare() rewrites (the
 * same PDF, found faster; see fonts.c): call it before anything is laid
 * out with 'f'. */
bool fonts_check_style(fonts *f, const struct style *st, diag_list *d);

/* Before a PDF is drawn: the faces given to cairo for the PDF's font
 * subsets (fonts_check_style gives them) have the glyphs of 'layouts'
 * (PangoLayout*, their runs) found first in their character maps, where
 * cairo 1.16 looks up each new glyph's character: the same answers, in a
 * few steps instead of thousands. A glyph drawn that is not among them is
 * still found, later. */
void fonts_embedding_prepare(const GPtrArray *layouts);

/* For tests: the format 4 subtable at 'sub' (the bytes up to sub + room
 * may be written) rewritten as fonts_embedding_prepare rewrites a face's,
 * with 'glyphs' (n_glyphs) first. False (nothing written) when it would
 * not be given to cairo so. */
bool fonts_test_cmap4_rewrite(guint8 *sub, gsize room, const guint16 *glyphs, guint n_glyphs);

/* For the tests: how many times this process has read fontconfig's own
 * configuration (for its font folders: fonts_new reads it only when the
 * files and folders it was read from, or the environment, changed since,
 * in this process or a run whose memo is loaded: image_memo.h); and
 * forgetting what it read, as a new process would. */
unsigned fonts_test_system_reads(void);
void fonts_test_forget_system(void);

/* Prints, for each role of 'st', the face and the file its regular and
 * bold weights resolve to. */
void fonts_list(fonts *f, const struct style *st, FILE *out);

/* "file size mtime;" for the file each role of 'st' resolves to, regular
 * and bold: what a PDF's fonts depend on. Caller frees. */
char *fonts_fingerprint(fonts *f, const struct style *st);

/* What every face fontconfig may give depends on: each font folder of the
 * configuration (those it found inside the named ones included), the
 * application folder and fonts/fonts.conf, each by its identity (device,
 * inode, size, modification and change times): a font installed, removed
 * or replaced changes its folder's. One line each; borrowed from 'f'. */
const char *fonts_identity(fonts *f);

/* Records the font files each role of 'st' resolves to (regular and bold)
 * and fonts/fonts.conf as inputs of the run (infile_note), so that no
 * output may be written over them. */
void fonts_note_inputs(fonts *f, const struct style *st);

#endif
