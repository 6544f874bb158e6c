/* The media library's rows in the JSON Lines export (docs/export-format.md, record "image"): the
 * images' metadata only; their files under the media directory are copied separately. */
#ifndef NEWSDESK_PORTING_MEDIA_H
#define NEWSDESK_PORTING_MEDIA_H

#include <stdbool.h>

#include "db.h"

/* Calls line(arg, json) for every image, by id (inside porting_export's read snapshot). */
enum store_result porting_media_export(struct db *db, bool (*line)(void *arg, const char *json),
				       void *arg);

/* Writes json when type is "image" (*known then true); otherwise does nothing. */
enum store_result porting_media_import_line(struct db *db, const char *json, const char *type,
					    bool *known);

/* Every image's hash, by id: the import checks their files are in the media directory. */
enum store_result porting_media_hashes(struct db *db, struct arena *a, const char ***out, int *n);

#endif
