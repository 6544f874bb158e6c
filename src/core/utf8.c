/* Strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF, no NUL), and
 * Unicode's noncharacters. */
#include "utf8.h"

static bool continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t utf8_decode(const unsigned char *s, size_t avail, uint32_t *out)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;
	if (avail == 0 || c == 0)
		return 0;
	if (c < 0x80) {
		*out = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1; cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2; cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3; cp = c & 0x07;
	} else {
		return 0;
	}
	if (avail <= n)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if (!continuation(s[k]))
			return 0;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	*out = cp;
	return n + 1;
}

bool utf8_noncharacter(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* Valid UTF-8, and with noncharacters refused when text is true. */
static bool scan(const char *str, size_t len, bool text)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (n == 0 || (text && utf8_noncharacter(cp)))
			return false;
		i += n;
	}
	return true;
}

bool utf8_valid(const char *s, size_t len)
{
	return scan(s, len, false);
}

bool utf8_text(const char *s, size_t len)
{
	return scan(s, len, true);
}

static bool xml_char(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return !utf8_noncharacter(cp);
}

/* Length of the run of good characters at s, to the first bad one or the end. */
static size_t xml_run(const unsigned char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;
	while (i < len && (n = utf8_decode(s + i, len - i, &cp)) != 0 && xml_char(cp))
		i += n;
	return i;
}

bool utf8_scrub_xml(struct buf *b, size_t from)
{
	const unsigned char *s = (const unsigned char *)b->data;
	if (from >= b->len)
		return true;
	size_t i = from + xml_run(s + from, b->len - from);
	if (i == b->len)
		return true;  /* the usual case: nothing to copy */
	struct buf out;
	buf_init(&out);
	buf_append(&out, s, i);
	while (i < b->len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, b->len - i, &cp);
		buf_append(&out, "\xef\xbf\xbd", 3);
		i += n ? n : 1;  /* a bad byte alone, or the whole forbidden character */
		n = xml_run(s + i, b->len - i);
		buf_append(&out, s + i, n);
		i += n;
	}
	if (out.failed) {
		buf_free(&out);
		return false;
	}
	buf_free(b);
	*b = out;
	return true;
}
