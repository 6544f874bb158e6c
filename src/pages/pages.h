/* The readers' pages and the ops pages the route table points at: one file per page. Each
 * returns PAGE_DONE or the status of the error page to show instead (see route.h). */
#ifndef NEWSDESK_PAGES_H
#define NEWSDESK_PAGES_H

#include "site.h"

struct ctx;

int page_home(struct ctx *c);
int page_section(struct ctx *c);
int page_article(struct ctx *c);
int page_article_print(struct ctx *c);

/* Renders an article already in hand: the article page, its print view, or an editor's preview. */
int page_article_show(struct ctx *c, const struct article *a, enum page_kind kind);

/* Beyond the page: search, feeds, sitemaps, robots.txt. */
int page_search(struct ctx *c);
const char *search_query(struct arena *a, const char *q);  /* reader's words as FTS5 phrases */
int page_feed_atom(struct ctx *c);
/* A feed of items: title NULL for the whole site's, else "SITE - title"; the paths of the
 * HTML page it follows and of the feed itself. */
struct feed_about {
	const char *title, *home_path, *self_path;
};
#define FEED_ITEMS 50
int page_feed_of(struct ctx *c, bool atom, const struct feed_about *about,
		 const struct summary *items, int n);
int page_feed_rss(struct ctx *c);
int page_section_atom(struct ctx *c);
int page_section_rss(struct ctx *c);
int page_sitemap(struct ctx *c);
int page_sitemap_sections(struct ctx *c);
int page_sitemap_articles(struct ctx *c);
int page_news_sitemap(struct ctx *c);
int page_robots(struct ctx *c);

/* The newsroom's pages (page_people.c, page_topic.c): an author's page and feed, a topic's. */
int page_person(struct ctx *c);
int page_person_atom(struct ctx *c);
int page_topic(struct ctx *c);
int page_topic_atom(struct ctx *c);

/* For operations: health and metrics. */
int page_healthz(struct ctx *c);
int page_metrics(struct ctx *c);

#endif
