/* The FastCGI server: a listening socket, worker threads, and a clean stop on SIGTERM. */
#define _GNU_SOURCE  /* pthread_rwlockattr_setkind_np: before any include */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <stdatomic.h>

#include <fcgiapp.h>
#include <sqlite3.h>

#include "handler.h"
#include "media_worker.h"
#include "metrics.h"
#include "model.h"
#include "pagecache.h"
#include "purge.h"
#include "sandbox.h"
#include "siteconf.h"
#include "timefmt.h"

#define LISTEN_BACKLOG 1024
#define SD_LISTEN_FDS_START 3   /* systemd's first passed descriptor */

/* Held shared by each request, exclusively by a reload: a reload waits for the requests in
 * flight, the next ones wait for it, and none is dropped. */
static pthread_rwlock_t reload_lock;

struct worker {
	pthread_t thread;
	const struct site *site;
	int listen_fd;
	struct conns conns; /* the reader open from the start, the others on first use */
	struct response res;
	struct buf body;
	struct buf out;
	bool started;
	atomic_bool running;  /* until worker_main returns */
};

/* Reads a POST body of CONTENT_LENGTH bytes; false when it is too large or cut short. */
static bool read_body(struct worker *w, FCGX_Request *req)
{
	size_t len = 0;
	char chunk[16384];
	buf_reset(&w->body);
	if (!request_body_length(req->envp, w->site->cfg.upload_max_mb, &len))
		return false;
	while (w->body.len < len) {
		size_t want = len - w->body.len;
		int n = FCGX_GetStr(chunk, want < sizeof chunk ? (int)want : (int)sizeof chunk, req->in);
		if (n <= 0 || !buf_append(&w->body, chunk, (size_t)n))
			return false;
	}
	return true;
}

/* True when nginx's input has been read to its end (the empty stdin record). Then the connection
 * can close at once (FCGX_Detach): libfcgi's close otherwise shuts down and polls until nginx
 * closes first, so that unread input cannot turn into a reset that loses the reply, and every
 * worker sat idle through that round trip on every request. */
static bool input_consumed(FCGX_Request *req)
{
	return FCGX_GetChar(req->in) == EOF && !FCGX_GetError(req->in);
}

static void serve_one(struct worker *w, FCGX_Request *req)
{
	bool readable = read_body(w, req);
	pthread_rwlock_rdlock(&reload_lock);
	handle_to_output(w->site, &w->conns, req->envp, readable, w->body.data, w->body.len, &w->res,
			 &w->out);
	pthread_rwlock_unlock(&reload_lock);
	FCGX_PutStr(w->out.data, (int)w->out.len, req->out);
	if (readable && input_consumed(req))
		FCGX_Detach(req);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	FCGX_Request req;
	if (FCGX_InitRequest(&req, w->listen_fd, 0) != 0) {
		fprintf(stderr, "newsdesk: cannot initialise a FastCGI request\n");
		return NULL;
	}
	while (FCGX_Accept_r(&req) >= 0) {
		serve_one(w, &req);
		/* Finish now, outside any lock: left to the next accept, the reply would wait for
		 * the next request to arrive. */
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	atomic_store(&w->running, false);
	return NULL;
}

/* Refuses a live socket or a non-socket at path; removes a stale socket left by a crash. */
static bool clear_socket_path(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return true;
		fprintf(stderr, "newsdesk: cannot use socket path %s: %s\n", path, strerror(errno));
		return false;
	}
	if (!S_ISSOCK(st.st_mode)) {
		fprintf(stderr, "newsdesk: %s exists and is not a socket; not replacing it\n", path);
		return false;
	}
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
		close(fd);
		fprintf(stderr, "newsdesk: another server is listening on %s\n", path);
		return false;
	}
	if (fd >= 0)
		close(fd);
	if (unlink(path) != 0) {
		fprintf(stderr, "newsdesk: cannot remove stale socket %s: %s\n", path, strerror(errno));
		return false;
	}
	return true;
}

static int open_socket(const char *path, unsigned mode)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path) {
		fprintf(stderr, "newsdesk: socket path %s is too long (at most %zu bytes)\n", path,
			sizeof sa.sun_path - 1);
		return -1;
	}
	if (!clear_socket_path(path))
		return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    chmod(path, mode) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
		fprintf(stderr, "newsdesk: cannot listen on %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

bool listening_socket(int fd)
{
	struct stat st;
	int listening = 0;
	socklen_t len = sizeof listening;
	return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) &&
	       getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 && listening;
}

/* systemd socket activation (LISTEN_FDS, from fd 3) or spawn-fcgi (fd 0). */
static int inherited_socket(void)
{
	const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	long long n = 0, for_pid = 0;
	if (fds && pid && parse_uint(fds, 64, &n) && parse_uint(pid, 1LL << 31, &for_pid) &&
	    for_pid == (long long)getpid()) {
		unsetenv("LISTEN_FDS");  /* not for anything we might start */
		unsetenv("LISTEN_PID");
		unsetenv("LISTEN_FDNAMES");
		if (n != 1 || !listening_socket(SD_LISTEN_FDS_START)) {
			fprintf(stderr, "newsdesk: systemd passed %lld socket%s (LISTEN_FDS); newsdesk needs "
				"exactly one, listening\n", n, n == 1 ? " that is not listening" : "s");
			return -1;
		}
		fcntl(SD_LISTEN_FDS_START, F_SETFD, FD_CLOEXEC);
		return SD_LISTEN_FDS_START;
	}
	if (!listening_socket(0)) {
		fprintf(stderr, "newsdesk: no --socket given, no socket from systemd (LISTEN_FDS), and "
				"standard input is not a listening socket\n");
		return -1;
	}
	return 0;
}

/* Wakes threads blocked in accept on a socket we share (systemd's): one empty connection each,
 * which libfcgi reads as closed before looping back to accept and seeing the shutdown. */
static void poke(int listen_fd)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof sa;
	if (getsockname(listen_fd, (struct sockaddr *)&sa, &len) != 0)
		return;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd >= 0) {
		connect(fd, (struct sockaddr *)&sa, len);
		close(fd);
	}
}

/* shutdown() acts on the socket, not the descriptor: on a socket systemd holds it would refuse
 * every later connection, for the next newsdesk too. Only our own socket is shut down. */
static void stop_workers(struct worker *w, int n, int listen_fd, bool own_socket)
{
	FCGX_ShutdownPending();
	if (own_socket)
		shutdown(listen_fd, SHUT_RDWR);  /* wakes every thread blocked in accept */
	for (int i = 0; i < n; i++) {
		if (!w[i].started)
			continue;
		while (!own_socket && atomic_load(&w[i].running)) {
			poke(listen_fd);
			usleep(20000);
		}
		pthread_join(w[i].thread, NULL);
	}
}

static bool open_workers(struct worker *w, int n, const struct site *site, int listen_fd,
			 const char *db_path)
{
	char err[512];
	for (int i = 0; i < n; i++) {
		w[i].site = site;
		w[i].listen_fd = listen_fd;
		response_init(&w[i].res);
		buf_init(&w[i].out);
		buf_init(&w[i].body);
		if (!db_open(&w[i].conns.reader, db_path, true, err, sizeof err)) {
			fprintf(stderr, "newsdesk: %s\n", err);
			return false;
		}
	}
	return true;
}

static void free_workers(struct worker *w, int n)
{
	for (int i = 0; i < n; i++) {
		db_close(&w[i].conns.reader);
		db_close(&w[i].conns.writer);
		db_close(&w[i].conns.sessions);
		response_free(&w[i].res);
		buf_free(&w[i].out);
		buf_free(&w[i].body);
	}
	free(w);
}

/* SIGHUP: configuration and templates again, all or nothing, between requests. */
static void reload(struct site *site, const struct site_source *src)
{
	char err[600], purge_urls[sizeof site->cfg.purge_urls];
	snprintf(purge_urls, sizeof purge_urls, "%s", site->cfg.purge_urls);
	pthread_rwlock_wrlock(&reload_lock);
	bool ok = site_load(site, src, err, sizeof err);
	if (ok)
		site->reloaded_at = timefmt_now();
	pagecache_configure((size_t)site->cfg.page_cache_mb << 20);
	pagecache_invalidate();  /* pages made with the old config or templates */
	const char *kept = ok && strcmp(purge_urls, site->cfg.purge_urls) != 0 ? purge_urls : NULL;
	pthread_rwlock_unlock(&reload_lock);
	if (ok) {
		fprintf(stderr, "newsdesk: SIGHUP: reloaded %s and the templates in %s\n",
			src->config_path ? src->config_path : "the environment", src->templates_dir);
		if (kept)
			fprintf(stderr, "newsdesk: SIGHUP: purge_urls changed: the caches purged stay "
				"\"%s\" until a restart\n", kept);
		/* The caches too, twice: a page made before the reload may still be on its way. */
		purge_keys("all", 0, false);
		purge_later("all", 0, 1000);
	} else
		fprintf(stderr, "newsdesk: SIGHUP: reload refused, still serving as before: %s\n", err);
}

/* The media worker, forked before the sandbox: a sandboxed server cannot fork another. */
static pid_t media_worker_pid;

/* Did the media worker end? Then nobody could upload a picture until a restart: say so. */
static bool media_worker_ended(const siginfo_t *info)
{
	if (info->si_pid != media_worker_pid ||
	    (info->si_code != CLD_EXITED && info->si_code != CLD_KILLED && info->si_code != CLD_DUMPED))
		return false;
	fprintf(stderr, "newsdesk: the media worker (pid %d) ended (%s %d); stopping, so that the "
		"service manager starts newsdesk again with a new one\n", (int)info->si_pid,
		info->si_code == CLD_EXITED ? "exit status" : "signal", info->si_status);
	return true;
}

/* Waits for SIGTERM or SIGINT (true), or the media worker's end (false); SIGHUP reloads. */
static bool wait_for_stop(const sigset_t *set, struct site *site, const struct site_source *src)
{
	for (;;) {
		siginfo_t info;
		int sig = sigwaitinfo(set, &info);
		if (sig < 0)
			continue;
		if (sig == SIGTERM || sig == SIGINT) {
			fprintf(stderr, "newsdesk: %s received, finishing requests in flight\n",
				sig == SIGTERM ? "SIGTERM" : "SIGINT");
			return true;
		}
		if (sig == SIGCHLD) {
			if (media_worker_ended(&info))
				return false;
		} else if (src) {
			reload(site, src);
		}
	}
}

/* What SQLite would otherwise want from outside the sandbox. Its temporary files (a statement
 * journal when one statement changes many rows in a transaction, a sort too large for memory) go
 * by default to /var/tmp or /tmp: put them beside the database, the one directory it may write
 * (set once, before the threads start, as sqlite3_temp_directory asks). And its random numbers
 * (WAL salts, temporary file names) are seeded from /dev/urandom on first use: seed them now,
 * while it can be opened, rather than from the clock later. */
bool prepare_sqlite(const char *db_path)
{
	unsigned char seed;
	sqlite3_randomness(sizeof seed, &seed);
	const char *slash = strrchr(db_path, '/');
	char *dir = !slash ? sqlite3_mprintf(".")
		  : slash == db_path ? sqlite3_mprintf("/")
		  : sqlite3_mprintf("%.*s", (int)(slash - db_path), db_path);
	if (!dir) {
		fprintf(stderr, "newsdesk: out of memory\n");
		return false;
	}
	sqlite3_free(sqlite3_temp_directory);
	sqlite3_temp_directory = dir;
	return true;
}

/* Everything start-up needs is done (the socket listens, each worker's connection is open, the
 * templates are loaded): from here on, only what serving needs. Before the threads start, so
 * they inherit it. */
static bool enter_sandbox(const struct server_options *opt, int listen_fd)
{
	char info[256], err[512];
	if (!opt->sandbox) {
		fprintf(stderr, "newsdesk: sandbox off (--no-sandbox): system calls and files are not limited\n");
		return true;
	}
	struct sandbox_paths paths = {
		.db_path = opt->db_path,
		.templates_dir = opt->source ? opt->source->templates_dir : NULL,
		.config_path = opt->source ? opt->source->config_path : NULL,
		.socket_path = opt->socket_path,
		.listen_fd = listen_fd,
	};
	paths.ntcp_ports = purge_ports(paths.tcp_ports, SANDBOX_PORTS_MAX);
	if (!prepare_sqlite(opt->db_path))
		return false;
	if (!sandbox_apply(&paths, info, sizeof info, err, sizeof err)) {
		fprintf(stderr, "newsdesk: cannot enter the sandbox: %s (--no-sandbox serves without it)\n",
			err);
		return false;
	}
	fprintf(stderr, "newsdesk: sandbox on: %s\n", info);
	return true;
}

/* The cache tier's purges: the caches resolved now, before the sandbox; and everything in them
 * purged, as the pages may have changed with this program, its templates or its database. */
static bool start_purging(const struct site *site, struct db *reader)
{
	char err[512];
	long long version = 0;
	if (!purge_init(site->cfg.purge_urls, err, sizeof err)) {
		fprintf(stderr, "newsdesk: %s\n", err);
		return false;
	}
	if (!purge_enabled())
		return true;
	if (model_content_version(reader, &version) != STORE_OK)
		version = 0;
	purge_reset(version);
	fprintf(stderr, "newsdesk: purging the caches at %s on every change\n", site->cfg.purge_urls);
	return true;
}

bool server_start_media(struct site *site, const char *db_path, struct media_client *media)
{
	char err[512];
	struct media_limits lim;
	pid_t pid;
	int fd = -1;
	if (media_limits_load(&lim, &site->cfg, db_path, err, sizeof err))
		fd = media_worker_start(&lim, &pid, err, sizeof err);
	media_limits_close(&lim);  /* the worker has its own */
	if (fd < 0) {
		fprintf(stderr, "newsdesk: %s\n", err);
		return false;
	}
	media_client_init(media, fd, (lim.job_seconds + 30) * 1000);
	site->media = media;
	media_worker_pid = pid;
	return true;
}

int server_run(struct site *site, const struct server_options *opt)
{
	char err[512];
	pthread_rwlockattr_t attr;
	pthread_rwlockattr_init(&attr);
	/* a waiting reload goes before new requests, so a busy site still reloads */
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&reload_lock, &attr);
	pthread_rwlockattr_destroy(&attr);
	pagecache_configure((size_t)site->cfg.page_cache_mb << 20);
	sigset_t set;
	int status = 1, started = 0;
	static struct media_client media;
	if (!server_start_media(site, opt->db_path, &media))
		return 1;
	struct worker *w = calloc((size_t)opt->threads, sizeof *w);
	if (!w || FCGX_Init() != 0) {
		fprintf(stderr, "newsdesk: cannot initialise FastCGI\n");
		free(w);
		return 1;
	}
	int listen_fd = opt->socket_path ? open_socket(opt->socket_path, opt->socket_mode)
					 : inherited_socket();
	if (listen_fd < 0 || !open_workers(w, opt->threads, site, listen_fd, opt->db_path))
		goto out;
	/* Signals go to the main thread's sigwait only; a gone client must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (!start_purging(site, &w[0].conns.reader) || !enter_sandbox(opt, listen_fd))
		goto out;
	if (!purge_start(err, sizeof err)) {
		fprintf(stderr, "newsdesk: %s\n", err);
		goto out;
	}
	for (; started < opt->threads; started++) {
		atomic_store(&w[started].running, true);
		if (pthread_create(&w[started].thread, NULL, worker_main, &w[started]) != 0) {
			fprintf(stderr, "newsdesk: cannot start worker thread %d\n", started + 1);
			break;
		}
		w[started].started = true;
	}
	if (started == opt->threads) {
		fprintf(stderr, "newsdesk: serving %s on %s (fd %d) with %d threads\n", opt->db_path,
			opt->socket_path ? opt->socket_path : "an inherited socket", listen_fd, opt->threads);
		status = wait_for_stop(&set, site, opt->source) ? 0 : 1;
	}
	stop_workers(w, started, listen_fd, opt->socket_path != NULL);
out:
	purge_stop();
	if (listen_fd > 0)
		close(listen_fd);
	pthread_rwlock_destroy(&reload_lock);
	if (listen_fd >= 0 && opt->socket_path)
		unlink(opt->socket_path);
	free_workers(w, opt->threads);
	pagecache_free();
	site->media = NULL;
	media_client_close(&media);
	return status;
}
