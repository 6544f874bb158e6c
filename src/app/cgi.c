/* Plain CGI: one request from the environment and standard input, answered on standard output,
 * through the same handler as the FastCGI server. Start-up does only what one request needs: the
 * templates of its route, no threads, no page cache, no purge thread (no libcurl), no migration
 * unless the schema is behind. */
#include "cgi.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "auth.h"
#include "handler.h"
#include "media_client.h"
#include "routes.h"
#include "sandbox.h"
#include "server.h"
#include "sessions.h"
#include "siteconf.h"
#include "timefmt.h"
#include "tpl.h"

extern char **environ;

/* What a misconfigured site shows: no path, no setting's value, nothing but where to look. */
static const char unconfigured[] =
	"Status: 500 Internal Server Error\r\n"
	"Content-Type: text/plain; charset=utf-8\r\n"
	"Cache-Control: no-store\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"\r\n"
	"500 Internal Server Error\n"
	"\n"
	"This site is not configured correctly. The web server's error log says why.\n";

bool cgi_requested(void)
{
	return getenv("GATEWAY_INTERFACE") && !listening_socket(0);
}

static bool write_all(const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, data, len);
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* One line for the web server's error log, the generic 500 for the reader. */
static int refuse(const char *what, const char *detail)
{
	fprintf(stderr, "newsdesk (CGI): %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	write_all(unconfigured, sizeof unconfigured - 1);
	return 0;
}

/* Reads exactly len bytes of standard input into body; false when it ends early. */
static bool read_body(struct buf *body, size_t len)
{
	char chunk[16384];
	while (body->len < len) {
		size_t want = len - body->len;
		ssize_t n = read(STDIN_FILENO, chunk, want < sizeof chunk ? want : sizeof chunk);
		if (n <= 0 || !buf_append(body, chunk, (size_t)n))
			return false;
	}
	return true;
}

/* Whether the request may read or write the sessions file: a cookie (an editor's session, on
 * any page) or a form (the login). A reader's plain GET never opens it. */
static bool needs_sessions(void)
{
	const char *method = getenv("REQUEST_METHOD");
	return getenv("HTTP_COOKIE") || (method && strcmp(method, "POST") == 0);
}

/* A database made by an older newsdesk is migrated, as serve does at start; a current one is
 * only read (a migration check takes the write lock, which every request would then queue on).
 * The sessions file is set up when it is missing or belongs to another database, checked only
 * for a request that may use it (the check is a third of a reader's start-up). */
static bool prepare_database(const char *db_path, struct db *reader, char *err, size_t errlen)
{
	if (!db_open(reader, db_path, true, err, errlen))
		return false;
	if (db_is_current(reader) && (!needs_sessions() || sessions_ready(reader, db_path)))
		return true;
	db_close(reader);
	return db_migrate(db_path, err, errlen) && sessions_prepare(db_path, err, errlen) &&
	       db_open(reader, db_path, true, err, errlen);
}

/* The route the request will take, found as the handler will find it, so that only its
 * templates are loaded; NULL (the shared ones only) when none matches. */
static bool posted(void)
{
	const char *method = getenv("REQUEST_METHOD");
	return method && strcmp(method, "POST") == 0;
}

/* Whether the request sends a session cookie (either name): checked by the handler later, only
 * a hint here of a request that may be an editor's. */
static bool sends_session_cookie(void)
{
	const char *cookie = getenv("HTTP_COOKIE");
	const char *name = session_cookie_name(false);
	size_t len = strlen(name);
	while (cookie && *cookie) {
		cookie += strspn(cookie, " ;");
		if (strncmp(cookie, "__Host-", 7) == 0)
			cookie += 7;
		if (strncmp(cookie, name, len) == 0 && cookie[len] == '=')
			return true;
		cookie += strcspn(cookie, ";");
	}
	return false;
}

/* Whether the request may upload or delete a picture: an editor's multipart POST, or a POST to
 * an image's page; anything else, anonymous above all, forks no media worker. */
static bool may_use_media(const struct route *route)
{
	const char *type = getenv("CONTENT_TYPE");
	bool multipart = type && strncasecmp(type, "multipart/form-data", 19) == 0;
	return route && route->role > ROLE_PUBLIC && posted() && sends_session_cookie() &&
	       (multipart || strcmp(route->name, "admin_media_image") == 0);
}

static const struct route *route_of_request(struct arena *a)
{
	const char *uri = getenv("DOCUMENT_URI");
	bool decoded = uri != NULL;
	const char *method = getenv("REQUEST_METHOD");
	enum http_method m = !method || strcmp(method, "GET") == 0 ? METHOD_GET
			   : strcmp(method, "HEAD") == 0 ? METHOD_HEAD
			   : strcmp(method, "POST") == 0 ? METHOD_POST : METHOD_OTHER;
	struct route_match match;
	size_t len;
	if (!uri)
		uri = getenv("REQUEST_URI");
	if (!uri || strlen(uri) > REQUEST_PATH_MAX + REQUEST_QUERY_MAX)
		return NULL;
	const char *path = decoded ? uri : percent_decode(a, uri, strcspn(uri, "?"), false, &len);
	if (!path || route_find(&app_routes, path, m, &match, a) != ROUTE_FOUND)
		return NULL;
	return match.route;
}

/* Landlock and seccomp as for serve, before any byte of the request is parsed: the request is
 * as hostile as ever, and a process that lives for one is no reason to trust it more. */
static bool enter_sandbox(const struct site_source *src, const char *db_path, char *err,
			  size_t errlen)
{
	char info[256];
	const char *off = getenv("NEWSDESK_SANDBOX");
	if (off && strcmp(off, "off") == 0)
		return true;
	struct sandbox_paths paths = { .db_path = db_path, .templates_dir = src->templates_dir,
				       .config_path = src->config_path, .listen_fd = -1 };
	return prepare_sqlite(db_path) && sandbox_apply(&paths, info, sizeof info, err, errlen);
}

int cgi_run(void)
{
	static struct site site;
	char err[600];
	struct site_source src = {
		.config_path = getenv("NEWSDESK_CONFIG"),
		.templates_dir = getenv("NEWSDESK_TEMPLATES"),
		.require_base_url = true,
	};
	const char *db_path = getenv("NEWSDESK_DB");
	struct conns conns = { 0 };
	struct response res;
	struct buf body, out;
	size_t body_len = 0;
	int rc = 0;
	signal(SIGPIPE, SIG_IGN);  /* a reader gone away is a failed write, not a killed process */
	if (!db_path || !*db_path)
		return refuse("NEWSDESK_DB is not set", "it names the database to serve");
	if (src.config_path && !*src.config_path)
		src.config_path = NULL;
	if (!src.templates_dir || !*src.templates_dir)
		src.templates_dir = site_default_templates();
	struct arena a;
	arena_init(&a);
	src.one_request = true;
	src.route = route_of_request(&a);
	arena_free(&a);
	site.db_path = db_path;
	site.routes = app_routes;
	site.password_checks = 1;
	if (!site_load(&site, &src, err, sizeof err))
		return refuse(err, NULL);
	if (!timefmt_pin_from_env())
		return tpl_shutdown(), refuse("NEWSDESK_NOW must look like 2010-04-17T08:30:00Z", NULL);
	if (!auth_init())
		return tpl_shutdown(), refuse("cannot initialise the password checks (libsodium)", NULL);
	static struct media_client media;
	/* Without a worker (its line is logged) the request goes on with site.media NULL: a form
	 * without a file is saved, a picture is refused (an article form carrying one comes back as
	 * typed, unsaved, the message beside its field). */
	bool wants_media = may_use_media(src.route) && server_start_media(&site, db_path, &media);
	db_log_quietly(true);  /* a failure here is told once, by refuse */
	bool ready = prepare_database(db_path, &conns.reader, err, sizeof err) &&
		     enter_sandbox(&src, db_path, err, sizeof err);
	db_log_quietly(false);
	if (!ready) {
		db_close(&conns.reader);
		tpl_shutdown();
		return refuse(err, NULL);
	}
	response_init(&res);
	buf_init(&body);
	buf_init(&out);
	bool readable = request_body_length(environ, site.cfg.upload_max_mb, &body_len) && read_body(&body, body_len);
	handle_to_output(&site, &conns, environ, readable, body.data, body.len, &res, &out);
	if (!write_all(out.data, out.len))
		rc = 1;
	buf_free(&out);
	buf_free(&body);
	response_free(&res);
	db_close(&conns.sessions);
	db_close(&conns.writer);
	db_close(&conns.reader);
	if (wants_media) {
		site.media = NULL;
		media_client_close(&media);
	}
	tpl_shutdown();
	return rc;
}
