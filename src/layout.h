/* layout: doc + style -> pages of positioned boxes (text, fills, rules,
 * images) for the renderers. Free of Pango: the dump reads text boxes with
 * box_text_*(); Pango renderers get the PangoLayout from layout_pango.h. */
#ifndef LAYOUT_H
#define LAYOUT_H

#include "doc.h"
#include "style.h"

typedef struct fonts fonts;  /* fonts.h */
struct _PangoLayout;         /* Pango's; see layout_pango.h */

typedef enum {
    BOX_NONE,
    BOX_TEXT,  /* layout drawn with its top-left at (x, y); w, h = its extents */
    BOX_FILL,  /* filled rectangle */
    BOX_RULE,  /* line from (x, y) to (x + w, y + h), line_pt wide */
    BOX_IMAGE, /* image 'path' scaled into the rectangle */
} box_type;

/* The part of its page a box belongs in (see layout_check()). */
typedef enum {
    BOX_AREA_NONE,
    BOX_AREA_CONTENT, /* the page's content area (the default) */
    BOX_AREA_PAGE,    /* page furniture that may bleed to the page's edge (bands, decorative rules) */
    BOX_AREA_BAND,    /* the heading band */
    BOX_AREA_FOOTER,  /* the footer strip */
} box_area;

/* A rectangle in points, (x, y) its top-left corner. */
typedef struct layout_rect {
    double x_pt, y_pt, w_pt, h_pt;
} layout_rect;

/* Where the bytes [start, start + len) of a text box's layout text come
 * from: the bytes [from, from + len) of 'text' (diagnostics map a byte of a
 * layout back to a line and column of the trip file through this). */
typedef struct box_source {
    const doc_text *text; /* borrowed from the doc */
    int start, from, len;
} box_source;

/* A structure container of the tagged PDF that boxes sit in: a list (L)
 * and its items (LI), a table (Table) and its rows (TR), the Div of a
 * figure and its caption. Each has a document-wide id, so that two rows
 * or items alike stay two elements. Immutable once made, shared by the
 * boxes inside it, owned by the layout (layout.groups) and freed with it. */
typedef struct layout_group layout_group;
struct layout_group {
    const char *tag;            /* "L", "LI", "Table", "TR", "Div" (static) */
    int id;                     /* document-wide, from 1 */
    const layout_group *parent; /* the container it sits in; NULL: at the top */
};

typedef struct box {
    box_type type;
    double x_pt, y_pt, w_pt, h_pt;
    box_area area;          /* the area of the page it must lie inside */
    guint32 color;          /* 0xRRGGBB */
    double line_pt;         /* BOX_RULE width */
    struct _PangoLayout *pango; /* BOX_TEXT: the set text; owns a reference. Read it with box_text_*()
                                   or box_pango_layout() (layout_pango.h) */
    int line_first;         /* BOX_TEXT: first line of the text shown (0) ... */
    int line_count;         /* ... and how many (-1: to the end); (x, y) is the top of line_first */
    bool cover;             /* BOX_IMAGE: fill and crop (else the box has the image's aspect) */
    const char *role;       /* what the box is, for the dump: "title", "heading", "body", ... (static) */
    const doc_node *node;   /* the node it shows; borrowed, may be NULL */
    const char *path;       /* BOX_IMAGE: file; borrowed from the doc */
    /* Structure (tagged PDF): the innermost container the box sits in
     * (an LI inside its L, a TR inside its Table, a Div), NULL for none;
     * the box's own element comes from its role (layout_role_tag). A
     * picture is a Figure leaf (cairo 1.16 marks no content directly
     * inside a container), its caption a sibling in the same Div. */
    const layout_group *group; /* borrowed from the layout, may be NULL */
    char *alt;              /* the Figure's alternative text (images, placeholders); owned */
    GArray *links;          /* BOX_TEXT: of box_link, byte ranges of the box's text; owned, may be NULL */
    box_source src[2];      /* BOX_TEXT: what doc text the layout shows (text NULL: none, e.g. metadata) */
} box;

typedef struct box_link {
    int start, end;         /* byte offsets into the box's text (box_text_string) */
    const char *url;        /* borrowed from the doc */
} box_link;

/* What a text box shows, for renderers that do not draw with Pango.
 * The face it is set in: family as asked for (borrowed from the box),
 * size in points, bold or not. */
typedef struct box_font {
    const char *family;
    double size_pt;
    bool bold;
} box_font;
box_font box_text_font(const box *b);

/* All of the text a text box was set from (a part of it may be shown on
 * another page: line_first, line_count). Borrowed from the box. */
const char *box_text_string(const box *b);

/* How many lines the box shows (from line_first). */
int box_text_lines_shown(const box *b);

/* The text of the lines the box shows, as broken into lines, joined with
 * 'sep' (e.g. " | "). Caller frees. */
char *box_text_shown(const box *b, const char *sep);

/* The readings (ruby) over the lines the box shows, each as
 * "base|reading@x,y" (the reading's top-left on the page, points), joined
 * with 'sep'; NULL when it shows none. Caller frees. */
char *box_text_ruby(const box *b, const char *sep);

/* True if a line the box shows is wider than the box (by more than 0.5 pt). */
bool box_text_overflows(const box *b);

/* The roles of boxes: the one table of what each role is.
 * The structure element of a box of role 'role' ("H1", "P", "TD", …), or
 * NULL for roles left untagged. */
const char *layout_role_tag(const char *role);

/* True for page furniture (bands, footers, page numbers, their rules, the
 * logo): drawn outside the document's structure, as an artifact. */
bool layout_role_is_furniture(const char *role);


typedef struct page {
    GPtrArray *boxes;            /* of box*, owned, in drawing (and reading) order */
    int number;                  /* printed page number (1 = title page) */
    const doc_node *section;     /* borrowed */
    char *heading;               /* plain heading text, for bookmarks; owned; may be NULL */
    char *label;                 /* page label as printed: "表紙", "2", …; owned */
    bool continued;              /* a continuation page of its section */
    layout_rect content;         /* the content area: every box of BOX_AREA_CONTENT lies in it */
    layout_rect band;            /* the heading band (zero on pages without one) */
    layout_rect footer;          /* the footer strip (zero on pages without one) */
} page;

typedef struct layout {
    GPtrArray *pages;   /* of page*, owned */
    double width_pt, height_pt;
    GPtrArray *skipped; /* of const doc_node* sections not drawn; borrowed */
    GPtrArray *groups;  /* of layout_group*, owned: the containers boxes sit in; may be NULL */
} layout;

/* Lays out 'dc' with 'st' and 'f'. Problems (text that had to be shrunk,
 * kinds not drawn) go to 'diags'. The doc, style and fonts must outlive
 * the result. Caller frees with layout_free(). */
layout *layout_run(const doc *dc, const style *st, fonts *f, diag_list *diags);

/* The two halves of layout_run(), for a volume of several reports:
 * layout_pages() lays out the pages without footers; layout_number()
 * numbers them from 'first' and adds the footers ("n / total"), saying
 * 'footer' at the left (NULL: the report's series, number and place) and
 * labelling the title page 'title_label' (NULL: 表紙). */
layout *layout_pages(const doc *dc, const style *st, fonts *f, diag_list *diags);

/* An image that layout_run() will draw from 'path' into a w × h point
 * frame ('cover': filled and clipped to it). */
typedef void (*layout_image_fn)(void *data, const char *path, double w_pt, double h_pt, bool cover);

/* The images of the photo pages of 'dc' (its [photos] sections), each
 * given to 'fn' in the frame layout_run() gives it, known before any text
 * is laid out: such a section's pages are its own and take no type scale,
 * so each is laid out alone here as layout_pages() lays it out, with no
 * message said and no plan kept or counted. For work that needs the
 * frames early (the size note's images, begun while the text is laid out). */
void layout_early_images(const doc *dc, const style *st, fonts *f, layout_image_fn fn, void *data);

/* Each image of 'l' drawn from a file, page by page in order, given to 'fn'. */
void layout_images(const layout *l, layout_image_fn fn, void *data);

/* The sections this process has planned ('*made': their heading bands
 * laid out, and a flowing section's trial layouts) and taken from the
 * memo of earlier runs ('*remembered', layout_memo.h), for tests and the
 * benchmark. */
void layout_plan_stats(int *made, int *remembered);
void layout_number(layout *l, const doc *dc, const style *st, fonts *f, int first, int total,
                   const char *footer, const char *title_label);
void layout_free(layout *l); /* NULL is fine */

/* Checks the geometric invariants of 'l', the promise that nothing is
 * drawn outside its box:
 *  - every area of a page (content, band, footer) lies inside the page,
 *    and every box inside its page and inside the area it belongs to
 *    (box.area; a rule by its end points, not its stroke);
 *  - a text box holds its lines: the lines it shows are no taller than
 *    the box, each line's logical extent lies across the box's width, and
 *    every glyph's ink lies inside the box's area (1 pt of slack, for
 *    glyphs that reach a little beyond their line);
 *  - no two text or image boxes of a page overlap (by more than 0.5 pt
 *    each way; fills and rules may lie under anything).
 * True if all hold. Otherwise false, and when 'why' is not NULL one line a
 * fault is appended to it ("page 3: caption text box 12 ..."), at most 20.
 * Pure (reads 'l' only, no diagnostics), and cheap: linear in the boxes
 * and in the lines they show, plus the overlapping pairs. Meant for tests,
 * fuzzing and debugging; layout_run() does not call it. */
bool layout_check(const layout *l, GString *why);

#endif
