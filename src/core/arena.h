/* A per-request arena: everything a request allocates is freed at once when it ends. */
#ifndef NEWSDESK_ARENA_H
#define NEWSDESK_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t size);            /* zeroed; NULL when out of memory */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);          /* NULL s gives "" */
/* Makes room for element n of an arena array of cap elements, doubling cap when full. */
void *arena_grow(struct arena *a, void *items, int n, int *cap, size_t size);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The strings one after another, as one arena string: NULL when out of memory or when any part
 * is NULL (a failure upstream stays a failure). For the hot paths printf is too slow for. */
#define arena_cat(a, ...) \
	arena_cat_parts((a), (const char *const[]){ __VA_ARGS__ }, \
			sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
char *arena_cat_parts(struct arena *a, const char *const *parts, size_t n);

#endif
