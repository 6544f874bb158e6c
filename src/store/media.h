/* The store for the media library: uploaded images' metadata and where pages use them. */
#ifndef NEWSDESK_MEDIA_H
#define NEWSDESK_MEDIA_H

#include <stdbool.h>
#include <time.h>

#include "arena.h"
#include "db.h"

#define MEDIA_PAGE_SIZE 30

struct image {
	long long id;
	const char *hash, *format, *alt, *caption, *credit, *uploaded_by;
	int width, height;
	unsigned widths;       /* bit i: photo_widths[i] made */
	bool alpha;
	bool avif;             /* AVIF renditions made too (uploads since sql/014) */
	long long bytes, uploaded_at;
};

/* An article, block or person that shows an image. */
struct image_use {
	long long id;                   /* the article's, or the person's */
	const char *headline;           /* the article's headline, or the person's name */
	const char *where;              /* "lead image", "box portrait", "media poster", "portrait" */
	bool person;
	bool public;                    /* readers see it (published and due; a person always) */
	long long owner_id;             /* the article's owner, 0 for none */
};

/* Adds an image; STORE_TAKEN when one with the same hash is there (its id goes to *id then). */
enum store_result media_insert(struct db *db, const struct image *img, long long *id);
/* An image uploaded again: its row's renditions (format, size, widths, alpha, avif) made img's,
 * what the worker found HASH/ to hold this time (a folder replaced may lack the AVIF the row
 * named, a folder kept may have some the row did not); *changed says whether they differed. */
enum store_result media_set_renditions(struct db *db, const struct image *img, bool *changed);
enum store_result media_by_id(struct db *db, struct arena *a, long long id, struct image *out);
enum store_result media_by_hash(struct db *db, struct arena *a, const char *hash,
				struct image *out);
/* Newest first, MEDIA_PAGE_SIZE a page (page from 1); query ("" for all) searches alt text,
 * caption and credit. *more tells whether another page follows. */
enum store_result media_list(struct db *db, struct arena *a, const char *query, long long page,
			     struct image **out, int *n, bool *more);
/* The newest images with alt text, which may be used on a page: what the picker offers. */
enum store_result media_pickable(struct db *db, struct arena *a, struct image **out, int *n);
enum store_result media_set_texts(struct db *db, long long id, const char *alt,
				  const char *caption, const char *credit);
/* The first 100 uses, articles by id, then people. */
enum store_result media_uses(struct db *db, struct arena *a, const char *hash, time_t now,
			     struct image_use **out, int *n);
/* Deletes an image no page uses: STORE_CONFLICT when one does, STORE_NOT_FOUND when none. */
enum store_result media_delete_unused(struct db *db, long long id);

/* The demo's illustrations (/static/img/NAME.svg addresses in image fields), each once, with
 * the alt text a page gives it; and the switch of every field from one address to another. */
struct demo_svg {
	const char *url, *alt;
};
enum store_result media_demo_svgs(struct db *db, struct arena *a, struct demo_svg **out, int *n);
enum store_result media_replace_url(struct db *db, const char *from, const char *to);
/* The site's change time back to 0, as the demo content leaves it. */
enum store_result media_demo_unchanged(struct db *db);

#endif
