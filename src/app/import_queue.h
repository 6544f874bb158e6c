/* The WordPress import's two halves meet here: the reader (XML, bodies, mapping) makes one job
 * per item, the writer (SQLite) takes them in order from a small bounded queue, so both cores
 * work. A job owns everything it points to. */
#ifndef NEWSDESK_IMPORT_QUEUE_H
#define NEWSDESK_IMPORT_QUEUE_H

#include <pthread.h>
#include <stdbool.h>

#include "arena.h"
#include "importer.h"
#include "wp_body.h"
#include "wp_map.h"

#define QUEUE_JOBS 256   /* items read ahead of the writer, at most */

enum job_kind { JOB_ARTICLE, JOB_ATTACHMENT, JOB_SKIP, JOB_END };

struct job_note {
	const char *kind, *detail;
};

struct job {
	struct arena arena;        /* everything below */
	enum job_kind kind;
	long long position;        /* the item's place in the file, from 1 */
	long long wp_id;
	const char *label;         /* "post 12 (line 40)", for the report */
	struct import_article ia;  /* JOB_ARTICLE: the article, its section, its converted body */
	struct section_choice sc;
	struct body body;
	const char *guid, *url, *alt, *caption;   /* JOB_ATTACHMENT */
	int upload;                /* JOB_ATTACHMENT: 0 not looked for, 1 found, 2 missing */
	const char *skip_reason;   /* JOB_SKIP */
	struct job_note *notes;
	int nnotes, notes_cap;
	double convert_s;          /* the reader's time on it */
};

/* NULL when out of memory. */
struct job *job_new(enum job_kind kind, long long position);
void job_free(struct job *j);
/* Keeps a note (copied) for the writer to count; false when out of memory. */
bool job_note(struct job *j, const char *kind, const char *detail);

struct job_queue {
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	struct job *ring[QUEUE_JOBS];
	int head, count;
};

void job_queue_init(struct job_queue *q);
void job_queue_destroy(struct job_queue *q);   /* frees any job left in it */
/* Waits for room; the queue owns j from then on. */
void job_queue_push(struct job_queue *q, struct job *j);
/* Waits for a job; the caller owns it. */
struct job *job_queue_pop(struct job_queue *q);

#endif
