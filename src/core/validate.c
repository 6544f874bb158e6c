/* Checks of what editors type, shared by the forms and tested table by table. */
#include "validate.h"

#include <string.h>
#include <strings.h>

#include "utf8.h"
#include "translit.h"

bool parse_uint(const char *s, long long max, long long *out)
{
	long long v = 0;
	if (!s || !*s || (s[0] == '0' && s[1]))
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (max - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

bool slug_valid(const char *s, size_t n)
{
	if (n == 0 || n > SLUG_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

size_t text_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

const char *url_problem(const char *u, bool site_paths_ok)
{
	if (!*u)
		return NULL;
	for (const char *p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("\"<>\\`", *p) || *p == 0x7f)
			return "must not contain spaces, quotes or angle brackets";
	if ((strncasecmp(u, "https://", 8) == 0 && u[8] && u[8] != '/') ||
	    (strncasecmp(u, "http://", 7) == 0 && u[7] && u[7] != '/'))
		return NULL;
	if (site_paths_ok && u[0] == '/' && u[1] != '/')
		return NULL;
	return site_paths_ok ? "must be a web address starting with https:// or http://, or a path on this site starting with /"
			     : "must be a web address starting with https:// or http://";
}

/* Appends letters to out (at most SLUG_MAX in all), as far as they fit whole. */
static void append_letters(char *out, size_t *n, const char *letters)
{
	size_t len = strlen(letters);
	if (*n + len > SLUG_MAX)
		return;
	memcpy(out + *n, letters, len);
	*n += len;
}

const char *slug_from_headline(struct arena *a, const char *headline)
{
	char *out = arena_alloc(a, SLUG_MAX + 1);
	size_t n = 0, left = strlen(headline), used;
	if (!out)
		return NULL;
	for (const char *p = headline; *p && n < SLUG_MAX; p += used, left -= used) {
		char ch = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		used = 1;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			out[n++] = ch;
		} else if ((unsigned char)ch >= 0x80) {  /* Cyrillic, accented Latin; others vanish */
			const char *letters = translit_next(p, left, &used);
			if (letters)
				append_letters(out, &n, letters);
		} else if (ch != '\'' && n && out[n - 1] != '-') {
			out[n++] = '-';
		}
	}
	while (n && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	return out;
}

bool user_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || !utf8_text(name, n) || text_chars(name) > USER_NAME_MAX)
		return false;
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}
