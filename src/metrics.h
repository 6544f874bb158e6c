/* Counters for /metrics: requests by route and status, latency, database errors and busy waits. */
#ifndef NEWSDESK_METRICS_H
#define NEWSDESK_METRICS_H

#include "buf.h"

/* route: index in the route table, or -1 for none; seconds: time to answer. */
void metrics_request(int route, int status, double seconds);
void metrics_db_error(void);
void metrics_db_busy(void);

/* The Prometheus text exposition of every counter, plus live_sessions. */
void metrics_write(struct buf *out, long long live_sessions);

#endif
