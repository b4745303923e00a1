/* cmd: the commands `new` (cmd_new.c) and `watch` (cmd_watch.c), called by
 * main.c after it has read their options. Messages go to the diag list
 * or, for watch's repeated renders, straight to standard error. */
#ifndef CMD_H
#define CMD_H

#include "diag.h"
#include "tripreport.h"

#include <stdbool.h>

/* Creates the folder 'dir' (its parent must exist; an existing folder is
 * fine) with a trip.txt for the next report and a photos/ folder. The
 * trip starts from 'from' (a trip file or its folder), else from the
 * highest-numbered report in the folders beside 'dir', else from a
 * built-in outline: series, organization, traveler, author, layout and
 * every page's heading carried over, the number the next one, everything
 * else empty with a comment in Japanese saying what to write. Pictures
 * already in dir/photos/ get one `photo:` line each, in the order they
 * were taken (EXIF DateTimeOriginal, else the file's time). An existing
 * trip.txt is never written over. False with the reason in 'd'. */
bool cmd_new_create(const char *dir, const char *from, diag_list *d);

/* The date and time a picture was taken, "YYYY:MM:DD HH:MM:SS" from the
 * EXIF DateTimeOriginal of a JPEG's APP1 segment, else NULL. Caller frees. */
char *cmd_new_photo_taken(const char *path);

/* Renders 'trip' (to 'output', or PNG previews when the options say so),
 * then again each time the trip, a photo or map it names, or its layout
 * is saved, until SIGINT or SIGTERM. Each render prints its messages and
 * one summary line; one whose trip has errors leaves the last good output
 * as it was. Returns the exit status: 0 when stopped by a signal. */
int cmd_watch_run(const char *trip, const char *output, const tripreport_options *o);

/* From now on, render and watch keep what they learned of the photos for
 * the next run (image_memo.h): a trip rendered again reads no unchanged
 * photo through again. */
void cmd_remember_photos(void);

/* A file's size for the summary lines: "24.8 MB" from 1 MB (10^6 bytes)
 * on, else "350 kB". Caller frees. */
char *cmd_size_text(gint64 bytes);

#endif
