/* newsdesk-media: the program a media job runs, so that libvips and libwebp load here only and
 * never in newsdesk itself (a CGI request would pay ~20 ms to load them). The worker's job child
 * sets the limits, closes every other descriptor and execs it as
 *     newsdesk-media INPUT_FD ANSWER_FD FOLDER MAX_PIXELS
 * (app/media_worker.c); it reads the upload from INPUT_FD, writes the renditions into FOLDER and
 * one struct media_answer to ANSWER_FD. Not a command for people: anything else is refused. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vips/vips.h>

#include "media_client.h"
#include "renditions.h"

/* A decimal number from min to max, or false: digits only (no sign, space or leading zero). */
static bool parse_number(const char *s, long long min, long long max, long long *out)
{
	char *end;
	if (!*s || strspn(s, "0123456789") != strlen(s) || (s[0] == '0' && s[1]))
		return false;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* The folder the renditions go into: an existing directory whose path leaves room for the
 * files' names (renditions.c builds them in RENDITIONS_DIR_MAX and a name). */
static bool folder_usable(const char *dir)
{
	struct stat st;
	return *dir && strlen(dir) <= RENDITIONS_DIR_MAX && stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The upload, all of it, into a new buffer (one byte more, so an empty file has one). */
static bool read_upload(int fd, char **out, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !(*out = malloc((size_t)st.st_size + 1)))
		return false;
	*len = (size_t)st.st_size;
	return media_read_all(fd, *out, *len, media_deadline(60000)) || *len == 0;
}

int main(int argc, char **argv)
{
	long long input, answer_fd, max_pixels;
	if (argc != 5 || !parse_number(argv[1], 0, INT_MAX, &input) ||
	    !parse_number(argv[2], 0, INT_MAX, &answer_fd) || !folder_usable(argv[3]) ||
	    !parse_number(argv[4], 1, LLONG_MAX, &max_pixels) || fcntl((int)answer_fd, F_GETFD) < 0) {
		fprintf(stderr, "newsdesk-media: run by newsdesk's media worker only\n");
		return 2;
	}
	struct media_answer a;
	char *buf = NULL;
	size_t len = 0;
	memset(&a, 0, sizeof a);
	if (!read_upload((int)input, &buf, &len))
		media_fail(&a, "The upload could not be read back.");
	else if (VIPS_INIT(argv[0]) != 0)
		media_fail(&a, "The image library could not start.");
	else {
		vips_cache_set_max(0);
		renditions_make(buf, len, argv[3], max_pixels, &a);
	}
	/* no libvips shutdown: the process ends here; 1 when the worker did not get the answer */
	_exit(media_write_all((int)answer_fd, &a, sizeof a) ? 0 : 1);
}
