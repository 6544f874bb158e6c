/* Unit tests for config.c: good files, and bad ones refused with the line named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

static bool load_text(const char *text, struct config *cfg, char *err, size_t errlen)
{
	char path[] = "/tmp/newsdesk-config-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	config_defaults(cfg);
	bool ok = config_load(cfg, path, err, errlen);
	unlink(path);
	return ok;
}

static void test_good_file(void **state)
{
	struct config cfg;
	char err[256];
	assert_true(load_text("# comment\n\npublisher = BBC\nsite_name=BBC News  \n"
			      "base_url = https://news.example\n", &cfg, err, sizeof err));
	assert_string_equal(cfg.publisher, "BBC");
	assert_string_equal(cfg.site_name, "BBC News");
	assert_string_equal(cfg.base_url, "https://news.example");
	assert_string_equal(cfg.timezone, "Europe/London");  /* default kept */
}

static void expect_error(const char *text, const char *want)
{
	struct config cfg;
	char err[256];
	assert_false(load_text(text, &cfg, err, sizeof err));
	if (!strstr(err, want))
		fail_msg("error '%s' lacks '%s'", err, want);
}

/* purge_urls: http://HOST[:PORT][/PATH] a space apart, each in its parts; anything else refused. */
static void test_purge_urls(void **state)
{
	struct config cfg;
	struct config_url u;
	const char *problem, *cursor;
	char err[256];
	assert_true(load_text("purge_urls = http://10.0.0.5:6081/  http://[::1]/purge http://cache-2\n",
			      &cfg, err, sizeof err));
	cursor = cfg.purge_urls;
	assert_int_equal(config_next_url(&cursor, &u, &problem), 1);
	assert_string_equal(u.host, "10.0.0.5");
	assert_int_equal(u.port, 6081);
	assert_string_equal(u.path, "/");
	assert_false(u.ipv6);
	assert_int_equal(config_next_url(&cursor, &u, &problem), 1);
	assert_string_equal(u.host, "::1");
	assert_true(u.ipv6);
	assert_int_equal(u.port, 80);
	assert_string_equal(u.path, "/purge");
	assert_int_equal(config_next_url(&cursor, &u, &problem), 1);
	assert_string_equal(u.host, "cache-2");
	assert_string_equal(u.path, "/");
	assert_string_equal(u.text, "http://cache-2");
	assert_int_equal(config_next_url(&cursor, &u, &problem), 0);
	assert_true(load_text("purge_urls =\n", &cfg, err, sizeof err));  /* none: no purging */
	assert_string_equal(cfg.purge_urls, "");
	expect_error("purge_urls = https://cache:6081/\n", "is https");
	expect_error("purge_urls = cache:6081\n", "must start with http://");
	expect_error("purge_urls = http://:6081/\n", "has no host");
	expect_error("purge_urls = http://cache:0/\n", "has a bad port");
	expect_error("purge_urls = http://cache:65536/\n", "has a bad port");
	expect_error("purge_urls = http://cache:80x/\n", "has a bad port");
	expect_error("purge_urls = http://[::1/\n", "without its closing ]");
	expect_error("purge_urls = http://ca_che/\n", "a character a host name cannot hold");
	expect_error("purge_urls = http://cache/a\"b\n", "a character a URL cannot hold");
	expect_error("purge_urls = http://a http://b http://c http://d http://e http://f http://g "
		     "http://h http://i\n", "more than 8 caches");
}

static void test_bad_files(void **state)
{
	expect_error("publisher = BBC\ncolour = red\n", ":2: unknown key 'colour'");
	expect_error("publisher\n", ":1: expected key = value");
	expect_error("publisher =\n", ":1: publisher '' must not be empty");
	expect_error("publisher = \xff\xfe\n", "is not valid UTF-8");
	expect_error("base_url = javascript:alert(1)\n", "base_url 'javascript:alert(1)' must start with http");
	expect_error("timezone = Mars/Olympus_Mons\n", ":1: timezone 'Mars/Olympus_Mons' is not a time zone");
	expect_error("base_url = https://x.example/\n", "must not end with /");
	expect_error("base_url = https://x.example/\"><script>\n", "must not contain");
	char long_line[3000];
	memset(long_line, 'a', sizeof long_line - 2);
	long_line[sizeof long_line - 2] = '\n';
	long_line[sizeof long_line - 1] = '\0';
	expect_error(long_line, ":1: line too long");
}

static void test_environment_overrides(void **state)
{
	struct config cfg;
	char err[256];
	setenv("NEWSDESK_PUBLISHER", "Guardian", 1);
	assert_true(load_text("publisher = BBC\n", &cfg, err, sizeof err));
	assert_string_equal(cfg.publisher, "Guardian");
	setenv("NEWSDESK_BASE_URL", "ftp://x", 1);
	assert_false(load_text("", &cfg, err, sizeof err));
	assert_non_null(strstr(err, "NEWSDESK_BASE_URL"));
	unsetenv("NEWSDESK_PUBLISHER");
	unsetenv("NEWSDESK_BASE_URL");
}

static void test_missing_file(void **state)
{
	struct config cfg;
	char err[256];
	config_defaults(&cfg);
	assert_false(config_load(&cfg, "/nonexistent/newsdesk.conf", err, sizeof err));
	assert_non_null(strstr(err, "/nonexistent/newsdesk.conf"));
}

/* The media settings: their defaults, their ranges, an absolute media directory. */
static void test_media_settings(void **state)
{
	struct config cfg;
	char err[256];
	assert_true(load_text("publisher = x\n", &cfg, err, sizeof err));
	assert_string_equal(cfg.media_dir, "");
	assert_int_equal(cfg.upload_max_mb, 25);
	assert_int_equal(cfg.image_max_megapixels, 50);
	assert_int_equal(cfg.image_job_seconds, 60);
	assert_true(load_text("media_dir = /var/lib/newsdesk/photos\nupload_max_mb = 1024\n"
			      "image_max_megapixels = 1\nimage_job_seconds = 600\n", &cfg, err, sizeof err));
	assert_string_equal(cfg.media_dir, "/var/lib/newsdesk/photos");
	assert_int_equal(cfg.upload_max_mb, 1024);
	assert_int_equal(cfg.image_max_megapixels, 1);
	assert_int_equal(cfg.image_job_seconds, 600);
	expect_error("media_dir = photos\n", "must be an absolute path");
	expect_error("media_dir = /a\x01b\n", "control character");
	expect_error("upload_max_mb = 0\n", "from 1 to 1024");
	expect_error("upload_max_mb = 1025\n", "from 1 to 1024");
	expect_error("upload_max_mb = 2.5\n", "from 1 to 1024");
	expect_error("image_max_megapixels = 0\n", "from 1 to 1000");
	expect_error("image_max_megapixels = -5\n", "from 1 to 1000");
	expect_error("image_job_seconds = 0\n", "from 1 to 600");
	expect_error("image_job_seconds = 601\n", "from 1 to 600");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_purge_urls),
		cmocka_unit_test(test_media_settings),
		cmocka_unit_test(test_environment_overrides),
		cmocka_unit_test(test_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
