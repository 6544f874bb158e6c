/* The transport ceiling for bench/run: a libfcgi program that does nothing but answer every
 * request with one file's bytes, read once at start, from worker threads accepting as
 * newsdesk's do; SIGTERM or SIGINT ends it at once. usage: ceiling SOCKET FILE CONTENT_TYPE THREADS */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <fcgiapp.h>

#define MAX_THREADS 256

static char *response;   /* headers and body, written with one FCGX_PutStr as newsdesk does */
static int response_len;
static int listen_fd;

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0 || st.st_size <= 0 || st.st_size > (1 << 26)) {
		if (f)
			fclose(f);
		return NULL;
	}
	char *data = malloc((size_t)st.st_size);
	if (data && fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(data);
		data = NULL;
	}
	fclose(f);
	*len = (size_t)st.st_size;
	return data;
}

static bool make_response(const char *path, const char *type)
{
	size_t body_len = 0;
	char *body = read_file(path, &body_len);
	char head[512];
	int head_len = snprintf(head, sizeof head,
				"Status: 200 OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n",
				type, body_len);
	if (!body || head_len <= 0 || (size_t)head_len >= sizeof head) {
		free(body);
		return false;
	}
	response = malloc((size_t)head_len + body_len);
	if (!response) {
		free(body);
		return false;
	}
	memcpy(response, head, (size_t)head_len);
	memcpy(response + head_len, body, body_len);
	response_len = head_len + (int)body_len;
	free(body);
	return true;
}

static void *worker(void *unused)
{
	FCGX_Request req;
	if (FCGX_InitRequest(&req, listen_fd, 0) != 0)
		return NULL;
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutStr(response, response_len, req.out);
		/* As newsdesk closes: at once when the input was read to its end (the best libfcgi can
		 * do), not after libfcgi's shutdown-and-poll for nginx to close first. */
		if (FCGX_GetChar(req.in) == EOF && !FCGX_GetError(req.in))
			FCGX_Detach(&req);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	return NULL;
}

static int open_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path)
		return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	unlink(path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || chmod(path, 0666) != 0 ||
	    listen(fd, 1024) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	int threads = argc == 5 ? atoi(argv[4]) : 0;
	if (argc != 5 || threads < 1 || threads > MAX_THREADS) {
		fprintf(stderr, "usage: ceiling SOCKET FILE CONTENT_TYPE THREADS (1 to %d)\n", MAX_THREADS);
		return 2;
	}
	if (!make_response(argv[2], argv[3])) {
		fprintf(stderr, "ceiling: cannot read %s\n", argv[2]);
		return 1;
	}
	if (FCGX_Init() != 0 || (listen_fd = open_socket(argv[1])) < 0) {
		fprintf(stderr, "ceiling: cannot listen on %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	/* libfcgi's own SIGTERM handler only marks a shutdown that threads blocked in accept never
	 * see: the signals go to this thread's sigwait instead, and nothing needs finishing. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	pthread_t t;
	for (int i = 0; i < threads; i++)
		if (pthread_create(&t, NULL, worker, NULL) != 0) {
			fprintf(stderr, "ceiling: cannot start thread %d\n", i + 1);
			return 1;
		}
	int sig = 0;
	sigwait(&stop, &sig);
	unlink(argv[1]);
	_exit(0);
}
