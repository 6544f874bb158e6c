/* The store for editing: article lists for the admin, whole-article reads and writes, revisions,
 * old addresses, sections and promos (all its SQL). Every save is one transaction. */
#ifndef NEWSDESK_EDITOR_H
#define NEWSDESK_EDITOR_H

#include <stdbool.h>
#include <time.h>

#include "arena.h"
#include "db.h"
#include "model.h"

struct admin_row {
	long long id;
	const char *headline, *section_slug, *section_name, *status, *editor, *slug;
	long long published_at, changed_at;
};

/* An article as the editor holds it: everything a reader sees, plus its state. */
struct edit_article {
	long long id;            /* 0: not saved yet */
	long long revision_id;   /* the revision it holds (0: none yet) */
	const char *section_slug;
	const char *status;      /* draft, published, unpublished */
	long long published_at;  /* 0: never set */
	struct article a;        /* headline ... sponsor_url, blocks, links; a.s.updated_at */
	const char **promos;     /* "section/slug" of each promo, in order */
	int npromos;
	/* Bylines (people slugs) and topics (names), in order, written only when tags_set (a
	 * restored revision leaves them as they are): sql/009_newsroom.sql, newsroom.h. */
	bool tags_set;
	const char **bylines;
	int nbylines;
	const char **topics;
	int ntopics;
	/* Where the save moves the article in review (desk.h), in the same transaction: a save
	 * that cannot also submit, send back or clear it saves nothing. */
	enum review_change { REVIEW_KEEP, REVIEW_SUBMIT, REVIEW_RETURN, REVIEW_CLEAR } review;
	const char *review_note;  /* REVIEW_RETURN: the editor's note to the reporter */
};

struct revision_row {
	long long id;
	const char *action, *editor;
	long long created_at;
};

enum store_result editor_load(struct db *db, struct arena *a, long long id, struct edit_article *out);

/* Saves e and a revision of it in one transaction. base_revision is the revision the editor
 * started from: anything else saved since is STORE_CONFLICT, and nothing is written; a slug
 * another article of the section has is STORE_TAKEN, a section that does not exist
 * STORE_NO_SECTION. Sets e->id and e->revision_id. A change of slug or section keeps the old
 * address as a redirect. */
enum store_result editor_save(struct db *db, struct edit_article *e, long long base_revision,
			     long long user_id, time_t now, const char *action);

/* Records article_id as it now is as a new revision (the article then holds it), inside the
 * caller's transaction. */
enum store_result editor_snapshot(struct db *db, long long article_id, long long user_id,
				  time_t now, const char *action, long long *revision_id);

enum store_result editor_revisions(struct db *db, struct arena *a, long long article_id,
				   struct revision_row **out, int *n);
/* A revision's content (not its status) as an edit_article. */
enum store_result editor_load_revision(struct db *db, struct arena *a, long long article_id,
				       long long revision_id, struct edit_article *out);
/* STORE_OK when "section/slug" names an article (promos may point at any), else
 * STORE_NOT_FOUND. */
enum store_result editor_article_exists(struct db *db, const char *path);

/* Sections and the site-wide promo list, for admins. */
enum store_result editor_section_add(struct db *db, const char *slug, const char *name, long long position);
/* STORE_TAKEN when another section has the slug. Renaming a section's slug keeps its
 * articles' old addresses as redirects; STORE_NO_SECTION when id names none. */
enum store_result editor_section_update(struct db *db, long long id, const char *slug,
				       const char *name, long long position);
enum store_result editor_site_promos(struct db *db, struct arena *a, const char ***paths, int *n);
enum store_result editor_set_site_promos(struct db *db, const char *const *paths, int n);

/* status: "" for any, or draft, scheduled, published, unpublished. owner: a user id to list
 * only the articles that user owns (a reporter's), or 0 for all. */
enum store_result editor_list(struct db *db, struct arena *a, const char *section,
			      const char *status, long long owner, time_t now, int limit, int offset,
			      struct admin_row **out, int *n, long long *total);

#endif
