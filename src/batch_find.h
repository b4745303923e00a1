/* batch_find: which trip files the folders and files named on the command
 * line stand for (used by batch and volume). */
#ifndef BATCH_FIND_H
#define BATCH_FIND_H

#include "diag.h"

/* Finds the trip files of 'args' (a folder: its own trip.txt, or every
 * trip.txt one folder below it, in name order; a file: itself).
 * NULL-terminated, caller frees with g_strfreev(). A report folder's
 * trip.txt is listed whatever it is (a folder, a FIFO, a link to nothing,
 * unreadable): batch and volume then name it as a report that cannot be
 * made, with batch_find_refuse(). Every other folder looked at and left
 * out (no trip.txt, hidden, batch's output folder, a link to nothing, a
 * folder that cannot be read) and every missing argument goes to 'd'. */
char **batch_find(char **args, int n, diag_list *d);

/* Whether 'trip' cannot be read as a trip file: if so, true and an error
 * at 'trip' in 'd' saying why ("is a folder, not a trip file", "is a
 * symbolic link to 'x', which does not exist", "cannot be read
 * (Permission denied)"; "this report is left out"). False for a regular
 * file (links followed). Only looks (stat), never opens. */
bool batch_find_refuse(const char *trip, diag_list *d);

#endif
