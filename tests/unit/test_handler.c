/* Unit tests for handler.c, in the style of kcgi's regress/: whole requests run in-process
 * against a real demo database, for every route of app_routes, as a reader, an editor and an
 * admin. Every response must carry the security headers and leave both connections idle. */
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

#include "auth.h"
#include "db.h"
#include "handler.h"
#include "routes.h"
#include "siteconf.h"
#include "timefmt.h"
#include "tpl.h"
#include "users.h"

#define PASSWORD "correct horse battery staple"
#define ORIGIN "http://127.0.0.1:8080"
#define SEED_URL "/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan"
#define SEED_HEADLINE "Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan"
#define HTML "text/html; charset=utf-8"
#define ATOM "application/atom+xml; charset=utf-8"
#define RSS "application/rss+xml; charset=utf-8"

enum who { READER, EDITOR, ADMIN };

static struct {
	char dir[64], path[96];
	struct site site;
	struct db reader, writer;  /* read-only; read-write, opened by the handler on first use */
	struct response res;
	struct buf out;            /* the last response as the server would send it */
	char token[3][TOKEN_TEXT_MAX];  /* session cookies by enum who ("" for the reader) */
} t;

/* Every route, a path that reaches it, and the status of a GET there for each of enum who. */
static const struct route_case {
	const char *name, *path;
	int status[3];
} route_cases[] = {
	{ "home", "/", { 200, 200, 200 } },
	{ "section", "/news/europe", { 200, 200, 200 } },
	{ "article", SEED_URL, { 200, 200, 200 } },
	{ "print", SEED_URL "/print", { 200, 200, 200 } },
	{ "search", "/search?q=bakiyev", { 200, 200, 200 } },
	{ "feed_atom", "/feeds/atom.xml", { 200, 200, 200 } },
	{ "feed_rss", "/feeds/rss.xml", { 200, 200, 200 } },
	{ "section_atom", "/feeds/europe/atom.xml", { 200, 200, 200 } },
	{ "section_rss", "/feeds/europe/rss.xml", { 200, 200, 200 } },
	{ "sitemap", "/sitemap.xml", { 200, 200, 200 } },
	{ "news_sitemap", "/sitemap-news.xml", { 200, 200, 200 } },
	{ "robots", "/robots.txt", { 200, 200, 200 } },
	{ "healthz", "/healthz", { 200, 200, 200 } },
	{ "metrics", "/metrics", { 200, 200, 200 } },
	{ "admin_login", "/admin/login", { 200, 200, 200 } },
	{ "admin_logout", "/admin/logout", { 403, 403, 403 } },
	{ "admin_articles", "/admin", { 303, 200, 200 } },
	{ "admin_article_new", "/admin/articles/new", { 303, 200, 200 } },
	{ "admin_article_edit", "/admin/articles/1", { 303, 200, 200 } },
	{ "admin_revisions", "/admin/articles/1/revisions", { 303, 200, 200 } },
	{ "admin_restore", "/admin/articles/1/revisions/1/restore", { 403, 403, 403 } },
	{ "admin_sections", "/admin/sections", { 303, 403, 200 } },
	{ "admin_promos", "/admin/promos", { 303, 403, 200 } },
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
	handle_request(&t.site, &t.reader, &t.writer, envp, r.body, r.body ? strlen(r.body) : 0,
		       &t.res);
	buf_reset(&t.out);
	assert_true(response_serialize(&t.res, false, &t.out));
	assert_true(db_idle(&t.reader));
	assert_true(db_idle(&t.writer));
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

static void add_account(struct db *w, enum who who, const char *name, const char *role)
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
	assert_int_equal(session_create(w, u.id, token_hash_bytes, timefmt_now()), STORE_OK);
	arena_free(&a);
}

static int setup(void **state)
{
	char err[600];
	struct db w;
	struct site_source src = { NULL, TEST_SOURCE_DIR "/templates", false };
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
	add_account(&w, EDITOR, "editor", "editor");
	add_account(&w, ADMIN, "admin", "admin");
	db_close(&w);
	assert_true(db_open(&t.reader, t.path, true, err, sizeof err));
	response_init(&t.res);
	buf_init(&t.out);
	return 0;
}

static int teardown(void **state)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char file[128];
	response_free(&t.res);
	buf_free(&t.out);
	db_close(&t.writer);
	db_close(&t.reader);
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
		{ "/sitemap.xml", "application/xml; charset=utf-8", "<urlset" },
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
	assert_int_equal(request((struct req){ .uri = "/admin/promos", .who = EDITOR,
					       .body = form(EDITOR, "promos=") }), 403);
	assert_int_equal(request((struct req){ .uri = "/admin/sections", .who = EDITOR,
					       .body = form(EDITOR, "action=add") }), 403);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_table_names_every_route),
		cmocka_unit_test(test_get_every_route_as_reader),
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
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
