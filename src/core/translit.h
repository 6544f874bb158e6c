/* Latin letters for a slug: Cyrillic transliterated (Курманбек -> kurmanbek) and Latin letters
 * with diacritics folded to their base letters (ö -> o, ß -> ss). */
#ifndef NEWSDESK_TRANSLIT_H
#define NEWSDESK_TRANSLIT_H

#include <stddef.h>

/* Lowercase ASCII for the code point at s (n bytes of valid UTF-8 left), or NULL when it has
 * none; *used gets the bytes the code point takes (at least 1, so a caller always moves on). */
const char *translit_next(const char *s, size_t n, size_t *used);

#endif
