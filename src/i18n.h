/* i18n: the messages' translations (gettext, domain "tripreport"). Every
 * module marks a user-facing string with _() where it is used, or N_()
 * where it is only stored; diag_error/diag_warning/diag_note translate
 * their format themselves, so a string handed straight to them needs no
 * mark. The catalogues are po/LANG.po, compiled into out/locale/ by make and
 * installed into $(PREFIX)/share/locale. */
#ifndef I18N_H
#define I18N_H

#include <glib.h>

#define GETTEXT_PACKAGE "tripreport"

/* The translation of 'msgid' in the user's language, or 'msgid' itself.
 * Binds the catalogue folder (i18n_locale_dir()) on first use. Borrowed,
 * static. */
const char *i18n_text(const char *msgid) G_GNUC_FORMAT(1);

#define _(s) i18n_text(s)
#define N_(s) s

/* The folder holding <lang>/LC_MESSAGES/tripreport.mo: the nearest
 * "locale" folder above the executable's (a build tree: out/locale), else
 * ../share/locale beside the executable's folder (an installed or staged
 * copy), else the compiled-in one. Borrowed, static. */
const char *i18n_locale_dir(void);

/* For a program's main(): sets the locale from the environment. When the
 * environment names a language whose locale is not installed (LANG=ja_JP.UTF-8
 * on a machine without it), the messages are still in that language: the
 * locale becomes C.UTF-8 and LANGUAGE (if unset) names the language. With
 * LANGUAGE alone (no LC_ALL, LC_MESSAGES or LANG) the locale is C.UTF-8 too,
 * so that LANGUAGE counts; LC_ALL=C gives English whatever LANGUAGE says. Binds
 * the catalogue folder too, for a program's own gettext calls in the
 * domain GETTEXT_PACKAGE. */
void i18n_locale_init(void);

#endif
