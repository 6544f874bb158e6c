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

#ifdef __cplusplus
}
#endif

#endif
