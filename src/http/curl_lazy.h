/* libcurl, loaded when the cache tier is configured instead of at every start: its thirty-odd
 * shared libraries were most of a process's start-up, which a CGI request pays every time.
 * purge.c calls libcurl by its usual names, which this header points at the loaded table. */
#ifndef NEWSDESK_CURL_LAZY_H
#define NEWSDESK_CURL_LAZY_H

#include <stdbool.h>
#include <stddef.h>

#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

struct curl_lazy {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *e, CURLoption option, ...);
	CURLcode (*easy_getinfo)(CURL *e, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *e);
	const char *(*easy_strerror)(CURLcode code);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
	CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
	CURLMsg *(*multi_info_read)(CURLM *m, int *left);
	CURLMcode (*multi_perform)(CURLM *m, int *running);
	CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd fds[], unsigned int nfds, int timeout_ms,
				int *numfds);
	CURLMcode (*multi_wakeup)(CURLM *m);
	CURLMcode (*multi_cleanup)(CURLM *m);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *line);
	void (*slist_free_all)(struct curl_slist *list);
};

extern struct curl_lazy curl_lazy;

/* Loads libcurl once (before the sandbox: it opens files); false, with err, when it cannot. */
bool curl_lazy_load(char *err, size_t errlen);

#ifndef CURL_LAZY_TABLE
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init curl_lazy.global_init
#define curl_global_cleanup curl_lazy.global_cleanup
#define curl_easy_init curl_lazy.easy_init
#define curl_easy_setopt curl_lazy.easy_setopt
#define curl_easy_getinfo curl_lazy.easy_getinfo
#define curl_easy_cleanup curl_lazy.easy_cleanup
#define curl_easy_strerror curl_lazy.easy_strerror
#define curl_multi_init curl_lazy.multi_init
#define curl_multi_add_handle curl_lazy.multi_add_handle
#define curl_multi_remove_handle curl_lazy.multi_remove_handle
#define curl_multi_info_read curl_lazy.multi_info_read
#define curl_multi_perform curl_lazy.multi_perform
#define curl_multi_poll curl_lazy.multi_poll
#define curl_multi_wakeup curl_lazy.multi_wakeup
#define curl_multi_cleanup curl_lazy.multi_cleanup
#define curl_slist_append curl_lazy.slist_append
#define curl_slist_free_all curl_lazy.slist_free_all
#endif

#endif
