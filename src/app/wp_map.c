/* One WordPress item to one newsdesk article: section, status, dates, slug, intro, lead image,
 * old addresses, CommonMark paragraphs, topics and bylines, and what waits for the media library. */
#include "wp_map.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "request.h"
#include "utf8.h"
#include "validate.h"
#include "wp_commonmark.h"

#define PENDING_MAX 500     /* topics, authors, images per article */
#define TOPIC_NAME_MAX 100  /* as topics.name allows (sql/009_newsroom.sql) */
#define PERSON_NAME_MAX 200 /* as people.name allows */

void section_map_init(struct section_map *m)
{
	memset(m, 0, sizeof *m);
	arena_init(&m->arena);
}

void section_map_free(struct section_map *m)
{
	arena_free(&m->arena);
	memset(m, 0, sizeof *m);
}

static char *next_word(char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
	if (!**p)
		return NULL;
	char *w = *p;
	while (**p && **p != ' ' && **p != '\t')
		(*p)++;
	if (**p)
		*(*p)++ = '\0';
	return w;
}

static bool section_slug_ok(const char *s)
{
	return slug_valid(s, strlen(s)) && strlen(s) <= SECTION_SLUG_MAX;
}

/* The first max characters of s (whole UTF-8 sequences). */
static const char *cut_chars(struct arena *a, const char *s, size_t max)
{
	size_t chars = 0, i = 0;
	for (; s[i] && chars < max; chars++) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
	}
	return s[i] ? arena_strndup(a, s, i) : s;
}

static bool add_rule(struct section_map *m, char *line, char *err, size_t errlen,
		     const char *path, int lineno)
{
	char *p = line;
	char *category = next_word(&p), *slug = next_word(&p);
	while (*p == ' ' || *p == '\t')
		p++;
	if (!category)
		return true;
	if (!slug || !section_slug_ok(slug)) {
		snprintf(err, errlen, "%s:%d: want 'CATEGORY SECTION-SLUG [Section name]', the slug "
			 "1 to %d of a-z, 0-9 and '-'", path, lineno, SECTION_SLUG_MAX);
		return false;
	}
	if (!utf8_text(p, strlen(p)) || text_chars(p) > SECTION_NAME_MAX) {
		snprintf(err, errlen, "%s:%d: the section name must be UTF-8 text of at most %d "
			 "characters", path, lineno, SECTION_NAME_MAX);
		return false;
	}
	m->rules = arena_grow(&m->arena, m->rules, m->n, &m->cap, sizeof *m->rules);
	if (!m->rules) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	m->rules[m->n++] = (struct section_rule){ arena_strdup(&m->arena, category),
						  arena_strdup(&m->arena, slug),
						  arena_strdup(&m->arena, *p ? p : slug) };
	return true;
}

bool section_map_load(struct section_map *m, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;
	bool ok = true;
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return false;
	}
	while (ok && fgets(line, sizeof line, f)) {
		lineno++;
		size_t n = strlen(line);
		if (n == sizeof line - 1 && line[n - 1] != '\n') {
			snprintf(err, errlen, "%s:%d: line longer than %zu bytes", path, lineno, sizeof line - 2);
			ok = false;
			break;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		ok = add_rule(m, line, err, errlen, path, lineno);
	}
	fclose(f);
	return ok;
}

static const struct section_rule *rule_for(const struct section_map *m, const char *category)
{
	for (int i = 0; i < m->n; i++)
		if (strcmp(m->rules[i].category, category) == 0)
			return &m->rules[i];
	return NULL;
}

time_t wp_time(const char *s)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, se;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &tail) != 6 ||
	    y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return 0;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	time_t t = timegm(&tm);
	return t < 0 ? 0 : t;
}

/* The section of an item: its first category through the map, else the category itself. */
static void choose_section(struct arena *a, const struct section_map *m, const struct wxr_item *it,
			   struct section_choice *out)
{
	const struct wxr_term *first = NULL;
	for (int i = 0; i < it->nterms && !first; i++)
		if (strcmp(it->terms[i].domain, "category") == 0)
			first = &it->terms[i];
	bool page = strcmp(it->type, "page") == 0;
	const char *key = first ? first->nicename : page ? "@page" : "@none";
	const struct section_rule *r = rule_for(m, key);
	if (r) {
		*out = (struct section_choice){ r->slug, r->name };
		return;
	}
	if (!first) {
		*out = page ? (struct section_choice){ "pages", "Pages" }
			    : (struct section_choice){ "uncategorized", "Uncategorized" };
		return;
	}
	const char *name = *first->name ? cut_chars(a, first->name, SECTION_NAME_MAX) : first->nicename;
	const char *slug = first->nicename;
	if (!section_slug_ok(slug)) {
		slug = slug_from_headline(a, name);
		if (slug && strlen(slug) > SECTION_SLUG_MAX)
			slug = arena_strndup(a, slug, SECTION_SLUG_MAX);
	}
	if (!slug || !*slug || !section_slug_ok(slug)) {  /* a name with no ASCII letter at all */
		unsigned long h = 5381;
		for (const char *p = first->nicename; *p; p++)
			h = h * 33 + (unsigned char)*p;
		slug = arena_printf(a, "category-%08lx", h & 0xffffffffUL);
	}
	*out = (struct section_choice){ slug, *name ? name : slug };
}

/* WordPress's status as newsdesk's; NULL: not imported. */
static const char *status_of(const char *wp, map_note_fn note, void *arg, bool *scheduled)
{
	*scheduled = false;
	if (strcmp(wp, "publish") == 0)
		return "published";
	if (strcmp(wp, "future") == 0)
		return *scheduled = true, "published";
	if (strcmp(wp, "draft") == 0 || strcmp(wp, "pending") == 0)
		return "draft";
	if (strcmp(wp, "private") == 0) {
		note(arg, "status", "private post imported as a draft (not shown to readers)");
		return "draft";
	}
	return NULL;
}

/* A permalink's path as legacy_paths keeps it: "/2010/04/15/slug", or "/?p=123" for a plain
 * permalink; NULL when it has none. */
static const char *legacy_path(struct arena *a, const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : (url[0] == '/' ? url : NULL);
	if (!p)
		return NULL;
	size_t n = strcspn(p, "?#");
	const char *query = p[n] == '?' ? p + n + 1 : NULL;
	if (query && n == 1) {  /* "/?p=123": kept as sent, without any fragment */
		size_t q = strcspn(query, "#");
		return q ? arena_printf(a, "/?%.*s", (int)q, query) : NULL;
	}
	size_t len;
	char *path = percent_decode(a, p, n, false, &len);
	if (!path || strlen(path) != len || !utf8_text(path, len))
		return NULL;
	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	return len > 1 ? path : NULL;
}

static bool add_pending(struct arena *a, struct import_pending **list, int *n, int *cap,
			struct import_pending p)
{
	if (*n >= PENDING_MAX)
		return true;
	if (!(*list = arena_grow(a, *list, *n, cap, sizeof **list)))
		return false;
	(*list)[(*n)++] = p;
	return true;
}

static const char *author_name(const struct wxr_channel *ch, const char *login)
{
	for (int i = 0; i < ch->nauthors; i++)
		if (strcmp(ch->authors[i].login, login) == 0)
			return ch->authors[i].display_name;
	return "";
}

/* A person's slug from a WordPress login (transliterated as headlines are), or from a hash of
 * it when it has no letter or digit to keep. */
static const char *person_slug(struct arena *a, const char *login)
{
	const char *slug = slug_from_headline(a, login);
	if (!slug || *slug)
		return slug;
	unsigned long h = 5381;
	for (const char *p = login; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return arena_printf(a, "author-%08lx", h & 0xffffffffUL);
}

/* An author by login: a person (slug from the login, the channel's display name). */
static bool add_author(struct arena *a, const struct wxr_channel *ch, const char *login,
		       struct import_pending **list, int *n, int *cap)
{
	const char *name = arena_strdup(a, author_name(ch, login));  /* the channel's: copied */
	const char *slug = person_slug(a, login);
	return slug && name && add_pending(a, list, n, cap, (struct import_pending){
		"author", slug, cut_chars(a, *name ? name : login, PERSON_NAME_MAX), "" });
}

/* Tags and categories past the first (topics: a category past the first groups stories as a
 * tag does, and a section is one per article), the author (a person and the byline) and body
 * images (import_pending, until the media library). */
static bool pending_of(struct arena *a, const struct wxr_channel *ch, const struct wxr_item *it,
		       const struct body *b, int first_image, struct import_article *out)
{
	struct import_pending *list = NULL;
	int n = 0, cap = 0;
	bool first_category = true, ok = true;
	for (int i = 0; ok && i < it->nterms; i++) {
		const struct wxr_term *t = &it->terms[i];
		bool category = strcmp(t->domain, "category") == 0;
		if (category && first_category) {
			first_category = false;
			continue;
		}
		if (category || strcmp(t->domain, "post_tag") == 0)
			ok = add_pending(a, &list, &n, &cap, (struct import_pending){
				category ? "category" : "tag", t->nicename,
				cut_chars(a, *t->name ? t->name : t->nicename, TOPIC_NAME_MAX), "" });
	}
	if (ok && *it->creator)
		ok = add_author(a, ch, it->creator, &list, &n, &cap);
	/* Co-Authors Plus writes further authors as terms named by login: bylines 2, 3, ... */
	for (int i = 0; ok && i < it->nterms; i++)
		if (strcmp(it->terms[i].domain, "author") == 0 && *it->terms[i].name &&
		    strcmp(it->terms[i].name, it->creator) != 0)
			ok = add_author(a, ch, it->terms[i].name, &list, &n, &cap);
	for (int i = first_image; ok && i < b->nimages; i++)
		ok = add_pending(a, &list, &n, &cap, (struct import_pending){
			"image", b->images[i].src, b->images[i].alt, b->images[i].caption });
	out->pending = list;
	out->npending = n;
	return ok;
}

/* The items of one list (blocks i to k - 1) become block i; images keep their place. */
static void join_list(struct body *b, int i, int k)
{
	int gone = k - i - 1;
	memmove(&b->blocks[i + 1], &b->blocks[k], (size_t)(b->nblocks - k) * sizeof *b->blocks);
	memmove(&b->pars[i + 1], &b->pars[k], (size_t)(b->nblocks - k) * sizeof *b->pars);
	b->nblocks -= gone;
	for (int m = 0; m < b->nimages; m++) {
		int *at = &b->images[m].before_block;
		*at = *at >= k ? *at - gone : *at > i ? i + 1 : *at;
	}
}

/* Paragraphs' text as CommonMark: their links and looks kept, the rest escaped, the items of a
 * list one CommonMark list; and what search indexes of those that became markup. Links left as
 * text are in the report already (cli_import.c), so they are not noted twice. */
static bool commonmark_of(struct arena *a, struct body *b, struct import_article *out)
{
	const char **plains = arena_alloc(a, (size_t)(b->nblocks ? b->nblocks : 1) * sizeof *plains);
	if (!plains)
		return false;
	for (int i = 0; i < b->nblocks; i++) {
		struct block *blk = &b->blocks[i];
		plains[i] = NULL;
		if (blk->kind != BLOCK_PARAGRAPH)
			continue;
		const struct body_par *p = &b->pars[i];
		if (p->list_id && p->nruns) {
			int k = i + 1;
			while (k < b->nblocks && b->blocks[k].kind == BLOCK_PARAGRAPH &&
			       b->pars[k].list_id == p->list_id && b->pars[k].nruns)
				k++;
			if (!(blk->text = wp_commonmark_list(a, p, k - i, p->list == 2, &plains[i])))
				return false;
			join_list(b, i, k);
			continue;
		}
		struct inline_run one = { blk->text, 0, NULL };
		struct body_par par = p->nruns ? *p : (struct body_par){ &one, 1, 0, 0, 0 };
		if (!(blk->text = wp_commonmark(a, &par, &plains[i])))
			return false;
	}
	out->nblocks = b->nblocks;
	out->plains = plains;
	return true;
}

const char *wp_absolute(struct arena *a, const char *site, const char *u)
{
	if (!u || u[0] != '/' || u[1] == '/' || !site || !*site)
		return u;
	size_t n = strlen(site);
	while (n && site[n - 1] == '/')
		n--;
	return arena_printf(a, "%.*s%s", (int)n, site, u);
}

/* Addresses in the body that were paths on the old site now name it. */
static void absolute_body(struct arena *a, const char *site, struct body *b)
{
	for (int i = 0; i < b->nimages; i++)
		b->images[i].src = wp_absolute(a, site, b->images[i].src);
	for (int i = 0; i < b->nlinks; i++)
		b->links[i].href = wp_absolute(a, site, b->links[i].href);
	for (int i = 0; i < b->nblocks; i++) {
		b->blocks[i].media_url = wp_absolute(a, site, b->blocks[i].media_url);
		b->blocks[i].image_url = wp_absolute(a, site, b->blocks[i].image_url);
		for (int k = 0; k < b->pars[i].nruns; k++)
			b->pars[i].runs[k].href = wp_absolute(a, site, b->pars[i].runs[k].href);
	}
}

static const char *slug_of(struct arena *a, const struct wxr_item *it, const char *headline)
{
	size_t len;
	const char *name = percent_decode(a, it->name, strlen(it->name), false, &len);
	if (name && slug_valid(name, len))
		return name;
	const char *s = slug_from_headline(a, headline);
	if (s && *s)
		return s;
	return arena_printf(a, "%s-%lld", strcmp(it->type, "page") == 0 ? "page" : "post", it->id);
}

static bool paths_of(struct arena *a, const struct wxr_item *it, bool page,
		     struct import_article *out)
{
	const char **paths = arena_alloc(a, 3 * sizeof *paths);
	int n = 0;
	if (!paths)
		return false;
	paths[n++] = arena_printf(a, page ? "/?page_id=%lld" : "/?p=%lld", it->id);
	const char *link = legacy_path(a, it->link);
	if (link && strcmp(link, paths[0]) != 0)
		paths[n++] = link;
	const char *guid = legacy_path(a, it->guid);
	if (guid && strcmp(guid, paths[0]) != 0 && (!link || strcmp(guid, link) != 0))
		paths[n++] = guid;
	out->paths = paths;
	out->npaths = n;
	return paths[0] != NULL;
}

/* The intro: the excerpt, else the first paragraph, taken out of the body (as it is when it
 * repeats the excerpt, as newsdesk's own WordPress export writes it). */
static const char *intro_of(struct arena *a, const struct wxr_item *it, struct body *b,
			    map_note_fn note, void *arg)
{
	const char *excerpt = body_plain_text(a, it->excerpt, strlen(it->excerpt),
					      (body_note_fn)note, arg);
	if (!excerpt)
		return NULL;
	for (int i = 0; i < b->nblocks; i++) {
		if (b->blocks[i].kind != BLOCK_PARAGRAPH)
			continue;
		const char *text = b->blocks[i].text;
		if (*excerpt && strcmp(text, excerpt) != 0)
			return excerpt;   /* an excerpt of its own: the body stays whole */
		memmove(&b->blocks[i], &b->blocks[i + 1], (size_t)(b->nblocks - i - 1) * sizeof *b->blocks);
		memmove(&b->pars[i], &b->pars[i + 1], (size_t)(b->nblocks - i - 1) * sizeof *b->pars);
		b->nblocks--;
		for (int k = 0; k < b->nimages; k++)
			if (b->images[k].before_block > i)
				b->images[k].before_block--;
		return text;
	}
	return excerpt;
}

static const char *headline_of(struct arena *a, const struct wxr_item *it, map_note_fn note,
			       void *arg)
{
	const char *h = body_plain_text(a, it->title, strlen(it->title), (body_note_fn)note, arg);
	if (h && !*h) {
		note(arg, "title", "no title: imported as \"(untitled)\"");
		return "(untitled)";
	}
	return h ? cut_chars(a, h, HEADLINE_MAX) : NULL;
}

static void times_of(const struct wxr_item *it, bool dated, time_t now, map_note_fn note,
		     void *arg, struct import_article *out)
{
	time_t published = wp_time(it->date_gmt);
	if (!published && dated) {
		published = wp_time(it->date);
		note(arg, "date", published ? "no GMT date: its local date taken as GMT"
					    : "no date: imported as published now");
		if (!published)
			published = now;
	}
	time_t modified = wp_time(it->modified_gmt);
	out->published_at = published;
	out->updated_at = modified ? modified : published ? published : now;
}

const char *wp_map_article(struct arena *a, const struct section_map *m,
			   const struct wxr_channel *ch, const struct wxr_item *it, time_t now,
			   map_note_fn note, void *arg, struct import_article *out,
			   struct section_choice *section, struct body *body, bool *failed)
{
	bool scheduled, page = strcmp(it->type, "page") == 0;
	const char *status = status_of(it->status, note, arg, &scheduled);
	memset(out, 0, sizeof *out);
	*failed = false;
	if (!status)
		return arena_printf(a, "status %s", *it->status ? it->status : "(none)");
	if (!it->id)
		return "no wp:post_id";
	choose_section(a, m, it, section);
	out->wp_id = it->id;
	out->guid = it->guid;
	out->kind = page ? "page" : "post";
	out->status = status;
	times_of(it, strcmp(status, "published") == 0, now, note, arg, out);
	if (scheduled && out->published_at <= now)
		note(arg, "status", "scheduled for a time already past: published");
	out->headline = headline_of(a, it, note, arg);
	if (!out->headline || !body_convert(a, it->content, strlen(it->content), (body_note_fn)note,
					     arg, body) ||
	    !(out->intro = intro_of(a, it, body, note, arg)) ||
	    !(out->slug = slug_of(a, it, out->headline)) || !paths_of(a, it, page, out)) {
		*failed = true;
		return "out of memory";
	}
	absolute_body(a, ch->base_site_url, body);
	out->image_url = out->image_alt = out->image_caption = "";
	out->thumbnail_id = it->thumbnail_id;
	int first_image = 0;
	if (!it->thumbnail_id && body->nimages) {  /* no featured image: the body's first leads */
		out->image_url = body->images[0].src;
		out->image_alt = body->images[0].alt;
		out->image_caption = body->images[0].caption;
		first_image = 1;
	}
	out->blocks = body->blocks;
	out->nblocks = body->nblocks;
	if (!commonmark_of(a, body, out) || !pending_of(a, ch, it, body, first_image, out)) {
		*failed = true;
		return "out of memory";
	}
	return NULL;
}
