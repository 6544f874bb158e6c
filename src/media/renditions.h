/* The newsdesk-media helper's work: one upload's bytes into renditions in a folder. */
#ifndef NEWSDESK_RENDITIONS_H
#define NEWSDESK_RENDITIONS_H

#include <stddef.h>

#include "media_client.h"

/* The longest folder path renditions_make takes: its files' paths are built in a buffer with
 * room for it and a name. */
#define RENDITIONS_DIR_MAX 600

/* Checks buf (what it claims to be, at most max_pixels) and writes its renditions and
 * original.jpg or original.png into dir (at most RENDITIONS_DIR_MAX bytes); a says how it
 * went. libvips must be started. */
void renditions_make(const void *buf, size_t len, const char *dir, long long max_pixels,
		     struct media_answer *a);

#endif
