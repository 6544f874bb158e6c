/* Unit tests for the store (db.c, model.c, editor.c, users.c) on real demo databases in a
 * temporary directory, two-connection saves and concurrent writers included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "db.h"
#include "editor.h"
#include "model.h"
#include "sessions.h"
#include "users.h"

#define NOW ((time_t)1271500000)   /* 2010-04-17: after every demo article's publish time */
#define SEED_ID 1
#define SEED_SECTION "asia-pacific"
#define SEED_SLUG "kurmanbek-bakiyev-flies-to-kazakhstan"
#define SEED_HEADLINE "Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan"
#define SEED_BLOCKS 21
#define BALLET_ID 4
#define BALLET_PATH "europe/why-royal-ballet-principal-sergei-polunin-quit"
#define DEMO_ARTICLES 27

/* One demo database per test, a read-write connection on it, and an editor to save as. */
struct fixture {
	char dir[32];
	char path[64];
	struct db db;
	struct db sessions;   /* the sessions file beside it */
	struct arena a;
	long long editor;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char err[512];
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/test_store.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/news.db", f->dir);
	if (!db_create(f->path, true, false, err, sizeof err) || !db_open(&f->db, f->path, false, err, sizeof err) ||
	    !sessions_prepare(f->path, err, sizeof err) || !sessions_open(&f->sessions, f->path, err, sizeof err))
		fail_msg("%s", err);
	arena_init(&f->a);
	struct user u;
	assert_int_equal(user_add(&f->db, "desk", "editor", "$argon2id$stand-in", NOW), STORE_OK);
	assert_int_equal(user_by_name(&f->db, &f->a, "desk", &u), STORE_OK);
	f->editor = u.id;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(&f->a);
	db_close(&f->sessions);
	db_close(&f->db);
	DIR *d = opendir(f->dir);   /* the database and whatever -wal, -shm it left */
	for (struct dirent *e; d && (e = readdir(d));) {
		char file[384];
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			snprintf(file, sizeof file, "%s/%s", f->dir, e->d_name);
			unlink(file);
		}
	}
	if (d)
		closedir(d);
	int gone = rmdir(f->dir);
	free(f);
	return gone;
}

static void open_second(struct fixture *f, struct db *db)
{
	char err[512];
	if (!db_open(db, f->path, false, err, sizeof err))
		fail_msg("%s", err);
}

/* A number read straight from the database, past the store. */
static long long query_int(struct db *db, const char *sql)
{
	sqlite3_stmt *s;
	long long v = -1;
	assert_int_equal(sqlite3_prepare_v2(db->conn, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static long long revision_count(struct db *db, struct arena *a, long long id)
{
	struct revision_row *revs;
	int n;
	assert_int_equal(editor_revisions(db, a, id, &revs, &n), STORE_OK);
	return n;
}

/* Loads an article, gives it a new headline and saves it on the revision it loaded. */
static enum store_result save_headline(struct db *db, struct arena *a, long long id,
				       const char *headline, long long editor, time_t now)
{
	struct edit_article e;
	enum store_result r = editor_load(db, a, id, &e);
	if (r != STORE_OK)
		return r;
	e.a.s.headline = headline;
	return editor_save(db, &e, e.revision_id, editor, now, "saved");
}

static const char *headline_of(struct db *db, struct arena *a, long long id)
{
	struct edit_article e;
	assert_int_equal(editor_load(db, a, id, &e), STORE_OK);
	return e.a.s.headline;
}

static struct edit_article draft(const char *section, const char *slug)
{
	struct edit_article e;
	memset(&e, 0, sizeof e);
	e.section_slug = section;
	e.status = "draft";
	e.a.s.slug = slug;
	e.a.s.headline = "A new story";
	e.a.s.intro = "Its intro.";
	e.a.s.updated_at = NOW;
	return e;
}

/* --- model ------------------------------------------------------------------------------- */

static void test_model_sections_in_order(void **state)
{
	struct fixture *f = *state;
	const char *want[] = { "americas", "africa", "europe", "middle-east", "south-asia", "asia-pacific" };
	struct section *secs;
	int n;
	assert_int_equal(model_sections(&f->db, &f->a, &secs, &n), STORE_OK);
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++) {
		assert_string_equal(secs[i].slug, want[i]);
		assert_int_equal(secs[i].id, i + 1);
	}
	assert_string_equal(secs[5].name, "Asia Pacific");
}

static void test_model_section_found_or_not(void **state)
{
	struct fixture *f = *state;
	struct section sec;
	assert_int_equal(model_section(&f->db, &f->a, "europe", &sec), STORE_OK);
	assert_int_equal(sec.id, 3);
	assert_string_equal(sec.name, "Europe");
	assert_int_equal(model_section(&f->db, &f->a, "oceania", &sec), STORE_NOT_FOUND);
}

static void test_model_article_seed(void **state)
{
	struct fixture *f = *state;
	struct article art;
	assert_int_equal(model_article(&f->db, &f->a, SEED_SECTION, SEED_SLUG, NOW, &art), STORE_OK);
	assert_int_equal(art.s.id, SEED_ID);
	assert_string_equal(art.s.headline, SEED_HEADLINE);
	assert_string_equal(art.s.section_name, "Asia Pacific");
	assert_string_equal(art.sponsor, "Sponsor");
	assert_int_equal(art.s.published_at, 1271346660);
	assert_int_equal(art.nblocks, SEED_BLOCKS);
	assert_int_equal(art.blocks[0].kind, BLOCK_PARAGRAPH);
	assert_int_equal(art.blocks[5].kind, BLOCK_BOX);
	assert_string_equal(art.blocks[5].name, "Rayhan Demytrie");
	assert_int_equal(art.blocks[15].kind, BLOCK_MEDIA);
	assert_string_equal(art.blocks[15].media_url, "/static/media/osh-rally.webm");
	assert_int_equal(art.nlinks, 5);
	assert_string_equal(art.links[1].source, "Financial Times");
	assert_true(art.links[1].needs_registration);
	assert_false(art.links[0].needs_registration);
	assert_int_equal(art.npromos, 3);   /* its own list: 2, 3, 4 */
	assert_int_equal(art.promos[0].id, 2);
	assert_int_equal(art.promos[1].id, 3);
	assert_int_equal(art.promos[2].id, 4);
}

static void test_model_article_not_found(void **state)
{
	struct fixture *f = *state;
	struct article art;
	assert_int_equal(model_article(&f->db, &f->a, SEED_SECTION, "no-such-story", NOW, &art),
			 STORE_NOT_FOUND);
	assert_int_equal(model_article(&f->db, &f->a, "europe", SEED_SLUG, NOW, &art), STORE_NOT_FOUND);
	/* a draft, and a published article before its time, are not there for readers */
	assert_int_equal(model_article(&f->db, &f->a, "europe",
				       "ash-cloud-what-stranded-travellers-need-to-know", NOW, &art),
			 STORE_NOT_FOUND);
	assert_int_equal(model_article(&f->db, &f->a, SEED_SECTION, SEED_SLUG, 1271346659, &art),
			 STORE_NOT_FOUND);
	assert_true(db_idle(&f->db));
}

static void test_model_section_stories_pages(void **state)
{
	struct fixture *f = *state;
	long long want[] = { 1, 5, 2, 3, 6 };   /* asia-pacific, newest first */
	struct summary *list;
	long long total;
	int n;
	for (int offset = 0; offset < 5; offset += 2) {
		assert_int_equal(model_section_stories(&f->db, &f->a, 6, NOW, 2, offset, &list, &n, &total),
				 STORE_OK);
		assert_int_equal(total, 5);
		assert_int_equal(n, offset == 4 ? 1 : 2);
		for (int i = 0; i < n; i++)
			assert_int_equal(list[i].id, want[offset + i]);
	}
	assert_int_equal(model_section_stories(&f->db, &f->a, 6, NOW, 2, 6, &list, &n, &total), STORE_OK);
	assert_int_equal(n, 0);
	/* europe: the draft is not counted */
	assert_int_equal(model_section_stories(&f->db, &f->a, 3, NOW, 10, 0, &list, &n, &total), STORE_OK);
	assert_int_equal(total, 4);
	assert_int_equal(n, 4);
}

/* The ids of a section's visible stories from offset on, by a plain LIMIT/OFFSET query. */
static int plain_page(struct fixture *f, long long section, int limit, int offset, long long *out)
{
	sqlite3_stmt *s;
	int n = 0;
	assert_int_equal(sqlite3_prepare_v2(f->db.conn, "SELECT id FROM articles WHERE section_id = ?1"
		" AND status = 'published' AND published_at <= ?2 ORDER BY published_at DESC, id DESC"
		" LIMIT ?3 OFFSET ?4", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, section);
	sqlite3_bind_int64(s, 2, NOW);
	sqlite3_bind_int(s, 3, limit);
	sqlite3_bind_int(s, 4, offset);
	while (sqlite3_step(s) == SQLITE_ROW)
		out[n++] = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* Every page of a section whose stories span 1969 to after now, many in one second, some in
 * every kind of span, scheduled ones among them: the spans' positions equal plain offsets. */
static void test_model_section_stories_any_time(void **state)
{
	struct fixture *f = *state;
	struct summary *list;
	long long total, want[7];
	int n;
	assert_int_equal(sqlite3_exec(f->db.conn,
		"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 400)"
		" INSERT INTO articles (section_id, slug, headline, intro, status, published_at, updated_at)"
		" SELECT 3, 'spread-' || i, 'Spread ' || i, 'Intro.', CASE WHEN i % 13 = 0 THEN 'draft'"
		" ELSE 'published' END, CASE WHEN i <= 50 THEN 1271400000 WHEN i % 9 = 0 THEN 1271500000 + i * 977"
		" ELSE 1271500000 - i * i * 4111 END, 1271400000 FROM k;"
		"UPDATE articles SET published_at = -published_at WHERE slug GLOB 'spread-3?';",
		NULL, NULL, NULL), SQLITE_OK);
	int plain_total = 0;
	for (int offset = 0;; offset += 7) {
		assert_int_equal(model_section_stories(&f->db, &f->a, 3, NOW, 7, offset, &list, &n, &total),
				 STORE_OK);
		int m = plain_page(f, 3, 7, offset, want);
		if (offset == 0) {
			sqlite3_stmt *s;
			assert_int_equal(sqlite3_prepare_v2(f->db.conn, "SELECT count(*) FROM articles"
				" WHERE section_id = 3 AND status = 'published' AND published_at <= ?1", -1, &s,
				NULL), SQLITE_OK);
			sqlite3_bind_int64(s, 1, NOW);
			assert_int_equal(sqlite3_step(s), SQLITE_ROW);
			plain_total = sqlite3_column_int(s, 0);
			sqlite3_finalize(s);
			assert_true(plain_total > 300);
		}
		assert_int_equal(total, plain_total);
		assert_int_equal(n, m);
		for (int i = 0; i < n; i++)
			if (list[i].id != want[i])
				fail_msg("offset %d, row %d: id %lld, plain query %lld", offset, i, list[i].id, want[i]);
		if (n == 0)
			break;
	}
}

/* Article ids stop where the sitemap index and the search keys end: an id past them is refused,
 * whether given or assigned by SQLite, never filed under another article's key or left out. */
static void test_article_ids_fit_search_keys(void **state)
{
	struct fixture *f = *state;
	static const char *const refused[] = {
		"INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at,"
		" updated_at) VALUES (12499750, 1, 'too-far', 'Too far', 'x', 'published', 1, 1)",
		"UPDATE articles SET id = 16777217 WHERE id = 1",
		/* the next id SQLite assigns after the last one allowed */
		"INSERT INTO articles (section_id, slug, headline, intro, status, published_at,"
		" updated_at) VALUES (1, 'assigned', 'Assigned', 'x', 'published', 1, 1)",
	};
	assert_int_equal(sqlite3_exec(f->db.conn,
		"INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at,"
		" updated_at) VALUES (12499749, 1, 'last-one', 'Last one', 'x', 'published', 1, 1)",
		NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(query_int(&f->db, "SELECT count(*) FROM search WHERE rowid = 16777216 + 12499749"), 1);
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char *msg = NULL;
		assert_int_not_equal(sqlite3_exec(f->db.conn, refused[i], NULL, NULL, &msg), SQLITE_OK);
		assert_non_null(msg);
		assert_non_null(strstr(msg, "article ids stop at 12499749"));
		sqlite3_free(msg);
	}
	assert_int_equal(query_int(&f->db, "SELECT count(*) FROM articles WHERE id >= 12499750"), 0);
}

static void test_model_latest_newest_first(void **state)
{
	struct fixture *f = *state;
	long long want[] = { 23, 1, 26, 8 };
	struct summary *list;
	int n;
	assert_int_equal(model_latest(&f->db, &f->a, NOW, 4, &list, &n), STORE_OK);
	assert_int_equal(n, 4);
	for (int i = 0; i < n; i++)
		assert_int_equal(list[i].id, want[i]);
	assert_int_equal(model_latest(&f->db, &f->a, NOW, 100, &list, &n), STORE_OK);
	assert_int_equal(n, 25);   /* every published article, no draft, no unpublished */
}

static void test_model_search_finds_seed(void **state)
{
	struct fixture *f = *state;
	struct search_hit *hits;
	long long total;
	int n;
	assert_int_equal(model_search(&f->db, &f->a, "\"bakiyev\"", NOW, 10, 0, &hits, &n, &total),
			 STORE_OK);
	assert_true(total > 0);
	assert_int_equal(n, total);
	assert_int_equal(hits[0].s.id, SEED_ID);
	assert_non_null(strstr(hits[0].snippet, SNIPPET_OPEN "Bakiyev" SNIPPET_CLOSE));
	assert_int_equal(model_search(&f->db, &f->a, "\"zzyzx\"", NOW, 10, 0, &hits, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
}

static void test_model_redirect_not_found(void **state)
{
	struct fixture *f = *state;
	const char *section = NULL, *slug = NULL;
	assert_int_equal(model_redirect(&f->db, &f->a, SEED_SECTION, "old-slug", NOW, &section, &slug),
			 STORE_NOT_FOUND);
	assert_null(section);
	assert_null(slug);
}

static void test_model_site_times(void **state)
{
	struct fixture *f = *state;
	time_t next, changed;
	assert_int_equal(model_site_times(&f->db, NOW, &next, &changed), STORE_OK);
	assert_int_equal(next, 0);      /* nothing scheduled after NOW */
	assert_int_equal(changed, 0);   /* the demo is the site as first made */
	assert_int_equal(model_site_times(&f->db, 1271300000, &next, &changed), STORE_OK);
	assert_int_equal(next, 1271318400);   /* the ash-cloud story, article 8 */
}

static void test_model_schema_version(void **state)
{
	struct fixture *f = *state;
	long long v;
	assert_int_equal(model_schema_version(&f->db, &v), STORE_OK);
	assert_int_equal(v, db_schema_version());
	assert_true(v > 0);
}

/* --- editor ------------------------------------------------------------------------------ */

static void test_editor_save_and_reload(void **state)
{
	struct fixture *f = *state;
	struct edit_article e, back;
	struct revision_row *revs;
	int n;
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &e), STORE_OK);
	assert_string_equal(e.a.s.headline, SEED_HEADLINE);
	assert_string_equal(e.section_slug, SEED_SECTION);
	assert_string_equal(e.status, "published");
	assert_int_equal(e.revision_id, 0);   /* the demo has no revisions yet */
	assert_int_equal(e.a.nblocks, SEED_BLOCKS);
	assert_int_equal(e.npromos, 3);
	e.a.s.headline = "Bakiyev lands in Kazakhstan";
	assert_int_equal(editor_save(&f->db, &e, e.revision_id, f->editor, NOW, "saved"), STORE_OK);
	assert_true(e.revision_id > 0);
	assert_true(db_idle(&f->db));
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &back), STORE_OK);
	assert_string_equal(back.a.s.headline, "Bakiyev lands in Kazakhstan");
	assert_int_equal(back.revision_id, e.revision_id);
	assert_int_equal(back.a.nblocks, SEED_BLOCKS);
	assert_int_equal(back.a.nlinks, 5);
	assert_int_equal(back.npromos, 3);
	assert_string_equal(back.promos[2], BALLET_PATH);
	/* the article as it was before revisions is kept first, then the save */
	assert_int_equal(editor_revisions(&f->db, &f->a, SEED_ID, &revs, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(revs[0].id, e.revision_id);
	assert_string_equal(revs[0].action, "saved");
	assert_string_equal(revs[0].editor, "desk");
	assert_int_equal(revs[0].created_at, NOW);
	assert_string_equal(revs[1].action, "original");
	assert_string_equal(revs[1].editor, "-");
}

static void test_editor_load_missing(void **state)
{
	struct fixture *f = *state;
	struct edit_article e;
	assert_int_equal(editor_load(&f->db, &f->a, 999, &e), STORE_NOT_FOUND);
	assert_true(db_idle(&f->db));
}

static void test_editor_stale_base_conflicts(void **state)
{
	struct fixture *f = *state;
	struct edit_article first, second;
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &first), STORE_OK);
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &second), STORE_OK);
	first.a.s.headline = "First editor's headline";
	assert_int_equal(editor_save(&f->db, &first, first.revision_id, f->editor, NOW, "saved"), STORE_OK);
	long long revisions = revision_count(&f->db, &f->a, SEED_ID);
	second.a.s.headline = "Second editor's headline";
	second.a.nblocks = 1;
	assert_int_equal(editor_save(&f->db, &second, second.revision_id, f->editor, NOW + 1, "saved"),
			 STORE_CONFLICT);
	assert_int_equal(second.id, SEED_ID);
	assert_true(db_idle(&f->db));
	struct edit_article now;
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &now), STORE_OK);
	assert_string_equal(now.a.s.headline, "First editor's headline");
	assert_int_equal(now.a.nblocks, SEED_BLOCKS);
	assert_int_equal(now.revision_id, first.revision_id);
	assert_int_equal(revision_count(&f->db, &f->a, SEED_ID), revisions);
}

static void test_editor_new_article_taken_slug(void **state)
{
	struct fixture *f = *state;
	struct edit_article e = draft("europe", "why-royal-ballet-principal-sergei-polunin-quit");
	assert_int_equal(editor_save(&f->db, &e, 0, f->editor, NOW, "created"), STORE_TAKEN);
	assert_int_equal(e.id, 0);
	assert_int_equal(query_int(&f->db, "SELECT count(*) FROM articles"), DEMO_ARTICLES);
	assert_int_equal(query_int(&f->db, "SELECT count(*) FROM revisions"), 0);
	/* the same slug in another section is free */
	e.section_slug = "americas";
	assert_int_equal(editor_save(&f->db, &e, 0, f->editor, NOW, "created"), STORE_OK);
	assert_true(e.id > DEMO_ARTICLES);
	assert_int_equal(editor_article_exists(&f->db, "americas/why-royal-ballet-principal-sergei-polunin-quit"),
			 STORE_OK);
	assert_string_equal(headline_of(&f->db, &f->a, e.id), "A new story");
}

static void test_editor_new_article_no_section(void **state)
{
	struct fixture *f = *state;
	struct edit_article e = draft("oceania", "a-new-story");
	assert_int_equal(editor_save(&f->db, &e, 0, f->editor, NOW, "created"), STORE_NO_SECTION);
	assert_int_equal(e.id, 0);
	assert_int_equal(e.revision_id, 0);
	assert_int_equal(query_int(&f->db, "SELECT count(*) FROM articles"), DEMO_ARTICLES);
	assert_true(db_idle(&f->db));
}

/* A save no editor made (an import, the command line) is kept, with no one named. */
static void test_editor_save_without_user(void **state)
{
	struct fixture *f = *state;
	struct edit_article e = draft(SEED_SECTION, "a-story-nobody-saved");
	struct revision_row *revs;
	int n;
	assert_int_equal(editor_save(&f->db, &e, 0, 0, NOW, "created"), STORE_OK);
	assert_int_equal(editor_revisions(&f->db, &f->a, e.id, &revs, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(revs[0].editor, "-");
	assert_true(db_idle(&f->db));
}

static void test_editor_slug_change_leaves_redirect(void **state)
{
	struct fixture *f = *state;
	struct edit_article e;
	struct article art;
	const char *section, *slug;
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &e), STORE_OK);
	e.a.s.slug = "bakiyev-in-kazakhstan";
	assert_int_equal(editor_save(&f->db, &e, e.revision_id, f->editor, NOW, "saved"), STORE_OK);
	assert_int_equal(model_redirect(&f->db, &f->a, SEED_SECTION, SEED_SLUG, NOW, &section, &slug),
			 STORE_OK);
	assert_string_equal(section, SEED_SECTION);
	assert_string_equal(slug, "bakiyev-in-kazakhstan");
	assert_int_equal(model_article(&f->db, &f->a, SEED_SECTION, SEED_SLUG, NOW, &art), STORE_NOT_FOUND);
	assert_int_equal(model_article(&f->db, &f->a, SEED_SECTION, "bakiyev-in-kazakhstan", NOW, &art),
			 STORE_OK);
	/* and back: the live address is no longer a redirect, the other one is */
	e.a.s.slug = SEED_SLUG;
	assert_int_equal(editor_save(&f->db, &e, e.revision_id, f->editor, NOW, "saved"), STORE_OK);
	assert_int_equal(model_redirect(&f->db, &f->a, SEED_SECTION, SEED_SLUG, NOW, &section, &slug),
			 STORE_NOT_FOUND);
	assert_int_equal(model_redirect(&f->db, &f->a, SEED_SECTION, "bakiyev-in-kazakhstan", NOW,
					&section, &slug), STORE_OK);
	assert_string_equal(slug, SEED_SLUG);
}

static void test_editor_section_change_leaves_redirect(void **state)
{
	struct fixture *f = *state;
	struct edit_article e;
	const char *section, *slug;
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &e), STORE_OK);
	e.section_slug = "south-asia";
	assert_int_equal(editor_save(&f->db, &e, e.revision_id, f->editor, NOW, "saved"), STORE_OK);
	assert_int_equal(model_redirect(&f->db, &f->a, SEED_SECTION, SEED_SLUG, NOW, &section, &slug),
			 STORE_OK);
	assert_string_equal(section, "south-asia");
	assert_string_equal(slug, SEED_SLUG);
}

static void test_editor_load_revision_restores(void **state)
{
	struct fixture *f = *state;
	struct edit_article cur, old;
	struct revision_row *revs;
	int n;
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &cur), STORE_OK);
	cur.a.s.headline = "A changed headline";
	cur.a.nblocks = 2;
	cur.npromos = 0;
	assert_int_equal(editor_save(&f->db, &cur, cur.revision_id, f->editor, NOW, "saved"), STORE_OK);
	assert_int_equal(editor_revisions(&f->db, &f->a, SEED_ID, &revs, &n), STORE_OK);
	assert_int_equal(n, 2);
	long long first = revs[n - 1].id;
	assert_int_equal(editor_load_revision(&f->db, &f->a, SEED_ID, first, &old), STORE_OK);
	assert_string_equal(old.a.s.headline, SEED_HEADLINE);
	assert_string_equal(old.section_slug, SEED_SECTION);
	assert_string_equal(old.a.s.slug, SEED_SLUG);
	assert_int_equal(old.a.nblocks, SEED_BLOCKS);
	assert_int_equal(old.a.blocks[5].kind, BLOCK_BOX);
	assert_string_equal(old.a.blocks[5].byline, "Rayhan Demytrie, BBC News, Jalalabad");
	assert_int_equal(old.a.nlinks, 5);
	assert_true(old.a.links[1].needs_registration);
	assert_int_equal(old.npromos, 3);
	assert_string_equal(old.promos[2], BALLET_PATH);
	/* restored as the admin does it: content from the revision, state from now */
	old.status = cur.status;
	old.published_at = cur.published_at;
	old.a.s.updated_at = NOW;
	assert_int_equal(editor_save(&f->db, &old, cur.revision_id, f->editor, NOW, "restored"), STORE_OK);
	struct article art;
	assert_int_equal(model_article(&f->db, &f->a, SEED_SECTION, SEED_SLUG, NOW, &art), STORE_OK);
	assert_string_equal(art.s.headline, SEED_HEADLINE);
	assert_int_equal(art.nblocks, SEED_BLOCKS);
	assert_int_equal(art.npromos, 3);
	assert_int_equal(editor_load_revision(&f->db, &f->a, SEED_ID, 999, &old), STORE_NOT_FOUND);
}

static void test_editor_article_exists(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(editor_article_exists(&f->db, BALLET_PATH), STORE_OK);
	/* a draft is there for promos too */
	assert_int_equal(editor_article_exists(&f->db, "europe/ash-cloud-what-stranded-travellers-need-to-know"),
			 STORE_OK);
	assert_int_equal(editor_article_exists(&f->db, "europe/no-such-story"), STORE_NOT_FOUND);
	assert_int_equal(editor_article_exists(&f->db, "europe/" SEED_SLUG), STORE_NOT_FOUND);
	assert_int_equal(editor_article_exists(&f->db, "europ/why-royal-ballet-principal-sergei-polunin-quit"),
			 STORE_NOT_FOUND);
}

static void test_editor_section_add(void **state)
{
	struct fixture *f = *state;
	struct section *secs;
	int n;
	assert_int_equal(editor_section_add(&f->db, "europe", "Europe again", 7), STORE_TAKEN);
	assert_int_equal(editor_section_add(&f->db, "oceania", "Oceania", 7), STORE_OK);
	assert_int_equal(model_sections(&f->db, &f->a, &secs, &n), STORE_OK);
	assert_int_equal(n, 7);
	assert_string_equal(secs[6].slug, "oceania");
	assert_string_equal(secs[6].name, "Oceania");
	assert_true(db_idle(&f->db));
}

static void test_editor_section_update(void **state)
{
	struct fixture *f = *state;
	struct section sec;
	const char *moved, *section, *slug;
	assert_int_equal(editor_section_update(&f->db, 999, "nowhere", "Nowhere", 1), STORE_NO_SECTION);
	assert_int_equal(editor_section_update(&f->db, 3, "africa", "Europe", 3), STORE_TAKEN);
	assert_int_equal(model_section(&f->db, &f->a, "europe", &sec), STORE_OK);   /* rolled back */
	assert_int_equal(model_section_moved(&f->db, &f->a, "europe", &moved), STORE_NOT_FOUND);
	assert_int_equal(editor_section_update(&f->db, 3, "europa", "Europa", 3), STORE_OK);
	assert_int_equal(model_section(&f->db, &f->a, "europe", &sec), STORE_NOT_FOUND);
	assert_int_equal(model_section(&f->db, &f->a, "europa", &sec), STORE_OK);
	assert_string_equal(sec.name, "Europa");
	assert_int_equal(model_section_moved(&f->db, &f->a, "europe", &moved), STORE_OK);
	assert_string_equal(moved, "europa");
	assert_int_equal(model_redirect(&f->db, &f->a, "europe", "why-royal-ballet-principal-sergei-polunin-quit",
					NOW, &section, &slug), STORE_OK);
	assert_string_equal(section, "europa");
	assert_true(db_idle(&f->db));
}

static void test_editor_site_promos_round_trip(void **state)
{
	struct fixture *f = *state;
	const char *const want[] = { "europe/flights-grounded-across-northern-europe-by-volcanic-ash",
				     "africa/sudan-votes-in-first-multi-party-elections-in-24-years" };
	const char **paths;
	struct article art;
	int n;
	assert_int_equal(editor_site_promos(&f->db, &f->a, &paths, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(paths[2], BALLET_PATH);
	assert_int_equal(editor_set_site_promos(&f->db, want, 2), STORE_OK);
	assert_int_equal(editor_site_promos(&f->db, &f->a, &paths, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(paths[0], want[0]);
	assert_string_equal(paths[1], want[1]);
	/* an article without promos of its own shows the site's */
	assert_int_equal(model_article(&f->db, &f->a, "asia-pacific", "has-chinas-housing-bubble-burst",
				       NOW, &art), STORE_OK);
	assert_int_equal(art.npromos, 2);
	assert_int_equal(art.promos[0].id, 8);
	assert_int_equal(art.promos[1].id, 16);
	assert_int_equal(editor_set_site_promos(&f->db, NULL, 0), STORE_OK);
	assert_int_equal(editor_site_promos(&f->db, &f->a, &paths, &n), STORE_OK);
	assert_int_equal(n, 0);
}

static void test_editor_list_filters(void **state)
{
	struct fixture *f = *state;
	struct admin_row *rows;
	long long total;
	int n;
	assert_int_equal(editor_list(&f->db, &f->a, "", "", 0, NOW, 10, 20, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, DEMO_ARTICLES);
	assert_int_equal(n, DEMO_ARTICLES - 20);
	assert_int_equal(editor_list(&f->db, &f->a, "europe", "", 0, NOW, 100, 0, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 5);
	for (int i = 0; i < n; i++)
		assert_string_equal(rows[i].section_slug, "europe");
	assert_int_equal(editor_list(&f->db, &f->a, "", "draft", 0, NOW, 100, 0, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, 10);
	assert_int_equal(editor_list(&f->db, &f->a, "americas", "unpublished", 0, NOW, 100, 0, &rows, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, 15);
	assert_int_equal(editor_list(&f->db, &f->a, "", "published", 0, NOW, 100, 0, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 25);
	assert_int_equal(n, 25);
}

static void test_editor_list_scheduled(void **state)
{
	struct fixture *f = *state;
	struct edit_article e;
	struct admin_row *rows;
	long long total;
	int n;
	assert_int_equal(editor_load(&f->db, &f->a, 10, &e), STORE_OK);
	e.status = "published";
	e.published_at = NOW + 3600;
	assert_int_equal(editor_save(&f->db, &e, e.revision_id, f->editor, NOW, "published"), STORE_OK);
	assert_int_equal(editor_list(&f->db, &f->a, "", "scheduled", 0, NOW, 100, 0, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	assert_int_equal(rows[0].id, 10);
	assert_string_equal(rows[0].status, "scheduled");
	assert_string_equal(rows[0].editor, "desk");
	assert_int_equal(rows[0].published_at, NOW + 3600);
	assert_int_equal(editor_list(&f->db, &f->a, "", "draft", 0, NOW, 100, 0, &rows, &n, &total), STORE_OK);
	assert_int_equal(total, 0);
	time_t next, changed;
	assert_int_equal(model_site_times(&f->db, NOW, &next, &changed), STORE_OK);
	assert_int_equal(next, NOW + 3600);
	assert_true(changed > 0);
}

/* --- users ------------------------------------------------------------------------------- */

static const unsigned char token_a[TOKEN_HASH_BYTES] = { 1, 2, 3 };
static const unsigned char token_b[TOKEN_HASH_BYTES] = { 4, 5, 6 };

static long long add_user(struct fixture *f, const char *name)
{
	struct user u;
	assert_int_equal(user_add(&f->db, name, "editor", "$argon2id$stand-in", NOW), STORE_OK);
	assert_int_equal(user_by_name(&f->db, &f->a, name, &u), STORE_OK);
	return u.id;
}

static void test_user_add_taken(void **state)
{
	struct fixture *f = *state;
	struct user u;
	long long id = add_user(f, "alice");
	assert_int_equal(user_add(&f->db, "alice", "admin", "other", NOW), STORE_TAKEN);
	assert_int_equal(user_add(&f->db, "ALICE", "admin", "other", NOW), STORE_TAKEN);   /* NOCASE */
	assert_int_equal(user_by_name(&f->db, &f->a, "alice", &u), STORE_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.role, "editor");
	assert_string_equal(u.password_hash, "$argon2id$stand-in");
	assert_false(u.disabled);
	assert_int_equal(u.created_at, NOW);
	assert_int_equal(user_by_name(&f->db, &f->a, "bob", &u), STORE_NOT_FOUND);
	assert_true(db_idle(&f->db));
}

static void test_user_set_password(void **state)
{
	struct fixture *f = *state;
	struct user u;
	add_user(f, "alice");
	assert_int_equal(user_set_password(&f->db, "nobody", "x"), STORE_NOT_FOUND);
	assert_true(db_idle(&f->db));
	assert_int_equal(user_set_password(&f->db, "alice", "$argon2id$new"), STORE_OK);
	assert_int_equal(user_by_name(&f->db, &f->a, "alice", &u), STORE_OK);
	assert_string_equal(u.password_hash, "$argon2id$new");
}

/* The user a session names, as the gate finds it: session, then account in its epoch. */
static enum store_result session_user(struct fixture *f, const unsigned char *hash, time_t now,
				      long long idle, long long max, struct user *u)
{
	struct session found;
	enum store_result r = session_find(&f->sessions, hash, now, idle, max, &found);
	return r == STORE_OK ? user_for_session(&f->db, &f->a, found.user_id, found.epoch, u) : r;
}

static long long epoch_of(struct fixture *f, const char *name)
{
	struct user u;
	assert_int_equal(user_by_name(&f->db, &f->a, name, &u), STORE_OK);
	return u.session_epoch;
}

static void test_session_finds_user(void **state)
{
	struct fixture *f = *state;
	struct user u;
	long long id = add_user(f, "alice");
	assert_int_equal(session_create(&f->sessions, id, epoch_of(f, "alice"), token_a, NOW), STORE_OK);
	assert_int_equal(session_user(f, token_a, NOW + 10, 3600, 86400, &u), STORE_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.name, "alice");
	assert_string_equal(u.role, "editor");
	assert_int_equal(session_user(f, token_b, NOW + 10, 3600, 86400, &u), STORE_NOT_FOUND);
	assert_int_equal(session_user(f, token_a, NOW + 3600, 3600, 86400, &u), STORE_NOT_FOUND);
	/* a visit a minute on keeps the session alive past the first idle limit */
	assert_int_equal(session_user(f, token_a, NOW + 3000, 3600, 86400, &u), STORE_OK);
	assert_int_equal(session_user(f, token_a, NOW + 4000, 3600, 86400, &u), STORE_OK);
	assert_int_equal(session_user(f, token_a, NOW + 86400, 86400 * 2, 86400, &u),
			 STORE_NOT_FOUND);   /* too old, however recent */
	assert_int_equal(session_delete(&f->sessions, token_a), STORE_OK);
	assert_int_equal(session_user(f, token_a, NOW + 4000, 3600, 86400, &u), STORE_NOT_FOUND);
	assert_true(db_idle(&f->sessions));
}

static void test_user_disable_ends_sessions(void **state)
{
	struct fixture *f = *state;
	struct user u;
	long long alice = add_user(f, "alice"), bob = add_user(f, "bob");
	assert_int_equal(session_create(&f->sessions, alice, epoch_of(f, "alice"), token_a, NOW), STORE_OK);
	assert_int_equal(session_create(&f->sessions, bob, epoch_of(f, "bob"), token_b, NOW), STORE_OK);
	assert_int_equal(user_disable(&f->db, "alice"), STORE_OK);
	assert_int_equal(session_user(f, token_a, NOW, 3600, 86400, &u), STORE_NOT_FOUND);
	assert_int_equal(session_user(f, token_b, NOW, 3600, 86400, &u), STORE_OK);
	assert_string_equal(u.name, "bob");
	assert_int_equal(user_by_name(&f->db, &f->a, "alice", &u), STORE_OK);
	assert_true(u.disabled);
	assert_int_equal(user_disable(&f->db, "nobody"), STORE_NOT_FOUND);
}

static void test_user_set_password_ends_sessions(void **state)
{
	struct fixture *f = *state;
	struct user u;
	long long id = add_user(f, "alice");
	assert_int_equal(session_create(&f->sessions, id, epoch_of(f, "alice"), token_a, NOW), STORE_OK);
	assert_int_equal(user_set_password(&f->db, "alice", "$argon2id$new"), STORE_OK);
	assert_int_equal(session_user(f, token_a, NOW, 3600, 86400, &u), STORE_NOT_FOUND);
	/* a session made after the change counts */
	assert_int_equal(session_create(&f->sessions, id, epoch_of(f, "alice"), token_b, NOW), STORE_OK);
	assert_int_equal(session_user(f, token_b, NOW, 3600, 86400, &u), STORE_OK);
}

/* A failed attempt from start to end, as the login page makes it. */
static void fail_login(struct fixture *f, const char *name_key, const char *addr_key, time_t now,
		       long long cap)
{
	struct login_outcome o = { name_key, addr_key, cap, cap, "someone", "192.0.2.1", false };
	long long wait;
	assert_int_equal(login_begin(&f->sessions, name_key, addr_key, now, &wait), STORE_OK);
	assert_int_equal(wait, 0);
	assert_int_equal(login_end(&f->sessions, &o, now), STORE_OK);
}

/* How long the keys must wait, read past the store (a failure's wait; one second while a check
 * is under way), without taking them as login_begin would. */
static long long wait_for(struct fixture *f, const char *name_key, const char *addr_key, time_t now)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT coalesce(max(max(next_allowed_at, CASE WHEN checking_until"
		 " > %lld THEN %lld ELSE 0 END)), 0) FROM login_throttle WHERE key IN ('%s', '%s')",
		 (long long)now, (long long)now + 1, name_key, addr_key);
	long long until = query_int(&f->sessions, sql);
	return until > now ? until - now : 0;
}

static void test_throttle_doubles_and_clears(void **state)
{
	struct fixture *f = *state;
	time_t now = NOW;
	for (long long want = 1; want <= 8; want *= 2) {
		fail_login(f, "name:alice", "addr:192.0.2.1", now, 300);
		assert_int_equal(wait_for(f, "name:alice", "addr:192.0.2.2", now), want);
		now += want;
	}
	struct login_outcome ok = { "name:alice", "addr:192.0.2.3", 300, 300, "alice", "192.0.2.3", true };
	long long wait;
	assert_int_equal(login_begin(&f->sessions, "name:alice", "addr:192.0.2.3", now, &wait), STORE_OK);
	assert_int_equal(wait, 0);
	assert_int_equal(login_end(&f->sessions, &ok, now), STORE_OK);
	assert_int_equal(wait_for(f, "name:alice", "addr:192.0.2.4", now), 0);  /* cleared */
	assert_true(db_idle(&f->sessions));
}

/* Two attempts at one name at once: the second waits for the first to be decided. */
static void test_throttle_one_check_at_a_time(void **state)
{
	struct fixture *f = *state;
	long long wait;
	assert_int_equal(login_begin(&f->sessions, "name:alice", "addr:192.0.2.1", NOW, &wait), STORE_OK);
	assert_int_equal(wait, 0);
	assert_int_equal(wait_for(f, "name:alice", "addr:192.0.2.2", NOW), 1);
	assert_int_equal(wait_for(f, "name:bob", "addr:192.0.2.1", NOW), 1);  /* the address too */
	assert_int_equal(wait_for(f, "name:bob", "addr:192.0.2.3", NOW), 0);
	struct login_outcome o = { "name:alice", "addr:192.0.2.1", 300, 300, "alice", "192.0.2.1", false };
	assert_int_equal(login_end(&f->sessions, &o, NOW), STORE_OK);
	assert_int_equal(wait_for(f, "name:alice", "addr:192.0.2.9", NOW), 1);  /* now a failure's wait */
	/* an attempt that never ended stops counting after a while */
	assert_int_equal(login_begin(&f->sessions, "name:carol", "addr:192.0.2.5", NOW, &wait), STORE_OK);
	assert_int_equal(wait_for(f, "name:carol", "addr:192.0.2.6", NOW + 11), 0);
}

/* An attempt that could not be decided leaves no wait behind and counts as no failure. */
static void test_throttle_released(void **state)
{
	struct fixture *f = *state;
	struct login_outcome o = { "name:dan", "addr:192.0.2.7", 300, 300, "dan", "192.0.2.7", false };
	long long wait;
	assert_int_equal(login_begin(&f->sessions, o.name_key, o.addr_key, NOW, &wait), STORE_OK);
	assert_int_equal(wait_for(f, o.name_key, o.addr_key, NOW), 1);
	assert_int_equal(login_release(&f->sessions, &o), STORE_OK);
	assert_int_equal(wait_for(f, o.name_key, o.addr_key, NOW), 0);
	assert_int_equal(query_int(&f->sessions, "SELECT max(failures) FROM login_throttle"), 0);
}

static void test_throttle_capped(void **state)
{
	struct fixture *f = *state;
	time_t now = NOW;
	for (int i = 0; i < 30; i++) {
		long long wait = wait_for(f, "name:x", "addr:192.0.2.8", now);
		now += wait;
		fail_login(f, "name:x", "addr:192.0.2.1", now, 60);
	}
	assert_int_equal(wait_for(f, "name:y", "addr:192.0.2.1", now), 60);
}

static void test_login_record(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(login_record(&f->sessions, NOW, "alice", "192.0.2.1", "ok"), STORE_OK);
	assert_int_equal(login_record(&f->sessions, NOW + 1, "mallory", "192.0.2.9", "bad password"), STORE_OK);
	assert_int_equal(query_int(&f->sessions, "SELECT count(*) FROM login_log"), 2);
	assert_int_equal(query_int(&f->sessions, "SELECT at FROM login_log WHERE name = 'mallory'"
				   " AND address = '192.0.2.9' AND outcome = 'bad password'"), NOW + 1);
	assert_int_equal(query_int(&f->db, "SELECT count(*) FROM sqlite_master WHERE name = 'login_log'"),
			 0);  /* nothing of it in the content database */
}

static void test_sessions_pruned_by_age(void **state)
{
	struct fixture *f = *state;
	long long id = add_user(f, "alice");
	assert_int_equal(session_create(&f->sessions, id, 0, token_a, NOW - 7200), STORE_OK);
	assert_int_equal(session_create(&f->sessions, id, 0, token_b, NOW), STORE_OK);
	assert_int_equal(login_record(&f->sessions, NOW - 91 * 86400, "old", "192.0.2.1", "failure"), STORE_OK);
	assert_int_equal(login_record(&f->sessions, NOW, "new", "192.0.2.1", "failure"), STORE_OK);
	fail_login(f, "name:old", "addr:192.0.2.1", NOW - 7200, 60);
	fail_login(f, "name:new", "addr:192.0.2.2", NOW, 60);
	assert_int_equal(sessions_prune(&f->sessions, NOW, 3600, 86400, 90), STORE_OK);
	assert_int_equal(query_int(&f->sessions, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(query_int(&f->sessions, "SELECT count(*) FROM login_log WHERE name = 'old'"), 0);
	assert_int_equal(query_int(&f->sessions, "SELECT count(*) FROM login_log WHERE name = 'new'"), 1);
	assert_int_equal(query_int(&f->sessions, "SELECT count(*) FROM login_throttle WHERE key = 'name:old'"), 0);
	assert_int_equal(query_int(&f->sessions, "SELECT count(*) FROM login_throttle WHERE key = 'name:new'"), 1);
}

/* A sessions file left beside another database is emptied, not trusted. */
static void test_sessions_file_of_another_database(void **state)
{
	struct fixture *f = *state;
	char err[512];
	long long id = add_user(f, "alice");
	assert_int_equal(session_create(&f->sessions, id, 0, token_a, NOW), STORE_OK);
	assert_true(sessions_prepare(f->path, err, sizeof err));  /* the same database: kept */
	assert_int_equal(query_int(&f->sessions, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(sqlite3_exec(f->db.conn, "UPDATE store_identity SET token = randomblob(16)",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_true(sessions_prepare(f->path, err, sizeof err));
	assert_int_equal(query_int(&f->sessions, "SELECT count(*) FROM sessions"), 0);
}

static void test_user_list_by_name(void **state)
{
	struct fixture *f = *state;
	struct user *users;
	int n;
	add_user(f, "carol");
	add_user(f, "alice");
	add_user(f, "bob");
	assert_int_equal(user_list(&f->db, &f->a, &users, &n), STORE_OK);
	assert_int_equal(n, 4);
	assert_string_equal(users[0].name, "alice");
	assert_string_equal(users[1].name, "bob");
	assert_string_equal(users[2].name, "carol");
	assert_string_equal(users[3].name, "desk");
	assert_string_equal(users[3].role, "editor");
	assert_null(users[0].password_hash);
}

/* --- db layer ---------------------------------------------------------------------------- */

static const char sql_section_ids[] = "SELECT id, slug, name FROM sections ORDER BY id";
static const char sql_no_section[] = "SELECT id, slug, name FROM sections WHERE id < 0";
static const char sql_add_section[] =
	"INSERT INTO sections (slug, name, position) VALUES ('oceania', 'Oceania', 7)";

static bool read_id(sqlite3_stmt *s, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = sqlite3_column_int64(s, 0);
	return true;
}

static long long oceania_count(struct db *db)
{
	return query_int(db, "SELECT count(*) FROM sections WHERE slug = 'oceania'");
}

static void test_db_step_one_resets(void **state)
{
	struct fixture *f = *state;
	long long id = 0;
	sqlite3_stmt *s = db_prepare(&f->db, sql_section_ids);
	assert_non_null(s);
	assert_int_equal(db_step_one(s, &f->a, read_id, &id), STORE_OK);
	assert_int_equal(id, 1);
	assert_false(sqlite3_stmt_busy(s));   /* five more rows were left unread */
	assert_true(db_idle(&f->db));
	s = db_prepare(&f->db, sql_no_section);
	assert_int_equal(db_step_one(s, &f->a, read_id, &id), STORE_NOT_FOUND);
	assert_true(db_idle(&f->db));
}

static void test_db_rows_and_exec_leave_idle(void **state)
{
	struct fixture *f = *state;
	long long *ids;
	int n;
	sqlite3_stmt *s = db_prepare(&f->db, sql_section_ids);
	assert_int_equal(db_rows(s, &f->a, sizeof *ids, read_id, (void **)&ids, &n), STORE_OK);
	assert_int_equal(n, 6);
	assert_int_equal(ids[5], 6);
	assert_true(db_idle(&f->db));
	assert_int_equal(db_exec(db_prepare(&f->db, sql_add_section)), STORE_OK);
	assert_true(db_idle(&f->db));
	assert_int_equal(db_exec(db_prepare(&f->db, sql_add_section)), STORE_TAKEN);
	assert_true(db_idle(&f->db));
	long long first;
	assert_int_equal(db_integer(db_prepare(&f->db, sql_section_ids), &first), STORE_OK);
	assert_int_equal(first, 1);   /* the first column of the first row */
	assert_true(db_idle(&f->db));
	assert_int_equal(oceania_count(&f->db), 1);
}

/* A transaction body: inserts a section, then answers what arg says. */
static enum store_result insert_then(struct db *db, void *arg)
{
	enum store_result r = db_exec(db_prepare(db, sql_add_section));
	return r != STORE_OK ? r : *(enum store_result *)arg;
}

static void test_db_transaction_rolls_back(void **state)
{
	struct fixture *f = *state;
	enum store_result answer = STORE_CONFLICT;
	assert_int_equal(db_transaction(&f->db, insert_then, &answer), STORE_CONFLICT);
	assert_true(db_idle(&f->db));
	assert_int_equal(oceania_count(&f->db), 0);
	answer = STORE_OK;
	assert_int_equal(db_transaction(&f->db, insert_then, &answer), STORE_OK);
	assert_true(db_idle(&f->db));
	assert_int_equal(oceania_count(&f->db), 1);
}

static void test_db_begin_commit(void **state)
{
	struct fixture *f = *state;
	assert_true(db_idle(&f->db));
	assert_int_equal(db_begin(&f->db), STORE_OK);
	assert_false(db_idle(&f->db));
	assert_int_equal(db_exec(db_prepare(&f->db, sql_add_section)), STORE_OK);
	assert_false(db_idle(&f->db));
	db_rollback(&f->db);
	assert_true(db_idle(&f->db));
	assert_int_equal(oceania_count(&f->db), 0);
	assert_int_equal(db_begin(&f->db), STORE_OK);
	assert_int_equal(db_exec(db_prepare(&f->db, sql_add_section)), STORE_OK);
	assert_int_equal(db_commit(&f->db), STORE_OK);
	assert_true(db_idle(&f->db));
	assert_int_equal(oceania_count(&f->db), 1);
}

/* The content version moves on with a change readers see, on any connection, and not with an
 * account's change. */
static void test_content_version_counts_what_readers_see(void **state)
{
	struct fixture *f = *state;
	struct db other;
	long long before, after;
	open_second(f, &other);
	assert_int_equal(model_content_version(&f->db, &before), STORE_OK);
	assert_int_equal(user_add(&other, "carol", "editor", "$argon2id$x", NOW), STORE_OK);
	assert_int_equal(model_content_version(&f->db, &after), STORE_OK);
	assert_int_equal(after, before);
	assert_int_equal(db_exec(db_prepare(&other, sql_add_section)), STORE_OK);
	assert_int_equal(model_content_version(&f->db, &after), STORE_OK);
	assert_true(after > before);
	db_close(&other);
}

/* Another connection holding the write lock past the wait is STORE_BUSY, not an error, and
 * leaves nothing open: the same save succeeds once the lock is free. Waits about 4.5 s. */
static void test_db_busy_is_told_apart(void **state)
{
	struct fixture *f = *state;
	struct db other;
	struct edit_article e;
	open_second(f, &other);
	assert_int_equal(editor_load(&f->db, &f->a, BALLET_ID, &e), STORE_OK);
	e.a.s.headline = "Saved once the lock is free";
	assert_int_equal(db_begin(&other), STORE_OK);
	assert_int_equal(editor_save(&f->db, &e, e.revision_id, f->editor, NOW, "saved"), STORE_BUSY);
	assert_true(db_idle(&f->db));
	assert_int_equal(db_commit(&other), STORE_OK);
	assert_int_equal(editor_save(&f->db, &e, e.revision_id, f->editor, NOW, "saved"), STORE_OK);
	assert_string_equal(headline_of(&other, &f->a, BALLET_ID), "Saved once the lock is free");
	db_close(&other);
}

/* --- two connections --------------------------------------------------------------------- */

/* The sequence that once answered "Could not save": a load on A, a save on B, then A's save. */
static void test_two_connections_load_then_save(void **state)
{
	struct fixture *f = *state;
	struct db b;
	struct edit_article on_a, on_b;
	open_second(f, &b);
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &on_a), STORE_OK);
	assert_true(db_idle(&f->db));
	assert_int_equal(editor_load(&b, &f->a, BALLET_ID, &on_b), STORE_OK);
	on_b.a.s.headline = "Saved on B";
	assert_int_equal(editor_save(&b, &on_b, on_b.revision_id, f->editor, NOW, "saved"), STORE_OK);
	on_a.a.s.headline = "Saved on A";
	assert_int_equal(editor_save(&f->db, &on_a, on_a.revision_id, f->editor, NOW, "saved"), STORE_OK);
	assert_string_equal(headline_of(&b, &f->a, SEED_ID), "Saved on A");
	assert_string_equal(headline_of(&f->db, &f->a, BALLET_ID), "Saved on B");
	/* and the same article from both: the second is a conflict, never a lost write */
	assert_int_equal(editor_load(&f->db, &f->a, SEED_ID, &on_a), STORE_OK);
	assert_int_equal(editor_load(&b, &f->a, SEED_ID, &on_b), STORE_OK);
	assert_int_equal(editor_save(&b, &on_b, on_b.revision_id, f->editor, NOW, "saved"), STORE_OK);
	assert_int_equal(editor_save(&f->db, &on_a, on_a.revision_id, f->editor, NOW, "saved"), STORE_CONFLICT);
	db_close(&b);
}

#define SAVES 100

struct writer {
	const char *path;
	long long article_id, editor;
	pthread_barrier_t *start;
	int failures, first_failure_at;
	enum store_result first_failure;
	bool opened;
};

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	struct db db;
	char err[512];
	w->opened = db_open(&db, w->path, false, err, sizeof err);
	pthread_barrier_wait(w->start);
	if (!w->opened)
		return NULL;
	for (int i = 0; i < SAVES; i++) {
		struct arena a;
		arena_init(&a);
		const char *headline = arena_printf(&a, "Article %lld, save %d", w->article_id, i);
		enum store_result r = headline ? save_headline(&db, &a, w->article_id, headline, w->editor, NOW + i)
					       : STORE_ERROR;
		if (r != STORE_OK && w->failures++ == 0) {
			w->first_failure = r;
			w->first_failure_at = i;
		}
		arena_free(&a);
	}
	db_close(&db);
	return NULL;
}

/* Two writers on their own connections, each saving its own article: the lock is waited for,
 * never refused. */
static void test_two_threads_save_their_own_articles(void **state)
{
	struct fixture *f = *state;
	pthread_barrier_t start;
	struct writer w[2] = {
		{ .path = f->path, .article_id = SEED_ID, .editor = f->editor, .start = &start },
		{ .path = f->path, .article_id = BALLET_ID, .editor = f->editor, .start = &start },
	};
	pthread_t t[2];
	unsigned long long errors_before, errors_after, waits;
	db_counters(&errors_before, &waits);
	assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, write_loop, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&start);
	for (int i = 0; i < 2; i++) {
		assert_true(w[i].opened);
		if (w[i].failures)
			fail_msg("article %lld: %d saves failed, the first (save %d) with store result %d",
				 w[i].article_id, w[i].failures, w[i].first_failure_at, w[i].first_failure);
		char want[64];
		snprintf(want, sizeof want, "Article %lld, save %d", w[i].article_id, SAVES - 1);
		assert_string_equal(headline_of(&f->db, &f->a, w[i].article_id), want);
		assert_int_equal(revision_count(&f->db, &f->a, w[i].article_id), SAVES + 1);
	}
	db_counters(&errors_after, &waits);
	assert_int_equal(errors_after, errors_before);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	db_configure();
	const struct CMUnitTest tests[] = {
		T(test_model_sections_in_order),
		T(test_model_section_found_or_not),
		T(test_model_article_seed),
		T(test_model_article_not_found),
		T(test_model_section_stories_pages),
		T(test_model_section_stories_any_time),
		T(test_article_ids_fit_search_keys),
		T(test_model_latest_newest_first),
		T(test_model_search_finds_seed),
		T(test_model_redirect_not_found),
		T(test_model_site_times),
		T(test_model_schema_version),
		T(test_editor_save_and_reload),
		T(test_editor_load_missing),
		T(test_editor_stale_base_conflicts),
		T(test_editor_new_article_taken_slug),
		T(test_editor_new_article_no_section),
		T(test_editor_save_without_user),
		T(test_editor_slug_change_leaves_redirect),
		T(test_editor_section_change_leaves_redirect),
		T(test_editor_load_revision_restores),
		T(test_editor_article_exists),
		T(test_editor_section_add),
		T(test_editor_section_update),
		T(test_editor_site_promos_round_trip),
		T(test_editor_list_filters),
		T(test_editor_list_scheduled),
		T(test_user_add_taken),
		T(test_user_set_password),
		T(test_session_finds_user),
		T(test_user_disable_ends_sessions),
		T(test_user_set_password_ends_sessions),
		T(test_throttle_doubles_and_clears),
		T(test_throttle_one_check_at_a_time),
		T(test_throttle_released),
		T(test_throttle_capped),
		T(test_sessions_pruned_by_age),
		T(test_sessions_file_of_another_database),
		T(test_login_record),
		T(test_user_list_by_name),
		T(test_db_step_one_resets),
		T(test_db_rows_and_exec_leave_idle),
		T(test_db_transaction_rolls_back),
		T(test_db_begin_commit),
		T(test_content_version_counts_what_readers_see),
		T(test_db_busy_is_told_apart),
		T(test_two_connections_load_then_save),
		T(test_two_threads_save_their_own_articles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
