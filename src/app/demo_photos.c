/* newsdesk init --demo: the demo's pictures, uploaded as an editor would. */
#include "demo_photos.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "media.h"
#include "media_worker.h"
#include "siteconf.h"
#include "timefmt.h"

/* Installed beside the binary (BIN/../share/newsdesk/demo-photos), else the source tree's. */
static const char *photos_dir(void)
{
	static char installed[PATH_MAX + 64];
	if (site_installed_dir("demo-photos", installed, sizeof installed))
		return installed;
	return site_is_dir(NEWSDESK_DEMO_PHOTOS_DIR) ? NEWSDESK_DEMO_PHOTOS_DIR : NULL;
}

/* The picture for an illustration: data/demo-photos/NAME.jpg, false when there is none. */
static bool picture_for(const char *dir, const struct demo_svg *svg, char *path, size_t len)
{
	const char *name = strrchr(svg->url, '/') + 1;
	snprintf(path, len, "%s/%.*s.jpg", dir, (int)(strlen(name) - 4), name);
	return access(path, R_OK) == 0;
}

/* One illustration's upload done: its row added, the fields that named it moved. */
static bool record(struct db *db, const struct demo_svg *svg, const struct media_answer *ans,
		   char *err, size_t errlen)
{
	char ref[PHOTO_URL_MAX];
	if (!ans->ok) {
		snprintf(err, errlen, "%s: %s", svg->url, ans->message);
		return false;
	}
	struct image img = {
		.hash = ans->hash, .format = ans->format, .width = ans->width, .height = ans->height,
		.widths = ans->widths, .alpha = ans->alpha, .avif = ans->avif, .bytes = ans->bytes, .alt = svg->alt,
		.caption = "", .credit = "", .uploaded_by = "demo", .uploaded_at = timefmt_now(),
	};
	long long id;
	int w = 0;
	for (int i = 0; i < PHOTO_WIDTHS; i++)
		if (ans->widths & (1u << i))
			w = photo_rendition_width(i, ans->width);
	photo_url(ref, ans->hash, w, "jpg");
	bool changed;
	enum store_result r = media_insert(db, &img, &id);
	if (r == STORE_TAKEN)
		r = media_set_renditions(db, &img, &changed);
	if (r == STORE_OK && media_replace_url(db, svg->url, ref) == STORE_OK)
		return true;
	snprintf(err, errlen, "cannot record the picture for %s: %s", svg->url,
		 sqlite3_errmsg(db->conn));
	return false;
}

/* Two jobs at a time (the machine's cores), each as an editor's upload is made. */
#define DEMO_JOBS 2

static bool import_all(struct db *db, const struct media_limits *lim, const char *dir,
		       const struct demo_svg *svgs, int n, char *err, size_t errlen)
{
	struct media_job jobs[DEMO_JOBS];
	int which[DEMO_JOBS], running = 0, next = 0;
	bool ok = true;
	char path[PATH_MAX + 300];
	struct stat st;
	while (running || (ok && next < n)) {
		while (ok && next < n && running < DEMO_JOBS) {
			if (picture_for(dir, &svgs[next], path, sizeof path) && stat(path, &st) == 0) {
				which[running] = next;
				media_job_start(lim, path, (long long)st.st_size, &jobs[running++]);
			}
			next++;
		}
		if (!running)
			break;
		struct media_answer ans;
		media_job_finish(&jobs[0], &ans);
		if (ok)
			ok = record(db, &svgs[which[0]], &ans, err, errlen);
		memmove(jobs, jobs + 1, sizeof jobs[0] * (size_t)--running);
		memmove(which, which + 1, sizeof which[0] * (size_t)running);
	}
	return ok;
}

bool demo_photos_import(const char *db_path, char *err, size_t errlen)
{
	const char *dir = photos_dir();
	struct config cfg;
	struct media_limits lim = { .helper_fd = -1 };
	struct db db;
	struct arena a;
	struct demo_svg *svgs;
	int n;
	if (!dir) {
		fprintf(stderr, "newsdesk: no demo-photos folder: the demo keeps its SVG illustrations\n");
		return true;
	}
	config_defaults(&cfg);
	if (!config_load(&cfg, NULL, err, errlen) ||
	    !media_limits_load(&lim, &cfg, db_path, err, errlen))
		return media_limits_close(&lim), false;
	if (!db_open(&db, db_path, false, err, errlen))
		return media_limits_close(&lim), false;
	mode_t old_mask = umask(022);  /* as the worker makes them: readable by nginx */
	arena_init(&a);
	bool ok = media_demo_svgs(&db, &a, &svgs, &n) == STORE_OK && db_begin(&db) == STORE_OK;
	if (!ok)
		snprintf(err, errlen, "cannot read the demo's images: %s", sqlite3_errmsg(db.conn));
	if (ok)
		ok = import_all(&db, &lim, dir, svgs, n, err, errlen);
	if (ok && media_demo_unchanged(&db) != STORE_OK) {
		snprintf(err, errlen, "cannot reset the demo's change time: %s", sqlite3_errmsg(db.conn));
		ok = false;
	}
	if (ok && db_commit(&db) != STORE_OK) {
		snprintf(err, errlen, "cannot commit the demo's images: %s", sqlite3_errmsg(db.conn));
		ok = false;
	}
	if (!ok)
		db_rollback(&db);
	umask(old_mask);
	arena_free(&a);
	db_close(&db);
	media_limits_close(&lim);
	return ok;
}
