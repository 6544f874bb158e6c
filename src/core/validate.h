/* Checks of what editors type, shared by the forms and tested table by table. */
#ifndef NEWSDESK_VALIDATE_H
#define NEWSDESK_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define SLUG_MAX 100

/* Strict decimal: digits only, no sign, no leading zero, at most max. */
bool parse_uint(const char *s, long long max, long long *out);

/* A slug: 1 to SLUG_MAX of a-z, 0-9 and '-'. */
bool slug_valid(const char *s, size_t n);

/* Characters (code points) in valid UTF-8. */
size_t text_chars(const char *s);

/* NULL when u is empty or a usable address, else what is wrong. Only http: and https:, or
 * with site_paths_ok also a path on this site ("/static/img/x.svg", not "//host"). */
const char *url_problem(const char *u, bool site_paths_ok);

/* A slug from a headline: lowercase ASCII letters and digits, other runs become one '-';
 * apostrophes vanish ("China's" is "chinas") and so do letters beyond ASCII. */
const char *slug_from_headline(struct arena *a, const char *headline);

#endif
