/* Uploaded photos' names: hashes, widths, addresses. */
#include "photo.h"

#include <stdio.h>
#include <string.h>

const int photo_widths[PHOTO_WIDTHS] = { 320, 640, 960, 1280, 1920 };

unsigned photo_widths_for(int width)
{
	unsigned set = 0;
	for (int i = 0; i < PHOTO_WIDTHS; i++) {
		set |= 1u << i;
		if (photo_widths[i] >= width)
			break;  /* this one is made at the picture's own width */
	}
	return set;
}

int photo_rendition_width(int i, int width)
{
	return photo_widths[i] < width ? photo_widths[i] : width;
}

bool photo_hash_valid(const char *s)
{
	for (int i = 0; i < PHOTO_HASH_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[PHOTO_HASH_LEN] == '\0';
}

/* Without snprintf: a page with photos makes dozens of these, and formatting was a tenth of
 * its time. */
void photo_url(char *out, const char *hash, int width, const char *ext)
{
	char digits[12];
	int n = 0;
	unsigned w = width > 0 && width < 1000000 ? (unsigned)width : 0;
	do
		digits[n++] = (char)('0' + w % 10);
	while ((w /= 10) && n < 6);
	char *o = out;
	memcpy(o, PHOTO_URL_PREFIX, sizeof PHOTO_URL_PREFIX - 1);
	o += sizeof PHOTO_URL_PREFIX - 1;
	memcpy(o, hash, PHOTO_HASH_LEN);
	o += PHOTO_HASH_LEN;
	*o++ = '/';
	while (n)
		*o++ = digits[--n];
	*o++ = '.';
	size_t e = strnlen(ext, 8);
	memcpy(o, ext, e);
	o[e] = '\0';
}

bool photo_hash_of_url(const char *url, char *out)
{
	size_t n = sizeof PHOTO_URL_PREFIX - 1;
	if (strncmp(url, PHOTO_URL_PREFIX, n) != 0 || strlen(url) < n + PHOTO_HASH_LEN + 1 ||
	    url[n + PHOTO_HASH_LEN] != '/')
		return false;
	memcpy(out, url + n, PHOTO_HASH_LEN);
	out[PHOTO_HASH_LEN] = '\0';
	return photo_hash_valid(out);
}

int photo_ref_width(const char *url)
{
	char hash[PHOTO_HASH_LEN + 1];
	if (!photo_hash_of_url(url, hash))
		return 0;
	const char *w = url + sizeof PHOTO_URL_PREFIX - 1 + PHOTO_HASH_LEN + 1;
	int n = 0, digits = 0;
	for (; *w >= '0' && *w <= '9' && digits < 6; w++, digits++)
		n = n * 10 + (*w - '0');
	return digits && digits < 6 && *url && strcmp(w, ".jpg") == 0 && w[-digits] != '0' ? n : 0;
}
