/* The serving side of the media worker: hands an upload's bytes to the worker process over its
 * socket and waits for its answer, so that no decoder ever runs in a thread that serves
 * readers. One job at a time; the worker enforces the limits (app/media_worker.c). */
#ifndef NEWSDESK_MEDIA_CLIENT_H
#define NEWSDESK_MEDIA_CLIENT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "photo.h"

enum media_op { MEDIA_PROCESS = 'P', MEDIA_DELETE = 'D' };

/* The most pixels a picture may have on a side: the helper refuses more from the header, the
 * worker refuses an answer that says more. */
#define MEDIA_MAX_SIDE 100000

/* What the worker is asked: an upload of len bytes follows a MEDIA_PROCESS request. */
struct media_request {
	uint32_t op;
	uint64_t len;
	char hash[PHOTO_HASH_LEN + 1];   /* MEDIA_DELETE: the image whose files go */
};

/* What it answers. ok false: message says why, for the editor ("not a picture: ..."). */
struct media_answer {
	int ok;
	int too_large;                   /* refused for its pixel count or a side's length */
	char message[200];
	char hash[PHOTO_HASH_LEN + 1];
	char format[8];                  /* jpeg png webp gif heif: what the bytes are */
	int width, height;               /* upright */
	unsigned widths;                 /* bit i: photo_widths[i] made */
	int alpha;
	int avif;                        /* AVIF made at every width too */
	long long bytes;
};

struct media_client {
	int fd;                 /* the worker's socket; -1: no worker (uploads refused) */
	int timeout_ms;         /* the most a job may take, the worker's own limit included */
	pthread_mutex_t lock;   /* one job at a time on the socket */
};

void media_client_init(struct media_client *m, int fd, int timeout_ms);
void media_client_close(struct media_client *m);

/* Sends data to be checked and made into renditions; false (and answer->message) when the
 * worker is gone or did not answer in time; otherwise answer->ok says how the job went. */
bool media_client_process(struct media_client *m, const void *data, size_t len,
			  struct media_answer *answer);

/* Removes an image's files; false when the worker could not. */
bool media_client_delete(struct media_client *m, const char *hash);

/* Both ends: whole reads and writes on a blocking descriptor, with a deadline (ms since
 * CLOCK_MONOTONIC's start: media_deadline) for reads. */
bool media_write_all(int fd, const void *p, size_t n);
bool media_read_all(int fd, void *p, size_t n, long long deadline_ms);
long long media_deadline(int timeout_ms);

/* Turns the answer a into a failure whose message is fmt's text. */
__attribute__((format(printf, 2, 3)))
void media_fail(struct media_answer *a, const char *fmt, ...);

#endif
