/* Jobs and the bounded queue between the import's reader and its writer. */
#include "import_queue.h"

#include <stdlib.h>
#include <string.h>

struct job *job_new(enum job_kind kind, long long position)
{
	struct job *j = calloc(1, sizeof *j);
	if (!j)
		return NULL;
	arena_init(&j->arena);
	j->kind = kind;
	j->position = position;
	j->label = "";
	return j;
}

void job_free(struct job *j)
{
	if (!j)
		return;
	arena_free(&j->arena);
	free(j);
}

bool job_note(struct job *j, const char *kind, const char *detail)
{
	j->notes = arena_grow(&j->arena, j->notes, j->nnotes, &j->notes_cap, sizeof *j->notes);
	if (!j->notes)
		return false;
	j->notes[j->nnotes++] = (struct job_note){ arena_strdup(&j->arena, kind),
						   arena_strdup(&j->arena, detail) };
	return true;
}

void job_queue_init(struct job_queue *q)
{
	memset(q, 0, sizeof *q);
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
}

void job_queue_destroy(struct job_queue *q)
{
	while (q->count) {
		job_free(q->ring[q->head]);
		q->head = (q->head + 1) % QUEUE_JOBS;
		q->count--;
	}
	pthread_cond_destroy(&q->not_full);
	pthread_cond_destroy(&q->not_empty);
	pthread_mutex_destroy(&q->mu);
}

void job_queue_push(struct job_queue *q, struct job *j)
{
	pthread_mutex_lock(&q->mu);
	while (q->count == QUEUE_JOBS)
		pthread_cond_wait(&q->not_full, &q->mu);
	q->ring[(q->head + q->count) % QUEUE_JOBS] = j;
	q->count++;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

struct job *job_queue_pop(struct job_queue *q)
{
	pthread_mutex_lock(&q->mu);
	while (!q->count)
		pthread_cond_wait(&q->not_empty, &q->mu);
	struct job *j = q->ring[q->head];
	q->head = (q->head + 1) % QUEUE_JOBS;
	q->count--;
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->mu);
	return j;
}
