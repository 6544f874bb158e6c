/* Unit tests for timefmt.c: the GMT and UK lines across the 2010 BST switches, and ages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "timefmt.h"

static time_t iso(const char *s)
{
	time_t t;
	assert_true(timefmt_parse_iso(s, &t));
	return t;
}

static void lines_for(const char *when, const char *gmt, const char *local)
{
	char g[TIMEFMT_MAX], l[TIMEFMT_MAX];
	timefmt_gmt_line(iso(when), g);
	timefmt_local_line(iso(when), "UK", l);
	assert_string_equal(g, gmt);
	assert_string_equal(l, local);
}

static void test_seed_line(void **state)
{
	lines_for("2010-04-15T17:05:00Z", "17:05 GMT, Thursday, 15 April 2010", "18:05 UK");
}

/* BST began at 01:00 GMT on 28 March 2010 and ended at 01:00 GMT on 31 October 2010. */
static void test_bst_switches(void **state)
{
	lines_for("2010-03-28T00:59:00Z", "00:59 GMT, Sunday, 28 March 2010", "00:59 UK");
	lines_for("2010-03-28T01:00:00Z", "01:00 GMT, Sunday, 28 March 2010", "02:00 UK");
	lines_for("2010-10-31T00:59:00Z", "00:59 GMT, Sunday, 31 October 2010", "01:59 UK");
	lines_for("2010-10-31T01:00:00Z", "01:00 GMT, Sunday, 31 October 2010", "01:00 UK");
	lines_for("2010-12-25T23:30:00Z", "23:30 GMT, Saturday, 25 December 2010", "23:30 UK");
}

static void age(long long secs, const char *want)
{
	char out[TIMEFMT_MAX];
	time_t now = iso("2010-04-17T08:30:00Z");
	timefmt_age(now - secs, now, out);
	assert_string_equal(out, want);
}

static void test_age_boundaries(void **state)
{
	age(0, "just now");
	age(59, "just now");
	age(60, "1 min ago");
	age(119, "1 min ago");
	age(120, "2 mins ago");
	age(59 * 60 + 59, "59 mins ago");
	age(60 * 60, "1 hr ago");
	age(2 * 3600 - 1, "1 hr ago");
	age(2 * 3600, "2 hrs ago");
	age(71 * 3600 + 59 * 60, "71 hrs ago");
	age(72 * 3600 - 1, "71 hrs ago");
	age(72 * 3600, "14 April 2010");
	age(-30, "just now");  /* a clock a little ahead of ours */
}

/* The ages the seed shows at 2010-04-17T08:30:00Z. */
static void test_seed_ages(void **state)
{
	char out[TIMEFMT_MAX];
	time_t now = iso("2010-04-17T08:30:00Z");
	timefmt_age(iso("2010-04-17T07:22:00Z"), now, out);
	assert_string_equal(out, "1 hr ago");
	timefmt_age(iso("2010-04-15T19:02:00Z"), now, out);
	assert_string_equal(out, "37 hrs ago");
}

static void test_date_uses_local_zone(void **state)
{
	char out[TIMEFMT_MAX];
	/* 23:30 GMT on 14 April is already 15 April in London (BST). */
	timefmt_local_date(iso("2010-04-14T23:30:00Z"), out);
	assert_string_equal(out, "15 April 2010");
}

/* The local date written by hand is what "%d %s %d" of localtime writes, for every day of two
 * years (one and two digit days, every month, both sides of each change of clocks). */
static void test_local_date_digits(void **state)
{
	(void)state;
	static const char *const months[] = { "January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December" };
	char out[TIMEFMT_MAX], want[TIMEFMT_MAX];
	for (time_t t = iso("2009-12-31T12:00:00Z"); t < iso("2012-01-01T00:00:00Z"); t += 3600 * 7) {
		struct tm tm;
		localtime_r(&t, &tm);
		snprintf(want, sizeof want, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
		timefmt_local_date(t, out);
		assert_string_equal(out, want);
	}
}

/* Every field of an ISO time at its edges, written digit by digit. */
static void test_iso_digits(void **state)
{
	(void)state;
	char out[TIMEFMT_MAX];
	timefmt_iso(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	timefmt_iso(946684799, out);
	assert_string_equal(out, "1999-12-31T23:59:59Z");
	timefmt_iso(1271493009, out);
	assert_string_equal(out, "2010-04-17T08:30:09Z");
	timefmt_iso(253402300799, out);
	assert_string_equal(out, "9999-12-31T23:59:59Z");
	timefmt_iso(253402300800, out);  /* past four digits: still one whole time, never cut */
	assert_string_equal(out, "10000-01-01T00:00:00Z");
}

static void test_parse_iso_strict(void **state)
{
	time_t t;
	char out[TIMEFMT_MAX];
	assert_true(timefmt_parse_iso("2010-04-17T08:30:00Z", &t));
	timefmt_iso(t, out);
	assert_string_equal(out, "2010-04-17T08:30:00Z");
	const char *bad[] = {
		"", "2010-04-17", "2010-04-17T08:30:00", "2010-04-17T08:30:00+01:00",
		"2010-04-31T08:30:00Z", "2010-02-29T00:00:00Z", "2010-13-01T00:00:00Z",
		"2010-04-17T24:00:00Z", "2010-04-17T08:60:00Z", "2010-04-17 08:30:00Z",
		"+010-04-17T08:30:00Z", "2010-04-17T08:30:00Z ", "1969-12-31T23:59:59Z",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(timefmt_parse_iso(bad[i], &t));
	assert_true(timefmt_parse_iso("2012-02-29T00:00:00Z", &t));
}

static void test_zone_names(void **state)
{
	assert_false(timefmt_set_zone("Nowhere/Atlantis"));
	assert_false(timefmt_set_zone("../../etc/passwd"));
	assert_false(timefmt_set_zone("/etc/localtime"));
	assert_false(timefmt_set_zone(""));
	assert_true(timefmt_set_zone("Europe/London"));
}

static void window(long long secs, long long since_off, long long until_off)
{
	time_t now = iso("2010-04-17T08:30:00Z"), then = now - secs, since, until;
	char before[TIMEFMT_MAX], at_since[TIMEFMT_MAX], at_until[TIMEFMT_MAX];
	timefmt_age_window(then, now, &since, &until);
	assert_int_equal(since - then, since_off);
	assert_int_equal(until ? until - then : 0, until_off);
	/* the text really is the same from since to just before until, and changes at until */
	timefmt_age(then, now, before);
	timefmt_age(then, since, at_since);
	assert_string_equal(before, at_since);
	if (until) {
		timefmt_age(then, until - 1, at_since);
		timefmt_age(then, until, at_until);
		assert_string_equal(before, at_since);
		assert_string_not_equal(before, at_until);
	}
}

static void test_age_windows(void **state)
{
	window(0, 0, 60);
	window(59, 0, 60);
	window(60, 60, 120);
	window(3599, 3540, 3600);
	window(3600, 3600, 7200);
	window(71 * 3600 + 59 * 60, 71 * 3600, 72 * 3600);
	window(72 * 3600, 72 * 3600, 0);
	window(400 * 3600, 72 * 3600, 0);
}

static void test_http_dates(void **state)
{
	char out[TIMEFMT_MAX];
	time_t t;
	timefmt_http(iso("2010-04-15T17:05:00Z"), out);
	assert_string_equal(out, "Thu, 15 Apr 2010 17:05:00 GMT");
	timefmt_rfc822(iso("2010-04-15T17:05:00Z"), out);
	assert_string_equal(out, "Thu, 15 Apr 2010 17:05:00 +0000");
	timefmt_rfc3339(iso("2010-04-15T17:05:00Z"), out);
	assert_string_equal(out, "2010-04-15T17:05:00+00:00");
	assert_true(timefmt_parse_http("Thu, 15 Apr 2010 17:05:00 GMT", &t));
	assert_int_equal(t, iso("2010-04-15T17:05:00Z"));
	const char *bad[] = { "", "Fri, 15 Apr 2010 17:05:00 GMT", "Thu, 15 Apr 2010 17:05:00 UTC",
			      "Thursday, 15-Apr-10 17:05:00 GMT", "Thu Apr 15 17:05:00 2010",
			      "Thu, 31 Apr 2010 17:05:00 GMT", "Thu, 15 Xyz 2010 17:05:00 GMT" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(timefmt_parse_http(bad[i], &t));
}

int main(void)
{
	if (!timefmt_set_zone("Europe/London"))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_line),
		cmocka_unit_test(test_iso_digits),
		cmocka_unit_test(test_bst_switches),
		cmocka_unit_test(test_age_boundaries),
		cmocka_unit_test(test_seed_ages),
		cmocka_unit_test(test_date_uses_local_zone),
		cmocka_unit_test(test_local_date_digits),
		cmocka_unit_test(test_parse_iso_strict),
		cmocka_unit_test(test_zone_names),
		cmocka_unit_test(test_age_windows),
		cmocka_unit_test(test_http_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
