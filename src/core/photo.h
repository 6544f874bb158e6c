/* Uploaded photos' names: the content hash that names an image, the widths made of it, and the
 * addresses of its files under the media URL prefix. One declaration the uploader, the pages and
 * the admin share. */
#ifndef NEWSDESK_PHOTO_H
#define NEWSDESK_PHOTO_H

#include <stdbool.h>
#include <stddef.h>

#define PHOTO_HASH_LEN 32              /* hex digits of a 128-bit BLAKE2b of the uploaded bytes */
#define PHOTO_URL_PREFIX "/photos/"    /* nginx serves the media directory here */
#define PHOTO_OG_WIDTH 1200            /* the JPEG social sites and Google News preview */
#define PHOTO_WIDTHS 5
#define PHOTO_URL_MAX 64

/* The widths made at upload, narrowest first; none wider than the picture itself. */
extern const int photo_widths[PHOTO_WIDTHS];

/* Which widths a picture of this width gets, as a bit set over photo_widths: every one up to
 * its width, and the next, which is made at the picture's own width (never upscaled). */
unsigned photo_widths_for(int width);

/* The width of rendition i for a picture of this width (its own when narrower). */
int photo_rendition_width(int i, int width);

/* A hash as PHOTO_HASH_LEN lowercase hex digits. */
bool photo_hash_valid(const char *s);

/* out (PHOTO_URL_MAX bytes): "/photos/HASH/640.webp", ext "webp", "jpg" or "avif". */
void photo_url(char *out, const char *hash, int width, const char *ext);

/* The hash of a "/photos/HASH/..." address, into out (PHOTO_HASH_LEN + 1); false for any other
 * address, which is then an image typed by hand. */
bool photo_hash_of_url(const char *url, char *out);

/* The width of the rendition a "/photos/HASH/W.jpg" address names (what an image field holds:
 * the widest made), or 0. Every standard width below it was made too, so a srcset follows from
 * the address alone. */
int photo_ref_width(const char *url);

#endif
