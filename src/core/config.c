/* Site configuration: a key = value file, each key also settable as NEWSDESK_<KEY>. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"
#include "utf8.h"
#include "validate.h"

struct config_key {
	const char *name;
	const char *env;
	size_t offset;
	size_t size;       /* 0: a whole number (long long) from min to max, rather than text */
	const char *(*check)(const char *value);  /* text: NULL if fine, else what is wrong */
	long long min, max;
	const char *out_of_range;  /* a whole number's problem when it is not one from min to max */
};

static const char *check_text(const char *v)
{
	if (!*v)
		return "must not be empty";
	return utf8_valid(v, strlen(v)) ? NULL : "is not valid UTF-8";
}

static const char *check_dir(const char *v)
{
	if (*v && *v != '/')
		return "must be an absolute path";
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20)
			return "has a control character";
	return NULL;
}

static const char *check_language(const char *v)
{
	size_t n = strlen(v);
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-'))
			return "must be a language tag such as en or en-GB";
	return n >= 2 && n <= 15 ? NULL : "must be a language tag such as en or en-GB";
}

static const char *check_zone(const char *v)
{
	return timefmt_zone_exists(v) ? NULL : "is not a time zone tzdata knows (e.g. Europe/London)";
}

static const char *check_base_url(const char *v)
{
	if (!*v)
		return NULL;
	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
		return "must start with http:// or https://";
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\x7f')
			return "must not contain spaces, quotes or angle brackets";
	return v[strlen(v) - 1] == '/' ? "must not end with /" : NULL;
}

static bool host_char(char ch, bool ipv6)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '.' || (ipv6 && ch == ':');
}

/* "[::1]:6081" or "cache1:6081" or "10.0.0.5": host and port. */
static const char *read_authority(const char *s, size_t n, struct config_url *out)
{
	size_t h = 0, i = 0;
	out->ipv6 = n > 0 && s[0] == '[';
	if (out->ipv6)
		i = 1;
	for (; i < n && host_char(s[i], out->ipv6); i++)
		out->host[h++] = s[i];
	out->host[h] = '\0';
	if (out->ipv6 && (i >= n || s[i++] != ']'))
		return "has an IPv6 address without its closing ]";
	if (h == 0)
		return "has no host";
	out->port = 80;
	if (i == n)
		return NULL;
	long long port;
	char digits[8];
	if (s[i] != ':')
		return "has a character a host name cannot hold";
	if (n - i - 1 == 0 || n - i - 1 >= sizeof digits)
		return "has a bad port";
	memcpy(digits, s + i + 1, n - i - 1);
	digits[n - i - 1] = '\0';
	if (!parse_uint(digits, 65535, &port) || port == 0)
		return "has a bad port";
	out->port = (int)port;
	return NULL;
}

int config_next_url(const char **cursor, struct config_url *out, const char **problem)
{
	const char *s = *cursor + strspn(*cursor, " \t");
	size_t n = strcspn(s, " \t");
	*cursor = s + n;
	if (n == 0)
		return 0;
	*problem = NULL;
	if (n >= CONFIG_URL_MAX)
		*problem = "is too long";
	else if (strncmp(s, "https://", 8) == 0)
		*problem = "is https: purges go over plain http to caches on the internal network";
	else if (strncmp(s, "http://", 7) != 0)
		*problem = "must start with http://";
	if (*problem)
		return -1;
	memcpy(out->text, s, n);
	out->text[n] = '\0';
	const char *auth = s + 7, *end = s + n;
	size_t alen = strcspn(auth, "/ \t");
	if (auth + alen > end)
		alen = (size_t)(end - auth);
	if ((*problem = read_authority(auth, alen, out)))
		return -1;
	const char *path = auth + alen;
	size_t plen = (size_t)(end - path);
	for (size_t i = 0; i < plen; i++)
		if ((unsigned char)path[i] <= ' ' || path[i] == '"' || path[i] == '\\' || path[i] == 0x7f) {
			*problem = "has a character a URL cannot hold";
			return -1;
		}
	snprintf(out->path, sizeof out->path, "%.*s", plen ? (int)plen : 1, plen ? path : "/");
	return 1;
}

static const char *check_purge_urls(const char *v)
{
	struct config_url u;
	const char *problem = NULL;
	int n = 0, r;
	while ((r = config_next_url(&v, &u, &problem)) == 1)
		n++;
	if (r < 0)
		return problem;
	return n <= 8 ? NULL : "names more than 8 caches";
}

#define KEY(n, e, f, chk) { n, e, offsetof(struct config, f), sizeof(((struct config *)0)->f), chk, 0, 0, NULL }
#define NUMBER(n, e, f, lo, hi, msg) { n, e, offsetof(struct config, f), 0, NULL, lo, hi, msg }
static const struct config_key keys[] = {
	KEY("publisher", "NEWSDESK_PUBLISHER", publisher, check_text),
	KEY("site_name", "NEWSDESK_SITE_NAME", site_name, check_text),
	KEY("timezone", "NEWSDESK_TIMEZONE", timezone, check_zone),
	KEY("zone_label", "NEWSDESK_ZONE_LABEL", zone_label, check_text),
	KEY("base_url", "NEWSDESK_BASE_URL", base_url, check_base_url),
	KEY("language", "NEWSDESK_LANGUAGE", language, check_language),
	NUMBER("session_idle_seconds", "NEWSDESK_SESSION_IDLE_SECONDS", session_idle_seconds,
	       60, 10LL * 366 * 24 * 3600, "must be a whole number of seconds, at least 60"),
	NUMBER("session_max_seconds", "NEWSDESK_SESSION_MAX_SECONDS", session_max_seconds,
	       60, 10LL * 366 * 24 * 3600, "must be a whole number of seconds, at least 60"),
	NUMBER("page_cache_mb", "NEWSDESK_PAGE_CACHE_MB", page_cache_mb,
	       0, 4096, "must be a whole number of MiB from 0 to 4096"),
	KEY("purge_urls", "NEWSDESK_PURGE_URLS", purge_urls, check_purge_urls),
	NUMBER("audit_keep_days", "NEWSDESK_AUDIT_KEEP_DAYS", audit_keep_days,
	       1, 3660, "must be a whole number of days from 1 to 3660"),
	KEY("media_dir", "NEWSDESK_MEDIA_DIR", media_dir, check_dir),
	NUMBER("upload_max_mb", "NEWSDESK_UPLOAD_MAX_MB", upload_max_mb,
	       1, 1024, "must be a whole number of MiB from 1 to 1024"),
	NUMBER("image_max_megapixels", "NEWSDESK_IMAGE_MAX_MEGAPIXELS", image_max_megapixels,
	       1, 1000, "must be a whole number from 1 to 1000"),
	NUMBER("image_job_seconds", "NEWSDESK_IMAGE_JOB_SECONDS", image_job_seconds,
	       1, 600, "must be a whole number of seconds from 1 to 600"),
};
#define NKEYS (sizeof keys / sizeof keys[0])

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->publisher, sizeof cfg->publisher, "publisher");
	snprintf(cfg->site_name, sizeof cfg->site_name, "newsdesk");
	snprintf(cfg->timezone, sizeof cfg->timezone, "Europe/London");
	snprintf(cfg->zone_label, sizeof cfg->zone_label, "UK");
	snprintf(cfg->language, sizeof cfg->language, "en");
	cfg->session_idle_seconds = 2 * 3600;
	cfg->session_max_seconds = 12 * 3600;
	cfg->page_cache_mb = 16;
	cfg->audit_keep_days = 365;
	cfg->upload_max_mb = 25;
	cfg->image_max_megapixels = 50;
	cfg->image_job_seconds = 60;
}

static const struct config_key *find_key(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

/* Stores value for key; returns NULL or what is wrong with it. */
static const char *set_key(struct config *cfg, const struct config_key *k, const char *value)
{
	if (k->size == 0) {
		long long n;
		if (!parse_uint(value, k->max, &n) || n < k->min)
			return k->out_of_range;
		*(long long *)((char *)cfg + k->offset) = n;
		return NULL;
	}
	const char *problem = k->check(value);
	if (problem)
		return problem;
	if (strlen(value) >= k->size)
		return "is too long";
	memcpy((char *)cfg + k->offset, value, strlen(value) + 1);
	return NULL;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static bool parse_line(struct config *cfg, char *line, const char *path, int lineno,
		       char *err, size_t errlen)
{
	char *s = trim(line);
	if (!*s || *s == '#')
		return true;
	char *eq = strchr(s, '=');
	if (!eq) {
		snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
		return false;
	}
	*eq = '\0';
	char *name = trim(s), *value = trim(eq + 1);
	const struct config_key *k = find_key(name);
	if (!k) {
		snprintf(err, errlen, "%s:%d: unknown key '%.64s'", path, lineno, name);
		return false;
	}
	const char *problem = set_key(cfg, k, value);
	if (problem) {
		snprintf(err, errlen, "%s:%d: %s '%.64s' %s", path, lineno, name, value, problem);
		return false;
	}
	return true;
}

static bool load_file(struct config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read config %s: %s", path, strerror(errno));
		return false;
	}
	char line[1024];
	int lineno = 0;
	bool ok = true;
	while (ok && fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			ok = false;
		} else {
			ok = parse_line(cfg, line, path, lineno, err, errlen);
		}
	}
	fclose(f);
	return ok;
}

bool config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
	if (path && !load_file(cfg, path, err, errlen))
		return false;
	for (size_t i = 0; i < NKEYS; i++) {
		const char *v = getenv(keys[i].env);
		const char *problem = v ? set_key(cfg, &keys[i], v) : NULL;
		if (problem) {
			snprintf(err, errlen, "environment %s='%.64s' %s", keys[i].env, v, problem);
			return false;
		}
	}
	return true;
}
