/* Positions in long lists without counting or skipping rows: the per-span article counts that
 * triggers keep in list_spans, added up newest span first (coarse spans, then the fine ones
 * inside the coarse span that holds the position). */
#include "spans.h"

#include <limits.h>

#define FINE 16      /* a fine span is 2^16 seconds (18 hours) */
#define COARSE 21    /* 2^21 seconds (24 days): 32 fine spans */
#define ALL 62       /* one span for all time (two with times before 1970) */

enum query { Q_SPANS, Q_SPANS_WITHIN, Q_OWNER_SPANS, Q_OWNER_SPANS_WITHIN, Q__COUNT };

#define SPAN_FILTER \
	" AND (?3 = 0 OR section_id = ?3) AND (?4 = '' OR status = ?4)"

static const char *const sql[Q__COUNT] = {
	[Q_SPANS] = "SELECT start, n FROM list_spans WHERE list = ?1 AND level = ?2" SPAN_FILTER
		" ORDER BY start DESC",
	[Q_SPANS_WITHIN] = "SELECT start, n FROM list_spans WHERE list = ?1 AND level = ?2" SPAN_FILTER
		" AND start >= ?5 AND start < ?6 ORDER BY start DESC",
	/* A person's or topic's list (sql/009_newsroom.sql): kind ?1, owner ?3. */
	[Q_OWNER_SPANS] = "SELECT start, n FROM owner_spans WHERE kind = ?1 AND owner = ?3"
		" AND level = ?2 ORDER BY start DESC",
	[Q_OWNER_SPANS_WITHIN] = "SELECT start, n FROM owner_spans WHERE kind = ?1 AND owner = ?3"
		" AND level = ?2 AND start >= ?5 AND start < ?6 ORDER BY start DESC",
};

struct span {
	long long start, n;
};

static bool read_span(sqlite3_stmt *s, struct arena *a, void *item)
{
	struct span *sp = item;
	(void)a;
	sp->start = sqlite3_column_int64(s, 0);
	sp->n = sqlite3_column_int64(s, 1);
	return true;
}

/* The spans of one level, newest first, within [from, to); rows of one start (one per section
 * and status) arrive together and are added up by the caller. */
static enum store_result spans_of(struct db *db, struct arena *a, const struct span_filter *f,
				  int level, long long from, long long to, struct span **out, int *n)
{
	bool within = from != LLONG_MIN, owner = f->list == SPANS_BYLINES || f->list == SPANS_TOPICS;
	enum query q = owner ? (within ? Q_OWNER_SPANS_WITHIN : Q_OWNER_SPANS)
			     : (within ? Q_SPANS_WITHIN : Q_SPANS);
	sqlite3_stmt *s = db_prepare(db, sql[q]);
	if (!s || !db_bind_int(s, 1, owner ? f->list - SPANS_CHANGED : f->list) || !db_bind_int(s, 2, level) ||
	    !db_bind_int(s, 3, f->section_id) || (!owner && !db_bind_text(s, 4, f->status)) ||
	    (within && (!db_bind_int(s, 5, from) || !db_bind_int(s, 6, to))))
		return STORE_ERROR;
	return db_rows(s, a, sizeof **out, read_span, (void **)out, n);
}

/* The excluded entries with a time in [from, to). */
static long long excluded_within(const struct span_filter *f, long long from, long long to)
{
	long long n = 0;
	for (int i = 0; i < f->nexcluded; i++)
		n += f->excluded[i] >= from && f->excluded[i] < to;
	return n;
}

enum store_result spans_total(struct db *db, struct arena *a, const struct span_filter *f,
			      long long *total)
{
	struct span *spans;
	int n;
	enum store_result r = spans_of(db, a, f, ALL, LLONG_MIN, 0, &spans, &n);
	*total = -f->nexcluded;
	for (int i = 0; i < n; i++)
		*total += spans[i].n;
	if (*total < 0)
		*total = 0;
	return r;
}

/* The span of one level that holds position *pos, newest first: its start in *start, and *pos
 * made relative to it. STORE_NOT_FOUND when the spans end first. */
static enum store_result find_span(struct db *db, struct arena *a, const struct span_filter *f,
				   int level, long long from, long long to, long long *pos,
				   long long *start)
{
	struct span *spans;
	int n;
	enum store_result r = spans_of(db, a, f, level, from, to, &spans, &n);
	if (r != STORE_OK)
		return r;
	for (int i = 0; i < n;) {
		long long here = spans[i].start, count = 0;
		for (; i < n && spans[i].start == here; i++)
			count += spans[i].n;
		count -= excluded_within(f, here, here + (1LL << level));
		if (*pos < count) {
			*start = here;
			return STORE_OK;
		}
		*pos -= count;
	}
	return STORE_NOT_FOUND;
}

enum store_result spans_locate(struct db *db, struct arena *a, const struct span_filter *f,
			       long long pos, long long *before, long long *skip)
{
	long long coarse, fine;
	enum store_result r;
	if (pos == 0) {  /* the first page: nothing to skip */
		*before = LLONG_MAX;
		*skip = 0;
		return STORE_OK;
	}
	if ((r = find_span(db, a, f, COARSE, LLONG_MIN, 0, &pos, &coarse)) != STORE_OK ||
	    (r = find_span(db, a, f, FINE, coarse, coarse + (1LL << COARSE), &pos, &fine)) != STORE_OK)
		return r;
	*before = fine + (1LL << FINE);
	*skip = pos;
	return STORE_OK;
}
