/* newsdesk init --demo: the demo's pictures uploaded through the media pipeline. */
#ifndef NEWSDESK_DEMO_PHOTOS_H
#define NEWSDESK_DEMO_PHOTOS_H

#include <stdbool.h>
#include <stddef.h>

/* Uploads data/demo-photos/NAME.jpg for every /static/img/NAME.svg address the demo content
 * uses, as an editor's upload is made (a child process with limits, app/media_worker.c), and
 * points those fields at the uploaded images. Without the pictures' folder the addresses stay
 * the SVGs (said on stderr). False (err) when the database or the media directory fails. */
bool demo_photos_import(const char *db_path, char *err, size_t errlen);

#endif
