/* After newsdesk import newsdesk: whether the images' files are in the media directory, since
 * the export carries the images' rows only. */
#ifndef NEWSDESK_MEDIA_FILES_H
#define NEWSDESK_MEDIA_FILES_H

#include "db.h"

/* Prints how many images the database at db_path holds and, when some have no folder in its
 * media directory, how many and what to copy there. */
void media_files_check(struct db *db, const char *db_path);

#endif
