/* Surrogate keys: short names for what a public response shows, sent in `xkey` (Varnish's xkey
 * module) and `Surrogate-Key` (CDNs), so that a change purges exactly the pages that show it.
 *
 *   a<id>    an article: its own page, and every list, feed, sitemap and promo that shows it
 *   s<id>    a section's list: its pages and its feeds
 *   home     the home page          feeds    every feed         sitemap  every sitemap
 *   search   every search page      promos   article pages showing the site-wide promos
 *   all      every public response: purged when sections or the configuration change
 *
 * A response names at most SURROGATE_ARTICLES_MAX bytes of article keys. A page that shows more
 * (the news sitemap's thousand stories) names none of them: its broad key (sitemap, feeds, home,
 * search, s<id>) stands in, and every article change purges those too. */
#ifndef NEWSDESK_SURROGATE_H
#define NEWSDESK_SURROGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define SURROGATE_ARTICLES_MAX 1024  /* about 130 articles */
#define SURROGATE_BROAD_MAX 128
/* The longest header value: the broad keys, a space, the article keys. */
#define SURROGATE_TEXT_MAX (SURROGATE_BROAD_MAX + SURROGATE_ARTICLES_MAX + 1)

struct surrogate_keys {
	char broad[SURROGATE_BROAD_MAX];       /* space-separated, no duplicates */
	char articles[SURROGATE_ARTICLES_MAX]; /* " a1 a2 ...": each key with a space before it */
	size_t broad_len, articles_len;
	bool too_many;                         /* the article keys were given up (see above) */
};

/* Adds a broad key (home, feeds, ...: [a-z0-9] only); a key already there is not added again.
 * False when the key is not one or there is no room (a bug: the broad keys are few). */
bool surrogate_add(struct surrogate_keys *k, const char *key);

/* Adds a<id> and s<id>. */
void surrogate_article(struct surrogate_keys *k, long long id);
bool surrogate_section(struct surrogate_keys *k, long long id);

/* Adds each key of keys (space-separated) to list (" k1 k2 ..."), once; false when the result
 * would be longer than max bytes (list is then as it was). */
bool surrogate_merge(struct buf *list, const char *keys, size_t max);

/* The keys as one header value: broad keys, then article keys; "" when there are none. */
const char *surrogate_text(const struct surrogate_keys *k, char out[SURROGATE_TEXT_MAX]);

#endif
