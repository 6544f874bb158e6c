/* Line diffs of two articles, for the revisions page and the conflict page. */
#ifndef NEWSDESK_TEXTDIFF_H
#define NEWSDESK_TEXTDIFF_H

#include "arena.h"
#include "editor.h"

/* An article as lines a person can compare: "Headline: ...", "Block 3 (paragraph): ...". */
int article_lines(struct arena *a, const struct edit_article *e, const char ***out);

enum diff_op { DIFF_SAME, DIFF_REMOVED, DIFF_ADDED };

struct diff_line {
	enum diff_op op;
	const char *text;
};

/* The shortest edit from old to new (longest common subsequence); -1 when out of memory. */
int diff_lines(struct arena *a, const char **old, int nold, const char **new_, int nnew,
	       struct diff_line **out);

#endif
