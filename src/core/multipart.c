/* A strict multipart/form-data parser: what browsers send for a file upload, nothing more. */
#define _GNU_SOURCE
#include "multipart.h"

#include <string.h>
#include <strings.h>

static const char form_type[] = "multipart/form-data";

bool multipart_is_form(const char *ct)
{
	size_t n = sizeof form_type - 1;
	return ct && strncasecmp(ct, form_type, n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

/* RFC 2046's bchars, space allowed but not last. */
static bool boundary_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       strchr("'()+_,-./:=? ", c) != NULL;
}

static bool boundary_valid(const char *b, size_t n)
{
	if (n == 0 || n > MULTIPART_BOUNDARY_MAX || b[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!b[i] || !boundary_char(b[i]))
			return false;
	return true;
}

bool multipart_boundary(const char *ct, char *out)
{
	if (!multipart_is_form(ct))
		return false;
	const char *p = ct + sizeof form_type - 1;
	while (*p == ';') {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		size_t klen = strcspn(p, "=;");
		if (p[klen] != '=') {
			p += klen;
			continue;
		}
		bool is_boundary = klen == 8 && strncasecmp(p, "boundary", 8) == 0;
		const char *v = p + klen + 1, *end;
		size_t vlen;
		if (*v == '"') {
			end = strchr(v + 1, '"');
			if (!end)
				return false;
			vlen = (size_t)(end - v - 1);
			v++;
			end++;
		} else {
			vlen = strcspn(v, "; \t");
			end = v + vlen;
		}
		if (is_boundary) {
			if (!boundary_valid(v, vlen))
				return false;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return true;
		}
		p = end;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	return false;
}

/* A quoted parameter value of a Content-Disposition: `key="value"`, no escapes, no quote,
 * CR, LF or NUL inside (browsers percent-encode those in names). */
static bool quoted_param(const char *line, size_t n, const char *key, const char **out,
			 size_t *out_len, bool *found)
{
	size_t klen = strlen(key);
	const char *p = line, *end = line + n;
	*found = false;
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		if (!semi)
			return true;
		p = semi + 1;
		while (p < end && *p == ' ')
			p++;
		if ((size_t)(end - p) < klen + 3 || strncasecmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		if (p[klen + 1] != '"')
			return false;
		const char *v = p + klen + 2;
		const char *close = memchr(v, '"', (size_t)(end - v));
		if (!close || (size_t)(close - v) > MULTIPART_NAME_MAX || *found)
			return false;
		for (const char *c = v; c < close; c++)
			if (*c == '\0' || *c == '\r' || *c == '\n')
				return false;
		*out = v;
		*out_len = (size_t)(close - v);
		*found = true;
		p = close + 1;
		if (p < end && *p != ';')
			return false;
	}
	return true;
}

static bool header_named(const char *line, size_t n, const char *name)
{
	size_t k = strlen(name);
	return n > k && strncasecmp(line, name, k) == 0 && line[k] == ':';
}

/* One header line of a part (without its CRLF). */
static bool part_header(const char *line, size_t n, struct multipart_part *part, bool *named)
{
	static const char cd[] = "Content-Disposition: form-data";
	for (size_t i = 0; i < n; i++)
		if (line[i] == '\0' || line[i] == '\r' || line[i] == '\n')
			return false;
	if (header_named(line, n, "Content-Type"))
		return true;  /* the browser's guess: the file's bytes decide, never this */
	if (!header_named(line, n, "Content-Disposition") || *named)
		return false;
	if (n < sizeof cd - 1 || strncasecmp(line, cd, sizeof cd - 1) != 0 ||
	    (n > sizeof cd - 1 && line[sizeof cd - 1] != ';'))
		return false;
	bool found;
	if (!quoted_param(line, n, "name", &part->name, &part->name_len, named) || !*named ||
	    !part->name_len)
		return false;
	if (!quoted_param(line, n, "filename", &part->filename, &part->filename_len, &found))
		return false;
	part->is_file = found;
	return true;
}

/* The headers of a part from *p up to its blank line; *p moves past it. */
static bool part_headers(const char **p, const char *end, struct multipart_part *part)
{
	bool named = false;
	for (int lines = 0; lines < 8; lines++) {
		const char *eol = NULL;
		for (const char *c = *p; c + 1 < end && c - *p <= MULTIPART_HEADER_LINE_MAX; c++)
			if (c[0] == '\r' && c[1] == '\n') {
				eol = c;
				break;
			}
		if (!eol)
			return false;
		size_t n = (size_t)(eol - *p);
		const char *line = *p;
		*p = eol + 2;
		if (n == 0)
			return named;
		if (!part_header(line, n, part, &named))
			return false;
	}
	return false;
}

int multipart_parse(const char *body, size_t len, const char *boundary,
		    struct multipart_part *parts, int max)
{
	size_t blen = strlen(boundary);
	char delim[MULTIPART_BOUNDARY_MAX + 5];
	if (!boundary_valid(boundary, blen))
		return -1;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, blen);
	size_t dlen = blen + 4;
	const char *end = body + len;
	/* The body opens with the first delimiter (no preamble: browsers send none). */
	if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0)
		return -1;
	const char *p = body + dlen - 2;
	int n = 0;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			p += 2;
			if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
				p += 2;
			return p == end ? n : -1;
		}
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n' || n == max)
			return -1;
		p += 2;
		struct multipart_part *part = &parts[n];
		memset(part, 0, sizeof *part);
		if (!part_headers(&p, end, part))
			return -1;
		const char *next = memmem(p, (size_t)(end - p), delim, dlen);
		if (!next)
			return -1;
		part->data = p;
		part->len = (size_t)(next - p);
		n++;
		p = next + dlen;
	}
}
