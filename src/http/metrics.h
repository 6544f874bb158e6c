/* Counters for /metrics: requests by route and status, latency, database errors and busy waits. */
#ifndef NEWSDESK_METRICS_H
#define NEWSDESK_METRICS_H

#include "buf.h"
#include "route.h"

/* route: index in the route table, or -1 for none; seconds: time to answer. */
void metrics_request(int route, int status, double seconds);

/* The Prometheus text exposition of every counter (requests named by the routes of the table,
 * the store's errors and waits), plus live_sessions. */
void metrics_write(struct buf *out, const struct route_table *routes, long long live_sessions);

#endif
