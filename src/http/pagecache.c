/* Rendered public pages kept in memory, shared by the worker threads, never stale: an entry
 * dies when anything readers see changes (site_state's version, moved on by triggers), on
 * reload, and at the moment its page would change by itself. */
#include "pagecache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "model.h"

#define SLOTS 1024            /* direct-mapped: a key has one slot; bounded memory */
#define PAGE_MAX (1 << 20)    /* larger pages are not kept */

struct slot {
	pthread_mutex_t lock;
	char *key;                /* NULL: empty */
	unsigned long long generation;
	const char *content_type; /* a string constant from a page */
	struct buf headers;       /* the page's own: its surrogate keys */
	struct buf body;
	struct page_meta meta;
};

static struct slot slots[SLOTS] = {
	[0 ... SLOTS - 1] = { .lock = PTHREAD_MUTEX_INITIALIZER },
};
static atomic_ullong generation = 1;
static atomic_ullong hits, misses, entries;
static atomic_llong content_version = -1;   /* as the last request saw it */

/* The slot hash is keyed with a secret of this process: nobody can choose URLs that land on the
 * home page's slot and push it out. */
static unsigned char slot_key[crypto_generichash_KEYBYTES];
static pthread_once_t slot_key_once = PTHREAD_ONCE_INIT;

static void make_slot_key(void)
{
	randombytes_buf(slot_key, sizeof slot_key);
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
	unsigned char hash[8];
	unsigned long long h = 0;
	pthread_once(&slot_key_once, make_slot_key);
	crypto_generichash(hash, sizeof hash, (const unsigned char *)key, strlen(key), slot_key,
			   sizeof slot_key);
	memcpy(&h, hash, sizeof h);
	return (int)(h % SLOTS);
}

static struct slot *slot_for(const char *key)
{
	return &slots[pagecache_slot_index(key)];
}

bool pagecache_get(const char *key, time_t now, struct response *res, struct page_meta *m)
{
	struct slot *s = slot_for(key);
	bool hit = false;
	pthread_mutex_lock(&s->lock);
	if (s->key && strcmp(s->key, key) == 0 && s->generation == atomic_load(&generation) &&
	    (!s->meta.until || now < s->meta.until)) {
		buf_reset(&res->body);
		buf_reset(&res->headers);
		hit = buf_append(&res->body, s->body.data, s->body.len) &&
		      (!s->headers.len || buf_append(&res->headers, s->headers.data, s->headers.len));
		res->status = 200;
		res->content_type = s->content_type;
		*m = s->meta;
	}
	pthread_mutex_unlock(&s->lock);
	atomic_fetch_add_explicit(hit ? &hits : &misses, 1, memory_order_relaxed);
	return hit;
}

unsigned long long pagecache_generation(void)
{
	return atomic_load(&generation);
}

/* gen is the generation read before the page was rendered: a commit during rendering has
 * moved the generation on, and the page is born stale and never served. */
void pagecache_put(const char *key, unsigned long long gen, const struct response *res,
		   const struct page_meta *m)
{
	struct slot *s = slot_for(key);
	if (res->body.len > PAGE_MAX)
		return;
	char *copy = strdup(key);
	if (!copy)
		return;
	pthread_mutex_lock(&s->lock);
	if (!s->key)
		atomic_fetch_add_explicit(&entries, 1, memory_order_relaxed);
	free(s->key);
	s->key = NULL;
	buf_reset(&s->body);
	buf_reset(&s->headers);
	if (!buf_append(&s->body, res->body.data, res->body.len) ||
	    (res->headers.len && !buf_append(&s->headers, res->headers.data, res->headers.len))) {
		atomic_fetch_sub_explicit(&entries, 1, memory_order_relaxed);
	} else {
		s->key = copy;
		copy = NULL;
		s->generation = gen;
		s->content_type = res->content_type;
		s->meta = *m;
	}
	pthread_mutex_unlock(&s->lock);
	free(copy);
}

void pagecache_counters(unsigned long long *hit, unsigned long long *miss, unsigned long long *kept)
{
	*hit = atomic_load_explicit(&hits, memory_order_relaxed);
	*miss = atomic_load_explicit(&misses, memory_order_relaxed);
	*kept = atomic_load_explicit(&entries, memory_order_relaxed);
}

void pagecache_free(void)
{
	for (int i = 0; i < SLOTS; i++) {
		free(slots[i].key);
		slots[i].key = NULL;
		buf_free(&slots[i].body);
		buf_free(&slots[i].headers);
	}
	atomic_store(&entries, 0);
}
