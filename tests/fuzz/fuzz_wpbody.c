/* Fuzz target: a WordPress body made into blocks (libxml2's HTML parser and our walk over it).
 * Whatever goes in, what comes out is UTF-8 text, and every address kept is http(s), a site path
 * or (links only) mailto: never javascript:, data: or anything a browser would run. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"
#include "validate.h"
#include "wp_body.h"

static void check_text(const char *s)
{
	if (!s || !utf8_valid(s, strlen(s)))
		abort();
}

static void check_url(const char *u, bool mailto_ok)
{
	if (!u)
		return;
	check_text(u);
	if (url_problem(u, true) && !(mailto_ok && strncasecmp(u, "mailto:", 7) == 0))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct body b;
	arena_init(&a);
	if (body_convert(&a, (const char *)data, size, NULL, NULL, &b)) {
		for (int i = 0; i < b.nblocks; i++) {
			check_text(b.blocks[i].text);
			check_url(b.blocks[i].media_url[0] ? b.blocks[i].media_url : NULL, false);
			check_url(b.blocks[i].image_url[0] ? b.blocks[i].image_url : NULL, false);
			for (int k = 0; k < b.pars[i].nruns; k++)
				check_url(b.pars[i].runs[k].href, true);
		}
		for (int i = 0; i < b.nimages; i++) {
			check_url(b.images[i].src, false);
			check_text(b.images[i].alt);
			check_text(b.images[i].caption);
		}
		for (int i = 0; i < b.nlinks; i++)
			check_url(b.links[i].href, true);
	}
	arena_free(&a);
	return 0;
}
