/* The request as newsdesk trusts it: method, path, headers, cookies and form fields, each
 * validated against a declared limit before any handler sees it. */
#ifndef NEWSDESK_REQUEST_H
#define NEWSDESK_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "validate.h"

#define REQUEST_PATH_MAX   1024
#define REQUEST_QUERY_MAX  16384
#define REQUEST_BODY_MAX   (4 << 20)
#define REQUEST_HEADER_MAX 4096
#define REQUEST_UPLOAD_MAX ((size_t)1 << 30)  /* a multipart body; the server reads at most the
						 * configured upload_max_mb */
#define REQUEST_PARTS_MAX  4096   /* the article form's fields, each a part */
#define REQUEST_UPLOADS_MAX 16    /* files in one form (not counting empty file fields) */

enum http_method { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD_OTHER };

/* Every field newsdesk reads, declared once in request.c with its source, validator and limit.
 * Q_ fields come from the query string, F_ fields from a POST form body. */
enum field {
	Q_PAGE, Q_SECTION, Q_STATUS, Q_FROM, Q_TO, Q_DONE, Q_QUERY,
	F_NAME, F_PASSWORD, F_CSRF, F_ACTION, F_BASE_REVISION,
	F_HEADLINE, F_SLUG, F_SECTION, F_INTRO, F_IMAGE_URL, F_IMAGE_ALT, F_IMAGE_CAPTION,
	F_SPONSOR, F_SPONSOR_URL, F_PUBLISH_AT, F_PROMOS,
	F_BLOCK_KIND, F_BLOCK_TEXT, F_BLOCK_IMAGE, F_BLOCK_NAME, F_BLOCK_BYLINE, F_BLOCK_MEDIA,
	F_LINK_SOURCE, F_LINK_TITLE, F_LINK_URL, F_LINK_TIME, F_LINK_REGISTRATION,
	F_SECTION_NAME, F_SECTION_SLUG, F_SECTION_POSITION,
	F_NOTE, F_ROLE,
	/* the newsroom (sql/009_newsroom.sql): people, bylines, topics, corrections */
	F_PERSON_NAME, F_PERSON_SLUG, F_PERSON_ROLE, F_PERSON_BIO, F_PERSON_PORTRAIT, F_PERSON_USER,
	F_BYLINES, F_TOPICS, F_NOTE_KIND, F_NOTE_TEXT, F_TOPIC_NAME, F_TOPIC_SLUG, F_TOPIC_INTO, F_FRONT, F_SECTION_INTO,
	F_MEDIA_ALT, F_MEDIA_CAPTION, F_MEDIA_CREDIT,
	FIELD__MAX
};

struct field_value {
	bool present;          /* the key was sent */
	bool valid;            /* every value passed the field's checks */
	const char *problem;   /* why not, for the editor: "is too long", ... */
	const char *text;      /* the first value, valid UTF-8 (bad bytes shown as U+FFFD) */
	size_t len;
	long long num;         /* for integer fields */
	const char **values;   /* repeated fields: every value, in order */
	int count;
	int problem_at;        /* repeated fields: the index of the first bad value */
	int cap;               /* room in values (the parser's) */
};

struct request {
	enum http_method method;
	const char *method_name;
	char *path;            /* percent-decoded, valid UTF-8, no control characters */
	bool https;
	const char *remote_addr, *host, *origin, *referer;  /* NULL when absent or unusable */
	const char *query;     /* the raw query string, within REQUEST_QUERY_MAX */
	const char *if_none_match, *if_modified_since;
	const char *session_cookie;                          /* the session token, if sent */
	const char *body;      /* a POST's form body, checked for size and type; NULL: none */
	size_t body_len;
	const char *boundary;  /* the body is multipart/form-data with this boundary */
	const char *upload;    /* its "file" part, once the fields are read; NULL: none */
	size_t upload_len;
	struct request_upload {  /* every file part with bytes, "file" among them */
		const char *field; /* "file", or "bf" and a block's index: "bf3" */
		const char *data;
		size_t len;
	} uploads[REQUEST_UPLOADS_MAX];
	int nuploads;
	struct field_value field[FIELD__MAX];
};

enum parse_result { PARSE_OK, PARSE_BAD_REQUEST, PARSE_TOO_LONG, PARSE_NO_MEMORY };

/* The bytes of the file sent in the form's field (as "file" or "bf3"), *len set; NULL when that
 * field sent none (or an empty one). */
const char *request_upload(const struct request *r, const char *field, size_t *len);

/* Reads the CGI parameters in envp ("NAME=value" strings, as libfcgi gives them): method,
 * headers, cookies, path and query, and for a POST checks the form body's size and type.
 * The fields are read once the route is known, by request_read_fields. */
enum parse_result request_parse(struct request *r, char **envp, const char *body,
				size_t body_len, struct arena *a);

/* The body's length from CONTENT_LENGTH in envp (0 when absent or empty); false when it is not
 * a whole number within the limit: REQUEST_BODY_MAX for a form, upload_max_mb MiB for an upload
 * (multipart/form-data). Both transports read the body with it. */
bool request_body_length(char **envp, long long upload_max_mb, size_t *len);

/* Parses the query string and form body into r->field, keeping only the fields in inputs (a
 * set of 1 << field bits, as a route declares them): any other key is never decoded. */
enum parse_result request_read_fields(struct request *r, uint64_t inputs, struct arena *a);
#define IN(f) ((uint64_t)1 << (f))                    /* field f as a member of inputs */
#define REQUEST_ALL_FIELDS (IN(FIELD__MAX) - 1)

/* The fields of inputs the request carries, as one string that differs exactly when what a page
 * reads differs (a page cache key); other query keys play no part. NULL when out of memory. */
const char *request_fields_key(const struct request *r, uint64_t inputs, struct arena *a);

/* A field's limit in characters, its name in the query or form, and whether it comes from a
 * form body: the one declaration forms (maxlength), validators and the schema agree with. */
size_t request_field_max(enum field f);
const char *request_field_name(enum field f);
bool request_field_in_form(enum field f);

/* Origin, else Referer, names this site: base_url, the one origin there is (never the Host
 * header, which the client writes). False when base_url is unset. */
bool request_same_origin(const struct request *r, const char *base_url);

/* The session cookie's name: __Host- prefixed when the request came over HTTPS. */
const char *session_cookie_name(bool https);

/* Percent-decodes n bytes of s into a new string ('+' means space only when plus_is_space);
 * *len gets the decoded length, which exceeds strlen() when the input hid a %00. */
char *percent_decode(struct arena *a, const char *s, size_t n, bool plus_is_space, size_t *len);

#endif
