/* layout_flow: the flow of a section: blocks of text (and tables) stacked
 * down its pages, each page begun with the section's heading band.
 * Internal to the layout's files. */
#ifndef LAYOUT_FLOW_H
#define LAYOUT_FLOW_H

#include "layout_text.h"

/* Where a section's flow stands. */
typedef struct flow {
    layout_ctx *c;
    const doc_node *sec;
    int pages;             /* pages begun for this section */
    double x, w, y, bottom; /* the current region */
    bool empty;            /* nothing placed in the region yet */
    /* The first page's region, when it differs from the content area
     * (the facts page's right column); w <= 0: the content area. */
    double first_x, first_w;
} flow;

/* A flow of section 'sec' that has begun no page yet. */
void flow_begin(flow *f, layout_ctx *c, const doc_node *sec);
/* Begins its first page, unless it has. */
void flow_start(flow *f);
/* Begins its next page (a continuation page after the first). */
void flow_new_page(flow *f);

/* A block of text in the flow. */
typedef struct flow_text {
    const char *str;
    const GArray *spans;
    text_opts o;           /* width_pt is set from the region */
    double indent_pt;      /* from the region's left */
    guint32 color;
    const char *role;
    const doc_node *node;
    diag_loc loc;
    box_source src[2];     /* the doc texts 'str' shows (start: byte in 'str') */
    double space_before;   /* dropped at the top of a page */
    double keep_next_pt;   /* room the next block needs on the same page (headings) */
    /* An optional label left of the first line: a bullet, a goal's title. */
    const char *label;
    const GArray *label_spans;
    text_opts label_o;     /* width_pt: the label's width */
    double label_x;        /* from the region's left */
    guint32 label_color;
    const char *label_role;
    const doc_text *label_src; /* the doc text the label shows from its byte 'label_src_start' on, or NULL */
    int label_src_start;
    const layout_group *group; /* the structure container of the text and its label (borrowed from the layout) */
} flow_text;

/* Places 't' in the flow: where it stands, or split over as many pages
 * as it needs. */
void flow_add_text(flow *f, const flow_text *t);

/* A body paragraph 'n' set 'size' points large, 'indent' points in from
 * the region's left: justified, the design's line spacing. */
flow_text flow_paragraph_text(const style *st, const doc_node *n, double indent, double size);

/* Adds the paragraphs, lists and subheadings among the children of
 * 'parent' (a section or a goal), 'indent' points in, at 'size' points. */
void flow_blocks(flow *f, const doc_node *parent, double indent, double size);

/* Adds list 'list' (its items and their nested items). */
void flow_list(flow *f, const doc_node *list, double indent, double size);

/* 'mark' followed by the text of 't' (caller frees), and in '*spans' the
 * spans of 't' moved to match (caller unrefs). */
char *flow_marked(const char *mark, const doc_text *t, GArray **spans);

#endif
