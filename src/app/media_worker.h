/* The media worker: a process forked before the sandbox that takes uploads over a socket and
 * makes each one's renditions in a child process of its own, with memory, CPU and wall-clock
 * limits, so that a decoder's crash or hang costs that upload only. */
#ifndef NEWSDESK_MEDIA_WORKER_H
#define NEWSDESK_MEDIA_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "config.h"
#include "media_client.h"

#define MEDIA_JOB_MEMORY_MB 1024 /* address space of one job (not under the sanitizers) */

struct media_limits {
	char dir[512];             /* the media directory: HASH/ folders, .incoming/ */
	long long max_pixels;      /* more is refused from the header, before decoding */
	int job_seconds;           /* wall clock for one upload's job; its CPU limit too */
	char helper[4096];         /* newsdesk-media's path: media_helper_find */
	int helper_fd;             /* newsdesk-media opened O_PATH at load, what the jobs execute:
				    * the file found then, should it be replaced or deleted since */
};

/* The media directory for a configuration value ("" means photos/ beside the database) into
 * out; created when missing. False (err says why) when it cannot be. */
bool media_dir_resolve(const char *configured, const char *db_path, char *out, size_t outlen,
		       char *err, size_t errlen);

/* The path of newsdesk-media, the program that decodes and writes the renditions (libvips is
 * not linked into newsdesk): beside newsdesk, else in ../libexec/newsdesk from it. False (err
 * says where it was looked for) when it is in neither. */
bool media_helper_find(char *out, size_t outlen, char *err, size_t errlen);

/* A configuration's limits, its media directory (made when missing) and the helper, found and
 * opened; false (err says why) when one of them cannot be had. media_limits_close closes the
 * helper once no job will be started with lim (the worker keeps its own copy). */
bool media_limits_load(struct media_limits *lim, const struct config *cfg, const char *db_path,
		       char *err, size_t errlen);
void media_limits_close(struct media_limits *lim);

/* Forks the worker; its socket for the server, or -1 (err says why). */
int media_worker_start(const struct media_limits *lim, pid_t *pid, char *err, size_t errlen);

/* One job as the worker runs it, in two halves so a caller may run a few at once: the child is
 * started, then its answer read (within job_seconds), checked (the helper's status, the fields'
 * ranges, the files in its folder) and its folder put in place. */
struct media_job {
	pid_t child;
	int fd;
	long long bytes;
	long long max_pixels;
	int seconds;
	char hash[PHOTO_HASH_LEN + 1];
	char tmp[600], final[600];
};
void media_job_start(const struct media_limits *lim, const char *input, long long bytes,
		     struct media_job *job);
void media_job_finish(struct media_job *job, struct media_answer *answer);

/* The name an upload of the file at path gets: PHOTO_HASH_LEN hex digits into hex. */
void media_hash_file(const char *path, char *hex);

/* One job without a worker process (newsdesk init --demo): the file at path is checked and made
 * into renditions by a child process under the same limits; false when it could not run. */
bool media_process_file(const struct media_limits *lim, const char *path,
			struct media_answer *answer);

#endif
