/* Checks of what editors type, shared by the forms and tested table by table. */
#ifndef NEWSDESK_VALIDATE_H
#define NEWSDESK_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* Limits in characters, each declared once here: the request's field table, the forms' maxlength
 * and the messages use these, and the schema's CHECKs agree (tests/unit/test_handler.c walks
 * them). */
#define SLUG_MAX 100          /* an article's slug */
#define SECTION_SLUG_MAX 64   /* a section's slug */
#define SECTION_NAME_MAX 100
#define HEADLINE_MAX 300
#define USER_NAME_MAX 64
#define LIMIT_TEXT(n) LIMIT_TEXT_(n)   /* a limit as a string literal, for messages */
#define LIMIT_TEXT_(n) #n

/* An account's name: 1 to USER_NAME_MAX characters of valid UTF-8, no spaces or control
 * characters. */
bool user_name_valid(const char *name);

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
 * apostrophes vanish ("China's" is "chinas"); Cyrillic is transliterated and Latin letters lose
 * their marks (translit.h: "Курманбек Бакиев" is "kurmanbek-bakiev"); other letters vanish. */
const char *slug_from_headline(struct arena *a, const char *headline);

#endif
