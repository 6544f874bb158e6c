/* Unit tests for request.c and routes.c: paths, query fields, strict integers, UTF-8, routing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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
	return request_parse(r, envp, NULL, 0, a);
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
	assert_int_equal(route_find(path, m, &match, &a), want);
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
	const char *missing[] = {
		"/news", "/news/", "/news/europe/", "/news//x", "/news/Europe", "/news/eu_rope",
		"/news/europe/a/print/x", "/news/europe/a/b", "/newsx/europe", "//", "/print",
		"/news/caf\xc3\xa9", "/news/../etc/passwd",
	};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++)
		expect_route(missing[i], METHOD_GET, ROUTE_NOT_FOUND, NULL, NULL, NULL);
	char longslug[SLUG_MAX + 20] = "/news/";
	memset(longslug + 6, 'a', SLUG_MAX + 1);
	expect_route(longslug, METHOD_GET, ROUTE_NOT_FOUND, NULL, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_uint_table),
		cmocka_unit_test(test_utf8_table),
		cmocka_unit_test(test_path_decoding),
		cmocka_unit_test(test_document_uri_preferred),
		cmocka_unit_test(test_page_field),
		cmocka_unit_test(test_routes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
