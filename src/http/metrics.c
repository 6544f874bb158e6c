/* Counters for /metrics: requests by route and status, latency, database errors and busy waits.
 * Lock-free: relaxed atomic adds, read without stopping anyone. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>

#include "db.h"
#include "pagecache.h"
#include "purge.h"
#include "route.h"

#define MAX_ROUTES 40

static const int statuses[] = { 200, 301, 303, 304, 400, 403, 404, 405, 409, 413, 414, 422, 429,
				500, 503 };
#define NSTATUS (int)(sizeof statuses / sizeof statuses[0])

static const double bounds[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
				 0.5, 1, 2.5 };
#define NBOUNDS (int)(sizeof bounds / sizeof bounds[0])

static atomic_ullong requests[MAX_ROUTES + 1][NSTATUS + 1];  /* [route+1][status or other] */
static atomic_ullong latency_buckets[NBOUNDS + 1];            /* last: +Inf */
static atomic_ullong latency_micros_sum;

static int status_index(int status)
{
	for (int i = 0; i < NSTATUS; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS;
}

void metrics_request(int route, int status, double seconds)
{
	int r = route >= 0 && route < MAX_ROUTES ? route + 1 : 0;
	atomic_fetch_add_explicit(&requests[r][status_index(status)], 1, memory_order_relaxed);
	int b = 0;
	while (b < NBOUNDS && seconds > bounds[b])
		b++;
	atomic_fetch_add_explicit(&latency_buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&latency_micros_sum, (unsigned long long)(seconds * 1e6),
				  memory_order_relaxed);
}

static unsigned long long get(atomic_ullong *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

static void write_requests(struct buf *out, const struct route_table *routes)
{
	buf_puts(out, "# HELP newsdesk_requests_total Requests answered, by route and status.\n"
		      "# TYPE newsdesk_requests_total counter\n");
	for (int r = 0; r <= MAX_ROUTES && (r == 0 || route_name(routes, r - 1)); r++)
		for (int s = 0; s <= NSTATUS; s++) {
			unsigned long long n = get(&requests[r][s]);
			if (!n)
				continue;
			char status[8];
			if (s < NSTATUS)
				snprintf(status, sizeof status, "%d", statuses[s]);
			buf_printf(out, "newsdesk_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
				   r ? route_name(routes, r - 1) : "none", s < NSTATUS ? status : "other", n);
		}
}

static void write_latency(struct buf *out)
{
	unsigned long long cumulative = 0;
	buf_puts(out, "# HELP newsdesk_request_duration_seconds Time from request to response.\n"
		      "# TYPE newsdesk_request_duration_seconds histogram\n");
	for (int b = 0; b < NBOUNDS; b++) {
		cumulative += get(&latency_buckets[b]);
		buf_printf(out, "newsdesk_request_duration_seconds_bucket{le=\"%g\"} %llu\n", bounds[b],
			   cumulative);
	}
	cumulative += get(&latency_buckets[NBOUNDS]);
	buf_printf(out, "newsdesk_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cumulative);
	buf_printf(out, "newsdesk_request_duration_seconds_sum %.6f\n",
		   (double)get(&latency_micros_sum) / 1e6);
	buf_printf(out, "newsdesk_request_duration_seconds_count %llu\n", cumulative);
}

void metrics_write(struct buf *out, const struct route_table *routes, long long live_sessions)
{
	unsigned long long db_errors, db_busy;
	db_counters(&db_errors, &db_busy);
	write_requests(out, routes);
	write_latency(out);
	buf_printf(out, "# HELP newsdesk_db_errors_total SQLite errors (constraint checks aside).\n"
			"# TYPE newsdesk_db_errors_total counter\n"
			"newsdesk_db_errors_total %llu\n", db_errors);
	buf_printf(out, "# HELP newsdesk_db_busy_retries_total Waits for a locked database.\n"
			"# TYPE newsdesk_db_busy_retries_total counter\n"
			"newsdesk_db_busy_retries_total %llu\n", db_busy);
	struct pagecache_stats pc;
	pagecache_stats(&pc);
	buf_printf(out, "# HELP newsdesk_page_cache_hits_total Public pages answered from memory.\n"
			"# TYPE newsdesk_page_cache_hits_total counter\n"
			"newsdesk_page_cache_hits_total %llu\n"
			"# HELP newsdesk_page_cache_misses_total Public pages rendered: not in memory.\n"
			"# TYPE newsdesk_page_cache_misses_total counter\n"
			"newsdesk_page_cache_misses_total %llu\n"
			"# HELP newsdesk_page_cache_entries Pages held in memory.\n"
			"# TYPE newsdesk_page_cache_entries gauge\n"
			"newsdesk_page_cache_entries %llu\n"
			"# HELP newsdesk_page_cache_evictions_total Pages let go for the budget or for another page.\n"
			"# TYPE newsdesk_page_cache_evictions_total counter\n"
			"newsdesk_page_cache_evictions_total %llu\n"
			"# HELP newsdesk_page_cache_bytes What the pages held in memory take.\n"
			"# TYPE newsdesk_page_cache_bytes gauge\n"
			"newsdesk_page_cache_bytes %zu\n"
			"# HELP newsdesk_page_cache_budget_bytes The most they may take (page_cache_mb).\n"
			"# TYPE newsdesk_page_cache_budget_bytes gauge\n"
			"newsdesk_page_cache_budget_bytes %zu\n",
		   pc.hits, pc.misses, pc.entries, pc.evictions, pc.bytes, pc.budget);
	purge_metrics(out);
	buf_printf(out, "# HELP newsdesk_sessions Editors' sessions that are live now.\n"
			"# TYPE newsdesk_sessions gauge\n"
			"newsdesk_sessions %lld\n", live_sessions);
	buf_printf(out, "# HELP newsdesk_build_info The running version and its schema version.\n"
			"# TYPE newsdesk_build_info gauge\n"
			"newsdesk_build_info{version=\"%s\",schema=\"%d\"} 1\n",
		   NEWSDESK_VERSION, db_schema_version());
}
