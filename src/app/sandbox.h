/* serve's least privilege, as OpenBSD's pledge and unveil: a seccomp allowlist of system calls
 * and, where the kernel has Landlock, a short list of the files the server may still open. */
#ifndef NEWSDESK_SANDBOX_H
#define NEWSDESK_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

/* What serving still needs once start-up is over. */
#define SANDBOX_PORTS_MAX 8

struct sandbox_paths {
	const char *db_path;        /* its directory: read-write (the -wal, -shm and -journal files) */
	const char *templates_dir;  /* read-only, for SIGHUP */
	const char *config_path;    /* read-only, for SIGHUP; NULL when there is none */
	const char *socket_path;    /* a socket we made: its directory may remove it at exit; NULL
				     * for an inherited one */
	int listen_fd;              /* the listening socket, -1 for none */
	int tcp_ports[SANDBOX_PORTS_MAX];  /* TCP connections to these ports (the cache tier's */
	int ntcp_ports;                    /* purges); none: no network socket at all */
};

/* The Landlock ABI version this kernel offers, or 0 (errno says why) when it has none. */
int sandbox_landlock_abi(void);

/* Limits this process for good: Landlock first (where the kernel has it), then the seccomp
 * filter, which every thread gets (threads started later inherit both). info gets a short
 * description for the log ("seccomp (N system calls), Landlock ABI 7", or why Landlock is off).
 * Returns false, with err, when it could not: the caller must not serve then. */
bool sandbox_apply(const struct sandbox_paths *p, char *info, size_t infolen, char *err,
		   size_t errlen);

#endif
