/* Search: any text a reader types becomes a safe FTS5 query; ranked results with highlights. */
#include <string.h>

#include "ctx.h"
#include "model.h"
#include "pages.h"
#include "site.h"

#define RESULTS_PER_PAGE 20
#define TERMS_MAX 16
#define TERM_BYTES_MAX 64

/* Each whitespace-separated word becomes a quoted FTS5 phrase ("" inside doubled), so no
 * reader's text is ever FTS5 syntax: NEAR, OR, *, ^, column filters are all just words. */
const char *search_query(struct arena *a, const char *q)
{
	struct buf out;
	int terms = 0;
	buf_init(&out);
	while (*q && terms < TERMS_MAX) {
		size_t n = strcspn(q, " \t");
		if (n > 0 && n <= TERM_BYTES_MAX) {
			buf_puts(&out, terms++ ? " \"" : "\"");
			for (size_t i = 0; i < n; i++)
				buf_append(&out, q[i] == '"' ? "\"\"" : &q[i], q[i] == '"' ? 2 : 1);
			buf_puts(&out, "\"");
		}
		q += n;
		q += strspn(q, " \t");
	}
	const char *result = out.failed ? NULL : arena_strdup(a, out.data ? out.data : "");
	buf_free(&out);
	return result;
}

/* A snippet's text split at its match markers: plain and highlighted parts in turn. */
static void fill_snippet(tpl_dict *d, const char *s)
{
	bool marked = false;
	while (*s) {
		const char *next = strstr(s, marked ? SNIPPET_CLOSE : SNIPPET_OPEN);
		size_t n = next ? (size_t)(next - s) : strlen(s);
		if (n) {  /* one PART each, so plain and marked text keep their order */
			tpl_dict *part = tpl_section(d, "PART");
			tpl_set_n(part, "TEXT", s, n);
			tpl_show(part, marked ? "MARK" : "PLAIN");
		}
		if (!next)
			break;
		s = next + strlen(SNIPPET_OPEN);
		marked = !marked;
	}
}

static const char *page_url(struct ctx *c, const char *q, long long page)
{
	struct buf enc;
	buf_init(&enc);
	for (const unsigned char *p = (const unsigned char *)q; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-_.~", *p))
			buf_append(&enc, p, 1);
		else
			buf_printf(&enc, "%%%02X", *p);
	}
	const char *url = arena_printf(&c->arena, "/search?q=%s&page=%lld", enc.data ? enc.data : "", page);
	buf_free(&enc);
	return url;
}

/* PAGE_DONE, or the status of an error page when the database is busy. */
static int fill_results(struct ctx *c, tpl_dict *d, const char *q, long long page)
{
	struct search_hit *hits;
	int n;
	long long total;
	const char *fts = search_query(&c->arena, q);
	if (!fts || !*fts) {
		tpl_show(d, "NO_TERMS");
		return PAGE_DONE;
	}
	enum store_result r = model_search(c->db, &c->arena, fts, c->now, RESULTS_PER_PAGE,
					   (int)((page - 1) * RESULTS_PER_PAGE), &hits, &n, &total);
	if (r == STORE_BUSY)
		return ctx_status_of(r);
	if (r != STORE_OK) {
		tpl_show(d, "NO_RESULTS");  /* a query the index cannot take finds nothing; no 500 */
		return PAGE_DONE;
	}
	tpl_set(d, "FOUND", total == 1 ? "1 story found"
				       : arena_printf(&c->arena, "%lld stories found", total));
	if (n == 0)
		tpl_show(d, "NO_RESULTS");
	tpl_dict *list = n ? tpl_section(d, "RESULTS") : NULL;
	for (int i = 0; i < n; i++) {
		tpl_dict *hit = tpl_section(list, "HIT");
		site_fill_summary(c, hit, &hits[i].s);
		fill_snippet(hit, hits[i].snippet);
	}
	long long pages = (total + RESULTS_PER_PAGE - 1) / RESULTS_PER_PAGE;
	if (page > 1)
		tpl_set(tpl_section(d, "PREV"), "URL", page_url(c, q, page - 1));
	if (page < pages)
		tpl_set(tpl_section(d, "NEXT"), "URL", page_url(c, q, page + 1));
	return PAGE_DONE;
}

int page_search(struct ctx *c)
{
	const struct field_value *q = &c->req.field[Q_QUERY], *p = &c->req.field[Q_PAGE];
	long long page = p->present && p->valid ? p->num : 1;
	tpl_dict *d = site_page(c, arena_printf(&c->arena, "Search - %s", c->site->cfg.site_name),
				"/search", PAGE_NORMAL, NULL);
	if (!d)
		return 500;
	tpl_show(c->head, "NOINDEX");  /* result pages are not content */
	surrogate_add(&c->keys, "search");
	tpl_set(d, "QUERY", q->present ? q->text : "");
	tpl_set_int(d, "MAX_Q", (long long)request_field_max(Q_QUERY));
	if (q->present && !q->valid)
		tpl_set(tpl_section(d, "PROBLEM"), "MESSAGE",
			strcmp(q->problem, "is too long") == 0 ? "Your search is too long: use fewer words."
			: "Your search had characters that are not text; they were left out.");
	bool searchable = q->present && (q->valid ? q->len > 0 : strcmp(q->problem, "is too long") != 0);
	int status = searchable ? fill_results(c, d, q->text, page) : PAGE_DONE;
	return status != PAGE_DONE ? status : site_render(c, "search.tpl");
}
