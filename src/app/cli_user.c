/* newsdesk user add|passwd|list|disable: editors' accounts from the command line. */
#include "cli_user.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "auth.h"
#include "db.h"
#include "role.h"
#include "timefmt.h"
#include "users.h"
#include "utf8.h"
#include "validate.h"

static const char usage[] =
	"usage: newsdesk user add NAME --db FILE [--role reporter|editor|admin]\n"
	"       newsdesk user passwd NAME --db FILE\n"
	"       newsdesk user list --db FILE\n"
	"       newsdesk user disable NAME --db FILE\n"
	"\n"
	"Manages the editors who may log in at /admin. The password is asked twice on the\n"
	"terminal, or read as one line from standard input when that is not a terminal; never\n"
	"from the command line. Passwords are " LIMIT_TEXT(PASSWORD_MIN) " to " LIMIT_TEXT(PASSWORD_MAX) " characters and not a common one.\n"
	"  --db FILE     the database\n"
	"  --role ROLE   reporter (writes own drafts, submits them for review), editor (publishes;\n"
	"                articles, sections, promos, the front page) or admin (also users and the\n"
	"                audit log); default editor\n"
	"  --help        show this help\n";

#define LINE_MAX_BYTES (PASSWORD_MAX * 4 + 2)

static int fail(const char *msg, const char *arg)
{
	fprintf(stderr, "newsdesk user: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
	return 1;
}

/* One line from f into buf (without its newline); false at EOF or when too long. */
static bool read_line(FILE *f, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, f))
		return false;
	size_t n = strcspn(buf, "\n");
	if (buf[n] != '\n' && !feof(f))
		return false;
	buf[n] = '\0';
	if (n && buf[n - 1] == '\r')
		buf[n - 1] = '\0';
	return true;
}

static bool prompt_hidden(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return false;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	bool ok = read_line(stdin, buf, size);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ok;
}

/* The new password: asked twice on a terminal, else one line of stdin. */
static bool read_password(char *pw, size_t size)
{
	if (!isatty(STDIN_FILENO)) {
		if (!read_line(stdin, pw, size))
			return fail("could not read the password line from standard input", NULL), false;
		return true;
	}
	char again[LINE_MAX_BYTES];
	bool ok = prompt_hidden("New password: ", pw, size) &&
		  prompt_hidden("Repeat it: ", again, sizeof again);
	if (ok && strcmp(pw, again) != 0)
		ok = (fail("the two passwords differ", NULL), false);
	else if (!ok)
		fail("could not read the password", NULL);
	sodium_memzero(again, sizeof again);
	return ok;
}

/* Reads, checks and hashes a new password. */
static bool new_password_hash(char hash[PASSWORD_HASH_MAX])
{
	static char pw[LINE_MAX_BYTES];
	bool ok = read_password(pw, sizeof pw);
	const char *problem = ok ? password_problem(pw) : NULL;
	if (problem)
		ok = (fail("the password", problem), false);
	if (ok && !password_hash(pw, hash))
		ok = (fail("could not hash the password (out of memory?)", NULL), false);
	sodium_memzero(pw, sizeof pw);
	return ok;
}

/* What a store answer means to the person at the terminal. */
static int store_failed(enum store_result r, const char *what, const char *name)
{
	switch (r) {
	case STORE_OK:
		return 0;
	case STORE_NOT_FOUND:
		return fail("no user named", name);
	case STORE_TAKEN:
		return fail("a user of that name already exists:", name);
	case STORE_BUSY:
		return fail(what, "(the database is locked by another program; try again)");
	default:
		return fail(what, "(the database reported an error; see above)");
	}
}

static int list_users(struct db *db)
{
	struct arena a;
	struct user *users;
	int n, rc;
	arena_init(&a);
	if ((rc = store_failed(user_list(db, &a, &users, &n), "cannot list users", NULL)) == 0) {
		printf("%-24s %-8s %-9s %s\n", "NAME", "ROLE", "STATUS", "CREATED (UTC)");
		for (int i = 0; i < n; i++) {
			time_t created = (time_t)users[i].created_at;
			struct tm tm;
			char when[32];
			gmtime_r(&created, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
			printf("%-24s %-8s %-9s %s\n", users[i].name, users[i].role,
			       users[i].disabled ? "disabled" : "active", when);
		}
	}
	arena_free(&a);
	return rc;
}

static int run(const char *action, const char *name, const char *role, struct db *db)
{
	char hash[PASSWORD_HASH_MAX];
	if (strcmp(action, "list") == 0)
		return list_users(db);
	if (strcmp(action, "disable") == 0) {
		if (store_failed(user_disable(db, name), "cannot disable", name))
			return 1;
		printf("disabled %s; their sessions have ended\n", name);
		return 0;
	}
	if (!new_password_hash(hash))
		return 1;
	if (strcmp(action, "add") == 0) {
		if (store_failed(user_add(db, name, role, hash, timefmt_now()), "cannot add", name))
			return 1;
		printf("added %s (%s)\n", name, role);
		return 0;
	}
	if (store_failed(user_set_password(db, name, hash), "cannot change the password of", name))
		return 1;
	printf("changed the password of %s; their sessions have ended\n", name);
	return 0;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' }, { "role", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' }, { 0 },
	};
	const char *db_path = NULL, *role = "editor";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == 'd') db_path = optarg;
		else if (c == 'r') role = optarg;
		else if (c == 'h') return fputs(usage, stdout), 0;
		else if (c == ':') return fail("missing value for", argv[optind - 1]) + 1;
		else return fail("unknown option", argv[optind - 1]) + 1;
	}
	const char *action = optind < argc ? argv[optind] : NULL;
	bool wants_name = action && strcmp(action, "list") != 0;
	if (!action || (strcmp(action, "add") && strcmp(action, "passwd") && strcmp(action, "list") &&
			strcmp(action, "disable")))
		return fail("expected add, passwd, list or disable (see newsdesk user --help)", NULL) + 1;
	if (argc - optind != (wants_name ? 2 : 1))
		return fail(wants_name ? "expected one NAME after" : "no NAME expected after", action) + 1;
	const char *name = wants_name ? argv[optind + 1] : NULL;
	if (!db_path)
		return fail("--db FILE is required", NULL) + 1;
	if (name && !user_name_valid(name))
		return fail("a name is 1 to " LIMIT_TEXT(USER_NAME_MAX) " characters, no spaces or control characters:", name) + 1;
	if (!role_account_name(role))
		return fail("--role is reporter, editor or admin, not", role) + 1;
	char err[600];
	struct db db;
	if (!auth_init())
		return fail("cannot initialise the password checks (libsodium)", NULL);
	if (!db_migrate(db_path, err, sizeof err) || !db_open(&db, db_path, false, err, sizeof err))
		return fail(err, NULL);
	int rc = run(action, name, role, &db);
	db_close(&db);
	return rc;
}
