/* The audit log as the admin writes and shows it: audit_record for any page that changes
 * something the newsroom must be able to account for; /admin/audit for admins. */
#include "admin_audit.h"

#include <stdarg.h>
#include <stdio.h>

#include "admin.h"
#include "audit.h"
#include "site.h"
#include "timefmt.h"

#define ROWS_PER_PAGE 100
/* Each page merges the two logs from their newest rows: deep pages cost more, so the page shows
 * the newest 50 pages (5,000 entries); older ones are in the database and the sessions file. */
#define PAGES_MAX 50

static void record(struct ctx *c, long long user_id, const char *user_name, const char *action,
		     const char *detail)
{
	struct db *w = ctx_writer(c);
	struct audit_entry e = {
		.at = c->now, .user_id = user_id, .user_name = user_name ? user_name : "-",
		.address = c->req.remote_addr ? c->req.remote_addr : "unknown", .action = action,
		.detail = detail ? detail : "",
	};
	time_t keep_before = c->now - (time_t)c->site->cfg.audit_keep_days * 86400;
	if (!w || audit_add(w, &e, keep_before) != STORE_OK)
		fprintf(stderr, "newsdesk: could not write the audit log: %s by %s (%s)\n", action,
			e.user_name, e.detail);
}

void audit_record(struct ctx *c, const char *action, const char *fmt, ...)
{
	char detail[AUDIT_DETAIL_MAX * 4 + 1];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	record(c, c->logged_in ? c->user.id : 0, c->logged_in ? c->user.name : "-", action,
			detail);
}

static void fill_entry(tpl_dict *d, const struct audit_entry *e)
{
	char when[TIMEFMT_MAX], iso[TIMEFMT_MAX];
	timefmt_iso((time_t)e->at, iso);
	timefmt_local_datetime((time_t)e->at, when);
	tpl_set(d, "WHEN_ISO", iso);
	tpl_set(d, "WHEN", when);
	tpl_set(d, "WHO", e->user_name);
	tpl_set(d, "ADDRESS", e->address);
	tpl_set(d, "ACTION", e->action);
	tpl_set(d, "DETAIL", e->detail);
}

/* Both logs' newest upto entries, merged newest first into *out. */
static enum store_result merged(struct ctx *c, int upto, struct audit_entry **out, int *n,
				long long *total)
{
	struct audit_entry *changes, *logins;
	int nc, nl;
	long long tc, tl;
	struct db *s = ctx_sessions(c);
	enum store_result r = audit_list(c->db, &c->arena, upto, &changes, &nc, &tc);
	if (r == STORE_OK)
		r = s ? audit_logins(s, &c->arena, upto, &logins, &nl, &tl) : STORE_ERROR;
	if (r != STORE_OK)
		return r;
	if (!(*out = arena_alloc(&c->arena, sizeof **out * (size_t)(nc + nl + 1))))
		return STORE_ERROR;
	int i = 0, j = 0;
	*n = 0;
	while (i < nc || j < nl)
		(*out)[(*n)++] = j == nl || (i < nc && changes[i].at >= logins[j].at) ? changes[i++] : logins[j++];
	*total = tc + tl;
	return STORE_OK;
}

int admin_audit(struct ctx *c)
{
	const struct field_value *pf = &c->req.field[Q_PAGE];
	long long page = pf->present ? (pf->valid ? pf->num : 0) : 1, total;
	struct audit_entry *rows;
	int n;
	if (page < 1 || page > PAGES_MAX)
		return 404;
	int offset = (int)((page - 1) * ROWS_PER_PAGE);
	enum store_result r = merged(c, offset + ROWS_PER_PAGE, &rows, &n, &total);
	if (r != STORE_OK)
		return ctx_status_of(r);
	long long pages = total ? (total + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE : 1;
	tpl_dict *d = page <= pages ? admin_page(c, "Audit log") : NULL;
	if (page > pages)
		return 404;
	if (!d)
		return 500;
	tpl_set_int(d, "TOTAL", total);
	tpl_set_int(d, "KEEP_DAYS", c->site->cfg.audit_keep_days);
	if (n <= offset)
		tpl_show(d, "EMPTY");
	for (int i = offset; i < n && i < offset + ROWS_PER_PAGE; i++)
		fill_entry(tpl_section(d, "ENTRY"), &rows[i]);
	if (page > 1)
		tpl_set(tpl_section(d, "PREV"), "URL", arena_printf(&c->arena, "/admin/audit?page=%lld", page - 1));
	if (page < pages && page < PAGES_MAX)
		tpl_set(tpl_section(d, "NEXT"), "URL", arena_printf(&c->arena, "/admin/audit?page=%lld", page + 1));
	tpl_set_int(d, "PAGE", page);
	tpl_set_int(d, "PAGES", pages < PAGES_MAX ? pages : PAGES_MAX);
	return site_render(c, "admin_audit.tpl");
}
