/* A WordPress export read as a stream (xmlTextReader): items one at a time, memory flat, no DTD,
 * no entities beyond XML's own, no network; errors with their line and column. */
#include "wxr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "buf.h"

#define TEXT_MAX (32 << 20)    /* one element's text, CDATA pieces joined */
#define TERMS_MAX 1000         /* categories and tags of one item */
#define AUTHORS_MAX 10000

#define NS_WP "http://wordpress.org/export/"   /* then 1.0/, 1.1/ or 1.2/ */
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"

enum element {
	E_OTHER, E_RSS, E_CHANNEL, E_ITEM, E_TITLE, E_LINK, E_GUID, E_CREATOR, E_CONTENT, E_EXCERPT,
	E_POST_ID, E_DATE, E_DATE_GMT, E_MODIFIED_GMT, E_NAME, E_STATUS, E_TYPE, E_ATTACHMENT_URL,
	E_CATEGORY, E_META_KEY, E_META_VALUE, E_VERSION, E_SITE_URL, E_BLOG_URL, E_AUTHOR,
	E_AUTHOR_LOGIN, E_AUTHOR_NAME, E_POSTMETA,
};

static const struct { const char *name; enum element e; } wp_names[] = {
	{ "post_id", E_POST_ID }, { "post_date", E_DATE }, { "post_date_gmt", E_DATE_GMT },
	{ "post_modified_gmt", E_MODIFIED_GMT }, { "post_name", E_NAME }, { "status", E_STATUS },
	{ "post_type", E_TYPE }, { "attachment_url", E_ATTACHMENT_URL }, { "meta_key", E_META_KEY },
	{ "meta_value", E_META_VALUE }, { "wxr_version", E_VERSION },
	{ "base_site_url", E_SITE_URL }, { "base_blog_url", E_BLOG_URL }, { "author", E_AUTHOR },
	{ "author_login", E_AUTHOR_LOGIN }, { "author_display_name", E_AUTHOR_NAME },
	{ "postmeta", E_POSTMETA },
};

struct state {
	xmlTextReaderPtr r;
	struct wxr_error *err;
	bool failed, stopped, seen_root;
	wxr_item_fn on_item;
	void *arg;
	struct arena chan_arena, item_arena;
	struct wxr_channel ch;
	struct wxr_item it;
	bool in_item;
	int term_cap, author_cap;
	struct wxr_term term;      /* the category element being read */
	const char *meta_key;
	struct buf text;           /* the current element's text */
};

static void fail_at(struct state *st, long line, long column, const char *msg)
{
	if (st->failed)
		return;
	st->failed = true;
	st->err->line = line;
	st->err->column = column;
	snprintf(st->err->message, sizeof st->err->message, "%s", msg);
	size_t n = strlen(st->err->message);
	while (n && (st->err->message[n - 1] == '\n' || st->err->message[n - 1] == ' '))
		st->err->message[--n] = '\0';
}

/* Our own refusals: at the current node's line when libxml2 knows it. */
static void fail(struct state *st, const char *msg)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(st->r);
	long line = node ? xmlGetLineNo(node) : -1;
	fail_at(st, line > 0 ? line : xmlTextReaderGetParserLineNumber(st->r),
		line > 0 ? 1 : xmlTextReaderGetParserColumnNumber(st->r), msg);
}

/* libxml2's own errors: the first one is the one to tell. */
static void on_xml_error(void *arg, xmlErrorPtr e)
{
	struct state *st = arg;
	if (e && e->level >= XML_ERR_ERROR && !st->failed) {
		char msg[300];
		snprintf(msg, sizeof msg, "not well-formed XML: %s", e->message ? e->message : "?");
		for (char *p = msg; *p; p++)   /* libxml2 adds "\nBytes: 0xFF ..." on bad UTF-8 */
			if (*p == '\n')
				*p = ' ';
		fail_at(st, e->line, e->int2, msg);
	}
}

static bool ns_is(const xmlChar *ns, const char *want, bool prefix)
{
	if (!ns)
		return false;
	return prefix ? strncmp((const char *)ns, want, strlen(want)) == 0
		      : strcmp((const char *)ns, want) == 0;
}

static enum element element_of(struct state *st)
{
	const char *local = (const char *)xmlTextReaderConstLocalName(st->r);
	const xmlChar *ns = xmlTextReaderConstNamespaceUri(st->r);
	int depth = xmlTextReaderDepth(st->r);
	if (!local)
		return E_OTHER;
	if (!ns) {
		static const struct { const char *name; int depth; enum element e; } plain[] = {
			{ "rss", 0, E_RSS }, { "channel", 1, E_CHANNEL }, { "item", 2, E_ITEM },
			{ "title", 2, E_TITLE }, { "title", 3, E_TITLE }, { "link", 3, E_LINK },
			{ "guid", 3, E_GUID }, { "category", 3, E_CATEGORY },
		};
		for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
			if (depth == plain[i].depth && strcmp(local, plain[i].name) == 0)
				return plain[i].e;
		return E_OTHER;
	}
	if (ns_is(ns, NS_CONTENT, false) && strcmp(local, "encoded") == 0)
		return E_CONTENT;
	if (ns_is(ns, NS_DC, false) && strcmp(local, "creator") == 0)
		return E_CREATOR;
	if (!ns_is(ns, NS_WP, true))
		return E_OTHER;
	if (strstr((const char *)ns, "/excerpt/"))
		return strcmp(local, "encoded") == 0 ? E_EXCERPT : E_OTHER;
	for (size_t i = 0; i < sizeof wp_names / sizeof wp_names[0]; i++)
		if (strcmp(local, wp_names[i].name) == 0)
			return wp_names[i].e;
	return E_OTHER;
}

static const char *text_copy(struct state *st, struct arena *a)
{
	const char *s = arena_strndup(a, st->text.data ? st->text.data : "", st->text.len);
	if (!s)
		fail(st, "out of memory");
	return s;
}

static long long parse_id(const char *s)
{
	long long v = 0;
	for (; *s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'; s++)
		;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > 1000000000000LL)
			return 0;
		v = v * 10 + (*s - '0');
	}
	return *s && *s != ' ' && *s != '\n' ? 0 : v;
}

static void start_item(struct state *st)
{
	if (!st->ch.version) {
		fail(st, "not a WordPress export (WXR): an item comes before any wp:wxr_version");
		return;
	}
	arena_free(&st->item_arena);
	arena_init(&st->item_arena);
	memset(&st->it, 0, sizeof st->it);
	struct wxr_item *it = &st->it;
	it->title = it->link = it->guid = it->creator = it->content = it->excerpt = "";
	it->date = it->date_gmt = it->modified_gmt = it->name = it->status = it->type = "";
	it->attachment_url = it->image_alt = "";
	xmlNodePtr node = xmlTextReaderCurrentNode(st->r);
	long line = node ? xmlGetLineNo(node) : -1;
	it->line = line > 0 ? line : xmlTextReaderGetParserLineNumber(st->r);
	it->offset = xmlTextReaderByteConsumed(st->r);
	st->term_cap = 0;
	st->meta_key = NULL;  /* the last item's key was in the arena just freed */
	st->in_item = true;
}

static void start_element(struct state *st, enum element e)
{
	buf_reset(&st->text);
	switch (e) {
	case E_RSS:
		st->seen_root = true;
		break;
	case E_ITEM:
		start_item(st);
		break;
	case E_POSTMETA:  /* a value pairs only with a key of its own wp:postmeta */
		st->meta_key = NULL;
		break;
	case E_CATEGORY: {
		xmlChar *domain = xmlTextReaderGetAttribute(st->r, (const xmlChar *)"domain");
		xmlChar *nicename = xmlTextReaderGetAttribute(st->r, (const xmlChar *)"nicename");
		st->term.domain = arena_strdup(&st->item_arena, (const char *)domain);
		st->term.nicename = arena_strdup(&st->item_arena, (const char *)nicename);
		xmlFree(domain);
		xmlFree(nicename);
		break;
	}
	case E_AUTHOR:
		if (!st->in_item && st->ch.nauthors < AUTHORS_MAX) {
			st->ch.authors = arena_grow(&st->chan_arena, st->ch.authors, st->ch.nauthors,
						    &st->author_cap, sizeof *st->ch.authors);
			if (!st->ch.authors)
				{ fail(st, "out of memory"); return; }
			st->ch.authors[st->ch.nauthors++] = (struct wxr_author){ "", "" };
		}
		break;
	default:
		break;
	}
}

static void end_term(struct state *st)
{
	struct wxr_item *it = &st->it;
	if (it->nterms >= TERMS_MAX)
		return;
	it->terms = arena_grow(&st->item_arena, it->terms, it->nterms, &st->term_cap, sizeof *it->terms);
	if (!it->terms)
		{ fail(st, "out of memory"); return; }
	st->term.name = text_copy(st, &st->item_arena);
	it->terms[it->nterms++] = st->term;
}

static void end_meta(struct state *st)
{
	if (!st->meta_key)
		return;
	if (strcmp(st->meta_key, "_thumbnail_id") == 0)
		st->it.thumbnail_id = parse_id(st->text.data ? st->text.data : "");
	else if (strcmp(st->meta_key, "_wp_attachment_image_alt") == 0)
		st->it.image_alt = text_copy(st, &st->item_arena);
	st->meta_key = NULL;
}

/* An element of an item ended: its text is the field's value. */
static void end_item_field(struct state *st, enum element e)
{
	struct wxr_item *it = &st->it;
	const char **field = NULL;
	switch (e) {
	case E_TITLE: field = &it->title; break;
	case E_LINK: field = &it->link; break;
	case E_GUID: field = &it->guid; break;
	case E_CREATOR: field = &it->creator; break;
	case E_CONTENT: field = &it->content; break;
	case E_EXCERPT: field = &it->excerpt; break;
	case E_DATE: field = &it->date; break;
	case E_DATE_GMT: field = &it->date_gmt; break;
	case E_MODIFIED_GMT: field = &it->modified_gmt; break;
	case E_NAME: field = &it->name; break;
	case E_STATUS: field = &it->status; break;
	case E_TYPE: field = &it->type; break;
	case E_ATTACHMENT_URL: field = &it->attachment_url; break;
	case E_POST_ID: it->id = parse_id(st->text.data ? st->text.data : ""); return;
	case E_CATEGORY: end_term(st); return;
	case E_META_KEY: st->meta_key = text_copy(st, &st->item_arena); return;
	case E_META_VALUE: end_meta(st); return;
	case E_ITEM:
		st->in_item = false;
		if (!st->failed && !st->on_item(st->arg, &st->ch, it))
			st->stopped = true;
		return;
	default: return;
	}
	*field = text_copy(st, &st->item_arena);
}

static void end_channel_field(struct state *st, enum element e)
{
	struct wxr_author *au = st->ch.nauthors ? &st->ch.authors[st->ch.nauthors - 1] : NULL;
	switch (e) {
	case E_VERSION: st->ch.version = text_copy(st, &st->chan_arena); break;
	case E_SITE_URL: st->ch.base_site_url = text_copy(st, &st->chan_arena); break;
	case E_BLOG_URL: st->ch.base_blog_url = text_copy(st, &st->chan_arena); break;
	case E_TITLE: st->ch.title = text_copy(st, &st->chan_arena); break;
	case E_AUTHOR_LOGIN: if (au) au->login = text_copy(st, &st->chan_arena); break;
	case E_AUTHOR_NAME: if (au) au->display_name = text_copy(st, &st->chan_arena); break;
	default: break;
	}
}

static void end_element(struct state *st, enum element e)
{
	if (st->in_item)
		end_item_field(st, e);
	else
		end_channel_field(st, e);
}

static void add_text(struct state *st)
{
	const char *v = (const char *)xmlTextReaderConstValue(st->r);
	size_t n = v ? strlen(v) : 0;
	if (st->text.len + n > TEXT_MAX)
		{ fail(st, "an element's text is larger than 32 MB"); return; }
	if (!buf_append(&st->text, v ? v : "", n))
		fail(st, "out of memory");
}

static void step(struct state *st)
{
	int type = xmlTextReaderNodeType(st->r);
	switch (type) {
	case XML_READER_TYPE_DOCUMENT_TYPE:
		{ fail(st, "a DOCTYPE is not allowed in a WordPress export (its entities could "
			    "expand without bound or reach outside the file)"); return; }
	case XML_READER_TYPE_ENTITY_REFERENCE:
		{ fail(st, "an entity reference other than XML's own is not allowed"); return; }
	case XML_READER_TYPE_ELEMENT: {
		enum element e = element_of(st);
		if (!st->seen_root && e != E_RSS)
			{ fail(st, "not a WordPress export (WXR): the document is not an <rss> feed"); return; }
		start_element(st, e);
		if (xmlTextReaderIsEmptyElement(st->r))
			end_element(st, e);
		return;
	}
	case XML_READER_TYPE_END_ELEMENT:
		end_element(st, element_of(st));
		return;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		add_text(st);
		return;
	default:
		return;
	}
}

bool wxr_item_copy(struct arena *a, const struct wxr_item *it, struct wxr_item *out)
{
	*out = *it;
	const char **fields[] = { &out->title, &out->link, &out->guid, &out->creator, &out->content,
				  &out->excerpt, &out->date, &out->date_gmt, &out->modified_gmt,
				  &out->name, &out->status, &out->type, &out->attachment_url,
				  &out->image_alt };
	bool ok = true;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		ok &= (*fields[i] = arena_strdup(a, *fields[i])) != NULL;
	out->terms = it->nterms ? arena_alloc(a, (size_t)it->nterms * sizeof *out->terms) : NULL;
	if (it->nterms && !out->terms)
		return false;
	for (int i = 0; i < it->nterms; i++) {
		out->terms[i].domain = arena_strdup(a, it->terms[i].domain);
		out->terms[i].nicename = arena_strdup(a, it->terms[i].nicename);
		out->terms[i].name = arena_strdup(a, it->terms[i].name);
		ok &= out->terms[i].domain && out->terms[i].nicename && out->terms[i].name;
	}
	return ok;
}

bool wxr_read(const char *path, wxr_item_fn on_item, void *arg, struct wxr_error *err)
{
	struct state st = { .err = err, .on_item = on_item, .arg = arg };
	memset(err, 0, sizeof *err);
	arena_init(&st.chan_arena);
	arena_init(&st.item_arena);
	buf_init(&st.text);
	/* No NOENT, DTDLOAD or HUGE: entities stay unexpanded, nothing is fetched, limits hold. */
	st.r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (!st.r) {
		snprintf(err->message, sizeof err->message, "cannot open %s", path);
		st.failed = true;
	} else {
		xmlTextReaderSetStructuredErrorHandler(st.r, on_xml_error, &st);
		int rc = 0;
		while (!st.failed && !st.stopped && (rc = xmlTextReaderRead(st.r)) == 1)
			step(&st);
		if (!st.failed && !st.stopped && rc != 0)
			fail(&st, "the XML could not be read");
		if (!st.failed && !st.stopped && !st.seen_root)
			fail(&st, "not XML: the file holds no element");
		if (!st.failed && !st.stopped && !st.ch.version)
			fail(&st, "not a WordPress export (WXR): no wp:wxr_version in the channel");
		xmlFreeTextReader(st.r);
	}
	buf_free(&st.text);
	arena_free(&st.item_arena);
	arena_free(&st.chan_arena);
	return !st.failed;
}
