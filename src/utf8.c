/* Strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF, no NUL). */
#include "utf8.h"

static bool continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned long cp;
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1; cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2; cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3; cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if (!continuation(s[i + k]))
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return false;
		i += n + 1;
	}
	return true;
}
