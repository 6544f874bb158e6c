/* A paragraph of a WordPress body (its runs: links, emphasis, strong) written as the CommonMark
 * the article text takes (src/core/markup.c), every character CommonMark would read as markup
 * escaped, so plain text stays plain and only the runs' own looks become markup. */
#ifndef NEWSDESK_WP_COMMONMARK_H
#define NEWSDESK_WP_COMMONMARK_H

#include "arena.h"
#include "wp_body.h"

/* The paragraph as the text of a block: the runs' text as it is when nothing in it needs
 * markup, else CommonMark whose words (markup_plain) are exactly the runs' text, which *plain
 * then points to (NULL for plain text). A link is kept when it is http(s) or a path on the
 * site; any other (mailto:) keeps its words (the import's report lists those). NULL when out
 * of memory. */
const char *wp_commonmark(struct arena *a, const struct body_par *p, const char **plain);

/* The items of a list (one paragraph each) as one CommonMark list, "- " or "1. " per item;
 * *plain: its words, the items' texts joined by spaces. A list of one item is a paragraph
 * (wp_commonmark): markup.c reads a single line as typed. */
const char *wp_commonmark_list(struct arena *a, const struct body_par *items, int n,
			       bool ordered, const char **plain);

#endif
