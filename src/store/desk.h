/* The newsroom's desk (all its SQL): who owns each article, where it is in review, the editors'
 * queue. An article's owner is set by a trigger when its first revision is written. */
#ifndef NEWSDESK_DESK_H
#define NEWSDESK_DESK_H

#include <time.h>

#include "arena.h"
#include "db.h"
#include "editor.h"

#define DESK_NOTE_MAX 2000   /* characters of an editor's note to the reporter */

struct desk {
	long long owner_id;        /* 0: nobody's (an editor's article, or one from before roles) */
	const char *owner_name;    /* "" when none */
	const char *review;        /* "none", "submitted" or "returned" */
	long long submitted_at;
	const char *note, *note_by;  /* the editor's note when sent back, and who wrote it */
	long long note_at;
};

/* The article's desk row; an article without one is nobody's and in no review (STORE_OK). */
enum store_result desk_get(struct db *db, struct arena *a, long long article_id, struct desk *out);

/* Puts the article in the editors' queue (review 'submitted'); STORE_NOT_FOUND: no article. */
enum store_result desk_submit(struct db *db, long long article_id, time_t now);
/* Sends it back to its owner with the editor's note (review 'returned'). */
enum store_result desk_return(struct db *db, long long article_id, const char *note,
			      long long editor_id, time_t now);
/* Takes it out of review (published, or withdrawn): the note stays until the next review. */
enum store_result desk_clear(struct db *db, long long article_id);

/* The editors' queue, oldest submission first (at most limit rows), and its length; owner: a
 * user id for only the articles that user owns (what a reporter sees), 0 for all. */
enum store_result desk_queue(struct db *db, struct arena *a, long long owner, time_t now,
			     int limit, struct admin_row **out, int *n);
enum store_result desk_queue_count(struct db *db, long long owner, long long *n);

#endif
