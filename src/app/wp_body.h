/* A WordPress post body (classic HTML or Gutenberg's, block comments and all) made into
 * newsdesk's blocks with libxml2's HTML parser: paragraphs (headings among them), videos as
 * media blocks, images and links kept aside for the report and for later. Nothing executable
 * survives: scripts, styles, frames and event attributes are dropped with a note, and only
 * http(s) and site addresses are kept. */
#ifndef NEWSDESK_WP_BODY_H
#define NEWSDESK_WP_BODY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "model.h"

/* A piece of a paragraph with one look: what the article text will need once it takes inline
 * markup (CommonMark): today only its text is shown. */
enum run_style { RUN_EM = 1 << 0, RUN_STRONG = 1 << 1, RUN_CODE = 1 << 2 };
struct inline_run {
	const char *text;
	unsigned style;      /* enum run_style bits */
	const char *href;    /* a link's address (http, https, mailto or a site path); NULL: none */
};

/* A paragraph block's runs, in order. */
struct body_par {
	struct inline_run *runs;
	int nruns;
	int heading;         /* 1 to 6 for h1 .. h6 (shown as a paragraph today); 0: none */
	int list;            /* an item of a list: 1 bulleted (<ul>), 2 numbered (<ol>); 0: none */
	int list_id;         /* which list (from 1 in the body): items of one list share it */
};

struct body_image {
	const char *src, *alt, *caption;
	int before_block;    /* where it stood: before block n (0-based) */
};

struct body_link {
	const char *text, *href;
};

/* What the body became. pars[i] belongs to blocks[i] when that is a paragraph. */
struct body {
	struct block *blocks;
	struct body_par *pars;
	int nblocks;
	struct body_image *images;
	int nimages;
	struct body_link *links;
	int nlinks;
};

/* Told what was left out or changed and why: kind is "dropped" (script, style, form...),
 * "embed" (a frame, object or audio: its address), "shortcode", "block" (a Gutenberg block
 * shown only as its text), "unsafe" (a javascript:, data: ... address removed). */
typedef void (*body_note_fn)(void *arg, const char *kind, const char *detail);

/* Converts len bytes of html. False only when out of memory. */
bool body_convert(struct arena *a, const char *html, size_t len, body_note_fn note, void *arg,
		  struct body *out);

/* A paragraph's text as the article shows it today: its runs' text, joined. */
const char *body_par_text(struct arena *a, const struct body_par *p);

/* The text of a title or excerpt given as HTML: every paragraph on one line, tags and scripts
 * gone (noted as body_convert does). NULL when out of memory. */
const char *body_plain_text(struct arena *a, const char *html, size_t len, body_note_fn note,
			    void *arg);

#endif
