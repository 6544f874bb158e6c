/* Unit tests for handler.c, in the style of kcgi's regress/: whole requests run in-process
 * against a real demo database, for every route of app_routes, as a reader, an editor and an
 * admin. Every response must carry the security headers and leave both connections idle. */
#define _GNU_SOURCE  /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include <sqlite3.h>

#include "auth.h"
#include "db.h"
#include "handler.h"
#include "routes.h"
#include "siteconf.h"
#include "timefmt.h"
#include "tpl.h"
#include "sessions.h"
#include "users.h"

#define PASSWORD "correct horse battery staple"
#define ORIGIN "http://127.0.0.1:8080"
#define SEED_URL "/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan"
#define SEED_HEADLINE "Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan"
#define HTML "text/html; charset=utf-8"
#define ATOM "application/atom+xml; charset=utf-8"
#define RSS "application/rss+xml; charset=utf-8"

enum who { READER, REPORTER, EDITOR, ADMIN };

static struct {
	char dir[64], path[96];
	struct site site;
	struct conns conns;        /* the reader open; the writer and sessions opened on first use */
	struct response res;
	struct buf out;            /* the last response as the server would send it */
	char token[4][TOKEN_TEXT_MAX];  /* session cookies by enum who ("" for the reader) */
} t;

/* Every route, a path that reaches it, and the status of a GET there for each of enum who (the
 * role matrix: the reporter owns no article here, so the seed article is not theirs to open). */
static const struct route_case {
	const char *name, *path;
	int status[4];
} route_cases[] = {
	{ "home", "/", { 200, 200, 200, 200 } },
	{ "section", "/news/europe", { 200, 200, 200, 200 } },
	{ "article", SEED_URL, { 200, 200, 200, 200 } },
	{ "print", SEED_URL "/print", { 200, 200, 200, 200 } },
	{ "search", "/search?q=bakiyev", { 200, 200, 200, 200 } },
	{ "feed_atom", "/feeds/atom.xml", { 200, 200, 200, 200 } },
	{ "feed_rss", "/feeds/rss.xml", { 200, 200, 200, 200 } },
	{ "section_atom", "/feeds/europe/atom.xml", { 200, 200, 200, 200 } },
	{ "section_rss", "/feeds/europe/rss.xml", { 200, 200, 200, 200 } },
	{ "sitemap", "/sitemap.xml", { 200, 200, 200, 200 } },
	{ "sitemap_sections", "/sitemaps/sections.xml", { 200, 200, 200, 200 } },
	{ "sitemap_articles", "/sitemaps/articles/1.xml", { 200, 200, 200, 200 } },
	{ "news_sitemap", "/sitemap-news.xml", { 200, 200, 200, 200 } },
	{ "robots", "/robots.txt", { 200, 200, 200, 200 } },
	{ "healthz", "/healthz", { 200, 200, 200, 200 } },
	{ "metrics", "/metrics", { 200, 200, 200, 200 } },
	{ "admin_login", "/admin/login", { 200, 200, 200, 200 } },
	{ "admin_logout", "/admin/logout", { 403, 403, 403, 403 } },
	{ "admin_articles", "/admin", { 303, 200, 200, 200 } },
	{ "admin_article_new", "/admin/articles/new", { 303, 200, 200, 200 } },
	{ "admin_article_edit", "/admin/articles/1", { 303, 403, 200, 200 } },
	{ "admin_revisions", "/admin/articles/1/revisions", { 303, 403, 200, 200 } },
	{ "admin_restore", "/admin/articles/1/revisions/1/restore", { 403, 403, 403, 403 } },
	{ "admin_sections", "/admin/sections", { 303, 403, 200, 200 } },
	{ "admin_promos", "/admin/promos", { 303, 403, 200, 200 } },
	{ "admin_users", "/admin/users", { 303, 403, 403, 200 } },
	{ "admin_audit", "/admin/audit", { 303, 403, 403, 200 } },
	{ "person", "/people/rayhan-demytrie", { 200, 200, 200, 200 } },
	{ "person_atom", "/people/rayhan-demytrie/atom.xml", { 200, 200, 200, 200 } },
	{ "topic", "/topics/kyrgyzstan", { 200, 200, 200, 200 } },
	{ "topic_atom", "/topics/kyrgyzstan/atom.xml", { 200, 200, 200, 200 } },
	{ "admin_people", "/admin/people", { 303, 403, 200, 200 } },
	{ "admin_person_edit", "/admin/people/1", { 303, 403, 200, 200 } },
	{ "admin_topics", "/admin/topics", { 303, 403, 200, 200 } },
	{ "admin_article_note", "/admin/articles/1/notes", { 403, 403, 403, 403 } },
	{ "admin_front", "/admin/front", { 303, 403, 200, 200 } },
	{ "admin_media", "/admin/media", { 303, 200, 200, 200 } },
	{ "admin_media_image", "/admin/media/1", { 303, 404, 404, 404 } },  /* no image in this database */
};
#define NCASES (sizeof route_cases / sizeof route_cases[0])

struct req {
	const char *method;  /* NULL: GET, or POST when there is a body */
	const char *uri;     /* path?query */
	enum who who;        /* whose session cookie goes with it */
	const char *token;   /* else this session cookie */
	const char *body;    /* a urlencoded form */
	const char *origin;  /* a POST's Origin; NULL: this site's, "": none */
	const char *addr;    /* REMOTE_ADDR, or NULL */
};

/* The value of a header of the last response, or NULL. */
static const char *header(const char *name)
{
	static char value[1024];
	size_t n = strlen(name);
	const char *end = strstr(t.out.data, "\r\n\r\n");
	for (const char *line = t.out.data; end && line <= end; line = strstr(line, "\r\n") + 2) {
		if (strncasecmp(line, name, n) == 0 && line[n] == ':' && line[n + 1] == ' ') {
			const char *v = line + n + 2;
			snprintf(value, sizeof value, "%.*s", (int)strcspn(v, "\r"), v);
			return value;
		}
	}
	return NULL;
}

static bool body_has(const char *word)
{
	return t.res.body.data && strstr(t.res.body.data, word);
}

/* Runs one request through handle_request, as nginx's fastcgi_params would describe it, and
 * checks what every response owes: its security headers, and no statement left pending. */
static int request(struct req r)
{
	char method[64], uri[2048], query[2048], cookie[128], origin[512], addr[64];
	const char *q = strchr(r.uri, '?');
	const char *token = r.token ? r.token : r.who != READER ? t.token[r.who] : NULL;
	bool post = r.method ? strcmp(r.method, "POST") == 0 : r.body != NULL;
	char *envp[12];
	int n = 0;
	snprintf(method, sizeof method, "REQUEST_METHOD=%s",
		 r.method ? r.method : post ? "POST" : "GET");
	snprintf(uri, sizeof uri, "REQUEST_URI=%s", r.uri);
	snprintf(query, sizeof query, "QUERY_STRING=%s", q ? q + 1 : "");
	snprintf(cookie, sizeof cookie, "HTTP_COOKIE=newsdesk_session=%s", token ? token : "");
	snprintf(origin, sizeof origin, "HTTP_ORIGIN=%s", r.origin ? r.origin : ORIGIN);
	snprintf(addr, sizeof addr, "REMOTE_ADDR=%s", r.addr ? r.addr : "");
	envp[n++] = method;
	envp[n++] = uri;
	envp[n++] = query;
	envp[n++] = (char *)"HTTP_HOST=127.0.0.1";
	envp[n++] = (char *)"SERVER_PORT=8080";
	if (token)
		envp[n++] = cookie;
	if (r.addr)
		envp[n++] = addr;
	if (post)
		envp[n++] = (char *)"CONTENT_TYPE=application/x-www-form-urlencoded";
	if (post && !(r.origin && !*r.origin))
		envp[n++] = origin;
	envp[n] = NULL;
	handle_request(&t.site, &t.conns, envp, r.body, r.body ? strlen(r.body) : 0,
		       &t.res);
	buf_reset(&t.out);
	assert_true(response_serialize(&t.res, false, &t.out));
	assert_true(db_idle(&t.conns.reader));
	assert_true(db_idle(&t.conns.writer));
	assert_true(db_idle(&t.conns.sessions));
	assert_non_null(header("Content-Security-Policy"));
	return t.res.status;
}

/* A form body as the admin pages send it: the session's CSRF token, then fields. */
static const char *form(enum who who, const char *fields)
{
	static char body[4096];
	char csrf[TOKEN_TEXT_MAX];
	assert_true(csrf_for(t.token[who], csrf));
	snprintf(body, sizeof body, "csrf=%s&%s", csrf, fields);
	return body;
}

/* The base revision the edit form of article id carries. */
static long long base_revision(long long id)
{
	static const char field[] = "name=\"base_revision\" value=\"";
	char uri[64];
	snprintf(uri, sizeof uri, "/admin/articles/%lld", id);
	assert_int_equal(request((struct req){ .uri = uri, .who = EDITOR }), 200);
	const char *at = strstr(t.res.body.data, field);
	assert_non_null(at);
	return strtoll(at + strlen(field), NULL, 10);
}

/* Saves article id as the edit form does, with one paragraph; returns the status. */
static int save_article(long long id, long long base, const char *section, const char *slug,
			const char *headline)
{
	char uri[64], fields[2048];
	snprintf(uri, sizeof uri, "/admin/articles/%lld", id);
	snprintf(fields, sizeof fields,
		 "base_revision=%lld&action=save&headline=%s&slug=%s&section=%s"
		 "&intro=An+intro+written+by+the+handler+test.&publish_at="
		 "&image_url=&image_alt=&image_caption="
		 "&bk=paragraph&bt=One+paragraph%%2C+and+only+one.&bi=&bn=&bb=&bm="
		 "&sponsor=&sponsor_url=&promos=", base, headline, slug, section);
	return request((struct req){ .uri = uri, .who = EDITOR, .body = form(EDITOR, fields) });
}

/* The case of route r; a route without one fails the test that asks. */
static const struct route_case *case_for(const struct route *r)
{
	for (size_t i = 0; i < NCASES; i++)
		if (strcmp(route_cases[i].name, r->name) == 0)
			return &route_cases[i];
	fail_msg("route %s (%s) has no case in route_cases", r->name, r->pattern);
	return NULL;
}

/* ---- the fixture: a demo database, the site as main.c sets it up, two accounts ---- */

static void add_account(struct db *w, struct db *sessions, enum who who, const char *name,
			const char *role)
{
	char hash[PASSWORD_HASH_MAX];
	unsigned char token_hash_bytes[TOKEN_HASH_BYTES];
	struct arena a;
	struct user u;
	arena_init(&a);
	assert_true(password_hash(PASSWORD, hash));
	assert_int_equal(user_add(w, name, role, hash, timefmt_now()), STORE_OK);
	assert_int_equal(user_by_name(w, &a, name, &u), STORE_OK);
	assert_true(token_new(t.token[who]));
	assert_true(token_hash(t.token[who], token_hash_bytes));
	assert_int_equal(session_create(sessions, u.id, u.session_epoch, token_hash_bytes, timefmt_now()),
			 STORE_OK);
	arena_free(&a);
}

static int setup(void **state)
{
	char err[600];
	struct db w, sessions;
	struct site_source src = { .templates_dir = TEST_SOURCE_DIR "/templates" };
	db_configure();
	setenv("NEWSDESK_BASE_URL", ORIGIN, 1);  /* the site's one origin, whatever the Host says */
	setenv("NEWSDESK_NOW", "2010-04-17T08:30:00Z", 1);
	assert_true(timefmt_pin_from_env());
	strcpy(t.dir, "/tmp/newsdesk-handler-XXXXXX");
	assert_non_null(mkdtemp(t.dir));
	snprintf(t.path, sizeof t.path, "%s/news.db", t.dir);
	if (!db_create(t.path, true, false, err, sizeof err))
		fail_msg("db_create: %s", err);
	t.site.db_path = t.path;
	t.site.routes = app_routes;
	t.site.page_cache = false;
	if (!site_load(&t.site, &src, err, sizeof err) || !db_migrate(t.path, err, sizeof err))
		fail_msg("setup: %s", err);
	assert_true(auth_init());
	assert_true(db_open(&w, t.path, false, err, sizeof err));
	assert_true(sessions_prepare(t.path, err, sizeof err));
	assert_true(sessions_open(&sessions, t.path, err, sizeof err));
	add_account(&w, &sessions, REPORTER, "reporter", "reporter");
	add_account(&w, &sessions, EDITOR, "editor", "editor");
	add_account(&w, &sessions, ADMIN, "admin", "admin");
	db_close(&sessions);
	db_close(&w);
	assert_true(db_open(&t.conns.reader, t.path, true, err, sizeof err));
	response_init(&t.res);
	buf_init(&t.out);
	return 0;
}

static int teardown(void **state)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", "-sessions",
						"-sessions-wal", "-sessions-shm" };
	char file[128];
	response_free(&t.res);
	buf_free(&t.out);
	db_close(&t.conns.sessions);
	db_close(&t.conns.writer);
	db_close(&t.conns.reader);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(file, sizeof file, "%s%s", t.path, suffixes[i]);
		unlink(file);
	}
	rmdir(t.dir);
	tpl_shutdown();
	return 0;
}

/* ---- every route ---- */

static void test_route_table_names_every_route(void **state)
{
	struct arena a;
	struct route_match m;
	char path[256];
	arena_init(&a);
	for (int i = 0; i < app_routes.n; i++) {
		const struct route *r = &app_routes.routes[i];
		const struct route_case *c = case_for(r);
		snprintf(path, sizeof path, "%.*s", (int)strcspn(c->path, "?"), c->path);
		assert_int_not_equal(route_find(&app_routes, path, METHOD_GET, &m, &a),
				     ROUTE_NOT_FOUND);
		assert_string_equal(m.route->name, r->name);  /* the path reaches its route */
	}
	arena_free(&a);
	assert_int_equal(NCASES, app_routes.n);  /* every route has a case: none is left over */
}

/* A GET of every route as who: the status of its case, and what goes with that status. */
static void get_every_route(enum who who)
{
	for (int i = 0; i < app_routes.n; i++) {
		const struct route *r = &app_routes.routes[i];
		const struct route_case *c = case_for(r);
		int status = request((struct req){ .uri = c->path, .who = who });
		if (status != c->status[who])
			fail_msg("GET %s as %d: %d, expected %d", c->path, who, status,
				 c->status[who]);
		if (!(r->methods & ALLOW_GET))  /* a change needs a POST: refused like a forgery */
			assert_int_equal(status, r->flags & NEEDS_CSRF ? 403 : 405);
		if (status == 405)
			assert_string_equal(header("Allow"), route_allow(r));
		else
			assert_null(header("Allow"));
		if (status == 303)
			assert_string_equal(header("Location"), "/admin/login");
	}
}

static void test_get_every_route_as_reader(void **state) { get_every_route(READER); }
static void test_get_every_route_as_reporter(void **state) { get_every_route(REPORTER); }
static void test_get_every_route_as_editor(void **state) { get_every_route(EDITOR); }
static void test_get_every_route_as_admin(void **state) { get_every_route(ADMIN); }

static void test_wrong_method_is_405_with_allow(void **state)
{
	for (int i = 0; i < app_routes.n; i++) {
		const struct route *r = &app_routes.routes[i];
		const char *uri = case_for(r)->path;
		if (r->methods & ALLOW_POST)
			continue;
		assert_int_equal(request((struct req){ .uri = uri, .who = ADMIN,
						       .body = form(ADMIN, "x=1") }), 405);
		assert_string_equal(header("Allow"), route_allow(r));
	}
	assert_int_equal(request((struct req){ .method = "PUT", .uri = "/" }), 405);
	assert_string_equal(header("Allow"), "GET, HEAD");
	assert_int_equal(request((struct req){ .method = "DELETE", .uri = "/admin/login" }), 405);
	assert_string_equal(header("Allow"), "GET, HEAD, POST");
}

/* ---- public pages ---- */

static void test_public_pages_type_and_content(void **state)
{
	static const struct { const char *path, *type, *word; } pages[] = {
		{ "/", HTML, SEED_HEADLINE },
		{ "/news/asia-pacific", HTML, SEED_HEADLINE },
		{ SEED_URL, HTML, SEED_HEADLINE },
		{ SEED_URL "/print", HTML, SEED_HEADLINE },
		{ "/search?q=bakiyev", HTML, SEED_HEADLINE },
		{ "/feeds/atom.xml", ATOM, "<feed" },
		{ "/feeds/rss.xml", RSS, "<rss" },
		{ "/feeds/asia-pacific/atom.xml", ATOM, SEED_HEADLINE },
		{ "/feeds/asia-pacific/rss.xml", RSS, SEED_HEADLINE },
		{ "/sitemap.xml", "application/xml; charset=utf-8", "<sitemapindex" },
		{ "/sitemaps/sections.xml", "application/xml; charset=utf-8", "/news/asia-pacific</loc>" },
		{ "/sitemaps/articles/1.xml", "application/xml; charset=utf-8", SEED_URL "</loc>" },
		{ "/sitemap-news.xml", "application/xml; charset=utf-8", "<urlset" },
		{ "/robots.txt", "text/plain; charset=utf-8", "Sitemap:" },
		{ "/healthz", "text/plain; charset=utf-8", "ok schema" },
		{ "/metrics", "text/plain; version=0.0.4; charset=utf-8",
		  "newsdesk_requests_total" },
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		assert_int_equal(request((struct req){ .uri = pages[i].path }), 200);
		assert_string_equal(t.res.content_type, pages[i].type);
		if (!body_has(pages[i].word))
			fail_msg("%s does not contain %s", pages[i].path, pages[i].word);
		assert_null(header("Allow"));
		assert_null(header("Set-Cookie"));
	}
}

static void test_missing_pages_are_404(void **state)
{
	static const char *const paths[] = {
		"/news/asia-pacific/no-such-story", "/news/no-such-section", "/nope",
		"/feeds/no-such-section/atom.xml", SEED_URL "/print/more",
		"/news/europe/ash-cloud-what-stranded-travellers-need-to-know",  /* a draft */
		"/news/americas/rio-de-janeiro-declares-emergency-over-heavy-rain",  /* withdrawn */
		/* sitemap files: past the articles, not a number, no suffix, the suffix twice, 0 */
		"/sitemaps/articles/2.xml", "/sitemaps/articles/x.xml", "/sitemaps/articles/1",
		"/sitemaps/articles/1.xml.xml", "/sitemaps/articles/0.xml", "/sitemaps/articles/.xml",
		"/sitemaps/articles/-1.xml", "/sitemaps/articles/99999999999999999999.xml",
		"/sitemaps/articles/9007199254740992.xml", "/sitemaps/sections",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		if (request((struct req){ .uri = paths[i] }) != 404)
			fail_msg("%s: %d, expected 404", paths[i], t.res.status);
		assert_string_equal(t.res.content_type, HTML);
		assert_true(body_has("We could not find the page"));
	}
	assert_int_equal(request((struct req){ .uri = "/admin/articles/99999", .who = EDITOR }),
			 404);
}

static void test_trailing_slash_redirects_301(void **state)
{
	assert_int_equal(request((struct req){ .uri = "/news/europe/" }), 301);
	assert_string_equal(header("Location"), "/news/europe");
	assert_int_equal(request((struct req){ .uri = SEED_URL "/" }), 301);
	assert_string_equal(header("Location"), SEED_URL);
	assert_int_equal(request((struct req){ .uri = "/nope/" }), 404);
	assert_int_equal(request((struct req){ .uri = "/news/europe/?page=2" }), 301);
	assert_string_equal(header("Location"), "/news/europe?page=2");  /* the query goes along */
	/* a POST is never redirected (the browser would drop its form), nor a method the route
	 * does not take */
	assert_int_equal(request((struct req){ .uri = "/admin/login/", .body = "name=x&password=y" }), 404);
	assert_int_equal(request((struct req){ .method = "POST", .uri = "/news/europe/", .body = "" }), 404);
}

static void test_section_page_one_redirects_301(void **state)
{
	assert_int_equal(request((struct req){ .uri = "/news/europe?page=1" }), 301);
	assert_string_equal(header("Location"), "/news/europe");
}

static void test_bad_page_number_is_404(void **state)
{
	static const char *const uris[] = {
		"/news/europe?page=x", "/news/europe?page=0", "/news/europe?page=-1",
		"/news/europe?page=999",
	};
	for (size_t i = 0; i < sizeof uris / sizeof uris[0]; i++)
		if (request((struct req){ .uri = uris[i] }) != 404)
			fail_msg("%s: %d, expected 404", uris[i], t.res.status);
}

/* ---- logging in and out (each from its own address: failures slow the next try) ---- */

static void test_login_wrong_password_shows_message(void **state)
{
	assert_int_equal(request((struct req){ .uri = "/admin/login", .addr = "192.0.2.1",
					       .body = "name=admin&password=not+it" }), 200);
	assert_true(body_has("Wrong name or password."));
	assert_null(header("Set-Cookie"));
}

static void test_login_sets_cookie_and_logout_ends_it(void **state)
{
	char cookie[256], csrf[TOKEN_TEXT_MAX], body[128];
	const char *login = "name=editor&password=correct+horse+battery+staple";
	assert_int_equal(request((struct req){ .uri = "/admin/login", .addr = "192.0.2.2",
					       .body = login }), 303);
	assert_string_equal(header("Location"), "/admin");
	assert_non_null(header("Set-Cookie"));
	snprintf(cookie, sizeof cookie, "%s", header("Set-Cookie"));
	assert_non_null(strstr(cookie, "; HttpOnly"));
	assert_int_equal(strncmp(cookie, "newsdesk_session=", 17), 0);
	char *token = cookie + 17;
	token[strcspn(token, ";")] = '\0';
	assert_int_equal(request((struct req){ .uri = "/admin", .token = token }), 200);

	assert_true(csrf_for(token, csrf));
	snprintf(body, sizeof body, "csrf=%s", csrf);
	assert_int_equal(request((struct req){ .uri = "/admin/logout", .token = token,
					       .body = body }), 303);
	assert_string_equal(header("Location"), "/admin/login");
	assert_non_null(strstr(header("Set-Cookie"), "Max-Age=0"));
	assert_int_equal(request((struct req){ .uri = "/admin", .token = token }), 303);
	assert_int_equal(request((struct req){ .uri = "/admin", .who = EDITOR }), 200);  /* one */
}

/* ---- refusals ---- */

static void test_post_without_csrf_is_403(void **state)
{
	const char *uri = "/admin/articles/new";
	assert_int_equal(request((struct req){ .uri = uri, .who = EDITOR,
					       .body = "action=save&headline=x" }), 403);
	assert_int_equal(request((struct req){ .uri = uri, .who = EDITOR,  /* the admin's token */
					       .body = form(ADMIN, "action=save") }), 403);
	assert_int_equal(request((struct req){ .uri = "/admin/logout", .who = EDITOR,
					       .body = "x=1" }), 403);
	assert_int_equal(request((struct req){ .uri = "/admin", .who = EDITOR }), 200);  /* in */
}

static void test_post_without_session_is_403(void **state)
{
	assert_int_equal(request((struct req){ .uri = "/admin/articles/new",
					       .body = form(EDITOR, "action=save") }), 403);
}

static void test_post_from_other_origin_is_403(void **state)
{
	static const char *const origins[] = {
		"http://evil.example", "http://127.0.0.1:9090", "https://127.0.0.1:8080",
		"null", "",  /* "": no Origin and no Referer */
	};
	const char *uri = "/admin/articles/new";
	for (size_t i = 0; i < sizeof origins / sizeof origins[0]; i++)
		if (request((struct req){ .uri = uri, .who = EDITOR, .origin = origins[i],
					  .body = form(EDITOR, "action=add_box") }) != 403)
			fail_msg("Origin '%s': %d, expected 403", origins[i], t.res.status);
	assert_int_equal(request((struct req){ .uri = uri, .who = EDITOR,
					       .body = form(EDITOR, "action=add_box") }), 200);
}

static void test_editor_cannot_post_admin_forms(void **state)
{
	assert_int_equal(request((struct req){ .uri = "/admin/promos", .who = REPORTER,
					       .body = form(REPORTER, "promos=") }), 403);
	assert_int_equal(request((struct req){ .uri = "/admin/sections", .who = REPORTER,
					       .body = form(REPORTER, "action=add") }), 403);
	assert_int_equal(request((struct req){ .uri = "/admin/users", .who = EDITOR,
					       .body = form(EDITOR, "action=add&name=x&password=a+long+password+1&role=admin") }), 403);
	assert_int_equal(request((struct req){ .uri = "/admin/articles/1", .who = REPORTER,
					       .body = form(REPORTER, "action=save") }), 403);
}

/* ---- saving an article ---- */

static void test_saved_article_shows_on_public_page(void **state)
{
	const char *slug = "us-and-russia-sign-new-nuclear-arms-treaty-in-prague";
	long long base = base_revision(9);
	assert_int_equal(save_article(9, base, "europe", slug, "Treaty+headline+from+the+test"),
			 303);
	assert_string_equal(header("Location"), "/admin/articles/9?done=saved");
	assert_int_equal(request((struct req){ .uri = "/news/europe/us-and-russia-sign-new-"
							  "nuclear-arms-treaty-in-prague" }), 200);
	assert_true(body_has("Treaty headline from the test"));
	assert_true(body_has("One paragraph, and only one."));
	assert_true(base_revision(9) > base);
}

static void test_stale_save_is_409(void **state)
{
	const char *slug = "chile-counts-the-cost-of-rebuilding-after-earthquake";
	long long base = base_revision(12);
	assert_int_equal(save_article(12, base, "americas", slug, "First+save"), 303);
	assert_int_equal(save_article(12, base, "americas", slug, "Second+save+from+an+old+form"),
			 409);
	assert_true(body_has("Someone else saved this article"));
	assert_true(body_has("Second save from an old form"));  /* the editor's text comes back */
	assert_int_equal(request((struct req){ .uri = "/news/americas/chile-counts-the-cost-of-"
							  "rebuilding-after-earthquake" }), 200);
	assert_true(body_has("First save"));
	assert_false(body_has("Second save"));
}

static void test_save_without_headline_is_422(void **state)
{
	const char *slug = "haiti-faces-rainy-season-in-crowded-camps";
	assert_int_equal(save_article(13, base_revision(13), "americas", slug, ""), 422);
	assert_true(body_has("Write a headline."));
	assert_int_equal(request((struct req){ .uri = "/news/americas/haiti-faces-rainy-season-"
							  "in-crowded-camps" }), 200);
	assert_true(body_has("Haiti faces rainy season in crowded camps"));  /* nothing saved */
	assert_false(body_has("One paragraph, and only one."));
}

/* ---- every limit declared once: the field table, the forms and the schema agree ---- */

/* n copies of "é": characters and bytes differ, as a limit must count characters. */
static const char *accents(size_t n)
{
	static char text[1024];
	assert_true(n * 2 < sizeof text);
	for (size_t i = 0; i < n; i++)
		memcpy(text + 2 * i, "\xc3\xa9", 2);
	text[2 * n] = '\0';
	return text;
}

static int set_column(sqlite3 *conn, const char *sql, const char *value)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(conn, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, value, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc;
}

static void test_schema_checks_match_field_limits(void **state)
{
	static const struct { const char *sql; enum field field; } columns[] = {
		{ "UPDATE sections SET name = ?1 WHERE id = 1", F_SECTION_NAME },
		{ "UPDATE sections SET slug = ?1 WHERE id = 1", F_SECTION_SLUG },
		{ "UPDATE articles SET slug = ?1 WHERE id = 1", F_SLUG },
		{ "UPDATE articles SET headline = ?1 WHERE id = 1", F_HEADLINE },
		{ "UPDATE users SET name = ?1 WHERE id = 1", F_NAME },
	};
	sqlite3 *conn;
	assert_int_equal(sqlite3_open(t.path, &conn), SQLITE_OK);
	sqlite3_exec(conn, "BEGIN", NULL, NULL, NULL);  /* rolled back: the demo stays as it was */
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		size_t max = request_field_max(columns[i].field);
		if (set_column(conn, columns[i].sql, accents(max)) != SQLITE_DONE)
			fail_msg("%s: the schema refuses %zu characters, the form allows them",
				 columns[i].sql, max);
		if (set_column(conn, columns[i].sql, accents(max + 1)) != SQLITE_CONSTRAINT)
			fail_msg("%s: the schema takes %zu characters, the form refuses them",
				 columns[i].sql, max + 1);
	}
	sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(conn);
}

/* The field a form control names: a form field, or the reader's q. */
static enum field field_of(const char *name, size_t n)
{
	for (int f = 0; f < FIELD__MAX; f++)
		if ((request_field_in_form((enum field)f) || f == Q_QUERY) &&
		    strlen(request_field_name((enum field)f)) == n &&
		    memcmp(request_field_name((enum field)f), name, n) == 0)
			return (enum field)f;
	return FIELD__MAX;
}

/* Every maxlength in the page's controls equals its field's limit; returns how many there were. */
static int check_maxlengths(const char *page)
{
	int checked = 0;
	for (const char *tag = strstr(page, "<input"); tag; tag = strstr(tag + 1, "<input")) {
		const char *end = strchr(tag, '>'), *name = strstr(tag, " name=\""),
			   *max = strstr(tag, " maxlength=\"");
		if (!end || !name || !max || name > end || max > end)
			continue;
		name += 7;
		enum field f = field_of(name, strcspn(name, "\""));
		if (f == FIELD__MAX)
			fail_msg("a control named %.*s is no field", (int)strcspn(name, "\""), name);
		if (strtoul(max + 12, NULL, 10) != request_field_max(f))
			fail_msg("%s: maxlength %lu, the field takes %zu", request_field_name(f),
				 strtoul(max + 12, NULL, 10), request_field_max(f));
		checked++;
	}
	return checked;
}

static void test_form_maxlengths_match_field_limits(void **state)
{
	static const struct { const char *uri; enum who who; int at_least; } forms[] = {
		{ "/admin/articles/1", ADMIN, 12 }, { "/admin/sections", ADMIN, 10 },
		{ "/admin/login", READER, 2 }, { "/search?q=bakiyev", READER, 2 },
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		assert_int_equal(request((struct req){ .uri = forms[i].uri, .who = forms[i].who }), 200);
		int checked = check_maxlengths(t.res.body.data);
		if (checked < forms[i].at_least)
			fail_msg("%s: %d maxlengths, expected at least %d", forms[i].uri, checked,
				 forms[i].at_least);
	}
}

/* A section name over the limit is the editor's mistake (422), never the database's (503). */
static void test_section_name_limit_is_a_form_error(void **state)
{
	char fields[1024];
	snprintf(fields, sizeof fields, "action=add&section_slug=limits&section_position=9&section_name=%s",
		 "%C3%A9");
	for (size_t n = 1; n < request_field_max(F_SECTION_NAME); n++)
		strcat(fields, "%C3%A9");  /* SECTION_NAME_MAX characters */
	strcat(fields, "x");
	assert_int_equal(request((struct req){ .uri = "/admin/sections", .who = ADMIN,
					       .body = form(ADMIN, fields) }), 422);
	assert_true(body_has("Give the section a name"));
	fields[strlen(fields) - 1] = '\0';  /* exactly the limit: added */
	assert_int_equal(request((struct req){ .uri = "/admin/sections", .who = ADMIN,
					       .body = form(ADMIN, fields) }), 303);
}

/* ---- XML from whatever the database holds (these tests change the demo data: they run last) ---- */

/* Writes past the form, as an import or an older version could have. */
static void exec_sql(const char *sql)
{
	char err[600];
	struct db w;
	assert_true(db_open(&w, t.path, false, err, sizeof err));
	assert_int_equal(sqlite3_exec(w.conn, sql, NULL, NULL, NULL), SQLITE_OK);
	db_close(&w);
}

static void test_xml_never_carries_forbidden_characters(void **state)
{
	static const char *const paths[] = {
		"/feeds/atom.xml", "/feeds/rss.xml", "/feeds/asia-pacific/atom.xml",
		"/feeds/asia-pacific/rss.xml", "/sitemap.xml", "/sitemaps/sections.xml",
		"/sitemaps/articles/1.xml", "/sitemap-news.xml",
	};
	static const char *const forbidden[] = {  /* C0 controls, noncharacters, a byte not UTF-8 */
		"\x01", "\x02", "\x1f", "\xef\xbf\xbf", "\xef\xbf\xbe", "\xef\xb7\x90",
		"\xf4\x8f\xbf\xbf", "\xff",
	};
	exec_sql("UPDATE articles SET headline = 'Kyrgyz ' || char(65535) || char(1) || ' ex-leader',"
		 " intro = 'A' || char(65534) || char(64976) || char(1114111) || char(31) ||"
		 " CAST(X'FF' AS TEXT) || 'B' || char(9) || 'C' WHERE id = 1;"
		 "UPDATE sections SET name = 'Asia' || char(2) || ' Pacific' WHERE slug = 'asia-pacific'");
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		assert_int_equal(request((struct req){ .uri = paths[i] }), 200);
		for (size_t k = 0; k < sizeof forbidden / sizeof forbidden[0]; k++)
			if (memmem(t.res.body.data, t.res.body.len, forbidden[k], strlen(forbidden[k])))
				fail_msg("%s carries the bytes of forbidden[%zu]", paths[i], k);
		/* U+FFFD for the noncharacter; ctemplate's xml_escape already made the control a space */
		/* the sitemaps but the news one carry no headlines */
		if (strncmp(paths[i], "/sitemap", 8) != 0 || strcmp(paths[i], "/sitemap-news.xml") == 0)
			assert_true(body_has("Kyrgyz \xef\xbf\xbd  ex-leader"));
	}
	assert_int_equal(request((struct req){ .uri = "/feeds/asia-pacific/atom.xml" }), 200);
	assert_true(body_has("A\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd" "B\tC"));
	assert_true(body_has("Asia  Pacific"));
}

/* RSS readers take a description as HTML: an intro of markup must reach them escaped for HTML,
 * then for XML. Atom's summary is a text construct: escaped for XML only. */
static void test_feed_intro_of_markup_stays_text(void **state)
{
	exec_sql("UPDATE articles SET intro = '<img src=x onerror=alert(1)> & <b>' WHERE id = 2");
	assert_int_equal(request((struct req){ .uri = "/feeds/rss.xml" }), 200);
	assert_true(body_has("<description>&amp;lt;img src=x onerror=alert(1)&amp;gt; &amp;amp; "
			     "&amp;lt;b&amp;gt;</description>"));
	assert_false(body_has("&lt;img"));
	assert_int_equal(request((struct req){ .uri = "/feeds/asia-pacific/atom.xml" }), 200);
	assert_true(body_has(">&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;</summary>"));
	assert_false(body_has("<img"));
}

/* What a browser takes as the value of the textarea whose tag holds attr: an HTML parser drops
 * one LF right after the start tag. (The texts here hold nothing pre_escape escapes.) */
static const char *textarea_value(const char *attr)
{
	static char value[256];
	const char *tag = strstr(t.res.body.data, attr);
	assert_non_null(tag);
	const char *start = strchr(tag, '>') + 1, *end = strstr(start, "</textarea>");
	assert_non_null(end);
	if (*start == '\n')
		start++;
	snprintf(value, sizeof value, "%.*s", (int)(end - start), start);
	return value;
}

static void test_textarea_keeps_leading_newlines(void **state)
{
	exec_sql("UPDATE articles SET intro = char(10) || char(10) || 'Two newlines.' WHERE id = 3;"
		 "UPDATE blocks SET text = char(10) || 'One newline.' WHERE article_id = 3 AND position = 1;"
		 "UPDATE blocks SET text = 'No newline.' WHERE article_id = 3 AND position = 2");
	assert_int_equal(request((struct req){ .uri = "/admin/articles/3", .who = EDITOR }), 200);
	assert_string_equal(textarea_value("id=\"intro\""), "\n\nTwo newlines.");
	assert_string_equal(textarea_value("id=\"bt0\""), "\nOne newline.");
	assert_string_equal(textarea_value("id=\"bt1\""), "No newline.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_table_names_every_route),
		cmocka_unit_test(test_get_every_route_as_reader),
		cmocka_unit_test(test_get_every_route_as_reporter),
		cmocka_unit_test(test_get_every_route_as_editor),
		cmocka_unit_test(test_get_every_route_as_admin),
		cmocka_unit_test(test_wrong_method_is_405_with_allow),
		cmocka_unit_test(test_public_pages_type_and_content),
		cmocka_unit_test(test_missing_pages_are_404),
		cmocka_unit_test(test_trailing_slash_redirects_301),
		cmocka_unit_test(test_section_page_one_redirects_301),
		cmocka_unit_test(test_bad_page_number_is_404),
		cmocka_unit_test(test_login_wrong_password_shows_message),
		cmocka_unit_test(test_login_sets_cookie_and_logout_ends_it),
		cmocka_unit_test(test_post_without_csrf_is_403),
		cmocka_unit_test(test_post_without_session_is_403),
		cmocka_unit_test(test_post_from_other_origin_is_403),
		cmocka_unit_test(test_editor_cannot_post_admin_forms),
		cmocka_unit_test(test_saved_article_shows_on_public_page),
		cmocka_unit_test(test_stale_save_is_409),
		cmocka_unit_test(test_save_without_headline_is_422),
		cmocka_unit_test(test_schema_checks_match_field_limits),
		cmocka_unit_test(test_form_maxlengths_match_field_limits),
		cmocka_unit_test(test_section_name_limit_is_a_form_error),
		cmocka_unit_test(test_xml_never_carries_forbidden_characters),
		cmocka_unit_test(test_feed_intro_of_markup_stays_text),
		cmocka_unit_test(test_textarea_keeps_leading_newlines),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
