/* Strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF, no NUL), and
 * Unicode's noncharacters, which are valid UTF-8 but never text to exchange. */
#ifndef NEWSDESK_UTF8_H
#define NEWSDESK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

bool utf8_valid(const char *s, size_t len);

/* Valid UTF-8 holding no noncharacter: what newsdesk takes as text. */
bool utf8_text(const char *s, size_t len);

/* Length of the valid sequence at s (1 to 4), or 0 if s does not start one; its code point
 * goes to *cp. */
size_t utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);

/* U+FDD0..U+FDEF and U+nFFFE, U+nFFFF of every plane (XML 1.0 forbids U+FFFE and U+FFFF). */
bool utf8_noncharacter(uint32_t cp);

/* Replaces, from byte from of b on, each byte that is not UTF-8 and each character XML 1.0
 * forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) or that is another noncharacter
 * with U+FFFD. False when out of memory (b is then unchanged). */
bool utf8_scrub_xml(struct buf *b, size_t from);

#endif
