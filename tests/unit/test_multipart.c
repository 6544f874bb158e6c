/* Unit tests for multipart.c and photo.c: boundaries, well-formed and malformed bodies, limits;
 * the widths made of a picture and the addresses of its files, table by table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "multipart.h"
#include "photo.h"

static void test_boundaries(void **state)
{
	struct { const char *type, *boundary; } cases[] = {
		{ "multipart/form-data; boundary=abc", "abc" },
		{ "multipart/form-data; boundary=\"a b:c\"", "a b:c" },
		{ "Multipart/Form-Data; charset=utf-8; BOUNDARY=----WebKitFormBoundaryx7", "----WebKitFormBoundaryx7" },
		{ "multipart/form-data;boundary=x", "x" },
		{ "multipart/form-data", NULL },
		{ "multipart/form-data; boundary=", NULL },
		{ "multipart/form-data; boundary=\"\"", NULL },
		{ "multipart/form-data; boundary=\"unterminated", NULL },
		{ "multipart/form-data; boundary=a\x01" "b", NULL },   /* the control byte ends it: "a" */
		{ "multipart/form-data; boundary=\"ends in space \"", NULL },
		{ "multipart/form-data; boundary=a<b", NULL },
		{ "multipart/mixed; boundary=abc", NULL },
		{ "multipart/form-datax; boundary=abc", NULL },
		{ "application/x-www-form-urlencoded", NULL },
		{ NULL, NULL },
	};
	char out[MULTIPART_BOUNDARY_MAX + 1];
	char long_type[200];
	snprintf(long_type, sizeof long_type, "multipart/form-data; boundary=%071d", 0);
	assert_false(multipart_boundary(long_type, out));  /* 71 characters: RFC 2046 allows 70 */
	snprintf(long_type, sizeof long_type, "multipart/form-data; boundary=%070d", 0);
	assert_true(multipart_boundary(long_type, out));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool ok = multipart_boundary(cases[i].type, out);
		if (i == 8) {  /* a bare value stops at the first byte a boundary cannot hold */
			assert_false(ok && strcmp(out, "a\x01" "b") == 0);
			continue;
		}
		if (!cases[i].boundary) {
			assert_false(ok);
			continue;
		}
		assert_true(ok);
		assert_string_equal(out, cases[i].boundary);
	}
}

#define B "XyZ"
#define CD "Content-Disposition: form-data; name="

static int parse(const char *body, struct multipart_part *parts, int max)
{
	return multipart_parse(body, strlen(body), B, parts, max);
}

static void test_well_formed(void **state)
{
	struct multipart_part p[4];
	const char *body = "--" B "\r\n" CD "\"csrf\"\r\n\r\ntok\r\n"
			   "--" B "\r\n" CD "\"file\"; filename=\"a \\x.jpg\"\r\nContent-Type: image/png\r\n\r\n"
			   "\xff\xd8\r\n--Xy\r\n\r\n"
			   "--" B "--\r\n";
	assert_int_equal(parse(body, p, 4), 2);
	assert_int_equal(p[0].name_len, 4);
	assert_memory_equal(p[0].name, "csrf", 4);
	assert_false(p[0].is_file);
	assert_int_equal(p[0].len, 3);
	assert_memory_equal(p[0].data, "tok", 3);
	assert_memory_equal(p[1].name, "file", p[1].name_len);
	assert_true(p[1].is_file);
	assert_int_equal(p[1].filename_len, 8);
	assert_memory_equal(p[1].filename, "a \\x.jpg", 8);
	/* the data runs to the delimiter: a line that only starts like one is data */
	assert_int_equal(p[1].len, strlen("\xff\xd8\r\n--Xy\r\n"));
	/* the boundary followed by anything but CRLF or "--" is no delimiter: refused */
	assert_int_equal(parse("--" B "\r\n" CD "\"a\"\r\n\r\nx\r\n--" B "x\r\n--" B "--", p, 4), -1);
	/* an empty value, no final CRLF, an empty body of parts */
	assert_int_equal(parse("--" B "\r\n" CD "\"a\"\r\n\r\n\r\n--" B "--", p, 4), 1);
	assert_int_equal(p[0].len, 0);
	assert_int_equal(parse("--" B "--\r\n", p, 4), 0);
	/* NUL bytes inside data are data */
	const char nul[] = "--" B "\r\n" CD "\"a\"\r\n\r\nx\0y\r\n--" B "--";
	assert_int_equal(multipart_parse(nul, sizeof nul - 1, B, p, 4), 1);
	assert_int_equal(p[0].len, 3);
}

static void test_malformed(void **state)
{
	struct multipart_part p[2];
	const char *bad[] = {
		"",
		"preamble\r\n--" B "\r\n" CD "\"a\"\r\n\r\nx\r\n--" B "--",        /* a preamble */
		"--" B "\r\n" CD "\"a\"\r\n\r\nx",                                   /* no delimiter after */
		"--" B "\r\n" CD "\"a\"\r\n\r\nx\r\n--" B,                           /* no close */
		"--" B "\r\n" CD "\"a\"\r\n\r\nx\r\n--" B "--\r\ntrailing",          /* bytes after it */
		"--" B "\r\n" CD "a\r\n\r\nx\r\n--" B "--",                          /* unquoted name */
		"--" B "\r\n" CD "\"\"\r\n\r\nx\r\n--" B "--",                       /* empty name */
		"--" B "\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" B "--",   /* no name */
		"--" B "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--" B "--",
		"--" B "\r\n" CD "\"a\"\r\nX-Other: 1\r\n\r\nx\r\n--" B "--",        /* another header */
		"--" B "\r\n" CD "\"a\"\r\n" CD "\"b\"\r\n\r\nx\r\n--" B "--",       /* two dispositions */
		"--" B "\r\n" CD "\"a\"; name=\"b\"\r\n\r\nx\r\n--" B "--",          /* name twice */
		"--" B "\r\n" CD "\"a\"\r\n\r\nx\r\n--" B "\r\n" CD "\"b\"\r\n\r\ny\r\n--" B "\r\n" CD "\"c\"\r\n\r\nz\r\n--" B "--",  /* 3 > max */
		"--" B "\r\n" CD "\"a\"\n\nx\r\n--" B "--",                          /* bare LF */
		"--" B "\r\n" CD "\"a\"\r\n",                                        /* headers cut */
		"--" B "X\r\n" CD "\"a\"\r\n\r\nx\r\n--" B "--",                     /* another boundary */
		"--" B "\r\n" CD "\"a\"x\r\n\r\nv\r\n--" B "--",                     /* junk after a quote */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (parse(bad[i], p, 2) != -1)
			fail_msg("case %zu parsed", i);
	char line[2000];
	snprintf(line, sizeof line, "--" B "\r\n" CD "\"a\"; filename=\"%0300d\"\r\n\r\nx\r\n--" B "--", 0);
	assert_int_equal(parse(line, p, 2), -1);   /* a filename over MULTIPART_NAME_MAX */
	assert_int_equal(multipart_parse("--a\r\n", 5, "", p, 2), -1);  /* no boundary */
}

static void test_photo_widths(void **state)
{
	struct { int width; unsigned set; int made[PHOTO_WIDTHS]; } cases[] = {
		{ 1, 0x01, { 1 } },
		{ 300, 0x01, { 300 } },
		{ 320, 0x01, { 320 } },
		{ 321, 0x03, { 320, 321 } },
		{ 400, 0x03, { 320, 400 } },
		{ 1600, 0x1f, { 320, 640, 960, 1280, 1600 } },
		{ 1920, 0x1f, { 320, 640, 960, 1280, 1920 } },
		{ 6000, 0x1f, { 320, 640, 960, 1280, 1920 } },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(photo_widths_for(cases[i].width), cases[i].set);
		for (int j = 0; j < PHOTO_WIDTHS; j++)
			if (cases[i].set & (1u << j))
				assert_int_equal(photo_rendition_width(j, cases[i].width), cases[i].made[j]);
	}
}

static void test_photo_urls(void **state)
{
	const char *h = "0123456789abcdef0123456789abcdef";
	char url[PHOTO_URL_MAX], hash[PHOTO_HASH_LEN + 1];
	photo_url(url, h, 640, "webp");
	assert_string_equal(url, "/photos/0123456789abcdef0123456789abcdef/640.webp");
	assert_true(photo_hash_of_url(url, hash));
	assert_string_equal(hash, h);
	struct { const char *url; bool ok; } cases[] = {
		{ "/photos/0123456789abcdef0123456789abcdef/", true },
		{ "/photos/0123456789abcdef0123456789abcdef", false },
		{ "/photos/0123456789ABCDEF0123456789abcdef/1.jpg", false },
		{ "/photos/0123456789abcdef0123456789abcde/1.jpg", false },
		{ "/photos/../0123456789abcdef0123456789abcd/1.jpg", false },
		{ "https://example.org/photos/0123456789abcdef0123456789abcdef/1.jpg", false },
		{ "/static/img/a.svg", false },
		{ "", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(photo_hash_of_url(cases[i].url, hash), cases[i].ok);
	struct { const char *url; int width; } refs[] = {
		{ "/photos/0123456789abcdef0123456789abcdef/1920.jpg", 1920 },
		{ "/photos/0123456789abcdef0123456789abcdef/400.jpg", 400 },
		{ "/photos/0123456789abcdef0123456789abcdef/400.webp", 0 },
		{ "/photos/0123456789abcdef0123456789abcdef/0400.jpg", 0 },
		{ "/photos/0123456789abcdef0123456789abcdef/1234567.jpg", 0 },
		{ "/photos/0123456789abcdef0123456789abcdef/original.jpg", 0 },
		{ "/photos/0123456789abcdef0123456789abcdef/.jpg", 0 },
		{ "/photos/0123456789abcdef0123456789abcdef/400.jpg?x", 0 },
		{ "/static/img/400.jpg", 0 },
	};
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
		assert_int_equal(photo_ref_width(refs[i].url), refs[i].width);
	assert_true(photo_hash_valid(h));
	assert_false(photo_hash_valid("0123456789abcdef0123456789abcdef0"));
	assert_false(photo_hash_valid("g123456789abcdef0123456789abcdef"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_photo_widths),
		cmocka_unit_test(test_photo_urls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
