/* What every admin page shares: the page frame with the editor's bar, and small helpers. */
#ifndef NEWSDESK_ADMIN_H
#define NEWSDESK_ADMIN_H

#include "ctx.h"
#include "site.h"

/* The role of the logged-in account (ROLE_PUBLIC without a session). */
enum role admin_role(const struct ctx *c);

/* Starts an admin page: head, the bar (who is logged in, navigation, logout form). */
tpl_dict *admin_page(struct ctx *c, const char *title);

/* One SECTION_OPTION (SLUG, NAME, SELECTED) per section, for a <select>; false on error. */
bool admin_section_options(struct ctx *c, tpl_dict *d, const char *selected);

/* 303 to url, the answer to a successful POST: PAGE_DONE, or 500 when url is NULL. */
int admin_see_other(struct ctx *c, const char *url);

/* Article addresses typed one a line ("/news/europe/a-story" or "europe/a-story"), as
 * "section/slug"; a line that is no such address is kept as typed, for the message. */
bool admin_read_paths(struct arena *a, const char *text, const char ***out, int *n);
/* *problem: NULL when every path names an article (at most 20), else what to tell the editor.
 * Anything but STORE_OK means the store could not say. */
enum store_result admin_paths_problem(struct ctx *c, struct db *w, const char *const *paths, int n,
				      const char **problem);

/* After a committed change, before the editor's answer: the cache tier forgets every page
 * that showed what changed (surrogate keys, see surrogate.h), stamped with the content version
 * the writer w committed. Waits a moment for the caches (purge.h); never fails the change. */
void admin_purge(struct ctx *c, struct db *w, const char *keys);

/* The same for an article saved from the section old_section (NULL: a new article) into
 * new_section: it, the lists of both sections, the home page, feeds, sitemaps and searches. */
void admin_purge_article(struct ctx *c, struct db *w, long long id, const char *old_section,
			 const char *new_section);

/* Logs an editor's action to stderr: who, what, the request. */
void admin_log(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The admin's pages, under /admin: one file per page. Each returns PAGE_DONE or the status of
 * the error page to show instead (see route.h). */
int admin_login(struct ctx *c);
int admin_logout(struct ctx *c);
int admin_articles(struct ctx *c);
int admin_article_new(struct ctx *c);
int admin_article_edit(struct ctx *c);
int admin_revisions(struct ctx *c);
int admin_restore(struct ctx *c);
int admin_sections(struct ctx *c);
int admin_promos(struct ctx *c);
int admin_users(struct ctx *c);
/* The newsroom, for editors (admin_people.c, admin_topics.c, admin_notes.c, admin_front.c). */
int admin_people(struct ctx *c);
int admin_person_edit(struct ctx *c);
int admin_topics(struct ctx *c);
int admin_article_note(struct ctx *c);
/* The article's form again with status and message, the refused note kept as typed. */
int admin_article_note_refused(struct ctx *c, int status, const char *message);
int admin_front(struct ctx *c);
int admin_media(struct ctx *c);
int admin_media_image(struct ctx *c);

/* The media picker (templates/media_picker.tpl) into d as MEDIA_PICKER: a <datalist
 * id="media-library"> of the images with alt text, for any image address field to name with
 * list="media-library"; false on a store error. */
bool admin_media_picker(struct ctx *c, tpl_dict *d);

/* Stores the request's upload (c->req.upload) in the media library with these texts: the
 * address an image field names it by, and *id; *status 201 (new) or 200 (the same bytes were
 * there). NULL when refused or failed: *status (422, 503) and *message for the editor. */
const char *admin_media_store(struct ctx *c, const char *alt, const char *caption,
			      const char *credit, long long *id, int *status, const char **message);

/* The same for any one file of the request (request_upload: a box's portrait, a poster). */
const char *admin_media_store_bytes(struct ctx *c, const char *data, size_t len, const char *alt,
				    const char *caption, const char *credit, long long *id,
				    int *status, const char **message);

/* An image field's address, when it names an uploaded image: what is wrong (not in the library,
 * no alt text yet) or NULL; an empty *alt gets the image's alt text. NULL for other addresses. */
const char *admin_media_problem(struct ctx *c, const char *url, const char **alt);

#endif
