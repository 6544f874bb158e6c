/* A growable byte buffer: response bodies, headers, and any text built up piece by piece. */
#ifndef NEWSDESK_BUF_H
#define NEWSDESK_BUF_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct buf {
	char   *data;   /* always NUL-terminated when non-NULL */
	size_t  len;
	size_t  cap;
	bool    failed; /* an allocation failed; later appends are ignored */
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
bool buf_append(struct buf *b, const void *data, size_t len);
bool buf_puts(struct buf *b, const char *s);
bool buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* buf_append for the few bytes at a time that escaping writes (the run before each '&', then
 * "&amp;"): straight into room the buffer already has, which buf_reserve never makes past its
 * limit; anything longer, or a buffer that must grow, through buf_append. */
static inline bool buf_append_short(struct buf *b, const char *s, size_t n)
{
	if (n > 16 || b->failed || b->cap - b->len <= n)
		return buf_append(b, s, n);
	char *p = b->data + b->len;
	for (size_t i = 0; i < n; i++)
		p[i] = s[i];
	p[n] = '\0';
	b->len += n;
	return true;
}

#ifdef __cplusplus
}
#endif

#endif
