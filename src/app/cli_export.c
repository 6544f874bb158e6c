/* newsdesk export (JSON Lines, docs/export-format.md), newsdesk import newsdesk (the same back
 * into an empty database) and newsdesk export wordpress (a WXR file, written with libxml2's
 * xmlTextWriter). */
#include "cli_export.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "buf.h"
#include "db.h"
#include "markup.h"
#include "media_files.h"
#include "porting.h"
#include "timefmt.h"
#include "utf8.h"

#define LINE_MAX_BYTES (64 << 20)   /* one record: an article with its blocks */

static const char usage_export[] =
	"usage: newsdesk export --db FILE [--revisions] OUT.jsonl\n"
	"       newsdesk export wordpress --db FILE [--base-url URL] OUT.xml\n"
	"\n"
	"The first writes everything the site shows and keeps (sections, people, topics, articles\n"
	"with their blocks, bylines, topics, related links and promos, corrections, the front\n"
	"page's versions, old addresses, import bookkeeping, and with --revisions every saved\n"
	"revision) as JSON Lines in a versioned format (docs/export-format.md), which\n"
	"newsdesk import newsdesk reads back into an empty database. Editors' accounts are not\n"
	"exported. The second writes a WordPress export (WXR 1.2) of every article (its first byline\n"
	"the author, its topics tags), for WordPress's\n"
	"importer (Tools > Import > WordPress); --base-url is the site's address for the articles'\n"
	"links (default http://localhost). OUT is written beside itself and renamed when complete.\n";

static const char usage_import_newsdesk[] =
	"usage: newsdesk import newsdesk --db FILE IN.jsonl\n"
	"\n"
	"Reads a newsdesk export (newsdesk export) into FILE, which must hold no content yet\n"
	"(newsdesk init --db FILE). All or nothing: one transaction, refused at the first bad line\n"
	"with its number.\n";

static int fail(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "newsdesk %s: %s%s%s\n", cmd, msg, arg ? " " : "", arg ? arg : "");
	return 1;
}

struct options {
	const char *db, *base_url, *out;
	bool revisions;
};

/* --db, --revisions, --base-url, --help and one path; -1 to go on, else an exit status. */
static int parse(const char *cmd, const char *usage, int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' }, { "revisions", no_argument, NULL, 'r' },
		{ "base-url", required_argument, NULL, 'b' }, { "help", no_argument, NULL, 'h' }, { 0 },
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'r': o->revisions = true; break;
		case 'b': o->base_url = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		case ':': return fail(cmd, "missing value for", argv[optind - 1]) + 1;
		default: return fail(cmd, "unknown option", argv[optind - 1]) + 1;
		}
	}
	if (!o->db)
		return fail(cmd, "--db FILE is required", NULL) + 1;
	if (optind != argc - 1)
		return fail(cmd, "exactly one output or input file is required", NULL) + 1;
	o->out = argv[optind];
	return -1;
}

static bool open_db(const char *cmd, const char *path, struct db *db)
{
	char err[600];
	if (db_migrate(path, err, sizeof err) && db_open(db, path, false, err, sizeof err))
		return true;
	fail(cmd, err, NULL);
	return false;
}

struct jsonl {
	FILE *f;
	long long records;
};

static bool write_line(void *arg, const char *json)
{
	struct jsonl *j = arg;
	j->records++;
	return fputs(json, j->f) >= 0 && fputc('\n', j->f) != EOF;
}

/* A new path + ".part" (never an existing file or a symlink's target: a stale one is named in
 * the error), written then synced and renamed over path once complete; -1 on failure. */
static int open_part_fd(const char *cmd, const char *path, char *part, size_t n)
{
	snprintf(part, n, "%s.part", path);
	int fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		fail(cmd, strerror(errno), part);
	return fd;
}

static FILE *open_part(const char *cmd, const char *path, char *part, size_t n)
{
	int fd = open_part_fd(cmd, path, part, n);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (fd >= 0 && !f) {
		close(fd);
		unlink(part);
	}
	return f;
}

static int finish_part(const char *cmd, FILE *f, bool ok, const char *part, const char *path)
{
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0 && ok;
	ok = fclose(f) == 0 && ok;
	if (ok && rename(part, path) == 0)
		return 0;
	unlink(part);
	return fail(cmd, "could not write", path);
}

static int export_jsonl(const struct options *o)
{
	struct db db;
	char part[4096];
	if (!open_db("export", o->db, &db))
		return 1;
	FILE *f = open_part("export", o->out, part, sizeof part);
	if (!f) {
		db_close(&db);
		return 1;
	}
	struct jsonl j = { f, 0 };
	fprintf(f, "{\"format\":\"newsdesk-export\",\"version\":%d,\"schema\":%d,\"exported_at\":%lld,"
		"\"revisions\":%s}\n", EXPORT_FORMAT_VERSION, db_schema_version(),
		(long long)timefmt_now(), o->revisions ? "true" : "false");
	enum store_result r = porting_export(&db, o->revisions, write_line, &j);
	fprintf(f, "{\"type\":\"end\",\"records\":%lld}\n", j.records);
	if (r != STORE_OK)
		fprintf(stderr, "newsdesk export: %s\n", sqlite3_errmsg(db.conn));
	db_close(&db);
	int rc = finish_part("export", f, r == STORE_OK && !ferror(f), part, o->out);
	if (rc == 0)
		printf("exported %lld records to %s\n", j.records, o->out);
	return rc;
}

/* The header line: this format, a version this newsdesk reads. */
static bool header_ok(struct db *db, const char *line)
{
	static const char q[] =
		"SELECT json_valid(?1) AND ?1 ->> '$.format' = 'newsdesk-export'"
		" AND ?1 ->> '$.version' BETWEEN 1 AND ?2";
	sqlite3_stmt *s = db_prepare(db, q);
	long long ok = 0;
	return s && db_bind_text(s, 1, line) && db_bind_int(s, 2, EXPORT_FORMAT_VERSION) &&
	       db_integer(s, &ok) == STORE_OK && ok;
}

struct reader {
	const char *path;
	FILE *f;
	char *line;
	size_t cap;
	long long number;
	char err[700];
};

/* The next line without its newline; NULL at the end or on a bad line (err set). */
static const char *next_line(struct reader *rd)
{
	ssize_t n = getline(&rd->line, &rd->cap, rd->f);
	if (n < 0)
		return NULL;
	rd->number++;
	if (n > 0 && rd->line[n - 1] == '\n')
		rd->line[--n] = '\0';
	if (n > LINE_MAX_BYTES || !utf8_text(rd->line, (size_t)n) || strlen(rd->line) != (size_t)n) {
		snprintf(rd->err, sizeof rd->err, "%s:%lld: not a line of UTF-8 text within 64 MB",
			 rd->path, rd->number);
		return NULL;
	}
	return rd->line;
}

/* Every record after the header, until the end record; false with rd->err set. */
static bool read_records(struct db *db, struct reader *rd, long long *records)
{
	const char *line;
	*records = 0;
	while ((line = next_line(rd))) {
		struct arena a;
		const char *type;
		bool known;
		arena_init(&a);
		enum store_result r = porting_import_line(db, line, &type, &a, &known);
		bool end = r == STORE_OK && type && strcmp(type, "end") == 0;
		if (r != STORE_OK)
			snprintf(rd->err, sizeof rd->err, "%s:%lld: %s record refused: %s", rd->path,
				 rd->number, type ? type : "a", sqlite3_errmsg(db->conn));
		else if (!type)
			snprintf(rd->err, sizeof rd->err, "%s:%lld: not a JSON object with a type",
				 rd->path, rd->number);
		else if (!known && !end)
			snprintf(rd->err, sizeof rd->err, "%s:%lld: unknown record type '%.40s' (this "
				 "newsdesk reads format version %d)", rd->path, rd->number, type,
				 EXPORT_FORMAT_VERSION);
		arena_free(&a);
		if (*rd->err)
			return false;
		if (end)
			return true;
		++*records;
	}
	if (!*rd->err)
		snprintf(rd->err, sizeof rd->err, "%s:%lld: the file ends before its end record: it "
			 "looks cut short", rd->path, rd->number);
	return false;
}

static bool import_all(struct db *db, struct reader *rd, long long *records)
{
	bool empty;
	const char *header;
	if (porting_empty(db, &empty) != STORE_OK || !empty) {
		snprintf(rd->err, sizeof rd->err, "the database already holds content: import into a "
			 "new one (newsdesk init --db FILE)");
		return false;
	}
	if (!(header = next_line(rd)) || !header_ok(db, header)) {
		if (!*rd->err)
			snprintf(rd->err, sizeof rd->err, "%s:1: not a newsdesk export of format version "
				 "1 to %d", rd->path, EXPORT_FORMAT_VERSION);
		return false;
	}
	if (db_begin(db) != STORE_OK) {
		snprintf(rd->err, sizeof rd->err, "cannot start a transaction: %s", sqlite3_errmsg(db->conn));
		return false;
	}
	sqlite3_exec(db->conn, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL);
	if (!read_records(db, rd, records) || porting_import_finish(db) != STORE_OK ||
	    db_commit(db) != STORE_OK) {
		if (!*rd->err)
			snprintf(rd->err, sizeof rd->err, "%s: refused at the end: %s", rd->path,
				 sqlite3_errmsg(db->conn));
		db_rollback(db);
		return false;
	}
	return true;
}

int cmd_import_newsdesk(int argc, char **argv)
{
	struct options o = { 0 };
	int rc = parse("import newsdesk", usage_import_newsdesk, argc, argv, &o);
	if (rc >= 0)
		return rc;
	struct reader rd = { .path = o.out };
	struct db db;
	long long records = 0;
	if (!(rd.f = fopen(o.out, "r")))
		return fail("import newsdesk", strerror(errno), o.out);
	if (!open_db("import newsdesk", o.db, &db)) {
		fclose(rd.f);
		return 1;
	}
	sqlite3_exec(db.conn, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	bool ok = import_all(&db, &rd, &records);
	if (ok)
		media_files_check(&db, o.db);
	db_close(&db);
	fclose(rd.f);
	free(rd.line);
	if (!ok)
		return fail("import newsdesk", rd.err, NULL);
	printf("imported %lld records from %s\n", records, o.out);
	return 0;
}

/* ---- WordPress ---- */

struct wxr_out {
	xmlTextWriterPtr w;
	const char *base;
	time_t now;
	bool ok;
	struct buf html;
	struct arena arena;   /* one item's rendered paragraphs, freed after it */
};

static void el(struct wxr_out *x, const char *name, const char *text)
{
	if (x->ok && xmlTextWriterWriteElement(x->w, (const xmlChar *)name, (const xmlChar *)text) < 0)
		x->ok = false;
}

static void start(struct wxr_out *x, const char *name)
{
	if (x->ok && xmlTextWriterStartElement(x->w, (const xmlChar *)name) < 0)
		x->ok = false;
}

static void end(struct wxr_out *x)
{
	if (x->ok && xmlTextWriterEndElement(x->w) < 0)
		x->ok = false;
}

static void attr(struct wxr_out *x, const char *name, const char *value)
{
	if (x->ok && xmlTextWriterWriteAttribute(x->w, (const xmlChar *)name, (const xmlChar *)value) < 0)
		x->ok = false;
}

static void escape_html(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_append(b, s, 1);
		}
	}
}

/* open, the text escaped, close. */
static void tagged(struct buf *b, const char *open, const char *text, const char *close)
{
	buf_puts(b, open);
	escape_html(b, text);
	buf_puts(b, close);
}

/* An article's body as the HTML WordPress keeps: the lead image, the intro, then the blocks. */
static const char *body_html(struct wxr_out *x, const struct wp_article *art)
{
	struct buf *b = &x->html;
	buf_reset(b);
	if (*art->image_url) {
		buf_puts(b, "<figure><img src=\"");
		escape_html(b, art->image_url);
		buf_puts(b, "\" alt=\"");
		escape_html(b, art->image_alt);
		tagged(b, "\" /><figcaption>", art->image_caption, "</figcaption></figure>\n");
	}
	if (*art->intro)
		tagged(b, "<p><strong>", art->intro, "</strong></p>\n");
	for (int i = 0; i < art->nblocks; i++) {
		const struct block *blk = &art->blocks[i];
		if (blk->kind == BLOCK_MEDIA) {
			buf_puts(b, "<figure><video controls src=\"");
			escape_html(b, blk->media_url);
			buf_puts(b, "\"></video><figcaption>");
			escape_html(b, blk->text);
			buf_puts(b, "</figcaption></figure>\n");
		} else if (blk->kind == BLOCK_BOX) {
			tagged(b, "<blockquote>\n<p><strong>", blk->name, "</strong></p>\n");
			tagged(b, "<p>", blk->byline, "</p>\n");
			tagged(b, "<p>", blk->text, "</p>\n</blockquote>\n");
		} else if (markup_wanted(blk->text, strlen(blk->text))) {
			/* CommonMark: its links, emphasis and lists as the page shows them. */
			const char *html = markup_html(&x->arena, blk->text, strlen(blk->text));
			if (!html)
				return NULL;
			buf_puts(b, html);
		} else {
			tagged(b, "<p>", blk->text, "</p>\n");
		}
	}
	return b->failed ? NULL : b->data ? b->data : "";
}

static const char *wp_date(char *out, size_t n, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t <= 0 || !gmtime_r(&tt, &tm) || !strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(out, n, "0000-00-00 00:00:00");
	return out;
}

static bool write_item(void *arg, const struct wp_article *art)
{
	struct wxr_out *x = arg;
	char link[1200], id[32], pub[40], mod[40], rfc[64];
	time_t t = (time_t)art->published_at;
	struct tm tm;
	const char *html = body_html(x, art);
	const char *status = strcmp(art->status, "published") != 0 ? "draft"
			     : art->published_at > x->now ? "future" : "publish";
	snprintf(link, sizeof link, "%s/news/%s/%s", x->base, art->section_slug, art->slug);
	snprintf(id, sizeof id, "%lld", art->id);
	if (!html || !gmtime_r(&t, &tm) || !strftime(rfc, sizeof rfc, "%a, %d %b %Y %H:%M:%S +0000", &tm))
		return false;
	/* WordPress keeps titles and excerpts as HTML, as it keeps bodies. */
	struct buf title, excerpt;
	buf_init(&title);
	buf_init(&excerpt);
	escape_html(&title, art->headline);
	escape_html(&excerpt, art->intro);
	start(x, "item");
	el(x, "title", title.data ? title.data : "");
	el(x, "link", link);
	el(x, "pubDate", rfc);
	/* WordPress has one author a post: the first byline (the others as Co-Authors Plus terms,
	 * below). Without one it is empty, which WordPress's importer gives to the user importing
	 * and newsdesk's to no one. */
	el(x, "dc:creator", art->nbylines ? art->bylines[0].slug : "");
	start(x, "guid");
	attr(x, "isPermaLink", "false");
	if (x->ok && xmlTextWriterWriteString(x->w, (const xmlChar *)link) < 0)
		x->ok = false;
	end(x);
	el(x, "description", "");
	el(x, "content:encoded", html);
	el(x, "excerpt:encoded", excerpt.data ? excerpt.data : "");
	x->ok = x->ok && !title.failed && !excerpt.failed;
	buf_free(&title);
	buf_free(&excerpt);
	el(x, "wp:post_id", id);
	el(x, "wp:post_date", wp_date(pub, sizeof pub, art->published_at));
	el(x, "wp:post_date_gmt", pub);
	el(x, "wp:post_modified", wp_date(mod, sizeof mod, art->updated_at));
	el(x, "wp:post_modified_gmt", mod);
	el(x, "wp:comment_status", "closed");
	el(x, "wp:ping_status", "closed");
	el(x, "wp:post_name", art->slug);
	el(x, "wp:status", status);
	el(x, "wp:post_parent", "0");
	el(x, "wp:menu_order", "0");
	el(x, "wp:post_type", "post");
	el(x, "wp:post_password", "");
	el(x, "wp:is_sticky", "0");
	start(x, "category");
	attr(x, "domain", "category");
	attr(x, "nicename", art->section_slug);
	if (x->ok && xmlTextWriterWriteString(x->w, (const xmlChar *)art->section_name) < 0)
		x->ok = false;
	end(x);
	for (int i = 1; i < art->nbylines; i++) {  /* as Co-Authors Plus writes further authors */
		char nicename[128];
		snprintf(nicename, sizeof nicename, "cap-%s", art->bylines[i].slug);
		start(x, "category");
		attr(x, "domain", "author");
		attr(x, "nicename", nicename);
		if (x->ok && xmlTextWriterWriteString(x->w, (const xmlChar *)art->bylines[i].slug) < 0)
			x->ok = false;
		end(x);
	}
	for (int i = 0; i < art->ntopics; i++) {
		start(x, "category");
		attr(x, "domain", "post_tag");
		attr(x, "nicename", art->topics[i].slug);
		if (x->ok && xmlTextWriterWriteString(x->w, (const xmlChar *)art->topics[i].name) < 0)
			x->ok = false;
		end(x);
	}
	end(x);
	arena_free(&x->arena);
	arena_init(&x->arena);
	return x->ok;
}

static void write_author(struct wxr_out *x, int id, const char *login, const char *name)
{
	char sid[32];
	snprintf(sid, sizeof sid, "%d", id);
	start(x, "wp:author");
	el(x, "wp:author_id", sid);
	el(x, "wp:author_login", login);
	el(x, "wp:author_email", "");
	el(x, "wp:author_display_name", name);
	el(x, "wp:author_first_name", "");
	el(x, "wp:author_last_name", "");
	end(x);
}

/* The channel: every person as an author (their slug the login), then every section. */
static void write_channel_head(struct wxr_out *x, const struct section *secs, int n,
			       const struct wp_term *people, int npeople)
{
	start(x, "rss");
	attr(x, "version", "2.0");
	attr(x, "xmlns:excerpt", "http://wordpress.org/export/1.2/excerpt/");
	attr(x, "xmlns:content", "http://purl.org/rss/1.0/modules/content/");
	attr(x, "xmlns:wfw", "http://wellformedweb.org/CommentAPI/");
	attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	attr(x, "xmlns:wp", "http://wordpress.org/export/1.2/");
	start(x, "channel");
	el(x, "title", "newsdesk export");
	el(x, "link", x->base);
	el(x, "description", "");
	el(x, "wp:wxr_version", "1.2");
	el(x, "wp:base_site_url", x->base);
	el(x, "wp:base_blog_url", x->base);
	write_author(x, 1, "newsdesk", "newsdesk");
	for (int i = 0; i < npeople; i++)
		write_author(x, i + 2, people[i].slug, people[i].name);
	for (int i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "%lld", secs[i].id);
		start(x, "wp:category");
		el(x, "wp:term_id", id);
		el(x, "wp:category_nicename", secs[i].slug);
		el(x, "wp:category_parent", "");
		el(x, "wp:cat_name", secs[i].name);
		end(x);
	}
}

static int export_wordpress(const struct options *o)
{
	struct db db;
	struct arena a;
	struct section *secs;
	struct wp_term *people;
	int nsecs, npeople;
	char part[4096];
	struct wxr_out x = { .base = o->base_url ? o->base_url : "http://localhost",
			     .now = timefmt_now(), .ok = true };
	if (!open_db("export wordpress", o->db, &db))
		return 1;
	snprintf(part, sizeof part, "%s.part", o->out);
	arena_init(&a);
	arena_init(&x.arena);
	buf_init(&x.html);
	int fd = open_part_fd("export wordpress", o->out, part, sizeof part);
	if (fd < 0) {
		db_close(&db);
		return 1;
	}
	xmlOutputBufferPtr out = xmlOutputBufferCreateFd(fd, NULL);  /* leaves fd open */
	enum store_result r = STORE_ERROR;
	if (out && (r = porting_sections(&db, &a, &secs, &nsecs)) == STORE_OK &&
	    (r = porting_people(&db, &a, &people, &npeople)) == STORE_OK &&
	    (x.w = xmlNewTextWriter(out))) {
		out = NULL;  /* the writer's now */
		xmlTextWriterSetIndent(x.w, 1);
		x.ok = xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL) >= 0;
		write_channel_head(&x, secs, nsecs, people, npeople);
		if (x.ok)
			r = porting_each_article(&db, write_item, &x);
		x.ok = x.ok && r == STORE_OK && xmlTextWriterEndDocument(x.w) >= 0 &&
		       xmlTextWriterFlush(x.w) >= 0;
		xmlFreeTextWriter(x.w);
	} else {
		x.ok = false;
	}
	if (out)
		xmlOutputBufferClose(out);
	x.ok = x.ok && fsync(fd) == 0;
	x.ok = close(fd) == 0 && x.ok;
	buf_free(&x.html);
	arena_free(&x.arena);
	arena_free(&a);
	db_close(&db);
	if (x.ok && rename(part, o->out) == 0) {
		printf("wrote %s\n", o->out);
		return 0;
	}
	unlink(part);
	return fail("export wordpress", "could not write", o->out);
}

int cmd_export(int argc, char **argv)
{
	struct options o = { 0 };
	bool wordpress = argc > 1 && strcmp(argv[1], "wordpress") == 0;
	if (!timefmt_pin_from_env())
		return fail("export", "NEWSDESK_NOW must look like 2010-04-17T08:30:00Z", NULL);
	int rc = parse(wordpress ? "export wordpress" : "export", usage_export,
		       argc - wordpress, argv + wordpress, &o);
	if (rc >= 0)
		return rc;
	return wordpress ? export_wordpress(&o) : export_jsonl(&o);
}
