/* newsdesk import wordpress --uploads DIR: the site's pictures into the media library, each as an
 * editor's upload is made, and its pages switched from the remote addresses to the library's. */
#ifndef NEWSDESK_WP_MEDIA_H
#define NEWSDESK_WP_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

#define WP_MEDIA_JOBS 2   /* pictures processed at once: the machine's two cores */

struct wp_media_counts {
	long long processed;   /* new in the library */
	long long known;       /* already there (same bytes): not processed again */
	long long refused;     /* not a picture, too big, broken: remote address kept */
	long long missing;     /* not in DIR, or a path that leaves it */
	long long no_alt;      /* in the library without alt text: remote address kept */
	long long switched;    /* addresses now the library's */
	double seconds;        /* all of it: */
	double t_find, t_process, t_switch;   /* finding and hashing, processing, switching */
};

/* For every attachment of site (and every image its imported articles show) found under
 * uploads: the picture into the media library of the database at db_path (processed in child
 * processes with the upload limits, WP_MEDIA_JOBS at a time; a picture already there by its bytes
 * is not), then every field naming it switched to the library's address. Each refusal and kept
 * address is a note(arg, "image", text). False (err) when the database or the media directory
 * fails; a refused picture is not a failure. */
bool wp_media_import(struct db *db, const char *db_path, const char *site, const char *uploads,
		     void (*note)(void *arg, const char *kind, const char *text), void *arg,
		     struct wp_media_counts *out, char *err, size_t errlen);

#endif
