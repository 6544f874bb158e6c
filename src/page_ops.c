/* For the people who run the site: /healthz for load balancers, /metrics for Prometheus. */
#include <stdio.h>

#include "ctx.h"
#include "metrics.h"
#include "model.h"
#include "pages.h"

void page_healthz(struct ctx *c)
{
	int version = model_schema_version(c->db);
	c->res->content_type = "text/plain; charset=utf-8";
	if (version == db_schema_version()) {
		buf_printf(&c->res->body, "ok schema %d\n", version);
		return;
	}
	c->res->status = 503;
	if (version < 0)
		buf_printf(&c->res->body, "unavailable: the database does not answer\n");
	else
		buf_printf(&c->res->body, "unavailable: schema %d, expected %d\n", version,
			   db_schema_version());
}

void page_metrics(struct ctx *c)
{
	c->res->content_type = "text/plain; version=0.0.4; charset=utf-8";
	metrics_write(&c->res->body,
		      model_live_sessions(c->db, c->now, c->site->cfg.session_idle_seconds));
	if (c->res->body.failed)
		page_error(c, 500);
}
