/* layout_words: the words and marks the layout itself adds to pages
 * (labels, alternative texts, list marks) in one table, for a translation
 * or a change of wording; the report's own words come from its trip file. */
#ifndef LAYOUT_WORDS_H
#define LAYOUT_WORDS_H

typedef struct layout_words {
    /* Pages */
    const char *title_label;    /* the title page's label and bookmark: 表紙 */
    const char *closing_label;  /* the closing page's bookmark: おわりに */
    const char *continued;      /* after the heading of a continuation page: （続き） */
    const char *series_line;    /* the footer's left text: series, 第N弾, place ("%s %s %s") */
    const char *page_number;    /* the footer's right text: page, pages ("%d / %d") */
    const char *who_join;       /* between organization and traveller on the title page (a full-width space) */
    const char *ellipsis;       /* ends text cut to fit: … */
    /* Marks */
    const char *subheading_mark; /* before a subheading and a goal's title: ◆ */
    const char *item_mark;      /* a list item: ● */
    const char *subitem_mark;   /* a nested list item: － */
    /* Pictures */
    const char *credit;         /* before an image's credit: 出典： */
    const char *credit_terms_name; /* a credit naming this ... */
    const char *credit_terms_url;  /* ... links to these terms */
    const char *photo_alt;      /* a photo with neither caption nor alt: 写真 */
    const char *image_alt;      /* an image without alt: the page's title ("%sの画像") */
    const char *image_alt_credit; /* ... with its credit ("%sの画像（出典：%s）") */
    const char *no_photo;       /* a placeholder's text, above the file's name: 写真がまだありません */
    const char *no_photo_alt;   /* a placeholder's alternative text, with the file's name ("%s") */
} layout_words;

/* The words of a Japanese report (the only language for now). */
extern const layout_words layout_words_ja;

#endif
