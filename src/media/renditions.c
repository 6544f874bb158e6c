/* One upload's renditions: the bytes checked for what they claim to be, decoded upright and
 * stripped of metadata, written at every width in WebP, AVIF and JPEG. libvips and libwebp are
 * used here and nowhere else, by the newsdesk-media helper only. */
#define _GNU_SOURCE
#include "renditions.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <vips/vips.h>
#include <webp/encode.h>

/* What the first bytes say the file is; NULL for anything we do not take. */
static const char *sniff(const unsigned char *b, size_t n)
{
	static const char *const heif_brands[] = { "heic", "heix", "mif1", "msf1", "avif", "avis" };
	if (n >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "jpeg";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (n >= 6 && (memcmp(b, "GIF87a", 6) == 0 || memcmp(b, "GIF89a", 6) == 0))
		return "gif";
	if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
		return "webp";
	for (size_t i = 0; n >= 12 && memcmp(b + 4, "ftyp", 4) == 0 && i < 6; i++)
		if (memcmp(b + 8, heif_brands[i], 4) == 0)
			return "heif";
	return NULL;
}

/* The loader libvips picks from the bytes must be the one for what we sniffed. */
static bool loader_agrees(const char *loader, const char *format)
{
	char want[32];
	snprintf(want, sizeof want, "VipsForeignLoad%sBuffer",
		 strcmp(format, "jpeg") == 0 ? "Jpeg" : strcmp(format, "png") == 0 ? "Png"
		 : strcmp(format, "gif") == 0 ? "Nsgif" : strcmp(format, "webp") == 0 ? "Webp" : "Heif");
	return loader && (strcmp(loader, want) == 0 ||
			  (strcmp(format, "png") == 0 && strcmp(loader, "VipsForeignLoadPngBuffer") == 0));
}

static bool save_webp(VipsImage *img, const char *path);

/* AVIF through libheif's AV1 encoder (libaom here) at its lowest effort: a 24-megapixel upload's
 * five widths then cost about half a second more, where effort 2 costs three times that for
 * files no smaller. img is bare pixels already, and strip keeps libheif from adding any. */
#define AVIF_QUALITY 50
#define AVIF_EFFORT 0

static bool save_avif(VipsImage *img, const char *path)
{
	return vips_heifsave(img, path, "compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1,
			     "Q", AVIF_QUALITY, "effort", AVIF_EFFORT, "strip", TRUE, NULL) == 0;
}

/* path: dir's file named NAME.ext; false when it does not fit (then nothing is written). */
static bool file_path(char *path, size_t size, const char *dir, const char *name, const char *ext)
{
	int n = snprintf(path, size, "%s/%s.%s", dir, name, ext);
	return n > 0 && (size_t)n < size;
}

/* AVIF given up on after the widths in a->widths wider than the one at index below had theirs:
 * their .avif files go, so the folder holds the files a->avif = 0 names, no more. */
static void drop_avif(const char *dir, const struct media_answer *a, int below)
{
	char path[RENDITIONS_DIR_MAX + 32], name[16];
	for (int i = PHOTO_WIDTHS - 1; i > below; i--) {
		snprintf(name, sizeof name, "%d", photo_rendition_width(i, a->width));
		if ((a->widths & (1u << i)) && file_path(path, sizeof path, dir, name, "avif"))
			unlink(path);
	}
}

/* The renditions of one width: WebP and AVIF (unless told not to: the preview JPEG alone), JPEG.
 * An AVIF the encoder cannot write turns *avif off and the picture goes on without AVIF (the
 * caller removes the wider ones already written). */
static bool save_pair(VipsImage *img, const char *dir, int w, bool alpha, bool webp, int *avif)
{
	char path[RENDITIONS_DIR_MAX + 32], name[16];
	VipsImage *flat = NULL;
	bool ok = true;
	snprintf(name, sizeof name, "%d", w);
	if (webp) {
		ok = file_path(path, sizeof path, dir, name, "webp") && save_webp(img, path);
		if (ok && *avif && (!file_path(path, sizeof path, dir, name, "avif") ||
				    !save_avif(img, path))) {
			*avif = 0;
			unlink(path);
			vips_error_clear();
		}
	}
	if (ok && alpha && vips_flatten(img, &flat, "background", vips_array_double_newv(1, 255.0),
					NULL) != 0)
		return false;
	ok = ok && file_path(path, sizeof path, dir, name, "jpg") &&
	     vips_jpegsave(flat ? flat : img, path, "Q", 82, "strip", TRUE,
			   "optimize_coding", TRUE, "interlace", TRUE, NULL) == 0;
	if (flat)
		g_object_unref(flat);
	return ok;
}

/* A rendition w wide from src, kept in memory: the next narrower one is made from it, which
 * costs a fifth of making each from the full picture. */
static VipsImage *shrink(VipsImage *src, int w)
{
	VipsImage *t, *mem;
	if (vips_thumbnail_image(src, &t, w, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
				 NULL) != 0)
		return NULL;
	mem = vips_image_copy_memory(t);
	g_object_unref(t);
	return mem;
}

/* Every width the picture gets, widest first, each in WebP, AVIF and JPEG; the preview JPEG from the
 * rendition at PHOTO_OG_WIDTH's place (1280, or the picture's own width below that). */
static bool make_widths(VipsImage *full, const char *dir, struct media_answer *a)
{
	VipsImage *src = full;
	bool ok = true;
	g_object_ref(src);
	for (int i = PHOTO_WIDTHS - 1; ok && i >= 0; i--) {
		if (!(a->widths & (1u << i)))
			continue;
		VipsImage *r = shrink(src, photo_rendition_width(i, a->width));
		int had_avif = a->avif;
		ok = r && save_pair(r, dir, photo_rendition_width(i, a->width), a->alpha, true,
					 &a->avif);
		if (had_avif && !a->avif)
			drop_avif(dir, a, i);
		if (ok && i == 3 && a->width >= PHOTO_OG_WIDTH) {
			VipsImage *og = shrink(r, PHOTO_OG_WIDTH);
			ok = og && save_pair(og, dir, PHOTO_OG_WIDTH, a->alpha, false, &a->avif);
			if (og)
				g_object_unref(og);
		}
		g_object_unref(src);
		src = r;
	}
	if (src)
		g_object_unref(src);
	return ok;
}

/* The pixels alone, in a new image with no metadata at all: savers' "strip" is not trusted
 * (libvips 8.14's WebP saver keeps EXIF, GPS included, through it). */
static VipsImage *bare_pixels(VipsImage *img)
{
	size_t size;
	void *data = vips_image_write_to_memory(img, &size);
	if (!data)
		return NULL;
	VipsImage *bare = vips_image_new_from_memory_copy(data, size, vips_image_get_width(img),
							  vips_image_get_height(img),
							  vips_image_get_bands(img),
							  vips_image_get_format(img));
	g_free(data);
	VipsImage *out = NULL;
	if (bare && vips_copy(bare, &out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL) != 0)
		out = NULL;
	if (bare)
		g_object_unref(bare);
	return out;
}

/* WebP through libwebp's simple encoder, which writes the picture and nothing else. */
static bool save_webp(VipsImage *img, const char *path)
{
	size_t size, n = 0;
	int w = vips_image_get_width(img), h = vips_image_get_height(img);
	int bands = vips_image_get_bands(img);
	uint8_t *out = NULL;
	if (vips_image_get_format(img) != VIPS_FORMAT_UCHAR || (bands != 3 && bands != 4))
		return false;
	VipsPel *px = vips_image_write_to_memory(img, &size);
	if (!px)
		return false;
	n = bands == 4 ? WebPEncodeRGBA(px, w, h, w * 4, 80, &out)
		       : WebPEncodeRGB(px, w, h, w * 3, 80, &out);
	g_free(px);
	int fd = n ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
	bool ok = fd >= 0 && media_write_all(fd, out, n);
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	WebPFree(out);
	return ok;
}

/* Upright, sRGB, in memory once, without metadata: every file is made from it. */
static VipsImage *decode_upright(const void *buf, size_t len, struct media_answer *a)
{
	VipsImage *in = vips_image_new_from_buffer(buf, len, "", "fail_on", VIPS_FAIL_ON_TRUNCATED,
						   NULL);
	VipsImage *rot = NULL, *srgb = NULL, *eight = NULL, *mem = NULL;
	if (!in)
		return NULL;
	if (vips_autorot(in, &rot, NULL) == 0 &&
	    vips_colourspace(rot, &srgb, VIPS_INTERPRETATION_sRGB, NULL) == 0 &&
	    (vips_image_get_format(srgb) == VIPS_FORMAT_UCHAR
		     ? (eight = srgb, g_object_ref(eight), true)
		     : vips_cast(srgb, &eight, VIPS_FORMAT_UCHAR, "shift", TRUE, NULL) == 0))
		mem = bare_pixels(eight);  /* 16-bit pictures: their top 8 bits */
	g_object_unref(in);
	if (rot)
		g_object_unref(rot);
	if (srgb)
		g_object_unref(srgb);
	if (eight)
		g_object_unref(eight);
	(void)a;
	return mem;
}

void renditions_make(const void *buf, size_t len, const char *dir, long long max_pixels,
		     struct media_answer *a)
{
	const char *format = sniff(buf, len);
	if (!format)
		return media_fail(a, "This file is not a JPEG, PNG, WebP, GIF, HEIC or AVIF picture.");
	if (!loader_agrees(vips_foreign_find_load_buffer(buf, len), format))
		return media_fail(a, "This file is not a picture newsdesk can read (%s?).", format);
	snprintf(a->format, sizeof a->format, "%s", format);
	VipsImage *hdr = vips_image_new_from_buffer(buf, len, "", NULL);  /* header only */
	if (!hdr)
		return media_fail(a, "The picture could not be read: %s", vips_error_buffer());
	int width = vips_image_get_width(hdr), height = vips_image_get_height(hdr);
	long long pixels = (long long)width * height;
	g_object_unref(hdr);
	if (width > MEDIA_MAX_SIDE || height > MEDIA_MAX_SIDE) {
		a->too_large = 1;
		return media_fail(a, "The picture is %d by %d pixels: newsdesk takes at most %d on a "
				  "side.", width, height, MEDIA_MAX_SIDE);
	}
	if (pixels > max_pixels) {
		a->too_large = 1;
		char n[32];
		snprintf(n, sizeof n, "%lld", max_pixels / 1000000);
		return media_fail(a, "The picture has more pixels than the limit of %s megapixels.", n);
	}
	VipsImage *full = decode_upright(buf, len, a);
	if (!full)
		return media_fail(a, "The picture could not be read (damaged or cut short): %.120s",
			    vips_error_buffer());
	a->width = vips_image_get_width(full);
	a->height = vips_image_get_height(full);
	a->alpha = vips_image_hasalpha(full);
	a->widths = photo_widths_for(a->width);
	a->avif = 1;
	bool ok = make_widths(full, dir, a);
	char path[RENDITIONS_DIR_MAX + 32];
	ok = ok && file_path(path, sizeof path, dir, "original", a->alpha ? "png" : "jpg");
	if (ok)
		ok = a->alpha ? vips_pngsave(full, path, "strip", TRUE, NULL) == 0
			      : vips_jpegsave(full, path, "Q", 90, "strip", TRUE, NULL) == 0;
	g_object_unref(full);
	if (!ok)
		return media_fail(a, "The renditions could not be written: %.120s", vips_error_buffer());
	a->ok = 1;
}
