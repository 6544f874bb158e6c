/* CommonMark through cmark, cut down to what a news story's text needs: inline links to http,
 * https or this site, emphasis, strong and lists. Everything else cmark parses is turned back
 * into text (or, for images and unsafe links, into their words) before the HTML is rendered, so
 * the one pre-escaped output newsdesk has is cmark's own escaping of a tree we checked. */
#include "markup.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "validate.h"

int markup_cmark_options(void)
{
	return CMARK_OPT_DEFAULT | CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
}

/* The bytes that can start inline markup (or a second line), as a table: every paragraph of
 * every page is scanned, and a memchr per byte was 7% of an article's render. */
static const bool markup_byte[256] = {
	['*'] = true, ['_'] = true, ['`'] = true, ['['] = true, ['\\'] = true, ['\n'] = true,
};

bool markup_wanted(const char *text, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (markup_byte[(unsigned char)text[k]])
			return true;
	return false;  /* one line: a leading "-", "2010." or "#" is read as typed (see parse) */
}

/* Where a text of one line starts like a block (a list item, heading, quote or fence): the
 * marker to escape so it reads as typed, as plain paragraphs always did ("2010. That year",
 * "- x"); n when there is none. Lists of several lines stay lists. */
static size_t block_marker(const char *text, size_t n)
{
	size_t i = 0, d;
	if (memchr(text, '\n', n))
		return n;
	while (i < n && text[i] == ' ')
		i++;
	if (i >= 4)
		return n;  /* an indented code block: its text is kept as it is */
	if (i < n && memchr("-+#>=~", text[i], 6))
		return i;
	for (d = i; d < n && text[d] >= '0' && text[d] <= '9'; d++)
		;
	return d > i && d < n && (text[d] == '.' || text[d] == ')') ? d : n;
}

/* Link reference definitions sort with qsort, which past a kilobyte asks the kernel for the
 * memory size: a system call the sandbox refuses. A text with so many is kept as plain text. */
static bool too_many_references(const char *text, size_t n)
{
	int refs = 0;
	for (size_t k = 1; k < n; k++)
		if (text[k] == ':' && text[k - 1] == ']' && ++refs > MARKUP_REFS_MAX)
			return true;
	return false;
}

struct nodes {
	cmark_node **v;
	size_t n, cap;
};

static bool collect(cmark_node *doc, struct nodes *all)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	bool ok = it != NULL;
	while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (all->n == all->cap) {
			size_t cap = all->cap ? all->cap * 2 : 64;
			cmark_node **v = realloc(all->v, cap * sizeof *v);
			if (!v) {
				ok = false;
				break;
			}
			all->v = v;
			all->cap = cap;
		}
		all->v[all->n++] = cmark_iter_get_node(it);
	}
	cmark_iter_free(it);
	return ok;
}

/* Moves node's children to just before it and frees it (now empty). */
static bool unwrap(cmark_node *node)
{
	cmark_node *child;
	while ((child = cmark_node_first_child(node)))
		if (!cmark_node_insert_before(node, child))
			return false;
	cmark_node_free(node);
	return true;
}

/* Replaces node (which has no children) with a text node of literal, inside a paragraph when
 * block. */
static bool as_text(cmark_node *node, const char *literal, bool block)
{
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT), *para = NULL;
	size_t n = literal ? strlen(literal) : 0;
	char *copy = malloc(n + 1);
	bool ok = text && copy;
	if (ok) {
		size_t m = 0;  /* code keeps what parse() escaped as it was: "\\<" is "<" */
		for (size_t k = 0; k < n; k++)
			if (!(literal[k] == '\\' && literal[k + 1] == '<'))
				copy[m++] = literal[k];
		n = m;
		while (block && n && copy[n - 1] == '\n')
			n--;
		copy[n] = '\0';
		ok = cmark_node_set_literal(text, copy);
	}
	if (ok && block)
		ok = (para = cmark_node_new(CMARK_NODE_PARAGRAPH)) && cmark_node_append_child(para, text);
	if (ok)
		ok = cmark_node_replace(node, block ? para : text);
	free(copy);
	if (!ok) {
		if (para)
			cmark_node_free(para);
		else if (text)
			cmark_node_free(text);
		return false;
	}
	cmark_node_free(node);
	return true;
}

/* A heading becomes a paragraph of its words. */
static bool as_paragraph(cmark_node *node)
{
	cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH), *child;
	if (!para)
		return false;
	if (!cmark_node_insert_before(node, para)) {
		cmark_node_free(para);
		return false;
	}
	while ((child = cmark_node_first_child(node)))
		if (!cmark_node_append_child(para, child))
			return false;
	cmark_node_free(node);
	return true;
}

static bool link_allowed(cmark_node *link)
{
	const char *url = cmark_node_get_url(link);
	return url && *url && !url_problem(url, true);
}

/* Cuts the tree down to what stories may hold; false when out of memory. */
static bool sanitize(cmark_node *doc)
{
	struct nodes all = { NULL, 0, 0 };
	bool ok = collect(doc, &all);
	for (size_t i = 0; ok && i < all.n; i++) {
		cmark_node *node = all.v[i];
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_CODE:
			ok = as_text(node, cmark_node_get_literal(node), false);
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_CODE_BLOCK:
			ok = as_text(node, cmark_node_get_literal(node), true);
			break;
		case CMARK_NODE_HEADING:
			ok = as_paragraph(node);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
		case CMARK_NODE_IMAGE:
		case CMARK_NODE_CUSTOM_BLOCK:
		case CMARK_NODE_CUSTOM_INLINE:
			ok = unwrap(node);
			break;
		case CMARK_NODE_LINK:
			if (!link_allowed(node))
				ok = unwrap(node);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			cmark_node_free(node);
			break;
		default:
			break;
		}
	}
	free(all.v);
	return ok;
}

/* The sanitized tree of text, or NULL. Every '<' is escaped first, so cmark reads no HTML at
 * all (no HTML blocks that would split a paragraph, no inline tags, no autolinks): what an
 * editor typed as markup reads as the text it is, as it always did. */
static cmark_node *parse(const char *text, size_t n)
{
	size_t lt = 0, marker = block_marker(text, n);
	for (size_t k = 0; k < n; k++)
		lt += text[k] == '<';
	char *src = malloc(n + lt + 2);
	if (!src)
		return NULL;
	size_t m = 0;
	for (size_t k = 0; k < n; k++) {
		if (text[k] == '<' || k == marker)
			src[m++] = '\\';
		src[m++] = text[k];
	}
	cmark_node *doc = cmark_parse_document(src, m, markup_cmark_options());
	free(src);
	if (doc && !sanitize(doc)) {
		cmark_node_free(doc);
		return NULL;
	}
	return doc;
}

const char *markup_html(struct arena *a, const char *text, size_t n)
{
	if (too_many_references(text, n))
		return NULL;
	cmark_node *doc = parse(text, n);
	char *html = doc ? cmark_render_html(doc, markup_cmark_options()) : NULL;
	const char *out = html ? arena_strdup(a, html) : NULL;
	free(html);
	if (doc)
		cmark_node_free(doc);
	return out;
}

const char *markup_plain(struct arena *a, const char *text, size_t n)
{
	if (too_many_references(text, n) || !markup_wanted(text, n))
		return arena_strndup(a, text, n);
	cmark_node *doc = parse(text, n);
	cmark_iter *it = doc ? cmark_iter_new(doc) : NULL;
	struct { char *p; size_t n, cap; } w = { NULL, 0, 0 };  /* the words so far */
	bool ok = it != NULL;
	cmark_event_type ev;
	while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		const char *lit = t == CMARK_NODE_TEXT && ev == CMARK_EVENT_ENTER
			? cmark_node_get_literal(node) : NULL;
		bool space = (ev == CMARK_EVENT_EXIT && t <= CMARK_NODE_LAST_BLOCK) ||
			     t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
		size_t len = lit ? strlen(lit) : space ? 1 : 0;
		if (!len)
			continue;
		if (w.n + len + 1 > w.cap) {
			size_t cap = (w.n + len + 1) * 2;
			char *p = realloc(w.p, cap);
			if (!(ok = p != NULL))
				break;
			w.p = p;
			w.cap = cap;
		}
		if (lit)
			memcpy(w.p + w.n, lit, len);
		else if (w.n && w.p[w.n - 1] != ' ')
			w.p[w.n] = ' ';
		else
			len = 0;
		w.n += len;
	}
	while (ok && w.n && w.p[w.n - 1] == ' ')
		w.n--;
	const char *out = ok ? arena_strndup(a, w.p ? w.p : "", w.n) : NULL;
	free(w.p);
	if (it)
		cmark_iter_free(it);
	if (doc)
		cmark_node_free(doc);
	return out;
}
