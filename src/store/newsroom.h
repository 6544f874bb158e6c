/* The newsroom's content as readers see it: people and their bylines, topics, corrections
 * (sql/009_newsroom.sql); and the editors' writes of them (newsroom_edit.c). */
#ifndef NEWSDESK_NEWSROOM_H
#define NEWSDESK_NEWSROOM_H

#include <stdbool.h>
#include <time.h>

#include "arena.h"
#include "db.h"
#include "model.h"

struct person {
	long long id;
	const char *slug, *name, *role_title, *bio, *portrait_url;
	long long user_id;       /* 0: no account */
	long long updated_at;
};

struct topic {
	long long id;
	const char *slug, *name;
	long long articles;      /* published, scheduled included (for the editors' list) */
};

enum owner_kind { OWNER_PERSON = 1, OWNER_TOPIC = 2 };

/* An article's bylines, topics and corrections into out (whatever its status). */
enum store_result newsroom_article_parts(struct db *db, struct arena *a, struct article *out);

enum store_result newsroom_person(struct db *db, struct arena *a, const char *slug,
				  struct person *out);
enum store_result newsroom_person_by_id(struct db *db, struct arena *a, long long id,
					struct person *out);
enum store_result newsroom_topic(struct db *db, struct arena *a, const char *slug,
				 struct topic *out);
/* The current slug of a topic renamed or merged from old_slug. */
enum store_result newsroom_topic_moved(struct db *db, struct arena *a, const char *old_slug,
				       const char **slug);

/* A page of a person's or topic's visible articles, newest first, and how many there are: the
 * same cost at any depth (the spans of owner_lists, as section pages). */
enum store_result newsroom_owner_stories(struct db *db, struct arena *a, enum owner_kind kind,
					 long long owner, time_t now, int limit, int offset,
					 struct summary **out, int *n, long long *total);

/* The front page editors chose (the newest version): its visible articles in slot order, and
 * every article it names, visible or not (their keys: publishing one changes the page). */
enum store_result newsroom_front_page(struct db *db, struct arena *a, time_t now,
				      struct summary **shown, int *nshown, long long **ids,
				      int *nids);

/* ---- editors (newsroom_edit.c) ---- */

struct front_version {
	long long id, created_at;
	const char *editor;
	int slots;
};

/* The current choice as "section/slug" paths (lead first), and the versions, newest first. */
enum store_result newsroom_front_paths(struct db *db, struct arena *a, const char ***paths,
				       int *n);
enum store_result newsroom_front_versions(struct db *db, struct arena *a, int limit,
					  struct front_version **out, int *n);
/* Removes an empty section: STORE_CONFLICT while it has articles, STORE_NO_SECTION when none
 * has the id. */
enum store_result newsroom_section_delete(struct db *db, long long id);
/* Moves every article of section from into the section with slug into, then removes from; its
 * old addresses (section page and articles) redirect to the new ones. STORE_TAKEN when an
 * article of each has the same slug, STORE_NO_SECTION when either is missing or they are one. */
enum store_result newsroom_section_merge(struct db *db, long long from, const char *into);

/* Saves a new version of the front page: paths ("section/slug", lead first) must name
 * published articles (scheduled ones included): else STORE_NOT_FOUND, nothing saved. */
enum store_result newsroom_front_save(struct db *db, const char *const *paths, int n,
				      long long user_id, time_t now);

enum store_result newsroom_people(struct db *db, struct arena *a, struct person **out, int *n);
/* Adds (p->id 0) or updates a person; STORE_TAKEN when another has the slug, STORE_NOT_FOUND
 * when p->id names none, STORE_CONFLICT when the account is another person's. Sets p->id. */
enum store_result newsroom_person_save(struct db *db, struct person *p, time_t now);
/* The id of the user named name (0 for ""); STORE_NOT_FOUND when there is none. */
enum store_result newsroom_user_id(struct db *db, const char *name, long long *id);
enum store_result newsroom_user_name(struct db *db, struct arena *a, long long id,
				     const char **name);

/* The topic a name typed on the article form means: the topic of that name (any case), else
 * the one with its slug, else the one a renamed or merged topic's old slug now leads to.
 * STORE_NOT_FOUND when none: saving the name makes a new topic. */
enum store_result newsroom_topic_find(struct db *db, const char *name, long long *id);
/* An article's bylines (people slugs, in order) and topics (names, in order), written inside
 * the caller's transaction: unknown people are STORE_NOT_FOUND; a topic name is matched as
 * newsroom_topic_find does, and only a name matching none makes a new topic. */
enum store_result newsroom_write_tags(struct db *db, long long article_id,
				      const char *const *bylines, int nbylines,
				      const char *const *topics, int ntopics);
/* STORE_OK when a person has the slug, else STORE_NOT_FOUND. */
enum store_result newsroom_person_exists(struct db *db, const char *slug);

/* Appends a note to an article in one transaction, moving its "last updated" to now, and
 * records the article as a new revision labelled with the kind. STORE_NOT_FOUND: no such
 * article; STORE_CONFLICT: readers do not see it (not published, or scheduled for later). */
enum store_result newsroom_add_correction(struct db *db, long long article_id, const char *kind,
					  const char *text, long long user_id, time_t now);

/* A page of the topics by name (limit from offset), and how many there are. */
enum store_result newsroom_topics(struct db *db, struct arena *a, int limit, int offset,
				  struct topic **out, int *n, long long *total);
/* Renames topic id (its old slug then redirects); STORE_TAKEN when another topic has the slug
 * or the name (any case). */
enum store_result newsroom_topic_rename(struct db *db, long long id, const char *slug,
					const char *name);
/* Merges topic from into topic into: its articles and old slugs go to into, it is removed, and
 * its slug redirects. STORE_NOT_FOUND when either is missing or they are the same. */
enum store_result newsroom_topic_merge(struct db *db, long long from, long long into);

#endif
