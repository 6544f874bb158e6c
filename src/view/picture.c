/* Uploaded images as readers get them: <picture>, srcset, sizes and the preview rendition. */
#include "picture.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "photo.h"

bool picture_lookup(struct ctx *c, const char *url, struct image *out)
{
	char hash[PHOTO_HASH_LEN + 1];
	return url && photo_hash_of_url(url, hash) &&
	       media_by_hash(c->db, &c->arena, hash, out) == STORE_OK;
}

/* The widest rendition made. */
static int largest_width(const struct image *img)
{
	int w = 0;
	for (int i = 0; i < PHOTO_WIDTHS; i++)
		if (img->widths & (1u << i))
			w = photo_rendition_width(i, img->width);
	return w;
}

const char *picture_ref_url(struct ctx *c, const struct image *img)
{
	char url[PHOTO_URL_MAX];
	photo_url(url, img->hash, largest_width(img), "jpg");
	return arena_strdup(&c->arena, url);
}

const char *picture_og_url(struct ctx *c, const struct image *img, int *w, int *h)
{
	char url[PHOTO_URL_MAX];
	*w = img->width >= PHOTO_OG_WIDTH ? PHOTO_OG_WIDTH : largest_width(img);
	*h = (int)(((long long)img->height * *w + img->width / 2) / img->width);
	photo_url(url, img->hash, *w, "jpg");
	return arena_strdup(&c->arena, url);
}

/* ", /photos/HASH/W.ext Ww" onto a srcset (no comma first), without a printf. */
static void srcset_add(struct buf *b, const char *hash, int w, const char *ext)
{
	char url[PHOTO_URL_MAX];
	photo_url(url, hash, w, ext);
	const char *slash = strrchr(url, '/'), *dot = strrchr(url, '.');
	if (b->len)
		buf_append(b, ", ", 2);
	buf_puts(b, url);
	buf_append(b, " ", 1);
	buf_append(b, slash + 1, (size_t)(dot - slash - 1));
	buf_append(b, "w", 1);
}

static const char *srcset(struct ctx *c, const struct image *img, const char *ext)
{
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < PHOTO_WIDTHS; i++) {
		if (!(img->widths & (1u << i)))
			continue;
		srcset_add(&b, img->hash, photo_rendition_width(i, img->width), ext);
	}
	const char *out = b.failed || !b.data ? NULL : arena_strdup(&c->arena, b.data);
	buf_free(&b);
	return out;
}

const char *picture_fill(struct ctx *c, tpl_dict *d, const char *url, const char *sizes,
			 bool lead)
{
	struct image img;
	return picture_fill_with(c, d, picture_lookup(c, url, &img) ? &img : NULL, url, sizes, lead);
}

const char *picture_fill_with(struct ctx *c, tpl_dict *d, const struct image *found,
			      const char *url, const char *sizes, bool lead)
{
	char src[PHOTO_URL_MAX];
	if (!found) {
		tpl_set(tpl_section(d, "PLAIN"), "IMAGE_URL", url);
		return NULL;
	}
	struct image img = *found;
	tpl_dict *p = tpl_section(d, "PICTURE");
	/* the fallback's src: the width a phone of today mostly picks */
	int fallback = img.width < 640 ? largest_width(&img) : 640;
	photo_url(src, img.hash, fallback, "jpg");
	tpl_set(p, "SRC", src);
	if (img.avif)  /* only uploads since sql/014 have them */
		tpl_set(tpl_section(p, "AVIF"), "AVIF_SRCSET", srcset(c, &img, "avif"));
	tpl_set(p, "WEBP_SRCSET", srcset(c, &img, "webp"));
	tpl_set(p, "JPEG_SRCSET", srcset(c, &img, "jpg"));
	tpl_set(p, "SIZES", sizes);
	tpl_set_int(p, "WIDTH", img.width);
	tpl_set_int(p, "HEIGHT", img.height);
	tpl_show(p, lead ? "EAGER" : "LAZY");
	return *img.credit ? img.credit : NULL;
}

bool picture_fill_summary(struct ctx *c, tpl_dict *d, const char *url)
{
	char hash[PHOTO_HASH_LEN + 1], one[PHOTO_URL_MAX];
	int top = photo_ref_width(url), src = 0;
	struct buf b, webp;
	bool done = false;
	if (!top || !photo_hash_of_url(url, hash))
		return false;
	buf_init(&b);
	buf_init(&webp);
	for (int i = 0; i < PHOTO_WIDTHS; i++) {
		int w = photo_widths[i] < top ? photo_widths[i] : top;
		srcset_add(&b, hash, w, "jpg");
		srcset_add(&webp, hash, w, "webp");
		if (w <= 640)
			src = w;
		if (w == top)
			break;
	}
	if (!b.failed && b.data && !webp.failed) {
		tpl_dict *r = tpl_section(d, "RESPONSIVE");
		tpl_set(r, "SRCSET", b.data);
		tpl_set(r, "WEBP_SRCSET", webp.data);
		photo_url(one, hash, src, "jpg");
		tpl_set(r, "SRC", one);
		done = true;
	}
	buf_free(&b);
	buf_free(&webp);
	return done;
}
