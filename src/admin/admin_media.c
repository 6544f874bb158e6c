/* The media library: upload images, find them, edit their texts, see where they are used,
 * delete the unused; and the picker other forms offer them with. */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "media.h"
#include "media_client.h"
#include "photo.h"
#include "picture.h"
#include "site.h"

#define BUSY_MESSAGE "The database did not answer; try again."

static const char *field_text(const struct ctx *c, enum field f)
{
	const struct field_value *v = &c->req.field[f];
	return v->present && v->valid ? v->text : "";
}

/* The first problem with the texts the editor sent, for the message; NULL when none. */
static const char *texts_problem(const struct ctx *c)
{
	static const enum field texts[] = { F_MEDIA_ALT, F_MEDIA_CAPTION, F_MEDIA_CREDIT };
	static const char *const names[] = { "The alt text", "The caption", "The credit" };
	for (int i = 0; i < 3; i++) {
		const struct field_value *v = &c->req.field[texts[i]];
		if (v->present && !v->valid)
			return arena_printf((struct arena *)&c->arena, "%s %s.", names[i], v->problem);
	}
	return NULL;
}

static void fill_image(struct ctx *c, tpl_dict *row, const struct image *img)
{
	char thumb[PHOTO_URL_MAX];
	photo_url(thumb, img->hash, photo_rendition_width(0, img->width), "jpg");
	tpl_set_int(row, "ID", img->id);
	tpl_set(row, "URL", arena_printf(&c->arena, "/admin/media/%lld", img->id));
	tpl_set(row, "THUMB", thumb);
	tpl_set(row, "REF_URL", picture_ref_url(c, img));
	tpl_set(row, "ALT", img->alt);
	tpl_set(row, "CAPTION", img->caption);
	tpl_set(row, "CREDIT", img->credit);
	tpl_set_int(row, "WIDTH", img->width);
	tpl_set_int(row, "HEIGHT", img->height);
	tpl_set(row, "FORMAT", img->format);
	tpl_set_int(row, "KB", (img->bytes + 1023) / 1024);
	tpl_set(row, "UPLOADED_BY", img->uploaded_by);
	if (!*img->alt)
		tpl_show(row, "NO_ALT");
}

bool admin_media_picker(struct ctx *c, tpl_dict *d)
{
	struct image *imgs;
	int n;
	if (media_pickable(c->db, &c->arena, &imgs, &n) != STORE_OK)
		return false;
	tpl_dict *picker = tpl_include(d, "MEDIA_PICKER", "media_picker.tpl");
	for (int i = 0; i < n; i++) {
		tpl_dict *row = tpl_section(picker, "PICK");
		tpl_set(row, "REF_URL", picture_ref_url(c, &imgs[i]));
		tpl_set(row, "ALT", imgs[i].alt);
	}
	return true;
}

static int render_library(struct ctx *c, int status, const char *error)
{
	struct image *imgs;
	int n;
	bool more;
	const char *q = field_text(c, Q_QUERY);
	long long page = c->req.field[Q_PAGE].valid ? c->req.field[Q_PAGE].num : 1;
	enum store_result r = media_list(c->db, &c->arena, q, page, &imgs, &n, &more);
	if (r != STORE_OK)
		return ctx_status_of(r);
	tpl_dict *d = admin_page(c, "Media library");
	if (!d)
		return 500;
	c->res->status = status;
	site_form_limits(d);
	tpl_set(d, "CSRF", c->csrf);
	tpl_set(d, "QUERY", q);
	tpl_set_int(d, "UPLOAD_MAX_MB", c->site->cfg.upload_max_mb);
	tpl_set(d, "ALT", field_text(c, F_MEDIA_ALT));
	tpl_set(d, "CAPTION", field_text(c, F_MEDIA_CAPTION));
	tpl_set(d, "CREDIT", field_text(c, F_MEDIA_CREDIT));
	if (error)
		tpl_set(tpl_section(d, "ERROR"), "MESSAGE", error);
	if (!n)
		tpl_show(d, *q ? "NONE_FOUND" : "EMPTY");
	for (int i = 0; i < n; i++)
		fill_image(c, tpl_section(d, "IMAGE"), &imgs[i]);
	if (more)
		tpl_set_int(tpl_section(d, "MORE"), "NEXT_PAGE", page + 1);
	return site_render(c, "admin_media.tpl");
}

const char *admin_media_store(struct ctx *c, const char *alt, const char *caption,
			      const char *credit, long long *id, int *status, const char **message)
{
	return admin_media_store_bytes(c, c->req.upload, c->req.upload_len, alt, caption, credit,
				       id, status, message);
}

const char *admin_media_store_bytes(struct ctx *c, const char *data, size_t len, const char *alt,
				    const char *caption, const char *credit, long long *id,
				    int *status, const char **message)
{
	struct media_answer ans;
	struct image img;
	struct db *w = ctx_writer(c);
	*id = 0;
	*status = 503;
	*message = c->site->media ? BUSY_MESSAGE
				  : "Pictures cannot be taken now: the image helper is not running. "
				    "Send the form without the file, or try again later.";
	if (!w || !c->site->media)
		return NULL;
	if (!media_client_process(c->site->media, data, len, &ans) ||
	    !ans.ok) {
		*status = ans.ok ? 503 : 422;
		*message = arena_strdup(&c->arena, ans.message);
		return NULL;
	}
	img = (struct image){
		.hash = ans.hash, .format = ans.format, .width = ans.width, .height = ans.height,
		.widths = ans.widths, .alpha = ans.alpha, .avif = ans.avif, .bytes = ans.bytes, .alt = alt,
		.caption = caption, .credit = credit, .uploaded_by = c->user.name,
		.uploaded_at = c->now,
	};
	enum store_result r = media_insert(w, &img, id);
	bool changed = false;
	if (r == STORE_TAKEN && *id) {  /* the same bytes again: the image already in the library */
		if (media_set_renditions(w, &img, &changed) != STORE_OK) {
			*id = 0;
			return NULL;
		}
		if (changed) {
			admin_log(c, "image %lld uploaded again, its renditions now %s AVIF", *id,
				  ans.avif ? "with" : "without");
			admin_purge(c, w, "all");  /* pages name its files wherever it is used */
		}
		*status = 200;
		*message = NULL;
	} else if (r != STORE_OK) {
		/* The folder stays: if these bytes were in the library already it is that image's,
		 * and an orphan one is harmless (the same bytes reuse it). */
		*id = 0;
		return NULL;
	} else {
		*status = 201;
		*message = NULL;
		admin_log(c, "image %lld uploaded (%s, %dx%d)", *id, ans.format, ans.width, ans.height);
	}
	img.hash = arena_strdup(&c->arena, ans.hash);
	return img.hash ? picture_ref_url(c, &img) : NULL;
}

/* The library's upload form: one image, then its page. */
static int upload(struct ctx *c)
{
	long long id;
	int status;
	const char *message, *bad = texts_problem(c);
	if (bad)
		return render_library(c, 422, bad);
	if (!c->req.upload || !c->req.upload_len)
		return render_library(c, 422, "Choose a picture to upload.");
	if (!admin_media_store(c, field_text(c, F_MEDIA_ALT), field_text(c, F_MEDIA_CAPTION),
			       field_text(c, F_MEDIA_CREDIT), &id, &status, &message))
		return render_library(c, status, message);
	return admin_see_other(c, arena_printf(&c->arena, "/admin/media/%lld?done=%s", id,
					       status == 201 ? "uploaded" : "known"));
}

int admin_media(struct ctx *c)
{
	if (c->req.method == METHOD_POST)
		return upload(c);
	return render_library(c, 200, NULL);
}

static void fill_renditions(struct ctx *c, tpl_dict *d, const struct image *img)
{
	char url[PHOTO_URL_MAX];
	for (int i = 0; i < PHOTO_WIDTHS; i++) {
		if (!(img->widths & (1u << i)))
			continue;
		int w = photo_rendition_width(i, img->width);
		tpl_dict *row = tpl_section(d, "RENDITION");
		tpl_set_int(row, "WIDTH", w);
		photo_url(url, img->hash, w, "jpg");
		tpl_set(row, "JPEG", url);
		photo_url(url, img->hash, w, "webp");
		tpl_set(row, "WEBP", url);
		if (img->avif) {
			photo_url(url, img->hash, w, "avif");
			tpl_set(tpl_section(row, "AVIF"), "URL", url);
		}
	}
	tpl_set(d, "ORIGINAL", arena_printf(&c->arena, PHOTO_URL_PREFIX "%s/original.%s", img->hash,
					    img->alpha ? "png" : "jpg"));
}

/* One use, as the admin's lists would show it: a reporter sees only their own articles, so
 * another's article that readers cannot see yet stays nameless and unlinked. */
static void fill_use(struct ctx *c, tpl_dict *row, const struct image_use *u)
{
	bool editor = admin_role(c) >= ROLE_EDITOR;
	bool own = !u->person && u->owner_id && u->owner_id == c->user.id;
	const char *url = u->person ? arena_printf(&c->arena, "/admin/people/%lld", u->id)
				    : arena_printf(&c->arena, "/admin/articles/%lld", u->id);
	tpl_set(row, "WHERE", u->where);
	if (!editor && !own && !u->public) {
		tpl_set(tpl_section(row, "UNLINKED"), "HEADLINE", "an unpublished article");
		return;
	}
	tpl_dict *shown = tpl_section(row, editor || own ? "LINKED" : "UNLINKED");
	tpl_set(shown, "HEADLINE", u->headline);
	tpl_set(shown, "URL", url);
}

/* Whether the user may change an image's texts, which go live at once wherever it is shown:
 * an editor any; a reporter only one they uploaded that readers see nowhere yet. */
static enum store_result may_describe(struct ctx *c, long long id, bool *may)
{
	struct image img;
	struct image_use *uses;
	int n;
	*may = admin_role(c) >= ROLE_EDITOR;
	if (*may)
		return STORE_OK;
	enum store_result r = media_by_id(c->db, &c->arena, id, &img);
	if (r != STORE_OK || strcmp(img.uploaded_by, c->user.name) != 0)
		return r;
	r = media_uses(c->db, &c->arena, img.hash, c->now, &uses, &n);
	*may = r == STORE_OK;
	for (int i = 0; i < n && *may; i++)
		*may = !uses[i].public;
	return r;
}

static bool texts_sent(const struct ctx *c)
{
	return c->req.field[F_MEDIA_ALT].present && c->req.field[F_MEDIA_CAPTION].present &&
	       c->req.field[F_MEDIA_CREDIT].present;
}

static int render_image(struct ctx *c, long long id, int status, const char *notice,
			const char *error)
{
	struct image img;
	struct image_use *uses;
	int n;
	enum store_result r = media_by_id(c->db, &c->arena, id, &img);
	if (r == STORE_OK)
		r = media_uses(c->db, &c->arena, img.hash, c->now, &uses, &n);
	if (r != STORE_OK)
		return ctx_status_of(r);
	tpl_dict *d = admin_page(c, arena_printf(&c->arena, "Image %lld", id));
	if (!d)
		return 500;
	c->res->status = status;
	site_form_limits(d);
	tpl_set(d, "CSRF", c->csrf);
	fill_image(c, d, &img);
	fill_renditions(c, d, &img);
	if (status != 200) {  /* show back what was typed */
		tpl_set(d, "ALT", field_text(c, F_MEDIA_ALT));
		tpl_set(d, "CAPTION", field_text(c, F_MEDIA_CAPTION));
		tpl_set(d, "CREDIT", field_text(c, F_MEDIA_CREDIT));
	}
	if (notice)
		tpl_set(tpl_section(d, "NOTICE"), "MESSAGE", notice);
	if (error)
		tpl_set(tpl_section(d, "ERROR"), "MESSAGE", error);
	for (int i = 0; i < n; i++)
		fill_use(c, tpl_section(d, "USE"), &uses[i]);
	bool may = false;
	may_describe(c, id, &may);
	tpl_show(d, may ? "CAN_DESCRIBE" : "READ_ONLY");
	tpl_show(d, n ? "IN_USE" : "UNUSED");
	if (!n && admin_role(c) >= ROLE_EDITOR)
		tpl_show(d, "CAN_DELETE");
	return site_render(c, "admin_media_edit.tpl");
}

static const char *done_notice(const struct ctx *c)
{
	const char *done = field_text(c, Q_DONE);
	if (strcmp(done, "uploaded") == 0)
		return "Uploaded. Give it alt text before you use it on a page.";
	if (strcmp(done, "known") == 0)
		return "This picture is already in the library: here it is.";
	if (strcmp(done, "saved") == 0)
		return "Saved.";
	return NULL;
}

static int delete_image(struct ctx *c, struct db *w, long long id)
{
	struct image img;
	if (!c->site->media)  /* its files could not go: the row stays with them */
		return render_image(c, id, 503, NULL, "The image cannot be deleted now: the image "
				    "helper is not running. Try again later.");
	enum store_result r = media_by_id(c->db, &c->arena, id, &img);
	if (r == STORE_OK)
		r = media_delete_unused(w, id);
	if (r == STORE_CONFLICT)
		return render_image(c, id, 409, NULL,
				    "This image is used on a page (or in a revision): it cannot be deleted.");
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (!media_client_delete(c->site->media, img.hash))
		admin_log(c, "image %lld deleted, but its files %s could not be removed", id, img.hash);
	admin_log(c, "image %lld deleted", id);
	return admin_see_other(c, "/admin/media");
}

int admin_media_image(struct ctx *c)
{
	long long id = c->match.ids[0];
	const char *action = field_text(c, F_ACTION);
	struct db *w = ctx_writer(c);
	if (c->req.method != METHOD_POST)
		return render_image(c, id, 200, done_notice(c), NULL);
	if (!w)
		return render_image(c, id, 503, NULL, BUSY_MESSAGE);
	if (strcmp(action, "delete") == 0)  /* reporters upload and describe; editors delete */
		return admin_role(c) >= ROLE_EDITOR ? delete_image(c, w, id) : 403;
	bool may;
	enum store_result r = may_describe(c, id, &may);
	if (r != STORE_OK)
		return ctx_status_of(r);
	if (!may)
		return 403;
	const char *bad = texts_sent(c) ? texts_problem(c)
					: "Send the alt text, the caption and the credit.";
	if (bad)
		return render_image(c, id, 422, NULL, bad);
	r = media_set_texts(w, id, field_text(c, F_MEDIA_ALT),
					      field_text(c, F_MEDIA_CAPTION),
					      field_text(c, F_MEDIA_CREDIT));
	if (r != STORE_OK)
		return r == STORE_NOT_FOUND ? 404 : render_image(c, id, 503, NULL, BUSY_MESSAGE);
	admin_log(c, "image %lld texts saved", id);
	admin_purge(c, w, "all");  /* its alt text and credit show wherever it is used */
	return admin_see_other(c, arena_printf(&c->arena, "/admin/media/%lld?done=saved", id));
}

const char *admin_media_problem(struct ctx *c, const char *url, const char **alt)
{
	char hash[PHOTO_HASH_LEN + 1];
	struct image img;
	if (!url || !photo_hash_of_url(url, hash))
		return NULL;
	if (media_by_hash(c->db, &c->arena, hash, &img) != STORE_OK)
		return "That image is not in the media library (deleted?): pick another.";
	if (!*img.alt)
		return "Give that image alt text in the media library before you use it.";
	if (alt && !**alt)
		*alt = img.alt;
	return NULL;
}
