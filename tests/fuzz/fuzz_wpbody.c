/* Fuzz target: a WordPress body made into blocks (libxml2's HTML parser and our walk over it).
 * Whatever goes in, what comes out is UTF-8 text, and every address kept is http(s), a site path
 * or (links only) mailto: never javascript:, data: or anything a browser would run. Each
 * paragraph written as CommonMark (wp_commonmark.c) parses back through src/core/markup.c to the
 * same text, so no text became markup by accident, and renders to sanitized HTML. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markup.h"
#include "utf8.h"
#include "validate.h"
#include "wp_body.h"
#include "wp_commonmark.h"

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

/* What the import stores of paragraph p reads back as its text, and renders. */
static void check_commonmark(struct arena *a, const struct body_par *p)
{
	const char *plain, *text = wp_commonmark(a, p, &plain);
	const char *want = body_par_text(a, p);
	if (!text || !want)
		return;  /* out of memory */
	check_text(text);
	const char *words = markup_plain(a, text, strlen(text));
	if (words && strcmp(words, want) != 0)
		abort();
	if (plain && strcmp(plain, want) != 0)
		abort();
	const char *html = markup_html(a, text, strlen(text));
	for (const char *h = html; h && (h = strstr(h, "<a href=\"")); ) {
		h += 9;  /* each link cmark rendered goes to http(s) or a path on the site */
		if (strncasecmp(h, "http://", 7) != 0 && strncasecmp(h, "https://", 8) != 0 &&
		    !(h[0] == '/' && h[1] != '/'))
			abort();
	}
	if (html && strstr(html, "<script"))
		abort();
}

/* The items of one list (n paragraphs from p) written as one CommonMark list read back as their
 * words. */
static void check_list(struct arena *a, const struct body_par *p, int n)
{
	const char *plain, *text = wp_commonmark_list(a, p, n, p->list == 2, &plain);
	if (!text)
		return;  /* out of memory */
	check_text(text);
	const char *words = markup_plain(a, text, strlen(text));
	if (words && strcmp(words, plain ? plain : text) != 0)
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
			if (b.pars[i].nruns)
				check_commonmark(&a, &b.pars[i]);
			int n = 1;
			while (b.pars[i].list_id && i + n < b.nblocks &&
			       b.pars[i + n].list_id == b.pars[i].list_id && b.pars[i + n].nruns)
				n++;
			if (b.pars[i].list_id && b.pars[i].nruns)
				check_list(&a, &b.pars[i], n);
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
