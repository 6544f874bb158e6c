/* libcurl, loaded when the cache tier is configured instead of at every start (curl_lazy.h). */
#define CURL_LAZY_TABLE  /* the real names here, not the table's */
#include "curl_lazy.h"

#include <dlfcn.h>
#include <stdio.h>

struct curl_lazy curl_lazy;

/* Each entry of the table and the symbol it comes from. A slot is written through a void **, as
 * POSIX lets dlsym's answer stand for a function pointer. */
#define ENTRY(field, name) { (void **)&curl_lazy.field, name }
static const struct { void **slot; const char *name; } symbols[] = {
	ENTRY(global_init, "curl_global_init"),
	ENTRY(global_cleanup, "curl_global_cleanup"),
	ENTRY(easy_init, "curl_easy_init"),
	ENTRY(easy_setopt, "curl_easy_setopt"),
	ENTRY(easy_getinfo, "curl_easy_getinfo"),
	ENTRY(easy_cleanup, "curl_easy_cleanup"),
	ENTRY(easy_strerror, "curl_easy_strerror"),
	ENTRY(multi_init, "curl_multi_init"),
	ENTRY(multi_add_handle, "curl_multi_add_handle"),
	ENTRY(multi_remove_handle, "curl_multi_remove_handle"),
	ENTRY(multi_info_read, "curl_multi_info_read"),
	ENTRY(multi_perform, "curl_multi_perform"),
	ENTRY(multi_poll, "curl_multi_poll"),
	ENTRY(multi_wakeup, "curl_multi_wakeup"),
	ENTRY(multi_cleanup, "curl_multi_cleanup"),
	ENTRY(slist_append, "curl_slist_append"),
	ENTRY(slist_free_all, "curl_slist_free_all"),
};

bool curl_lazy_load(char *err, size_t errlen)
{
	static void *lib;  /* kept until exit: libcurl is never unloaded */
	if (lib)
		return true;
	void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		snprintf(err, errlen, "purge: cannot load libcurl (the libcurl4 package): %s", dlerror());
		return false;
	}
	for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
		void *sym = dlsym(handle, symbols[i].name);
		if (!sym) {
			snprintf(err, errlen, "purge: libcurl has no %s", symbols[i].name);
			dlclose(handle);
			return false;
		}
		*symbols[i].slot = sym;
	}
	lib = handle;
	return true;
}
