/* newsdesk's command line: init, serve and render, each with its own options and --help. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cgi.h"
#include "cli_db.h"
#include "cli_export.h"
#include "cli_import.h"
#include "demo_photos.h"
#include "cli_user.h"
#include "db.h"
#include "render.h"
#include "routes.h"
#include "sessions.h"
#include "server.h"
#include "siteconf.h"
#include "timefmt.h"
#include "tpl.h"

static const char usage_main[] =
	"usage: newsdesk COMMAND [OPTIONS]\n"
	"\n"
	"A news site server: FastCGI behind nginx, articles in SQLite.\n"
	"\n"
	"commands:\n"
	"  init     create a database (optionally with the demo content)\n"
	"  serve    serve the site over FastCGI\n"
	"  render   render one page in-process and time it\n"
	"  user     add, list and disable editors; set their passwords\n"
	"  backup   copy the database while the site runs\n"
	"  check    check the database's integrity and schema version\n"
	"  import   import a WordPress export, or a newsdesk export into a new database\n"
	"  export   export everything as JSON Lines, or the articles as a WordPress export\n"
	"\n"
	"options:\n"
	"  --help     show this help\n"
	"  --version  print the version and the schema version\n"
	"\n"
	"Run 'newsdesk COMMAND --help' for a command's options.\n"
	"The environment variable NEWSDESK_NOW (e.g. 2010-04-17T08:30:00Z) pins the clock.\n"
	"Started by a web server as a CGI program (GATEWAY_INTERFACE set), newsdesk answers\n"
	"that one request, with its settings from NEWSDESK_* variables: see newsdesk(1).\n";

static const char usage_init[] =
	"usage: newsdesk init --db FILE [--demo] [--force]\n"
	"\n"
	"Creates a new database with the current schema.\n"
	"  --db FILE   the SQLite file to create\n"
	"  --demo      load the demo content (the BBC story of 15 April 2010 and more)\n"
	"  --force     replace FILE if it exists (everything in it is lost)\n"
	"  --help      show this help\n";

static const char usage_serve[] =
	"usage: newsdesk serve --db FILE [--socket PATH] [--socket-mode MODE] [--threads N]\n"
	"                      [--templates DIR] [--config FILE] [--no-sandbox]\n"
	"\n"
	"Serves the site over FastCGI until SIGTERM or SIGINT.\n"
	"  --db FILE           the SQLite database (migrated to this version's schema at start)\n"
	"  --socket PATH       listen on this unix socket; without it, fd 0 must be a listening\n"
	"                      socket (as spawn-fcgi passes it)\n"
	"  --socket-mode MODE  octal permissions of the socket (default 0660; nginx must be able\n"
	"                      to connect: 0666 when nginx runs as another user)\n"
	"  --threads N         worker threads, 1 to 256 (default: twice the CPUs, at least 4)\n"
	"  --templates DIR     template directory (default: share/newsdesk/templates beside\n"
	"                      the installed binary, else the source tree's templates/)\n"
	"  --config FILE       site configuration, key = value lines; base_url (the site's\n"
	"                      public address) must be set there or as NEWSDESK_BASE_URL\n"
	"  --no-sandbox        do not limit the server once it has started (for debugging): by\n"
	"                      default a seccomp filter allows only the system calls serving\n"
	"                      needs (any other kills the process with SIGSYS), and Landlock,\n"
	"                      where the kernel has it, allows files only in the database's\n"
	"                      directory (read-write), the templates, the configuration's\n"
	"                      directory and the time zone files (read-only)\n"
	"  --help              show this help\n";

static const char usage_render[] =
	"usage: newsdesk render --db FILE [--templates DIR] [--config FILE] [--repeat N] [--as NAME]\n"
	"                       PATH\n"
	"\n"
	"Renders GET PATH (with an optional ?query) in-process and prints the response.\n"
	"With --repeat N it renders N times and prints timings to stderr instead.\n"
	"  --db FILE, --templates DIR, --config FILE   as for serve\n"
	"  --repeat N      render N times (1 to 1000000) and report the time per page\n"
	"  --as NAME       as the editor NAME, logged in (a session is made in the sessions\n"
	"                  file for the run and ended after): for the admin's pages\n"
	"  --help          show this help\n";

struct options {
	const char *db, *socket, *templates, *config, *as;
	bool demo, force, no_sandbox;
	unsigned socket_mode;
	long long threads, repeat;
};

enum { OPT_DB = 1, OPT_DEMO, OPT_FORCE, OPT_SOCKET, OPT_SOCKET_MODE, OPT_THREADS,
       OPT_TEMPLATES, OPT_CONFIG, OPT_REPEAT, OPT_NO_SANDBOX, OPT_AS, OPT_HELP };

static int fail(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "newsdesk %s: %s%s%s\n", cmd, msg, arg ? " " : "", arg ? arg : "");
	return 2;
}

static bool parse_mode(const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 8);
	if (errno || end == s || *end || s[0] == '-' || s[0] == '+' || v > 0777)
		return false;
	*out = (unsigned)v;
	return true;
}

/* Parses argv for cmd; returns -1 to go on, else an exit status (0 after --help). */
static int parse_options(const char *cmd, const char *usage, const struct option *allowed,
			 int argc, char **argv, struct options *o)
{
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":", allowed, NULL)) != -1) {
		switch (c) {
		case OPT_DB: o->db = optarg; break;
		case OPT_DEMO: o->demo = true; break;
		case OPT_FORCE: o->force = true; break;
		case OPT_SOCKET: o->socket = optarg; break;
		case OPT_TEMPLATES: o->templates = optarg; break;
		case OPT_CONFIG: o->config = optarg; break;
		case OPT_AS: o->as = optarg; break;
		case OPT_NO_SANDBOX: o->no_sandbox = true; break;
		case OPT_SOCKET_MODE:
			if (!parse_mode(optarg, &o->socket_mode))
				return fail(cmd, "--socket-mode takes an octal mode such as 0660, not", optarg);
			break;
		case OPT_THREADS:
			if (!parse_uint(optarg, 256, &o->threads) || o->threads < 1)
				return fail(cmd, "--threads takes a whole number from 1 to 256, not", optarg);
			break;
		case OPT_REPEAT:
			if (!parse_uint(optarg, 1000000, &o->repeat) || o->repeat < 1)
				return fail(cmd, "--repeat takes a whole number from 1 to 1000000, not", optarg);
			break;
		case OPT_HELP:
			fputs(usage, stdout);
			return 0;
		case ':':
			return fail(cmd, "missing value for", argv[optind - 1]);
		default:
			return fail(cmd, "unknown option", argv[optind - 1]);
		}
	}
	return -1;
}

static const struct option init_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ 0 },
};

static int cmd_init(int argc, char **argv)
{
	struct options o = { 0 };
	char err[512];
	int rc = parse_options("init", usage_init, init_options, argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (optind < argc)
		return fail("init", "unexpected argument", argv[optind]);
	if (!o.db)
		return fail("init", "--db FILE is required", NULL);
	if (!db_create(o.db, o.demo, o.force, err, sizeof err))
		return fail("init", err, NULL), 1;
	if (o.demo && !demo_photos_import(o.db, err, sizeof err))
		return fail("init", err, NULL), 1;
	printf("created %s (schema version %d%s)\n", o.db, db_schema_version(),
	       o.demo ? ", demo content" : "");
	return 0;
}

/* Everything serve and render share: config, display zone, clock, templates, schema. */
static bool setup_site(const char *cmd, const struct options *o, struct site *site,
		       struct site_source *src)
{
	char err[600];
	src->config_path = o->config;
	src->templates_dir = o->templates ? o->templates : site_default_templates();
	src->require_base_url = strcmp(cmd, "serve") == 0;  /* render may make http://localhost */
	site->db_path = o->db;
	site->routes = app_routes;
	if (!site_load(site, src, err, sizeof err))
		return fail(cmd, err, NULL), false;
	if (!timefmt_pin_from_env())
		return fail(cmd, "NEWSDESK_NOW must look like 2010-04-17T08:30:00Z, not",
			    getenv("NEWSDESK_NOW")), false;
	if (!db_migrate(o->db, err, sizeof err) || !sessions_prepare(o->db, err, sizeof err))
		return fail(cmd, err, NULL), false;
	if (!auth_init())
		return fail(cmd, "cannot initialise the password checks (libsodium)", NULL), false;
	return true;
}

static const struct option serve_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "socket", required_argument, NULL, OPT_SOCKET },
	{ "socket-mode", required_argument, NULL, OPT_SOCKET_MODE },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "templates", required_argument, NULL, OPT_TEMPLATES },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-sandbox", no_argument, NULL, OPT_NO_SANDBOX },
	{ "help", no_argument, NULL, OPT_HELP },
	{ 0 },
};

static int default_threads(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long n = cpus > 0 ? cpus * 2 : 4;
	return (int)(n < 4 ? 4 : n > 64 ? 64 : n);
}

static int cmd_serve(int argc, char **argv)
{
	struct options o = { .socket_mode = 0660 };
	static struct site site;
	int rc = parse_options("serve", usage_serve, serve_options, argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (optind < argc)
		return fail("serve", "unexpected argument", argv[optind]);
	if (!o.db)
		return fail("serve", "--db FILE is required", NULL);
	struct site_source src = { 0 };
	if (!setup_site("serve", &o, &site, &src))
		return 1;
	site.page_cache = true;
	struct server_options so = {
		.db_path = o.db, .socket_path = o.socket, .socket_mode = o.socket_mode,
		.threads = o.threads ? (int)o.threads : default_threads(), .source = &src,
		.sandbox = !o.no_sandbox,
	};
	/* Half the threads at most check passwords; the rest stay with the readers. */
	site.password_checks = so.threads / 2 > 4 ? 4 : so.threads / 2 > 0 ? so.threads / 2 : 1;
	rc = server_run(&site, &so);
	tpl_shutdown();
	return rc;
}

static const struct option render_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "templates", required_argument, NULL, OPT_TEMPLATES },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "repeat", required_argument, NULL, OPT_REPEAT },
	{ "as", required_argument, NULL, OPT_AS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ 0 },
};

static int cmd_render(int argc, char **argv)
{
	struct options o = { 0 };
	static struct site site;
	int rc = parse_options("render", usage_render, render_options, argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (!o.db)
		return fail("render", "--db FILE is required", NULL);
	if (optind != argc - 1)
		return fail("render", "exactly one PATH is required", NULL);
	struct site_source src = { 0 };
	if (!setup_site("render", &o, &site, &src))
		return 1;
	rc = render_path(&site, o.db, argv[optind], o.repeat, o.as);
	tpl_shutdown();
	return rc;
}

int main(int argc, char **argv)
{
	db_configure();
	if (cgi_requested())  /* a CGI program's arguments are the web server's, never options */
		return cgi_run();
	const char *cmd = argc > 1 ? argv[1] : NULL;
	if (!cmd) {
		fputs(usage_main, stderr);
		return 2;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("newsdesk %s (schema version %d)\n", NEWSDESK_VERSION, db_schema_version());
		return 0;
	}
	if (strcmp(cmd, "init") == 0)
		return cmd_init(argc - 1, argv + 1);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc - 1, argv + 1);
	if (strcmp(cmd, "user") == 0)
		return cmd_user(argc - 1, argv + 1);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(argc - 1, argv + 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "routes") == 0 && argc == 2)  /* hidden: for the route-role test */
		return routes_print(stdout), 0;
	if (strcmp(cmd, "import") == 0)
		return argc > 2 && strcmp(argv[2], "newsdesk") == 0 ? cmd_import_newsdesk(argc - 2, argv + 2)
								    : cmd_import(argc - 1, argv + 1);
	if (strcmp(cmd, "export") == 0)
		return cmd_export(argc - 1, argv + 1);
	fprintf(stderr, "newsdesk: unknown command '%s' (see newsdesk --help)\n", cmd);
	return 2;
}
