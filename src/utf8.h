/* Strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF, no NUL). */
#ifndef NEWSDESK_UTF8_H
#define NEWSDESK_UTF8_H

#include <stdbool.h>
#include <stddef.h>

bool utf8_valid(const char *s, size_t len);

#endif
