/* Unit tests for sandbox.c: a child process that entered the sandbox serve enters (the same
 * sandbox_apply, with a temporary directory as its database's directory) is refused what serving
 * never does (exec, a network socket, files elsewhere) and still does what serving does (its
 * database in WAL mode from two threads, the templates, a unix socket, a clean exit); on a kernel
 * without Landlock it says so and still filters system calls. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <seccomp.h>
#include <sqlite3.h>

#include "sandbox.h"

static char allowed[64];   /* the database's directory: read-write in the sandbox */
static char outside[64];   /* anywhere else */
static char path_buf[256];

static const char *in(const char *dir, const char *name)
{
	snprintf(path_buf, sizeof path_buf, "%s/%s", dir, name);
	return path_buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	strcpy(allowed, "/tmp/newsdesk-sandbox-in-XXXXXX");
	strcpy(outside, "/tmp/newsdesk-sandbox-out-XXXXXX");
	if (!mkdtemp(allowed) || !mkdtemp(outside))
		return -1;
	write_file(in(allowed, "inside.txt"), "inside\n");
	write_file(in(outside, "outside.txt"), "outside\n");
	return 0;
}

static int teardown(void **state)
{
	const char *names[] = { "inside.txt", "test.db", "test.db-wal", "test.db-shm",
				"test.db-journal", "created.txt" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		unlink(in(allowed, names[i]));
	unlink(in(outside, "outside.txt"));
	unlink(in(outside, "created.txt"));
	rmdir(allowed);
	rmdir(outside);
	return 0;
}

/* The child's side: progress letters go to the pipe, so that the parent knows how far it got
 * before it was killed. */
static int progress_fd = -1;

static void step(char c)
{
	if (write(progress_fd, &c, 1) != 1)
		_exit(101);
}

/* Forks a child that runs before (if any), enters the sandbox, writes 'S' and the sandbox's
 * description in brackets, and runs body (which ends the child). Returns the child's wait
 * status; progress gets what it wrote. */
static int run_sandboxed_after(void (*before)(void), void (*body)(void), char *progress, size_t len)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		progress_fd = fds[1];
		/* A child that hangs (the sanitizers' check at exit spins when the filter kills its
		 * tracer) ends by SIGALRM instead of hanging the suite; armed before the filter. */
		alarm(60);
		if (before)
			before();
		char info[256], err[512];
		char dbpath[128];
		snprintf(dbpath, sizeof dbpath, "%s/test.db", allowed);
		struct sandbox_paths p = {
			.db_path = dbpath, .templates_dir = TEST_TEMPLATE_DIR, .listen_fd = -1,
		};
		if (!sandbox_apply(&p, info, sizeof info, err, sizeof err)) {
			dprintf(progress_fd, "E: %s", err);
			_exit(100);
		}
		step('S');
		dprintf(progress_fd, "[%s]", info);
		body();
		_exit(102);  /* body always ends the child itself */
	}
	close(fds[1]);
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	ssize_t n = read(fds[0], progress, len - 1);
	progress[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	if (progress[0] == 'E')
		fail_msg("the child could not enter the sandbox: %s", progress);
	return status;
}

static int run_sandboxed(void (*body)(void), char *progress, size_t len)
{
	int status = run_sandboxed_after(NULL, body, progress, len);
	/* "S[seccomp (N system calls allowed), Landlock ...]" then the body's steps: keep the steps */
	char *end = strchr(progress, ']');
	if (progress[0] == 'S' && progress[1] == '[' && end)
		memmove(progress + 1, end + 1, strlen(end + 1) + 1);
	return status;
}

static const char *describe(int status)
{
	static char s[64];
	if (WIFSIGNALED(status))
		snprintf(s, sizeof s, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(s, sizeof s, "exit status %d", WEXITSTATUS(status));
	return s;
}

/* Refused means killed by SIGSYS: the filter's default action (a filter that returned EPERM
 * instead would show as exit status 10 here, and fail this test on purpose). */
static void assert_killed_by_sigsys(int status, const char *what)
{
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSYS)
		fail_msg("%s: expected the child to be killed by SIGSYS, got %s", what, describe(status));
}

/* ---- (a) no new program ---- */

static void exec_true(void)
{
	char *argv[] = { "true", NULL };
	char *envp[] = { NULL };
	execve("/bin/true", argv, envp);
	_exit(errno == EPERM ? 10 : 11);
}

static void test_exec_is_refused(void **state)
{
	char progress[512];
	int status = run_sandboxed(exec_true, progress, sizeof progress);
	assert_string_equal(progress, "S");
	assert_killed_by_sigsys(status, "execve(\"/bin/true\")");
}

/* ---- (b) files outside the allowed directories ---- */

static void touch_outside(void)
{
	int fd = open(in(outside, "created.txt"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0)
		_exit(1);
	if (errno != EACCES)
		_exit(2);
	step('C');
	fd = open(in(outside, "outside.txt"), O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd >= 0 || errno != EACCES)
		_exit(3);
	step('W');
	fd = open(in(outside, "outside.txt"), O_RDONLY | O_CLOEXEC);  /* not even reading */
	if (fd >= 0 || errno != EACCES)
		_exit(4);
	step('R');
	fd = open(TEST_TEMPLATE_DIR "/escape.tpl", O_WRONLY | O_APPEND | O_CLOEXEC);  /* read-only */
	if (fd >= 0 || errno != EACCES)
		_exit(5);
	step('T');
	_exit(0);
}

static void test_files_outside_are_refused(void **state)
{
	int abi = sandbox_landlock_abi();
	if (abi == 0) {
		print_message("SKIP: this kernel has no Landlock (%s): file access is not limited here\n",
			      strerror(errno));
		skip();
	}
	print_message("Landlock ABI %d\n", abi);
	char progress[512];
	int status = run_sandboxed(touch_outside, progress, sizeof progress);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("writing outside the allowed directories: %s after steps '%s' "
			 "(C: a new file refused, W: writing an existing one, R: reading it, T: writing "
			 "a template)", describe(status), progress);
	assert_string_equal(progress, "SCWRT");
	assert_int_equal(access(in(outside, "created.txt"), F_OK), -1);
}

/* ---- (c) what serving does still works; a network socket does not ---- */

static void inside_then_inet(void)
{
	char buf[32] = "";
	int fd = open(in(allowed, "inside.txt"), O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, sizeof buf - 1) != 7 || strcmp(buf, "inside\n") != 0)
		_exit(20);
	close(fd);
	step('R');
	fd = open(TEST_TEMPLATE_DIR "/escape.tpl", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, 1) != 1)
		_exit(21);
	close(fd);
	step('T');
	fd = open(in(allowed, "created.txt"), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, "x", 1) != 1 || fdatasync(fd) != 0 || ftruncate(fd, 0) != 0 ||
	    close(fd) != 0 || unlink(in(allowed, "created.txt")) != 0)
		_exit(22);
	step('W');
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);  /* the stop's wake-up connection */
	if (fd < 0)
		_exit(23);
	close(fd);
	step('U');
	fd = socket(AF_INET, SOCK_STREAM, 0);
	_exit(fd >= 0 ? 24 : errno == EPERM ? 10 : 25);
}

static void test_inside_works_and_inet_is_refused(void **state)
{
	char progress[512];
	int status = run_sandboxed(inside_then_inet, progress, sizeof progress);
	if (strcmp(progress, "SRTWU") != 0)
		fail_msg("the allowed steps did not all pass: got '%s', %s (R: read a file in the "
			 "database's directory, T: read a template, W: write, truncate and remove a file "
			 "there, U: a unix socket)", progress, describe(status));
	assert_killed_by_sigsys(status, "socket(AF_INET)");
}

/* ---- SQLite in WAL mode from two threads, then a normal exit (in the test build, with the
 * sanitizers' checks at exit, LeakSanitizer's included) ---- */

static sqlite3 *open_db(int flags)
{
	sqlite3 *db = NULL;
	char dbpath[128];
	snprintf(dbpath, sizeof dbpath, "%s/test.db", allowed);
	if (sqlite3_open_v2(dbpath, &db, flags, NULL) != SQLITE_OK)
		_exit(30);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static void *reader(void *arg)
{
	sqlite3 *db = open_db(SQLITE_OPEN_READONLY);
	sqlite3_stmt *s = NULL;
	intptr_t n = -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return (void *)n;
}

static void sqlite_then_exit(void)
{
	sqlite3 *db = open_db(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL; CREATE TABLE t(x);"
			     "BEGIN IMMEDIATE; INSERT INTO t VALUES (1), (2), (3); COMMIT;",
			 NULL, NULL, NULL) != SQLITE_OK)
		_exit(31);
	step('D');
	pthread_t t;
	void *n = NULL;
	if (pthread_create(&t, NULL, reader, NULL) != 0 || pthread_join(t, &n) != 0 || (intptr_t)n != 3)
		_exit(32);
	step('T');
	if (sqlite3_close(db) != SQLITE_OK)  /* the last connection: checkpoints, removes the -wal */
		_exit(33);
	step('C');
	exit(0);
}

static void test_sqlite_threads_and_exit_work(void **state)
{
	char progress[512];
	int status = run_sandboxed(sqlite_then_exit, progress, sizeof progress);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("SQLite in the sandbox: %s after steps '%s' (D: a WAL database made and "
			 "written, T: read from a second thread, C: closed)", describe(status), progress);
	assert_string_equal(progress, "SDTC");
	assert_int_equal(access(in(allowed, "test.db-wal"), F_OK), -1);
}

/* ---- a kernel without Landlock ---- */

/* What an old kernel answers: landlock_create_ruleset is ENOSYS (an outer filter, installed
 * before the sandbox's own, stands in for the kernel). */
static void hide_landlock(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx || seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_create_ruleset), 0) < 0 ||
	    seccomp_load(ctx) < 0)
		_exit(103);
	seccomp_release(ctx);
}

static void write_outside_then_exec(void)
{
	int fd = open(in(outside, "created.txt"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		_exit(40);
	close(fd);
	step('W');
	exec_true();
}

static void test_without_landlock_it_says_so_and_still_filters(void **state)
{
	char progress[512];
	int status = run_sandboxed_after(hide_landlock, write_outside_then_exec, progress, sizeof progress);
	unlink(in(outside, "created.txt"));
	if (!strstr(progress, "Landlock is unavailable (Function not implemented): file access is not limited"))
		fail_msg("the sandbox did not say Landlock is unavailable: '%s' (%s)", progress, describe(status));
	if (progress[strlen(progress) - 1] != 'W')
		fail_msg("without Landlock, a file outside should be writable as before: '%s' (%s)", progress,
			 describe(status));
	assert_killed_by_sigsys(status, "execve(\"/bin/true\") without Landlock");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exec_is_refused),
		cmocka_unit_test(test_files_outside_are_refused),
		cmocka_unit_test(test_inside_works_and_inet_is_refused),
		cmocka_unit_test(test_sqlite_threads_and_exit_work),
		cmocka_unit_test(test_without_landlock_it_says_so_and_still_filters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
