/* Search ranking: Okapi bm25 with b = 0 (no length normalisation), as FTS5's bm25() computes it
 * otherwise: each phrase's matches weighted by column (headline 10, intro 5, body 1), saturated
 * with k1 = 1.2, times its idf. FTS5's bm25() also divides by each row's length, which costs a
 * lookup of that row's size per match: with a word in 10% of 100,000 articles, nine tenths of
 * the search's time. Without it a score needs only the match positions FTS5 already holds, and
 * the best k rows are kept as they come, so the rest are never sorted. */
#include "rank.h"

#include <math.h>
#include <string.h>

#define K1 1.2
#define NCOLUMNS 3
#define HEAP_MAX 4096   /* past this k, every row is kept (and sorted by the caller) */

static const double weight[NCOLUMNS] = { 10.0, 5.0, 1.0 };

/* One query's state, kept by FTS5 as auxiliary data until the query ends. */
struct rank_state {
	int nphrase, k, nheap;
	double *idf, *freq;
	bool have_last;            /* the last row's answer, for a second call on the same row */
	sqlite3_int64 last_rowid;
	bool last_kept;
	double last_score;
	double heap[];             /* the k best scores so far (higher is better), worst at [0] */
};

static void swap(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

static void heap_push(struct rank_state *st, double score)
{
	int i = st->nheap++;
	st->heap[i] = score;
	for (; i > 0 && st->heap[i] < st->heap[(i - 1) / 2]; i = (i - 1) / 2)
		swap(&st->heap[i], &st->heap[(i - 1) / 2]);
}

static void heap_replace_worst(struct rank_state *st, double score)
{
	st->heap[0] = score;
	for (int i = 0;;) {
		int l = 2 * i + 1, r = l + 1, w = i;
		if (l < st->nheap && st->heap[l] < st->heap[w])
			w = l;
		if (r < st->nheap && st->heap[r] < st->heap[w])
			w = r;
		if (w == i)
			return;
		swap(&st->heap[i], &st->heap[w]);
		i = w;
	}
}

static int count_hit(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)arg)++;
	return SQLITE_OK;
}

/* Once per query, as FTS5's bm25() does: each phrase's idf over the whole index. */
static struct rank_state *new_state(const Fts5ExtensionApi *api, Fts5Context *fts,
				    sqlite3_int64 k, int *rc)
{
	int nphrase = api->xPhraseCount(fts), cap = k <= HEAP_MAX ? (int)k : 0;
	sqlite3_int64 nrow = 0;
	size_t size = sizeof(struct rank_state) + (size_t)cap * sizeof(double);
	struct rank_state *st = sqlite3_malloc64(size + 2 * (size_t)nphrase * sizeof(double));
	if (!st) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	memset(st, 0, size);
	st->nphrase = nphrase;
	st->k = cap;
	st->idf = (double *)((char *)st + size);
	st->freq = st->idf + nphrase;
	*rc = api->xRowCount(fts, &nrow);
	for (int i = 0; *rc == SQLITE_OK && i < nphrase; i++) {
		sqlite3_int64 nhit = 0;
		*rc = api->xQueryPhrase(fts, i, &nhit, count_hit);
		double idf = log(((double)nrow - (double)nhit + 0.5) / ((double)nhit + 0.5));
		st->idf[i] = idf <= 0.0 ? 1e-6 : idf;
	}
	if (*rc != SQLITE_OK) {
		sqlite3_free(st);
		return NULL;
	}
	return st;
}

static int score_of(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank_state *st,
		    double *score)
{
	int ninst = 0, rc = api->xInstCount(fts, &ninst);
	memset(st->freq, 0, (size_t)st->nphrase * sizeof(double));
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int phrase, column, offset;
		if ((rc = api->xInst(fts, i, &phrase, &column, &offset)) == SQLITE_OK)
			st->freq[phrase] += column >= 0 && column < NCOLUMNS ? weight[column] : 1.0;
	}
	*score = 0.0;
	for (int i = 0; i < st->nphrase; i++)
		*score += st->idf[i] * (st->freq[i] * (K1 + 1.0)) / (st->freq[i] + K1);
	return rc;
}

/* Whether a row of this score joins the best k: only when better than the worst of them, since
 * the rows come newest first and an equal one that came earlier wins. */
static bool keep(struct rank_state *st, double score)
{
	if (st->k == 0)
		return true;
	if (st->nheap < st->k) {
		heap_push(st, score);
		return true;
	}
	if (score <= st->heap[0])
		return false;
	heap_replace_worst(st, score);
	return true;
}

static void rank_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
			  int nargs, sqlite3_value **args)
{
	int rc = SQLITE_OK;
	struct rank_state *st = api->xGetAuxdata(fts, 0);
	if (!st) {
		sqlite3_int64 k = nargs == 1 ? sqlite3_value_int64(args[0]) : 0;
		if (k < 1 || !(st = new_state(api, fts, k, &rc)) ||
		    (rc = api->xSetAuxdata(fts, st, sqlite3_free)) != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc == SQLITE_OK ? SQLITE_MISUSE : rc);
			return;
		}
	}
	sqlite3_int64 rowid = api->xRowid(fts);
	if (!st->have_last || st->last_rowid != rowid) {  /* WHERE and the result: one answer */
		double score;
		if ((rc = score_of(api, fts, st, &score)) != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		st->have_last = true;
		st->last_rowid = rowid;
		st->last_kept = keep(st, score);
		st->last_score = -score;
	}
	if (st->last_kept)
		sqlite3_result_double(ctx, st->last_score);
	else
		sqlite3_result_null(ctx);
}

bool rank_register(sqlite3 *conn)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(conn, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	return api && api->iVersion >= 2 &&
	       api->xCreateFunction(api, "newsdesk_rank", NULL, rank_function, NULL) == SQLITE_OK;
}
