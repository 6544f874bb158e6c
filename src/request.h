/* The request as newsdesk trusts it: method, path and query fields, validated against limits. */
#ifndef NEWSDESK_REQUEST_H
#define NEWSDESK_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define REQUEST_PATH_MAX   1024
#define REQUEST_QUERY_MAX  16384

enum http_method { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD_OTHER };

/* Every query field newsdesk reads, declared once in request.c with its validator and limit. */
enum field { FIELD_PAGE, FIELD__MAX };

struct field_value {
	bool present;    /* the key was in the query */
	bool valid;      /* ...and its value passed the field's validator */
	const char *text;
	long long num;   /* for integer fields */
};

struct request {
	enum http_method method;
	const char *method_name;
	char *path;      /* percent-decoded, valid UTF-8, no control characters */
	bool https;
	struct field_value field[FIELD__MAX];
};

enum parse_result { PARSE_OK, PARSE_BAD_REQUEST, PARSE_TOO_LONG, PARSE_NO_MEMORY };

/* Reads the CGI parameters in envp ("NAME=value" strings, as libfcgi gives them). */
enum parse_result request_parse(struct request *r, char **envp, struct arena *a);

/* Strict decimal: digits only, no sign, no leading zero, at most max. */
bool parse_uint(const char *s, long long max, long long *out);

/* Percent-decodes n bytes of s into a new string ('+' means space only when plus_is_space);
 * *len gets the decoded length, which exceeds strlen() when the input hid a %00. */
char *percent_decode(struct arena *a, const char *s, size_t n, bool plus_is_space, size_t *len);

#endif
