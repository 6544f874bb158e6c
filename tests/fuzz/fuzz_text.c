/* Fuzz target: the small text parsers: times (ISO, HTTP-date, local form input), strict
 * integers, UTF-8, addresses and slugs from editors, If-None-Match lists. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "request.h"
#include "timefmt.h"
#include "utf8.h"
#include "validate.h"

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
