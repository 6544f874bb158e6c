/* The request as newsdesk trusts it: method, path, headers, cookies and form fields, each
 * validated against a declared limit before any handler sees it. */
#include "request.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "auth.h"
#include "buf.h"
#include "multipart.h"
#include "utf8.h"

enum source { FROM_QUERY, FROM_BODY };
enum text_kind { ONE_LINE, MULTI_LINE };

struct field_spec {
	const char *name;
	enum source source;
	size_t max_chars;       /* characters (code points) of decoded UTF-8: the one declaration of
				 * the limit, which forms show as maxlength and the schema checks */
	enum text_kind kind;
	int max_count;          /* more than 1: a repeated field */
	bool (*validate)(struct field_value *v);  /* extra check of the first value, or NULL */
};

static bool valid_page(struct field_value *v)
{
	return parse_uint(v->text, 1000000, &v->num) && v->num >= 1;
}

static bool valid_id(struct field_value *v)
{
	return parse_uint(v->text, 1LL << 53, &v->num) && v->num >= 1;
}

#define LONG_TEXT 200000   /* a paragraph or box: ~100 KB of text, with room for markup */
#define URL_MAX   2048
#define BLOCKS_MAX 400
#define LINKS_MAX 100

_Static_assert(FIELD__MAX < 64, "a route declares its inputs as 64 bits");

static const struct field_spec fields[FIELD__MAX] = {
	[Q_PAGE]             = { "page", FROM_QUERY, 7, ONE_LINE, 1, valid_page },
	[Q_SECTION]          = { "section", FROM_QUERY, SECTION_SLUG_MAX, ONE_LINE, 1, NULL },
	[Q_STATUS]           = { "status", FROM_QUERY, 16, ONE_LINE, 1, NULL },
	[Q_FROM]             = { "from", FROM_QUERY, 16, ONE_LINE, 1, valid_id },
	[Q_TO]               = { "to", FROM_QUERY, 16, ONE_LINE, 1, valid_id },
	[Q_DONE]             = { "done", FROM_QUERY, 16, ONE_LINE, 1, NULL },
	[Q_QUERY]            = { "q", FROM_QUERY, 500, ONE_LINE, 1, NULL },
	[F_NAME]             = { "name", FROM_BODY, USER_NAME_MAX, ONE_LINE, 1, NULL },
	[F_PASSWORD]         = { "password", FROM_BODY, PASSWORD_MAX, ONE_LINE, 1, NULL },
	[F_CSRF]             = { "csrf", FROM_BODY, 128, ONE_LINE, 1, NULL },
	[F_ACTION]           = { "action", FROM_BODY, 64, ONE_LINE, 1, NULL },
	[F_BASE_REVISION]    = { "base_revision", FROM_BODY, 16, ONE_LINE, 1, NULL },
	[F_HEADLINE]         = { "headline", FROM_BODY, HEADLINE_MAX, ONE_LINE, 1, NULL },
	[F_SLUG]             = { "slug", FROM_BODY, SLUG_MAX, ONE_LINE, 1, NULL },
	[F_SECTION]          = { "section", FROM_BODY, SECTION_SLUG_MAX, ONE_LINE, 1, NULL },
	[F_INTRO]            = { "intro", FROM_BODY, 4000, MULTI_LINE, 1, NULL },
	[F_IMAGE_URL]        = { "image_url", FROM_BODY, URL_MAX, ONE_LINE, 1, NULL },
	[F_IMAGE_ALT]        = { "image_alt", FROM_BODY, 500, ONE_LINE, 1, NULL },
	[F_IMAGE_CAPTION]    = { "image_caption", FROM_BODY, 500, ONE_LINE, 1, NULL },
	[F_SPONSOR]          = { "sponsor", FROM_BODY, 200, ONE_LINE, 1, NULL },
	[F_SPONSOR_URL]      = { "sponsor_url", FROM_BODY, URL_MAX, ONE_LINE, 1, NULL },
	[F_PUBLISH_AT]       = { "publish_at", FROM_BODY, 32, ONE_LINE, 1, NULL },
	[F_PROMOS]           = { "promos", FROM_BODY, 20 * 260, MULTI_LINE, 1, NULL },
	[F_BLOCK_KIND]       = { "bk", FROM_BODY, 16, ONE_LINE, BLOCKS_MAX, NULL },
	[F_BLOCK_TEXT]       = { "bt", FROM_BODY, LONG_TEXT, MULTI_LINE, BLOCKS_MAX, NULL },
	[F_BLOCK_IMAGE]      = { "bi", FROM_BODY, URL_MAX, ONE_LINE, BLOCKS_MAX, NULL },
	[F_BLOCK_NAME]       = { "bn", FROM_BODY, 200, ONE_LINE, BLOCKS_MAX, NULL },
	[F_BLOCK_BYLINE]     = { "bb", FROM_BODY, 300, ONE_LINE, BLOCKS_MAX, NULL },
	[F_BLOCK_MEDIA]      = { "bm", FROM_BODY, URL_MAX, ONE_LINE, BLOCKS_MAX, NULL },
	[F_LINK_SOURCE]      = { "ls", FROM_BODY, 200, ONE_LINE, LINKS_MAX, NULL },
	[F_LINK_TITLE]       = { "lt", FROM_BODY, 300, ONE_LINE, LINKS_MAX, NULL },
	[F_LINK_URL]         = { "lu", FROM_BODY, URL_MAX, ONE_LINE, LINKS_MAX, NULL },
	[F_LINK_TIME]        = { "lp", FROM_BODY, 32, ONE_LINE, LINKS_MAX, NULL },
	[F_LINK_REGISTRATION] = { "lr", FROM_BODY, 8, ONE_LINE, LINKS_MAX, NULL },
	[F_SECTION_NAME]     = { "section_name", FROM_BODY, SECTION_NAME_MAX, ONE_LINE, 1, NULL },
	[F_SECTION_SLUG]     = { "section_slug", FROM_BODY, SECTION_SLUG_MAX, ONE_LINE, 1, NULL },
	[F_SECTION_POSITION] = { "section_position", FROM_BODY, 8, ONE_LINE, 1, NULL },
	[F_NOTE]             = { "note", FROM_BODY, 2000, MULTI_LINE, 1, NULL },
	[F_ROLE]             = { "role", FROM_BODY, 16, ONE_LINE, 1, NULL },
	[F_PERSON_NAME]      = { "person_name", FROM_BODY, 200, ONE_LINE, 1, NULL },
	[F_PERSON_SLUG]      = { "person_slug", FROM_BODY, SLUG_MAX, ONE_LINE, 1, NULL },
	[F_PERSON_ROLE]      = { "person_role", FROM_BODY, 200, ONE_LINE, 1, NULL },
	[F_PERSON_BIO]       = { "person_bio", FROM_BODY, 2000, MULTI_LINE, 1, NULL },
	[F_PERSON_PORTRAIT]  = { "person_portrait", FROM_BODY, URL_MAX, ONE_LINE, 1, NULL },
	[F_PERSON_USER]      = { "person_user", FROM_BODY, USER_NAME_MAX, ONE_LINE, 1, NULL },
	[F_BYLINES]          = { "bylines", FROM_BODY, 10 * (SLUG_MAX + 10), MULTI_LINE, 1, NULL },
	[F_TOPICS]           = { "topics", FROM_BODY, 1100, ONE_LINE, 1, NULL },
	[F_NOTE_KIND]        = { "note_kind", FROM_BODY, 16, ONE_LINE, 1, NULL },
	[F_NOTE_TEXT]        = { "note_text", FROM_BODY, 2000, MULTI_LINE, 1, NULL },
	[F_TOPIC_NAME]       = { "topic_name", FROM_BODY, 100, ONE_LINE, 1, NULL },
	[F_TOPIC_SLUG]       = { "topic_slug", FROM_BODY, SLUG_MAX, ONE_LINE, 1, NULL },
	[F_TOPIC_INTO]       = { "topic_into", FROM_BODY, SLUG_MAX, ONE_LINE, 1, NULL },
	[F_FRONT]            = { "front", FROM_BODY, 20 * 260, MULTI_LINE, 1, NULL },
	[F_SECTION_INTO]     = { "section_into", FROM_BODY, SECTION_SLUG_MAX, ONE_LINE, 1, NULL },
	[F_MEDIA_ALT]        = { "alt", FROM_BODY, 500, ONE_LINE, 1, NULL },
	[F_MEDIA_CAPTION]    = { "caption", FROM_BODY, 500, ONE_LINE, 1, NULL },
	[F_MEDIA_CREDIT]     = { "credit", FROM_BODY, 200, ONE_LINE, 1, NULL },
};

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
		if (s[i] == '%' && i + 2 < n && (hi = hex_value(s[i + 1])) >= 0 &&
		    (lo = hex_value(s[i + 2])) >= 0) {
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

/* A character fit for a field: no NUL or other control character (tab, CR and LF when
 * multi-line), no noncharacter. */
static bool text_char(uint32_t cp, enum text_kind kind)
{
	if (cp < 0x20 || cp == 0x7f)
		return kind == MULTI_LINE && (cp == '\n' || cp == '\r' || cp == '\t');
	return !utf8_noncharacter(cp);
}

/* Valid UTF-8 of characters fit for the field. */
static bool clean_text(const char *s, size_t len, enum text_kind kind)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0 || !text_char(cp, kind))
			return false;
		i += n;
	}
	return true;
}

/* A copy fit to show back to the editor: bad bytes, control characters and noncharacters
 * become U+FFFD, and in multi-line fields CRLF becomes LF. */
static char *shown_text(struct arena *a, const char *s, size_t len, enum text_kind kind,
			size_t *out_len)
{
	char *out = arena_alloc(a, len * 3 + 1), *o = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		if (kind == MULTI_LINE && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
			i++;  /* browsers send a textarea's line breaks as CRLF: keep LF */
			continue;
		}
		size_t n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0 || !text_char(cp, kind)) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			i += n ? n : 1;
		} else {
			memcpy(o, s + i, n);
			o += n;
			i += n;
		}
	}
	*o = '\0';
	*out_len = (size_t)(o - out);
	return out;
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

bool request_body_length(char **envp, long long upload_max_mb, size_t *len)
{
	const char *cl = FCGX_GetParam("CONTENT_LENGTH", envp);
	long long max = multipart_is_form(FCGX_GetParam("CONTENT_TYPE", envp)) ? upload_max_mb << 20
										: REQUEST_BODY_MAX;
	long long n = 0;
	if (cl && *cl && !parse_uint(cl, max, &n))
		return false;
	*len = (size_t)n;
	return true;
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
	if (strlen(path) != len || !clean_text(path, len, ONE_LINE))  /* no %00, no control bytes */
		return PARSE_BAD_REQUEST;
	r->path = path;
	return PARSE_OK;
}

static const struct field_spec *field_named(const char *name, size_t n, enum source src,
					    uint64_t inputs, enum field *id)
{
	for (int i = 0; i < FIELD__MAX; i++)
		if ((inputs & IN(i)) && fields[i].source == src && strlen(fields[i].name) == n &&
		    memcmp(fields[i].name, name, n) == 0) {
			*id = (enum field)i;
			return &fields[i];
		}
	return NULL;
}

static const char *problem_with(const struct field_spec *spec, const char *raw, size_t len)
{
	if (len > spec->max_chars * 4 || text_chars(raw) > spec->max_chars)
		return "is too long";
	if (memchr(raw, '\0', len) || !clean_text(raw, len, spec->kind))
		return "contains bytes that are not text (shown as \xef\xbf\xbd)";
	return NULL;
}

/* Adds one decoded value to its field; a single-valued field keeps its first value. */
static enum parse_result add_value(struct request *r, enum field id, const char *raw,
				   size_t len, struct arena *a)
{
	const struct field_spec *spec = &fields[id];
	struct field_value *v = &r->field[id];
	if (v->present && spec->max_count == 1)
		return PARSE_OK;
	size_t shown_len;
	const char *shown = shown_text(a, raw, len, spec->kind, &shown_len);
	if (!shown)
		return PARSE_NO_MEMORY;
	const char *problem = problem_with(spec, raw, len);
	if (v->count == spec->max_count)
		problem = "has too many entries";
	if (!v->present) {
		v->present = true;
		v->valid = true;
		v->text = shown;
		v->len = shown_len;
		if (!problem && spec->validate && !spec->validate(v))
			problem = "is not valid";
	}
	if (problem && v->valid) {
		v->valid = false;
		v->problem = problem;
		v->problem_at = v->count;
	}
	if (spec->max_count > 1 && v->count < spec->max_count) {
		void *grown = arena_grow(a, (void *)v->values, v->count, &v->cap, sizeof *v->values);
		if (!grown)
			return PARSE_NO_MEMORY;
		v->values = grown;
		v->values[v->count++] = shown;
	}
	return PARSE_OK;
}

/* One "key=value" pair; keys that are not among the inputs are ignored. */
static enum parse_result parse_pair(struct request *r, const char *pair, size_t n,
				    enum source src, uint64_t inputs, struct arena *a)
{
	const char *eq = memchr(pair, '=', n);
	size_t klen = eq ? (size_t)(eq - pair) : n, vlen = eq ? n - klen - 1 : 0, len;
	enum field id;
	if (!field_named(pair, klen, src, inputs, &id))
		return PARSE_OK;
	char *raw = percent_decode(a, eq ? eq + 1 : "", vlen, true, &len);
	if (!raw)
		return PARSE_NO_MEMORY;
	return add_value(r, id, raw, len, a);
}

static enum parse_result parse_pairs(struct request *r, const char *s, size_t len,
				     enum source src, uint64_t inputs, struct arena *a)
{
	const char *end = s + len;
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		size_t n = amp ? (size_t)(amp - s) : (size_t)(end - s);
		enum parse_result res = n ? parse_pair(r, s, n, src, inputs, a) : PARSE_OK;
		if (res != PARSE_OK)
			return res;
		s += n + (amp ? 1 : 0);
	}
	return PARSE_OK;
}

const char *session_cookie_name(bool https)
{
	return https ? "__Host-newsdesk_session" : "newsdesk_session";
}

/* Finds our session cookie among "a=b; c=d" pairs. */
static void parse_cookies(struct request *r, const char *header, struct arena *a)
{
	const char *want = session_cookie_name(r->https);
	size_t want_len = strlen(want);
	while (header && *header) {
		while (*header == ' ' || *header == ';')
			header++;
		size_t n = strcspn(header, ";");
		if (n > want_len + 1 && memcmp(header, want, want_len) == 0 && header[want_len] == '=') {
			r->session_cookie = arena_strndup(a, header + want_len + 1, n - want_len - 1);
			return;
		}
		header += n;
	}
}

/* A Host as HTTP allows it: a name or IPv4 address, or [IPv6], then an optional :port. */
static bool host_valid(const char *h)
{
	size_t n = strlen(h), i = 0;
	if (n == 0 || n > 255)
		return false;
	if (h[0] == '[') {
		size_t close = strcspn(h, "]");
		if (close == n || strspn(h + 1, "0123456789abcdefABCDEF:.") != close - 1)
			return false;
		i = close + 1;
	} else {
		i = strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
		if (i == 0)
			return false;
	}
	if (h[i] == '\0')
		return true;
	return h[i] == ':' && h[i + 1] && strspn(h + i + 1, "0123456789") == n - i - 1 && n - i - 1 <= 5;
}

/* A header value we may keep: short, printable ASCII. */
static const char *header_value(char **envp, const char *name)
{
	const char *v = FCGX_GetParam(name, envp);
	if (!v || strlen(v) > REQUEST_HEADER_MAX)
		return NULL;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			return NULL;
	return v;
}

static bool form_body(char **envp)
{
	const char *type = FCGX_GetParam("CONTENT_TYPE", envp);
	static const char form[] = "application/x-www-form-urlencoded";
	return type && strncmp(type, form, sizeof form - 1) == 0 &&
	       (type[sizeof form - 1] == '\0' || type[sizeof form - 1] == ';');
}

enum parse_result request_parse(struct request *r, char **envp, const char *body,
				size_t body_len, struct arena *a)
{
	memset(r, 0, sizeof *r);
	const char *m = FCGX_GetParam("REQUEST_METHOD", envp);
	const char *https = FCGX_GetParam("HTTPS", envp);
	const char *q = FCGX_GetParam("QUERY_STRING", envp);
	r->method_name = m ? m : "GET";
	r->method = method_from(r->method_name);
	r->https = https && (strcmp(https, "on") == 0 || strcmp(https, "1") == 0);
	r->remote_addr = header_value(envp, "REMOTE_ADDR");
	r->host = header_value(envp, "HTTP_HOST");
	r->if_none_match = header_value(envp, "HTTP_IF_NONE_MATCH");
	r->if_modified_since = header_value(envp, "HTTP_IF_MODIFIED_SINCE");
	r->origin = header_value(envp, "HTTP_ORIGIN");
	r->referer = header_value(envp, "HTTP_REFERER");
	parse_cookies(r, header_value(envp, "HTTP_COOKIE"), a);
	if (FCGX_GetParam("HTTP_HOST", envp) && (!r->host || !host_valid(r->host)))
		return PARSE_BAD_REQUEST;  /* HTTP/1.1: a bad Host is a 400 (a good one names nothing) */
	enum parse_result res = parse_path(r, envp, a);
	if (res != PARSE_OK)
		return res;
	if (q && strlen(q) > REQUEST_QUERY_MAX)
		return PARSE_TOO_LONG;
	r->query = q ? q : "";
	if (r->method != METHOD_POST || !body_len)
		return PARSE_OK;
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	if (multipart_boundary(FCGX_GetParam("CONTENT_TYPE", envp), boundary)) {
		if (body_len > REQUEST_UPLOAD_MAX)
			return PARSE_TOO_LONG;
		if (!(r->boundary = arena_strdup(a, boundary)))
			return PARSE_NO_MEMORY;
	} else if (body_len > REQUEST_BODY_MAX) {
		return PARSE_TOO_LONG;
	} else if (!form_body(envp)) {
		return PARSE_BAD_REQUEST;
	}
	r->body = body;
	r->body_len = body_len;
	return PARSE_OK;
}

/* A file field's name as the forms write them: "file" (the library's, the lead image's), or
 * "bf" and a block's index without leading zeros (a box's portrait, a media block's poster). */
static bool upload_field_known(const char *name, size_t len)
{
	if (len == 4 && memcmp(name, "file", 4) == 0)
		return true;
	if (len < 3 || len > 5 || memcmp(name, "bf", 2) != 0 || (name[2] == '0' && len > 3))
		return false;
	long index = 0;
	for (size_t i = 2; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return false;
		index = index * 10 + (name[i] - '0');
	}
	return index < BLOCKS_MAX;
}

/* One file part: kept under its field's name unless empty (a file field left alone). A field
 * not named as the forms name theirs, a name sent twice or too many files is a bad request. */
static enum parse_result add_upload(struct request *r, const struct multipart_part *p,
				    struct arena *a)
{
	if (!upload_field_known(p->name, p->name_len))
		return PARSE_BAD_REQUEST;
	for (int i = 0; i < r->nuploads; i++)
		if (strlen(r->uploads[i].field) == p->name_len &&
		    memcmp(r->uploads[i].field, p->name, p->name_len) == 0)
			return PARSE_BAD_REQUEST;
	if (!p->len)
		return PARSE_OK;
	if (r->nuploads == REQUEST_UPLOADS_MAX)
		return PARSE_BAD_REQUEST;
	struct request_upload *u = &r->uploads[r->nuploads];
	if (!(u->field = arena_strndup(a, p->name, p->name_len)))
		return PARSE_NO_MEMORY;
	u->data = p->data;
	u->len = p->len;
	r->nuploads++;
	if (strcmp(u->field, "file") == 0) {
		r->upload = p->data;
		r->upload_len = p->len;
	}
	return PARSE_OK;
}

const char *request_upload(const struct request *r, const char *field, size_t *len)
{
	for (int i = 0; i < r->nuploads; i++)
		if (strcmp(r->uploads[i].field, field) == 0) {
			*len = r->uploads[i].len;
			return r->uploads[i].data;
		}
	*len = 0;
	return NULL;
}

/* A multipart body: its text parts are fields like a form's, its file parts the uploads (see
 * add_upload). Anything malformed is a bad request. */
static enum parse_result parse_parts(struct request *r, uint64_t inputs, struct arena *a)
{
	struct multipart_part *parts = arena_alloc(a, REQUEST_PARTS_MAX * sizeof *parts);
	if (!parts)
		return PARSE_NO_MEMORY;
	int n = multipart_parse(r->body, r->body_len, r->boundary, parts, REQUEST_PARTS_MAX);
	if (n < 0)
		return PARSE_BAD_REQUEST;
	for (int i = 0; i < n; i++) {
		enum field id;
		if (parts[i].is_file) {
			enum parse_result res = add_upload(r, &parts[i], a);
			if (res != PARSE_OK)
				return res;
			continue;
		}
		if (!field_named(parts[i].name, parts[i].name_len, FROM_BODY, inputs, &id))
			continue;
		char *raw = arena_strndup(a, parts[i].data, parts[i].len);
		if (!raw)
			return PARSE_NO_MEMORY;
		enum parse_result res = add_value(r, id, raw, parts[i].len, a);
		if (res != PARSE_OK)
			return res;
	}
	return PARSE_OK;
}

enum parse_result request_read_fields(struct request *r, uint64_t inputs, struct arena *a)
{
	enum parse_result res = parse_pairs(r, r->query, strlen(r->query), FROM_QUERY, inputs, a);
	if (res != PARSE_OK || !r->body)
		return res;
	if (r->boundary)
		return parse_parts(r, inputs, a);
	return parse_pairs(r, r->body, r->body_len, FROM_BODY, inputs, a);
}

/* Length-prefixed, so no value can pose as another field: "page=7:2;" or "q!3:abc;" for a
 * value that failed its checks. */
const char *request_fields_key(const struct request *r, uint64_t inputs, struct arena *a)
{
	struct buf key;
	buf_init(&key);
	for (int f = 0; f < FIELD__MAX; f++) {
		const struct field_value *v = &r->field[f];
		if (!(inputs & IN(f)) || !v->present)
			continue;
		buf_printf(&key, "%s%c%zu:", fields[f].name, v->valid ? '=' : '!', v->len);
		buf_append(&key, v->text, v->len);
		buf_puts(&key, ";");
	}
	const char *out = key.failed ? NULL : arena_strdup(a, key.data);
	buf_free(&key);
	return out;
}

size_t request_field_max(enum field f)
{
	return fields[f].max_chars;
}

const char *request_field_name(enum field f)
{
	return fields[f].name;
}

bool request_field_in_form(enum field f)
{
	return fields[f].source == FROM_BODY;
}

bool request_same_origin(const struct request *r, const char *base_url)
{
	if (!base_url || !*base_url)
		return false;
	size_t n = strlen(base_url);
	if (r->origin)
		return strcmp(r->origin, base_url) == 0;
	if (r->referer)
		return strncmp(r->referer, base_url, n) == 0 && r->referer[n] == '/';
	return false;
}
