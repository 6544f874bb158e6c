/* Uploaded images as readers get them: a <picture> with WebP and JPEG sources at every width
 * made, the picture's own width and height (no layout shift), and the addresses the admin, the
 * feeds and social sites use. */
#ifndef NEWSDESK_PICTURE_H
#define NEWSDESK_PICTURE_H

#include <stdbool.h>

#include "ctx.h"
#include "media.h"
#include "tpl.h"

/* The layout's widths for each place an image goes (site.css: .story is at most 700px inside
 * .wrap's 1rem padding; the box portrait is 64px, the author page's 112px). */
#define PICTURE_SIZES_STORY "(min-width: 732px) 700px, calc(100vw - 2rem)"
#define PICTURE_SIZES_PORTRAIT "64px"
#define PICTURE_SIZES_OWNER "112px"

/* The image an address names when it is an uploaded one's (/photos/HASH/...): true and *out
 * filled; false for an address typed by hand, or when the store has no such image. */
bool picture_lookup(struct ctx *c, const char *url, struct image *out);

/* Fills section PICTURE of d (section AVIF with AVIF_SRCSET when the image has AVIF renditions,
 * WEBP_SRCSET, JPEG_SRCSET, SRC, WIDTH, HEIGHT, SIZES and, for the lead image, EAGER; else LAZY) for the image url names; otherwise section PLAIN with
 * IMAGE_URL. Returns the image's credit when it has one, else NULL. */
const char *picture_fill(struct ctx *c, tpl_dict *d, const char *url, const char *sizes,
			 bool lead);

/* The same with the image already looked up (NULL: url is an address typed by hand). */
const char *picture_fill_with(struct ctx *c, tpl_dict *d, const struct image *img,
			      const char *url, const char *sizes, bool lead);

/* The address an article's image field holds for img: its largest JPEG (arena). */
const char *picture_ref_url(struct ctx *c, const struct image *img);

/* The rendition for social sites and Google News: PHOTO_OG_WIDTH wide when the picture is at
 * least that wide, else its largest; its width and height into *w and *h. */
const char *picture_og_url(struct ctx *c, const struct image *img, int *w, int *h);

/* For a list's thumbnail (home, section pages, promos), without a database read: section
 * RESPONSIVE of d with SRC (the 640 rendition, or the widest below it), SRCSET and WEBP_SRCSET
 * (the JPEGs and WebPs up to the address's width) when url is an uploaded image's address; false for any other.
 * No AVIF here: the address alone does not tell whether the image has them. */
bool picture_fill_summary(struct ctx *c, tpl_dict *d, const char *url);

#endif
