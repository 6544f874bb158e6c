/* newsdesk import wordpress: a WXR export streamed into the database in batches of one
 * transaction each, resumable, with a progress bar and a report at the end. */
#define _GNU_SOURCE   /* memmem */
#include "cli_import.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "import_queue.h"
#include "importer.h"
#include "timefmt.h"
#include "validate.h"
#include "wp_map.h"
#include "wp_media.h"
#include "wxr.h"

#define BATCH 500            /* items per transaction */
#define EXAMPLES 5           /* of each kind of note, in the printed report */
#define SECTIONS_MAX 4096    /* sections remembered by slug during a run */

static const char usage_import[] =
	"usage: newsdesk import wordpress --db FILE [--uploads DIR] [--section-map FILE]\n"
	"                                 [--report FILE] EXPORT.xml\n"
	"       newsdesk import newsdesk --db FILE IN.jsonl   (see newsdesk import newsdesk --help)\n"
	"\n"
	"Imports a WordPress export (Tools > Export, WXR 1.0 to 1.2) into the database: posts and\n"
	"pages become articles (published, scheduled or draft as they were), each post's first\n"
	"category its section. Running it again updates what it imported before (by WordPress id)\n"
	"instead of adding copies; a run that was stopped goes on where it stopped.\n"
	"  --db FILE            the SQLite database (created with newsdesk init)\n"
	"  --uploads DIR        a copy of wp-content/uploads: the pictures found there go into the\n"
	"                       media library as uploads do (2 at a time, after the posts) and the\n"
	"                       pages name them; a refused file, or one without alt text, keeps\n"
	"                       its remote address (a line in the report)\n"
	"  --section-map FILE   lines 'CATEGORY-NICENAME SECTION-SLUG [Section name]' choosing a\n"
	"                       section per category; '@page' for pages, '@none' for posts\n"
	"                       without a category ('#' starts a comment)\n"
	"  --report FILE        also write every note (dropped scripts, shortcodes, embeds,\n"
	"                       links kept as text, ...) to FILE, one line each\n"
	"  --help               show this help\n"
	"A progress bar goes to stderr on a terminal, a line every 5 seconds otherwise; the report\n"
	"goes to stdout. Exit status: 0 done, 1 failed (bad input: with its line and column),\n"
	"2 usage, 130 interrupted (run the same command again to go on).\n";

struct tally {
	const char *kind;
	long long n;
	const char *examples[EXAMPLES];
};

struct section_seen {
	const char *slug;
	long long id;
};

struct import {
	struct db db;                /* the writer's */
	const char *export_path, *uploads;
	struct section_map map;
	struct arena run;            /* lives for the whole run (the writer's) */
	const char *site;            /* set by the reader before its first job */
	long long run_id, resume_from, index, total_estimate, read_index;
	long long file_size;
	bool in_tx, tty, ends_with_rss;
	atomic_bool failed;          /* the writer failed: the reader stops */
	char err[600];
	FILE *report;
	struct job_queue queue;
	struct section_seen *sections;
	int nsections, sections_cap;
	/* counts for the report (the writer's) */
	long long posts_new, posts_updated, pages_new, pages_updated, attachments;
	long long uploads_found, uploads_missing, sections_made, paths, slug_changes;
	long long pending_tags, pending_authors, pending_images, pending_categories, links,
		  links_as_text;
	long long thumbnails_late;
	struct wp_media_counts media;   /* --uploads: the pictures' phase */
	struct tally skipped[32];
	int nskipped;
	struct tally notes[16];
	int nnotes;
	/* where the time went: reading and converting (the reader), writing (the writer) */
	double t_start, t_convert, t_wait, t_write, t_commit, t_read_done, slowest_item;
	long long slowest_id;
	double last_draw;
};

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *msg, const char *arg)
{
	fprintf(stderr, "newsdesk import: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
	return 2;
}

/* Counts one more of kind in list, keeping the first few examples. */
static void tally(struct import *im, struct tally *list, int *n, int max, const char *kind,
		  const char *example)
{
	int i = 0;
	while (i < *n && strcmp(list[i].kind, kind) != 0)
		i++;
	if (i == *n) {
		if (*n == max)
			i = max - 1;   /* the last slot takes whatever does not fit */
		else
			list[(*n)++] = (struct tally){ .kind = arena_strdup(&im->run, kind) };
	}
	if (list[i].n < EXAMPLES && example)
		list[i].examples[list[i].n] = arena_strdup(&im->run, example);
	list[i].n++;
}

/* ---- the reader: XML, bodies and mapping, one job per item ---- */

/* A note on the item being read, kept in its job for the writer to count. */
static void on_job_note(void *arg, const char *kind, const char *detail)
{
	struct job *j = arg;
	if (detail)
		job_note(j, kind, detail);
}

/* The part of an attachment's address under wp-content/uploads/, looked for in --uploads. */
static void check_upload(struct import *im, struct job *j)
{
	const char *marker = "/wp-content/uploads/";
	const char *rel = strstr(j->url, marker);
	struct stat st;
	j->upload = 2;
	if (!rel) {
		on_job_note(j, "upload", arena_printf(&j->arena, "%s is not under wp-content/uploads", j->url));
		return;
	}
	rel += strlen(marker);
	const char *path = arena_printf(&j->arena, "%s/%s", im->uploads, rel);
	if (!strstr(rel, "..") && path && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		j->upload = 1;
	else
		on_job_note(j, "upload", arena_printf(&j->arena, "%s not found in %s", rel, im->uploads));
}

/* The job for one item; NULL when out of memory. */
static struct job *make_job(struct import *im, const struct wxr_channel *ch, const struct wxr_item *src)
{
	struct job *j = job_new(JOB_SKIP, im->read_index);
	struct wxr_item it;
	bool oom = false;
	if (!j || !wxr_item_copy(&j->arena, src, &it)) {
		job_free(j);
		return NULL;
	}
	j->wp_id = it.id;
	j->label = arena_printf(&j->arena, "%s %lld (line %ld)", *it.type ? it.type : "item", it.id, it.line);
	if (strcmp(it.type, "post") == 0 || strcmp(it.type, "page") == 0) {
		j->skip_reason = wp_map_article(&j->arena, &im->map, ch, &it, timefmt_now(), on_job_note,
						j, &j->ia, &j->sc, &j->body, &oom);
		j->kind = j->skip_reason ? JOB_SKIP : JOB_ARTICLE;
		j->ia.site = im->site;
	} else if (strcmp(it.type, "attachment") == 0 && it.id) {
		j->kind = JOB_ATTACHMENT;
		j->guid = it.guid;
		j->url = wp_absolute(&j->arena, im->site, *it.attachment_url ? it.attachment_url : it.guid);
		j->alt = it.image_alt;
		j->caption = it.excerpt;
		if (im->uploads && j->url)
			check_upload(im, j);
	} else {
		j->skip_reason = it.id ? arena_printf(&j->arena, "type %s", *it.type ? it.type : "(none)")
				       : "no wp:post_id";
	}
	if (oom || !j->label || (j->kind == JOB_SKIP && !j->skip_reason)) {
		job_free(j);
		return NULL;
	}
	return j;
}

static bool on_item(void *arg, const struct wxr_channel *ch, const struct wxr_item *it)
{
	struct import *im = arg;
	double t = now_s();
	if (atomic_load(&im->failed) || stop_requested)
		return false;
	if (!im->site) {
		const char *site = ch->base_site_url && *ch->base_site_url ? ch->base_site_url
			: ch->base_blog_url ? ch->base_blog_url : "";
		im->site = strdup(site);
		if (!im->site)
			return false;
	}
	if (++im->read_index <= im->resume_from)
		return true;   /* committed by the run that stopped */
	struct job *j = make_job(im, ch, it);
	if (!j) {
		snprintf(im->err, sizeof im->err, "out of memory");
		atomic_store(&im->failed, true);
		return false;
	}
	double queued = now_s();
	j->convert_s = queued - t;
	im->t_convert += j->convert_s;
	job_queue_push(&im->queue, j);
	im->t_wait += now_s() - queued;   /* the writer was behind: not the reader's own time */
	return true;
}

/* ---- the writer: SQLite, one transaction per batch, the counts ---- */

static void count_notes(struct import *im, const struct job *j)
{
	for (int i = 0; i < j->nnotes; i++) {
		const char *line = arena_printf((struct arena *)&j->arena, "%s: %s", j->label, j->notes[i].detail);
		tally(im, im->notes, &im->nnotes, 16, j->notes[i].kind, line);
		if (im->report && line)
			fprintf(im->report, "%s\t%s\n", j->notes[i].kind, line);
	}
}

static void skip(struct import *im, const struct job *j)
{
	tally(im, im->skipped, &im->nskipped, 32, j->skip_reason, j->label);
	if (im->report)
		fprintf(im->report, "skipped\t%s: %s\n", j->label, j->skip_reason);
}

static bool store_failed(struct import *im, enum store_result r, const char *what)
{
	if (r == STORE_OK)
		return false;
	snprintf(im->err, sizeof im->err, "%s: %s", what,
		 r == STORE_BUSY ? "the database stayed locked (is another import or a save running?)"
				 : sqlite3_errmsg(im->db.conn));
	atomic_store(&im->failed, true);
	return true;
}

static bool begin(struct import *im)
{
	if (im->in_tx)
		return true;
	if (store_failed(im, db_begin(&im->db), "cannot start a transaction"))
		return false;
	sqlite3_exec(im->db.conn, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL);
	im->in_tx = true;
	return true;
}

/* Ends the batch: the run's position and every item of it commit together. */
static bool commit(struct import *im)
{
	if (!im->in_tx)
		return true;
	double t = now_s();
	if (store_failed(im, import_run_progress(&im->db, im->run_id, im->index), "cannot save progress") ||
	    store_failed(im, db_commit(&im->db), "cannot commit"))
		return false;
	im->in_tx = false;
	im->t_commit += now_s() - t;
	return true;
}

static bool section_id(struct import *im, const struct section_choice *sc, long long *id)
{
	for (int i = 0; i < im->nsections; i++)
		if (strcmp(im->sections[i].slug, sc->slug) == 0)
			return *id = im->sections[i].id, true;
	bool made;
	if (store_failed(im, import_section(&im->db, sc->slug, sc->name, id, &made), "cannot add a section"))
		return false;
	im->sections_made += made;
	if (made && im->report)
		fprintf(im->report, "section\t%s (%s) made\n", sc->slug, sc->name);
	if (im->nsections < SECTIONS_MAX) {
		im->sections = arena_grow(&im->run, im->sections, im->nsections, &im->sections_cap,
					  sizeof *im->sections);
		if (!im->sections)
			return false;
		im->sections[im->nsections++] = (struct section_seen){ arena_strdup(&im->run, sc->slug), *id };
	}
	return true;
}

static void count_pending(struct import *im, const struct job *j)
{
	const struct import_article *ia = &j->ia;
	for (int i = 0; i < ia->npending; i++) {
		const char *k = ia->pending[i].kind;
		if (strcmp(k, "tag") == 0)
			im->pending_tags++;
		else if (strcmp(k, "author") == 0)
			im->pending_authors++;
		else if (strcmp(k, "image") == 0)
			im->pending_images++;
		else
			im->pending_categories++;
	}
	for (int i = 0; i < j->body.nlinks; i++) {
		const struct body_link *l = &j->body.links[i];
		if (url_problem(l->href, true) == NULL) {  /* a CommonMark link (wp_commonmark.c) */
			im->links++;
			continue;
		}
		im->links_as_text++;
		if (im->report)
			fprintf(im->report, "link\t%s: \"%s\" -> %s (kept as text)\n", j->label,
				l->text, l->href);
	}
}

static bool write_article(struct import *im, struct job *j)
{
	long long article_id;
	bool updated, slug_changed;
	struct import_paths_taken taken;
	if (!section_id(im, &j->sc, &j->ia.section_id) ||
	    store_failed(im, import_article_put(&im->db, &j->arena, &j->ia, &article_id, &updated,
						&slug_changed, &taken), "cannot write an article"))
		return false;
	bool page = strcmp(j->ia.kind, "page") == 0;
	*(page ? (updated ? &im->pages_updated : &im->pages_new)
	       : (updated ? &im->posts_updated : &im->posts_new)) += 1;
	im->paths += j->ia.npaths - taken.n;
	if (taken.n)
		job_note(j, "path", arena_printf(&j->arena, "old address %s%s kept by article %lld",
						 taken.first, taken.n > 1 ? " (and others)" : "",
						 taken.owner));
	if (slug_changed) {
		im->slug_changes++;
		job_note(j, "slug", arena_printf(&j->arena, "slug %s taken in section %s: id appended",
						 j->ia.slug, j->sc.slug));
	}
	count_pending(im, j);
	return true;
}

static bool write_attachment(struct import *im, const struct job *j)
{
	if (store_failed(im, import_attachment_put(&im->db, im->site, j->wp_id, j->guid, j->url, j->alt,
						   j->caption), "cannot write an attachment"))
		return false;
	im->attachments++;
	im->uploads_found += j->upload == 1;
	im->uploads_missing += j->upload == 2;
	return true;
}

static void draw_progress(struct import *im, bool last)
{
	double t = now_s(), elapsed = t - im->t_start;
	if (!last && t - im->last_draw < (im->tty ? 0.1 : 5.0))
		return;
	im->last_draw = t;
	long long done = im->index, total = im->total_estimate > done ? im->total_estimate : done;
	double rate = elapsed > 0 ? (double)(done - im->resume_from) / elapsed : 0;
	double left = rate > 0 ? (double)(total - done) / rate : 0;
	if (im->tty) {
		char bar[31];
		int fill = total ? (int)(30 * done / total) : 30;
		for (int i = 0; i < 30; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[30] = '\0';
		fprintf(stderr, "\r\033[K[%s] %lld/%lld items  %.0f/s  %d:%02d left", bar, done, total,
			rate, (int)left / 60, (int)left % 60);
		if (last)
			fputc('\n', stderr);
	} else {
		fprintf(stderr, "import: %lld of %lld items, %.0f/s, %d:%02d left\n", done, total, rate,
			(int)left / 60, (int)left % 60);
	}
	fflush(stderr);
}

static void write_job(struct import *im, struct job *j)
{
	double t = now_s();
	bool ok = begin(im);
	if (ok && j->kind == JOB_ARTICLE)
		ok = write_article(im, j);
	else if (ok && j->kind == JOB_ATTACHMENT)
		ok = write_attachment(im, j);
	else if (ok)
		skip(im, j);
	if (!ok)
		return;
	count_notes(im, j);
	im->index = j->position;
	double took = now_s() - t;
	im->t_write += took;
	if (took + j->convert_s > im->slowest_item) {
		im->slowest_item = took + j->convert_s;
		im->slowest_id = j->wp_id;
	}
	if (im->index % BATCH == 0)
		commit(im);
	draw_progress(im, false);
}

/* Takes the reader's jobs in order until the end mark; after a failure it only drains them. */
static void *writer_main(void *arg)
{
	struct import *im = arg;
	for (;;) {
		struct job *j = job_queue_pop(&im->queue);
		bool end = j->kind == JOB_END;
		if (!end && !atomic_load(&im->failed))
			write_job(im, j);
		job_free(j);
		if (end)
			return NULL;
	}
}

/* The file's size and a hash of its first and last 64 KiB (a run's key), and how many items it
 * seems to hold (for the progress bar: "<item>" counted, not parsed). */
static bool scan_file(struct import *im, char *key, size_t keylen)
{
	FILE *f = fopen(im->export_path, "rb");
	if (!f) {
		snprintf(im->err, sizeof im->err, "cannot read %s: %s", im->export_path, strerror(errno));
		return false;
	}
	static char chunk[1 << 20];
	unsigned long long h = 1469598103934665603ull;
	size_t carry = 0, n;
	long long size = 0, items = 0;
	while ((n = fread(chunk + carry, 1, sizeof chunk - carry, f)) > 0) {
		size_t len = carry + n;
		for (size_t i = carry; i < len; i++)
			if (size + (long long)(i - carry) < 65536)
				h = (h ^ (unsigned char)chunk[i]) * 1099511628211ull;
		size += (long long)n;
		for (const char *p = chunk; (p = memmem(p, len - (size_t)(p - chunk), "<item>", 6)); p += 6)
			items++;
		carry = len >= 5 ? 5 : len;
		memmove(chunk, chunk + len - carry, carry);
	}
	long tail = size < 65536 ? (long)size : 65536;
	n = tail && fseek(f, -tail, SEEK_END) == 0 ? fread(chunk, 1, (size_t)tail, f) : 0;
	for (size_t i = 0; size > 65536 && i < n; i++)
		h = (h ^ (unsigned char)chunk[i]) * 1099511628211ull;
	bool ok = !ferror(f);
	fclose(f);
	while (n && (chunk[n - 1] == '\n' || chunk[n - 1] == ' ' || chunk[n - 1] == '\r' || chunk[n - 1] == '\t'))
		n--;
	im->ends_with_rss = n >= 6 && memcmp(chunk + n - 6, "</rss>", 6) == 0;
	im->file_size = size;
	im->total_estimate = items;
	snprintf(key, keylen, "%lld:%016llx", size, h);
	if (!ok)
		snprintf(im->err, sizeof im->err, "cannot read %s", im->export_path);
	return ok;
}

static void print_tallies(const char *title, const struct tally *list, int n)
{
	if (!n)
		return;
	printf("%s\n", title);
	for (int i = 0; i < n; i++) {
		printf("  %-12s %lld\n", list[i].kind, list[i].n);
		for (int k = 0; k < EXAMPLES && k < list[i].n; k++)
			if (list[i].examples[k])
				printf("      %s\n", list[i].examples[k]);
	}
}

/* The pictures' phase, timed apart from the posts'. */
static void print_images(const struct wp_media_counts *m)
{
	printf("  images: %lld processed, %lld refused, %.2f s\n", m->processed, m->refused,
	       m->seconds);
	printf("         %lld already in the library, %lld not found, %lld without alt text (remote"
	       " address kept), %lld addresses now the library's\n", m->known, m->missing, m->no_alt,
	       m->switched);
	printf("         finding and hashing %.2f s, processing %.2f s, switching addresses %.2f s\n",
	       m->t_find, m->t_process, m->t_switch);
}

static void print_report(struct import *im, double total)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	long long items = im->index - im->resume_from;
	long long skipped = 0;
	for (int i = 0; i < im->nskipped; i++)
		skipped += im->skipped[i].n;
	printf("Imported %s (WordPress export, site %s)\n", im->export_path, im->site ? im->site : "?");
	if (im->resume_from)
		printf("  resumed after item %lld of a run that stopped\n", im->resume_from);
	printf("  items read     %lld in %.2f s (%.0f a second), peak memory %.1f MB\n", items, total,
	       total > 0 ? (double)items / total : 0, (double)ru.ru_maxrss / 1024.0);
	long long articles = im->posts_new + im->posts_updated + im->pages_new + im->pages_updated;
	printf("  articles       %lld (%.0f a second)\n", articles, total > 0 ? (double)articles / total : 0);
	printf("  posts          %lld new, %lld updated\n", im->posts_new, im->posts_updated);
	printf("  pages          %lld new, %lld updated\n", im->pages_new, im->pages_updated);
	printf("  attachments    %lld (", im->attachments);
	if (im->uploads)
		printf("in --uploads: %lld found, %lld missing)\n", im->uploads_found, im->uploads_missing);
	else
		printf("addresses kept: no --uploads)\n");
	if (im->uploads)
		print_images(&im->media);
	printf("  sections       %lld made\n", im->sections_made);
	printf("  old addresses  %lld (301 to the new ones)\n", im->paths);
	if (im->thumbnails_late)
		printf("  lead images    %lld set from attachments later in the file\n", im->thumbnails_late);
	printf("  skipped        %lld\n", skipped);
	print_tallies("Skipped, by reason:", im->skipped, im->nskipped);
	printf("  topics         %lld from tags, %lld from categories past the first\n",
	       im->pending_tags, im->pending_categories);
	printf("  bylines        %lld (people made from the export's authors as first seen)\n",
	       im->pending_authors);
	printf("  links          %lld kept, %lld as their text only (not http(s) or a site path)\n",
	       im->links, im->links_as_text);
	printf("Body images (kept in import_pending; with --uploads their files go into the media\n"
	       "library and the pages name it):\n");
	printf("  body images %lld\n", im->pending_images);
	print_tallies("Notes, by kind (every one in --report):", im->notes, im->nnotes);
	/* The reader (XML, then bodies) and the writer (statements, commits) run side by side. */
	double read = im->t_read_done - im->t_start - im->t_convert - im->t_wait;
	if (read < 0)
		read = 0;
	printf("Time, reader and writer side by side: reading XML %.2f s, converting bodies %.2f s\n"
	       "  (then waiting for the writer %.2f s); writing %.2f s, committing %.2f s\n", read,
	       im->t_convert, im->t_wait, im->t_write, im->t_commit);
	const char *slowest = read >= im->t_convert && read >= im->t_write && read >= im->t_commit
		? "reading XML" : im->t_convert >= im->t_write && im->t_convert >= im->t_commit
		? "converting bodies" : im->t_write >= im->t_commit ? "writing" : "committing";
	printf("  slowest step: %s; slowest item: %lld (%.1f ms)\n", slowest, im->slowest_id,
	       im->slowest_item * 1000);
}

static bool open_run(struct import *im, const char *key)
{
	long long run_id, done;
	if (store_failed(im, import_run_find(&im->db, key, &run_id, &done), "cannot read past runs"))
		return false;
	if (run_id) {
		im->run_id = run_id;
		im->resume_from = done;
		return true;
	}
	if (!begin(im) ||
	    store_failed(im, import_run_start(&im->db, key, timefmt_now(), &im->run_id),
			 "cannot record the run"))
		return false;
	return commit(im);
}

static bool finish_run(struct import *im)
{
	if (!begin(im) ||
	    store_failed(im, import_resolve_thumbnails(&im->db, im->site ? im->site : "",
						       &im->thumbnails_late), "cannot set lead images") ||
	    store_failed(im, import_run_finish(&im->db, im->run_id, im->index, timefmt_now()),
			 "cannot finish the run"))
		return false;
	if (store_failed(im, db_commit(&im->db), "cannot commit"))
		return false;
	im->in_tx = false;
	return true;
}

static void on_image_note(void *arg, const char *kind, const char *text)
{
	struct import *im = arg;
	tally(im, im->notes, &im->nnotes, 16, kind, text);
	if (im->report)
		fprintf(im->report, "%s\t%s\n", kind, text);
}

/* After the posts, so their speed is their own: the pictures into the library. */
static bool import_images(struct import *im, const char *db_path)
{
	if (!im->uploads)
		return true;
	fprintf(stderr, "import: images from %s, %d at a time\n", im->uploads, WP_MEDIA_JOBS);
	bool ok = wp_media_import(&im->db, db_path, im->site ? im->site : "", im->uploads,
				  on_image_note, im, &im->media, im->err, sizeof im->err);
	fprintf(stderr, "import: images: %lld processed, %lld refused, %.1f s\n", im->media.processed,
		im->media.refused, im->media.seconds);
	return ok;
}

/* An export that has items but no end: what a stopped download or a full disk leaves. */
static bool cut_short(const struct import *im, const struct wxr_error *e)
{
	return !im->ends_with_rss && im->total_estimate > 0 &&
	       strncmp(e->message, "not well-formed", 15) == 0;
}

static int run_import(struct import *im, const char *db_path)
{
	char key[64];
	struct wxr_error xerr;
	if (!db_migrate(db_path, im->err, sizeof im->err) ||
	    !db_open(&im->db, db_path, false, im->err, sizeof im->err))
		return 1;
	/* Statement journals in memory: on disk, the triggers' journals were a million small
	 * writes for 10,000 posts (a third of the time). WAL with synchronous NORMAL stays
	 * consistent through a crash; only the last batches may need doing again. */
	sqlite3_exec(im->db.conn, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32000;"
		     " PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	if (!scan_file(im, key, sizeof key) || !open_run(im, key))
		return 1;
	im->t_start = now_s();
	pthread_t writer;
	job_queue_init(&im->queue);
	if (pthread_create(&writer, NULL, writer_main, im) != 0) {
		job_queue_destroy(&im->queue);
		snprintf(im->err, sizeof im->err, "cannot start the writer thread");
		return 1;
	}
	bool read = wxr_read(im->export_path, on_item, im, &xerr);
	im->t_read_done = now_s();
	struct job *end = job_new(JOB_END, 0);
	if (!end)   /* without its end mark the writer would wait for ever */
		abort();
	job_queue_push(&im->queue, end);
	pthread_join(writer, NULL);
	job_queue_destroy(&im->queue);
	if (im->failed) {
		if (im->in_tx)
			db_rollback(&im->db);
		im->in_tx = false;
		return 1;
	}
	if (stop_requested) {  /* every item read so far was written: they commit */
		commit(im);
		draw_progress(im, true);
		return im->failed ? 1 : 130;
	}
	if (!read) {
		commit(im);  /* what came before the bad input stays, and a fixed file starts afresh */
		snprintf(im->err, sizeof im->err, "%s:%ld:%ld: %s%s", im->export_path, xerr.line,
			 xerr.column, xerr.message, cut_short(im, &xerr) ?
			 " (the file does not end with </rss>: it looks cut short)" : "");
		return 1;
	}
	if (!commit(im) || !finish_run(im))
		return 1;
	draw_progress(im, true);
	double posts_s = now_s() - im->t_start;
	if (!import_images(im, db_path))
		return 1;
	print_report(im, posts_s);
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' }, { "uploads", required_argument, NULL, 'u' },
		{ "section-map", required_argument, NULL, 's' },
		{ "report", required_argument, NULL, 'r' }, { "help", no_argument, NULL, 'h' }, { 0 },
	};
	struct import im = { .tty = isatty(STDERR_FILENO) };
	const char *db = NULL, *map = NULL, *report = NULL;
	int c;
	if (argc < 2 || strcmp(argv[1], "--help") == 0)
		return fputs(usage_import, argc < 2 ? stderr : stdout), argc < 2 ? 2 : 0;
	if (strcmp(argv[1], "wordpress") != 0)
		return fail("unknown source (want wordpress or newsdesk):", argv[1]);
	argc--, argv++;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'u': im.uploads = optarg; break;
		case 's': map = optarg; break;
		case 'r': report = optarg; break;
		case 'h': return fputs(usage_import, stdout), 0;
		case ':': return fail("missing value for", argv[optind - 1]);
		default: return fail("unknown option", argv[optind - 1]);
		}
	}
	if (!db)
		return fail("--db FILE is required", NULL);
	if (optind != argc - 1)
		return fail("exactly one EXPORT.xml is required", NULL);
	im.export_path = argv[optind];
	if (!timefmt_pin_from_env())
		return fail("NEWSDESK_NOW must look like 2010-04-17T08:30:00Z, not", getenv("NEWSDESK_NOW"));
	struct stat st;
	if (im.uploads && (stat(im.uploads, &st) != 0 || !S_ISDIR(st.st_mode)))
		return fail("--uploads is not a directory:", im.uploads);
	section_map_init(&im.map);
	arena_init(&im.run);
	int rc = 1;
	if (map && !section_map_load(&im.map, map, im.err, sizeof im.err))
		goto out;
	if (report && !(im.report = fopen(report, "w"))) {
		snprintf(im.err, sizeof im.err, "cannot write %s: %s", report, strerror(errno));
		goto out;
	}
	signal(SIGINT, on_stop_signal);
	signal(SIGTERM, on_stop_signal);
	rc = run_import(&im, db);
out:
	if (rc == 1)
		fprintf(stderr, "newsdesk import: %s\n", im.err);
	else if (rc == 130)
		fprintf(stderr, "newsdesk import: stopped after item %lld; run the same command again "
			"to go on from there\n", im.index);
	if (im.report)
		fclose(im.report);
	db_close(&im.db);
	arena_free(&im.run);
	free((char *)im.site);
	section_map_free(&im.map);
	return rc;
}
