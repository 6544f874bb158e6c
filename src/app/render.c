/* Renders one page in-process, without FastCGI: for measuring and for looking. */
#define _GNU_SOURCE  /* asprintf */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handler.h"
#include "sessions.h"
#include "timefmt.h"
#include "users.h"

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int time_renders(const struct site *site, struct conns *conns, char **envp,
			const char *path, long long repeat, struct response *res)
{
	double *t = malloc((size_t)repeat * sizeof *t);
	if (!t)
		return fprintf(stderr, "newsdesk render: out of memory\n"), 1;
	double start = seconds_now();
	for (long long i = 0; i < repeat; i++) {
		double t0 = seconds_now();
		handle_request(site, conns, envp, NULL, 0, res);
		t[i] = seconds_now() - t0;
	}
	double total = seconds_now() - start;
	qsort(t, (size_t)repeat, sizeof *t, compare_doubles);
	fprintf(stderr, "%s: %lld renders, %d %zu bytes, mean %.1f us, median %.1f us, "
		"p99 %.1f us, %.0f pages/s on one thread\n", path, repeat, res->status, res->body.len,
		total / (double)repeat * 1e6, t[repeat / 2] * 1e6, t[repeat * 99 / 100] * 1e6,
		(double)repeat / total);
	free(t);
	return 0;
}

/* A live session of the editor named `name` in the sessions file, as a login makes one: its
 * Cookie header in *cookie and its hash in hash, for ending it afterwards. */
static bool start_session(struct db *reader, const char *db_path, const char *name,
			  unsigned char hash[TOKEN_HASH_BYTES], char **cookie)
{
	char err[512], token[TOKEN_TEXT_MAX];
	struct arena a;
	struct user u;
	struct db s;
	bool ok = false;
	arena_init(&a);
	if (user_by_name(reader, &a, name, &u) != STORE_OK || u.disabled) {
		fprintf(stderr, "newsdesk render: --as %s: no such active editor\n", name);
		goto out;
	}
	if (!sessions_prepare(db_path, err, sizeof err) || !sessions_open(&s, db_path, err, sizeof err)) {
		fprintf(stderr, "newsdesk render: %s\n", err);
		goto out;
	}
	ok = token_new(token) && token_hash(token, hash) &&
	     session_create(&s, u.id, u.session_epoch, hash, timefmt_now()) == STORE_OK &&
	     asprintf(cookie, "HTTP_COOKIE=%s=%s", session_cookie_name(false), token) >= 0;
	if (!ok)
		fprintf(stderr, "newsdesk render: cannot start a session for %s\n", name);
	db_close(&s);
out:
	arena_free(&a);
	return ok;
}

static void end_session(const char *db_path, const unsigned char hash[TOKEN_HASH_BYTES])
{
	char err[512];
	struct db s;
	if (sessions_open(&s, db_path, err, sizeof err)) {
		session_delete(&s, hash);
		db_close(&s);
	}
}

int render_path(const struct site *site, const char *db_path, const char *path, long long repeat,
		const char *as)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	char *cookie = NULL;
	char err[512];
	struct conns conns = { 0 };
	struct response res;
	struct buf out;
	const char *q = strchr(path, '?');
	char *env_uri = NULL, *env_query = NULL;
	int rc = 1;
	if (!db_open(&conns.reader, db_path, true, err, sizeof err))
		return fprintf(stderr, "newsdesk render: %s\n", err), 1;
	response_init(&res);
	buf_init(&out);
	if (asprintf(&env_uri, "REQUEST_URI=%s", path) < 0 ||
	    asprintf(&env_query, "QUERY_STRING=%s", q ? q + 1 : "") < 0) {
		env_uri = env_query = NULL;
		fprintf(stderr, "newsdesk render: out of memory\n");
		goto out;
	}
	if (as && !start_session(&conns.reader, db_path, as, hash, &cookie))
		goto out;
	char *envp[] = { "REQUEST_METHOD=GET", env_uri, env_query, cookie, NULL };
	if (repeat > 0) {
		rc = time_renders(site, &conns, envp, path, repeat, &res);
	} else {
		handle_request(site, &conns, envp, NULL, 0, &res);
		rc = response_serialize(&res, false, &out) &&
		     fwrite(out.data, 1, out.len, stdout) == out.len ? 0 : 1;
	}
	if (cookie)
		end_session(db_path, hash);
out:
	free(cookie);
	free(env_uri);
	free(env_query);
	buf_free(&out);
	response_free(&res);
	db_close(&conns.sessions);
	db_close(&conns.writer);
	db_close(&conns.reader);
	return rc;
}
