/* newsdesk backup and newsdesk check: the database, safe to copy and known to be sound. */
#include "cli_db.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "model.h"
#include "siteconf.h"

static const char usage_backup[] =
	"usage: newsdesk backup --db FILE OUT\n"
	"\n"
	"Copies the database to OUT while the site serves and editors save: one consistent\n"
	"snapshot (SQLite's online backup), checked with integrity_check before it is moved into\n"
	"place. OUT must not exist.\n"
	"  --db FILE   the database\n"
	"  --help      show this help\n";

static const char usage_check[] =
	"usage: newsdesk check --db FILE [--config FILE]\n"
	"\n"
	"Runs SQLite's integrity_check and foreign_key_check, recounts what the lists' counts\n"
	"(kept by triggers) should hold, and reports the schema version.\n"
	"With --config FILE, also loads the configuration as serve would (the environment's\n"
	"NEWSDESK_* included) and reports what would stop serve, such as base_url not set.\n"
	"Exits 0 when all is well, 1 otherwise.\n"
	"  --db FILE       the database\n"
	"  --config FILE   also check the configuration\n"
	"  --help          show this help\n";

static int fail(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "newsdesk %s: %s%s%s\n", cmd, msg, arg ? " " : "", arg ? arg : "");
	return 1;
}

/* Parses --db FILE, --help and, when config is not NULL, --config FILE; leaves positional
 * arguments at argv[optind...]. */
static int parse(const char *cmd, const char *usage, int argc, char **argv, const char **db,
		 const char **config)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' }, { "help", no_argument, NULL, 'h' },
		{ "config", required_argument, NULL, 'c' }, { 0 },
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'd')
			*db = optarg;
		else if (c == 'c' && config)
			*config = optarg;
		else if (c == 'h')
			return fputs(usage, stdout), 0;
		else if (c == ':')
			return fail(cmd, "missing value for", argv[optind - 1]) + 1;
		else
			return fail(cmd, "unknown option", argv[optind - 1]) + 1;
	}
	if (!*db)
		return fail(cmd, "--db FILE is required", NULL) + 1;
	return -1;
}

/* integrity_check's rows ("ok" alone when sound), printed; true when sound. */
static bool integrity(sqlite3 *conn, FILE *out)
{
	sqlite3_stmt *s;
	bool ok = false;
	int rows = 0;
	if (sqlite3_prepare_v2(conn, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return false;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *row = (const char *)sqlite3_column_text(s, 0);
		ok = rows++ == 0 && row && strcmp(row, "ok") == 0;
		if (out)
			fprintf(out, "integrity_check: %s\n", row ? row : "(null)");
	}
	sqlite3_finalize(s);
	return ok && rows == 1;
}

static int count_rows(sqlite3 *conn, const char *sql)
{
	sqlite3_stmt *s;
	int n = 0;
	if (sqlite3_prepare_v2(conn, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW)
		n++;
	sqlite3_finalize(s);
	return n;
}

/* Copies all of src into a new file at tmp in one step: a single read snapshot, so editors'
 * saves go on meanwhile and none is half in the copy. */
static bool copy_database(sqlite3 *src, const char *tmp, char *err, size_t errlen)
{
	sqlite3 *dst = NULL;
	bool ok = false;
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
		int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
		sqlite3_backup_finish(b);
		ok = rc == SQLITE_DONE;
		if (!ok)
			snprintf(err, errlen, "backup failed: %s", sqlite3_errstr(rc));
		else if (!(ok = integrity(dst, NULL)))
			snprintf(err, errlen, "the copy fails integrity_check; not kept");
	} else {
		snprintf(err, errlen, "cannot create %.400s: %s", tmp, dst ? sqlite3_errmsg(dst) : "out of memory");
	}
	sqlite3_close(dst);
	return ok;
}

int cmd_backup(int argc, char **argv)
{
	const char *db_path = NULL;
	char err[600], tmp[4200];
	struct db db;
	struct stat st;
	int rc = parse("backup", usage_backup, argc, argv, &db_path, NULL);
	if (rc >= 0)
		return rc;
	if (argc - optind != 1)
		return fail("backup", "expected one OUT file after the options", NULL) + 1;
	const char *out = argv[optind];
	if (stat(out, &st) == 0)
		return fail("backup", "refusing to overwrite", out);
	if (strlen(out) > 4000)
		return fail("backup", "OUT path is too long", NULL);
	snprintf(tmp, sizeof tmp, "%s.partial", out);
	if (!db_open(&db, db_path, true, err, sizeof err))
		return fail("backup", err, NULL);
	unlink(tmp);
	bool ok = copy_database(db.conn, tmp, err, sizeof err);
	db_close(&db);
	if (ok && rename(tmp, out) != 0) {
		snprintf(err, sizeof err, "cannot move the copy to %s: %s", out, strerror(errno));
		ok = false;
	}
	if (!ok) {
		unlink(tmp);
		return fail("backup", err, NULL);
	}
	stat(out, &st);
	printf("backed up %s to %s (%lld bytes, integrity ok)\n", db_path, out, (long long)st.st_size);
	return 0;
}

/* The configuration as serve would load it; prints one line; true when serve would take it. */
static bool check_config(const char *path)
{
	char err[600];
	struct config cfg;
	config_defaults(&cfg);
	if (!config_load(&cfg, path, err, sizeof err) ||
	    !site_config_has_base_url(&cfg, path, err, sizeof err)) {
		printf("config: %s\n", err);
		return false;
	}
	printf("config: %s loads (base_url %s)\n", path, cfg.base_url);
	return true;
}

int cmd_check(int argc, char **argv)
{
	const char *db_path = NULL, *config = NULL;
	char err[600];
	struct db db;
	int rc = parse("check", usage_check, argc, argv, &db_path, &config);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return fail("check", "unexpected argument", argv[optind]) + 1;
	if (!db_open(&db, db_path, true, err, sizeof err))
		return fail("check", err, NULL);
	bool sound = integrity(db.conn, stdout);
	int fk = count_rows(db.conn, "PRAGMA foreign_key_check");
	int version = -1;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db.conn, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			version = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	printf("foreign_key_check: %d problem%s\n", fk, fk == 1 ? "" : "s");
	long long wrong = 0;  /* the counts exist from schema 6 on */
	if (version >= 6 && version <= db_schema_version()) {
		if (model_check_counts(&db, &wrong) != STORE_OK)
			wrong = -1;
		printf("list counts: %lld wrong\n", wrong);
	}
	printf("schema version: %d (this newsdesk: %d%s)\n", version, db_schema_version(),
	       version < db_schema_version() ? "; serve will migrate it" :
	       version > db_schema_version() ? "; too new for this newsdesk" : "");
	db_close(&db);
	bool ok = sound && fk == 0 && wrong == 0 && version >= 0 && version <= db_schema_version();
	if (config && !check_config(config))
		ok = false;
	printf("%s\n", ok ? "ok" : "PROBLEMS FOUND");
	return ok ? 0 : 1;
}
