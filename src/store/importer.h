/* The store for imports: sections found or made, articles written or updated by their source id,
 * old addresses, topics and bylines (newsroom.h), what waits for the media library, and the runs
 * that let a killed import resume (all its SQL, sql/010_import.sql). The caller holds the
 * transaction, one per batch, with PRAGMA defer_foreign_keys on (a new article's blocks are
 * written before it). */
#ifndef NEWSDESK_IMPORTER_H
#define NEWSDESK_IMPORTER_H

#include <stdbool.h>
#include <time.h>

#include "arena.h"
#include "db.h"
#include "model.h"

/* A tag or category past the first (a topic: value its slug, label its name), an author (a
 * person and byline: value the person's slug, label the name) or a body image (import_pending,
 * until the media library). */
struct import_pending {
	const char *kind;    /* tag, category, author, image */
	const char *value;   /* a slug, a login, an image's address */
	const char *label;   /* a name, a display name, alt text */
	const char *detail;  /* an image's caption */
};

/* One post or page as newsdesk will hold it. */
struct import_article {
	const char *site;          /* the export's base_site_url */
	long long wp_id;
	const char *guid, *kind;   /* kind: post or page */
	long long section_id;
	const char *slug, *headline, *intro, *image_url, *image_alt, *image_caption;
	const char *status;        /* draft or published (a future time: scheduled) */
	long long published_at;    /* 0: none */
	long long updated_at;
	const struct block *blocks;
	const char *const *plains; /* per block: its words when its text is CommonMark, else NULL */
	int nblocks;
	long long thumbnail_id;    /* the featured image's attachment id (0: none) */
	const char *const *paths;  /* old addresses, as legacy_paths keeps them */
	int npaths;
	const struct import_pending *pending;
	int npending;
};

/* The section with this slug, made (named name, last in the navigation) when there is none. */
enum store_result import_section(struct db *db, const char *slug, const char *name,
				 long long *id, bool *made);

/* Old addresses of an article that another article already held, and kept. */
struct import_paths_taken {
	int n;
	const char *first;   /* the first of them (one of ia->paths) */
	long long owner;     /* the article that holds it */
};

/* Writes a (inserted, or updated when its site and id were imported before); *updated says
 * which, *slug_changed when its slug was taken by another article and got its id appended,
 * *taken the old addresses left with another article. */
enum store_result import_article_put(struct db *db, struct arena *a, const struct import_article *ia,
				     long long *article_id, bool *updated, bool *slug_changed,
				     struct import_paths_taken *taken);

/* An attachment's address (and alt text, caption) by its id, for featured images. */
enum store_result import_attachment_put(struct db *db, const char *site, long long wp_id,
					const char *guid, const char *url, const char *alt,
					const char *caption);

/* Gives each article of site whose featured image was an attachment not yet seen when it was
 * written its lead image now; *n: how many. */
enum store_result import_resolve_thumbnails(struct db *db, const char *site, long long *n);

/* The newest unfinished run of the file with this key: its id and items done (0, 0: none). */
enum store_result import_run_find(struct db *db, const char *file_key, long long *run_id,
				  long long *done);
enum store_result import_run_start(struct db *db, const char *file_key, time_t now,
				   long long *run_id);
enum store_result import_run_progress(struct db *db, long long run_id, long long done);
enum store_result import_run_finish(struct db *db, long long run_id, long long done, time_t now);

/* Where an old address ("/2010/04/15/slug", "/?p=123") leads: the current section and slug of
 * its article when readers can see it at now; STORE_NOT_FOUND otherwise. */
enum store_result import_legacy_target(struct db *db, struct arena *a, const char *path,
				       time_t now, const char **section, const char **slug);

#endif
