/* A per-request arena: everything a request allocates is freed at once when it ends. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE 16384

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	if (size > SIZE_MAX / 2)
		return NULL;
	size = (size + align - 1) / align * align;
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
		c = malloc(sizeof *c + cap);
		if (!c)
			return NULL;
		c->size = cap;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = n < 0 ? NULL : arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *items, int n, int *cap, size_t size)
{
	if (n < *cap)
		return items;
	int ncap = *cap ? *cap * 2 : 8;
	void *bigger = arena_alloc(a, (size_t)ncap * size);
	if (!bigger)
		return NULL;
	if (n)
		memcpy(bigger, items, (size_t)n * size);
	*cap = ncap;
	return bigger;
}

char *arena_cat_parts(struct arena *a, const char *const *parts, size_t n)
{
	size_t len[16], total = 0;
	if (n > sizeof len / sizeof *len)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i])
			return NULL;
		total += len[i] = strlen(parts[i]);
	}
	char *p = arena_alloc(a, total + 1), *at = p;
	if (!p)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		memcpy(at, parts[i], len[i]);
		at += len[i];
	}
	return p;  /* arena_alloc zeroed the terminator */
}
