/* layout_words: the table of the words the layout adds to pages. */
#include "layout_words.h"

const layout_words layout_words_ja = {
    .title_label = "表紙",
    .closing_label = "おわりに",
    .continued = "（続き）",
    .series_line = "%s %s %s",
    .page_number = "%d / %d",
    .who_join = "　",
    .ellipsis = "…",
    .subheading_mark = "◆",
    .item_mark = "●",
    .subitem_mark = "－",
    .credit = "出典：",
    .credit_terms_name = "OpenStreetMap",
    .credit_terms_url = "https://www.openstreetmap.org/copyright",
    .photo_alt = "写真",
    .image_alt = "%sの画像",
    .image_alt_credit = "%sの画像（出典：%s）",
    .no_photo = "写真がまだありません",
    .no_photo_alt = "写真がまだありません（%s）",
};
