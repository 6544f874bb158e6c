/* Line diffs of two articles, for the revisions page and the conflict page. */
#include "textdiff.h"

#include <string.h>

#include "timefmt.h"

static const char *kind_name(enum block_kind k)
{
	return k == BLOCK_BOX ? "box" : k == BLOCK_MEDIA ? "media" : "paragraph";
}

struct lines {
	struct arena *a;
	const char **items;
	int n, cap;
	bool failed;
};

static void add(struct lines *l, const char *text)
{
	if (!text || !(l->items = arena_grow(l->a, l->items, l->n, &l->cap, sizeof *l->items))) {
		l->failed = true;
		return;
	}
	l->items[l->n++] = text;
}

static void add_block(struct lines *l, int i, const struct block *b)
{
	const char *kind = kind_name(b->kind);
	if (b->kind == BLOCK_BOX) {
		add(l, arena_printf(l->a, "Block %d (box) portrait: %s", i, b->image_url));
		add(l, arena_printf(l->a, "Block %d (box) name: %s", i, b->name));
		add(l, arena_printf(l->a, "Block %d (box) byline: %s", i, b->byline));
	} else if (b->kind == BLOCK_MEDIA) {
		add(l, arena_printf(l->a, "Block %d (media) file: %s", i, b->media_url));
		add(l, arena_printf(l->a, "Block %d (media) poster: %s", i, b->image_url));
	}
	add(l, arena_printf(l->a, "Block %d (%s): %s", i, kind, b->text));
}

static void add_link(struct lines *l, int i, const struct related_link *k)
{
	char iso[TIMEFMT_MAX];
	timefmt_iso((time_t)k->published_at, iso);
	add(l, arena_printf(l->a, "Link %d: %s | %s | %s | %s%s", i, k->source, k->title, k->url, iso,
			    k->needs_registration ? " | may require registration" : ""));
}

int article_lines(struct arena *a, const struct edit_article *e, const char ***out)
{
	struct lines l = { .a = a };
	add(&l, arena_printf(a, "Headline: %s", e->a.s.headline));
	add(&l, arena_printf(a, "Section: %s", e->section_slug));
	add(&l, arena_printf(a, "Slug: %s", e->a.s.slug));
	add(&l, arena_printf(a, "Intro: %s", e->a.s.intro));
	add(&l, arena_printf(a, "Image: %s", e->a.s.image_url));
	add(&l, arena_printf(a, "Image alt text: %s", e->a.s.image_alt));
	add(&l, arena_printf(a, "Image caption: %s", e->a.image_caption));
	add(&l, arena_printf(a, "Sponsor: %s %s", e->a.sponsor, e->a.sponsor_url));
	for (int i = 0; i < e->a.nblocks; i++)
		add_block(&l, i + 1, &e->a.blocks[i]);
	for (int i = 0; i < e->a.nlinks; i++)
		add_link(&l, i + 1, &e->a.links[i]);
	for (int i = 0; i < e->npromos; i++)
		add(&l, arena_printf(a, "Promo %d: %s", i + 1, e->promos[i]));
	*out = l.items;
	return l.failed ? -1 : l.n;
}

#define DIFF_MAX_LINES 3000  /* past this, the table would not fit in memory sensibly */

int diff_lines(struct arena *a, const char **old, int nold, const char **new_, int nnew,
	       struct diff_line **out)
{
	if (nold > DIFF_MAX_LINES || nnew > DIFF_MAX_LINES)
		return -1;
	/* lcs[i][j]: longest common subsequence of old[i..] and new_[j..] */
	int w = nnew + 1;
	int *lcs = arena_alloc(a, (size_t)(nold + 1) * (size_t)w * sizeof *lcs);
	struct diff_line *d = arena_alloc(a, (size_t)(nold + nnew + 1) * sizeof *d);
	if (!lcs || !d)
		return -1;
	for (int i = nold - 1; i >= 0; i--)
		for (int j = nnew - 1; j >= 0; j--)
			lcs[i * w + j] = strcmp(old[i], new_[j]) == 0 ? lcs[(i + 1) * w + j + 1] + 1
				: lcs[(i + 1) * w + j] > lcs[i * w + j + 1] ? lcs[(i + 1) * w + j]
				: lcs[i * w + j + 1];
	int i = 0, j = 0, n = 0;
	while (i < nold || j < nnew) {
		if (i < nold && j < nnew && strcmp(old[i], new_[j]) == 0) {
			d[n++] = (struct diff_line){ DIFF_SAME, old[i] };
			i++, j++;
		} else if (j < nnew && (i == nold || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) {
			d[n++] = (struct diff_line){ DIFF_ADDED, new_[j++] };
		} else {
			d[n++] = (struct diff_line){ DIFF_REMOVED, old[i++] };
		}
	}
	*out = d;
	return n;
}
