/* serve's least privilege, as OpenBSD's pledge and unveil: a seccomp allowlist of system calls
 * and, where the kernel has Landlock, a short list of the files the server may still open. */
#define _GNU_SOURCE  /* O_PATH: before any include */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/ioctl.h>  /* TCGETS */
#include <unistd.h>

#include <linux/landlock.h>
#include <seccomp.h>

/* The test build runs under AddressSanitizer (with LeakSanitizer) and UBSan; their runtime needs
 * a few more system calls and /proc/self (see sanitizer_calls below). */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_SANITIZERS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define SANDBOX_SANITIZERS 1
#endif
#endif
#ifndef SANDBOX_SANITIZERS
#define SANDBOX_SANITIZERS 0
#endif

/* ---- Landlock ----
 * Debian 12's <linux/landlock.h> describes ABI 2 (Linux 6.1); the kernel may offer more. The
 * later rights and fields are defined here from the kernel's uapi, and each is asked for only
 * when the running kernel's ABI has it. */
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)         /* ABI 2 */
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)      /* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)     /* ABI 5 */
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)      /* ABI 4 */
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif
#ifndef LANDLOCK_RULE_NET_PORT
#define LANDLOCK_RULE_NET_PORT 2                      /* ABI 4 */
struct landlock_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)  /* ABI 6 */
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif

/* struct landlock_ruleset_attr as of ABI 6; the kernel is given only the fields its ABI knows. */
struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;  /* ABI 4 */
	uint64_t scoped;              /* ABI 6 */
};

#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
/* What SQLite does in the database's directory: open, read and write the database and its
 * -wal, -shm and -journal files, create them, truncate them, and delete the -wal (and a
 * -journal) when the last connection closes. */
#define FS_DATABASE (FS_READ | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG | \
		     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE)
/* The rights that make sense on a file rather than a directory. */
#define FS_FILE_RIGHTS (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
			LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | \
			LANDLOCK_ACCESS_FS_IOCTL_DEV)

int sandbox_landlock_abi(void)
{
	long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	return abi < 0 ? 0 : (int)abi;
}

/* Every file-system right this ABI knows: all are handled, so all are refused but those the
 * rules grant. */
static uint64_t fs_rights(int abi)
{
	uint64_t r = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;  /* ABI 1: bits 0 to 12 */
	if (abi >= 2)
		r |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		r |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return r;
}

/* dirname() without touching path: "var/demo.db" -> "var", "demo.db" -> ".", "/x" -> "/". */
static bool parent_dir(const char *path, char *out, size_t outlen)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return snprintf(out, outlen, ".") < (int)outlen;
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= outlen)
		return false;
	memcpy(out, path, n);
	out[n] = '\0';
	return true;
}

/* Grants access beneath path (or to the file at path). optional: a path that does not exist
 * is skipped. */
static bool allow_path(int ruleset, uint64_t handled, const char *path, uint64_t access,
		       bool optional, char *err, size_t errlen)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		if (optional && errno == ENOENT)
			return true;
		snprintf(err, errlen, "Landlock: cannot open %s: %s", path, strerror(errno));
		return false;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "Landlock: cannot stat %s: %s", path, strerror(errno));
		close(fd);
		return false;
	}
	struct landlock_path_beneath_attr rule = {
		.allowed_access = access & handled & (S_ISDIR(st.st_mode) ? ~0ULL : FS_FILE_RIGHTS),
		.parent_fd = fd,
	};
	long rc = syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
	int e = errno;
	close(fd);
	if (rc != 0) {
		snprintf(err, errlen, "Landlock: cannot add a rule for %s: %s", path, strerror(e));
		return false;
	}
	return true;
}

/* Grants access beneath the directory that holds path. */
static bool allow_parent(int ruleset, uint64_t handled, const char *path, uint64_t access,
			 char *err, size_t errlen)
{
	char dir[PATH_MAX];
	if (!parent_dir(path, dir, sizeof dir)) {
		snprintf(err, errlen, "Landlock: path too long: %s", path);
		return false;
	}
	return allow_path(ruleset, handled, dir, access, false, err, errlen);
}

/* An abstract socket (no path) as the listening socket: systemd's ListenStream=@name. */
static bool abstract_socket(int fd)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof sa;
	if (fd < 0 || getsockname(fd, (struct sockaddr *)&sa, &len) != 0 || sa.sun_family != AF_UNIX)
		return false;
	return len > offsetof(struct sockaddr_un, sun_path) && sa.sun_path[0] == '\0';
}

/* Lets the process connect to TCP port (any address: Landlock knows ports only; seccomp and the
 * configuration keep it to the caches). */
static bool allow_connect(int ruleset, int port, char *err, size_t errlen)
{
	struct landlock_net_port_attr rule = {
		.allowed_access = LANDLOCK_ACCESS_NET_CONNECT_TCP,
		.port = (uint64_t)port,
	};
	if (syscall(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_NET_PORT, &rule, 0) != 0) {
		snprintf(err, errlen, "Landlock: cannot allow connections to port %d: %s", port,
			 strerror(errno));
		return false;
	}
	return true;
}

/* Returns false with err on a real failure; true with *abi = 0 and why when the kernel has no
 * Landlock (then file access is left to the usual permissions). */
static bool landlock_apply(const struct sandbox_paths *p, int *abi, char *why, size_t whylen,
			   char *err, size_t errlen)
{
	*abi = sandbox_landlock_abi();
	if (*abi <= 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		*abi = 0;
		return true;
	}
	struct ruleset_attr attr = { .handled_access_fs = fs_rights(*abi) };
	size_t size = offsetof(struct ruleset_attr, handled_access_net);
	if (*abi >= 4) {
		/* No TCP but connections to the cache tier's ports (seccomp allows no network socket
		 * without them either: this is the second lock). */
		attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
		size = offsetof(struct ruleset_attr, scoped);
	}
	if (*abi >= 6) {
		/* No signal to a process outside the sandbox, and no connection to an abstract unix
		 * socket made outside it, unless the listening socket is one: the stop connects to
		 * it to wake the threads blocked in accept. */
		attr.scoped = LANDLOCK_SCOPE_SIGNAL;
		if (!abstract_socket(p->listen_fd))
			attr.scoped |= LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET;
		size = sizeof attr;
	}
	int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
	if (ruleset < 0) {
		snprintf(err, errlen, "Landlock: cannot create a ruleset: %s", strerror(errno));
		return false;
	}
	uint64_t h = attr.handled_access_fs;
	bool ok = allow_parent(ruleset, h, p->db_path, FS_DATABASE, err, errlen) &&
		  (!p->templates_dir ||
		   allow_path(ruleset, h, p->templates_dir, FS_READ, false, err, errlen)) &&
		  allow_path(ruleset, h, "/usr/share/zoneinfo", FS_READ, true, err, errlen) &&
		  allow_path(ruleset, h, "/etc/localtime", LANDLOCK_ACCESS_FS_READ_FILE, true, err, errlen);
	/* The configuration's directory rather than the file alone: a rule holds an inode, and an
	 * editor that saves by writing a new file and renaming it over the old one (sed -i, vim's
	 * default) would leave the rule on the old file and the next SIGHUP refused. */
	if (ok && p->config_path)
		ok = allow_parent(ruleset, h, p->config_path, LANDLOCK_ACCESS_FS_READ_FILE, err, errlen);
	/* Our own socket is removed at exit. */
	if (ok && p->socket_path)
		ok = allow_parent(ruleset, h, p->socket_path, LANDLOCK_ACCESS_FS_REMOVE_FILE, err, errlen);
	/* The test build's sanitizers: LeakSanitizer's check at exit lists /proc/PID/task, and a
	 * report reads /proc/PID/maps (/proc/self is resolved now, to this process's own
	 * directory), then the program and its libraries to name the functions in its stacks. */
	if (ok && SANDBOX_SANITIZERS)
		ok = allow_path(ruleset, h, "/proc/self", FS_READ, false, err, errlen) &&
		     allow_path(ruleset, h, "/proc/self/exe", LANDLOCK_ACCESS_FS_READ_FILE, false, err,
				errlen) &&
		     allow_path(ruleset, h, "/usr/lib", LANDLOCK_ACCESS_FS_READ_FILE, true, err, errlen) &&
		     allow_path(ruleset, h, "/lib", LANDLOCK_ACCESS_FS_READ_FILE, true, err, errlen);
	for (int i = 0; ok && *abi >= 4 && i < p->ntcp_ports; i++)
		ok = allow_connect(ruleset, p->tcp_ports[i], err, errlen);
	if (ok && syscall(__NR_landlock_restrict_self, ruleset, 0) != 0) {
		snprintf(err, errlen, "Landlock: cannot restrict the process: %s", strerror(errno));
		ok = false;
	}
	close(ruleset);
	return ok;
}

/* ---- seccomp ----
 * An allowlist: what serving calls, found by reading the code paths and by tracing (strace) the
 * whole test suite under the filter, with the release build and the sanitizers' build; nothing
 * else. Names this architecture lacks are skipped. */
static const char *const serving_calls[] = {
	/* descriptors already open: the FastCGI connections, SQLite's files, stderr; the files a
	 * reload reads with stdio (lseek: glibc's time zone reader seeks past a zone file's
	 * first part when a reload changes the zone) */
	"read", "write", "pread64", "pwrite64", "lseek", "close",
	/* SQLite: open the database's connections and its -wal, -shm and -journal files (and its
	 * temporary files), check for them, lock them (fcntl), size them (fstat, ftruncate, the
	 * -shm mapped shared), sync them (fdatasync; fsync where it is built without), delete the
	 * -wal when the last connection closes; the current directory and symbolic links to make
	 * a relative database path whole (getcwd, readlink); and, run as root, give a new side
	 * file the database's owner and mode (geteuid, fchown, fchmod) */
	"openat", "fstat", "newfstatat", "access", "fcntl", "ftruncate", "fdatasync", "fsync",
	"unlink", "getcwd", "readlink", "readlinkat", "geteuid", "fchown", "fchmod", "getpid",
	/* memory: glibc's malloc and thread stacks (mmap and mprotect never executable: below) */
	"munmap", "mremap", "madvise", "brk",
	/* threads: each worker's start (set_robust_list, rseq) and end (exit), and locks */
	"futex", "set_robust_list", "rseq", "exit",
	/* glibc's malloc, making a ninth arena (more than 8 threads), sizes them from the CPUs
	 * the process may use */
	"sched_getaffinity",
	/* signals: sigwait for SIGHUP and SIGTERM, the signal masks; the first pthread_create
	 * installs glibc's own handlers (rt_sigaction); a handler's return (rt_sigreturn) and a
	 * sleep resumed after SIGSTOP and SIGCONT (restart_syscall) */
	"rt_sigtimedwait", "rt_sigprocmask", "rt_sigaction", "rt_sigreturn", "restart_syscall",
	/* time: clock_gettime and gettimeofday are the vDSO's unless the clock source has none;
	 * SQLite's busy wait sleeps (usleep: clock_nanosleep) */
	"clock_gettime", "gettimeofday", "time", "clock_nanosleep", "nanosleep",
	/* libsodium's random bytes (session tokens, CSRF tokens, password salts) */
	"getrandom",
	/* libfcgi: accept, its lingering close (shutdown, then poll and read), and the stop,
	 * which connects to an inherited socket to wake the threads blocked in accept */
	"accept", "accept4", "connect", "getsockname", "shutdown", "poll", "ppoll",
	"exit_group",
};

#if SANDBOX_SANITIZERS
/* The sanitizers' runtime, in the test build only. LeakSanitizer's check at exit stops the world:
 * it clones a tracer task (clone without CLONE_THREAD, which the production filter refuses)
 * that ptrace-attaches to every thread, waits for them, reads their registers and detaches,
 * listing /proc/PID/task with the runtime's own open and getdents; the process first
 * names the tracer with prctl(PR_SET_PTRACER) and the tracer asks prctl(PR_SET_PDEATHSIG). (A
 * tracer killed by the filter leaves the process spinning at exit: a hang, not a report.)
 * UBSan's vptr check asks whether memory is readable by writing it into a pipe
 * (IsAccessibleMemoryRange: pipe2). Threads get an alternate signal stack (sigaltstack) for the
 * sanitizers' handlers, and the runtime's own locks and thread registry use sched_yield and
 * gettid. */
static const char *const sanitizer_calls[] = {
	"ptrace", "wait4", "prctl", "getppid", "open", "getdents", "getdents64", "pipe", "pipe2",
	"sigaltstack", "sched_yield", "gettid",
};
#endif

static int add_rule(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned n,
		    const struct scmp_arg_cmp *cmp, char *err, size_t errlen)
{
	int nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR)
		return 0;  /* not a system call on this architecture */
	int rc = seccomp_rule_add_array(ctx, action, nr, n, cmp);
	if (rc < 0) {
		snprintf(err, errlen, "seccomp: cannot add %s: %s", name, strerror(-rc));
		return -1;
	}
	return 1;
}

/* The cache tier's purges (libcurl, over TCP, to addresses resolved before the sandbox): a
 * socket's options and addresses, sending and receiving on it (and on the pair of sockets that
 * wakes the purge thread). */
static const char *const network_calls[] = {
	"setsockopt", "getsockopt", "getpeername", "sendto", "recvfrom", "sendmsg", "recvmsg",
};

/* With network, TCP sockets too (IPv4 and IPv6) and what talking over them needs. */
static int allow_network(scmp_filter_ctx ctx, char *err, size_t errlen)
{
	int n = 0, rc;
	for (size_t i = 0; i < sizeof network_calls / sizeof network_calls[0]; i++) {
		if ((rc = add_rule(ctx, SCMP_ACT_ALLOW, network_calls[i], 0, NULL, err, errlen)) < 0)
			return -1;
		n += rc;
	}
	const int families[] = { AF_INET, AF_INET6 };
	for (size_t i = 0; i < 2; i++) {
		struct scmp_arg_cmp tcp[] = {
			SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)families[i]),
			SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_STREAM),  /* the type, flags aside */
		};
		if (add_rule(ctx, SCMP_ACT_ALLOW, "socket", 2, tcp, err, errlen) < 0)
			return -1;
	}
	return n;
}

static bool seccomp_apply(bool network, int *allowed, char *err, size_t errlen)
{
	/* The default action kills the whole process, as pledge(2) does, rather than returning
	 * EPERM: a call outside the list means the server is doing something it never does when
	 * it works (an attacker's code, or a path we missed), and that should stop it at once,
	 * loudly (the kernel logs the system call's number and systemd the SIGSYS, and restarts
	 * the service) instead of being a failed call that an attacker can probe around or that
	 * turns into an odd error deep inside a library. --no-sandbox is there to debug. */
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	int n = 0, rc;
	if (!ctx) {
		snprintf(err, errlen, "seccomp: cannot make a filter");
		return false;
	}
	/* Every thread, already running or not (they start after this, but TSYNC makes sure), and
	 * a call from another architecture's table (int 0x80, x32) kills too. */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1)) < 0 ||
	    (rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0) {
		snprintf(err, errlen, "seccomp: %s", strerror(-rc));
		goto fail;
	}
	for (size_t i = 0; i < sizeof serving_calls / sizeof serving_calls[0]; i++) {
		if ((rc = add_rule(ctx, SCMP_ACT_ALLOW, serving_calls[i], 0, NULL, err, errlen)) < 0)
			goto fail;
		n += rc;
	}
	/* Sockets: unix only (the stop's wake-up connection); no network socket of any kind. */
	struct scmp_arg_cmp unix_only = SCMP_A0(SCMP_CMP_EQ, AF_UNIX);
	/* Memory may be mapped or protected readable and writable, never executable: no code is
	 * loaded after start-up (pledge's missing "prot_exec"). */
	struct scmp_arg_cmp no_exec = SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0);
	/* clone for threads only (CLONE_THREAD), no new process; clone3 passes its flags in
	 * memory a filter cannot read, so it says ENOSYS and glibc falls back to clone. */
	struct scmp_arg_cmp thread_only = SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD);
	/* signals to this process only: abort() and raise() are tgkill(getpid(), ...) */
	struct scmp_arg_cmp own_pid = SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid());
	struct { const char *name; uint32_t action; const struct scmp_arg_cmp *cmp; } limited[] = {
		{ "socket", SCMP_ACT_ALLOW, &unix_only },
		{ "mmap", SCMP_ACT_ALLOW, &no_exec },
		{ "mprotect", SCMP_ACT_ALLOW, &no_exec },
		{ "clone", SCMP_ACT_ALLOW, SANDBOX_SANITIZERS ? NULL : &thread_only },
		{ "clone3", SCMP_ACT_ERRNO(ENOSYS), NULL },
		{ "tgkill", SCMP_ACT_ALLOW, &own_pid },
	};
	for (size_t i = 0; i < sizeof limited / sizeof limited[0]; i++) {
		if ((rc = add_rule(ctx, limited[i].action, limited[i].name, limited[i].cmp ? 1 : 0,
				   limited[i].cmp, err, errlen)) < 0)
			goto fail;
		n += limited[i].action == SCMP_ACT_ALLOW ? rc : 0;
	}
	if (network && (rc = allow_network(ctx, err, errlen)) < 0)
		goto fail;
	n += network ? rc : 0;
#if SANDBOX_SANITIZERS
	/* A report first asks whether stderr is a terminal, to colour it: isatty() is TCGETS. */
	struct scmp_arg_cmp tcgets = SCMP_A1(SCMP_CMP_EQ, TCGETS);
	if ((rc = add_rule(ctx, SCMP_ACT_ALLOW, "ioctl", 1, &tcgets, err, errlen)) < 0)
		goto fail;
	n += rc;
	for (size_t i = 0; i < sizeof sanitizer_calls / sizeof sanitizer_calls[0]; i++) {
		if ((rc = add_rule(ctx, SCMP_ACT_ALLOW, sanitizer_calls[i], 0, NULL, err, errlen)) < 0)
			goto fail;
		n += rc;
	}
#endif
	if ((rc = seccomp_load(ctx)) < 0) {
		snprintf(err, errlen, "seccomp: cannot load the filter: %s", strerror(-rc));
		goto fail;
	}
	seccomp_release(ctx);
	*allowed = n;
	return true;
fail:
	seccomp_release(ctx);
	return false;
}

bool sandbox_apply(const struct sandbox_paths *p, char *info, size_t infolen, char *err,
		   size_t errlen)
{
	char why[128] = "";
	int abi = 0, allowed = 0;
	/* Both need it (without CAP_SYS_ADMIN), and nothing we run should gain privileges. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, errlen, "cannot set no_new_privs: %s", strerror(errno));
		return false;
	}
	/* Landlock first: it needs open() and its own system calls, which the filter refuses. */
	if (!landlock_apply(p, &abi, why, sizeof why, err, errlen))
		return false;
	if (!seccomp_apply(p->ntcp_ports > 0, &allowed, err, errlen))
		return false;
	if (abi > 0)
		snprintf(info, infolen, "seccomp (%d system calls allowed), Landlock ABI %d", allowed, abi);
	else
		snprintf(info, infolen, "seccomp (%d system calls allowed); Landlock is unavailable (%s): "
			 "file access is not limited", allowed, why);
	return true;
}
