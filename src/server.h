/* The FastCGI server: a listening socket, worker threads, and a clean stop on SIGTERM. */
#ifndef NEWSDESK_SERVER_H
#define NEWSDESK_SERVER_H

#include "ctx.h"

struct server_options {
	const char *db_path;
	const char *socket_path;   /* NULL: the listening socket is fd 0 (spawn-fcgi) */
	unsigned socket_mode;
	int threads;
};

/* Serves until SIGTERM or SIGINT; returns the process exit status. */
int server_run(const struct site *site, const struct server_options *opt);

#endif
