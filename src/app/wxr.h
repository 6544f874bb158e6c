/* A WordPress eXtended RSS export (WXR 1.0 to 1.2) read as a stream with libxml2's
 * xmlTextReader: one item at a time, memory flat whatever the file's size, no DTD, no entity
 * expansion, no network. Bad input stops it with the line and column. */
#ifndef NEWSDESK_WXR_H
#define NEWSDESK_WXR_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct wxr_term {
	const char *domain;    /* category, post_tag, ... */
	const char *nicename;
	const char *name;
};

/* One <item>; every string is valid UTF-8 ("" when absent), in the reader's arena until the
 * next item. */
struct wxr_item {
	long line;                 /* where its <item> starts */
	long long offset;          /* bytes of the file read so far (for progress) */
	long long id;              /* wp:post_id (0 when missing or not a number) */
	const char *title, *link, *guid, *creator, *content, *excerpt;
	const char *date, *date_gmt, *modified_gmt, *name, *status, *type, *attachment_url;
	struct wxr_term *terms;
	int nterms;
	long long thumbnail_id;    /* postmeta _thumbnail_id */
	const char *image_alt;     /* postmeta _wp_attachment_image_alt */
};

struct wxr_author {
	const char *login, *display_name;
};

/* What the channel says before its items. */
struct wxr_channel {
	const char *version;       /* wp:wxr_version */
	const char *base_site_url, *base_blog_url, *title;
	struct wxr_author *authors;
	int nauthors;
};

struct wxr_error {
	long line, column;
	char message[300];
};

/* A copy of it whose strings live in a (the reader's are gone once the next item starts);
 * false when out of memory. */
bool wxr_item_copy(struct arena *a, const struct wxr_item *it, struct wxr_item *out);

/* Called for each item; returning false stops the reading (wxr_read then answers true). */
typedef bool (*wxr_item_fn)(void *arg, const struct wxr_channel *ch, const struct wxr_item *it);

/* Reads path, calling on_item for each item in order. False with err filled when the file is not
 * XML, not a WXR export, truncated, not UTF-8, holds a DTD, or cannot be read. */
bool wxr_read(const char *path, wxr_item_fn on_item, void *arg, struct wxr_error *err);

#endif
