/* Fuzz target: request parsing (path, query, cookies, Host, form bodies) and routing. The input
 * is "METHOD\nURI\nHOST\nCOOKIE\nBODY"; a BODY that starts "--B\r\n" is sent as
 * multipart/form-data with boundary B, and its uploads must lie in it, each field's once. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "routes.h"

/* The next line of the input (up to '\n'), as a new NUL-terminated string. */
static char *line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = malloc(n + 1);
	memcpy(s, *p, n);
	s[n] = '\0';
	*p += n + (nl ? 1 : 0);
	return s;
}

/* Every upload inside the body and not empty, no field twice, "file" as r->upload. */
static void check_uploads(const struct request *r, const char *body, size_t len)
{
	bool file = false;
	if (r->nuploads < 0 || r->nuploads > REQUEST_UPLOADS_MAX)
		abort();
	for (int i = 0; i < r->nuploads; i++) {
		const struct request_upload *u = &r->uploads[i];
		size_t n;
		if (!u->len || u->data < body || u->data + u->len > body + len ||
		    request_upload(r, u->field, &n) != u->data || n != u->len ||
		    (strncmp(u->field, "bf", 2) != 0 && strcmp(u->field, "file") != 0))
			abort();
		for (int j = 0; j < i; j++)
			if (strcmp(r->uploads[j].field, u->field) == 0)
				abort();
		if (strcmp(u->field, "file") == 0)
			file = r->upload == u->data && r->upload_len == u->len;
	}
	if (!file && r->upload)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *method = line(&p, end), *uri = line(&p, end), *host = line(&p, end),
	     *cookie = line(&p, end);
	size_t body_len = (size_t)(end - p);
	char *env[6], *query = strchr(uri, '?');
	size_t n = strlen(method) + strlen(uri) * 2 + strlen(host) + strlen(cookie) + 200;
	char *buf = malloc(n);
	int used = 0;
	env[0] = buf + used; used += sprintf(buf + used, "REQUEST_METHOD=%s", method) + 1;
	env[1] = buf + used; used += sprintf(buf + used, "REQUEST_URI=%s", uri) + 1;
	env[2] = buf + used; used += sprintf(buf + used, "QUERY_STRING=%s", query ? query + 1 : "") + 1;
	env[3] = buf + used; used += sprintf(buf + used, "HTTP_HOST=%s", host) + 1;
	env[4] = buf + used; sprintf(buf + used, "HTTP_COOKIE=%s", cookie);
	env[5] = NULL;
	bool multi = body_len >= 5 && memcmp(p, "--B\r\n", 5) == 0;
	char *envp[] = { env[0], env[1], env[2], env[3], env[4],
			 multi ? "CONTENT_TYPE=multipart/form-data; boundary=B"
			       : "CONTENT_TYPE=application/x-www-form-urlencoded", NULL };
	struct arena a;
	struct request r;
	struct route_match m;
	arena_init(&a);
	if (request_parse(&r, envp, (const char *)p, body_len, &a) == PARSE_OK) {
		bool found = route_find(&app_routes, r.path, r.method, &m, &a) == ROUTE_FOUND;
		request_read_fields(&r, found ? m.route->inputs | IN(F_CSRF) : REQUEST_ALL_FIELDS, &a);
		for (int f = 0; f < FIELD__MAX; f++)   /* what handlers read must be NUL-terminated */
			if (r.field[f].present && strlen(r.field[f].text) != r.field[f].len)
				abort();
		check_uploads(&r, (const char *)p, body_len);
	}
	arena_free(&a);
	free(buf);
	free(method);
	free(uri);
	free(host);
	free(cookie);
	return 0;
}
