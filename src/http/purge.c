/* The cache tier's purges: after an editor's change is committed, every configured cache
 * (Varnish with the xkey module) forgets the pages that show what changed, before the editor's
 * answer goes out; a cache that does not answer is retried in the background until it does.
 *
 * One thread does all the talking, with libcurl's multi interface: each cache has one request in
 * flight at most, and the keys that arrive meanwhile wait for it, merged. So the purges reach a
 * cache in the order their changes were committed, and a cache that is down never holds up the
 * others. An editor's request hands its keys over and waits (at most PURGE_WAIT_MS) until every
 * cache that was not already failing has answered. */
#include "purge.h"

#include <errno.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "config.h"
#include "curl_lazy.h"
#include "surrogate.h"

#define KEYS_MAX 4000            /* bytes of keys in one purge (Varnish takes 8 KB a header);
				    more: everything ("all") */
#define CONNECT_TIMEOUT_MS 200
#define TIMEOUT_MS 250
#define BACKOFF_FIRST_MS 250
#define BACKOFF_MAX_MS 10000
#define IDLE_MS 1000

struct target {
	char url[CONFIG_URL_MAX];           /* as configured: logs and metrics */
	char connect_url[CONFIG_URL_MAX + 64]; /* with the address resolved at start-up */
	char host_header[CONFIG_URL_MAX + 8];
	int port;
	CURL *easy;
	struct curl_slist *headers;
	char error[CURL_ERROR_SIZE];
	/* under lock */
	struct buf pending;                 /* " k1 k2 ...": not yet sent */
	long long pending_stamp;
	unsigned long long pending_through; /* the newest purge request among them */
	unsigned long long answered;        /* requests through this one are sent, or failed */
	bool pending_reset;                 /* the gate is set to the stamp, not raised to it */
	bool failing;
	/* the thread's own */
	bool in_flight;
	struct buf sending;
	long long sending_stamp;
	bool sending_reset;
	unsigned long long sending_through;
	long long retry_at;
	int backoff_ms;
	unsigned long long failed_in_a_row;
	/* read by /metrics */
	atomic_ullong ok, failed;
	atomic_bool behind;
};

static struct target targets[PURGE_TARGETS_MAX];
static int ntargets;
static CURLM *multi;
static pthread_t thread;
static bool thread_running;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t answered;     /* on CLOCK_MONOTONIC, made in purge_init */
static unsigned long long last_request;
static bool stopping;
static struct {              /* purge_later's keys, under lock */
	struct buf keys;
	long long stamp, at;
} later;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t discard(char *data, size_t size, size_t n, void *unused)
{
	return size * n;
}

/* The address host resolves to now, as a URL's host part ("10.0.0.5", "[::1]"). */
static bool resolve(const struct config_url *u, char *out, size_t outlen, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res;
	char port[8], addr[INET6_ADDRSTRLEN];
	snprintf(port, sizeof port, "%d", u->port);
	int rc = getaddrinfo(u->host, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "purge_urls: cannot resolve %s: %s", u->host, gai_strerror(rc));
		return false;
	}
	rc = getnameinfo(res->ai_addr, res->ai_addrlen, addr, sizeof addr, NULL, 0, NI_NUMERICHOST);
	bool v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	if (rc != 0) {
		snprintf(err, errlen, "purge_urls: cannot use the address of %s", u->host);
		return false;
	}
	return snprintf(out, outlen, v6 ? "[%s]" : "%s", addr) < (int)outlen;
}

static bool setup_target(struct target *t, const struct config_url *u, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN + 2];
	if (!resolve(u, addr, sizeof addr, err, errlen))
		return false;
	snprintf(t->url, sizeof t->url, "%s", u->text);
	snprintf(t->connect_url, sizeof t->connect_url, "http://%s:%d%s", addr, u->port, u->path);
	snprintf(t->host_header, sizeof t->host_header, u->ipv6 ? "Host: [%s]:%d" : "Host: %s:%d",
		 u->host, u->port);
	t->port = u->port;
	buf_init(&t->pending);
	buf_init(&t->sending);
	if (!(t->easy = curl_easy_init())) {
		snprintf(err, errlen, "purge: libcurl cannot start");
		return false;
	}
	/* An address, no proxy from the environment, no redirect, nothing but http: the purge
	 * goes to exactly this cache, and nothing needs a name resolved once serving. */
	CURL *e = t->easy;
	if (curl_easy_setopt(e, CURLOPT_URL, t->connect_url) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "PURGE") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http") != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)CONNECT_TIMEOUT_MS) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)TIMEOUT_MS) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error) != CURLE_OK ||
	    curl_easy_setopt(e, CURLOPT_PRIVATE, t) != CURLE_OK) {
		snprintf(err, errlen, "purge: libcurl refuses an option");
		return false;
	}
	return true;
}

bool purge_init(const char *urls, char *err, size_t errlen)
{
	struct config_url u;
	const char *problem = NULL;
	int r;
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&answered, &attr);
	pthread_condattr_destroy(&attr);
	if (!*urls)
		return true;
	if (!curl_lazy_load(err, errlen))
		return false;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(multi = curl_multi_init())) {
		snprintf(err, errlen, "purge: libcurl cannot start");
		return false;
	}
	while ((r = config_next_url(&urls, &u, &problem)) == 1) {
		if (ntargets == PURGE_TARGETS_MAX) {
			snprintf(err, errlen, "purge_urls: more than %d caches", PURGE_TARGETS_MAX);
			return false;
		}
		if (!setup_target(&targets[ntargets++], &u, err, errlen))
			return false;
	}
	if (r < 0) {
		snprintf(err, errlen, "purge_urls: %s", problem);
		return false;
	}
	return true;
}

bool purge_enabled(void)
{
	return ntargets > 0;
}

int purge_ports(int *ports, int max)
{
	int n = 0;
	for (int i = 0; i < ntargets && n < max; i++)
		ports[n++] = targets[i].port;
	return n;
}

/* Adds keys to what t still owes; everything when that grows too long. Under lock. */
static void owe(struct target *t, const char *keys, long long stamp, bool reset,
		unsigned long long through)
{
	if (reset)
		t->pending_reset = true;
	if (!surrogate_merge(&t->pending, keys, KEYS_MAX)) {
		buf_reset(&t->pending);
		buf_puts(&t->pending, " all");
	}
	if (stamp > t->pending_stamp)
		t->pending_stamp = stamp;
	if (through > t->pending_through)
		t->pending_through = through;
}

/* Hands t's pending keys to a request. Under lock. */
static void take_pending(struct target *t)
{
	struct buf swap = t->sending;
	t->sending = t->pending;
	t->pending = swap;
	buf_reset(&t->pending);
	t->sending_stamp = t->pending_stamp;
	t->sending_through = t->pending_through;
	t->sending_reset = t->pending_reset;
	t->pending_stamp = 0;
	t->pending_reset = false;
	t->in_flight = true;
}

static bool add_header(struct curl_slist **list, const char *line)
{
	struct curl_slist *longer = curl_slist_append(*list, line);
	if (longer)
		*list = longer;
	return longer != NULL;
}

/* PURGE with the keys in xkey (what the VCL reads) and the stamp. */
static bool start_request(struct target *t)
{
	char stamp[48];
	struct buf xkey;
	buf_init(&xkey);
	buf_printf(&xkey, "xkey:%s", t->sending.data);
	snprintf(stamp, sizeof stamp, "X-Newsdesk-Version: %lld", t->sending_stamp);
	curl_slist_free_all(t->headers);
	t->headers = NULL;
	bool ok = !xkey.failed && add_header(&t->headers, t->host_header) &&
		  add_header(&t->headers, xkey.data) && add_header(&t->headers, stamp) &&
		  (!t->sending_reset || add_header(&t->headers, "X-Newsdesk-Reset: 1"));
	buf_free(&xkey);
	t->error[0] = '\0';
	return ok && curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers) == CURLE_OK &&
	       curl_multi_add_handle(multi, t->easy) == CURLM_OK;
}

/* A request of t's has ended: the cache has the keys, or they are owed again. */
static void finished(struct target *t, bool ok, const char *why)
{
	long long now = now_ms();
	pthread_mutex_lock(&lock);
	if (ok) {
		atomic_fetch_add(&t->ok, 1);
		if (t->failing)
			fprintf(stderr, "newsdesk: purge: %s answers again: what it missed in %llu failed "
				"attempts is purged\n", t->url, t->failed_in_a_row);
		t->failing = false;
		t->backoff_ms = 0;
		t->failed_in_a_row = 0;
	} else {
		atomic_fetch_add(&t->failed, 1);
		owe(t, t->sending.data, t->sending_stamp, t->sending_reset, t->sending_through);
		if (!t->failing)
			fprintf(stderr, "newsdesk: purge: %s failed (%s): retrying in the background\n",
				t->url, why);
		t->failing = true;
		t->failed_in_a_row++;
		t->backoff_ms = t->backoff_ms ? t->backoff_ms * 2 : BACKOFF_FIRST_MS;
		if (t->backoff_ms > BACKOFF_MAX_MS)
			t->backoff_ms = BACKOFF_MAX_MS;
		t->retry_at = now + t->backoff_ms;
	}
	if (t->sending_through > t->answered)
		t->answered = t->sending_through;
	t->in_flight = false;
	buf_reset(&t->sending);
	atomic_store(&t->behind, t->pending.len > 0);
	/* Keys that came in meanwhile, or a retry to time: the loop's next poll must not sleep the
	 * idle second it reckoned before this request ended. */
	bool again = t->pending.len > 0 || !ok;
	pthread_cond_broadcast(&answered);
	pthread_mutex_unlock(&lock);
	if (again)
		curl_multi_wakeup(multi);
}

static void collect_finished(void)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		CURL *e = m->easy_handle;
		CURLcode rc = m->data.result;
		struct target *t = NULL;
		long code = 0;
		char why[CURL_ERROR_SIZE + 32];
		curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&t);
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
		curl_multi_remove_handle(multi, e);  /* m is gone from here */
		if (rc != CURLE_OK)
			snprintf(why, sizeof why, "%s", t->error[0] ? t->error : curl_easy_strerror(rc));
		else
			snprintf(why, sizeof why, "answered %ld, not 200", code);
		finished(t, rc == CURLE_OK && code == 200, why);
	}
}

/* Starts a request for every cache that owes keys and may be tried now; returns how long to
 * sleep at most. Under lock; lets go of it while it starts them. */
static int start_due(void)
{
	struct target *due[PURGE_TARGETS_MAX];
	int n = 0;
	long long now = now_ms(), sleep_ms = IDLE_MS;
	if (later.at && now >= later.at) {
		for (int i = 0; i < ntargets; i++)
			owe(&targets[i], later.keys.data, later.stamp, false, last_request);
		buf_reset(&later.keys);
		later.at = 0;
	} else if (later.at && later.at - now < sleep_ms) {
		sleep_ms = later.at - now;
	}
	for (int i = 0; i < ntargets; i++) {
		struct target *t = &targets[i];
		if (t->in_flight || t->pending.len == 0)
			continue;
		if (t->failing && now < t->retry_at) {
			if (t->retry_at - now < sleep_ms)
				sleep_ms = t->retry_at - now;
			continue;
		}
		take_pending(t);
		due[n++] = t;
	}
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < n; i++)
		if (!start_request(due[i]))
			finished(due[i], false, "cannot make the request");
	pthread_mutex_lock(&lock);
	return (int)sleep_ms;
}

static void *purge_main(void *unused)
{
	int running;
	pthread_mutex_lock(&lock);
	while (!stopping) {
		int sleep_ms = start_due();
		pthread_mutex_unlock(&lock);
		curl_multi_perform(multi, &running);
		collect_finished();
		curl_multi_poll(multi, NULL, 0, sleep_ms, NULL);  /* or less: curl's own timeouts */
		curl_multi_perform(multi, &running);
		collect_finished();
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

bool purge_start(char *err, size_t errlen)
{
	int rc;
	if (!ntargets)
		return true;
	if ((rc = pthread_create(&thread, NULL, purge_main, NULL)) != 0) {
		snprintf(err, errlen, "cannot start the purge thread: %s", strerror(rc));
		return false;
	}
	thread_running = true;
	return true;
}

void purge_stop(void)
{
	if (!ntargets)
		return;
	if (thread_running) {
		pthread_mutex_lock(&lock);
		stopping = true;
		pthread_mutex_unlock(&lock);
		curl_multi_wakeup(multi);
		pthread_join(thread, NULL);
		thread_running = false;
	}
	for (int i = 0; i < ntargets; i++) {
		struct target *t = &targets[i];
		if (t->pending.len)
			fprintf(stderr, "newsdesk: purge: %s was never sent:%s\n", t->url, t->pending.data);
		if (t->in_flight)
			curl_multi_remove_handle(multi, t->easy);
		curl_easy_cleanup(t->easy);
		curl_slist_free_all(t->headers);
		buf_free(&t->pending);
		buf_free(&t->sending);
	}
	buf_free(&later.keys);
	ntargets = 0;
	curl_multi_cleanup(multi);
	multi = NULL;
	curl_global_cleanup();
}

/* Has every cache answered request `ticket` (or was it failing already)? Under lock. */
static bool all_answered(unsigned long long ticket)
{
	for (int i = 0; i < ntargets; i++)
		if (targets[i].answered < ticket)
			return false;
	return true;
}

/* Queues keys for every cache; returns the request's number. */
static unsigned long long request(const char *keys, long long stamp, bool reset)
{
	pthread_mutex_lock(&lock);
	unsigned long long ticket = ++last_request;
	for (int i = 0; i < ntargets; i++) {
		struct target *t = &targets[i];
		owe(t, keys, stamp, reset, ticket);
		atomic_store(&t->behind, true);
		if (t->failing)  /* a cache that is down does not hold anyone up: the thread retries */
			t->answered = ticket;
	}
	pthread_mutex_unlock(&lock);
	curl_multi_wakeup(multi);
	return ticket;
}

bool purge_keys(const char *keys, long long stamp, bool wait)
{
	struct timespec deadline;
	bool confirmed = true;
	if (!ntargets)
		return true;
	unsigned long long ticket = request(keys, stamp, false);
	if (!wait)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_nsec += (long)PURGE_WAIT_MS * 1000000L;
	deadline.tv_sec += deadline.tv_nsec / 1000000000L;
	deadline.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&lock);
	while (!all_answered(ticket))
		if (pthread_cond_timedwait(&answered, &lock, &deadline) == ETIMEDOUT)
			break;
	for (int i = 0; i < ntargets; i++)
		if (targets[i].answered < ticket || targets[i].failing)
			confirmed = false;
	pthread_mutex_unlock(&lock);
	return confirmed;
}

void purge_reset(long long stamp)
{
	if (ntargets)
		request("all", stamp, true);
}

void purge_later(const char *keys, long long stamp, int delay_ms)
{
	if (!ntargets)
		return;
	pthread_mutex_lock(&lock);
	if (!surrogate_merge(&later.keys, keys, KEYS_MAX)) {
		buf_reset(&later.keys);
		buf_puts(&later.keys, " all");
	}
	if (stamp > later.stamp)
		later.stamp = stamp;
	later.at = now_ms() + delay_ms;
	pthread_mutex_unlock(&lock);
	curl_multi_wakeup(multi);
}

void purge_metrics(struct buf *out)
{
	if (!ntargets)
		return;
	buf_puts(out, "# HELP newsdesk_cache_purges_total Purge requests to the caches in front, "
		      "by cache and result.\n# TYPE newsdesk_cache_purges_total counter\n");
	for (int i = 0; i < ntargets; i++)
		buf_printf(out, "newsdesk_cache_purges_total{cache=\"%s\",result=\"ok\"} %llu\n"
			   "newsdesk_cache_purges_total{cache=\"%s\",result=\"failed\"} %llu\n",
			   targets[i].url, (unsigned long long)atomic_load(&targets[i].ok),
			   targets[i].url, (unsigned long long)atomic_load(&targets[i].failed));
	buf_puts(out, "# HELP newsdesk_cache_purge_behind 1 while a cache has keys not yet purged "
		      "(failed, and retried in the background).\n"
		      "# TYPE newsdesk_cache_purge_behind gauge\n");
	for (int i = 0; i < ntargets; i++)
		buf_printf(out, "newsdesk_cache_purge_behind{cache=\"%s\"} %d\n", targets[i].url,
			   atomic_load(&targets[i].behind) ? 1 : 0);
}
