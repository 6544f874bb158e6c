/* The CommonMark writer of the WordPress import: runs of text with a look and a link become
 * *emphasis*, **strong** and [links](https://...), with every other special character escaped;
 * a result not sure to read as written is read back through markup_plain and kept only when its
 * words are the text (tests/fuzz/fuzz_wpbody.c reads every result back). */
#include "wp_commonmark.h"

#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "markup.h"
#include "validate.h"

/* What CommonMark reads inside a paragraph's text: the emphasis, code and link characters, the
 * escape itself, and '&' (entities). '<' is not here: markup.c escapes every '<' itself. */
static bool special(char c)
{
	return c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '&';
}

static bool punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

static bool alnum_or_high(char c)
{
	return (unsigned char)c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static void escaped(struct buf *out, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		if (!special(s[i]))
			continue;
		buf_append(out, s + from, i - from);
		buf_append(out, "\\", 1);
		from = i;
	}
	buf_append(out, s + from, n - from);
}

/* A link's destination: backslash before what would end or change it, spaces and controls
 * as %XX (they end a destination). */
static void destination(struct buf *out, const char *u)
{
	for (; *u; u++) {
		unsigned char c = (unsigned char)*u;
		if (c <= ' ' || c == 0x7f)
			buf_printf(out, "%%%02X", c);
		else if (strchr("\\()&", c))
			buf_printf(out, "\\%c", c);
		else
			buf_append(out, u, 1);
	}
}

static bool link_kept(const char *href)
{
	return href && url_problem(href, true) == NULL;
}

struct writer {
	struct buf out;
	bool looks;            /* emphasis and strong written (false: the retry without them) */
	bool unsure;           /* written something CommonMark may read otherwise: read it back */
};

/* One run: its leading and trailing spaces outside the markers, which CommonMark wants next to
 * the words; a look whose words start or end with punctuation right against a letter outside is
 * left out (CommonMark would not read it as one). */
static void write_run(struct writer *w, const struct inline_run *r, char before, char after)
{
	const char *t = r->text;
	size_t n = strlen(t), lead = 0, trail = 0;
	while (lead < n && t[lead] == ' ')
		lead++;
	while (trail < n - lead && t[n - 1 - trail] == ' ')
		trail++;
	const char *core = t + lead;
	size_t len = n - lead - trail;
	bool link = link_kept(r->href) && len;
	unsigned style = w->looks && len ? r->style & (RUN_EM | RUN_STRONG) : 0;
	if (lead)
		before = ' ';
	if (trail)
		after = ' ';
	if (style && !link && ((punct(core[0]) && alnum_or_high(before)) ||
			       (punct(core[len - 1]) && alnum_or_high(after))))
		style = 0;
	/* Sure to read as written: markers against letters on their inner side (so they open and
	 * close whatever stands outside) and never against another run's markers. Anything else is
	 * read back (write_checked). */
	if (style && (!alnum_or_high(core[0]) || !alnum_or_high(core[len - 1])))
		w->unsure = true;
	char last = w->out.len ? w->out.data[w->out.len - 1] : ' ';
	if ((style || link) && !lead && last == '*')
		w->unsure = true;
	if (link && !lead && last == '!') {  /* "Wow![link](...)" would be an image: "Wow\![..." */
		w->out.len--;
		buf_append(&w->out, "\\!", 2);
	}
	buf_append(&w->out, t, lead);
	if (link)
		buf_append(&w->out, "[", 1);
	if (style & RUN_STRONG)
		buf_append(&w->out, "**", 2);
	if (style & RUN_EM)
		buf_append(&w->out, "*", 1);
	escaped(&w->out, core, len);
	if (style & RUN_EM)
		buf_append(&w->out, "*", 1);
	if (style & RUN_STRONG)
		buf_append(&w->out, "**", 2);
	if (link) {
		buf_append(&w->out, "](", 2);
		destination(&w->out, r->href);
		buf_append(&w->out, ")", 1);
	}
	buf_append(&w->out, t + n - trail, trail);
}

static bool needs_markup(const struct body_par *p, const char *text)
{
	for (int i = 0; i < p->nruns; i++)
		if ((p->runs[i].style & (RUN_EM | RUN_STRONG)) || link_kept(p->runs[i].href))
			return true;
	return markup_wanted(text, strlen(text));
}

/* The runs of p after what out holds; the paragraph's trailing spaces dropped as its text's. */
static void write_runs(struct writer *w, const struct body_par *p)
{
	for (int i = 0; i < p->nruns; i++) {
		const char *prev = i ? p->runs[i - 1].text : "";
		size_t pn = strlen(prev);
		char before = pn ? prev[pn - 1] : ' ';
		char after = i + 1 < p->nruns ? p->runs[i + 1].text[0] : ' ';
		write_run(w, &p->runs[i], before, after ? after : ' ');
	}
	while (w->out.len && w->out.data[w->out.len - 1] == ' ')
		w->out.len--;
}

/* w's text when its words read back as want (or when last: the escaped text, which always
 * does, as the fuzz target checks); NULL (not failed) when they do not. */
static const char *checked(struct arena *a, struct writer *w, const char *want, bool last,
			   bool *failed)
{
	if (w->out.failed) {
		*failed = true;
		return NULL;
	}
	const char *text = arena_strndup(a, w->out.data ? w->out.data : "", w->out.len);
	const char *words = text ? markup_plain(a, text, w->out.len) : NULL;
	if (!words) {
		*failed = true;
		return NULL;
	}
	return last || strcmp(words, want) == 0 ? text : NULL;
}

/* Where a list item's text would start a block of its own ("- 1. x", "- # x"): the byte to
 * put a backslash before; -1 when none. */
static long block_marker_at(const char *s, size_t n)
{
	size_t d = 0;
	if (n && strchr("-+#>=~", s[0]))
		return 0;
	while (d < n && s[d] >= '0' && s[d] <= '9')
		d++;
	return d && d < n && (s[d] == '.' || s[d] == ')') ? (long)d : -1;
}

/* Writes with looks, then without them, then the text only escaped: the first that reads back
 * as want. list: 0 a paragraph, 1 a bulleted list of n items, 2 a numbered one. */
static const char *write_checked(struct arena *a, const struct body_par *p, int n, int list,
				 const char *want)
{
	const char *text = NULL;
	bool failed = false;
	for (int attempt = 0; !text && !failed && attempt < 3; attempt++) {
		struct writer w = { .looks = attempt == 0 };
		buf_init(&w.out);
		for (int i = 0; i < n && !failed; i++) {
			if (list == 1)
				buf_printf(&w.out, "%s- ", i ? "\n" : "");
			else if (list == 2)
				buf_printf(&w.out, "%s%d. ", i ? "\n" : "", i + 1);
			size_t start = w.out.len;
			if (attempt < 2) {
				write_runs(&w, &p[i]);
			} else {
				const char *t = body_par_text(a, &p[i]);
				if (t)
					escaped(&w.out, t, strlen(t));
				else
					failed = true;
			}
			long m = list && !w.out.failed
				? block_marker_at(w.out.data + start, w.out.len - start) : -1;
			if (m >= 0) {  /* the list's own parse would read it as a marker */
				buf_append(&w.out, " ", 1);
				char *at = w.out.data + start + m;
				if (!w.out.failed) {
					memmove(at + 1, at, w.out.len - 1 - (start + (size_t)m));
					*at = '\\';
				}
			}
		}
		if (!failed && attempt == 0 && !w.unsure && !w.out.failed)
			text = arena_strndup(a, w.out.data ? w.out.data : "", w.out.len);
		else if (!failed)
			text = checked(a, &w, want, attempt == 2, &failed);
		buf_free(&w.out);
	}
	return failed ? NULL : text;
}

const char *wp_commonmark(struct arena *a, const struct body_par *p, const char **plain)
{
	const char *text = body_par_text(a, p);
	*plain = NULL;
	if (!text)
		return NULL;
	if (!needs_markup(p, text))
		return text;
	*plain = text;
	return write_checked(a, p, 1, 0, text);
}

const char *wp_commonmark_list(struct arena *a, const struct body_par *items, int n,
			       bool ordered, const char **plain)
{
	if (n == 1)  /* one line of text is never a list to markup.c: it reads as typed */
		return wp_commonmark(a, items, plain);
	struct buf words;
	buf_init(&words);
	for (int i = 0; i < n; i++) {
		const char *t = body_par_text(a, &items[i]);
		if (!t) {
			words.failed = true;
			break;
		}
		if (*t)
			buf_printf(&words, "%s%s", words.len ? " " : "", t);
	}
	const char *want = words.failed ? NULL : arena_strndup(a, words.data ? words.data : "",
							       words.len);
	buf_free(&words);
	*plain = want;
	return want ? write_checked(a, items, n, ordered ? 2 : 1, want) : NULL;
}
