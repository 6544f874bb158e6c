/* The media library's rows out to JSON Lines and back in, by SQLite's JSON functions. */
#include "porting_media.h"

#include <string.h>

#include "porting.h"

static const char export_images[] =
	"SELECT json_object('type', 'image', 'id', id, 'hash', hash, 'width', width, 'height', height,"
	" 'format', format, 'bytes', bytes, 'widths', widths, 'alpha', alpha, 'avif', avif, 'alt', alt,"
	" 'caption', caption, 'credit', credit, 'uploaded_by', uploaded_by,"
	" 'uploaded_at', uploaded_at) FROM images ORDER BY id";

/* The same triggers and checks as an upload's row; a text change's trigger does not run on an
 * insert, so the site's change time stays the export's. */
static const char import_image[] =
	"INSERT INTO images (id, hash, width, height, format, bytes, widths, alpha, avif, alt,"
	" caption, credit, uploaded_by, uploaded_at) SELECT ?1 ->> '$.id', ?1 ->> '$.hash', ?1 ->> '$.width',"
	" ?1 ->> '$.height', ?1 ->> '$.format', ?1 ->> '$.bytes', ?1 ->> '$.widths', ?1 ->> '$.alpha',"
	" coalesce(?1 ->> '$.avif', 0), ?1 ->> '$.alt', ?1 ->> '$.caption', ?1 ->> '$.credit', ?1 ->> '$.uploaded_by',"
	" ?1 ->> '$.uploaded_at'";

static const char q_hashes[] = "SELECT hash FROM images ORDER BY id";

enum store_result porting_media_export(struct db *db, bool (*line)(void *arg, const char *json),
				       void *arg)
{
	return porting_export_query(db, export_images, line, arg);
}

enum store_result porting_media_import_line(struct db *db, const char *json, const char *type,
					    bool *known)
{
	if (!type || strcmp(type, "image") != 0)
		return STORE_OK;
	*known = true;
	sqlite3_stmt *s = db_prepare(db, import_image);
	return db_run(s, s && db_bind_text(s, 1, json));
}

static bool read_hash(sqlite3_stmt *s, struct arena *a, void *item)
{
	return (*(const char **)item = db_text(a, s, 0)) != NULL;
}

enum store_result porting_media_hashes(struct db *db, struct arena *a, const char ***out, int *n)
{
	sqlite3_stmt *s = db_prepare(db, q_hashes);
	if (!s)
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_hash, (void **)out, n);
}
