/* Surrogate keys: short names for what a public response shows, for the cache tier's purges. */
#include "surrogate.h"

#include <stdio.h>
#include <string.h>

/* Is " key" (a whole key) in list? */
static bool listed(const char *list, size_t len, const char *key, size_t n)
{
	for (const char *p = list; (p = memchr(p, ' ', len - (size_t)(p - list))) != NULL; p++) {
		size_t left = len - (size_t)(p + 1 - list);
		if (left >= n && memcmp(p + 1, key, n) == 0 && (left == n || p[1 + n] == ' '))
			return true;
	}
	return false;
}

static bool key_valid(const char *key, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9')))
			return false;
	return true;
}

/* Appends " key" to list unless it is there; false when it does not fit. */
static bool append(char *list, size_t *len, size_t cap, const char *key, size_t n)
{
	if (listed(list, *len, key, n))
		return true;
	if (*len + 1 + n + 1 > cap)
		return false;
	list[(*len)++] = ' ';
	memcpy(list + *len, key, n);
	*len += n;
	list[*len] = '\0';
	return true;
}

bool surrogate_add(struct surrogate_keys *k, const char *key)
{
	size_t n = strlen(key);
	return key_valid(key, n) && append(k->broad, &k->broad_len, sizeof k->broad, key, n);
}

void surrogate_article(struct surrogate_keys *k, long long id)
{
	char key[24];
	int n = snprintf(key, sizeof key, "a%lld", id);
	if (k->too_many || n <= 0)
		return;
	if (!append(k->articles, &k->articles_len, sizeof k->articles, key, (size_t)n)) {
		k->too_many = true;  /* all or none: a page must never name only some of them */
		k->articles_len = 0;
		k->articles[0] = '\0';
	}
}

bool surrogate_section(struct surrogate_keys *k, long long id)
{
	char key[24];
	snprintf(key, sizeof key, "s%lld", id);
	return surrogate_add(k, key);
}

const char *surrogate_text(const struct surrogate_keys *k, char out[SURROGATE_TEXT_MAX])
{
	/* both lists start with a space: drop the first */
	snprintf(out, SURROGATE_TEXT_MAX, "%s%s", k->broad_len ? k->broad + 1 : "",
		 k->broad_len ? k->articles : k->articles_len ? k->articles + 1 : "");
	return out;
}

bool surrogate_merge(struct buf *list, const char *keys, size_t max)
{
	size_t was = list->len;
	while (*keys) {
		keys += strspn(keys, " ");
		size_t n = strcspn(keys, " ");
		if (n && !listed(list->data ? list->data : "", list->len, keys, n) &&
		    (list->len + 1 + n > max || !buf_puts(list, " ") || !buf_append(list, keys, n))) {
			list->len = was;
			if (list->data)
				list->data[was] = '\0';
			return false;
		}
		keys += n;
	}
	return true;
}
