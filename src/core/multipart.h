/* A strict multipart/form-data parser (RFC 7578) for uploads: boundary from the Content-Type,
 * parts with only Content-Disposition and Content-Type headers, every limit checked. */
#ifndef NEWSDESK_MULTIPART_H
#define NEWSDESK_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#define MULTIPART_BOUNDARY_MAX 70    /* RFC 2046 */
#define MULTIPART_HEADER_LINE_MAX 1024
#define MULTIPART_NAME_MAX 200

/* Every pointer points into the body; nothing is copied. */
struct multipart_part {
	const char *name;          /* the form field's name, name_len bytes (1 to MULTIPART_NAME_MAX) */
	size_t name_len;
	const char *filename;      /* as the browser sent it, never trusted; NULL: not a file */
	size_t filename_len;
	bool is_file;              /* a filename parameter was present */
	const char *data;
	size_t len;
};

/* The boundary of a "multipart/form-data; boundary=..." Content-Type, quoted or not, into out
 * (MULTIPART_BOUNDARY_MAX + 1 bytes); false when the type is another or the boundary is not one
 * RFC 2046 allows. */
bool multipart_boundary(const char *content_type, char *out);

/* True when content_type names multipart/form-data (whatever its parameters). */
bool multipart_is_form(const char *content_type);

/* Splits body into at most max parts: their count, or -1 when the body is not well-formed
 * (a missing or unterminated delimiter, a header other than the two allowed, a header line
 * too long, a missing name, more than max parts, bytes after the close delimiter). */
int multipart_parse(const char *body, size_t len, const char *boundary,
		    struct multipart_part *parts, int max);

#endif
