/* Moving out and back in: the whole content as JSON Lines (docs/export-format.md), one record a
 * line, made and read by SQLite's JSON functions (all its SQL), and the rows a WordPress export
 * is written from. */
#ifndef NEWSDESK_PORTING_H
#define NEWSDESK_PORTING_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "db.h"
#include "model.h"

#define EXPORT_FORMAT_VERSION 2   /* 2: people, topics, bylines, corrections, front pages */

/* Each row of sql (one JSON text per row) to line, in order; STORE_ERROR when line refuses one.
 * The export's record types, porting_media's too, are each one such query. */
enum store_result porting_export_query(struct db *db, const char *sql,
				       bool (*line)(void *arg, const char *json), void *arg);

/* Calls line(arg, text) for every record in the format's order (sections, articles, promos,
 * redirects, import bookkeeping, revisions when asked); each text is one JSON object without its
 * newline, valid only during the call. Runs inside one read snapshot. */
enum store_result porting_export(struct db *db, bool revisions,
				 bool (*line)(void *arg, const char *json), void *arg);

/* STORE_OK when the database holds no section, article or account-independent content at all
 * (a fresh newsdesk init): the only kind newsdesk import newsdesk fills. */
enum store_result porting_empty(struct db *db, bool *empty);

/* One record of an export into the database (inside the caller's transaction, with foreign keys
 * deferred). *known false for a record type this version does not know. STORE_TAKEN or
 * STORE_ERROR when the database refused it (its message in sqlite3_errmsg). */
enum store_result porting_import_line(struct db *db, const char *json, const char **type,
				      struct arena *a, bool *known);

/* After the last record: revision ids that name no revision (an export without them) cleared. */
enum store_result porting_import_finish(struct db *db);

/* A person or topic as a WordPress export names it: a slug and a name. */
struct wp_term {
	const char *slug, *name;
};

/* One article as a WordPress export writes it. */
struct wp_article {
	struct wp_term *bylines, *topics;   /* in order */
	int nbylines, ntopics;
	long long id;
	const char *section_slug, *section_name, *slug, *headline, *intro, *status;
	long long published_at, updated_at;
	const char *image_url, *image_alt, *image_caption;
	struct block *blocks;
	int nblocks;
};

/* Every section (slug, name) in navigation order, then every article by id, for
 * newsdesk export wordpress. */
enum store_result porting_sections(struct db *db, struct arena *a, struct section **out, int *n);
/* Every person (slug, name) by id: the export's authors. */
enum store_result porting_people(struct db *db, struct arena *a, struct wp_term **out, int *n);
enum store_result porting_each_article(struct db *db,
				       bool (*each)(void *arg, const struct wp_article *art),
				       void *arg);

#endif
