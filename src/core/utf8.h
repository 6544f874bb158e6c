/* Strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF, no NUL). */
#ifndef NEWSDESK_UTF8_H
#define NEWSDESK_UTF8_H

#include <stdbool.h>
#include <stddef.h>

bool utf8_valid(const char *s, size_t len);

/* Length of the valid sequence at s (1 to 4), or 0 if s does not start one. */
size_t utf8_sequence(const unsigned char *s, size_t avail);

#endif
