/* input: byte-level decoding of trip and layout files. Everything after
 * this stage sees valid UTF-8 with "\n" line ends. */
#include "input.h"
#include "i18n.h"

#include <errno.h>
#include <string.h>

/* Line and column (in characters) of byte offset 'off' in raw bytes whose
 * line ends may be CR, LF or CRLF. Invalid bytes count as one column. */
static diag_loc raw_loc(const char *file, const unsigned char *s, size_t off)
{
    diag_loc loc = { file, 1, 1 };
    for (size_t i = 0; i < off;) {
        unsigned char c = s[i];
        if (c == '\n' || c == '\r') {
            loc.line++;
            loc.col = 1;
            i += (c == '\r' && i + 1 < off && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        int n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        i += n;
        loc.col++;
    }
    return loc;
}

/* Replaces CRLF and lone CR by LF, in place. Returns the new length. */
static size_t normalize_newlines(char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\r') {
            s[o++] = '\n';
            if (i + 1 < len && s[i + 1] == '\n')
                i++;
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = '\0';
    return o;
}

/* Control characters other than TAB and LF are errors: they are invisible
 * in an editor and would print as boxes. */
static bool check_controls(const char *text, const char *file, diag_list *d)
{
    bool ok = true;
    int line = 1, col = 1, reported = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '\n') {
            line++;
            col = 1;
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
            if (reported++ < 5)
                diag_error(d, (diag_loc){ file, line, col },
                           "control character U+%04X in the text; delete it (it is invisible in most editors)",
                           (unsigned)c);
            ok = false;
        }
        col++;
    }
    return ok;
}

/* Whether the bytes at 's' (of 'n') have the shape of a UTF-8 sequence (a
 * lead byte and its continuation bytes) that UTF-8 still forbids: an
 * overlong form, a surrogate, or beyond U+10FFFF. Then '*why' (caller
 * frees) says which, with the bytes: "E0 80 86 is an overlong form of
 * U+0006". A file with one was meant as UTF-8. */
static bool utf8_shaped(const unsigned char *s, size_t n, char **why)
{
    int k = s[0] >= 0xC0 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF7 ? 4 : 0;
    if (k == 0 || n < (size_t)k)
        return false;
    gunichar c = s[0] & (0x7F >> k);
    for (int i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return false;
        c = c << 6 | (s[i] & 0x3F);
    }
    GString *b = g_string_new(NULL);
    for (int i = 0; i < k; i++)
        g_string_append_printf(b, i ? " %02X" : "%02X", s[i]);
    gunichar least = k == 2 ? 0x80 : k == 3 ? 0x800 : 0x10000;
    if (c < least)
        g_string_append_printf(b, _(" is an overlong form of U+%04X, which UTF-8 does not allow"), (unsigned)c);
    else if (c >= 0xD800 && c <= 0xDFFF)
        g_string_append_printf(b, _(" is U+%04X, a UTF-16 surrogate, which UTF-8 does not allow"), (unsigned)c);
    else
        g_string_append(b, _(" is beyond U+10FFFF, the last character"));
    *why = g_string_free(b, FALSE);
    return true;
}

char *input_decode(const char *bytes, size_t len, const char *file, diag_list *d,
                   input_encoding *enc)
{
    const unsigned char *u = (const unsigned char *)bytes;
    input_encoding found = INPUT_ENC_UTF8;
    char *text = NULL;
    size_t tlen = 0;

    if (enc)
        *enc = INPUT_ENC_NONE;

    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        const char *from = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        gsize written = 0;
        GError *err = NULL;
        gsize read = 0;
        text = g_convert(bytes + 2, (gssize)(len - 2), "UTF-8", from, &read, &written, &err);
        if (text && read < len - 2) {
            /* A partial unit at the end (an odd number of bytes). */
            g_set_error_literal(&err, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT, "the last character is cut off");
            g_clear_pointer(&text, g_free);
        }
        if (!text) {
            /* The position of the first unreadable unit: decode what comes
             * before it and count its lines and characters. */
            gsize plen = 0;
            char *prefix = g_convert(bytes + 2, (gssize)read, "UTF-8", from, NULL, &plen, NULL);
            diag_loc loc = prefix ? raw_loc(file, (const unsigned char *)prefix, plen) : (diag_loc){ file, 0, 0 };
            g_free(prefix);
            diag_error(d, loc, "the file starts like UTF-16 but cannot be read as %s (%s); save it as UTF-8",
                       from, err->message);
            g_error_free(err);
            return NULL;
        }
        tlen = written;
        found = INPUT_ENC_UTF16;
        diag_warning(d, (diag_loc){ file, 0, 0 }, "read as %s; save the file as UTF-8 to silence this warning", from);
    } else {
        size_t start = 0;
        if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
            start = 3;
            found = INPUT_ENC_UTF8_BOM;
        }
        const void *nul = memchr(bytes + start, 0, len - start);
        if (nul) {
            /* Columns count from after the BOM: it is not a character. */
            size_t off = (size_t)((const char *)nul - bytes);
            diag_error(d, raw_loc(file, u + start, off - start),
                       "NUL byte in the file: this is not a text file, or it was saved as UTF-16 without a BOM; save it as UTF-8");
            return NULL;
        }
        const char *end = NULL;
        gsize sj_read = 0; /* how far the file reads as Shift_JIS */
        bool ascii = true; /* only ASCII before the first byte that is not UTF-8 */
        if (g_utf8_validate(bytes + start, (gssize)(len - start), &end)) {
            tlen = len - start;
            text = g_malloc(tlen + 1);
            memcpy(text, bytes + start, tlen);
            text[tlen] = '\0';
        } else {
            for (const unsigned char *q = u + start; q < (const unsigned char *)end && ascii; q++)
                ascii = *q < 0x80;
        }
        /* UTF-8 characters before a bad byte mean a UTF-8 file with a bad
         * byte (or pasted Shift_JIS), not a Shift_JIS file: reading it as
         * Shift_JIS would only garble it. */
        if (!text && start == 0 && ascii) {
            gsize written = 0;
            text = g_convert(bytes, (gssize)len, "UTF-8", "CP932", &sj_read, &written, NULL);
            if (text && sj_read < len) /* a lead byte cut off at the end */
                g_clear_pointer(&text, g_free);
            if (text) {
                tlen = written;
                found = INPUT_ENC_CP932;
                diag_warning(d, (diag_loc){ file, 0, 0 },
                             "the file is not UTF-8; read it as Shift_JIS (CP932). Save it as UTF-8 to silence this warning");
            }
        }
        if (!text) {
            /* The first byte that cannot be read: for a Shift_JIS file with
             * a bad byte that byte, not the first kanji. */
            size_t off = (size_t)(end - bytes);
            diag_loc loc = raw_loc(file, u + start, off - start);
            char *prefix = NULL, *why = NULL;
            gsize plen = 0;
            if (start == 0 && ascii && utf8_shaped(u + off, len - off, &why)) {
                /* Meant as UTF-8 (an overlong form, say): its first bad
                 * byte is the fault, and Shift_JIS was tried too. */
                char *sj = NULL;
                if (sj_read > off && (prefix = g_convert(bytes, (gssize)sj_read, "UTF-8", "CP932", NULL, &plen, NULL))) {
                    diag_loc sl = raw_loc(file, (const unsigned char *)prefix, plen);
                    sj = g_strdup_printf(_(" (byte 0x%02X at %d:%d cannot be read)"), u[sj_read], sl.line, sl.col);
                    g_free(prefix);
                }
                diag_error(d, loc, "invalid byte 0x%02X: the file is neither UTF-8 (%s) nor Shift_JIS%s; save it as UTF-8",
                           u[off], why, sj ? sj : "");
                g_free(sj);
                g_free(why);
                return NULL;
            }
            if (sj_read > off && (prefix = g_convert(bytes, (gssize)sj_read, "UTF-8", "CP932", NULL, &plen, NULL))) {
                off = sj_read;
                loc = raw_loc(file, (const unsigned char *)prefix, plen);
                g_free(prefix);
            }
            diag_error(d, loc, "invalid byte 0x%02X: the file is neither UTF-8 nor Shift_JIS; save it as UTF-8",
                       u[off]);
            return NULL;
        }
    }

    tlen = normalize_newlines(text, tlen);
    if (strlen(text) != tlen) {
        /* A NUL that only appeared after conversion (UTF-16 U+0000). */
        diag_error(d, raw_loc(file, (const unsigned char *)text, strlen(text)),
                   "NUL character in the file; save it as UTF-8 text");
        g_free(text);
        return NULL;
    }
    if (!check_controls(text, file, d)) {
        g_free(text);
        return NULL;
    }
    if (enc)
        *enc = found;
    return text;
}

char *input_read_file(const char *path, infile_kind kind, const char *file, diag_list *d, input_encoding *enc)
{
    char *bytes = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!infile_read(path, kind, &bytes, &len, &err)) {
        if (g_error_matches(err, INFILE_ERROR, INFILE_ERROR_NOT_FOUND))
            diag_error(d, (diag_loc){ file, 0, 0 }, "cannot read the file: no such file");
        else
            diag_error(d, (diag_loc){ file, 0, 0 }, "cannot read the file: it %s", err->message);
        g_error_free(err);
        return NULL;
    }
    char *text = input_decode(bytes, len, file, d, enc);
    g_free(bytes);
    return text;
}
