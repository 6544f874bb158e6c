/* Rendered public pages kept in memory, shared by the worker threads, never stale: an entry
 * dies when anything readers see changes (site_state's version, moved on by triggers), on
 * reload, and at the moment its page would change by itself. Bounded in bytes: past the budget,
 * a clock hand evicts pages not asked for since it last passed (second chance), stale ones
 * first. */
#include "pagecache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "model.h"

/* A page larger than this share of the budget is rendered each time rather than kept: one
 * sitemap must not push out hundreds of articles. */
#define ENTRY_SHARE 16

/* One kept page, made whole before it is published to a slot and never changed after. */
struct entry {
	unsigned long long generation;
	const char *content_type; /* a string constant from a page */
	struct page_meta meta;
	size_t size;              /* what it counts against the budget */
	size_t body_len, headers_len;
	char *body, *headers;     /* in the same allocation, after the key; headers: the page's
				   * own (its surrogate keys) */
	char key[];
};

struct slot {
	pthread_mutex_t lock;
	struct entry *entry;      /* NULL: empty */
	bool referenced;          /* asked for since the clock hand last passed */
};

static struct slot slots[PAGECACHE_SLOTS] = {
	[0 ... PAGECACHE_SLOTS - 1] = { .lock = PTHREAD_MUTEX_INITIALIZER },
};
static atomic_ullong generation = 1;
static atomic_ullong hits, misses, entries, evictions;
static atomic_size_t bytes_used, budget = PAGECACHE_DEFAULT_BYTES;
static atomic_uint hand;
static atomic_llong content_version = -1;   /* as the last request saw it */

/* The slot hash is keyed with a secret of this process: nobody can choose URLs that land on the
 * home page's slot and push it out. */
static unsigned char slot_key[crypto_shorthash_KEYBYTES];
static pthread_once_t slot_key_once = PTHREAD_ONCE_INIT;

static void make_slot_key(void)
{
	randombytes_buf(slot_key, sizeof slot_key);
}

void pagecache_configure(size_t bytes)
{
	atomic_store(&budget, bytes);
}

void pagecache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

long long pagecache_check(struct db *db)
{
	long long v, seen = atomic_load(&content_version), committed = db_data_version(db);
	if (committed > 0 && committed == db->data_version)
		return db->content_version;  /* nobody committed since this connection last looked */
	if (model_content_version(db, &v) != STORE_OK) {
		db->data_version = 0;    /* look again next time */
		pagecache_invalidate();  /* cannot tell: assume it changed */
		return -1;
	}
	db->data_version = committed;
	db->content_version = v;
	/* One change, one invalidation, whichever worker sees it first. */
	if (v != seen && atomic_compare_exchange_strong(&content_version, &seen, v))
		pagecache_invalidate();
	return v;
}

int pagecache_slot_index(const char *key)
{
	unsigned char hash[crypto_shorthash_BYTES];
	unsigned long long h = 0;
	pthread_once(&slot_key_once, make_slot_key);
	crypto_shorthash(hash, (const unsigned char *)key, strlen(key), slot_key);
	memcpy(&h, hash, sizeof h);
	return (int)(h % PAGECACHE_SLOTS);
}

static struct slot *slot_for(const char *key)
{
	return &slots[pagecache_slot_index(key)];
}

static bool live(const struct entry *e, const char *key, time_t now)
{
	return e && strcmp(e->key, key) == 0 && e->generation == atomic_load(&generation) &&
	       (!e->meta.until || now < e->meta.until);
}

bool pagecache_get(const char *key, time_t now, struct response *res, struct page_meta *m)
{
	struct slot *s = slot_for(key);
	bool hit = false;
	pthread_mutex_lock(&s->lock);
	if (live(s->entry, key, now)) {
		buf_reset(&res->body);
		buf_reset(&res->headers);
		hit = buf_append(&res->body, s->entry->body, s->entry->body_len) &&
		      (!s->entry->headers_len ||
		       buf_append(&res->headers, s->entry->headers, s->entry->headers_len));
		res->status = 200;
		res->content_type = s->entry->content_type;
		*m = s->entry->meta;
		s->referenced = true;
	}
	pthread_mutex_unlock(&s->lock);
	atomic_fetch_add_explicit(hit ? &hits : &misses, 1, memory_order_relaxed);
	return hit;
}

unsigned long long pagecache_generation(void)
{
	return atomic_load(&generation);
}

/* Puts e (NULL: nothing) in slot s and returns what was there; the counts follow. */
static struct entry *swap_locked(struct slot *s, struct entry *e)
{
	struct entry *old = s->entry;
	s->entry = e;
	s->referenced = e != NULL;  /* a new page gets its second chance before it is asked for */
	if (old) {
		atomic_fetch_sub_explicit(&bytes_used, old->size, memory_order_relaxed);
		atomic_fetch_sub_explicit(&entries, 1, memory_order_relaxed);
	}
	if (e) {
		atomic_fetch_add_explicit(&bytes_used, e->size, memory_order_relaxed);
		atomic_fetch_add_explicit(&entries, 1, memory_order_relaxed);
	}
	return old;
}

/* Moves the clock hand until the pages fit the budget again, or it has gone round twice (other
 * workers hold the slots it needs: they will run it again). */
static void evict_over_budget(void)
{
	unsigned long long current = atomic_load(&generation);
	for (int step = 0; step < 2 * PAGECACHE_SLOTS &&
	     atomic_load_explicit(&bytes_used, memory_order_relaxed) > atomic_load(&budget); step++) {
		struct slot *s = &slots[atomic_fetch_add_explicit(&hand, 1, memory_order_relaxed) %
					PAGECACHE_SLOTS];
		struct entry *gone = NULL;
		if (pthread_mutex_trylock(&s->lock) != 0)
			continue;
		if (s->entry && s->referenced && s->entry->generation == current)
			s->referenced = false;  /* asked for lately: a second chance */
		else if (s->entry)
			gone = swap_locked(s, NULL);
		pthread_mutex_unlock(&s->lock);
		if (gone)
			atomic_fetch_add_explicit(&evictions, 1, memory_order_relaxed);
		free(gone);
	}
}

static struct entry *entry_new(const char *key, unsigned long long gen,
			       const struct response *res, const struct page_meta *m)
{
	size_t key_len = strlen(key),
	       size = sizeof(struct entry) + key_len + 1 + res->body.len + res->headers.len;
	struct entry *e = malloc(size);
	if (!e)
		return NULL;
	e->generation = gen;
	e->content_type = res->content_type;
	e->meta = *m;
	e->size = size;
	e->body_len = res->body.len;
	memcpy(e->key, key, key_len + 1);
	e->body = e->key + key_len + 1;
	memcpy(e->body, res->body.data, res->body.len);
	e->headers_len = res->headers.len;
	e->headers = e->body + res->body.len;
	if (res->headers.len)
		memcpy(e->headers, res->headers.data, res->headers.len);
	return e;
}

/* gen is the generation read before the page was rendered: a commit during rendering has
 * moved the generation on, and the page is born stale and never served. */
void pagecache_put(const char *key, unsigned long long gen, const struct response *res,
		   const struct page_meta *m)
{
	size_t limit = atomic_load(&budget) / ENTRY_SHARE;
	if (res->body.len >= limit)
		return;
	struct entry *e = entry_new(key, gen, res, m), *old;
	if (!e)
		return;
	struct slot *s = slot_for(key);
	pthread_mutex_lock(&s->lock);
	old = swap_locked(s, e);
	pthread_mutex_unlock(&s->lock);
	if (old && strcmp(old->key, key) != 0)  /* another page's slot: that page is let go */
		atomic_fetch_add_explicit(&evictions, 1, memory_order_relaxed);
	free(old);
	evict_over_budget();
}

void pagecache_stats(struct pagecache_stats *out)
{
	out->hits = atomic_load_explicit(&hits, memory_order_relaxed);
	out->misses = atomic_load_explicit(&misses, memory_order_relaxed);
	out->entries = atomic_load_explicit(&entries, memory_order_relaxed);
	out->evictions = atomic_load_explicit(&evictions, memory_order_relaxed);
	out->bytes = atomic_load_explicit(&bytes_used, memory_order_relaxed);
	out->budget = atomic_load(&budget);
}

void pagecache_free(void)
{
	for (int i = 0; i < PAGECACHE_SLOTS; i++)
		free(swap_locked(&slots[i], NULL));
}
