/* The request as newsdesk trusts it: method, path and query fields, validated against limits. */
#include "request.h"

#include <string.h>

#include <fcgiapp.h>

#include "utf8.h"

struct field_spec {
	const char *name;
	size_t max_len;
	bool (*validate)(struct field_value *v);
};

static bool valid_page(struct field_value *v)
{
	return parse_uint(v->text, 1000000, &v->num) && v->num >= 1;
}

static const struct field_spec fields[FIELD__MAX] = {
	[FIELD_PAGE] = { "page", 7, valid_page },
};

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

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *percent_decode(struct arena *a, const char *s, size_t n, bool plus_is_space, size_t *len)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n &&
		    (hi = hex_value(s[i + 1])) >= 0 && (lo = hex_value(s[i + 2])) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '+' && plus_is_space) {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

/* Valid UTF-8 without NUL or other control characters; len is the decoded length. */
static bool clean_text(const char *s, size_t len)
{
	if (strlen(s) != len || !utf8_valid(s, len))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static enum http_method method_from(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return METHOD_GET;
	if (strcmp(m, "HEAD") == 0)
		return METHOD_HEAD;
	if (strcmp(m, "POST") == 0)
		return METHOD_POST;
	return METHOD_OTHER;
}

/* The decoded path: nginx's normalised DOCUMENT_URI, else REQUEST_URI up to '?'. */
static enum parse_result parse_path(struct request *r, char **envp, struct arena *a)
{
	const char *raw = FCGX_GetParam("DOCUMENT_URI", envp);
	bool decoded = raw != NULL;
	size_t n;
	if (!raw)
		raw = FCGX_GetParam("REQUEST_URI", envp);
	if (!raw || raw[0] != '/')
		return PARSE_BAD_REQUEST;
	n = decoded ? strlen(raw) : strcspn(raw, "?");
	if (n > REQUEST_PATH_MAX)
		return PARSE_TOO_LONG;
	size_t len = n;
	char *path = decoded ? arena_strndup(a, raw, n) : percent_decode(a, raw, n, false, &len);
	if (!path)
		return PARSE_NO_MEMORY;
	if (!clean_text(path, len))  /* keeps control bytes out of logs and pages */
		return PARSE_BAD_REQUEST;
	r->path = path;
	return PARSE_OK;
}

static const struct field_spec *field_named(const char *name, size_t n, enum field *id)
{
	for (int i = 0; i < FIELD__MAX; i++)
		if (strlen(fields[i].name) == n && memcmp(fields[i].name, name, n) == 0) {
			*id = (enum field)i;
			return &fields[i];
		}
	return NULL;
}

/* One "key=value" pair; unknown keys are ignored, a repeated key keeps its first value. */
static enum parse_result parse_pair(struct request *r, const char *pair, size_t n, struct arena *a)
{
	const char *eq = memchr(pair, '=', n);
	size_t klen = eq ? (size_t)(eq - pair) : n;
	enum field id;
	const struct field_spec *spec = field_named(pair, klen, &id);
	if (!spec || r->field[id].present)
		return PARSE_OK;
	struct field_value *v = &r->field[id];
	const char *val = eq ? eq + 1 : "";
	size_t vlen = eq ? n - klen - 1 : 0;
	size_t len;
	v->present = true;
	v->text = percent_decode(a, val, vlen, true, &len);
	if (!v->text)
		return PARSE_NO_MEMORY;
	v->valid = len <= spec->max_len && clean_text(v->text, len) && spec->validate(v);
	return PARSE_OK;
}

static enum parse_result parse_query(struct request *r, const char *q, struct arena *a)
{
	size_t len = strlen(q);
	if (len > REQUEST_QUERY_MAX)
		return PARSE_TOO_LONG;
	while (*q) {
		size_t n = strcspn(q, "&");
		enum parse_result res = n ? parse_pair(r, q, n, a) : PARSE_OK;
		if (res != PARSE_OK)
			return res;
		q += n;
		if (*q == '&')
			q++;
	}
	return PARSE_OK;
}

enum parse_result request_parse(struct request *r, char **envp, struct arena *a)
{
	memset(r, 0, sizeof *r);
	const char *m = FCGX_GetParam("REQUEST_METHOD", envp);
	const char *https = FCGX_GetParam("HTTPS", envp);
	const char *q = FCGX_GetParam("QUERY_STRING", envp);
	r->method_name = m ? m : "GET";
	r->method = method_from(r->method_name);
	r->https = https && (strcmp(https, "on") == 0 || strcmp(https, "1") == 0);
	enum parse_result res = parse_path(r, envp, a);
	if (res != PARSE_OK)
		return res;
	return parse_query(r, q ? q : "", a);
}
