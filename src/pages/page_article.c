/* The article page and its print view: every element of the seed, in the seed's order. */
#include <string.h>

#include "ctx.h"
#include "model.h"
#include "pages.h"
#include "photo.h"
#include "picture.h"
#include "site.h"
#include "markup.h"
#include "timefmt.h"

static void fill_updated(struct ctx *c, tpl_dict *d, const struct article *a)
{
	char iso[TIMEFMT_MAX], gmt[TIMEFMT_MAX], local[TIMEFMT_MAX];
	timefmt_iso((time_t)a->s.updated_at, iso);
	timefmt_gmt_line((time_t)a->s.updated_at, gmt);
	timefmt_local_line((time_t)a->s.updated_at, c->site->cfg.zone_label, local);
	tpl_set(d, "UPDATED_ISO", iso);
	tpl_set(d, "UPDATED_GMT", gmt);
	tpl_set(d, "UPDATED_LOCAL", local);
}

/* An uploaded image as a <picture> with its credit after the caption; an address typed by hand
 * as the <img> it always was. */
static void fill_lead_image(struct ctx *c, tpl_dict *d, const struct article *a,
			    const struct image *up)
{
	if (!*a->s.image_url)
		return;
	tpl_dict *img = tpl_section(d, "LEAD_IMAGE");
	tpl_set(img, "IMAGE_ALT", a->s.image_alt);
	const char *credit = picture_fill_with(c, img, up, a->s.image_url, PICTURE_SIZES_STORY, true);
	if (*a->image_caption || credit) {
		tpl_dict *cap = tpl_section(img, "CAPTION");
		tpl_set(cap, "CAPTION", a->image_caption);
		if (credit)
			tpl_set(tpl_section(cap, "CREDIT"), "CREDIT", credit);
	}
}

/* A poster has no srcset: the 640 rendition of an uploaded image, sharp on most phones and
 * close enough at the story's 700 pixels on a desktop. */
static const char *poster_url(struct ctx *c, const char *url)
{
	struct image img;
	char out[PHOTO_URL_MAX];
	if (!picture_lookup(c, url, &img))
		return url;
	int i = 1;  /* photo_widths[1], 640 */
	while (i > 0 && !(img.widths & (1u << i)))
		i--;
	photo_url(out, img.hash, photo_rendition_width(i, img.width), "jpg");
	return arena_strdup(&c->arena, out);
}

/* A paragraph's text: as it always was when it holds no CommonMark (escaped by the template),
 * else the HTML markup_html made (the one pre-escaped output: see core/markup.h). */
static void fill_text(struct ctx *c, tpl_dict *d, const char *plain_section, const char *text,
		      size_t n)
{
	const char *html = markup_wanted(text, n) ? markup_html(&c->arena, text, n) : NULL;
	if (html)
		tpl_set(tpl_section(d, "MARKUP"), "HTML", html);
	else
		tpl_set_n(tpl_section(d, plain_section), "TEXT", text, n);
}

/* A box keeps its paragraphs in one text, separated by blank lines. */
static void fill_box_paragraphs(struct ctx *c, tpl_dict *box, const char *text)
{
	while (*text) {
		const char *end = strstr(text, "\n\n");
		size_t n = end ? (size_t)(end - text) : strlen(text);
		while (n && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
			n--;
		if (n)
			fill_text(c, tpl_section(box, "BOX_TEXT"), "BOX_PARAGRAPH", text, n);
		text += end ? (size_t)(end - text) + 2 : strlen(text);
		while (*text == '\n' || *text == '\r')
			text++;
	}
}

static void fill_block(struct ctx *c, tpl_dict *d, const struct block *b)
{
	tpl_dict *blk = tpl_section(d, "BLOCK");
	switch (b->kind) {
	case BLOCK_PARAGRAPH:
		fill_text(c, blk, "PARAGRAPH", b->text, strlen(b->text));
		break;
	case BLOCK_BOX: {
		tpl_dict *box = tpl_section(blk, "BOX");
		if (*b->image_url) {
			tpl_dict *p = tpl_section(box, "PORTRAIT");
			tpl_set(p, "NAME", b->name);
			picture_fill(c, p, b->image_url, PICTURE_SIZES_PORTRAIT, false);
		}
		tpl_set(box, "BYLINE", b->byline);
		fill_box_paragraphs(c, box, b->text);
		break;
	}
	case BLOCK_MEDIA: {
		tpl_dict *m = tpl_section(blk, "MEDIA");
		tpl_set(m, "MEDIA_URL", b->media_url);
		if (*b->image_url)
			tpl_set(tpl_section(m, "POSTER"), "POSTER_URL", poster_url(c, b->image_url));
		tpl_set(m, "CAPTION", b->text);
		break;
	}
	}
}

static void fill_sponsor(tpl_dict *d, const struct article *a)
{
	if (!*a->sponsor)
		return;
	tpl_dict *sp = tpl_section(d, "SPONSOR");
	tpl_dict *inner = tpl_section(sp, *a->sponsor_url ? "SPONSOR_LINK" : "SPONSOR_TEXT");
	tpl_set(inner, "SPONSOR", a->sponsor);
	tpl_set(inner, "SPONSOR_URL", a->sponsor_url);
}

static void fill_related(struct ctx *c, tpl_dict *d, const struct article *a)
{
	if (a->nlinks == 0)
		return;
	tpl_dict *rel = tpl_section(d, "RELATED");
	bool any_registration = false;
	tpl_set(rel, "PUBLISHER", c->site->cfg.publisher);
	for (int i = 0; i < a->nlinks; i++) {
		const struct related_link *l = &a->links[i];
		tpl_dict *li = tpl_section(rel, "LINK");
		tpl_set(li, "SOURCE", l->source);
		tpl_set(li, "TITLE", l->title);
		tpl_set(li, "URL", l->url);
		site_set_age(c, li, l->published_at);
		if (l->needs_registration) {
			tpl_show(li, "REGISTRATION");
			any_registration = true;
		}
	}
	if (any_registration)
		tpl_show(rel, "REGISTRATION_NOTE");
}

/* The promos shown, and the keys of every article they could show (see model.h). */
static void fill_promos(struct ctx *c, tpl_dict *d, const struct article *a)
{
	for (int i = 0; i < a->npromo_ids; i++)
		surrogate_article(&c->keys, a->promo_ids[i]);
	if (a->site_promos)
		surrogate_add(&c->keys, "promos");
	if (a->npromos == 0)
		return;
	tpl_dict *promos = tpl_section(d, "PROMOS");
	for (int i = 0; i < a->npromos; i++)
		site_fill_summary(c, tpl_section(promos, "PROMO"), &a->promos[i]);
}

/* The bylines under the headline, each linking to the person's page; their keys, so a change
 * of name purges this page. */
static void fill_bylines(struct ctx *c, tpl_dict *d, const struct article *a)
{
	if (a->nbylines == 0)
		return;
	tpl_dict *by = tpl_section(d, "BYLINES");
	for (int i = 0; i < a->nbylines; i++) {
		const struct byline *b = &a->bylines[i];
		tpl_dict *p = tpl_section(by, "BYLINE_PERSON");
		tpl_set(p, "NAME", b->name);
		tpl_set(p, "URL", arena_cat(&c->arena, "/people/", b->slug));
		if (*b->role_title)
			tpl_set(tpl_section(p, "ROLE"), "ROLE_TITLE", b->role_title);
		if (i > 0)
			tpl_set(p, "SEPARATOR", i == a->nbylines - 1 ? " and " : ", ");
		surrogate_add(&c->keys, arena_printf(&c->arena, "p%lld", b->person_id));
	}
}

static void fill_topics(struct ctx *c, tpl_dict *d, const struct article *a)
{
	if (a->ntopics == 0)
		return;
	tpl_dict *topics = tpl_section(d, "TOPICS");
	for (int i = 0; i < a->ntopics; i++) {
		tpl_dict *t = tpl_section(topics, "TOPIC");
		tpl_set(t, "NAME", a->topics[i].name);
		tpl_set(t, "URL", arena_cat(&c->arena, "/topics/", a->topics[i].slug));
		surrogate_add(&c->keys, arena_printf(&c->arena, "t%lld", a->topics[i].id));
	}
}

/* "Correction, 16 April 2010 09:12 BST: ..." at the end of the story, oldest first. */
static void fill_corrections(struct ctx *c, tpl_dict *d, const struct article *a)
{
	if (a->ncorrections == 0)
		return;
	tpl_dict *list = tpl_section(d, "CORRECTIONS");
	for (int i = 0; i < a->ncorrections; i++) {
		const struct correction *k = &a->corrections[i];
		char iso[TIMEFMT_MAX], when[TIMEFMT_MAX];
		bool correction = strcmp(k->kind, "correction") == 0;
		timefmt_iso((time_t)k->created_at, iso);
		timefmt_note_time((time_t)k->created_at, when);
		tpl_dict *n = tpl_section(list, "NOTE");
		tpl_set(n, "KIND", correction ? "correction" : "update");
		tpl_set(n, "LABEL", correction ? "Correction" : "Update");
		tpl_set(n, "TIME_ISO", iso);
		tpl_set(n, "WHEN", when);
		tpl_set(n, "TEXT", k->text);
	}
}

/* JSON-LD: the people as authors with their pages, and the corrections. */
static void fill_meta_people(struct ctx *c, tpl_dict *m, const struct article *a)
{
	const char *base = site_base(c);
	tpl_dict *authors = a->nbylines ? tpl_section(m, "AUTHORS") : NULL;
	tpl_dict *notes = NULL;
	int nnotes = 0;
	for (int i = 0; i < a->nbylines; i++) {
		tpl_dict *p = tpl_section(authors, "AUTHOR_PERSON");
		tpl_set(p, "NAME", a->bylines[i].name);
		tpl_set(p, "URL", arena_cat(&c->arena, base ? base : "", "/people/", a->bylines[i].slug));
		if (i > 0)
			tpl_show(p, "COMMA");
	}
	if (a->nbylines == 0)
		tpl_show(m, "AUTHOR_ORGANIZATION");
	for (int i = 0; i < a->ncorrections; i++) {
		char when[TIMEFMT_MAX];
		if (strcmp(a->corrections[i].kind, "correction") != 0)
			continue;
		timefmt_rfc3339((time_t)a->corrections[i].created_at, when);
		if (!notes)
			notes = tpl_section(m, "CORRECTIONS");
		tpl_dict *k = tpl_section(notes, "CORRECTION");
		if (nnotes++ > 0)
			tpl_show(k, "COMMA");
		tpl_set(k, "TEXT", a->corrections[i].text);
		tpl_set(k, "WHEN", when);
	}
}

/* What link previews and search engines read: OpenGraph, Twitter card, NewsArticle JSON-LD,
 * from the same instants as the visible dates. */
static void fill_meta(struct ctx *c, const struct article *a, const char *url,
		      const struct image *up)
{
	char published[TIMEFMT_MAX], modified[TIMEFMT_MAX];
	const char *base = site_base(c);
	tpl_dict *m = tpl_section(c->head, "ARTICLE_META");
	timefmt_rfc3339((time_t)a->s.published_at, published);
	timefmt_rfc3339((time_t)a->s.updated_at, modified);
	tpl_set(m, "HEADLINE", a->s.headline);
	tpl_set(m, "DESCRIPTION", a->s.intro);
	tpl_set(m, "URL", arena_cat(&c->arena, base, url));
	tpl_set(m, "PUBLISHED", published);
	tpl_set(m, "MODIFIED", modified);
	tpl_set(m, "SECTION_NAME", a->s.section_name);
	tpl_set(m, "PUBLISHER", c->site->cfg.publisher);
	tpl_set(m, "LANGUAGE", c->site->cfg.language);
	tpl_set(m, "TWITTER_CARD", *a->s.image_url ? "summary_large_image" : "summary");
	if (*a->s.image_url) {
		tpl_dict *img = tpl_section(m, "IMAGE");
		const char *shown = a->s.image_url;
		int w, h;
		if (up) {  /* the rendition made for large previews */
			shown = picture_og_url(c, up, &w, &h);
			tpl_dict *size = tpl_section(img, "IMAGE_SIZE");
			tpl_set_int(size, "IMAGE_WIDTH", w);
			tpl_set_int(size, "IMAGE_HEIGHT", h);
		}
		/* a path on this site becomes absolute; an address elsewhere stays as it is */
		tpl_set(img, "IMAGE_URL", shown && shown[0] == '/' && base
			? arena_cat(&c->arena, base, shown) : shown);
		tpl_set(img, "IMAGE_ALT", a->s.image_alt);
	}
	fill_meta_people(c, m, a);
}

int page_article_show(struct ctx *c, const struct article *a, enum page_kind kind)
{
	const char *section = a->s.section_slug;
	const char *url = site_article_url(c, section, a->s.slug);
	const char *title = arena_cat(&c->arena, a->s.headline, " - ", c->site->cfg.site_name);
	tpl_dict *d = url && title ? site_page(c, title, url, kind, section) : NULL;
	if (!d)
		return 500;
	tpl_set(d, "HEADLINE", a->s.headline);
	tpl_set(d, "SECTION_NAME", a->s.section_name);
	tpl_set(d, "SECTION_URL", site_section_url(c, section, 1));
	tpl_set(d, "ARTICLE_URL", url);
	struct image lead;
	const struct image *up = picture_lookup(c, a->s.image_url, &lead) ? &lead : NULL;
	fill_meta(c, a, url, up);
	site_shows(c, (time_t)a->s.updated_at);
	surrogate_article(&c->keys, a->s.id);
	fill_updated(c, d, a);
	fill_bylines(c, d, a);
	fill_lead_image(c, d, a, up);
	tpl_set(d, "INTRO", a->s.intro);
	for (int i = 0; i < a->nblocks; i++)
		fill_block(c, d, &a->blocks[i]);
	fill_corrections(c, d, a);
	fill_sponsor(d, a);
	if (kind != PAGE_PRINT)
		fill_topics(c, d, a);
	fill_related(c, d, a);
	if (kind == PAGE_PRINT)
		tpl_show(d, "PRINT_VIEW");
	if (kind == PAGE_PREVIEW)
		tpl_show(d, "PREVIEW");
	if (kind == PAGE_NORMAL)
		tpl_set(tpl_section(d, "PRINT_LINK"), "PRINT_URL", arena_cat(&c->arena, url, "/print"));
	if (kind != PAGE_PRINT)
		fill_promos(c, d, a);
	return site_render(c, "article.tpl");
}

/* An article that moved answers at its old address with a redirect to the new one. */
static int moved_or_missing(struct ctx *c, enum page_kind kind)
{
	const char *section, *slug;
	enum store_result r = model_redirect(c->db, &c->arena, c->match.args[0], c->match.args[1],
					     c->now, &section, &slug);
	if (r != STORE_OK)
		return ctx_status_of(r);
	const char *to = arena_printf(&c->arena, "/news/%s/%s%s", section, slug,
				      kind == PAGE_PRINT ? "/print" : "");
	return response_redirect(c->res, 301, to) ? PAGE_DONE : 500;
}

static int render_article(struct ctx *c, enum page_kind kind)
{
	struct article a;
	enum store_result r = model_article(c->db, &c->arena, c->match.args[0], c->match.args[1],
					    c->now, &a);
	if (r == STORE_NOT_FOUND)
		return moved_or_missing(c, kind);
	return r == STORE_OK ? page_article_show(c, &a, kind) : ctx_status_of(r);
}

int page_article(struct ctx *c)
{
	return render_article(c, PAGE_NORMAL);
}

int page_article_print(struct ctx *c)
{
	return render_article(c, PAGE_PRINT);
}
