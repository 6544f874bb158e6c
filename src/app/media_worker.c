/* The media worker: uploads in, renditions out, each decode in a child process with limits. */
#define _GNU_SOURCE
#include "media_worker.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
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
#include <vips/vips.h>
#include <webp/encode.h>

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

/* ---- the job, in its own process ---- */

/* What the first bytes say the file is; NULL for anything we do not take. */
static const char *sniff(const unsigned char *b, size_t n)
{
	static const char *const heif_brands[] = { "heic", "heix", "mif1", "msf1", "avif", "avis" };
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "jpeg";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
		return "gif";
	if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return "webp";
	for (size_t i = 0; n >= 12 && memcmp(b + 4, "ftyp", 4) == 0 && i < 6; i++)
		if (memcmp(b + 8, heif_brands[i], 4) == 0)
			return "heif";
	return NULL;
}

/* The loader libvips picks from the bytes must be the one for what we sniffed. */
static bool loader_agrees(const char *loader, const char *format)
{
	char want[32];
	snprintf(want, sizeof want, "VipsForeignLoad%sBuffer",
		 strcmp(format, "jpeg") == 0 ? "Jpeg" : strcmp(format, "png") == 0 ? "Png"
		 : strcmp(format, "gif") == 0 ? "Nsgif" : strcmp(format, "webp") == 0 ? "Webp" : "Heif");
	return loader && (strcmp(loader, want) == 0 ||
			  (strcmp(format, "png") == 0 && strcmp(loader, "VipsForeignLoadPngBuffer") == 0));
}

__attribute__((format(printf, 2, 3)))
static void fail(struct media_answer *a, const char *fmt, ...)
{
	va_list ap;
	a->ok = 0;
	va_start(ap, fmt);
	vsnprintf(a->message, sizeof a->message, fmt, ap);
	va_end(ap);
}

static bool save_webp(VipsImage *img, const char *path);

/* AVIF through libheif's AV1 encoder (libaom here) at its lowest effort: a 24-megapixel upload's
 * five widths then cost about half a second more, where effort 2 costs three times that for
 * files no smaller. img is bare pixels already, and strip keeps libheif from adding any. */
#define AVIF_QUALITY 50
#define AVIF_EFFORT 0

static bool save_avif(VipsImage *img, const char *path)
{
	return vips_heifsave(img, path, "compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1,
			     "Q", AVIF_QUALITY, "effort", AVIF_EFFORT, "strip", TRUE, NULL) == 0;
}

/* The renditions of one width: WebP and AVIF (unless told not to: the preview JPEG alone), JPEG.
 * An AVIF the encoder cannot write turns *avif off and the picture goes on without AVIF. */
static bool save_pair(VipsImage *img, const char *dir, int w, bool alpha, bool webp, int *avif)
{
	char path[700];
	VipsImage *flat = NULL;
	bool ok = true;
	if (webp) {
		snprintf(path, sizeof path, "%s/%d.webp", dir, w);
		ok = save_webp(img, path);
		snprintf(path, sizeof path, "%s/%d.avif", dir, w);
		if (ok && *avif && !save_avif(img, path)) {
			*avif = 0;
			unlink(path);
			vips_error_clear();
		}
	}
	if (ok && alpha && vips_flatten(img, &flat, "background", vips_array_double_newv(1, 255.0),
					NULL) != 0)
		return false;
	snprintf(path, sizeof path, "%s/%d.jpg", dir, w);
	ok = ok && vips_jpegsave(flat ? flat : img, path, "Q", 82, "strip", TRUE,
				 "optimize_coding", TRUE, "interlace", TRUE, NULL) == 0;
	if (flat)
		g_object_unref(flat);
	return ok;
}

/* A rendition w wide from src, kept in memory: the next narrower one is made from it, which
 * costs a fifth of making each from the full picture. */
static VipsImage *shrink(VipsImage *src, int w)
{
	VipsImage *t, *mem;
	if (vips_thumbnail_image(src, &t, w, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
				 NULL) != 0)
		return NULL;
	mem = vips_image_copy_memory(t);
	g_object_unref(t);
	return mem;
}

/* Every width the picture gets, widest first, each in WebP, AVIF and JPEG; the preview JPEG from the
 * rendition at PHOTO_OG_WIDTH's place (1280, or the picture's own width below that). */
static bool make_widths(VipsImage *full, const char *dir, struct media_answer *a)
{
	VipsImage *src = full;
	bool ok = true;
	g_object_ref(src);
	for (int i = PHOTO_WIDTHS - 1; ok && i >= 0; i--) {
		if (!(a->widths & (1u << i)))
			continue;
		VipsImage *r = shrink(src, photo_rendition_width(i, a->width));
		ok = r && save_pair(r, dir, photo_rendition_width(i, a->width), a->alpha, true,
					 &a->avif);
		if (ok && i == 3 && a->width >= PHOTO_OG_WIDTH) {
			VipsImage *og = shrink(r, PHOTO_OG_WIDTH);
			ok = og && save_pair(og, dir, PHOTO_OG_WIDTH, a->alpha, false, &a->avif);
			if (og)
				g_object_unref(og);
		}
		g_object_unref(src);
		src = r;
	}
	if (src)
		g_object_unref(src);
	return ok;
}

/* The pixels alone, in a new image with no metadata at all: savers' "strip" is not trusted
 * (libvips 8.14's WebP saver keeps EXIF, GPS included, through it). */
static VipsImage *bare_pixels(VipsImage *img)
{
	size_t size;
	void *data = vips_image_write_to_memory(img, &size);
	if (!data)
		return NULL;
	VipsImage *bare = vips_image_new_from_memory_copy(data, size, vips_image_get_width(img),
							  vips_image_get_height(img),
							  vips_image_get_bands(img),
							  vips_image_get_format(img));
	g_free(data);
	VipsImage *out = NULL;
	if (bare && vips_copy(bare, &out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL) != 0)
		out = NULL;
	if (bare)
		g_object_unref(bare);
	return out;
}

/* WebP through libwebp's simple encoder, which writes the picture and nothing else. */
static bool save_webp(VipsImage *img, const char *path)
{
	size_t size, n = 0;
	int w = vips_image_get_width(img), h = vips_image_get_height(img);
	int bands = vips_image_get_bands(img);
	uint8_t *out = NULL;
	if (vips_image_get_format(img) != VIPS_FORMAT_UCHAR || (bands != 3 && bands != 4))
		return false;
	VipsPel *px = vips_image_write_to_memory(img, &size);
	if (!px)
		return false;
	n = bands == 4 ? WebPEncodeRGBA(px, w, h, w * 4, 80, &out)
		       : WebPEncodeRGB(px, w, h, w * 3, 80, &out);
	g_free(px);
	int fd = n ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
	bool ok = fd >= 0 && media_write_all(fd, out, n);
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	WebPFree(out);
	return ok;
}

/* Upright, sRGB, in memory once, without metadata: every file is made from it. */
static VipsImage *decode_upright(const void *buf, size_t len, struct media_answer *a)
{
	VipsImage *in = vips_image_new_from_buffer(buf, len, "", "fail_on", VIPS_FAIL_ON_TRUNCATED,
						   NULL);
	VipsImage *rot = NULL, *srgb = NULL, *eight = NULL, *mem = NULL;
	if (!in)
		return NULL;
	if (vips_autorot(in, &rot, NULL) == 0 &&
	    vips_colourspace(rot, &srgb, VIPS_INTERPRETATION_sRGB, NULL) == 0 &&
	    (vips_image_get_format(srgb) == VIPS_FORMAT_UCHAR
		     ? (eight = srgb, g_object_ref(eight), true)
		     : vips_cast(srgb, &eight, VIPS_FORMAT_UCHAR, "shift", TRUE, NULL) == 0))
		mem = bare_pixels(eight);  /* 16-bit pictures: their top 8 bits */
	g_object_unref(in);
	if (rot)
		g_object_unref(rot);
	if (srgb)
		g_object_unref(srgb);
	if (eight)
		g_object_unref(eight);
	(void)a;
	return mem;
}

static void make_renditions(const void *buf, size_t len, const char *dir, long long max_pixels,
			    struct media_answer *a)
{
	const char *format = sniff(buf, len);
	if (!format)
		return fail(a, "This file is not a JPEG, PNG, WebP, GIF, HEIC or AVIF picture.");
	if (!loader_agrees(vips_foreign_find_load_buffer(buf, len), format))
		return fail(a, "This file is not a picture newsdesk can read (%s?).", format);
	snprintf(a->format, sizeof a->format, "%s", format);
	VipsImage *hdr = vips_image_new_from_buffer(buf, len, "", NULL);  /* header only */
	if (!hdr)
		return fail(a, "The picture could not be read: %s", vips_error_buffer());
	long long pixels = (long long)vips_image_get_width(hdr) * vips_image_get_height(hdr);
	g_object_unref(hdr);
	if (pixels > max_pixels) {
		a->too_large = 1;
		char n[32];
		snprintf(n, sizeof n, "%lld", max_pixels / 1000000);
		return fail(a, "The picture has more pixels than the limit of %s megapixels.", n);
	}
	VipsImage *full = decode_upright(buf, len, a);
	if (!full)
		return fail(a, "The picture could not be read (damaged or cut short): %.120s",
			    vips_error_buffer());
	a->width = vips_image_get_width(full);
	a->height = vips_image_get_height(full);
	a->alpha = vips_image_hasalpha(full);
	a->widths = photo_widths_for(a->width);
	a->avif = 1;
	bool ok = make_widths(full, dir, a);
	char path[700];
	snprintf(path, sizeof path, "%s/original.%s", dir, a->alpha ? "png" : "jpg");
	if (ok)
		ok = a->alpha ? vips_pngsave(full, path, "strip", TRUE, NULL) == 0
			      : vips_jpegsave(full, path, "Q", 90, "strip", TRUE, NULL) == 0;
	g_object_unref(full);
	if (!ok)
		return fail(a, "The renditions could not be written: %.120s", vips_error_buffer());
	a->ok = 1;
}

static bool read_file(int fd, char **out, size_t *len)
{
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !(*out = malloc((size_t)st.st_size + 1))) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	*len = (size_t)st.st_size;
	bool ok = media_read_all(fd, *out, *len, media_deadline(60000));
	close(fd);
	return ok || *len == 0;
}

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

/* Closes every descriptor above stderr but a and b (a <= b): a decoder gets no socket,
 * database or directory of its parent's. */
static void close_all_but(int a, int b)
{
	close_from(3, a - 1);
	close_from(a + 1, b - 1);
	close_from(b + 1, INT_MAX);
}

/* The child: limits, libvips, one answer on fd, exit. */
static void job_child(int fd, pid_t parent, int input, const char *outdir,
		      const struct media_limits *lim)
{
	struct media_answer a;
	char *buf = NULL;
	size_t len = 0;
	memset(&a, 0, sizeof a);
	int keep = input >= 0 ? input : fd;
	close_all_but(keep < fd ? keep : fd, keep < fd ? fd : keep);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)  /* the parent died before the line above */
		_exit(1);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	limit_self(lim->job_seconds);
	if (!read_file(input, &buf, &len))
		fail(&a, "The upload could not be read back.");
	else if (VIPS_INIT("newsdesk-media") != 0)
		fail(&a, "The image library could not start.");
	else {
		vips_cache_set_max(0);
		make_renditions(buf, len, outdir, lim->max_pixels, &a);
	}
	media_write_all(fd, &a, sizeof a);
	_exit(0);
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1200];  /* dir (sweep_incoming's up to 900 bytes), '/' and a name of up to 255 */
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	rmdir(dir);
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

void media_job_finish(struct media_job *job, struct media_answer *a)
{
	bool answered = job->child > 0 &&
			media_read_all(job->fd, a, sizeof *a, media_deadline(job->seconds * 1000));
	if (job->fd >= 0)
		close(job->fd);
	if (job->child > 0) {
		kill(job->child, SIGKILL);  /* gone already, or over its time */
		waitpid(job->child, NULL, 0);
	}
	if (!answered) {
		memset(a, 0, sizeof *a);
		fail(a, job->fd < 0 ? "The media directory cannot be written."
				    : "The picture could not be processed: its decoder failed or took too long.");
	}
	memcpy(a->hash, job->hash, sizeof a->hash);
	a->message[sizeof a->message - 1] = '\0';
	a->format[sizeof a->format - 1] = '\0';
	a->bytes = job->bytes;
	if (a->ok && rename(job->tmp, job->final) != 0 && errno != EEXIST && errno != ENOTEMPTY)
		fail(a, "The renditions could not be stored.");
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
		if (lstat(path, &st) != 0 || st.st_mtime >= before)
			continue;
		if (S_ISDIR(st.st_mode))
			remove_dir(path);
		else
			unlink(path);
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
				fail(&a, "The upload could not be stored for processing.");
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
		/* Only the socket and stdio: not the database, not the listening socket. */
		close(sv[0]);
		for (int f = 3; f < 1024; f++)
			if (f != sv[1])
				close(f);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		umask(022);  /* renditions readable by nginx's user (the server's own umask may be 077) */
		signal(SIGHUP, SIG_IGN);
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_IGN);
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
