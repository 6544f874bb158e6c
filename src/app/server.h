/* The FastCGI server: a listening socket, worker threads, and a clean stop on SIGTERM. */
#ifndef NEWSDESK_SERVER_H
#define NEWSDESK_SERVER_H

#include "ctx.h"

struct site_source;

struct server_options {
	const char *db_path;
	const struct site_source *source;   /* what SIGHUP reloads */
	const char *socket_path;   /* NULL: the listening socket is fd 0 (spawn-fcgi) */
	unsigned socket_mode;
	int threads;
	bool sandbox;   /* limit system calls and files once start-up is done (sandbox.h) */
};

/* Serves until SIGTERM or SIGINT (SIGHUP reloads site from opt->source); returns the process
 * exit status. */
int server_run(struct site *site, const struct server_options *opt);

/* True when fd is a socket that listens (systemd's, spawn-fcgi's, a FastCGI web server's). */
bool listening_socket(int fd);

/* SQLite's temporary files beside the database and its random numbers seeded: what it would
 * otherwise want from outside the sandbox. Once, before any thread starts. */
bool prepare_sqlite(const char *db_path);

/* The media worker, forked while this process has no thread, no database and no socket open
 * (before the sandbox): uploads and deletions of pictures go to it (app/media_worker.c), and
 * site->media names it. False, with one line on stderr, when it cannot start. */
struct media_client;
bool server_start_media(struct site *site, const char *db_path, struct media_client *media);

#endif
