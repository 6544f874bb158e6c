/* The article form: new and edit, changes of structure without saving, validation with a
 * message beside each bad field, preview, save, publish, unpublish, and the stale-save conflict.
 * Whatever happens, the editor's text comes back to them. */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "admin_desk.h"
#include "editor.h"
#include "newsroom.h"
#include "pages.h"
#include "presence.h"
#include "session.h"
#include "site.h"
#include "textdiff.h"
#include "timefmt.h"
#include "validate.h"

struct form {
	struct edit_article e;
	long long base_revision;
	const char *publish_at;       /* as typed */
	const char **link_times;      /* as typed, one per link */
	const char *promos_text;      /* as typed */
	const char *bylines_text;     /* as typed: people's slugs, one a line */
	const char *topics_text;      /* as typed: names, separated by commas */
	const char *field_problem[FIELD__MAX];
	const char **block_problem;   /* one per block, NULL when fine */
	const char **link_problem;
	int problems;
	struct desk desk;             /* owner and review: not part of the form, kept across reads */
	const char *note_kind, *note_text, *note_problem;  /* a refused correction, as typed */
};

static const struct desk no_desk = { .owner_name = "", .review = "none", .note = "", .note_by = "" };

/* ---- reading the form ---- */

static const char *value(const struct ctx *c, enum field f)
{
	const struct field_value *v = &c->req.field[f];
	return v->present ? v->text : "";
}

static const char *item(const struct ctx *c, enum field f, int i)
{
	const struct field_value *v = &c->req.field[f];
	return i < v->count ? v->values[i] : "";
}

static enum block_kind kind_from(const char *s)
{
	return strcmp(s, "box") == 0 ? BLOCK_BOX : strcmp(s, "media") == 0 ? BLOCK_MEDIA
									 : BLOCK_PARAGRAPH;
}

static bool registration_checked(const struct ctx *c, int i)
{
	const struct field_value *v = &c->req.field[F_LINK_REGISTRATION];
	long long n;
	for (int k = 0; k < v->count; k++)
		if (parse_uint(v->values[k], 1000, &n) && n == i)
			return true;
	return false;
}

static bool read_blocks(struct ctx *c, struct form *f)
{
	int n = c->req.field[F_BLOCK_KIND].count;
	struct block *b = n ? arena_alloc(&c->arena, (size_t)n * sizeof *b) : NULL;
	if (n && !b)
		return false;
	for (int i = 0; i < n; i++) {
		b[i].kind = kind_from(item(c, F_BLOCK_KIND, i));
		b[i].text = item(c, F_BLOCK_TEXT, i);
		b[i].image_url = item(c, F_BLOCK_IMAGE, i);
		b[i].name = item(c, F_BLOCK_NAME, i);
		b[i].byline = item(c, F_BLOCK_BYLINE, i);
		b[i].media_url = item(c, F_BLOCK_MEDIA, i);
	}
	f->e.a.blocks = b;
	f->e.a.nblocks = n;
	return true;
}

static bool read_links(struct ctx *c, struct form *f)
{
	int n = c->req.field[F_LINK_SOURCE].count;
	struct related_link *l = n ? arena_alloc(&c->arena, (size_t)n * sizeof *l) : NULL;
	const char **times = n ? arena_alloc(&c->arena, (size_t)n * sizeof *times) : NULL;
	if (n && (!l || !times))
		return false;
	for (int i = 0; i < n; i++) {
		time_t t = 0;
		l[i].source = item(c, F_LINK_SOURCE, i);
		l[i].title = item(c, F_LINK_TITLE, i);
		l[i].url = item(c, F_LINK_URL, i);
		times[i] = item(c, F_LINK_TIME, i);
		l[i].published_at = timefmt_parse_local(times[i], &t) ? t : 0;
		l[i].needs_registration = registration_checked(c, i);
	}
	f->e.a.links = l;
	f->e.a.nlinks = n;
	f->link_times = times;
	return true;
}

#define TAGS_MAX 10   /* bylines, and topics, an article may have */

/* Items of text separated by any of seps, trimmed, empty ones dropped ("/people/x" is x). */
static bool split_items(struct arena *a, const char *text, const char *seps, const char ***out,
			int *n)
{
	int cap = 0;
	*out = NULL;
	*n = 0;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, seps), start = 0;
		while (start < len && (p[start] == ' ' || p[start] == '\t'))
			start++;
		while (len > start && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len > start && len - start > 8 && strncmp(p + start, "/people/", 8) == 0)
			start += 8;
		if (len > start) {
			const char *item = arena_strndup(a, p + start, len - start);
			if (!item || !(*out = arena_grow(a, *out, *n, &cap, sizeof **out)))
				return false;
			(*out)[(*n)++] = item;
		}
		p += strcspn(p, seps);
		while (*p && strchr(seps, *p))
			p++;
	}
	return true;
}

static bool read_tags(struct ctx *c, struct form *f)
{
	f->e.tags_set = true;
	return split_items(&c->arena, f->bylines_text, "\r\n", &f->e.bylines, &f->e.nbylines) &&
	       split_items(&c->arena, f->topics_text, ",", &f->e.topics, &f->e.ntopics);
}

/* The stored bylines and topics as the form shows them. */
static bool tags_text(struct ctx *c, const struct article *a, struct form *f)
{
	struct buf by, tp;
	buf_init(&by);
	buf_init(&tp);
	for (int i = 0; i < a->nbylines; i++)
		buf_printf(&by, "%s\n", a->bylines[i].slug);
	for (int i = 0; i < a->ntopics; i++)
		buf_printf(&tp, "%s%s", i ? ", " : "", a->topics[i].name);
	f->bylines_text = arena_strdup(&c->arena, by.data ? by.data : "");
	f->topics_text = arena_strdup(&c->arena, tp.data ? tp.data : "");
	buf_free(&by);
	buf_free(&tp);
	return f->bylines_text && f->topics_text;
}

/* The article as the editor sent it; the stored one supplies id and state. */
static bool read_form(struct ctx *c, const struct edit_article *stored, struct form *f)
{
	long long base = 0;
	memset(f, 0, sizeof *f);
	if (stored)
		f->e = *stored;
	else
		f->e.status = "draft";
	f->base_revision = parse_uint(value(c, F_BASE_REVISION), 1LL << 53, &base) ? base : 0;
	f->e.section_slug = value(c, F_SECTION);
	f->e.a.s.headline = value(c, F_HEADLINE);
	f->e.a.s.slug = value(c, F_SLUG);
	f->e.a.s.intro = value(c, F_INTRO);
	f->e.a.s.image_url = value(c, F_IMAGE_URL);
	f->e.a.s.image_alt = value(c, F_IMAGE_ALT);
	f->e.a.image_caption = value(c, F_IMAGE_CAPTION);
	f->e.a.sponsor = value(c, F_SPONSOR);
	f->e.a.sponsor_url = value(c, F_SPONSOR_URL);
	f->publish_at = value(c, F_PUBLISH_AT);
	f->promos_text = value(c, F_PROMOS);
	f->e.promos = NULL;
	f->e.npromos = 0;
	f->bylines_text = value(c, F_BYLINES);
	f->topics_text = value(c, F_TOPICS);
	return read_blocks(c, f) && read_links(c, f) && read_tags(c, f) &&
	       admin_read_paths(&c->arena, f->promos_text, &f->e.promos, &f->e.npromos);
}

/* A stored article as the form shows it. */
static bool form_from_article(struct ctx *c, const struct edit_article *e, struct form *f)
{
	char when[TIMEFMT_MAX];
	memset(f, 0, sizeof *f);
	f->e = *e;
	f->base_revision = e->revision_id;
	if (e->published_at) {
		timefmt_local_input((time_t)e->published_at, when);
		f->publish_at = arena_strdup(&c->arena, when);
	} else {
		f->publish_at = "";
	}
	f->link_times = e->a.nlinks ? arena_alloc(&c->arena, (size_t)e->a.nlinks * sizeof *f->link_times) : NULL;
	for (int i = 0; i < e->a.nlinks; i++) {
		timefmt_local_input((time_t)e->a.links[i].published_at, when);
		f->link_times[i] = arena_strdup(&c->arena, when);
	}
	struct buf promos;
	buf_init(&promos);
	for (int i = 0; i < e->npromos; i++)
		buf_printf(&promos, "/news/%s\n", e->promos[i]);
	f->promos_text = arena_strdup(&c->arena, promos.data ? promos.data : "");
	buf_free(&promos);
	return f->publish_at && f->promos_text && (!e->a.nlinks || f->link_times) &&
	       tags_text(c, &e->a, f);
}

/* ---- changes of structure: add, remove, move; nothing is saved ---- */

static bool insert_block(struct ctx *c, struct form *f, enum block_kind kind)
{
	int n = f->e.a.nblocks;
	struct block *b = arena_alloc(&c->arena, (size_t)(n + 1) * sizeof *b);
	if (!b)
		return false;
	if (n)
		memcpy(b, f->e.a.blocks, (size_t)n * sizeof *b);
	b[n] = (struct block){ kind, "", "", "", "", "" };
	f->e.a.blocks = b;
	f->e.a.nblocks = n + 1;
	return true;
}

static bool insert_link(struct ctx *c, struct form *f)
{
	int n = f->e.a.nlinks;
	struct related_link *l = arena_alloc(&c->arena, (size_t)(n + 1) * sizeof *l);
	const char **t = arena_alloc(&c->arena, (size_t)(n + 1) * sizeof *t);
	if (!l || !t)
		return false;
	if (n) {
		memcpy(l, f->e.a.links, (size_t)n * sizeof *l);
		memcpy(t, f->link_times, (size_t)n * sizeof *t);
	}
	l[n] = (struct related_link){ "", "", "", 0, false };
	t[n] = "";
	f->e.a.links = l;
	f->link_times = t;
	f->e.a.nlinks = n + 1;
	return true;
}

/* Moves element i of an array of n by delta (-1, +1), or removes it (delta 0). */
static void shift(void *items, int *n, size_t size, int i, int delta)
{
	char *base = items, tmp[sizeof(struct block) > sizeof(struct related_link)
			       ? sizeof(struct block) : sizeof(struct related_link)];
	if (i < 0 || i >= *n)
		return;
	if (delta == 0) {
		memmove(base + (size_t)i * size, base + (size_t)(i + 1) * size, (size_t)(*n - i - 1) * size);
		(*n)--;
		return;
	}
	int j = i + delta;
	if (j < 0 || j >= *n)
		return;
	memcpy(tmp, base + (size_t)i * size, size);
	memcpy(base + (size_t)i * size, base + (size_t)j * size, size);
	memcpy(base + (size_t)j * size, tmp, size);
}

static void change_links(struct form *f, int i, int delta)
{
	int n = f->e.a.nlinks;
	shift(f->e.a.links, &f->e.a.nlinks, sizeof *f->e.a.links, i, delta);
	shift(f->link_times, &n, sizeof *f->link_times, i, delta);
}

/* Applies a structural action ("add_box", "up_block:3", ...). False: not one of those. */
static bool change_structure(struct ctx *c, struct form *f, const char *action, bool *ok)
{
	static const struct { const char *name; int delta; bool block; } moves[] = {
		{ "remove_block:", 0, true }, { "up_block:", -1, true }, { "down_block:", 1, true },
		{ "remove_link:", 0, false }, { "up_link:", -1, false }, { "down_link:", 1, false },
	};
	*ok = true;
	if (strcmp(action, "add_paragraph") == 0)
		return *ok = insert_block(c, f, BLOCK_PARAGRAPH), true;
	if (strcmp(action, "add_box") == 0)
		return *ok = insert_block(c, f, BLOCK_BOX), true;
	if (strcmp(action, "add_media") == 0)
		return *ok = insert_block(c, f, BLOCK_MEDIA), true;
	if (strcmp(action, "add_link") == 0)
		return *ok = insert_link(c, f), true;
	for (size_t k = 0; k < sizeof moves / sizeof moves[0]; k++) {
		size_t n = strlen(moves[k].name);
		long long i;
		if (strncmp(action, moves[k].name, n) != 0)
			continue;
		if (parse_uint(action + n, 1000, &i) && moves[k].block)
			shift(f->e.a.blocks, &f->e.a.nblocks, sizeof *f->e.a.blocks, (int)i, moves[k].delta);
		else if (parse_uint(action + n, 1000, &i))
			change_links(f, (int)i, moves[k].delta);
		return true;
	}
	return false;
}

/* ---- validation ---- */

static const char *const field_labels[FIELD__MAX] = {
	[F_HEADLINE] = "Headline", [F_SLUG] = "Slug", [F_SECTION] = "Section", [F_INTRO] = "Intro",
	[F_IMAGE_URL] = "Lead image address", [F_IMAGE_ALT] = "Lead image alt text",
	[F_IMAGE_CAPTION] = "Lead image caption", [F_SPONSOR] = "Sponsor",
	[F_SPONSOR_URL] = "Sponsor link", [F_PUBLISH_AT] = "Publish time", [F_PROMOS] = "Promos",
	[F_BLOCK_TEXT] = "A block's text", [F_BLOCK_IMAGE] = "A block's image address",
	[F_BLOCK_NAME] = "A box's name", [F_BLOCK_BYLINE] = "A box's byline",
	[F_BLOCK_MEDIA] = "A media address", [F_LINK_SOURCE] = "A link's source",
	[F_LINK_TITLE] = "A link's title", [F_LINK_URL] = "A link's address",
	[F_LINK_TIME] = "A link's time", [F_BLOCK_KIND] = "A block's kind",
	[F_LINK_REGISTRATION] = "A link's registration mark", [F_NOTE] = "Note to the reporter",
	[F_BYLINES] = "Bylines", [F_TOPICS] = "Topics",
};


static void problem(struct form *f, const char **slot, const char *message)
{
	if (*slot)
		return;
	*slot = message ? message : "Check this field.";  /* NULL: a message that could not be made */
	f->problems++;
}

/* Where a repeated field's bad value goes: beside its block or link (NULL: in the summary). */
static const char **item_slot(const struct ctx *c, const struct form *f, int field)
{
	const struct field_value *v = &c->req.field[field];
	bool block = field >= F_BLOCK_KIND && field <= F_BLOCK_MEDIA;
	bool link = field >= F_LINK_SOURCE && field <= F_LINK_REGISTRATION;
	if (block && f->block_problem && v->problem_at < f->e.a.nblocks)
		return &f->block_problem[v->problem_at];
	if (link && f->link_problem && v->problem_at < f->e.a.nlinks)
		return &f->link_problem[v->problem_at];
	return NULL;
}

static void validate_fields(struct ctx *c, struct form *f)
{
	const char **p = f->field_problem;
	struct edit_article *e = &f->e;
	time_t t;
	size_t headline_max = request_field_max(F_HEADLINE);
	if (text_chars(e->a.s.headline) > headline_max)  /* said in words, before the parser's */
		problem(f, &p[F_HEADLINE], arena_printf(&c->arena, "Keep the headline to %zu characters.",
							headline_max));
	for (int i = F_NAME; i < FIELD__MAX; i++)  /* bad bytes, too long: found while parsing */
		if (c->req.field[i].present && !c->req.field[i].valid && !item_slot(c, f, i))
			problem(f, &p[i], c->req.field[i].problem);
	if (!*e->a.s.headline)
		problem(f, &p[F_HEADLINE], "Write a headline.");
	if (!*e->a.s.slug)
		e->a.s.slug = slug_from_headline(&c->arena, e->a.s.headline);
	if (!e->a.s.slug)
		e->a.s.slug = "";
	if (!slug_valid(e->a.s.slug, strlen(e->a.s.slug)))
		problem(f, &p[F_SLUG], "Use 1 to " LIMIT_TEXT(SLUG_MAX) " of a-z, 0-9 and hyphens (the headline gave none).");
	if (!slug_valid(e->section_slug, strlen(e->section_slug)))
		problem(f, &p[F_SECTION], "Choose a section.");
	if (!*e->a.s.intro)
		problem(f, &p[F_INTRO], "Write the intro, the bold first paragraph.");
	if (url_problem(e->a.s.image_url, true))
		problem(f, &p[F_IMAGE_URL], url_problem(e->a.s.image_url, true));
	else if (admin_media_problem(c, e->a.s.image_url, &e->a.s.image_alt))
		problem(f, &p[F_IMAGE_URL], admin_media_problem(c, e->a.s.image_url, NULL));
	if (*e->a.s.image_url && !*e->a.s.image_alt)
		problem(f, &p[F_IMAGE_ALT], "Describe the image for readers who cannot see it.");
	if (url_problem(e->a.sponsor_url, true))
		problem(f, &p[F_SPONSOR_URL], url_problem(e->a.sponsor_url, true));
	if (*e->a.sponsor_url && !*e->a.sponsor)
		problem(f, &p[F_SPONSOR], "Name the sponsor the link goes to.");
	if (*f->publish_at && !timefmt_parse_local(f->publish_at, &t))
		problem(f, &p[F_PUBLISH_AT], "Give a date and time as YYYY-MM-DD HH:MM (UK time) that exists.");
}

static const char *block_problem(const struct block *b)
{
	switch (b->kind) {
	case BLOCK_PARAGRAPH:
		return *b->text ? NULL : "Write the paragraph or remove it.";
	case BLOCK_BOX:
		if (!*b->byline)
			return "Give the box a byline.";
		if (url_problem(b->image_url, true))
			return "The portrait address must start with https://, http:// or /.";
		return *b->image_url && !*b->name ? "Name the person in the portrait." : NULL;
	case BLOCK_MEDIA:
		if (!*b->media_url)
			return "Give the address of the video or audio.";
		if (url_problem(b->media_url, true) || url_problem(b->image_url, true))
			return "Media and poster addresses must start with https://, http:// or /.";
		return NULL;
	}
	return NULL;
}

static const char *link_problem(const struct related_link *l, const char *typed_time)
{
	time_t t;
	if (!*l->source || !*l->title || !*l->url)
		return "Give the source, the title and the address.";
	if (url_problem(l->url, false))
		return "The address must start with https:// or http://.";
	if (!timefmt_parse_local(typed_time, &t))
		return "Give when the linked story was published, as YYYY-MM-DD HH:MM (UK time).";
	return NULL;
}

/* One problem slot per block and per link, so a message can stand beside its item; made once
 * (a refused upload fills a block's before the checks run). */
static bool make_item_slots(struct ctx *c, struct form *f)
{
	int nb = f->e.a.nblocks, nl = f->e.a.nlinks;
	if (!f->block_problem)
		f->block_problem = nb ? arena_alloc(&c->arena, (size_t)nb * sizeof *f->block_problem)
				      : NULL;
	if (!f->link_problem)
		f->link_problem = nl ? arena_alloc(&c->arena, (size_t)nl * sizeof *f->link_problem)
				     : NULL;
	return (!nb || f->block_problem) && (!nl || f->link_problem);
}

/* Bad bytes or lengths in a block's or link's fields, found while parsing, beside the item. */
static void item_parse_problems(struct ctx *c, struct form *f)
{
	for (int i = F_BLOCK_KIND; i <= F_LINK_REGISTRATION; i++) {
		const struct field_value *v = &c->req.field[i];
		const char **slot = v->present && !v->valid ? item_slot(c, f, i) : NULL;
		if (slot)
			problem(f, slot, arena_printf(&c->arena, "%s %s.", field_labels[i], v->problem));
	}
}

/* Every byline names a person; every topic has letters for a slug, and a reporter's each names
 * an existing topic (editors make topics). */
static enum store_result validate_tags(struct ctx *c, struct form *f, struct db *w)
{
	const char **p = f->field_problem;
	if (f->e.nbylines > TAGS_MAX)
		problem(f, &p[F_BYLINES], "Give at most " LIMIT_TEXT(TAGS_MAX) " bylines.");
	for (int i = 0; !p[F_BYLINES] && i < f->e.nbylines; i++) {
		const char *slug = f->e.bylines[i];
		enum store_result r = slug_valid(slug, strlen(slug)) ? newsroom_person_exists(w, slug)
								    : STORE_NOT_FOUND;
		if (r == STORE_NOT_FOUND)
			problem(f, &p[F_BYLINES], arena_printf(&c->arena, "No person has the slug %s: "
				"add them under People first.", slug));
		else if (r != STORE_OK)
			return r;
	}
	if (f->e.ntopics > TAGS_MAX)
		problem(f, &p[F_TOPICS], "Give at most " LIMIT_TEXT(TAGS_MAX) " topics.");
	for (int i = 0; !p[F_TOPICS] && i < f->e.ntopics; i++) {
		const char *slug = slug_from_headline(&c->arena, f->e.topics[i]);
		long long id;
		enum store_result r;
		if (text_chars(f->e.topics[i]) > 100)
			problem(f, &p[F_TOPICS], "Keep each topic to 100 characters.");
		else if (slug && !*slug)
			problem(f, &p[F_TOPICS], "Give each topic a name with letters or digits.");
		else if (admin_role(c) >= ROLE_EDITOR)
			continue;  /* editors make new topics by typing them */
		else if ((r = newsroom_topic_find(w, f->e.topics[i], &id)) == STORE_NOT_FOUND)
			problem(f, &p[F_TOPICS], arena_printf(&c->arena, "There is no topic %s: choose "
				"an existing topic, or ask an editor to add it.", f->e.topics[i]));
		else if (r != STORE_OK)
			return r;
	}
	return STORE_OK;
}

/* Anything but STORE_OK: the promos could not be checked. */
static enum store_result validate_items(struct ctx *c, struct form *f)
{
	for (int i = 0; i < f->e.a.nblocks; i++)
		if (!f->block_problem[i] && (f->block_problem[i] = block_problem(&f->e.a.blocks[i])))
			f->problems++;
	for (int i = 0; i < f->e.a.nlinks; i++)
		if (!f->link_problem[i] &&
		    (f->link_problem[i] = link_problem(&f->e.a.links[i], f->link_times[i])))
			f->problems++;
	struct db *w = ctx_writer(c);
	const char *bad = NULL;
	enum store_result r = !w ? STORE_ERROR : f->field_problem[F_PROMOS] ? STORE_OK
		: admin_paths_problem(c, w, f->e.promos, f->e.npromos, &bad);
	if (bad)
		problem(f, &f->field_problem[F_PROMOS], bad);
	return r == STORE_OK ? validate_tags(c, f, w) : r;
}

/* Every check, each problem once, where the editor will look for it. Anything but STORE_OK:
 * the checks could not all be made. */
static enum store_result validate(struct ctx *c, struct form *f)
{
	if (!make_item_slots(c, f))
		return STORE_ERROR;
	item_parse_problems(c, f);
	validate_fields(c, f);
	return validate_items(c, f);
}

/* ---- the form page ---- */

static void set_field(tpl_dict *d, const struct form *f, enum field id, const char *key,
		      const char *v)
{
	tpl_set(d, key, v);
	if (f->field_problem[id]) {
		char name[64];
		snprintf(name, sizeof name, "%s_ERROR", key);
		tpl_set(tpl_section(d, name), "MESSAGE", f->field_problem[id]);
	}
}


static void fill_errors(struct ctx *c, tpl_dict *d, const struct form *f)
{
	if (!f->problems)
		return;
	tpl_dict *list = tpl_section(d, "ERRORS");
	tpl_set_int(list, "COUNT", f->problems);
	for (int i = 0; i < FIELD__MAX; i++)
		if (f->field_problem[i])
			tpl_set(tpl_section(list, "ERROR"), "MESSAGE",
				arena_printf(&c->arena, "%s: %s", field_labels[i] ? field_labels[i] : "A field",
					     f->field_problem[i]));
	for (int i = 0; f->block_problem && i < f->e.a.nblocks; i++)
		if (f->block_problem[i])
			tpl_set(tpl_section(list, "ERROR"), "MESSAGE",
				arena_printf(&c->arena, "Block %d: %s", i + 1, f->block_problem[i]));
	for (int i = 0; f->link_problem && i < f->e.a.nlinks; i++)
		if (f->link_problem[i])
			tpl_set(tpl_section(list, "ERROR"), "MESSAGE",
				arena_printf(&c->arena, "Link %d: %s", i + 1, f->link_problem[i]));
}

static void fill_position(tpl_dict *d, int i, int n)
{
	tpl_set_int(d, "INDEX", i);
	tpl_set_int(d, "NUMBER", i + 1);
	if (i > 0)
		tpl_show(d, "NOT_FIRST");
	if (i < n - 1)
		tpl_show(d, "NOT_LAST");
}

static void fill_blocks(tpl_dict *d, const struct form *f)
{
	static const char *const kinds[] = { "paragraph", "box", "media" };
	static const char *const shows[] = { "IS_PARAGRAPH", "IS_BOX", "IS_MEDIA" };
	for (int i = 0; i < f->e.a.nblocks; i++) {
		const struct block *b = &f->e.a.blocks[i];
		tpl_dict *bd = tpl_section(d, "BLOCK");
		fill_position(bd, i, f->e.a.nblocks);
		tpl_set(bd, "KIND", kinds[b->kind]);
		tpl_show(bd, shows[b->kind]);
		tpl_set(bd, "TEXT", b->text);
		tpl_set(bd, "IMAGE_URL", b->image_url);
		tpl_set(bd, "NAME", b->name);
		tpl_set(bd, "BYLINE", b->byline);
		tpl_set(bd, "MEDIA_URL", b->media_url);
		if (f->block_problem && f->block_problem[i])
			tpl_set(tpl_section(bd, "BLOCK_ERROR"), "MESSAGE", f->block_problem[i]);
	}
}

static void fill_links(tpl_dict *d, const struct form *f)
{
	for (int i = 0; i < f->e.a.nlinks; i++) {
		const struct related_link *l = &f->e.a.links[i];
		tpl_dict *ld = tpl_section(d, "LINK");
		fill_position(ld, i, f->e.a.nlinks);
		tpl_set(ld, "SOURCE", l->source);
		tpl_set(ld, "TITLE", l->title);
		tpl_set(ld, "URL", l->url);
		tpl_set(ld, "TIME", f->link_times[i]);
		if (l->needs_registration)
			tpl_show(ld, "CHECKED");
		if (f->link_problem && f->link_problem[i])
			tpl_set(tpl_section(ld, "LINK_ERROR"), "MESSAGE", f->link_problem[i]);
	}
}

static const char *shown_status(const struct ctx *c, const struct edit_article *e)
{
	if (strcmp(e->status, "published") == 0 && e->published_at > c->now)
		return "scheduled";
	return e->status;
}

/* Where the article is in review, the editor's note, and the buttons the account's role has. */
static void fill_review(struct ctx *c, tpl_dict *d, const struct form *f)
{
	const struct desk *k = &f->desk;
	bool editor = admin_role(c) >= ROLE_EDITOR, submitted = strcmp(k->review, "submitted") == 0;
	char when[TIMEFMT_MAX];
	tpl_show(d, editor ? "CAN_PUBLISH" : "CAN_SUBMIT");
	if (editor && submitted) {
		tpl_dict *r = tpl_section(d, "CAN_RETURN");
		tpl_set(r, "NOTE", f->e.id ? value(c, F_NOTE) : "");
		if (f->field_problem[F_NOTE])
			tpl_set(tpl_section(r, "NOTE_ERROR"), "MESSAGE", f->field_problem[F_NOTE]);
	}
	if (submitted) {
		timefmt_local_datetime((time_t)k->submitted_at, when);
		tpl_dict *q = tpl_section(d, "IN_REVIEW");
		tpl_set(q, "OWNER", *k->owner_name ? k->owner_name : "-");
		tpl_set(q, "WHEN", when);
	}
	if (*k->note && strcmp(k->review, "returned") == 0) {
		timefmt_local_datetime((time_t)k->note_at, when);
		tpl_dict *n = tpl_section(d, "RETURNED");
		tpl_set(n, "NOTE_BY", *k->note_by ? k->note_by : "-");
		tpl_set(n, "WHEN", when);
		tpl_set(n, "NOTE", k->note);
	}
}

/* Fills the form into d (which may be a section of a bigger page). */
static bool fill_form(struct ctx *c, tpl_dict *d, const struct form *f)
{
	const struct edit_article *e = &f->e;
	tpl_set(d, "FORM_ACTION", e->id ? arena_printf(&c->arena, "/admin/articles/%lld", e->id)
					: "/admin/articles/new");
	tpl_set(d, "CSRF", c->csrf);
	/* Whose copy, and of which article: two accounts in one browser never see each other's. */
	tpl_set(d, "DRAFT_KEY", e->id ? arena_printf(&c->arena, "%lld:%lld", c->user.id, e->id)
				      : arena_printf(&c->arena, "%lld:new", c->user.id));
	tpl_set_int(d, "BASE_REVISION", f->base_revision);
	tpl_set(d, "STATUS", e->id ? shown_status(c, e) : "new");
	tpl_set(d, "ZONE_LABEL", c->site->cfg.zone_label);
	fill_review(c, d, f);
	if (e->id && strcmp(e->status, "published") == 0 && admin_role(c) >= ROLE_EDITOR)
		tpl_show(d, "CAN_UNPUBLISH");
	if (e->id)
		tpl_set(tpl_section(d, "REVISIONS"), "URL",
			arena_printf(&c->arena, "/admin/articles/%lld/revisions", e->id));
	if (e->id && strcmp(e->status, "published") == 0 && e->published_at <= c->now)
		tpl_set(tpl_section(d, "LIVE"), "URL", site_article_url(c, e->section_slug, e->a.s.slug));
	set_field(d, f, F_HEADLINE, "HEADLINE", e->a.s.headline);
	set_field(d, f, F_SLUG, "SLUG", e->a.s.slug);
	set_field(d, f, F_SECTION, "SECTION", e->section_slug);
	set_field(d, f, F_INTRO, "INTRO", e->a.s.intro);
	set_field(d, f, F_IMAGE_URL, "IMAGE_URL", e->a.s.image_url);
	set_field(d, f, F_IMAGE_ALT, "IMAGE_ALT", e->a.s.image_alt);
	set_field(d, f, F_IMAGE_CAPTION, "IMAGE_CAPTION", e->a.image_caption);
	set_field(d, f, F_SPONSOR, "SPONSOR", e->a.sponsor);
	set_field(d, f, F_SPONSOR_URL, "SPONSOR_URL", e->a.sponsor_url);
	set_field(d, f, F_PUBLISH_AT, "PUBLISH_AT", f->publish_at);
	set_field(d, f, F_PROMOS, "PROMOS", f->promos_text);
	set_field(d, f, F_BYLINES, "BYLINES", f->bylines_text);
	set_field(d, f, F_TOPICS, "TOPICS", f->topics_text);
	fill_errors(c, d, f);
	fill_blocks(d, f);
	fill_links(d, f);
	return admin_section_options(c, d, e->section_slug) && admin_media_picker(c, d);
}

/* "Rayhan is editing this (since 10:02)" for whoever else opened it lately. Advice only: when
 * the sessions file cannot say, the form shows without it. */
static void fill_presence(struct ctx *c, tpl_dict *d, long long id)
{
	struct presence *others;
	int n;
	struct db *s = ctx_sessions(c);
	if (!s || presence_visit(s, &c->arena, id, c->user.id, c->user.name, c->now, &others, &n) != STORE_OK) {
		fprintf(stderr, "newsdesk: article %lld: could not note or read who is editing it\n", id);
		return;
	}
	for (int i = 0; i < n; i++) {
		char since[16];
		struct tm tm;
		time_t t = (time_t)others[i].since;
		localtime_r(&t, &tm);
		strftime(since, sizeof since, "%H:%M", &tm);
		tpl_dict *p = tpl_section(d, "PRESENCE");
		tpl_set(p, "NAME", others[i].user_name);
		tpl_set(p, "SINCE", since);
	}
}

/* The notes readers see and the form to append one, for an article readers see (published and
 * due: a scheduled one has nothing public to correct yet). */
static void fill_notes(struct ctx *c, tpl_dict *d, const struct form *f)
{
	const struct edit_article *e = &f->e;
	if (!e->id || strcmp(e->status, "published") != 0 || e->published_at > c->now ||
	    admin_role(c) < ROLE_EDITOR)
		return;
	tpl_dict *notes = tpl_section(d, "NOTES");
	tpl_set(notes, "CSRF", c->csrf);
	tpl_set(notes, "NOTE_ACTION", arena_printf(&c->arena, "/admin/articles/%lld/notes", e->id));
	tpl_set(notes, "NOTE_TEXT", f->note_text ? f->note_text : "");
	if (f->note_kind && strcmp(f->note_kind, "update") == 0)
		tpl_show(notes, "UPDATE_SELECTED");
	if (f->note_problem)
		tpl_set(tpl_section(notes, "NOTE_PROBLEM"), "MESSAGE", f->note_problem);
	for (int i = 0; i < e->a.ncorrections; i++) {
		char when[TIMEFMT_MAX];
		const struct correction *k = &e->a.corrections[i];
		timefmt_note_time((time_t)k->created_at, when);
		tpl_dict *n = tpl_section(notes, "NOTE");
		tpl_set(n, "LABEL", strcmp(k->kind, "correction") == 0 ? "Correction" : "Update");
		tpl_set(n, "WHEN", when);
		tpl_set(n, "TEXT", k->text);
	}
}

static int render_form_with(struct ctx *c, const struct form *f, int status, const char *notice,
			    bool presence)
{
	const char *title = f->e.id ? arena_printf(&c->arena, "Edit: %s", f->e.a.s.headline)
				    : "New article";
	tpl_dict *d = title ? admin_page(c, title) : NULL;
	if (!d || !fill_form(c, d, f))
		return 500;
	c->res->status = status;
	tpl_set(d, "PAGE_TITLE", f->e.id ? "Edit article" : "New article");
	if (presence)
		fill_presence(c, d, f->e.id);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	fill_notes(c, d, f);
	return site_render(c, "admin_edit.tpl");
}

static int render_form(struct ctx *c, const struct form *f, int status, const char *notice)
{
	return render_form_with(c, f, status, notice, false);
}

#define NOT_SAVED "Could not save: the database did not answer. Your text is below; try again."

/* ---- preview ---- */

/* The bylines the form names (validated: each is a person), as the article shows them. */
static enum store_result preview_bylines(struct ctx *c, const struct form *f, struct article *a)
{
	a->nbylines = 0;
	a->bylines = f->e.nbylines ? arena_alloc(&c->arena, (size_t)f->e.nbylines * sizeof *a->bylines) : NULL;
	if (f->e.nbylines && !a->bylines)
		return STORE_ERROR;
	for (int i = 0; i < f->e.nbylines; i++) {
		struct person p;
		enum store_result r = newsroom_person(c->db, &c->arena, f->e.bylines[i], &p);
		if (r == STORE_NOT_FOUND)
			continue;
		if (r != STORE_OK)
			return r;
		a->bylines[a->nbylines++] = (struct byline){ p.id, p.slug, p.name, p.role_title };
	}
	return STORE_OK;
}

static int preview(struct ctx *c, struct form *f)
{
	struct article a = f->e.a;
	struct section sec;
	enum store_result r = model_section(c->db, &c->arena, f->e.section_slug, &sec);
	if (r == STORE_NOT_FOUND) {
		problem(f, &f->field_problem[F_SECTION], "Choose a section.");
		return render_form(c, f, 422, NULL);
	}
	if (r != STORE_OK)
		return ctx_status_of(r);
	a.s.section_slug = sec.slug;
	a.s.section_name = sec.name;
	a.s.updated_at = f->e.published_at > c->now ? f->e.published_at : c->now;
	if ((r = preview_bylines(c, f, &a)) != STORE_OK)
		return ctx_status_of(r);
	a.topics = NULL;  /* topics, as promos, show once saved */
	a.ntopics = 0;
	a.promos = NULL;  /* promos show once saved; the preview is about this article */
	a.npromos = a.npromo_ids = 0;
	a.promo_ids = NULL;
	a.site_promos = false;
	return page_article_show(c, &a, PAGE_PREVIEW);
}

/* ---- saving ---- */

/* Status and times for the action; returns the revision's label. */
static const char *decide_state(struct ctx *c, struct form *f, const char *action,
				const struct edit_article *stored)
{
	struct edit_article *e = &f->e;
	time_t typed = 0;
	bool has_time = *f->publish_at && timefmt_parse_local(f->publish_at, &typed);
	bool was_live = stored && strcmp(stored->status, "published") == 0;
	if (has_time)
		e->published_at = typed;
	if (!stored)
		e->a.s.updated_at = c->now;
	if (strcmp(action, "unpublish") == 0) {
		e->status = "unpublished";
		return "unpublished";
	}
	if (strcmp(action, "publish") == 0) {
		e->status = "published";
		if (!has_time && !(was_live && e->published_at))
			e->published_at = c->now;
	}
	if (strcmp(e->status, "published") != 0)
		return stored ? "saved" : "created";
	/* A published change moves "Page last updated"; a scheduled one moves it to its time. */
	e->a.s.updated_at = e->published_at > c->now ? e->published_at : c->now;
	if (e->published_at > c->now)
		return "scheduled";
	return strcmp(action, "publish") == 0 ? "published" : "saved";
}

static int conflict(struct ctx *c, struct form *f, struct db *w)
{
	struct edit_article current;
	struct revision_row *revs;
	const char **theirs, **mine;
	struct diff_line *diff;
	int nrev, nt, nm, nd;
	enum store_result r;
	if ((r = editor_load(w, &c->arena, f->e.id, &current)) != STORE_OK ||
	    (r = editor_revisions(w, &c->arena, f->e.id, &revs, &nrev)) != STORE_OK)
		return ctx_status_of(r);
	if (nrev == 0 || (nt = article_lines(&c->arena, &current, &theirs)) < 0 ||
	    (nm = article_lines(&c->arena, &f->e, &mine)) < 0 ||
	    (nd = diff_lines(&c->arena, theirs, nt, mine, nm, &diff)) < 0)
		return 500;
	char when[TIMEFMT_MAX];
	timefmt_local_datetime((time_t)revs[0].created_at, when);
	f->base_revision = current.revision_id;  /* saving again now overwrites, knowingly */
	tpl_dict *d = admin_page(c, "Conflict");
	if (!d || !fill_form(c, d, f))
		return 500;
	c->res->status = 409;
	tpl_set(d, "PAGE_TITLE", "Edit article");
	tpl_dict *cd = tpl_section(d, "CONFLICT");
	tpl_set(cd, "THEIR_EDITOR", revs[0].editor);
	tpl_set(cd, "THEIR_TIME", when);
	tpl_set_int(cd, "THEIR_REVISION", current.revision_id);
	for (int i = 0; i < nd; i++) {
		tpl_dict *row = tpl_section(cd, "ROW");
		tpl_set(row, "CLASS", diff[i].op == DIFF_SAME ? "same" : diff[i].op == DIFF_REMOVED ? "theirs" : "yours");
		tpl_set(row, "THEIRS", diff[i].op != DIFF_ADDED ? diff[i].text : "");
		tpl_set(row, "YOURS", diff[i].op != DIFF_REMOVED ? diff[i].text : "");
	}
	return site_render(c, "admin_edit.tpl");
}

/* The pages of the people and topics the article had and has now (their lists change). */
static void purge_tags(struct ctx *c, struct db *w, const struct edit_article *stored,
		       const struct form *f)
{
	struct article now = { .s.id = f->e.id };
	struct buf keys;
	buf_init(&keys);
	for (int i = 0; stored && i < stored->a.nbylines; i++)
		buf_printf(&keys, " p%lld", stored->a.bylines[i].person_id);
	for (int i = 0; stored && i < stored->a.ntopics; i++)
		buf_printf(&keys, " t%lld", stored->a.topics[i].id);
	if (newsroom_article_parts(w, &c->arena, &now) == STORE_OK) {
		for (int i = 0; i < now.nbylines; i++)
			buf_printf(&keys, " p%lld", now.bylines[i].person_id);
		for (int i = 0; i < now.ntopics; i++)
			buf_printf(&keys, " t%lld", now.topics[i].id);
	} else {
		buf_printf(&keys, " all");  /* the purge must not fall short */
	}
	if (keys.data)
		admin_purge(c, w, keys.data + 1);
	buf_free(&keys);
}

static int save(struct ctx *c, struct form *f, const char *action, const struct edit_article *stored)
{
	struct db *w = ctx_writer(c);
	const char *label = decide_state(c, f, action, stored);
	if (!w)
		return render_form(c, f, 503, NOT_SAVED);
	f->e.review = desk_review_of(action);
	f->e.review_note = value(c, F_NOTE);
	switch (editor_save(w, &f->e, f->base_revision, c->user.id, c->now, label)) {
	case STORE_OK:
		admin_log(c, "article %lld %s (revision %lld)", f->e.id, label, f->e.revision_id);
		desk_after_save(c, f->e.id, action, label);
		if (!strcmp(action, "submit") || !strcmp(action, "return"))
			label = !strcmp(action, "submit") ? "submitted" : "returned";
		admin_purge_article(c, w, f->e.id, stored ? stored->section_slug : NULL,
				    f->e.section_slug);
		purge_tags(c, w, stored, f);
		return admin_see_other(c, arena_printf(&c->arena, "/admin/articles/%lld?done=%s", f->e.id, label));
	case STORE_CONFLICT:
		admin_log(c, "article %lld: stale save refused (base %lld)", f->e.id, f->base_revision);
		return conflict(c, f, w);
	case STORE_TAKEN:
		problem(f, &f->field_problem[F_SLUG], "Another article in this section has this slug.");
		return render_form(c, f, 422, NULL);
	case STORE_NO_SECTION:
		problem(f, &f->field_problem[F_SECTION], "Choose a section.");
		return render_form(c, f, 422, NULL);
	case STORE_NOT_FOUND:  /* the article is gone since the form was opened */
		return 404;
	case STORE_BUSY:
	case STORE_ERROR:
		break;
	}
	return render_form(c, f, 503, NOT_SAVED);
}

static bool known_action(const char *action)
{
	return !strcmp(action, "preview") || !strcmp(action, "save") || !strcmp(action, "publish") ||
	       !strcmp(action, "unpublish") || !strcmp(action, "submit") || !strcmp(action, "return");
}

/* A picture chosen in the lead image's file field goes to the media library first (with the
 * form's alt text and caption) and the field names it: the form works without JavaScript. */
static void upload_lead(struct ctx *c, struct form *f)
{
	long long id;
	int status;
	const char *message;
	const char *url = admin_media_store(c, f->e.a.s.image_alt, f->e.a.image_caption, "", &id,
					    &status, &message);
	if (url)
		f->e.a.s.image_url = url;
	else
		problem(f, &f->field_problem[F_IMAGE_URL], message);
}

/* The pictures chosen in the blocks' file fields (bf and the block's index: a box's portrait, a
 * media block's poster) go to the library the same way, with the box's name or the media
 * caption as alt text; a refused one is said beside its block, the form kept as typed. */
static bool upload_blocks(struct ctx *c, struct form *f)
{
	if (c->req.nuploads == 0 || (c->req.nuploads == 1 && c->req.upload))
		return true;
	if (!make_item_slots(c, f))
		return false;
	for (int i = 0; i < f->e.a.nblocks; i++) {
		struct block *b = &f->e.a.blocks[i];
		size_t len;
		const char *data = request_upload(&c->req, arena_printf(&c->arena, "bf%d", i), &len);
		if (!data || b->kind == BLOCK_PARAGRAPH)
			continue;
		bool box = b->kind == BLOCK_BOX;
		const char *alt = box ? b->name : b->text;
		long long id;
		int status;
		const char *message = "Give the media block a caption of one line, at most 500 "
				      "characters: it is the poster's alt text.";
		const char *url = strlen(alt) <= 500 && !strchr(alt, '\n')
			? admin_media_store_bytes(c, data, len, alt, "", "", &id, &status, &message)
			: NULL;
		if (url)
			b->image_url = url;
		else
			problem(f, &f->block_problem[i],
				arena_printf(&c->arena, "The %s file was not taken: %s",
					     box ? "portrait" : "poster", message));
	}
	return true;
}

static int post_article(struct ctx *c, const struct edit_article *stored, const struct desk *desk)
{
	struct form f;
	const char *action = value(c, F_ACTION);
	enum store_result r;
	bool ok;
	int gate = desk_action_gate(c, action);
	if (gate != PAGE_DONE)
		return gate;
	if (!read_form(c, stored, &f))
		return 500;
	f.desk = *desk;
	if (c->req.upload && c->req.upload_len && known_action(action))
		upload_lead(c, &f);
	if (known_action(action) && !upload_blocks(c, &f))
		return 500;
	if (change_structure(c, &f, action, &ok))
		return ok ? render_form(c, &f, 200, NULL) : 500;
	if ((r = validate(c, &f)) != STORE_OK)
		return render_form(c, &f, 503, NOT_SAVED);
	if (!known_action(action))
		return render_form(c, &f, 400, "Choose Save, Preview, Publish or Unpublish.");
	if (strcmp(action, "return") == 0 && strcmp(f.desk.review, "submitted") != 0)
		return render_form(c, &f, 409, "Only an article in review can be sent back.");
	if (strcmp(action, "return") == 0 && !*value(c, F_NOTE))
		problem(&f, &f.field_problem[F_NOTE], "Say what to change before sending it back.");
	if (f.problems)
		return render_form(c, &f, 422, NULL);
	if (strcmp(action, "preview") == 0)
		return preview(c, &f);
	return save(c, &f, action, stored);
}

/* ---- the routes ---- */

static const char *done_message(const struct ctx *c)
{
	static const char *const done[][2] = {
		{ "created", "Saved as a draft." }, { "saved", "Saved." }, { "published", "Published." },
		{ "scheduled", "Scheduled: it appears at its publish time." },
		{ "unpublished", "Unpublished: readers no longer see it." },
		{ "restored", "Restored: the old revision is now the article, as a new revision." },
		{ "submitted", "Submitted: it is in the editors' review queue." },
		{ "returned", "Sent back to its reporter with your note." },
		{ "noted", "Note appended: readers see it at the end of the article." },
	};
	const struct field_value *v = &c->req.field[Q_DONE];
	for (size_t i = 0; v->present && i < sizeof done / sizeof done[0]; i++)
		if (strcmp(v->text, done[i][0]) == 0)
			return done[i][1];
	return NULL;
}

int admin_article_new(struct ctx *c)
{
	struct form f;
	if (c->req.method == METHOD_POST)
		return post_article(c, NULL, &no_desk);
	memset(&f, 0, sizeof f);
	f.desk = no_desk;
	f.e.status = "draft";
	f.e.section_slug = f.e.a.s.headline = f.e.a.s.slug = f.e.a.s.intro = "";
	f.e.a.s.image_url = f.e.a.s.image_alt = f.e.a.image_caption = "";
	f.e.a.sponsor = f.e.a.sponsor_url = f.publish_at = f.promos_text = "";
	f.bylines_text = f.topics_text = "";
	if (!insert_block(c, &f, BLOCK_PARAGRAPH))
		return 500;
	return render_form(c, &f, 200, NULL);
}

int admin_article_note_refused(struct ctx *c, int status, const char *message)
{
	struct edit_article stored;
	struct form f;
	struct desk desk;
	struct db *w = ctx_writer(c);
	enum store_result r = w ? editor_load(w, &c->arena, c->match.ids[0], &stored) : STORE_ERROR;
	if (r == STORE_OK) {
		stored.a.s.id = stored.id;
		r = newsroom_article_parts(w, &c->arena, &stored.a);
	}
	if (r == STORE_OK)
		r = desk_get(w, &c->arena, stored.id, &desk);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (!form_from_article(c, &stored, &f))
		return 500;
	f.desk = desk;
	f.note_kind = value(c, F_NOTE_KIND);
	f.note_text = value(c, F_NOTE_TEXT);
	f.note_problem = message;
	return render_form(c, &f, status, message);
}

int admin_article_edit(struct ctx *c)
{
	struct edit_article stored;
	struct form f;
	struct db *w = ctx_writer(c);
	enum store_result r = w ? editor_load(w, &c->arena, c->match.ids[0], &stored) : STORE_ERROR;
	if (r == STORE_OK) {
		stored.a.s.id = stored.id;
		r = newsroom_article_parts(w, &c->arena, &stored.a);
	}
	if (r != STORE_OK)
		return ctx_status_of(r);
	struct desk desk;
	int gate = desk_gate(c, stored.id, stored.status, &desk);
	if (gate != PAGE_DONE)
		return gate;
	if (c->req.method == METHOD_POST)
		return post_article(c, &stored, &desk);
	if (!form_from_article(c, &stored, &f))
		return 500;
	f.desk = desk;
	return render_form_with(c, &f, 200, done_message(c), true);
}
