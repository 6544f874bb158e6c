/* The parts every page shares: head, masthead, section navigation, footer, URLs and dates. */
#ifndef NEWSDESK_SITE_H
#define NEWSDESK_SITE_H

#include <stdbool.h>

#include "ctx.h"
#include "model.h"
#include "tpl.h"

/* NORMAL and PREVIEW pages carry the section navigation; PRINT, BARE (errors) and ADMIN do
 * not. Only NORMAL pages are for search engines; ADMIN pages add the admin stylesheet. */
enum page_kind { PAGE_NORMAL, PAGE_PRINT, PAGE_BARE, PAGE_PREVIEW, PAGE_ADMIN };

/* Starts c->dict with head, masthead and footer; a NULL canonical_path means no canonical
 * link. NULL on failure (c->dict may then hold a half-made dictionary: the handler frees it). */
tpl_dict *site_page(struct ctx *c, const char *title, const char *canonical_path,
		    enum page_kind kind, const char *current_section);

/* MAX_HEADLINE, MAX_SECTION_NAME, ...: every form field's limit in characters, from the one
 * declaration in the request's field table, for maxlength attributes. */
void site_form_limits(tpl_dict *d);

/* Expands template into the response body: PAGE_DONE, or 500 when it cannot. When the
 * response's content type (set it first) is XML, every character XML 1.0 forbids and every
 * noncharacter in the expansion becomes U+FFFD. */
int site_render(struct ctx *c, const char *template_name);

const char *site_article_url(struct ctx *c, const char *section_slug, const char *slug);
const char *site_section_url(struct ctx *c, const char *section_slug, long long page);

/* Notes that the page shows something that changed at changed (for Last-Modified). */
void site_shows(struct ctx *c, time_t changed);

/* This site's origin for absolute URLs: base_url (serve refuses to start without it; only
 * `newsdesk render` may run without, and then gets http://localhost). Never from the request:
 * the Host header is the client's to write. */
const char *site_base(struct ctx *c);

/* Sets TIME_ISO and AGE (relative to the request) for a time, and notes when that text
 * changed and will change, for caching. */
void site_set_age(struct ctx *c, tpl_dict *d, long long when);

/* One story in a list: URL, HEADLINE, INTRO, SECTION, IMAGE section, time. */
void site_fill_summary(struct ctx *c, tpl_dict *d, const struct summary *s);

#endif
