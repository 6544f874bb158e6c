/* Text with links: paragraphs and box texts written as CommonMark, rendered by cmark into the
 * one piece of pre-escaped HTML newsdesk outputs. Raw HTML is shown as the text it is typed as;
 * only inline links (http, https or a path on this site), emphasis, strong and lists are kept;
 * other constructs (headings, quotes, code, images, rules) read as their text. */
#ifndef NEWSDESK_MARKUP_H
#define NEWSDESK_MARKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* The cmark options every rendering uses: the default, which is safe in cmark 0.30 (raw HTML
 * and javascript:, vbscript:, file: and data: addresses are dropped) plus UTF-8 checking. */
int markup_cmark_options(void);

/* Whether CommonMark could read text differently from plain text: it holds * _ ` [ \ or a
 * line break. Plain text renders as it always has; so does a single line's leading list,
 * heading or quote marker ("2010. That year", "- x"), escaped before cmark reads it. */
bool markup_wanted(const char *text, size_t n);

/* n bytes of CommonMark as sanitized HTML (blocks: <p>, <ul>, <ol>), in a; NULL when out of
 * memory or when the text holds more link reference definitions than MARKUP_REFS_MAX. */
#define MARKUP_REFS_MAX 64
const char *markup_html(struct arena *a, const char *text, size_t n);

/* The words of n bytes of CommonMark without its markup (what search indexes), in a. */
const char *markup_plain(struct arena *a, const char *text, size_t n);

#endif
