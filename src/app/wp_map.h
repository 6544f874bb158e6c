/* The mapping layer of the WordPress import: one WXR item to one newsdesk article. Categories to
 * sections (the first one, or the section map), statuses, dates, slugs, the intro, the lead
 * image and old addresses; paragraphs as CommonMark (wp_commonmark.h); tags and categories past
 * the first as topics, the author as a person and byline (import_pending rows the store makes
 * into them); body images as import_pending rows until the media library exists. */
#ifndef NEWSDESK_WP_MAP_H
#define NEWSDESK_WP_MAP_H

#include <stdbool.h>
#include <time.h>

#include "arena.h"
#include "importer.h"
#include "wp_body.h"
#include "wxr.h"

/* One line of a --section-map file: a category's nicename (or @page, @none) to a section. */
struct section_rule {
	const char *category, *slug, *name;
};

struct section_map {
	struct section_rule *rules;
	int n, cap;
	struct arena arena;
};

void section_map_init(struct section_map *m);
void section_map_free(struct section_map *m);
/* Reads "CATEGORY SECTION-SLUG [Section name]" lines ('#' comments); false with "FILE:LINE:
 * why" in err. */
bool section_map_load(struct section_map *m, const char *path, char *err, size_t errlen);

/* Where an item's section is: its slug and the name to give it when it must be made. */
struct section_choice {
	const char *slug, *name;
};

/* Notes on one item, for the report: kind (see body_note_fn, plus "status", "slug", "date",
 * "title") and detail. */
typedef void (*map_note_fn)(void *arg, const char *kind, const char *detail);

/* Fills out (all but section_id and site) for a post or page. NULL when it is imported; else
 * why it is skipped ("status trash", ...). *body gets the converted body, for the report's
 * links. Sets *failed when out of memory. */
const char *wp_map_article(struct arena *a, const struct section_map *m,
			   const struct wxr_channel *ch, const struct wxr_item *it, time_t now,
			   map_note_fn note, void *arg, struct import_article *out,
			   struct section_choice *section, struct body *body, bool *failed);

/* u made absolute against the old site when it is a path there ("/wp-content/..."); NULL for
 * NULL, u itself otherwise. */
const char *wp_absolute(struct arena *a, const char *site, const char *u);

/* "YYYY-MM-DD HH:MM:SS" as UTC seconds; 0 for WordPress's zero date or anything else. */
time_t wp_time(const char *s);

#endif
