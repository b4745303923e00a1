/* layout_table: a table flowing down a section's pages. Internal to the
 * layout's files. */
#ifndef LAYOUT_TABLE_H
#define LAYOUT_TABLE_H

#include "layout_flow.h"

/* How a table is set. */
typedef struct table_style {
    double size_pt;
    double pad_x, pad_y;   /* inside each cell, pt */
    bool header;           /* the first row is a header */
    bool label_column;     /* the first column is a label (overview) */
    const char *family;
} table_style;

/* Adds 'table' (a DOC_NODE_TABLE: its rows, each with its cells) to the
 * flow. A table with more columns than fit across is an error at its
 * first row, and is drawn with the columns that fit. */
void table_flow(flow *f, const doc_node *table, const table_style *ts);

#endif
