/* doc: the document model of one trip report: metadata and a list of
 * sections (one per `[kind]`, plus the title page), each a small tree of
 * nodes with positions. Built by build.c, read by layout.c. */
#ifndef DOC_H
#define DOC_H

#include "diag.h"

typedef enum {
    DOC_SPAN_NONE,
    DOC_SPAN_BOLD, /* **bold** */
    DOC_SPAN_LINK, /* a link: a written URL, or [text](url) */
    DOC_SPAN_RUBY, /* {宍道湖|しんじこ}: furigana 'ruby' over the base text [start, end) */
} doc_span_kind;

typedef struct doc_span {
    int start;          /* byte offset into doc_text.str */
    int end;            /* byte offset, exclusive */
    doc_span_kind kind;
    const char *url;    /* DOC_SPAN_LINK only */
    const char *ruby;   /* DOC_SPAN_RUBY only: the reading, borrowed from the doc */
} doc_span;

/* Inline text: plain UTF-8 (escapes resolved, "\n" = forced line break,
 * "\n\n" never occurs: paragraphs are separate nodes) and its spans. */
typedef struct doc_text {
    const char *str;  /* borrowed from the doc */
    GArray *spans;    /* of doc_span (bold spans, links and ruby, each kind in order); owned */
    diag_loc loc;     /* where the text starts in the trip file */
} doc_text;

typedef enum {
    DOC_KIND_NONE,
    DOC_KIND_TITLE,    /* made from the metadata */
    DOC_KIND_GOALS,
    DOC_KIND_OVERVIEW,
    DOC_KIND_BULLETS,
    DOC_KIND_FACTS,
    DOC_KIND_SCHEDULE,
    DOC_KIND_TEXT,
    DOC_KIND_PHOTOS,
    DOC_KIND_CLOSING,
} doc_kind;

typedef enum {
    DOC_NODE_NONE,
    DOC_NODE_SECTION,    /* kind, text = heading (NULL for title/closing) */
    DOC_NODE_GOAL,       /* text = goal; children = paragraphs and lists */
    DOC_NODE_SUBHEADING, /* text */
    DOC_NODE_PARAGRAPH,  /* text */
    DOC_NODE_LIST,       /* children = items */
    DOC_NODE_ITEM,       /* text, level (0 = outermost) */
    DOC_NODE_TABLE,      /* children = rows, the first is the header row */
    DOC_NODE_ROW,        /* cells; header */
    DOC_NODE_FACT,       /* text = label, text2 = value */
    DOC_NODE_TITLE,      /* text: the facts page's title, or the closing title */
    DOC_NODE_IMAGE,      /* path; text2 = credit, text = alt (both may be NULL) */
    DOC_NODE_PHOTO,      /* path; text = caption; text2 = alt (may be NULL); fit */
    DOC_NODE_SIGNATURE,  /* text: closing signature lines */
    DOC_NODE_MARK,       /* text: closing end mark such as 以上 */
} doc_node_type;

typedef enum {
    DOC_FIT_NONE,
    DOC_FIT_CONTAIN, /* the whole photo, never cropped (default) */
    DOC_FIT_COVER,   /* fill the cell, cropping the overflow */
} doc_fit;

typedef struct doc_node doc_node;
struct doc_node {
    doc_node_type type;
    doc_kind kind;        /* DOC_NODE_SECTION only */
    diag_loc loc;         /* the key or `[kind]` that made the node */
    doc_text *text;       /* borrowed from the doc; may be NULL */
    doc_text *text2;      /* borrowed; may be NULL */
    GPtrArray *cells;     /* DOC_NODE_ROW: of doc_text*, borrowed */
    const char *path;     /* image as written in the trip */
    const char *resolved; /* image path relative to the working directory */
    diag_loc path_loc;    /* position of the path */
    int level;            /* DOC_NODE_ITEM nesting, 0 = outermost; a goal or photo: -1 when its text or caption is given empty */
    bool header;          /* DOC_NODE_ROW: the header row */
    bool is_date;         /* DOC_NODE_ROW: the first cell was an ISO date */
    doc_fit fit;          /* DOC_NODE_PHOTO */
    bool placeholder;     /* IMAGE, PHOTO: unusable, drawn as a labelled placeholder (--draft) */
    int display_w, display_h; /* IMAGE, PHOTO: pixels as shown (EXIF applied), from the build's probe; 0 if not probed */
    GPtrArray *children;  /* of doc_node*, owned */
};

typedef struct doc_date {
    int year, month, day; /* 0 when absent */
} doc_date;

typedef struct doc_meta {
    const char *series;       /* 旅する公務員 by default */
    int number;               /* 17 for 第17弾; 0 when absent */
    const char *place;
    doc_date period_start;
    doc_date period_end;      /* equal to start for a one-day trip */
    const char *traveler;
    const char *organization; /* may be NULL */
    const char *author;       /* defaults to the traveler */
    doc_date date;            /* report date; zero when absent */
    const char *layout;       /* layout name or path; NULL = default */
    diag_loc layout_loc;
    /* Where each value was written ({ NULL, 0, 0 } when absent or a
     * default), so that a value that cannot be shown is reported there. */
    diag_loc series_loc, number_loc, place_loc, period_loc, traveler_loc, organization_loc;
} doc_meta;

typedef struct doc {
    const char *file;     /* trip file as named in messages; borrowed (from the
                           * diag list's names), so positions outlive the doc */
    const char *dir;      /* folder of the trip file, for relative paths */
    doc_meta meta;
    GPtrArray *sections;  /* of doc_node* (DOC_NODE_SECTION), owned */
    GPtrArray *texts;     /* owns every doc_text */
    GStringChunk *strings; /* owns every string */
    bool draft;           /* made for a draft (--draft): what cannot be shown whole is a warning, not an error */
    GArray *verify_later; /* doc_verify_later: JPEGs whose answers build_verify_finish() asks for, or NULL */
} doc;

/* A JPEG read through on a thread while the report is laid out
 * (BUILD_VERIFY_LATER): its resolved path, the path as written, where. */
typedef struct doc_verify_later {
    const char *res, *value; /* owned by the doc */
    diag_loc loc;
} doc_verify_later;

/* A new empty doc for trip file 'file', which the doc borrows: it must
 * outlive every diagnostic that points into the doc (use diag_file()). */
doc *doc_new(const char *file);
void doc_free(doc *d); /* NULL is fine */

/* Allocation helpers; everything returned is owned by 'd'. */
const char *doc_strdup(doc *d, const char *s);
doc_text *doc_text_new(doc *d, const char *str, diag_loc loc);
doc_node *doc_node_new(doc_node_type type, diag_loc loc);
void doc_node_append(doc_node *parent, doc_node *child); /* parent takes 'child' */
void doc_node_free(doc_node *n); /* frees the subtree; NULL is fine */

/* Names: "goals" for DOC_KIND_GOALS etc.; NULL for NONE. */
const char *doc_kind_name(doc_kind k);
doc_kind doc_kind_from_name(const char *name);

/* 第17弾 from 17. Caller frees. */
char *doc_number_label(int number);

/* Day of the week 0 = Sunday … 6 = Saturday; -1 for an invalid date. */
int doc_date_weekday(doc_date dt);
/* 2024年2月7日（水）. Caller frees. */
char *doc_date_format_long(doc_date dt);
/* 2/7 (水). Caller frees. */
char *doc_date_format_short(doc_date dt);
/* 2024年2月7日（水）～2024年2月9日（金）, or one date. Caller frees. */
char *doc_period_format(doc_date start, doc_date end);
/* Parses a date in every form date_parse() reads (YYYY-MM-DD, / or . as
 * separator, full-width digits, 2024年2月7日, 和暦 令和6年3月8日 or
 * R6.3.8). True and '*out' set if it is a real calendar date. */
bool doc_date_parse(const char *s, doc_date *out);
int doc_date_compare(doc_date a, doc_date b);

#endif
