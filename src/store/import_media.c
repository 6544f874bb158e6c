/* The store for an import's pictures: their addresses, and the switch to the library's. */
#include "import_media.h"

#include <string.h>

enum query { Q_REFS, Q_SWITCH_CLEAR, Q_SWITCH_ADD, Q_SWITCH_LEAD, Q_SWITCH_BLOCK,
	     Q_SWITCH_PENDING, Q__COUNT };

static const char *const sql[Q__COUNT] = {
	[Q_REFS] =
		"SELECT url, alt, caption, 1 FROM import_items"
		" WHERE site = ?1 AND kind = 'attachment' AND url <> ''"
		" UNION ALL SELECT a.image_url, a.image_alt, a.image_caption, 0 FROM articles a"
		" JOIN import_items m ON m.article_id = a.id WHERE m.site = ?1 AND a.image_url <> ''"
		" UNION ALL SELECT b.image_url, b.name, '', 0 FROM blocks b"
		" JOIN import_items m ON m.article_id = b.article_id WHERE m.site = ?1 AND b.image_url <> ''"
		" UNION ALL SELECT p.value, p.label, p.detail, 0 FROM import_pending p"
		" JOIN import_items m ON m.article_id = p.article_id"
		" WHERE m.site = ?1 AND p.kind = 'image' AND p.value <> ''",
	[Q_SWITCH_CLEAR] = "DELETE FROM temp.import_switch",
	[Q_SWITCH_ADD] = "INSERT OR REPLACE INTO temp.import_switch (from_url, to_url, alt)"
			 " VALUES (?1, ?2, ?3)",
	[Q_SWITCH_LEAD] = "UPDATE articles SET image_url = s.to_url,"
			  " image_alt = CASE WHEN articles.image_alt = '' THEN s.alt ELSE articles.image_alt END"
			  " FROM temp.import_switch s WHERE articles.image_url = s.from_url",
	[Q_SWITCH_BLOCK] = "UPDATE blocks SET image_url = s.to_url FROM temp.import_switch s"
			   " WHERE blocks.image_url = s.from_url",
	[Q_SWITCH_PENDING] = "UPDATE import_pending SET value = s.to_url,"
			     " label = CASE WHEN import_pending.label = '' THEN s.alt"
			     " ELSE import_pending.label END FROM temp.import_switch s"
			     " WHERE import_pending.kind = 'image' AND import_pending.value = s.from_url",
};

/* The connection's own list of switches (a temporary table: no other connection sees it). */
static const char create_switch[] =
	"CREATE TEMP TABLE IF NOT EXISTS import_switch (from_url TEXT PRIMARY KEY,"
	" to_url TEXT NOT NULL, alt TEXT NOT NULL) WITHOUT ROWID";

static bool read_ref(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct import_image_ref *r = item;
	r->attachment = sqlite3_column_int(s, 3) != 0;
	return (r->url = db_text(a, s, 0)) && (r->alt = db_text(a, s, 1)) &&
	       (r->caption = db_text(a, s, 2));
}

enum store_result import_media_refs(struct db *db, struct arena *a, const char *site,
				    struct import_image_ref **out, int *n)
{
	sqlite3_stmt *s = db_prepare(db, sql[Q_REFS]);
	if (!s || !db_bind_text(s, 1, site))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_ref, (void **)out, n);
}

enum store_result import_media_switch_begin(struct db *db)
{
	if (sqlite3_exec(db->conn, create_switch, NULL, NULL, NULL) != SQLITE_OK)
		return STORE_ERROR;
	return db_exec(db_prepare(db, sql[Q_SWITCH_CLEAR]));
}

enum store_result import_media_switch_add(struct db *db, const char *from, const char *to,
					  const char *alt)
{
	sqlite3_stmt *s = db_prepare(db, sql[Q_SWITCH_ADD]);
	return db_run(s, s && db_bind_text(s, 1, from) && db_bind_text(s, 2, to) &&
			 db_bind_text(s, 3, alt));
}

enum store_result import_media_switch_apply(struct db *db)
{
	static const enum query each[] = { Q_SWITCH_LEAD, Q_SWITCH_BLOCK, Q_SWITCH_PENDING };
	for (size_t i = 0; i < sizeof each / sizeof each[0]; i++) {
		sqlite3_stmt *s = db_prepare(db, sql[each[i]]);
		enum store_result r = s ? db_exec(s) : STORE_ERROR;
		if (r != STORE_OK)
			return r;
	}
	return STORE_OK;
}
