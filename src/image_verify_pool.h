/* image_verify_pool: image_verify() of a trip's photos at once, on as many
 * threads as the cores allow, begun when the photo lines are read and
 * asked for at each line in turn (which alone makes diagnostics, in the
 * file's order); each answer kept for the process, keyed by the file's
 * identity (device, inode, size, modification and change times in ns), so
 * that a photo shown twice, or re-rendered by `watch` unchanged, is read
 * through once; or read through by a caller that decodes the photo for a
 * purpose of its own (image_verify_pool_read or _open, _keep: the size
 * note's images). Glib, POSIX, image_probe and image_verify only. */
#ifndef IMAGE_VERIFY_POOL_H
#define IMAGE_VERIFY_POOL_H

#include "image_probe.h"

#include <glib.h>
#include <stdbool.h>
#include <sys/stat.h>

/* 'processes' renders run at once on this machine (batch -j, its children
 * forked after this call): each uses the cores divided among them, at
 * least one (the calling thread alone: no threads at all). Call before any
 * verification and before fork. */
void image_verify_pool_share(int processes);

/* Threads (the calling one included) for verification: 0 = automatic (the
 * cores shared as image_verify_pool_share() says). For tests. */
void image_verify_pool_set_threads(int threads);

/* Begins verifying the file 'path' (copied) on a thread, if there are
 * threads and its answer is not known yet: returns at once. A file that
 * is not a regular one, or not a JPEG, is left alone. Never says
 * anything: image_verify_pool_result() does. */
void image_verify_pool_start(const char *path);

/* image_verify() of 'path': the answer begun by image_verify_pool_start()
 * (waited for; a verification not begun yet is done by the calling thread
 * meanwhile), or the one known for the file as it is now, or verified now.
 * The same answer and message image_verify() gives. */
bool image_verify_pool_result(const char *path, GError **err);

/* For a caller that decodes a JPEG for a purpose of its own and checks it
 * in the same decode (image_verify_jpeg_decode_rows): reads 'path' as the
 * pool's threads do (a regular file, a JPEG by its first bytes and the
 * probe, unchanged while read): its bytes ('*data', caller frees), those
 * that go into the PDF ('*len': up to its EOI), the probe's 'info', its
 * identity key ('*identity', caller frees) and whether its answer is
 * '*known' already. False (nothing set) otherwise: leave its answer to
 * image_verify_pool_result(). */
bool image_verify_pool_read(const char *path, guint8 **data, gsize *len, image_info *info, char **identity,
                            bool *known);

/* image_verify_pool_read() without reading: 'path' opened ('*fd', for
 * image_resample_jpeg_fd_checked) when it is a regular file of a JPEG's
 * first bytes, its '*size', identity key and whether its answer is known.
 * False (nothing set) otherwise. Close it with image_verify_pool_close(). */
bool image_verify_pool_open(const char *path, int *fd, goffset *size, char **identity, bool *known);

/* Closes 'fd' from image_verify_pool_open(); true if the file still has
 * the identity 'identity' (unchanged while it was read: what was read can
 * be its answer). */
bool image_verify_pool_close(int fd, const char *identity);

/* Keeps the answer found by such a caller for the file of identity key
 * 'identity' (from image_verify_pool_read): whole when 'damage' is NULL,
 * else the damage's message, as image_verify() would give it; what
 * image_verify_pool_result() then answers for the file as long as it is
 * unchanged. Not counted in image_verify_pool_decoded(): the caller
 * decoded it. */
void image_verify_pool_keep(const char *identity, const char *damage);

/* The identity key of the file 'st' describes (device, inode, size,
 * modification and change times), as answers are kept by. Caller frees. */
char *image_verify_pool_identity(const struct stat *st);

/* Takes the file of identity key 'identity' as read through whole before
 * this process (batch keeps them in its memo): image_verify_pool_result()
 * answers "whole" for it without reading it. */
void image_verify_pool_add_whole(const char *identity);

/* Whether the file of identity key 'identity' is known whole (found so by
 * this process, or added). */
bool image_verify_pool_known_whole(const char *identity);

/* The identity keys of the files this process read through and found
 * whole (not those added), at most 4096. Caller unrefs. */
GPtrArray *image_verify_pool_found_whole(void);

/* JPEG picture data decoded by this module since the process started (a
 * count for tests: a photo read through once, a changed file again). */
int image_verify_pool_decoded(void);

/* Forgets every answer (waits for the verifications under way). For
 * tests. */
void image_verify_pool_forget(void);

#endif
