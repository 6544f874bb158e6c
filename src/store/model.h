/* What readers see, read from the store: sections, articles with their parts, story lists. */
#ifndef NEWSDESK_MODEL_H
#define NEWSDESK_MODEL_H

#include <stdbool.h>
#include <time.h>

#include "arena.h"
#include "db.h"


struct section {
	long long id;
	const char *slug, *name;
};

/* An article as a list shows it. */
struct summary {
	long long id;
	const char *section_slug, *section_name, *slug, *headline, *intro, *image_url, *image_alt;
	long long published_at, updated_at;
};

enum block_kind { BLOCK_PARAGRAPH, BLOCK_BOX, BLOCK_MEDIA };

struct block {
	enum block_kind kind;
	const char *text, *image_url, *name, *byline, *media_url;
};

struct related_link {
	const char *source, *title, *url;
	long long published_at;
	bool needs_registration;
};

/* Block kinds as the store names them ("paragraph", "box", "media"); unknown names are
 * paragraphs. */
enum block_kind model_block_kind(const char *name);
const char *model_block_kind_name(enum block_kind k);

/* Row readers for db_rows: a block (kind, text, image_url, name, byline, media_url) and a link
 * (source, title, url, published_at, needs_registration), column by column. */
bool model_read_block(sqlite3_stmt *s, struct arena *a, void *item);
/* A summary from the columns a.id, s.slug, s.name, a.slug, a.headline, a.intro, a.image_url,
 * a.image_alt, a.published_at, a.updated_at (MODEL_SUMMARY_COLUMNS). */
#define MODEL_SUMMARY_COLUMNS \
	"a.id, s.slug, s.name, a.slug, a.headline, a.intro, a.image_url, a.image_alt, " \
	"a.published_at, a.updated_at"
bool model_read_summary(sqlite3_stmt *s, struct arena *a, void *item);
bool model_read_link(sqlite3_stmt *s, struct arena *a, void *item);

/* A byline: a person, as the article shows them (sql/009_newsroom.sql). */
struct byline {
	long long person_id;
	const char *slug, *name, *role_title;
};

/* A topic an article is tagged with. */
struct topic_ref {
	long long id;
	const char *slug, *name;
};

/* A correction or an update note at the end of an article. */
struct correction {
	long long id;
	const char *kind, *text;   /* kind: "correction" or "update" */
	long long created_at;
};

struct article {
	struct summary s;
	const char *image_caption, *sponsor, *sponsor_url;
	struct block *blocks;
	int nblocks;
	struct related_link *links;
	int nlinks;
	struct summary *promos;   /* the promos shown: its own visible ones, else the site's */
	int npromos;
	/* Every article the promos could show, visible or not: publishing a hidden one (or
	 * unpublishing a shown one) changes this page. */
	long long *promo_ids;
	int npromo_ids;
	bool site_promos;         /* the site-wide promos are shown (it has no visible own ones) */
	struct byline *bylines;   /* in order */
	int nbylines;
	struct topic_ref *topics;
	int ntopics;
	struct correction *corrections;  /* oldest first */
	int ncorrections;
};

/* All functions allocate results in a; "visible" means published at or before now. */
/* An article's body blocks and related links, in order, whatever its status. */
enum store_result model_blocks(struct db *db, struct arena *a, long long article_id,
			       struct block **out, int *n);
enum store_result model_links(struct db *db, struct arena *a, long long article_id,
			      struct related_link **out, int *n);
/* The current slug of a section whose slug was once old_slug. */
enum store_result model_section_moved(struct db *db, struct arena *a, const char *old_slug,
				      const char **slug);
/* Where an article that moved lives now: its current section and slug. */
enum store_result model_redirect(struct db *db, struct arena *a, const char *section,
				 const char *slug, time_t now, const char **new_section,
				 const char **new_slug);

struct search_hit {
	struct summary s;
	const char *snippet;  /* matches between SNIPPET_OPEN and SNIPPET_CLOSE */
};
#define SNIPPET_OPEN "\xee\x80\x80"   /* U+E000, private use: never in editors' text */
#define SNIPPET_CLOSE "\xee\x80\x81"  /* U+E001 */

/* fts_query is an FTS5 expression built by search_query(), never the reader's raw text. */
enum store_result model_search(struct db *db, struct arena *a, const char *fts_query, time_t now,
			       int limit, int offset, struct search_hit **out, int *n,
			       long long *total);
/* The newest visible articles, of one section (section_id > 0) or all; since > 0 keeps those
 * published from then on. */
enum store_result model_newest(struct db *db, struct arena *a, long long section_id, time_t now,
			       time_t since, int limit, struct summary **out, int *n);
/* A number that moves on with every change readers can see (site_state.version), comparable
 * across connections. */
enum store_result model_content_version(struct db *db, long long *out);
/* How many rows of the counts triggers keep (list_spans, sitemap_files) a recount of the
 * articles disagrees with: 0 when they can be trusted. */
enum store_result model_check_counts(struct db *db, long long *wrong);
/* The database's schema version (PRAGMA user_version). */
enum store_result model_schema_version(struct db *db, long long *out);

/* When the next scheduled article appears (0: none), and when anything readers see last
 * changed, removals included (0: not since the database was made). */
enum store_result model_site_times(struct db *db, time_t now, time_t *next_publish,
				   time_t *changed_at);
/* The latest publish time before `before` of a visible article (0: none). */
enum store_result model_last_before(struct db *db, time_t now, time_t before, time_t *out);

/* The sitemap of articles is split by id: file k (from 1) holds the visible articles with an id
 * in [(k - 1) * SITEMAP_FILE_IDS, k * SITEMAP_FILE_IDS), so each file is small, and changes
 * only when one of its own articles does. */
#define SITEMAP_FILE_IDS 250   /* as in sql/006_lists_at_scale.sql */
/* The protocol's limit for one sitemap index is 50,000: the sections' file and these. Article
 * ids stop where they end (sql/006_lists_at_scale.sql), so no article is ever left out. */
#define SITEMAP_FILES_MAX 49999

struct sitemap_entry {
	long long id;
	const char *section_slug, *slug;
	long long published_at, updated_at;
};

struct section_newest {
	struct section section;
	long long newest;   /* its newest visible article's publish time (0: none) */
};

/* The sections in navigation order, each with its newest visible article's time. */
enum store_result model_sections_newest(struct db *db, struct arena *a, time_t now,
					struct section_newest **out, int *n);

struct sitemap_file {
	long long number;
	long long listed_since;   /* its first article's publish time: it has been listed since */
};

/* The sitemap files that hold a visible article, by number. */
enum store_result model_sitemap_files(struct db *db, struct arena *a, time_t now,
				      struct sitemap_file **files, int *n);
/* The visible articles of sitemap file `file`, by id; STORE_NOT_FOUND when it has none. */
enum store_result model_sitemap_file(struct db *db, struct arena *a, time_t now, long long file,
				     struct sitemap_entry **out, int *n);

enum store_result model_sections(struct db *db, struct arena *a, struct section **out, int *n);
enum store_result model_section(struct db *db, struct arena *a, const char *slug,
				struct section *out);
enum store_result model_article(struct db *db, struct arena *a, const char *section,
				const char *slug, time_t now, struct article *out);
enum store_result model_section_stories(struct db *db, struct arena *a, long long section_id,
					time_t now, int limit, int offset,
					struct summary **out, int *n, long long *total);
enum store_result model_latest(struct db *db, struct arena *a, time_t now, int limit,
			       struct summary **out, int *n);
enum store_result model_latest_by_section(struct db *db, struct arena *a, time_t now,
					  int per_section, struct summary **out, int *n);

#endif
