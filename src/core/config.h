/* Site configuration: a key = value file, each key also settable as NEWSDESK_<KEY>. */
#ifndef NEWSDESK_CONFIG_H
#define NEWSDESK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config {
	char publisher[128];   /* "The BBC is not responsible ..." */
	char site_name[128];   /* masthead and <title> suffix */
	char timezone[64];     /* display zone for the local time line and dates */
	char zone_label[16];   /* how that zone is labelled: "UK" */
	char base_url[256];    /* absolute canonical URLs when set, e.g. https://news.example */
	char language[16];     /* the content's language for feeds and sitemaps: "en" */
	long long session_idle_seconds;  /* an editor's session ends after this long unused */
	long long session_max_seconds;   /* ...and this long after login, whatever happens */
	long long page_cache_mb;         /* the most rendered pages kept in memory may take */
	char purge_urls[1024]; /* the cache tier: one http:// URL per cache, space-separated */
	long long audit_keep_days;       /* the audit log keeps this many days */
	char media_dir[512];   /* uploaded images' files; "": photos/ beside the database */
	long long upload_max_mb;         /* the largest upload; nginx's client_max_body_size agrees */
	long long image_max_megapixels;  /* a larger picture is refused before it is decoded */
	long long image_job_seconds;     /* one upload's processing, wall clock and CPU */
};

#define CONFIG_URL_MAX 256

/* One URL of purge_urls, in parts. */
struct config_url {
	char text[CONFIG_URL_MAX];   /* as written */
	char host[CONFIG_URL_MAX];   /* a name or an address, without [ ] around IPv6 */
	char path[CONFIG_URL_MAX];   /* "/" when none */
	int port;                    /* 80 when none */
	bool ipv6;
};

/* Reads the next URL of a purge_urls value from *cursor, which moves past it: 1 when it read
 * one, 0 at the end, -1 for one that is not http://HOST[:PORT][/PATH] (*problem says why). */
int config_next_url(const char **cursor, struct config_url *out, const char **problem);

void config_defaults(struct config *cfg);

/* Reads path (NULL: none), then the environment. On error, err names the file and line. */
bool config_load(struct config *cfg, const char *path, char *err, size_t errlen);

#endif
