/* The media worker: uploads in, renditions out, each made by newsdesk-media in a child process
 * with limits. */
#define _GNU_SOURCE
#include "media_worker.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "utf8.h"

#if defined(__SANITIZE_ADDRESS__)
#define MEDIA_LIMIT_MEMORY 0   /* AddressSanitizer reserves terabytes of address space */
#else
#define MEDIA_LIMIT_MEMORY 1
#endif

bool media_dir_resolve(const char *configured, const char *db_path, char *out, size_t outlen,
		       char *err, size_t errlen)
{
	int n;
	if (*configured) {
		n = snprintf(out, outlen, "%s", configured);
	} else {
		const char *slash = strrchr(db_path, '/');
		n = slash ? snprintf(out, outlen, "%.*s/photos", (int)(slash - db_path), db_path)
			  : snprintf(out, outlen, "photos");
	}
	if (n < 0 || (size_t)n >= outlen - 32) {
		snprintf(err, errlen, "the media directory's path is too long");
		return false;
	}
	char incoming[600];
	snprintf(incoming, sizeof incoming, "%s/.incoming", out);
	/* nginx reads the renditions as another user: a folder made here is 0755 whatever the
	 * umask (systemd's UMask=0077 would make it 0700); one that exists is left as its owner set
	 * it (a CGI user may not own it: chmod would fail). Uploads wait in .incoming, 0700. */
	bool made = mkdir(out, 0755) == 0;
	if ((!made && errno != EEXIST) || (made && chmod(out, 0755) != 0) ||
	    (mkdir(incoming, 0700) != 0 && errno != EEXIST)) {
		snprintf(err, errlen, "cannot make the media directory %s: %s", out, strerror(errno));
		return false;
	}
	return true;
}

/* Where newsdesk-media is, from newsdesk's own path: beside it (a build tree), else in the
 * libexec folder an install puts it in (NEWSDESK_HELPER_FROM_BIN: ../libexec/newsdesk). */
bool media_helper_find(char *out, size_t outlen, char *err, size_t errlen)
{
	static const char *const from_bin[] = { ".", NEWSDESK_HELPER_FROM_BIN };
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0 || (size_t)n >= sizeof exe - 1) {
		snprintf(err, errlen, "cannot find the image helper newsdesk-media: /proc/self/exe: %s",
			 n < 0 ? strerror(errno) : "too long");
		return false;
	}
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';  /* the kernel's path is absolute */
	for (size_t i = 0; i < sizeof from_bin / sizeof *from_bin; i++) {
		int len = snprintf(out, outlen, "%s/%s/newsdesk-media", exe, from_bin[i]);
		if (len > 0 && (size_t)len < outlen && access(out, X_OK) == 0)
			return true;
	}
	snprintf(err, errlen, "the image helper newsdesk-media is in neither %s nor %s/%s", exe, exe,
		 NEWSDESK_HELPER_FROM_BIN);
	return false;
}

/* fd itself, or (when it is 0, 1 or 2: a process started with those closed) a copy of it
 * above them, close-on-exec, so that null_stdin_stdout cannot replace it. */
static int above_stdio(int fd)
{
	if (fd < 0 || fd > STDERR_FILENO)
		return fd;
	int above = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	close(fd);
	return above;
}

bool media_limits_load(struct media_limits *lim, const struct config *cfg, const char *db_path,
		       char *err, size_t errlen)
{
	lim->max_pixels = cfg->image_max_megapixels * 1000000;
	lim->job_seconds = (int)cfg->image_job_seconds;
	lim->helper_fd = -1;
	/* Jobs are waited for: with SIGCHLD ignored (a parent's SIG_IGN survives exec) the kernel
	 * would reap them itself, waitpid would fail with ECHILD and every answer be refused; and
	 * serve would never hear of its worker's end. */
	signal(SIGCHLD, SIG_DFL);
	if (!media_dir_resolve(cfg->media_dir, db_path, lim->dir, sizeof lim->dir, err, errlen) ||
	    !media_helper_find(lim->helper, sizeof lim->helper, err, errlen))
		return false;
	/* Run from this descriptor (execveat), a job runs the helper found here even after an
	 * upgrade has renamed a new one over it or someone deleted it: never another program. */
	lim->helper_fd = above_stdio(open(lim->helper, O_PATH | O_CLOEXEC));
	if (lim->helper_fd < 0) {
		snprintf(err, errlen, "cannot open the image helper %s: %s", lim->helper,
			 strerror(errno));
		return false;
	}
	return true;
}

void media_limits_close(struct media_limits *lim)
{
	if (lim->helper_fd >= 0)
		close(lim->helper_fd);
	lim->helper_fd = -1;
}

/* ---- the job, in its own process ---- */

static void limit_self(int seconds)
{
	struct rlimit cpu = { (rlim_t)seconds, (rlim_t)seconds + 1 };
	struct rlimit core = { 0, 0 };
	setrlimit(RLIMIT_CPU, &cpu);
	setrlimit(RLIMIT_CORE, &core);
	if (MEDIA_LIMIT_MEMORY) {
		struct rlimit as = { (rlim_t)MEDIA_JOB_MEMORY_MB << 20, (rlim_t)MEDIA_JOB_MEMORY_MB << 20 };
		setrlimit(RLIMIT_AS, &as);
	}
}

/* Closes the descriptors from first to last (inclusive) that are open. */
static void close_from(int first, int last)
{
	if (first <= last && close_range((unsigned)first, (unsigned)last, 0) != 0)
		for (int f = first; f <= last && f < 1024; f++)
			close(f);
}

/* Closes every descriptor above stderr but the n in keep (ascending, each above stderr): a
 * decoder gets no socket, database or directory of its parent's. */
static void close_all_but(const int *keep, int n)
{
	int from = 3;
	for (int i = 0; i < n; i++) {
		close_from(from, keep[i] - 1);
		from = keep[i] + 1;
	}
	close_from(from, INT_MAX);
}

/* /dev/null as standard input and output, stderr kept for the log: what a process of ours
 * inherited there may be the server's FastCGI socket (spawn-fcgi passes it as fd 0) or a CGI
 * response (fd 1), neither of them for a decoder. False when /dev/null cannot be opened. */
static bool null_stdin_stdout(void)
{
	int null = open("/dev/null", O_RDWR);  /* not close-on-exec: it may be fd 0 or 1 itself */
	if (null < 0)
		return false;
	bool ok = dup2(null, STDIN_FILENO) == STDIN_FILENO && dup2(null, STDOUT_FILENO) == STDOUT_FILENO;
	if (null > STDOUT_FILENO)
		close(null);
	return ok;
}

/* The helper's environment: nothing of the server's but TMPDIR (where libvips spills a large
 * decode) and the sanitizers' options, when set. */
static void helper_environment(char **env, size_t max)
{
	static const char *const passed[] = { "TMPDIR=", "ASAN_OPTIONS=", "UBSAN_OPTIONS=",
					      "LSAN_OPTIONS=" };
	size_t n = 0;
	for (char **e = environ; *e; e++)
		for (size_t i = 0; i < sizeof passed / sizeof *passed; i++)
			if (n + 1 < max && strncmp(*e, passed[i], strlen(passed[i])) == 0)
				env[n++] = *e;
	env[n] = NULL;
}

/* Sorts the three descriptors a job child keeps, for close_all_but. */
static void sort3(int *k)
{
	for (int i = 1; i < 3; i++)
		for (int j = i; j > 0 && k[j - 1] > k[j]; j--) {
			int t = k[j];
			k[j] = k[j - 1];
			k[j - 1] = t;
		}
}

/* The child: limits, then newsdesk-media on the input and answer descriptors, which survive the
 * exec (the limits and no_new_privs do too); the answer is written here when it cannot run.
 * The helper's own descriptor is close-on-exec: the helper does not get it. */
static void job_child(int fd, pid_t parent, int input, const char *outdir,
		      const struct media_limits *lim)
{
	struct media_answer a;
	memset(&a, 0, sizeof a);
	fd = above_stdio(fd);
	input = above_stdio(input);
	int keep[3] = { fd, input >= 0 ? input : fd, lim->helper_fd >= 0 ? lim->helper_fd : fd };
	sort3(keep);
	bool quiet = null_stdin_stdout();
	int null_errno = errno;
	close_all_but(keep, 3);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)  /* the parent died before the line above */
		_exit(1);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	limit_self(lim->job_seconds);
	if (input < 0) {
		media_fail(&a, "The upload could not be read back.");
	} else if (!quiet) {
		media_fail(&a, "The image helper newsdesk-media could not start: /dev/null: %s",
			   strerror(null_errno));
	} else {
		char in_arg[16], fd_arg[16], pixels_arg[24], *env[6];
		snprintf(in_arg, sizeof in_arg, "%d", input);
		snprintf(fd_arg, sizeof fd_arg, "%d", fd);
		snprintf(pixels_arg, sizeof pixels_arg, "%lld", lim->max_pixels);
		char *argv[] = { "newsdesk-media", in_arg, fd_arg, (char *)outdir, pixels_arg, NULL };
		helper_environment(env, sizeof env / sizeof *env);
		if (fcntl(input, F_SETFD, 0) == 0 && fcntl(fd, F_SETFD, 0) == 0)
			execveat(lim->helper_fd, "", argv, env, AT_EMPTY_PATH);
		media_fail(&a, "The image helper newsdesk-media could not start: %s", strerror(errno));
	}
	media_write_all(fd, &a, sizeof a);
	_exit(0);
}

/* Removes the entries of the folder fd (which this closes), and those of the folders in it
 * down to depth more levels; links are removed, never followed. */
static void remove_entries(int fd, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	if (!d) {
		close(fd);
		return;
	}
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    unlinkat(dirfd(d), e->d_name, 0) == 0 || errno != EISDIR)
			continue;
		int sub = depth > 0 ? openat(dirfd(d), e->d_name,
					     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
		if (sub >= 0)
			remove_entries(sub, depth - 1);
		unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

/* Removes path: a rendition folder with what is in it (dotfiles and one level of folders too:
 * a refused helper's folder may hold anything), or a file or link in a folder's place. */
static void remove_dir(const char *path)
{
	if (unlink(path) == 0 || errno != EISDIR)
		return;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		remove_entries(fd, 1);
	rmdir(path);
}

static void hash_file(const char *path, char *hex)
{
	crypto_generichash_state st;
	unsigned char out[PHOTO_HASH_LEN / 2], chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	crypto_generichash_init(&st, NULL, 0, sizeof out);
	while (fd >= 0 && (n = read(fd, chunk, sizeof chunk)) > 0)
		crypto_generichash_update(&st, chunk, (unsigned long long)n);
	if (fd >= 0)
		close(fd);
	crypto_generichash_final(&st, out, sizeof out);
	sodium_bin2hex(hex, PHOTO_HASH_LEN + 1, out, sizeof out);
}

void media_hash_file(const char *path, char *hex)
{
	hash_file(path, hex);
}

/* Starts one job on the file at input: a child makes the renditions in a new folder, which
 * media_job_finish makes HASH/ in one rename, so a folder is complete or absent. */
void media_job_start(const struct media_limits *lim, const char *input, long long bytes,
		     struct media_job *job)
{
	static unsigned serial;
	int p[2];
	memset(job, 0, sizeof *job);
	job->child = -1;
	job->fd = -1;
	job->bytes = bytes;
	job->max_pixels = lim->max_pixels;
	job->seconds = lim->job_seconds;
	hash_file(input, job->hash);
	snprintf(job->tmp, sizeof job->tmp, "%s/.incoming/%s-%d-%u", lim->dir, job->hash,
		 (int)getpid(), serial++);
	snprintf(job->final, sizeof job->final, "%s/%s", lim->dir, job->hash);
	remove_dir(job->tmp);
	if (mkdir(job->tmp, 0755) != 0 || pipe2(p, O_CLOEXEC) != 0)
		return;
	int in = open(input, O_RDONLY | O_CLOEXEC);  /* here: input may be /proc/self/fd/N */
	pid_t parent = getpid();
	job->child = fork();
	if (job->child == 0) {
		close(p[0]);
		job_child(p[1], parent, in, job->tmp, lim);
	}
	if (in >= 0)
		close(in);
	close(p[1]);
	job->fd = p[0];
}

/* ---- the helper's answer, checked: it is another program's word ---- */

#define MEDIA_MAX_FILES (PHOTO_WIDTHS * 3 + 2)

/* The files a sound answer's folder holds: each width's WebP, JPEG (and AVIF), the preview JPEG
 * when the picture is that wide, the original. Returns how many, each name once. */
static int expected_files(const struct media_answer *a, char names[MEDIA_MAX_FILES][24])
{
	int n = 0;
	for (int i = 0; i < PHOTO_WIDTHS; i++) {
		if (!(a->widths & (1u << i)))
			continue;
		int w = photo_rendition_width(i, a->width);
		snprintf(names[n++], sizeof names[0], "%d.webp", w);
		snprintf(names[n++], sizeof names[0], "%d.jpg", w);
		if (a->avif)
			snprintf(names[n++], sizeof names[0], "%d.avif", w);
	}
	if (a->width >= PHOTO_OG_WIDTH && (a->widths & (1u << 3)) &&
	    photo_rendition_width(3, a->width) != PHOTO_OG_WIDTH)  /* else named above already */
		snprintf(names[n++], sizeof names[0], "%d.jpg", PHOTO_OG_WIDTH);
	snprintf(names[n++], sizeof names[0], "original.%s", a->alpha ? "png" : "jpg");
	return n;
}

/* A regular file (not a link) with bytes in the folder dirfd. */
static bool regular_file(int dirfd, const char *name)
{
	struct stat st;
	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
	       st.st_size > 0;
}

/* Whether the folder dir holds every file the answer names, each a regular file; exactly those
 * when exact (a new job's folder), at least those otherwise (one made before: an older one
 * may have more, AVIF made when this job's encoder failed). */
static bool folder_complete(const char *dir, const struct media_answer *a, bool exact)
{
	char names[MEDIA_MAX_FILES][24];
	int n = expected_files(a, names);
	struct stat st;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool ok = true;
	for (int i = 0; ok && i < n; i++)
		ok = regular_file(dirfd(d), names[i]);
	struct dirent *e;
	while (ok && exact && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		bool named = false;
		for (int i = 0; !named && i < n; i++)
			named = strcmp(e->d_name, names[i]) == 0;
		ok = named;
	}
	closedir(d);
	return ok;
}

/* Why the helper's answer cannot be taken, or NULL when it is sound: its fields in range and
 * agreeing with each other, and (ok) its folder holding the files they name and nothing else. */
static const char *answer_unsound(const struct media_answer *a, const char *dir,
				  long long max_pixels)
{
	static const char *const formats[] = { "jpeg", "png", "webp", "gif", "heif" };
	if ((a->ok | a->too_large | a->alpha | a->avif) & ~1)
		return "a flag not 0 or 1";
	if (!memchr(a->message, '\0', sizeof a->message) || !memchr(a->format, '\0', sizeof a->format))
		return "an unterminated string";
	if (!a->ok)
		return utf8_text(a->message, strlen(a->message)) && *a->message ? NULL
										 : "a message that is no text";
	bool known = false;
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		known = known || strcmp(a->format, formats[i]) == 0;
	if (!known)
		return "an unknown format";
	if (a->too_large || a->width < 1 || a->width > MEDIA_MAX_SIDE || a->height < 1 ||
	    a->height > MEDIA_MAX_SIDE || (long long)a->width * a->height > max_pixels)
		return "a size out of range";
	if (a->widths != photo_widths_for(a->width))
		return "widths that are not the picture's";
	if (!folder_complete(dir, a, true))
		return "a folder without the files it names, or with others";
	return NULL;
}

/* rename(2) unless to is there (EEXIST then); on a filesystem without RENAME_NOREPLACE (NFS),
 * rename(2), which replaces an empty folder only. */
static int rename_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	if (rename(from, to) == 0)
		return 0;
	if (errno == ENOTEMPTY || errno == ENOTDIR)
		errno = EEXIST;
	return -1;
}

/* The job's folder made HASH/: renamed there, or, when something of that name is there already
 * (the same bytes uploaded before, or by another process just now), kept if it is a complete
 * folder and else swapped with ours in one step (a folder a delete cut short, a stray file or
 * link), so that readers never find HASH/ missing; what it was lands in job->tmp. A kept folder
 * may hold AVIF where this job made none: a->avif then says so. */
static bool put_in_place(const struct media_job *job, struct media_answer *a)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		if (rename_noreplace(job->tmp, job->final) == 0)
			return true;
		if (errno != EEXIST)
			return false;
		if (folder_complete(job->final, a, false)) {
			struct media_answer with_avif = *a;
			with_avif.avif = 1;
			a->avif = a->avif || folder_complete(job->final, &with_avif, false);
			return true;
		}
		if (renameat2(AT_FDCWD, job->tmp, AT_FDCWD, job->final, RENAME_EXCHANGE) == 0)
			return true;
		if (errno != ENOENT)  /* else HASH/ went meanwhile: try again */
			return false;
	}
	return false;
}

/* The job's child reaped: true when it exited with status 0 by the deadline (else, over its
 * time, it is killed); why says how it ended, for the log. */
static bool reap(pid_t child, long long deadline, char *why, size_t len)
{
	struct timespec pause = { 0, 2000000 };
	int status = 0;
	for (;;) {
		pid_t r = waitpid(child, &status, WNOHANG);
		if (r == child)
			break;
		if (r < 0 && errno != EINTR) {
			int e = errno;
			snprintf(why, len, "no status: waitpid: %s%s", strerror(e),
				 e == ECHILD ? " (reaped by the kernel: SIGCHLD ignored?)" : "");
			return false;
		}
		if (r == 0 && media_deadline(0) >= deadline) {
			kill(child, SIGKILL);
			while (waitpid(child, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		nanosleep(&pause, NULL);
	}
	snprintf(why, len, "%s %d", WIFEXITED(status) ? "status" : "signal",
		 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* How long a helper that has answered may take to exit, however close to its deadline it
 * answered: freeing a large decode's memory is not instant. */
#define MEDIA_EXIT_GRACE_MS 2000

void media_job_finish(struct media_job *job, struct media_answer *a)
{
	long long deadline = media_deadline(job->seconds * 1000);
	bool answered = job->child > 0 && media_read_all(job->fd, a, sizeof *a, deadline);
	if (job->fd >= 0)
		close(job->fd);
	char why[160];
	long long exit_by = media_deadline(MEDIA_EXIT_GRACE_MS);
	if (exit_by < deadline)
		exit_by = deadline;
	if (job->child > 0 && !reap(job->child, answered ? exit_by : 0, why, sizeof why) && answered) {
		fprintf(stderr, "newsdesk: media: the image helper's job for %s answered, then ended "
			"with %s: its answer is refused\n", job->hash, why);
		answered = false;
	}
	const char *unsound = answered ? answer_unsound(a, job->tmp, job->max_pixels) : NULL;
	if (unsound) {
		fprintf(stderr, "newsdesk: media: the image helper's answer for %s is refused: %s\n",
			job->hash, unsound);
		memset(a, 0, sizeof *a);
		media_fail(a, "The picture could not be processed: the image helper's answer was "
			      "refused.");
	} else if (!answered) {
		memset(a, 0, sizeof *a);
		media_fail(a, job->fd < 0 ? "The media directory cannot be written."
				    : "The picture could not be processed: its decoder failed or took too long.");
	}
	memcpy(a->hash, job->hash, sizeof a->hash);
	a->bytes = job->bytes;
	if (a->ok && !put_in_place(job, a))
		media_fail(a, "The renditions could not be stored.");
	remove_dir(job->tmp);  /* what a failed job left, or a second copy of a known image */
}

static void run_job(const struct media_limits *lim, const char *input, long long bytes,
		    struct media_answer *a)
{
	struct media_job job;
	media_job_start(lim, input, bytes, &job);
	media_job_finish(&job, a);
}

bool media_process_file(const struct media_limits *lim, const char *path,
			struct media_answer *answer)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	run_job(lim, path, (long long)st.st_size, answer);
	return true;
}

/* ---- the worker process ---- */

static bool delete_image(const struct media_limits *lim, const char *hash)
{
	char dir[600];
	if (!photo_hash_valid(hash))
		return false;
	snprintf(dir, sizeof dir, "%s/%s", lim->dir, hash);
	remove_dir(dir);
	return access(dir, F_OK) != 0;
}

/* Copies len bytes of the socket into a new file under .incoming/. */
static bool receive_upload(int fd, uint64_t len, const char *path)
{
	char chunk[65536];
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	bool ok = out >= 0;
	while (len) {
		size_t want = len < sizeof chunk ? (size_t)len : sizeof chunk;
		if (!media_read_all(fd, chunk, want, media_deadline(60000)))
			return out >= 0 ? (close(out), false) : false;
		ok = ok && media_write_all(out, chunk, want);
		len -= want;
	}
	if (out >= 0)
		close(out);
	return ok;
}

/* Removes what killed jobs left in .incoming/: entries older than any live job or upload. */
static void sweep_incoming(const struct media_limits *lim)
{
	char dir[600], path[900];  /* dir, '/' and a name of up to 255 bytes */
	struct stat st;
	struct dirent *e;
	time_t before = time(NULL) - lim->job_seconds - 60;  /* 60: an upload's read deadline */
	snprintf(dir, sizeof dir, "%s/.incoming", lim->dir);
	DIR *d = opendir(dir);
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && st.st_mtime < before)
			remove_dir(path);
	}
	if (d)
		closedir(d);
}

static void serve_jobs(int fd, const struct media_limits *lim)
{
	struct media_request rq;
	char input[600];
	snprintf(input, sizeof input, "%s/.incoming/upload-%d", lim->dir, (int)getpid());
	for (;;) {
		/* idle as long as the server runs; then the request within a minute */
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (!media_read_all(fd, &rq, sizeof rq, media_deadline(60000)))
			return;
		struct media_answer a;
		memset(&a, 0, sizeof a);
		rq.hash[PHOTO_HASH_LEN] = '\0';
		if (rq.op == MEDIA_DELETE) {
			a.ok = delete_image(lim, rq.hash);
		} else if (rq.op == MEDIA_PROCESS && rq.len <= (1ULL << 32)) {
			if (receive_upload(fd, rq.len, input))
				run_job(lim, input, (long long)rq.len, &a);
			else
				media_fail(&a, "The upload could not be stored for processing.");
			unlink(input);
		} else {
			return;
		}
		if (!media_write_all(fd, &a, sizeof a))
			return;
	}
}

int media_worker_start(const struct media_limits *lim, pid_t *pid, char *err, size_t errlen)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(err, errlen, "media worker: socketpair: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	*pid = fork();
	if (*pid < 0) {
		snprintf(err, errlen, "media worker: fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (*pid == 0) {
		/* Only the socket, the helper and stderr: not the database, not the listening socket
		 * (fd 0 under spawn-fcgi), not a CGI response (fd 1). */
		close(sv[0]);
		sv[1] = above_stdio(sv[1]);
		int keep[2] = { sv[1] < lim->helper_fd ? sv[1] : lim->helper_fd,
				sv[1] < lim->helper_fd ? lim->helper_fd : sv[1] };
		if (!null_stdin_stdout()) {
			fprintf(stderr, "newsdesk: media worker: /dev/null: %s\n", strerror(errno));
			_exit(1);
		}
		close_all_but(keep, 2);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		umask(022);  /* renditions readable by nginx's user (the server's own umask may be 077) */
		signal(SIGHUP, SIG_IGN);
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_IGN);
		signal(SIGCHLD, SIG_DFL);  /* its jobs are waited for (media_limits_load) */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		sweep_incoming(lim);
		serve_jobs(sv[1], lim);
		_exit(0);
	}
	close(sv[1]);
	return sv[0];
}
