/* The C face of the template engine (ctemplate, auto-escaping by context). */
#ifndef NEWSDESK_TPL_H
#define NEWSDESK_TPL_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tpl_dict tpl_dict;

/* Loads every named template from dir into a new cache, and uses it from then on only if all
 * of them load and each starts with an AUTOESCAPE pragma; else the old cache stays. Not to be
 * called while another thread expands (the server holds its workers out to reload). */
bool tpl_init(const char *dir, const char *const *names, char *err, size_t errlen);
void tpl_shutdown(void);

/* One dictionary per request; sections and includes belong to their parent and are never
 * NULL (a failure poisons the expansion instead). Values are copied; a NULL value is
 * taken as a failed allocation by the caller and poisons the expansion too. */
tpl_dict *tpl_dict_new(void);
void tpl_dict_free(tpl_dict *d);
void tpl_set(tpl_dict *d, const char *key, const char *value);
void tpl_set_n(tpl_dict *d, const char *key, const char *value, size_t len);
void tpl_set_int(tpl_dict *d, const char *key, long long value);
void tpl_show(tpl_dict *d, const char *section);
tpl_dict *tpl_section(tpl_dict *d, const char *section);
tpl_dict *tpl_include(tpl_dict *d, const char *name, const char *file);

/* Appends the expansion to out. False on any failure, including a failed set or add above. */
bool tpl_expand(const char *file, tpl_dict *d, struct buf *out);

#ifdef __cplusplus
}
#endif

#endif
