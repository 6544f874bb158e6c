/* The page handlers the route table points at: one file per page. */
#ifndef NEWSDESK_PAGES_H
#define NEWSDESK_PAGES_H

#include "site.h"

struct ctx;

void page_home(struct ctx *c);
void page_section(struct ctx *c);
void page_article(struct ctx *c);
void page_article_print(struct ctx *c);

/* Renders an article already in hand: the article page, its print view, or an editor's preview. */
void page_article_show(struct ctx *c, const struct article *a, enum page_kind kind);

/* Beyond the page: search, feeds, sitemaps, robots.txt. */
void page_search(struct ctx *c);
const char *search_query(struct arena *a, const char *q);  /* reader's words as FTS5 phrases */
void page_feed_atom(struct ctx *c);
void page_feed_rss(struct ctx *c);
void page_section_atom(struct ctx *c);
void page_section_rss(struct ctx *c);
void page_sitemap(struct ctx *c);
void page_news_sitemap(struct ctx *c);
void page_robots(struct ctx *c);

/* For operations: health and metrics. */
void page_healthz(struct ctx *c);
void page_metrics(struct ctx *c);

/* The admin, under /admin: one file per page. */
void admin_login(struct ctx *c);
void admin_logout(struct ctx *c);
void admin_articles(struct ctx *c);
void admin_article_new(struct ctx *c);
void admin_article_edit(struct ctx *c);
void admin_revisions(struct ctx *c);
void admin_restore(struct ctx *c);
void admin_sections(struct ctx *c);
void admin_promos(struct ctx *c);

/* Renders the error page for status (400, 403, 404, 405, 409, 414, 429, 500) into c->res. */
void page_error(struct ctx *c, int status);

#endif
