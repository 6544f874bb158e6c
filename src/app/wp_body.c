/* A WordPress body parsed by libxml2's HTML parser and walked into paragraphs, media blocks,
 * images and links; whatever cannot be shown is dropped with a note, never kept as markup. */
#include "wp_body.h"

#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "utf8.h"
#include "validate.h"

#define DEPTH_MAX 200
#define SHORTCODE_MAX 2000   /* longest "[name attrs]" taken for a shortcode */

/* Elements whose content is never text a reader should get. */
static const char *const dropped_elements[] = {
	"script", "style", "noscript", "template", "head", "title", "form", "input", "button",
	"select", "textarea", "svg", "math", "canvas", "map", "link", "meta", "base", "frameset",
};
/* Elements that embed something from elsewhere: their address goes to the report. */
static const char *const embed_elements[] = { "iframe", "frame", "object", "embed", "audio", "applet" };
static const char *const block_elements[] = {
	"p", "div", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "pre", "table", "tr", "td",
	"th", "thead", "tbody", "tfoot", "caption", "section", "article", "header", "footer",
	"aside", "nav", "main", "hr", "address", "details", "summary", "center", "figcaption",
	"body", "html",
};
/* WordPress's own shortcodes: always one, even without attributes ("[gallery]"). */
static const char *const core_shortcodes[] = {
	"caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed",
};
/* Gutenberg blocks whose HTML says all they mean; any other is noted. */
static const char *const plain_blocks[] = {
	"paragraph", "heading", "list", "list-item", "image", "quote", "separator", "spacer",
	"group", "columns", "column", "video", "pullquote", "preformatted", "code", "table",
	"verse", "freeform", "html", "more", "nextpage",
};

struct walk {
	struct arena *a;
	struct body *out;
	body_note_fn note;
	void *arg;
	int block_cap, image_cap, link_cap, run_cap;
	struct inline_run *runs;   /* the paragraph being built */
	int nruns;
	struct buf run;            /* the run being built */
	unsigned style;
	const char *href;
	int heading;
	int list, list_id, lists;  /* the innermost list (kind, id), and how many so far */
	int item;                  /* inside an <li>: its list's id (0: not in one) */
	int item_list;             /* and that list's kind */
	bool space;                /* whitespace seen since the last character */
	bool failed;
};

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, list[i]) == 0)
			return true;
	return false;
}
#define IN_LIST(name, list) in_list((name), (list), sizeof (list) / sizeof (list)[0])

static void note(struct walk *w, const char *kind, const char *detail)
{
	if (w->note)
		w->note(w->arg, kind, detail);
}

static const char *attr(struct walk *w, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	const char *s = v ? arena_strdup(w->a, (const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* An address kept only when it is http(s) or a path on the site; anything else is noted. */
static const char *safe_url(struct walk *w, const char *u, const char *what)
{
	if (!u || !*u)
		return NULL;
	while (*u == ' ' || *u == '\n' || *u == '\t')
		u++;
	if (url_problem(u, true) == NULL)
		return u;
	if (strncasecmp(u, "mailto:", 7) == 0 && !strpbrk(u, " \"<>"))
		return u;
	note(w, "unsafe", arena_printf(w->a, "%s address removed: %.80s", what, u));
	return NULL;
}

/* A space before a change of look belongs to the run before it ("a **b**", not "a** b**"). */
static void settle_space(struct walk *w)
{
	if (w->space && (w->nruns || w->run.len))
		buf_append(&w->run, " ", 1);
	w->space = false;
}

static void end_run(struct walk *w)
{
	if (!w->run.len)
		return;
	w->runs = arena_grow(w->a, w->runs, w->nruns, &w->run_cap, sizeof *w->runs);
	const char *text = arena_strndup(w->a, w->run.data, w->run.len);
	if (!w->runs || !text) {
		w->failed = true;
		return;
	}
	w->runs[w->nruns++] = (struct inline_run){ text, w->style, w->href };
	buf_reset(&w->run);
}

static struct block *new_block(struct walk *w, enum block_kind kind)
{
	struct body *b = w->out;
	int cap = w->block_cap;   /* both arrays grow alike: the second starts from the same cap */
	b->blocks = arena_grow(w->a, b->blocks, b->nblocks, &w->block_cap, sizeof *b->blocks);
	w->block_cap = cap;
	b->pars = arena_grow(w->a, b->pars, b->nblocks, &w->block_cap, sizeof *b->pars);
	if (!b->blocks || !b->pars) {
		w->failed = true;
		return NULL;
	}
	struct block *blk = &b->blocks[b->nblocks];
	*blk = (struct block){ kind, "", "", "", "", "" };
	b->pars[b->nblocks++] = (struct body_par){ NULL, 0, 0, 0, 0 };
	return blk;
}

/* Ends the paragraph being built: a block when it holds any text. */
static void flush(struct walk *w)
{
	end_run(w);
	w->space = false;
	if (!w->nruns)
		return;
	struct block *blk = new_block(w, BLOCK_PARAGRAPH);
	if (!blk)
		return;
	struct body_par *p = &w->out->pars[w->out->nblocks - 1];
	*p = (struct body_par){ w->runs, w->nruns, w->heading, w->item ? w->item_list : 0, w->item };
	if (!(blk->text = body_par_text(w->a, p)))
		w->failed = true;
	w->runs = NULL;
	w->nruns = w->run_cap = 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Text into the paragraph: whitespace collapsed, a blank line (classic editor) a new paragraph. */
static void add_chars(struct walk *w, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (is_space(s[i])) {
			int newlines = 0;
			for (; i < n && is_space(s[i]); i++)
				newlines += s[i] == '\n';
			i--;
			if (newlines >= 2)
				flush(w);
			else if (w->nruns || w->run.len)
				w->space = true;
			continue;
		}
		if (w->space)
			buf_append(&w->run, " ", 1);
		w->space = false;
		buf_append(&w->run, &s[i], 1);
	}
	if (w->run.failed)
		w->failed = true;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* The length of a shortcode token at s ("[gallery ids=\"1,2\"]", "[/caption]"), 0 when s does
 * not start one. A bracket in prose ("[sic]", "[1]") is not one: only WordPress's own names, a
 * closing tag, or a name with attributes count. */
static size_t shortcode_at(const char *s, size_t n)
{
	size_t i = 1;
	bool closing = i < n && s[i] == '/';
	i += closing;
	size_t name_start = i;
	while (i < n && name_char(s[i]))
		i++;
	size_t name_len = i - name_start;
	if (!name_len || !((s[name_start] >= 'a' && s[name_start] <= 'z') ||
			   (s[name_start] >= 'A' && s[name_start] <= 'Z')))
		return 0;
	bool attrs = false;
	for (; i < n && i < SHORTCODE_MAX && s[i] != ']' && s[i] != '[' && s[i] != '\n'; i++)
		attrs |= s[i] == '=';
	if (i >= n || s[i] != ']')
		return 0;
	char name[32];
	if (name_len >= sizeof name)
		return closing ? i + 1 : 0;
	memcpy(name, s + name_start, name_len);
	name[name_len] = '\0';
	if (closing || attrs || IN_LIST(name, core_shortcodes))
		return i + 1;
	return 0;
}

/* A text node: shortcodes taken out (and noted), the rest added. */
static void add_text(struct walk *w, const char *s)
{
	size_t n = strlen(s), from = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = s[i] == '[' ? shortcode_at(s + i, n - i) : 0;
		if (!len)
			continue;
		add_chars(w, s + from, i - from);
		if (s[i + 1] != '/')
			note(w, "shortcode", arena_printf(w->a, "%.*s not shown (the text it wraps "
							  "is kept)", (int)(len > 120 ? 120 : len), s + i));
		i += len - 1;
		from = i + 1;
	}
	add_chars(w, s + from, n - from);
}

static void walk_children(struct walk *w, xmlNodePtr n, int depth);
static void walk_node(struct walk *w, xmlNodePtr c, xmlNodePtr figure, int depth);

/* Text of n's subtree, without what is dropped: a caption. */
static void collect_text(struct walk *w, xmlNodePtr n, struct buf *out, int depth)
{
	for (xmlNodePtr c = n->children; c && depth < DEPTH_MAX; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content)
			buf_puts(out, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE && !IN_LIST((const char *)c->name, dropped_elements) &&
			 !IN_LIST((const char *)c->name, embed_elements))
			collect_text(w, c, out, depth + 1);
	}
}

static const char *caption_of(struct walk *w, xmlNodePtr figure)
{
	for (xmlNodePtr c = figure ? figure->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcasecmp((const char *)c->name, "figcaption"))
			continue;
		struct buf b;
		buf_init(&b);
		collect_text(w, c, &b, 0);
		const char *s = body_plain_text(w->a, b.data ? b.data : "", b.len, NULL, NULL);
		buf_free(&b);
		return s;
	}
	return "";
}

static void add_image(struct walk *w, xmlNodePtr n, xmlNodePtr figure)
{
	const char *src = safe_url(w, attr(w, n, "src"), "image");
	if (!src)
		return;
	struct body *b = w->out;
	b->images = arena_grow(w->a, b->images, b->nimages, &w->image_cap, sizeof *b->images);
	const char *alt = attr(w, n, "alt");
	if (!b->images) {
		w->failed = true;
		return;
	}
	b->images[b->nimages++] = (struct body_image){ src, alt ? alt : "", caption_of(w, figure),
						       b->nblocks };
}

static void add_video(struct walk *w, xmlNodePtr n, xmlNodePtr figure)
{
	const char *src = attr(w, n, "src");
	for (xmlNodePtr c = n->children; !src && c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcasecmp((const char *)c->name, "source") == 0)
			src = attr(w, c, "src");
	if (!(src = safe_url(w, src, "video")))
		return;
	const char *poster = safe_url(w, attr(w, n, "poster"), "poster");
	flush(w);
	struct block *blk = new_block(w, BLOCK_MEDIA);
	if (blk) {
		blk->media_url = src;
		blk->image_url = poster ? poster : "";
		blk->text = caption_of(w, figure);
	}
}

static void add_link(struct walk *w, xmlNodePtr n, const char *href, int depth)
{
	struct buf b;
	buf_init(&b);
	collect_text(w, n, &b, 0);
	struct body *out = w->out;
	out->links = arena_grow(w->a, out->links, out->nlinks, &w->link_cap, sizeof *out->links);
	const char *text = body_plain_text(w->a, b.data ? b.data : "", b.len, NULL, NULL);
	buf_free(&b);
	if (!out->links || !text) {
		w->failed = true;
		return;
	}
	out->links[out->nlinks++] = (struct body_link){ text, href };
	const char *outer = w->href;
	settle_space(w);
	end_run(w);
	w->href = href;
	walk_children(w, n, depth + 1);
	end_run(w);
	w->href = outer;
}

static void styled(struct walk *w, xmlNodePtr n, unsigned style, int depth)
{
	unsigned outer = w->style;
	settle_space(w);
	end_run(w);
	w->style |= style;
	walk_children(w, n, depth + 1);
	end_run(w);
	w->style = outer;
}

static int heading_level(const char *name)
{
	if ((name[0] == 'h' || name[0] == 'H') && name[1] >= '1' && name[1] <= '6' && !name[2])
		return name[1] - '0';
	return 0;
}

/* A list: its items' paragraphs carry its kind and id, so the import can write them as one
 * CommonMark list (a list inside an item is a list of its own). */
static void list(struct walk *w, xmlNodePtr n, int kind, int depth)
{
	int outer = w->list, outer_id = w->list_id;
	flush(w);
	w->list = kind;
	w->list_id = ++w->lists;
	walk_children(w, n, depth + 1);
	flush(w);
	w->list = outer;
	w->list_id = outer_id;
}

static void list_item(struct walk *w, xmlNodePtr n, int depth)
{
	int outer = w->item, outer_kind = w->item_list;
	flush(w);
	w->item = w->list_id;
	w->item_list = w->list;
	walk_children(w, n, depth + 1);
	flush(w);
	w->item = outer;
	w->item_list = outer_kind;
}

static void element(struct walk *w, xmlNodePtr n, xmlNodePtr figure, int depth)
{
	const char *name = (const char *)n->name;
	int level = heading_level(name);
	if (IN_LIST(name, dropped_elements)) {
		note(w, "dropped", arena_printf(w->a, "<%s> removed", name));
	} else if (IN_LIST(name, embed_elements)) {
		const char *src = attr(w, n, "src");
		if (!src)
			src = attr(w, n, "data");
		note(w, "embed", arena_printf(w->a, "<%s> not shown: %.200s", name, src ? src : "(no address)"));
	} else if (strcasecmp(name, "img") == 0) {
		add_image(w, n, figure);
	} else if (strcasecmp(name, "video") == 0) {
		add_video(w, n, figure);
	} else if (strcasecmp(name, "figure") == 0) {
		flush(w);
		for (xmlNodePtr c = n->children; c && !w->failed; c = c->next)
			if (c->type != XML_ELEMENT_NODE || strcasecmp((const char *)c->name, "figcaption"))
				walk_node(w, c, n, depth + 1);
		flush(w);
	} else if (strcasecmp(name, "a") == 0) {
		const char *href = safe_url(w, attr(w, n, "href"), "link");
		if (href)
			add_link(w, n, href, depth);
		else
			walk_children(w, n, depth + 1);
	} else if (strcasecmp(name, "em") == 0 || strcasecmp(name, "i") == 0) {
		styled(w, n, RUN_EM, depth);
	} else if (strcasecmp(name, "strong") == 0 || strcasecmp(name, "b") == 0) {
		styled(w, n, RUN_STRONG, depth);
	} else if (strcasecmp(name, "code") == 0) {
		styled(w, n, RUN_CODE, depth);
	} else if (strcasecmp(name, "br") == 0) {
		w->space = w->nruns || w->run.len;
	} else if (strcasecmp(name, "ul") == 0 || strcasecmp(name, "ol") == 0) {
		list(w, n, name[0] == 'o' || name[0] == 'O' ? 2 : 1, depth);
	} else if (strcasecmp(name, "li") == 0) {
		list_item(w, n, depth);
	} else if (level || IN_LIST(name, block_elements)) {
		flush(w);
		w->heading = level;
		walk_children(w, n, depth + 1);
		flush(w);
		w->heading = 0;
	} else {
		walk_children(w, n, depth + 1);
	}
}

/* "wp:embed {...}": a Gutenberg block other than plain text is noted by its name. */
static void comment(struct walk *w, const char *text)
{
	while (is_space(*text))
		text++;
	if (strncmp(text, "wp:", 3) != 0)
		return;
	text += 3;
	size_t n = 0;
	while (name_char(text[n]) || text[n] == '/')
		n++;
	char name[64];
	if (!n || n >= sizeof name)
		return;
	memcpy(name, text, n);
	name[n] = '\0';
	const char *bare = strncmp(name, "core/", 5) == 0 ? name + 5 : name;
	if (!IN_LIST(bare, plain_blocks))
		note(w, "block", arena_printf(w->a, "wp:%s shown as its text only", name));
}

static void walk_node(struct walk *w, xmlNodePtr c, xmlNodePtr figure, int depth)
{
	if (c->type == XML_TEXT_NODE && c->content)
		add_text(w, (const char *)c->content);
	else if (c->type == XML_COMMENT_NODE && c->content)
		comment(w, (const char *)c->content);
	else if (c->type == XML_ELEMENT_NODE && c->name)
		element(w, c, figure, depth);
}

static void walk_children(struct walk *w, xmlNodePtr n, int depth)
{
	if (depth > DEPTH_MAX) {
		note(w, "dropped", "content nested more than 200 deep");
		return;
	}
	for (xmlNodePtr c = n->children; c && !w->failed; c = c->next)
		walk_node(w, c, NULL, depth);
}

static htmlDocPtr parse(const char *html, size_t len)
{
	if (len > (size_t)1 << 30)
		return NULL;
	/* NONET: nothing fetched; NOERROR/NOWARNING: a reader's browser forgives as much. */
	return htmlReadMemory(html, (int)len, NULL, "UTF-8",
			      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
}

bool body_convert(struct arena *a, const char *html, size_t len, body_note_fn note_fn, void *arg,
		  struct body *out)
{
	struct walk w = { .a = a, .out = out, .note = note_fn, .arg = arg };
	memset(out, 0, sizeof *out);
	if (!len)
		return true;
	/* libxml2's HTML parser passes bytes that are not UTF-8 through to its text: they are
	 * replaced first (with U+FFFD), as are controls and NULs (found by tests/fuzz). */
	struct buf clean;
	buf_init(&clean);
	if (!utf8_text(html, len) || memchr(html, '\0', len)) {
		if (!buf_append(&clean, html, len) || !utf8_scrub_xml(&clean, 0)) {
			buf_free(&clean);
			return false;
		}
		html = clean.data;
		len = clean.len;
	}
	htmlDocPtr doc = parse(html, len);
	buf_free(&clean);
	if (!doc)
		return true;  /* nothing the parser could make anything of: no blocks */
	buf_init(&w.run);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr top = doc->children; top && !w.failed; top = top->next) {
		if (top == root)
			walk_children(&w, root, 0);
		else if (top->type == XML_COMMENT_NODE && top->content)
			comment(&w, (const char *)top->content);
	}
	flush(&w);
	buf_free(&w.run);
	xmlFreeDoc(doc);
	return !w.failed;
}

const char *body_par_text(struct arena *a, const struct body_par *p)
{
	size_t n = 0;
	for (int i = 0; i < p->nruns; i++)
		n += strlen(p->runs[i].text);
	char *s = arena_alloc(a, n + 1);
	if (!s)
		return NULL;
	n = 0;
	for (int i = 0; i < p->nruns; i++) {
		size_t k = strlen(p->runs[i].text);
		memcpy(s + n, p->runs[i].text, k);
		n += k;
	}
	while (n && s[n - 1] == ' ')
		n--;
	s[n] = '\0';
	return s;
}

const char *body_plain_text(struct arena *a, const char *html, size_t len, body_note_fn note_fn,
			    void *arg)
{
	struct body b;
	if (!body_convert(a, html, len, note_fn, arg, &b))
		return NULL;
	struct buf out;
	buf_init(&out);
	for (int i = 0; i < b.nblocks; i++)
		if (b.blocks[i].kind == BLOCK_PARAGRAPH && *b.blocks[i].text)
			buf_printf(&out, "%s%s", out.len ? " " : "", b.blocks[i].text);
	const char *s = out.failed ? NULL : arena_strdup(a, out.data ? out.data : "");
	buf_free(&out);
	return s;
}
