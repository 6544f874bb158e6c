/* Unit tests for auth.c: password policy, hashing, session tokens, CSRF tokens, same origin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"
#include "request.h"

static void test_password_policy(void **state)
{
	struct { const char *pw; bool ok; } cases[] = {
		{ "correct horse battery", true },
		{ "Tr0ub4dor&3x", true },
		{ "\xd0\x9a\xd1\x83\xd1\x80\xd0\xbc\xd0\xb0\xd0\xbd\xd0\xb1\xd0\xb5", true },  /* 8 Cyrillic */
		{ "", false },
		{ "short", false },
		{ "1234567", false },
		{ "\xd0\x9a\xd1\x83\xd1\x80\xd0\xbc\xd0\xb0\xd0\xbd\xd0\xb1", false },  /* 7 chars, 14 bytes */
		{ "password", false },
		{ "PASSWORD", false },              /* common, in any case */
		{ "Password1", false },
		{ "12345678", false },
		{ "qwertyuiop", false },
		{ "iloveyou", false },
		{ "trustno1", false },
		{ "\xff\xfe\xff\xfe\xff\xfe\xff\xfe", false },  /* not UTF-8 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *p = password_problem(cases[i].pw);
		if ((p == NULL) != cases[i].ok)
			fail_msg("password #%zu: got %s", i, p ? p : "accepted");
	}
	char longest[1025 * 3 + 1];
	memset(longest, 'x', 1024);
	longest[1024] = '\0';
	assert_null(password_problem(longest));
	strcat(longest, "y");
	assert_non_null(password_problem(longest));
}

static void test_hash_and_verify(void **state)
{
	char hash[PASSWORD_HASH_MAX];
	assert_true(password_hash("correct horse battery", hash));
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_true(password_verify(hash, "correct horse battery"));
	assert_false(password_verify(hash, "correct horse batterY"));
	assert_false(password_verify(hash, ""));
}

static void test_tokens(void **state)
{
	char a[TOKEN_TEXT_MAX], b[TOKEN_TEXT_MAX];
	unsigned char ha[TOKEN_HASH_BYTES], hb[TOKEN_HASH_BYTES], again[TOKEN_HASH_BYTES];
	assert_true(token_new(a));
	assert_true(token_new(b));
	assert_int_equal(strlen(a), 43);
	assert_string_not_equal(a, b);
	assert_true(token_hash(a, ha));
	assert_true(token_hash(a, again));
	assert_true(token_hash(b, hb));
	assert_memory_equal(ha, again, sizeof ha);
	assert_memory_not_equal(ha, hb, sizeof ha);
	const char *bad[] = { NULL, "", "short", "not/base64url+chars.............................",
			      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" /* 44 */ };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(token_hash(bad[i], ha));
}

static void test_csrf(void **state)
{
	char s1[TOKEN_TEXT_MAX], s2[TOKEN_TEXT_MAX], c1[TOKEN_TEXT_MAX], c1b[TOKEN_TEXT_MAX],
	     c2[TOKEN_TEXT_MAX];
	token_new(s1);
	token_new(s2);
	assert_true(csrf_for(s1, c1));
	assert_true(csrf_for(s1, c1b));
	assert_true(csrf_for(s2, c2));
	assert_string_equal(c1, c1b);             /* stable for a session */
	assert_string_not_equal(c1, c2);          /* another session's token differs */
	assert_string_not_equal(c1, s1);          /* and is not the session token itself */
	assert_true(csrf_equal(c1, c1b));
	assert_false(csrf_equal(c1, c2));
	assert_false(csrf_equal(c1, NULL));
	assert_false(csrf_equal(c1, ""));
	assert_false(csrf_equal("", ""));  /* a session without a token matches nothing */
	char truncated[TOKEN_TEXT_MAX];
	memcpy(truncated, c1, sizeof truncated);
	truncated[42] = '\0';
	assert_false(csrf_equal(c1, truncated));
	assert_false(csrf_for("garbage", c1));
}

static struct request req(const char *host, const char *origin, const char *referer, bool https)
{
	struct request r;
	memset(&r, 0, sizeof r);
	r.host = host;
	r.origin = origin;
	r.referer = referer;
	r.https = https;
	return r;
}

/* This site's origin is base_url and nothing else: the Host header (and HTTPS) never make
 * one, so without base_url nothing is same-origin. */
static void test_same_origin(void **state)
{
	const char *B = "https://news.example";
	struct { struct request r; const char *base; bool ok; } cases[] = {
		{ req("news.example", "https://news.example", NULL, true), B, true },
		{ req("internal", "https://news.example", NULL, false), B, true },
		{ req(NULL, "https://news.example", NULL, false), B, true },
		{ req("news.example", NULL, "https://news.example/admin", true), B, true },
		{ req("news.example", "http://news.example", NULL, false), B, false },
		{ req("news.example", "https://news.example:8443", NULL, true), B, false },
		{ req("internal", "http://internal:8080", NULL, false), B, false },
		{ req("evil.example", "https://evil.example", NULL, true), B, false },
		{ req("news.example", "null", NULL, true), B, false },
		{ req("news.example", NULL, "https://news.example.evil.example/", true), B, false },
		{ req("news.example", NULL, "https://news.example", true), B, false },
		{ req("news.example", NULL, NULL, true), B, false },
		/* no base_url: an Origin matching the Host is not enough */
		{ req("127.0.0.1:8080", "http://127.0.0.1:8080", NULL, false), "", false },
		{ req("news.example", "http://news.example", NULL, false), "", false },
		{ req("news.example", "https://news.example", NULL, true), "", false },
		{ req("news.example", NULL, "http://news.example/admin", false), "", false },
		{ req("evil.example", "http://evil.example", NULL, false), NULL, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (request_same_origin(&cases[i].r, cases[i].base) != cases[i].ok)
			fail_msg("same_origin case %zu", i);
}

int main(void)
{
	if (!auth_init())
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_policy),
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_same_origin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
