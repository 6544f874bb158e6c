/* Unit tests for request.c and routes.c: paths, query fields, strict integers, UTF-8 (and its
 * scrubbing for XML), routing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "request.h"
#include "routes.h"
#include "utf8.h"

/* Parses a request with the given REQUEST_URI (path?query), as a server without DOCUMENT_URI. */
static enum parse_result parse_uri(struct request *r, struct arena *a, const char *method,
				   const char *uri)
{
	static char m[64], u[20000], q[20000];
	const char *query = strchr(uri, '?');
	snprintf(m, sizeof m, "REQUEST_METHOD=%s", method);
	snprintf(u, sizeof u, "REQUEST_URI=%s", uri);
	snprintf(q, sizeof q, "QUERY_STRING=%s", query ? query + 1 : "");
	char *envp[] = { m, u, q, NULL };
	enum parse_result res = request_parse(r, envp, NULL, 0, a);
	return res == PARSE_OK ? request_read_fields(r, REQUEST_ALL_FIELDS, a) : res;
}

static void test_parse_uint_table(void **state)
{
	struct { const char *in; long long max; bool ok; long long want; } cases[] = {
		{ "1", 100, true, 1 },     { "0", 100, true, 0 },      { "100", 100, true, 100 },
		{ "101", 100, false, 0 },  { "", 100, false, 0 },      { "-1", 100, false, 0 },
		{ "+1", 100, false, 0 },   { "01", 100, false, 0 },    { "1a", 100, false, 0 },
		{ " 1", 100, false, 0 },   { "1 ", 100, false, 0 },    { "0x10", 100, false, 0 },
		{ "1e3", 10000, false, 0 },
		{ "99999999999999999999999", 1000000, false, 0 },
		{ "9223372036854775807", 9223372036854775807LL, true, 9223372036854775807LL },
		{ "9223372036854775808", 9223372036854775807LL, false, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long long v = -7;
		bool ok = parse_uint(cases[i].in, cases[i].max, &v);
		assert_int_equal(ok, cases[i].ok);
		if (ok)
			assert_int_equal(v, cases[i].want);
	}
	long long v;
	assert_false(parse_uint(NULL, 10, &v));
}

static void test_utf8_table(void **state)
{
	struct { const char *s; size_t n; bool ok; } cases[] = {
		{ "plain", 5, true },
		{ "\xd0\x9a\xd1\x83\xd1\x80\xd0\xbc\xd0\xb0\xd0\xbd\xd0\xb1\xd0\xb5\xd0\xba", 18, true },
		{ "\xe2\x80\x8f", 3, true },           /* right-to-left mark */
		{ "\xf0\x9f\x93\xb0", 4, true },       /* newspaper emoji */
		{ "\xff\xfe", 2, false },
		{ "\xc0\xaf", 2, false },              /* overlong '/' */
		{ "\xe0\x80\xaf", 3, false },          /* overlong '/' */
		{ "\xed\xa0\x80", 3, false },          /* surrogate */
		{ "\xf4\x90\x80\x80", 4, false },      /* past U+10FFFF */
		{ "\xd0", 1, false },                  /* truncated */
		{ "a\0b", 3, false },                  /* NUL */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(utf8_valid(cases[i].s, cases[i].n), cases[i].ok);
	/* noncharacters are valid UTF-8 but not text */
	struct { const char *s; bool text; } nc[] = {
		{ "\xef\xb7\x8f", true },  { "\xef\xb7\x90", false }, { "\xef\xb7\xaf", false },
		{ "\xef\xb7\xb0", true },  { "\xef\xbf\xbd", true },  { "\xef\xbf\xbe", false },
		{ "\xef\xbf\xbf", false }, { "\xf0\x9f\xbf\xbe", false }, { "\xf0\x9f\xbf\xbf", false },
		{ "\xf0\xb0\x80\x80", true }, { "\xf4\x8f\xbf\xbd", true }, { "\xf4\x8f\xbf\xbf", false },
	};
	for (size_t i = 0; i < sizeof nc / sizeof nc[0]; i++) {
		assert_true(utf8_valid(nc[i].s, strlen(nc[i].s)));
		assert_int_equal(utf8_text(nc[i].s, strlen(nc[i].s)), nc[i].text);
	}
	assert_false(utf8_text("\xff", 1));
}

static void test_scrub_xml(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain <text> \xc3\xa9 \xf0\x9f\x93\xb0", "plain <text> \xc3\xa9 \xf0\x9f\x93\xb0" },
		{ "tab\tLF\nCR\r", "tab\tLF\nCR\r" },
		{ "a\x01" "b\x1f" "c\x0b" "d", "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d" },
		{ "\xef\xbf\xbf\xef\xbf\xbe\xef\xb7\x90\xf4\x8f\xbf\xbf",
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },  /* one U+FFFD a character */
		{ "x\xffy\xc3", "x\xef\xbf\xbdy\xef\xbf\xbd" },              /* one a bad byte */
		{ "\xef\xb7\x8f\xef\xbf\xbd\xf4\x8f\xbf\xbd", "\xef\xb7\x8f\xef\xbf\xbd\xf4\x8f\xbf\xbd" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b;
		buf_init(&b);
		buf_puts(&b, "\x01kept before from|");
		size_t from = b.len;
		buf_puts(&b, cases[i].in);
		assert_true(utf8_scrub_xml(&b, from));
		assert_memory_equal(b.data, "\x01kept before from|", from);
		assert_string_equal(b.data + from, cases[i].out);
		assert_int_equal(b.len, from + strlen(cases[i].out));
		buf_free(&b);
	}
	struct buf empty;
	buf_init(&empty);
	assert_true(utf8_scrub_xml(&empty, 0));
	assert_null(empty.data);
}

static void test_path_decoding(void **state)
{
	struct arena a;
	struct request r;
	arena_init(&a);
	assert_int_equal(parse_uri(&r, &a, "GET", "/news/europe?page=2"), PARSE_OK);
	assert_string_equal(r.path, "/news/europe");
	assert_int_equal(r.method, METHOD_GET);
	assert_int_equal(parse_uri(&r, &a, "GET", "/news/%6Eews"), PARSE_OK);
	assert_string_equal(r.path, "/news/news");
	assert_int_equal(parse_uri(&r, &a, "GET", "/caf%C3%A9"), PARSE_OK);
	assert_string_equal(r.path, "/caf\xc3\xa9");
	assert_int_equal(parse_uri(&r, &a, "HEAD", "/"), PARSE_OK);
	assert_int_equal(r.method, METHOD_HEAD);
	assert_int_equal(parse_uri(&r, &a, "DELETE", "/"), PARSE_OK);
	assert_int_equal(r.method, METHOD_OTHER);
	/* hostile paths */
	assert_int_equal(parse_uri(&r, &a, "GET", "/news/%00"), PARSE_BAD_REQUEST);
	assert_int_equal(parse_uri(&r, &a, "GET", "/%ff%fe"), PARSE_BAD_REQUEST);
	assert_int_equal(parse_uri(&r, &a, "GET", "/a%0d%0aSet-Cookie:x"), PARSE_BAD_REQUEST);
	assert_int_equal(parse_uri(&r, &a, "GET", "news"), PARSE_BAD_REQUEST);
	assert_int_equal(parse_uri(&r, &a, "GET", "/%"), PARSE_OK);  /* a lone % stays itself */
	assert_string_equal(r.path, "/%");
	char longpath[REQUEST_PATH_MAX + 10];
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	longpath[sizeof longpath - 1] = '\0';
	assert_int_equal(parse_uri(&r, &a, "GET", longpath), PARSE_TOO_LONG);
	arena_free(&a);
}

static void test_document_uri_preferred(void **state)
{
	struct arena a;
	struct request r;
	char *envp[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/news/../x%2Fy", "DOCUMENT_URI=/x/y",
			 "QUERY_STRING=", "HTTPS=on", NULL };
	arena_init(&a);
	assert_int_equal(request_parse(&r, envp, NULL, 0, &a), PARSE_OK);
	assert_string_equal(r.path, "/x/y");
	assert_true(r.https);
	arena_free(&a);
}

static void test_host_header(void **state)
{
	struct { const char *host; enum parse_result want; } cases[] = {
		{ "news.example", PARSE_OK }, { "127.0.0.1", PARSE_OK }, { "news.example:8080", PARSE_OK },
		{ "[::1]", PARSE_OK }, { "[::1]:8080", PARSE_OK }, { "localhost", PARSE_OK },
		{ "evil.test\"><x", PARSE_BAD_REQUEST }, { "a b", PARSE_BAD_REQUEST },
		{ "", PARSE_BAD_REQUEST }, { "news.example:", PARSE_BAD_REQUEST },
		{ "news.example:80x", PARSE_BAD_REQUEST }, { "news.example:123456", PARSE_BAD_REQUEST },
		{ "[::1", PARSE_BAD_REQUEST }, { "[x]", PARSE_BAD_REQUEST }, { "a/b", PARSE_BAD_REQUEST },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct arena a;
		struct request r;
		char host[64];
		snprintf(host, sizeof host, "HTTP_HOST=%s", cases[i].host);
		char *envp[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/", "QUERY_STRING=", host, NULL };
		arena_init(&a);
		if (request_parse(&r, envp, NULL, 0, &a) != cases[i].want)
			fail_msg("Host '%s'", cases[i].host);
		arena_free(&a);
	}
}

static void test_page_field(void **state)
{
	struct arena a;
	struct request r;
	arena_init(&a);
	assert_int_equal(parse_uri(&r, &a, "GET", "/news/europe"), PARSE_OK);
	assert_false(r.field[Q_PAGE].present);
	assert_int_equal(parse_uri(&r, &a, "GET", "/news/europe?x=1&page=3&page=4"), PARSE_OK);
	assert_true(r.field[Q_PAGE].present);
	assert_true(r.field[Q_PAGE].valid);
	assert_int_equal(r.field[Q_PAGE].num, 3);  /* the first one counts */
	const char *bad[] = { "page=0", "page=-1", "page=abc", "page=", "page", "page=1e2",
			      "page=99999999999999999999", "page=%00", "page=%ff", "page=2%20" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char uri[128];
		snprintf(uri, sizeof uri, "/news/europe?%s", bad[i]);
		assert_int_equal(parse_uri(&r, &a, "GET", uri), PARSE_OK);
		assert_true(r.field[Q_PAGE].present);
		assert_false(r.field[Q_PAGE].valid);
	}
	static char huge[REQUEST_QUERY_MAX + 100];
	memcpy(huge, "/?q=", 4);
	memset(huge + 4, 'x', sizeof huge - 5);
	assert_int_equal(parse_uri(&r, &a, "GET", huge), PARSE_TOO_LONG);
	arena_free(&a);
}

static void expect_route(const char *path, enum http_method m, enum route_result want,
			 const char *name, const char *arg0, const char *arg1)
{
	struct arena a;
	struct route_match match;
	arena_init(&a);
	assert_int_equal(route_find(&app_routes, path, m, &match, &a), want);
	if (want != ROUTE_NOT_FOUND)
		assert_string_equal(match.route->name, name);
	if (arg0)
		assert_string_equal(match.args[0], arg0);
	if (arg1)
		assert_string_equal(match.args[1], arg1);
	arena_free(&a);
}

static void test_routes(void **state)
{
	expect_route("/", METHOD_GET, ROUTE_FOUND, "home", NULL, NULL);
	expect_route("/", METHOD_HEAD, ROUTE_FOUND, "home", NULL, NULL);
	expect_route("/", METHOD_POST, ROUTE_BAD_METHOD, "home", NULL, NULL);
	expect_route("/news/europe", METHOD_GET, ROUTE_FOUND, "section", "europe", NULL);
	expect_route("/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan", METHOD_GET,
		     ROUTE_FOUND, "article", "asia-pacific", "kurmanbek-bakiyev-flies-to-kazakhstan");
	expect_route("/news/europe/a-story/print", METHOD_GET, ROUTE_FOUND, "print", "europe", "a-story");
	expect_route("/news/europe/a-story/print", METHOD_OTHER, ROUTE_BAD_METHOD, "print", NULL, NULL);
	expect_route("/admin/articles/12", METHOD_POST, ROUTE_FOUND, "admin_article_edit", "12", NULL);
	expect_route("/admin/articles/new", METHOD_GET, ROUTE_FOUND, "admin_article_new", NULL, NULL);
	expect_route("/admin/articles/3/revisions/7/restore", METHOD_POST, ROUTE_FOUND, "admin_restore", "3", "7");
	expect_route("/admin/articles/3/revisions/7/restore", METHOD_GET, ROUTE_BAD_METHOD, "admin_restore", NULL, NULL);
	expect_route("/admin/logout", METHOD_GET, ROUTE_BAD_METHOD, "admin_logout", NULL, NULL);
	const char *missing[] = {
		"/news", "/news/", "/news/europe/", "/news//x", "/news/Europe", "/news/eu_rope",
		"/news/europe/a/print/x", "/news/europe/a/b", "/newsx/europe", "//", "/print",
		"/news/caf\xc3\xa9", "/news/../etc/passwd", "/admin/articles/0", "/admin/articles/-1",
		"/admin/articles/01", "/admin/articles/1x", "/admin/articles/99999999999999999999",
	};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++)
		expect_route(missing[i], METHOD_GET, ROUTE_NOT_FOUND, NULL, NULL, NULL);
	char longslug[SLUG_MAX + 20] = "/news/";
	memset(longslug + 6, 'a', SLUG_MAX + 1);
	expect_route(longslug, METHOD_GET, ROUTE_NOT_FOUND, NULL, NULL, NULL);
}

static enum parse_result parse_post(struct request *r, struct arena *a, const char *body,
				    const char *type, const char *cookie)
{
	static char t[256], k[512];
	snprintf(t, sizeof t, "CONTENT_TYPE=%s", type);
	snprintf(k, sizeof k, "HTTP_COOKIE=%s", cookie ? cookie : "");
	char *envp[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/admin/articles/1", "QUERY_STRING=", t, k,
			 "HTTP_ORIGIN=http://x", "HTTP_HOST=x", "SERVER_PORT=80", NULL };
	enum parse_result res = request_parse(r, envp, body, strlen(body), a);
	return res == PARSE_OK ? request_read_fields(r, REQUEST_ALL_FIELDS, a) : res;
}

static void test_form_body(void **state)
{
	struct arena a;
	struct request r;
	arena_init(&a);
	const char *form = "application/x-www-form-urlencoded";
	assert_int_equal(parse_post(&r, &a, "headline=A+%3Cb%3E&bk=paragraph&bt=one&bk=box&bt=two%0A%0Athree"
				    "&lr=1&lr=0&unknown=x", form, NULL), PARSE_OK);
	assert_string_equal(r.field[F_HEADLINE].text, "A <b>");
	assert_true(r.field[F_HEADLINE].valid);
	assert_int_equal(r.field[F_BLOCK_KIND].count, 2);
	assert_string_equal(r.field[F_BLOCK_KIND].values[1], "box");
	assert_string_equal(r.field[F_BLOCK_TEXT].values[1], "two\n\nthree");  /* multi-line keeps newlines */
	assert_int_equal(r.field[F_LINK_REGISTRATION].count, 2);
	assert_string_equal(r.origin, "http://x");
	/* a newline in a one-line field, bad UTF-8, a NUL: refused, shown with U+FFFD */
	assert_int_equal(parse_post(&r, &a, "headline=a%0Ab&intro=%FF%FEx&slug=a%00b", form, NULL), PARSE_OK);
	assert_false(r.field[F_HEADLINE].valid);
	assert_string_equal(r.field[F_HEADLINE].text, "a\xef\xbf\xbd" "b");
	assert_false(r.field[F_INTRO].valid);
	assert_string_equal(r.field[F_INTRO].text, "\xef\xbf\xbd\xef\xbf\xbdx");
	assert_non_null(strstr(r.field[F_INTRO].problem, "not text"));
	assert_false(r.field[F_SLUG].valid);
	/* too long */
	static char big[3000];
	snprintf(big, sizeof big, "section=%0*d", 2000, 7);
	assert_int_equal(parse_post(&r, &a, big, form, NULL), PARSE_OK);
	assert_false(r.field[F_SECTION].valid);
	assert_string_equal(r.field[F_SECTION].problem, "is too long");
	/* not a form */
	assert_int_equal(parse_post(&r, &a, "{\"a\":1}", "application/json", NULL), PARSE_BAD_REQUEST);
	assert_int_equal(parse_post(&r, &a, "a=1", "application/x-www-form-urlencodedX", NULL), PARSE_BAD_REQUEST);
	assert_int_equal(parse_post(&r, &a, "a=1", "application/x-www-form-urlencoded; charset=UTF-8", NULL), PARSE_OK);
	arena_free(&a);
}

/* An upload: text parts are fields with their checks (the media texts among them), the one
 * "file" part is the upload, anything malformed or a second file is a bad request. */
static void test_multipart_body(void **state)
{
	struct arena a;
	struct request r;
	arena_init(&a);
	const char *type = "multipart/form-data; boundary=B";
	const char *body = "--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
			   "--B\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nA <b>dot</b>\r\n"
			   "--B\r\nContent-Disposition: form-data; name=\"credit\"\r\n\r\nPhoto: \xff\r\n"
			   "--B\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nline\nbreak\r\n"
			   "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.jpg\"\r\n"
			   "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\x7f\x01\r\n--B--\r\n";
	assert_int_equal(parse_post(&r, &a, body, type, NULL), PARSE_OK);
	assert_string_equal(r.field[F_CSRF].text, "tok");
	assert_true(r.field[F_MEDIA_ALT].valid);
	assert_string_equal(r.field[F_MEDIA_ALT].text, "A <b>dot</b>");
	assert_false(r.field[F_MEDIA_CREDIT].valid);            /* bad UTF-8 */
	assert_string_equal(r.field[F_MEDIA_CREDIT].text, "Photo: \xef\xbf\xbd");
	assert_false(r.field[F_MEDIA_CAPTION].valid);           /* one line only */
	assert_int_equal(r.upload_len, 5);
	assert_memory_equal(r.upload, "\xff\xd8\xff\x7f\x01", 5);
	/* the limits of the texts: 500, 500 and 200 characters */
	static char big[2000];
	snprintf(big, sizeof big, "--B\r\nContent-Disposition: form-data; name=\"credit\"\r\n\r\n%0201d\r\n--B--", 0);
	assert_int_equal(parse_post(&r, &a, big, type, NULL), PARSE_OK);
	assert_string_equal(r.field[F_MEDIA_CREDIT].problem, "is too long");
	assert_null(r.upload);
	/* two files, a file under another name, a broken body: refused */
	const char *two = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n1\r\n"
			  "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b\"\r\n\r\n2\r\n--B--";
	assert_int_equal(parse_post(&r, &a, two, type, NULL), PARSE_BAD_REQUEST);
	assert_int_equal(parse_post(&r, &a, "--B\r\nContent-Disposition: form-data; name=\"alt\"; filename=\"a\"\r\n\r\n1\r\n--B--",
				    type, NULL), PARSE_BAD_REQUEST);
	assert_int_equal(parse_post(&r, &a, "--B\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nx", type, NULL),
			 PARSE_BAD_REQUEST);
	assert_int_equal(parse_post(&r, &a, "--B--", "multipart/form-data", NULL), PARSE_BAD_REQUEST);  /* no boundary */
	arena_free(&a);
}

/* A file part as a browser sends it, into out. */
static void file_part(char *out, size_t n, const char *field, const char *bytes)
{
	snprintf(out, n, "--B\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"x\"\r\n"
		 "Content-Type: image/jpeg\r\n\r\n%s\r\n", field, bytes);
}

/* Several files, each under its field's name: "file" and "bf" with a block's index (strict: no
 * leading zero, below the blocks' limit); empty ones (a field left alone) are not uploads; a
 * name sent twice, any other name or more than REQUEST_UPLOADS_MAX files is a bad request. */
static void test_multipart_uploads(void **state)
{
	struct arena a;
	struct request r;
	static char body[8192], part[256];
	const char *type = "multipart/form-data; boundary=B";
	size_t len;
	arena_init(&a);
	body[0] = '\0';
	file_part(part, sizeof part, "bf2", "portrait");
	strcat(body, part);
	file_part(part, sizeof part, "file", "lead");
	strcat(body, part);
	file_part(part, sizeof part, "bf7", "");
	strcat(body, part);
	file_part(part, sizeof part, "bf10", "poster");
	strcat(body, part);
	strcat(body, "--B\r\nContent-Disposition: form-data; name=\"headline\"\r\n\r\nH\r\n--B--\r\n");
	assert_int_equal(parse_post(&r, &a, body, type, NULL), PARSE_OK);
	assert_int_equal(r.nuploads, 3);
	assert_memory_equal(request_upload(&r, "bf2", &len), "portrait", 8);
	assert_int_equal(len, 8);
	assert_memory_equal(request_upload(&r, "bf10", &len), "poster", 6);
	assert_int_equal(len, 6);
	assert_null(request_upload(&r, "bf7", &len));       /* left empty */
	assert_int_equal(len, 0);
	assert_null(request_upload(&r, "bf1", &len));
	assert_int_equal(r.upload_len, 4);                  /* "file" stays the one upload too */
	assert_memory_equal(r.upload, "lead", 4);
	assert_string_equal(r.field[F_HEADLINE].text, "H");

	static const char *const refused[] = { "bf", "bf01", "bf-1", "bf400", "bf99999", "bfx", "BF1",
					       "files", "portrait", "bf1 " };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		file_part(body, sizeof body, refused[i], "x");
		strcat(body, "--B--\r\n");
		assert_int_equal(parse_post(&r, &a, body, type, NULL), PARSE_BAD_REQUEST);
	}
	file_part(body, sizeof body, "bf399", "x");
	strcat(body, "--B--\r\n");
	assert_int_equal(parse_post(&r, &a, body, type, NULL), PARSE_OK);
	/* one field twice, even if the second is empty */
	file_part(body, sizeof body, "bf3", "x");
	file_part(part, sizeof part, "bf3", "");
	strcat(body, part);
	strcat(body, "--B--\r\n");
	assert_int_equal(parse_post(&r, &a, body, type, NULL), PARSE_BAD_REQUEST);
	/* REQUEST_UPLOADS_MAX files are taken, one more is not */
	body[0] = '\0';
	for (int i = 0; i <= REQUEST_UPLOADS_MAX; i++) {
		char name[8];
		snprintf(name, sizeof name, "bf%d", i);
		file_part(part, sizeof part, name, "x");
		strcat(body, part);
		if (i == REQUEST_UPLOADS_MAX - 1) {
			size_t at = strlen(body);
			strcat(body, "--B--\r\n");
			assert_int_equal(parse_post(&r, &a, body, type, NULL), PARSE_OK);
			assert_int_equal(r.nuploads, REQUEST_UPLOADS_MAX);
			body[at] = '\0';
		}
	}
	strcat(body, "--B--\r\n");
	assert_int_equal(parse_post(&r, &a, body, type, NULL), PARSE_BAD_REQUEST);
	arena_free(&a);
}

/* Unicode noncharacters are refused in every field and shown as U+FFFD, as bad bytes are. */
static void test_noncharacters_refused(void **state)
{
	static const char *const nonchars[] = {  /* U+FDD0 U+FDEF U+FFFE U+FFFF U+1FFFF U+10FFFE */
		"%EF%B7%90", "%EF%B7%AF", "%EF%BF%BE", "%EF%BF%BF", "%F0%9F%BF%BF", "%F4%8F%BF%BE",
	};
	static const struct { const char *sent, *text; } neighbours[] = {
		{ "%EF%B7%8F", "a\xef\xb7\x8f" "b" },         /* U+FDCF */
		{ "%EF%B7%B0", "a\xef\xb7\xb0" "b" },         /* U+FDF0 */
		{ "%EF%BF%BD", "a\xef\xbf\xbd" "b" },         /* U+FFFD */
		{ "%F0%9F%BF%BD", "a\xf0\x9f\xbf\xbd" "b" }, /* U+1FFFD */
		{ "%F4%8F%BF%BD", "a\xf4\x8f\xbf\xbd" "b" }, /* U+10FFFD */
	};
	const char *form = "application/x-www-form-urlencoded";
	struct arena a;
	struct request r;
	char body[256], path[64];
	arena_init(&a);
	for (size_t i = 0; i < sizeof nonchars / sizeof nonchars[0]; i++) {
		snprintf(body, sizeof body, "headline=a%sb&bt=c%%0A%sd", nonchars[i], nonchars[i]);
		assert_int_equal(parse_post(&r, &a, body, form, NULL), PARSE_OK);
		assert_false(r.field[F_HEADLINE].valid);
		assert_string_equal(r.field[F_HEADLINE].text, "a\xef\xbf\xbd" "b");
		assert_non_null(strstr(r.field[F_HEADLINE].problem, "not text"));
		assert_false(r.field[F_BLOCK_TEXT].valid);
		assert_string_equal(r.field[F_BLOCK_TEXT].values[0], "c\n\xef\xbf\xbd" "d");
		snprintf(path, sizeof path, "/news/%s", nonchars[i]);
		assert_int_equal(parse_uri(&r, &a, "GET", path), PARSE_BAD_REQUEST);
	}
	for (size_t i = 0; i < sizeof neighbours / sizeof neighbours[0]; i++) {
		snprintf(body, sizeof body, "headline=a%sb", neighbours[i].sent);
		assert_int_equal(parse_post(&r, &a, body, form, NULL), PARSE_OK);
		assert_true(r.field[F_HEADLINE].valid);
		assert_string_equal(r.field[F_HEADLINE].text, neighbours[i].text);
	}
	arena_free(&a);
}

static void test_repeated_field_limit(void **state)
{
	struct arena a;
	struct request r;
	struct buf body;
	arena_init(&a);
	buf_init(&body);
	for (int i = 0; i < 450; i++)
		buf_puts(&body, "bk=paragraph&");
	assert_int_equal(parse_post(&r, &a, body.data, "application/x-www-form-urlencoded", NULL), PARSE_OK);
	assert_int_equal(r.field[F_BLOCK_KIND].count, 400);
	assert_false(r.field[F_BLOCK_KIND].valid);
	assert_string_equal(r.field[F_BLOCK_KIND].problem, "has too many entries");
	buf_free(&body);
	arena_free(&a);
}

static void test_session_cookie(void **state)
{
	struct arena a;
	struct request r;
	arena_init(&a);
	const char *form = "application/x-www-form-urlencoded";
	assert_int_equal(parse_post(&r, &a, "", form, "a=1; newsdesk_session=abc; b=2"), PARSE_OK);
	assert_string_equal(r.session_cookie, "abc");
	assert_int_equal(parse_post(&r, &a, "", form, "xnewsdesk_session=abc; newsdesk_sessionx=d"), PARSE_OK);
	assert_null(r.session_cookie);
	assert_int_equal(parse_post(&r, &a, "", form, "__Host-newsdesk_session=abc"), PARSE_OK);
	assert_null(r.session_cookie);  /* the __Host- name belongs to HTTPS requests */
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_uint_table),
		cmocka_unit_test(test_utf8_table),
		cmocka_unit_test(test_scrub_xml),
		cmocka_unit_test(test_path_decoding),
		cmocka_unit_test(test_document_uri_preferred),
		cmocka_unit_test(test_host_header),
		cmocka_unit_test(test_page_field),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_form_body),
		cmocka_unit_test(test_multipart_body),
		cmocka_unit_test(test_multipart_uploads),
		cmocka_unit_test(test_noncharacters_refused),
		cmocka_unit_test(test_repeated_field_limit),
		cmocka_unit_test(test_session_cookie),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
