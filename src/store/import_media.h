/* The store for an import's pictures: the addresses of a WordPress site's images (its
 * attachments and what its imported articles show), and the switch of those addresses to the
 * media library's once the pictures are in it. */
#ifndef NEWSDESK_IMPORT_MEDIA_H
#define NEWSDESK_IMPORT_MEDIA_H

#include <stdbool.h>

#include "arena.h"
#include "db.h"

/* An image address with the texts one place gives it. */
struct import_image_ref {
	const char *url, *alt, *caption;
	bool attachment;   /* an attachment item's own address (else a page's use of one) */
};

/* Every attachment of site, then every image address its imported articles hold (lead images,
 * blocks, body images kept in import_pending), one row per place. */
enum store_result import_media_refs(struct db *db, struct arena *a, const char *site,
				    struct import_image_ref **out, int *n);

/* The switch of addresses, in three steps inside the caller's transaction: begin (an empty list
 * of switches), add each one (from an address to another, with the alt text an empty one beside
 * it becomes), then apply: every lead image, block and body image kept for later that holds a
 * from address holds its to, in one pass over each table whatever the number of switches. */
enum store_result import_media_switch_begin(struct db *db);
enum store_result import_media_switch_add(struct db *db, const char *from, const char *to,
					  const char *alt);
enum store_result import_media_switch_apply(struct db *db);

#endif
