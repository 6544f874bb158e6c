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

/* Every field holding from (lead images, blocks, body images kept for later) now holds to; an
 * empty alt text beside it becomes alt. */
enum store_result import_media_switch(struct db *db, const char *from, const char *to,
				      const char *alt);

#endif
