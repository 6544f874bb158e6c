/* Fuzz target: CommonMark for paragraphs and box texts (core/markup.c). Whatever goes in, the
 * HTML that comes out holds only the tags stories may (p, ul, ol, li, em, strong, a, br), every
 * link to http, https or a path on this site, and no attribute but href and title. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markup.h"

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The tag at s (just after '<') is one stories may hold; *end gets its '>'. */
static bool tag_allowed(const char *s, const char **end)
{
	static const char *const plain[] = {
		"p>", "/p>", "ul>", "/ul>", "ol>", "/ol>", "li>", "/li>", "em>", "/em>",
		"strong>", "/strong>", "/a>", "br />",
	};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if (starts(s, plain[i])) {
			*end = s + strlen(plain[i]) - 1;
			return true;
		}
	if (starts(s, "ol start=\"")) {
		const char *q = s + 10;
		while (*q >= '0' && *q <= '9')
			q++;
		*end = q + 1;
		return q > s + 10 && starts(q, "\">");
	}
	if (!starts(s, "a href=\""))
		return false;
	const char *url = s + 8, *close = strchr(url, '"');
	if (!close)
		return false;
	bool ok = (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0 ||
		   (url[0] == '/' && url[1] != '/'));
	const char *rest = close + 1;
	if (starts(rest, " title=\"") && (rest = strchr(rest + 8, '"')))
		rest++;
	*end = rest;
	return ok && rest && *rest == '>' && !memchr(url, '<', (size_t)(close - url));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a);
	const char *html = markup_html(&a, (const char *)data, size);
	for (const char *p = html; p && (p = strchr(p, '<'));) {
		const char *end;
		if (!tag_allowed(p + 1, &end))
			abort();
		p = end;
	}
	if (html && strchr(html, '>') && !strchr(html, '<'))
		abort();
	if (!markup_plain(&a, (const char *)data, size))
		abort();
	arena_free(&a);
	return 0;
}
