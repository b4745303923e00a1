/* image_verify: a JPEG's bytes in, "whole" or the first damage found out:
 * libjpeg decodes every scan at 1/8 scale in grey (the entropy-coded data
 * read in full; the rows but the last skipped, not transformed), its data
 * warnings turned into errors. */
#include "image_verify.h"
#include "i18n.h"

#include "image_probe.h"
#include "image_source.h"
#include "image_strip.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE */
#include <unistd.h>

#include <jerror.h>
#include <jpeglib.h>

/* Not a libjpeg message: a progressive JPEG that ends, cleanly, before
 * every coefficient has had all its bits (scans missing). */
#define CODE_SCANS_MISSING 100000

/* libjpeg's error manager with a way out, and the first fault seen. */
typedef struct verify_err {
    struct jpeg_error_mgr mgr;
    jmp_buf out;
    int code;   /* libjpeg's message code of the fault, 0 if none */
    int row;    /* about where in the picture (full-size rows) */
    bool fatal; /* an error, not a warning */
} verify_err;

/* The full-size row the decoder's input has reached. */
static int input_row(j_decompress_ptr c)
{
    long row = (long)c->input_iMCU_row * c->max_v_samp_factor * DCTSIZE;
    return (int)MIN(row, (long)c->image_height);
}

static void on_error(j_common_ptr c)
{
    verify_err *e = (verify_err *)c->err;
    e->code = c->err->msg_code;
    e->fatal = true;
    e->row = c->is_decompressor ? input_row((j_decompress_ptr)c) : 0;
    longjmp(e->out, 1);
}

/* Warnings (level -1) about the data are damage: stop at the first. The
 * header's notes (an unknown JFIF version, an odd Adobe transform or ICC
 * profile) and trace messages are not. */
static void on_message(j_common_ptr c, int level)
{
    verify_err *e = (verify_err *)c->err;
    if (level != -1)
        return;
    int code = c->err->msg_code;
    if (code == JWRN_JFIF_MAJOR || code == JWRN_ADOBE_XFORM || code == JWRN_BOGUS_ICC)
        return;
    e->code = code;
    e->row = c->is_decompressor ? input_row((j_decompress_ptr)c) : 0;
    longjmp(e->out, 1);
}

/* After jpeg_start_decompress(): a progressive JPEG is read whole by now,
 * and every coefficient of every component must have come to its last bit
 * (coef_bits 0; -1: never sent). A file cut between scans, with its EOI put
 * back, ends cleanly otherwise: out through 'e' if not. */
static void check_all_scans(j_decompress_ptr c, verify_err *e)
{
    for (int ci = 0; c->progressive_mode && c->coef_bits && ci < c->num_components; ci++)
        for (int k = 0; k < DCTSIZE2; k++)
            if (c->coef_bits[ci][k] != 0) {
                e->code = CODE_SCANS_MISSING;
                longjmp(e->out, 1);
            }
}

/* The message for the fault in 'e' of a picture 'height' rows high. */
static void set_damage(const verify_err *e, int height, GError **err)
{
    if (e->code == JERR_OUT_OF_MEMORY)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_TOO_LARGE,
                            _("is too large to check: there is not enough memory to read its picture data"));
    else if (e->code == JWRN_JPEG_EOF || e->code == JWRN_HIT_MARKER)
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED,
                    _("is a damaged JPEG: its picture data runs out at about row %d of the %d its header "
                      "claims; copy the photo again from the camera or phone"),
                    e->row, height);
    else if (e->code == CODE_SCANS_MISSING)
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED,
                            _("is a damaged JPEG: its picture data stops before the last of its scans (the photo is "
                              "only partly there); copy the photo again from the camera or phone"));
    else if (e->row < height)
        g_set_error(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED,
                    _("is a damaged JPEG: its picture data is corrupt from about row %d of %d; copy the photo again "
                      "from the camera or phone"), e->row + 1,
                    height);
    else
        g_set_error_literal(err, IMAGE_ERROR, IMAGE_ERROR_DAMAGED,
                            _("is a damaged JPEG: its picture data is corrupt (it does not end where the picture "
                              "does); copy the photo again from the camera or phone"));
}

bool image_verify_jpeg_bytes(const guint8 *data, gsize len, GError **err)
{
    struct jpeg_decompress_struct c;
    verify_err e = { 0 };
    c.err = jpeg_std_error(&e.mgr);
    e.mgr.error_exit = on_error;
    e.mgr.emit_message = on_message;
    JSAMPARRAY rows = NULL;
    volatile int height = 0;
    jpeg_create_decompress(&c);
    if (setjmp(e.out)) {
        set_damage(&e, height, err);
        jpeg_destroy_decompress(&c);
        return false;
    }
    jpeg_mem_src(&c, data, (unsigned long)len);
    jpeg_read_header(&c, TRUE);
    height = (int)c.image_height;
    c.scale_num = 1;
    c.scale_denom = 8;
    c.dct_method = JDCT_IFAST;
    c.do_fancy_upsampling = FALSE;
    c.do_block_smoothing = FALSE;
    if (c.jpeg_color_space == JCS_YCbCr || c.jpeg_color_space == JCS_GRAYSCALE)
        c.out_color_space = JCS_GRAYSCALE; /* the colour blocks are still read, not transformed */
    jpeg_start_decompress(&c);
    check_all_scans(&c, &e);
    rows = (*c.mem->alloc_sarray)((j_common_ptr)&c, JPOOL_IMAGE, c.output_width * c.output_components,
                                  (JDIMENSION)c.rec_outbuf_height);
    /* Skipped rows are entropy-decoded all the same (their blocks thrown
     * away, not transformed): 5 % less time. The last is read. */
    if (c.output_height > 1)
        jpeg_skip_scanlines(&c, c.output_height - 1);
    while (c.output_scanline < c.output_height)
        jpeg_read_scanlines(&c, rows, (JDIMENSION)c.rec_outbuf_height);
    jpeg_finish_decompress(&c);
    jpeg_destroy_decompress(&c);
    return true;
}

/*** A file as libjpeg's source, read a piece at a time ***/

#define SRC_PIECE (64 * 1024)

typedef struct fd_source {
    struct jpeg_source_mgr pub;
    image_verify_input *in;
    goffset at; /* the next byte of the file to read */
    JOCTET buf[SRC_PIECE];
} fd_source;

static void src_init(j_decompress_ptr c)
{
    (void)c;
}

/* As libjpeg's memory source at its end: a warning (the data runs out)
 * and a made-up EOI; after a read error too, which in->io_error tells. */
static boolean src_fill(j_decompress_ptr c)
{
    fd_source *s = (fd_source *)(void *)c->src;
    size_t want = (size_t)MIN((goffset)SRC_PIECE, s->in->len - s->at);
    ssize_t n = 0;
    if (want > 0) {
        do
            n = pread(s->in->fd, s->buf, want, (off_t)s->at);
        while (n < 0 && errno == EINTR);
    }
    if (n < 0 || (n == 0 && want > 0))
        s->in->io_error = true; /* failed, or the file is shorter than it was */
    if (n <= 0) {
        WARNMS(c, JWRN_JPEG_EOF);
        s->buf[0] = 0xFF;
        s->buf[1] = JPEG_EOI;
        n = 2;
    } else {
        s->at += n;
    }
    s->pub.next_input_byte = s->buf;
    s->pub.bytes_in_buffer = (size_t)n;
    return TRUE;
}

static void src_skip(j_decompress_ptr c, long n)
{
    struct jpeg_source_mgr *src = c->src;
    if (n <= 0)
        return;
    while (n > (long)src->bytes_in_buffer) {
        n -= (long)src->bytes_in_buffer;
        (void)(*src->fill_input_buffer)(c);
    }
    src->next_input_byte += n;
    src->bytes_in_buffer -= (size_t)n;
}

static void src_term(j_decompress_ptr c)
{
    (void)c;
}

/* Appends the ICC_PROFILE APP2 segments libjpeg saved (jpeg_save_markers)
 * to 'icc' as they were in the file. */
static void keep_icc(j_decompress_ptr c, GByteArray *icc)
{
    for (jpeg_saved_marker_ptr m = c->marker_list; m; m = m->next) {
        if (m->marker != JPEG_APP0 + 2 || m->data_length != m->original_length ||
            image_strip_kind_of(0xE2, m->data, m->data_length) != IMAGE_STRIP_COLOUR)
            continue;
        guint8 head[4] = { 0xFF, 0xE2, (guint8)((m->data_length + 2) >> 8), (guint8)(m->data_length + 2) };
        g_byte_array_append(icc, head, 4);
        g_byte_array_append(icc, m->data, m->data_length);
    }
}

int image_verify_jpeg_decode_rows(const guint8 *data, gsize len, int scale_num, int scale_denom, bool to_grey,
                                  const image_verify_sink *sink, GError **err)
{
    image_verify_input in = { .data = data, .fd = -1, .len = (goffset)len };
    return image_verify_jpeg_decode_input(&in, scale_num, scale_denom, to_grey, sink, err);
}

int image_verify_jpeg_decode_input(image_verify_input *in, int scale_num, int scale_denom, bool to_grey,
                                   const image_verify_sink *sink, GError **err)
{
    struct jpeg_decompress_struct c;
    verify_err e = { 0 };
    c.err = jpeg_std_error(&e.mgr);
    e.mgr.emit_message = on_message;
    e.mgr.error_exit = on_error;
    volatile int height = 0;
    jpeg_create_decompress(&c);
    if (setjmp(e.out)) {
        jpeg_destroy_decompress(&c);
        if (in->io_error)
            return -2;
        set_damage(&e, height, err);
        return 0;
    }
    if (in->data) {
        jpeg_mem_src(&c, in->data, (unsigned long)in->len);
    } else {
        fd_source *s = (*c.mem->alloc_small)((j_common_ptr)&c, JPOOL_PERMANENT, sizeof *s);
        s->pub = (struct jpeg_source_mgr){ .init_source = src_init, .fill_input_buffer = src_fill,
                                           .skip_input_data = src_skip, .resync_to_restart = jpeg_resync_to_restart,
                                           .term_source = src_term };
        s->in = in;
        s->at = 0;
        c.src = &s->pub;
    }
    if (in->icc)
        jpeg_save_markers(&c, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(&c, TRUE);
    height = (int)c.image_height;
    if (in->width && ((int)c.image_width != in->width || (int)c.image_height != in->height)) {
        jpeg_destroy_decompress(&c);
        return -2; /* not the photo probed */
    }
    if (in->icc)
        keep_icc(&c, in->icc);
    bool gray = c.jpeg_color_space == JCS_GRAYSCALE;
    if (!gray && c.jpeg_color_space != JCS_YCbCr && c.jpeg_color_space != JCS_RGB) {
        jpeg_destroy_decompress(&c); /* CMYK, YCCK: not decoded here */
        return -1;
    }
    /* What tjDecompress2() sets for these pixels, and nothing else: the same
     * library, so the same pixels. */
    c.out_color_space = gray || to_grey ? JCS_GRAYSCALE : JCS_EXT_RGB;
    c.scale_num = (unsigned)scale_num;
    c.scale_denom = (unsigned)scale_denom;
    jpeg_start_decompress(&c);
    check_all_scans(&c, &e);
    if (!sink->begin(sink->user, (int)c.output_width, (int)c.output_height, c.output_components, gray)) {
        e.code = JERR_OUT_OF_MEMORY;
        longjmp(e.out, 1);
    }
    JSAMPARRAY rows = (*c.mem->alloc_sarray)((j_common_ptr)&c, JPOOL_IMAGE,
                                             c.output_width * (JDIMENSION)c.output_components,
                                             (JDIMENSION)c.rec_outbuf_height);
    while (c.output_scanline < c.output_height) {
        int y = (int)c.output_scanline;
        int n = (int)jpeg_read_scanlines(&c, rows, (JDIMENSION)c.rec_outbuf_height);
        for (int k = 0; k < n; k++)
            sink->row(sink->user, y + k, rows[k]);
    }
    jpeg_finish_decompress(&c);
    jpeg_destroy_decompress(&c);
    return in->io_error ? -2 : 1;
}

bool image_verify(const char *path, GError **err)
{
    guint8 *buf = NULL;
    goffset size = 0;
    if (!image_source_read_all(path, &buf, &size, err))
        return false;
    image_probe_result r;
    bool ok = image_probe_bytes_full(buf, (gsize)size, &r, err);
    if (ok && r.info.format == IMAGE_FORMAT_JPEG)
        ok = image_verify_jpeg_bytes(buf, (gsize)MIN(r.data_len, size), err);
    g_free(buf);
    return ok;
}
