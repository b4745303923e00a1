/* batch_find: which trip files the folders and files named on the command
 * line stand for (used by batch and volume). */
#ifndef BATCH_FIND_H
#define BATCH_FIND_H

#include "diag.h"

/* Finds the trip files of 'args' (a folder: its own trip.txt, or every
 * trip.txt one folder below it, in name order; a file: itself). NULL-terminated, caller frees
 * with g_strfreev(). Folders without trips and missing files go to 'd'. */
char **batch_find(char **args, int n, diag_list *d);

#endif
