/* Rendered public pages kept in memory, shared by the worker threads, never stale: an entry
 * dies when any connection commits to the database (PRAGMA data_version), on reload, and at
 * the moment its page would change by itself. */
#include "pagecache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#define SLOTS 1024            /* direct-mapped: a key has one slot; bounded memory */
#define PAGE_MAX (1 << 20)    /* larger pages are not kept */

struct slot {
	pthread_mutex_t lock;
	char *key;                /* NULL: empty */
	unsigned long long generation;
	const char *content_type; /* a string constant from a page */
	struct buf body;
	struct page_meta meta;
};

static struct slot slots[SLOTS] = {
	[0 ... SLOTS - 1] = { .lock = PTHREAD_MUTEX_INITIALIZER },
};
static atomic_ullong generation = 1;

void pagecache_invalidate(void)
{
	atomic_fetch_add(&generation, 1);
}

void pagecache_check(struct db *db)
{
	long long v = db_data_version(db);
	if (v < 0) {
		pagecache_invalidate();  /* cannot tell: assume it changed */
		return;
	}
	if (v != db->data_version) {  /* a first look cannot tell what changed before it either */
		pagecache_invalidate();
		db->data_version = v;
	}
}

static struct slot *slot_for(const char *key)
{
	unsigned char hash[8];
	unsigned long long h = 0;
	crypto_generichash(hash, sizeof hash, (const unsigned char *)key, strlen(key), NULL, 0);
	memcpy(&h, hash, sizeof h);
	return &slots[h % SLOTS];
}

bool pagecache_get(const char *key, time_t now, struct response *res, struct page_meta *m)
{
	struct slot *s = slot_for(key);
	bool hit = false;
	pthread_mutex_lock(&s->lock);
	if (s->key && strcmp(s->key, key) == 0 && s->generation == atomic_load(&generation) &&
	    (!s->meta.until || now < s->meta.until)) {
		buf_reset(&res->body);
		hit = buf_append(&res->body, s->body.data, s->body.len);
		res->status = 200;
		res->content_type = s->content_type;
		*m = s->meta;
	}
	pthread_mutex_unlock(&s->lock);
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
	free(s->key);
	s->key = NULL;
	buf_reset(&s->body);
	if (buf_append(&s->body, res->body.data, res->body.len)) {
		s->key = copy;
		copy = NULL;
		s->generation = gen;
		s->content_type = res->content_type;
		s->meta = *m;
	}
	pthread_mutex_unlock(&s->lock);
	free(copy);
}

void pagecache_free(void)
{
	for (int i = 0; i < SLOTS; i++) {
		free(slots[i].key);
		slots[i].key = NULL;
		buf_free(&slots[i].body);
	}
}
