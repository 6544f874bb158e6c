/* A correction or an update note appended to a published article, for editors: never edited
 * afterwards (a change is a new note), moving the article's "last updated". */
#include <string.h>

#include "admin.h"
#include "editor.h"
#include "newsroom.h"

int admin_article_note(struct ctx *c)
{
	const struct field_value *kind = &c->req.field[F_NOTE_KIND];
	const struct field_value *text = &c->req.field[F_NOTE_TEXT];
	long long id = c->match.ids[0];
	struct db *w = ctx_writer(c);
	struct edit_article e;
	enum store_result r;
	const char *back = arena_printf(&c->arena, "/admin/articles/%lld", id);
	if (!w)
		return 503;
	if ((r = editor_load(w, &c->arena, id, &e)) != STORE_OK)
		return ctx_status_of(r);
	if (!kind->present || !kind->valid ||
	    (strcmp(kind->text, "correction") != 0 && strcmp(kind->text, "update") != 0))
		return admin_article_note_refused(c, 422, "Choose Correction or Update.");
	if (!text->present || text->len == 0)
		return admin_article_note_refused(c, 422, "Write the note readers will see.");
	if (!text->valid)
		return admin_article_note_refused(c, 422, arena_printf(&c->arena, "The note %s (up to "
			"2,000 characters of text).", text->problem ? text->problem : "cannot be read"));
	switch ((r = newsroom_add_correction(w, id, kind->text, text->text, c->user.id, c->now))) {
	case STORE_OK:
		admin_log(c, "article %lld: %s appended", id, kind->text);
		admin_purge_article(c, w, id, e.section_slug, e.section_slug);
		return admin_see_other(c, arena_cat(&c->arena, back, "?done=noted"));
	case STORE_CONFLICT:  /* not published, or not yet due: nothing to correct in public */
		return admin_article_note_refused(c, 409, "Only an article readers can see takes a "
			"correction or update: this one is not published yet.");
	default:
		return ctx_status_of(r);
	}
}
