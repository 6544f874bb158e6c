/* The serving side of the media worker: one job at a time over a socket, with a deadline. */
#include "media_client.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void media_client_init(struct media_client *m, int fd, int timeout_ms)
{
	m->fd = fd;
	m->timeout_ms = timeout_ms;
	pthread_mutex_init(&m->lock, NULL);
}

void media_client_close(struct media_client *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	pthread_mutex_destroy(&m->lock);
}

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void media_fail(struct media_answer *a, const char *fmt, ...)
{
	va_list ap;
	a->ok = 0;
	va_start(ap, fmt);
	vsnprintf(a->message, sizeof a->message, fmt, ap);
	va_end(ap);
}

long long media_deadline(int timeout_ms)
{
	return now_ms() + timeout_ms;
}

bool media_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

bool media_read_all(int fd, void *p, size_t n, long long deadline_ms)
{
	char *c = p;
	while (n) {
		long long left = deadline_ms - now_ms();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (left <= 0)
			return false;
		int r = poll(&pfd, 1, left > 1000000 ? 1000000 : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		ssize_t got = read(fd, c, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		c += got;
		n -= (size_t)got;
	}
	return true;
}

/* A worker that missed its deadline may still answer later: the socket would then be out of
 * step, so it is closed and every later upload refused until a restart. */
static void lose_worker(struct media_client *m)
{
	fprintf(stderr, "newsdesk: the media worker did not answer: uploads are off until a restart\n");
	close(m->fd);
	m->fd = -1;
}

static bool exchange(struct media_client *m, const struct media_request *rq, const void *data,
		     struct media_answer *answer)
{
	bool ok = false;
	memset(answer, 0, sizeof *answer);
	pthread_mutex_lock(&m->lock);
	if (m->fd >= 0) {
		ok = media_write_all(m->fd, rq, sizeof *rq) &&
		     (!rq->len || media_write_all(m->fd, data, rq->len)) &&
		     media_read_all(m->fd, answer, sizeof *answer, media_deadline(m->timeout_ms));
		if (!ok)
			lose_worker(m);
	}
	pthread_mutex_unlock(&m->lock);
	answer->message[sizeof answer->message - 1] = '\0';
	answer->hash[PHOTO_HASH_LEN] = '\0';
	answer->format[sizeof answer->format - 1] = '\0';
	if (!ok)
		snprintf(answer->message, sizeof answer->message,
			 "The picture could not be processed now: try again later.");
	return ok;
}

bool media_client_process(struct media_client *m, const void *data, size_t len,
			  struct media_answer *answer)
{
	struct media_request rq = { .op = MEDIA_PROCESS, .len = len };
	return exchange(m, &rq, data, answer);
}

bool media_client_delete(struct media_client *m, const char *hash)
{
	struct media_request rq = { .op = MEDIA_DELETE };
	struct media_answer answer;
	snprintf(rq.hash, sizeof rq.hash, "%s", hash);
	return exchange(m, &rq, NULL, &answer) && answer.ok;
}
