/* The response, buffered whole: status and headers are settled before the first byte is sent. */
#include "response.h"

#include <string.h>

/* Every reply carries these: no inline script or style, nothing framed, no MIME sniffing. */
static const char security_headers[] =
	"Content-Security-Policy: default-src 'self'; img-src 'self' https: data:; "
	"media-src 'self' https:; style-src 'self'; script-src 'self'; object-src 'none'; "
	"base-uri 'none'; frame-ancestors 'none'; form-action 'self'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"Referrer-Policy: strict-origin-when-cross-origin\r\n";

void response_init(struct response *res)
{
	res->status = 200;
	res->content_type = "text/html; charset=utf-8";
	buf_init(&res->headers);
	buf_init(&res->body);
}

void response_free(struct response *res)
{
	buf_free(&res->headers);
	buf_free(&res->body);
}

void response_reset(struct response *res)
{
	res->status = 200;
	res->content_type = "text/html; charset=utf-8";
	buf_reset(&res->headers);
	buf_reset(&res->body);
}

static bool header_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

bool response_header(struct response *res, const char *name, const char *value)
{
	if (!value || !header_safe(name) || !header_safe(value) || strchr(name, ':'))
		return false;
	return buf_printf(&res->headers, "%s: %s\r\n", name, value);
}

bool response_redirect(struct response *res, int status, const char *location)
{
	res->status = status;
	buf_reset(&res->body);
	return response_header(res, "Location", location);
}

const char *status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default:  return "Internal Server Error";
	}
}

bool response_serialize(const struct response *res, bool head_only, struct buf *out)
{
	if (res->status == 304)  /* no body, and nothing about one */
		buf_printf(out, "Status: 304 Not Modified\r\n");
	else
		buf_printf(out, "Status: %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n",
			   res->status, status_text(res->status), res->content_type, res->body.len);
	buf_puts(out, security_headers);
	if (res->headers.len)
		buf_append(out, res->headers.data, res->headers.len);
	buf_puts(out, "\r\n");
	if (!head_only && res->body.len)
		buf_append(out, res->body.data, res->body.len);
	return !out->failed && !res->headers.failed && !res->body.failed;
}
