/* Fuzz target: the small text parsers: times (ISO, HTTP-date, local form input), strict
 * integers, UTF-8 and its scrubbing for XML, addresses and slugs from editors, If-None-Match
 * lists. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "request.h"
#include "timefmt.h"
#include "utf8.h"
#include "validate.h"

/* Whatever goes in, what comes out is text XML 1.0 can carry. */
static void scrub_xml(const uint8_t *data, size_t size)
{
	struct buf b;
	buf_init(&b);
	buf_append(&b, data, size);
	if (!utf8_scrub_xml(&b, 0) || !utf8_text(b.data ? b.data : "", b.len))
		abort();
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.data[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			abort();
	}
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zone_set;
	char *s = malloc(size + 1);
	time_t t;
	long long n;
	struct arena a;
	if (!zone_set)
		zone_set = timefmt_set_zone("Europe/London");
	memcpy(s, data, size);
	s[size] = '\0';
	arena_init(&a);
	if (timefmt_parse_iso(s, &t) || timefmt_parse_http(s, &t) || timefmt_parse_local(s, &t)) {
		char out[TIMEFMT_MAX];
		timefmt_iso(t, out);
		timefmt_age(t, t + 100, out);
	}
	parse_uint(s, 1LL << 53, &n);
	if (utf8_text((const char *)data, size) && !utf8_valid((const char *)data, size))
		abort();  /* text is valid UTF-8 and more */
	scrub_xml(data, size);
	url_problem(s, true);
	text_chars(s);
	const char *slug = slug_from_headline(&a, s);
	if (slug && strlen(slug) > 100)
		abort();
	cache_etag_matches(s, "\"abc\"");
	arena_free(&a);
	free(s);
	return 0;
}
