/* An import's pictures into the media library: found under --uploads, processed as uploads. */
#define _GNU_SOURCE
#include "wp_media.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "import_media.h"
#include "media.h"
#include "media_worker.h"
#include "timefmt.h"

#define UPLOADS_MARK "/wp-content/uploads/"

/* One address of the site's pictures, with the texts its places give it. */
struct pic {
	const char *url;         /* as the fields hold it */
	const char *rel;         /* the file under --uploads (NULL: not there) */
	const char *alt, *caption;
	bool attachment;
	char hash[PHOTO_HASH_LEN + 1];   /* "" until the file was read */
};

struct run {
	struct db *db;
	struct arena a;
	struct media_limits lim;
	long long max_bytes;
	int dirfd;
	const char *site;
	void (*note)(void *arg, const char *kind, const char *text);
	void *arg;
	struct wp_media_counts *n;
	char *err;
	size_t errlen;
	bool tty;
	double drawn;   /* when the progress line was last written */
};

static void note(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct run *r, const char *fmt, ...)
{
	char text[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	r->note(r->arg, "image", text);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "host[:port]" of an absolute http(s) address, its length into *len; NULL for any other. */
static const char *host_of(const char *url, size_t *len)
{
	const char *p = strncmp(url, "https://", 8) == 0 ? url + 8
		      : strncmp(url, "http://", 7) == 0 ? url + 7 : NULL;
	if (p)
		*len = strcspn(p, "/?#");
	return p;
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* The file an address of the site names under wp-content/uploads/, percent-decoded, without
 * query or fragment: NULL when the address is another site's or not an upload, "" when its
 * path would leave the folder (a "..", ".", empty or NUL segment). */
static const char *upload_path(struct run *r, const char *url)
{
	size_t hl = 0, sl = 0;
	const char *h = host_of(url, &hl), *sh = host_of(r->site, &sl);
	if (!h || !sh || hl != sl || strncasecmp(h, sh, hl) != 0)
		return NULL;
	const char *mark = strstr(h + hl, UPLOADS_MARK);
	size_t end = strcspn(h + hl, "?#");
	if (!mark || mark >= h + hl + end)
		return NULL;
	const char *src = mark + strlen(UPLOADS_MARK), *stop = h + hl + end;
	char *out = arena_alloc(&r->a, (size_t)(stop - src) + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *p = src; p < stop; p++) {
		int hi, lo;
		if (*p == '%' && p + 2 < stop && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	if ((size_t)(o - out) != strlen(out))
		return "";   /* a NUL inside */
	for (const char *seg = out;; ) {
		size_t len = strcspn(seg, "/");
		if (len == 0 || (len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return "";
		if (!seg[len])
			break;
		seg += len + 1;
	}
	return out;
}

/* Whether a name says picture: other attachments (PDF, video, sound) stay addresses. */
static bool picture_name(const char *rel)
{
	static const char *const exts[] = { ".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp",
					    ".heic", ".heif" };
	size_t n = strlen(rel);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcasecmp(rel + n - e, exts[i]) == 0)
			return true;
	}
	return false;
}

/* The file opened beneath --uploads: a path through a symbolic link that leads out of it is
 * refused by the kernel (RESOLVE_BENEATH), as is "..". -1 with errno otherwise. */
static int open_beneath(struct run *r, const char *rel)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC | O_NOCTTY,
				.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
	return (int)syscall(SYS_openat2, r->dirfd, rel, &how, sizeof how);
}

static int by_url(const void *x, const void *y)
{
	const struct pic *a = x, *b = y;
	int c = strcmp(a->url, b->url);
	return c ? c : (int)b->attachment - (int)a->attachment;  /* the attachment's own first */
}

static int url_only(const void *x, const void *y)
{
	return strcmp(((const struct pic *)x)->url, ((const struct pic *)y)->url);
}

static int by_hash(const void *x, const void *y)
{
	const struct pic *const *a = x, *const *b = y;
	return strcmp((*a)->hash, (*b)->hash);
}

/* The same address from several places becomes one, keeping the attachment's texts first and
 * the first a page gave otherwise. */
static int merge(struct pic *p, int n)
{
	int out = 0;
	for (int i = 0; i < n; i++) {
		if (out && strcmp(p[out - 1].url, p[i].url) == 0) {
			struct pic *k = &p[out - 1];
			k->attachment |= p[i].attachment;
			if (!*k->alt)
				k->alt = p[i].alt;
			if (!*k->caption)
				k->caption = p[i].caption;
			continue;
		}
		p[out++] = p[i];
	}
	return out;
}

/* A body's "name-300x200.jpg" is WordPress's smaller copy of the attachment "name.jpg": the
 * original goes into the library (its renditions cover the smaller sizes) when it is there. */
static const char *original_of(struct run *r, const struct pic *all, int n, const char *url)
{
	const char *dot = strrchr(url, '.'), *dash = dot ? dot : url;
	while (dash > url && (isdigit((unsigned char)dash[-1]) || dash[-1] == 'x'))
		dash--;
	if (dash == dot || dash == url || dash[-1] != '-' || !strchr(dash, 'x'))
		return NULL;
	struct pic key = { .url = arena_printf(&r->a, "%.*s%s", (int)(dash - 1 - url), url, dot) };
	const struct pic *hit = key.url ? bsearch(&key, all, (size_t)n, sizeof *all, url_only) : NULL;
	return hit && hit->attachment ? hit->rel : NULL;
}

/* Finds each picture's file and names it by its bytes. */
static void read_files(struct run *r, struct pic *p, int n)
{
	for (int i = 0; i < n; i++) {
		const char *rel = p[i].rel;
		if (!rel)
			continue;
		const char *orig = p[i].attachment ? NULL : original_of(r, p, n, p[i].url);
		if (orig && *orig)
			rel = orig;
		int fd = *rel ? open_beneath(r, rel) : -1;
		struct stat st;
		if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			if (!*rel || errno == EXDEV || errno == ELOOP)
				note(r, "%s: its path leaves --uploads (remote address kept)", p[i].url);
			r->n->missing++;
		} else if (st.st_size > r->max_bytes) {
			note(r, "%s: refused: larger than upload_max_mb (remote address kept)", p[i].url);
			r->n->refused++;
		} else {
			char proc[64];
			snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
			media_hash_file(proc, p[i].hash);
			p[i].rel = rel;
		}
		if (fd >= 0)
			close(fd);
	}
}

/* The address a page's image field holds for an image: its widest JPEG. */
static void ref_url(char *out, const char *hash, unsigned widths, int width)
{
	int w = 0;
	for (int i = 0; i < PHOTO_WIDTHS; i++)
		if (widths & (1u << i))
			w = photo_rendition_width(i, width);
	photo_url(out, hash, w, "jpg");
}

/* One picture processed: recorded in the library, or its refusal noted. */
static bool record(struct run *r, struct pic *const *group, int ng, const struct media_answer *ans)
{
	if (!ans->ok) {
		for (int i = 0; i < ng; i++)
			note(r, "%s: refused: %s (remote address kept)", group[i]->url, ans->message);
		r->n->refused++;
		return true;
	}
	const char *alt = "", *caption = "";
	for (int i = 0; i < ng; i++) {
		if (!*alt)
			alt = group[i]->alt;
		if (!*caption)
			caption = group[i]->caption;
	}
	struct image img = {
		.hash = ans->hash, .format = ans->format, .width = ans->width, .height = ans->height,
		.widths = ans->widths, .alpha = ans->alpha, .avif = ans->avif, .bytes = ans->bytes, .alt = alt,
		.caption = caption, .credit = "", .uploaded_by = "import", .uploaded_at = timefmt_now(),
	};
	long long id;
	bool changed;
	enum store_result res = media_insert(r->db, &img, &id);
	if (res == STORE_TAKEN && media_set_renditions(r->db, &img, &changed) != STORE_OK)
		res = STORE_ERROR;
	if (res != STORE_OK && res != STORE_TAKEN) {
		snprintf(r->err, r->errlen, "cannot add a picture to the library: %s",
			 sqlite3_errmsg(r->db->conn));
		return false;
	}
	r->n->processed += res == STORE_OK;
	return true;
}

/* A line every 5 seconds (a terminal: a line redrawn), as the posts' progress. */
static void progress(struct run *r, long long done, int total, bool last)
{
	double t = now_s();
	bool tty = r->tty;
	if (!last && t - r->drawn < (tty ? 0.1 : 5.0))
		return;
	r->drawn = t;
	fprintf(stderr, tty ? "\r\033[Kimport: images %lld of %d, %lld refused%s" :
		"import: images %lld of %d, %lld refused%s", done, total, r->n->refused,
		tty && !last ? "" : "\n");
	fflush(stderr);
}

/* Each distinct picture not yet in the library processed, WP_MEDIA_JOBS at a time, each job in
 * a child process under the upload limits (media_job_start). */
static bool process_all(struct run *r, struct pic **order, int n)
{
	struct media_job jobs[WP_MEDIA_JOBS];
	int first[WP_MEDIA_JOBS], count[WP_MEDIA_JOBS], fds[WP_MEDIA_JOBS];
	int running = 0, i = 0, distinct = 0;
	long long done = 0;
	bool ok = true;
	for (int k = 0; k < n; k++)
		distinct += k == 0 || strcmp(order[k]->hash, order[k - 1]->hash) != 0;
	while (running || (ok && i < n)) {
		while (ok && i < n && running < WP_MEDIA_JOBS) {
			int k = i;
			while (k < n && strcmp(order[k]->hash, order[i]->hash) == 0)
				k++;
			struct image have;
			enum store_result known = media_by_hash(r->db, &r->a, order[i]->hash, &have);
			int fd = known == STORE_NOT_FOUND ? open_beneath(r, order[i]->rel) : -1;
			if (known == STORE_OK) {
				r->n->known++;
				done++;
			} else if (fd >= 0) {
				char proc[64];
				struct stat st;
				snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
				fstat(fd, &st);
				first[running] = i;
				count[running] = k - i;
				fds[running] = fd;
				media_job_start(&r->lim, proc, (long long)st.st_size, &jobs[running++]);
			} else if (known != STORE_NOT_FOUND) {
				snprintf(r->err, r->errlen, "cannot read the library: %s",
					 sqlite3_errmsg(r->db->conn));
				ok = false;
			}
			i = k;
		}
		if (!running)
			break;
		struct media_answer ans;
		media_job_finish(&jobs[0], &ans);
		close(fds[0]);
		if (ok)
			ok = record(r, order + first[0], count[0], &ans);
		progress(r, ++done, distinct, false);
		running--;
		memmove(jobs, jobs + 1, sizeof jobs[0] * (size_t)running);
		memmove(first, first + 1, sizeof first[0] * (size_t)running);
		memmove(count, count + 1, sizeof count[0] * (size_t)running);
		memmove(fds, fds + 1, sizeof fds[0] * (size_t)running);
	}
	if (distinct)
		progress(r, done, distinct, true);
	return ok;
}

/* Every address whose picture is in the library with alt text now names it; one without alt
 * text keeps its remote address (issue 11: no image without alt text on a page). */
static bool switch_all(struct run *r, struct pic *p, int n)
{
	if (db_begin(r->db) != STORE_OK)
		goto failed;
	if (import_media_switch_begin(r->db) != STORE_OK) {
		db_rollback(r->db);
		goto failed;
	}
	for (int i = 0; i < n; i++) {
		struct image img;
		if (!p[i].hash[0] || media_by_hash(r->db, &r->a, p[i].hash, &img) != STORE_OK)
			continue;
		if (!*img.alt) {
			note(r, "%s: in the library without alt text, so the pages keep the remote address"
			     " (give it alt text in /admin/media)", p[i].url);
			r->n->no_alt++;
			continue;
		}
		char to[PHOTO_URL_MAX];
		ref_url(to, img.hash, img.widths, img.width);
		if (import_media_switch_add(r->db, p[i].url, to, img.alt) != STORE_OK) {
			db_rollback(r->db);
			goto failed;
		}
		r->n->switched++;
	}
	if (import_media_switch_apply(r->db) == STORE_OK && db_commit(r->db) == STORE_OK)
		return true;
	db_rollback(r->db);
failed:
	snprintf(r->err, r->errlen, "cannot switch pages to the library's pictures: %s",
		 sqlite3_errmsg(r->db->conn));
	return false;
}

static bool gather(struct run *r, struct pic **out, int *n)
{
	struct import_image_ref *refs;
	int nrefs;
	if (import_media_refs(r->db, &r->a, r->site, &refs, &nrefs) != STORE_OK) {
		snprintf(r->err, r->errlen, "cannot read the imported images: %s",
			 sqlite3_errmsg(r->db->conn));
		return false;
	}
	struct pic *p = arena_alloc(&r->a, sizeof *p * (size_t)(nrefs ? nrefs : 1));
	int k = 0;
	if (!p)
		return snprintf(r->err, r->errlen, "out of memory"), false;
	for (int i = 0; i < nrefs; i++) {
		const char *rel = upload_path(r, refs[i].url);
		if (!rel || (*rel && !picture_name(rel)))
			continue;   /* another site's, or not a picture: the address stays */
		p[k++] = (struct pic){ refs[i].url, rel, refs[i].alt, refs[i].caption, refs[i].attachment, "" };
	}
	qsort(p, (size_t)k, sizeof *p, by_url);
	*n = merge(p, k);
	*out = p;
	return true;
}

static bool run_all(struct run *r)
{
	struct pic *p;
	int n;
	if (!gather(r, &p, &n))
		return false;
	double t = now_s();
	read_files(r, p, n);
	struct pic **order = arena_alloc(&r->a, sizeof *order * (size_t)(n ? n : 1));
	int m = 0;
	if (!order)
		return snprintf(r->err, r->errlen, "out of memory"), false;
	for (int i = 0; i < n; i++)
		if (p[i].hash[0])
			order[m++] = &p[i];
	qsort(order, (size_t)m, sizeof *order, by_hash);
	r->n->t_find = now_s() - t;
	t = now_s();
	bool ok = process_all(r, order, m);
	r->n->t_process = now_s() - t;
	t = now_s();
	ok = ok && switch_all(r, p, n);
	r->n->t_switch = now_s() - t;
	return ok;
}

bool wp_media_import(struct db *db, const char *db_path, const char *site, const char *uploads,
		     void (*note_fn)(void *arg, const char *kind, const char *text), void *arg,
		     struct wp_media_counts *out, char *err, size_t errlen)
{
	struct config cfg;
	struct run r = { .db = db, .site = site, .note = note_fn, .arg = arg, .n = out, .err = err,
			 .errlen = errlen, .tty = isatty(STDERR_FILENO), .drawn = now_s() };
	double t = now_s();
	memset(out, 0, sizeof *out);
	config_defaults(&cfg);
	r.lim.helper_fd = -1;
	if (!config_load(&cfg, NULL, err, errlen) ||
	    !media_limits_load(&r.lim, &cfg, db_path, err, errlen))
		return media_limits_close(&r.lim), false;
	r.max_bytes = cfg.upload_max_mb * 1024 * 1024;
	r.dirfd = open(uploads, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r.dirfd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", uploads, strerror(errno));
		media_limits_close(&r.lim);
		return false;
	}
	mode_t old_mask = umask(022);  /* as the worker makes them: readable by nginx */
	arena_init(&r.a);
	bool ok = run_all(&r);
	arena_free(&r.a);
	umask(old_mask);
	close(r.dirfd);
	media_limits_close(&r.lim);
	out->seconds = now_s() - t;
	return ok;
}
