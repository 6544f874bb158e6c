/* The images' files after an import of an export: present in the media directory, or to copy. */
#include "media_files.h"

#include <stdio.h>
#include <sys/stat.h>

#include "config.h"
#include "media_worker.h"
#include "porting_media.h"

void media_files_check(struct db *db, const char *db_path)
{
	struct config cfg;
	char dir[512], err[300], path[700];
	struct arena a;
	const char **hashes;
	int n, missing = 0;
	config_defaults(&cfg);
	arena_init(&a);
	if (porting_media_hashes(db, &a, &hashes, &n) != STORE_OK || n == 0 ||
	    !config_load(&cfg, NULL, err, sizeof err) ||
	    !media_dir_resolve(cfg.media_dir, db_path, dir, sizeof dir, err, sizeof err)) {
		arena_free(&a);
		return;
	}
	for (int i = 0; i < n; i++) {
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, hashes[i]);
		missing += stat(path, &st) != 0 || !S_ISDIR(st.st_mode);
	}
	printf("images: %d in the media library", n);
	if (missing)
		printf("; %d have no files in %s yet: copy the old media directory's folders there"
		       " (cp -a OLD/photos/. %s/)", missing, dir, dir);
	printf("\n");
	arena_free(&a);
}
