/* Positions in long lists without counting or skipping rows: the per-span article counts that
 * triggers keep in list_spans (sql/006_lists_at_scale.sql), added up newest span first. */
#ifndef NEWSDESK_SPANS_H
#define NEWSDESK_SPANS_H

#include "db.h"

enum span_list {
	SPANS_PUBLISHED = 1,  /* published articles by published_at (time may be in the future) */
	SPANS_CHANGED = 2,    /* every article by coalesce(edited_at, updated_at) */
	/* owner_lists (sql/009_newsroom.sql), section_id naming the owner, status unused: */
	SPANS_BYLINES = 3,    /* a person's published articles by published_at */
	SPANS_TOPICS = 4,     /* a topic's */
};

/* Which entries of a list: section_id 0 for all, status "" for all (the stored status). The
 * entries at the times in excluded[] (ascending, one per entry; such as the scheduled articles)
 * are left out of every count, as the caller's query leaves them out of its rows. */
struct span_filter {
	enum span_list list;
	long long section_id;
	const char *status;
	const long long *excluded;
	int nexcluded;
};

/* How many entries the filter keeps. */
enum store_result spans_total(struct db *db, struct arena *a, const struct span_filter *f,
			      long long *total);

/* Where the entry at position pos (0: the newest) is: among the entries with time < *before,
 * newest first, it is the one after *skip others. STORE_NOT_FOUND when the list is shorter. */
enum store_result spans_locate(struct db *db, struct arena *a, const struct span_filter *f,
			       long long pos, long long *before, long long *skip);

#endif
