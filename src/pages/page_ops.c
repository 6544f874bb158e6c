/* For the people who run the site: /healthz for load balancers, /metrics for Prometheus. */
#include <stdio.h>

#include "ctx.h"
#include "metrics.h"
#include "model.h"
#include "pages.h"

int page_healthz(struct ctx *c)
{
	long long version;
	enum store_result r = model_schema_version(c->db, &version);
	c->res->content_type = "text/plain; charset=utf-8";
	if (r == STORE_OK && version == db_schema_version()) {
		buf_printf(&c->res->body, "ok schema %lld\n", version);
		return PAGE_DONE;
	}
	c->res->status = 503;
	if (r != STORE_OK)
		buf_printf(&c->res->body, "unavailable: the database does not answer\n");
	else
		buf_printf(&c->res->body, "unavailable: schema %lld, expected %d\n", version,
			   db_schema_version());
	return PAGE_DONE;
}

int page_metrics(struct ctx *c)
{
	long long sessions = -1;  /* a sessions file that does not answer still gets metrics out */
	struct db *s = ctx_sessions(c);
	if (!s || sessions_live(s, c->now, c->site->cfg.session_idle_seconds, &sessions) != STORE_OK)
		sessions = -1;
	c->res->content_type = "text/plain; version=0.0.4; charset=utf-8";
	metrics_write(&c->res->body, &c->site->routes, sessions);
	return c->res->body.failed ? 500 : PAGE_DONE;
}
