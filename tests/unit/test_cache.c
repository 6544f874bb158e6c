/* Unit tests for cache.c and search_query(): lifetimes that never outlast the next change,
 * If-None-Match matching, and readers' words kept out of FTS5 syntax. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sodium.h>

#include "cache.h"
#include "pagecache.h"
#include "surrogate.h"
#include "pages.h"

static void test_lifetimes(void **state)
{
	struct { long long until_in; long long max_age, swr; } cases[] = {
		{ -1, 60, 30 },        /* nothing changes by itself: the full minute and a half */
		{ 1000, 60, 30 },
		{ 90, 60, 30 },
		{ 75, 60, 15 },        /* max-age + swr never pass the change */
		{ 60, 60, 0 },
		{ 30, 30, 0 },
		{ 1, 1, 0 },
		{ 0, 0, 0 },
	};
	time_t now = 1271493000;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long long max_age, swr;
		time_t until = cases[i].until_in < 0 ? 0 : now + cases[i].until_in;
		cache_lifetime(now, until, &max_age, &swr);
		assert_int_equal(max_age, cases[i].max_age);
		assert_int_equal(swr, cases[i].swr);
		if (until)
			assert_true(now + max_age + swr <= until);
	}
	long long max_age, swr;
	cache_lifetime(now, now - 5, &max_age, &swr);  /* already past: do not cache */
	assert_int_equal(max_age, 0);
	assert_int_equal(swr, 0);
}

static void test_etag_matching(void **state)
{
	const char *tag = "\"abc123\"";
	assert_true(cache_etag_matches("\"abc123\"", tag));
	assert_true(cache_etag_matches("W/\"abc123\"", tag));
	assert_true(cache_etag_matches("\"x\", \"abc123\"", tag));
	assert_true(cache_etag_matches("*", tag));
	assert_false(cache_etag_matches("\"abc12\"", tag));
	assert_false(cache_etag_matches("\"abc1234\"", tag));
	assert_false(cache_etag_matches("abc123", tag));
	assert_false(cache_etag_matches("", tag));
}

static void test_search_query(void **state)
{
	struct { const char *in, *out; } cases[] = {
		{ "bakiyev", "\"bakiyev\"" },
		{ "  kyrgyz   leader ", "\"kyrgyz\" \"leader\"" },
		{ "\" OR NEAR(", "\"\"\"\" \"OR\" \"NEAR(\"" },
		{ "headline:x* ^y", "\"headline:x*\" \"^y\"" },
		{ "", "" },
		{ "   ", "" },
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(search_query(&a, cases[i].in), cases[i].out);
	char many[400] = "";
	for (int i = 0; i < 40; i++)
		strcat(many, "w ");
	const char *q = search_query(&a, many);
	int terms = 0;
	for (const char *p = q; *p; p++)
		terms += *p == 'w';
	assert_int_equal(terms, 16);  /* at most 16 words */
	arena_free(&a);
}

/* Slots come from a hash keyed with a secret of the process: the unkeyed hash, which anyone can
 * compute, does not say where a URL lands. */
/* Surrogate keys: each once, broad keys first; article keys all or none, never a header that
 * names only some of the articles a page shows. */
static void test_surrogate_keys(void **state)
{
	struct surrogate_keys k;
	char text[SURROGATE_TEXT_MAX];
	memset(&k, 0, sizeof k);
	assert_string_equal(surrogate_text(&k, text), "");
	surrogate_article(&k, 12);
	assert_string_equal(surrogate_text(&k, text), "a12");
	assert_true(surrogate_add(&k, "home"));
	assert_true(surrogate_add(&k, "home"));
	assert_true(surrogate_section(&k, 4));
	surrogate_article(&k, 1);
	surrogate_article(&k, 12);
	surrogate_article(&k, 123);
	assert_string_equal(surrogate_text(&k, text), "home s4 a12 a1 a123");
	assert_false(surrogate_add(&k, "Home"));
	assert_false(surrogate_add(&k, "a b"));
	assert_false(surrogate_add(&k, ""));
	for (long long id = 1000; id < 2000; id++)
		surrogate_article(&k, id);
	assert_true(k.too_many);
	assert_string_equal(surrogate_text(&k, text), "home s4");
	surrogate_article(&k, 5);
	assert_string_equal(surrogate_text(&k, text), "home s4");
}

static void test_surrogate_merge(void **state)
{
	struct buf list;
	buf_init(&list);
	assert_true(surrogate_merge(&list, "a1 home", 100));
	assert_true(surrogate_merge(&list, " home  a2 a1 ", 100));
	assert_string_equal(list.data, " a1 home a2");
	assert_false(surrogate_merge(&list, "a3 averyveryverylongkey", 20));
	assert_string_equal(list.data, " a1 home a2");  /* as it was */
	buf_free(&list);
}

static void test_slot_hash_is_keyed(void **state)
{
	int same = 0;
	for (int i = 0; i < 64; i++) {
		char key[64];
		static const unsigned char zero_key[crypto_shorthash_KEYBYTES];
		unsigned char hash[crypto_shorthash_BYTES];
		unsigned long long h = 0;
		snprintf(key, sizeof key, "http://news.example/?x=%d", i);
		crypto_shorthash(hash, (const unsigned char *)key, strlen(key), zero_key);
		memcpy(&h, hash, sizeof h);
		assert_int_equal(pagecache_slot_index(key), pagecache_slot_index(key));  /* stable */
		same += pagecache_slot_index(key) == (int)(h % PAGECACHE_SLOTS);
	}
	assert_true(same < 4);  /* by chance, one in 4096 each */
}

static void put_page(const char *key, size_t len, char fill)
{
	struct response res;
	struct page_meta m = { .etag = "\"x\"" };
	response_init(&res);
	for (size_t i = 0; i < len; i++)
		assert_true(buf_append(&res.body, &fill, 1));
	res.content_type = "text/html; charset=utf-8";
	pagecache_put(key, pagecache_generation(), &res, &m);
	response_free(&res);
}

static bool get_page(const char *key, size_t *len)
{
	struct response res;
	struct page_meta m;
	response_init(&res);
	bool hit = pagecache_get(key, 1000, &res, &m);
	*len = res.body.len;
	response_free(&res);
	return hit;
}

/* The kept pages never take more than the budget however many come; a page just kept is there
 * whole; one too large for its share is not kept; a change readers see forgets every page. */
static void test_budget_in_bytes(void **state)
{
	(void)state;
	struct pagecache_stats st;
	char key[64];
	size_t len;
	pagecache_configure(256 << 10);
	for (int i = 0; i < 2000; i++) {
		snprintf(key, sizeof key, "http://news.example/news/x/story-%d", i);
		put_page(key, 3000, 'a');
		assert_true(get_page(key, &len));
		assert_int_equal(len, 3000);
		pagecache_stats(&st);
		assert_true(st.bytes <= st.budget);
	}
	assert_true(st.entries >= 40 && st.entries <= 86);  /* 256 KiB of 3 KiB pages */
	assert_int_equal(st.evictions + st.entries, 2000);  /* every page is held or let go */
	put_page("http://news.example/sitemap.xml", (256 << 10) / 16, 's');
	assert_false(get_page("http://news.example/sitemap.xml", &len));
	put_page("http://news.example/", 100, 'h');
	assert_true(get_page("http://news.example/", &len));
	pagecache_invalidate();
	assert_false(get_page("http://news.example/", &len));
	pagecache_free();
	pagecache_stats(&st);
	assert_int_equal(st.bytes, 0);
	assert_int_equal(st.entries, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifetimes),
		cmocka_unit_test(test_etag_matching),
		cmocka_unit_test(test_search_query),
		cmocka_unit_test(test_slot_hash_is_keyed),
		cmocka_unit_test(test_budget_in_bytes),
		cmocka_unit_test(test_surrogate_keys),
		cmocka_unit_test(test_surrogate_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
