/* Unit tests for the WordPress import's converter and mapping: bodies to blocks (classic and
 * Gutenberg), inline runs kept for CommonMark, shortcodes against bracketed prose, what is dropped
 * and noted, dates, and the intro taken from the excerpt or the first paragraph; paragraphs and
 * lists written as CommonMark that reads back as their text and renders as their looks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "markup.h"
#include "wp_body.h"
#include "wp_commonmark.h"
#include "wp_map.h"

struct notes {
	char text[2048];
	int n;
};

static void on_note(void *arg, const char *kind, const char *detail)
{
	struct notes *ns = arg;
	size_t len = strlen(ns->text);
	snprintf(ns->text + len, sizeof ns->text - len, "%s: %s\n", kind, detail);
	ns->n++;
}

/* The blocks' texts joined with " | " (media blocks as "media:URL"). */
static const char *texts(struct arena *a, const char *html, struct notes *ns, struct body *b)
{
	assert_true(body_convert(a, html, strlen(html), on_note, ns, b));
	char *out = arena_strdup(a, "");
	for (int i = 0; i < b->nblocks; i++)
		out = arena_printf(a, "%s%s%s%s", out, i ? " | " : "",
				   b->blocks[i].kind == BLOCK_MEDIA ? "media:" : "",
				   b->blocks[i].kind == BLOCK_MEDIA ? b->blocks[i].media_url : b->blocks[i].text);
	return out;
}

static void test_bodies(void **state)
{
	struct { const char *html, *want, *note; } cases[] = {
		/* classic editor: blank lines make paragraphs, single newlines are spaces */
		{ "One\nline.\n\nTwo.\n\n\nThree.", "One line. | Two. | Three.", NULL },
		{ "<!-- wp:paragraph -->\n<p>A</p>\n<!-- /wp:paragraph -->\n<!-- wp:heading -->\n<h2>B</h2>\n"
		  "<!-- /wp:heading -->", "A | B", NULL },
		{ "<ul><li>one</li><li>two</li></ul><blockquote><p>q</p></blockquote>", "one | two | q", NULL },
		{ "<p>x<script>alert(1)</script>y</p>", "xy", "dropped: <script> removed" },
		{ "<p>a <a href=\"javascript:alert(1)\">b</a></p>", "a b", "unsafe: link address removed" },
		{ "<p>&lt;script&gt; is text</p>", "<script> is text", NULL },
		{ "<p>[gallery ids=\"1\"] a [sic] [1] [/caption]</p>", "a [sic] [1]", "shortcode: [gallery ids=\"1\"]" },
		{ "<iframe src=\"https://e.example/v\"></iframe><p>z</p>", "z", "embed: <iframe> not shown: https://e.example/v" },
		{ "<figure><video src=\"https://v.example/a.mp4\"></video><figcaption>c</figcaption></figure>",
		  "media:https://v.example/a.mp4", NULL },
		{ "<video src=\"javascript:x\"></video>", "", "unsafe: video address removed" },
		{ "<!-- wp:columns --><div><p>k</p></div><!-- /wp:columns --><!-- wp:buttons --><p>d</p>", "k | d",
		  "block: wp:buttons shown as its text only" },
		{ "<p>bad \xff\xfe bytes</p>", "bad \xef\xbf\xbd\xef\xbf\xbd bytes", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct arena a;
		struct body b;
		struct notes ns = { "", 0 };
		arena_init(&a);
		const char *got = texts(&a, cases[i].html, &ns, &b);
		if (strcmp(got, cases[i].want) != 0 || (cases[i].note && !strstr(ns.text, cases[i].note)) ||
		    (!cases[i].note && ns.n)) {
			print_error("case %zu: got \"%s\", notes:\n%s", i, got, ns.text);
			fail();
		}
		arena_free(&a);
	}
}

/* Inline links and emphasis survive as runs, so the article text can take them once it has
 * markup; the link is also listed for the report. */
static void test_runs(void **state)
{
	struct arena a;
	struct body b;
	arena_init(&a);
	const char *html = "<p>A <em>b <a href=\"https://x.example/\">c</a></em> <strong>d</strong></p>";
	assert_true(body_convert(&a, html, strlen(html), NULL, NULL, &b));
	assert_int_equal(b.nblocks, 1);
	assert_string_equal(b.blocks[0].text, "A b c d");
	const struct body_par *p = &b.pars[0];
	assert_int_equal(p->nruns, 5);
	assert_string_equal(p->runs[0].text, "A ");
	assert_int_equal(p->runs[0].style, 0);
	assert_string_equal(p->runs[1].text, "b ");
	assert_int_equal(p->runs[1].style, RUN_EM);
	assert_string_equal(p->runs[2].text, "c");
	assert_int_equal(p->runs[2].style, RUN_EM);
	assert_string_equal(p->runs[2].href, "https://x.example/");
	assert_null(p->runs[3].href);
	assert_string_equal(p->runs[4].text, "d");
	assert_int_equal(p->runs[4].style, RUN_STRONG);
	assert_int_equal(b.nlinks, 1);
	assert_string_equal(b.links[0].text, "c");
	arena_free(&a);
}

static void test_images(void **state)
{
	struct arena a;
	struct body b;
	arena_init(&a);
	const char *html = "<figure><img src=\"/wp-content/uploads/a.png\" alt=\"An A\" onerror=\"x()\">"
			   "<figcaption>Cap <script>bad()</script>tion</figcaption></figure><p>t</p>"
			   "<img src=\"data:image/png;base64,AA\">";
	assert_true(body_convert(&a, html, strlen(html), NULL, NULL, &b));
	assert_int_equal(b.nimages, 1);
	assert_string_equal(b.images[0].src, "/wp-content/uploads/a.png");
	assert_string_equal(b.images[0].alt, "An A");
	assert_string_equal(b.images[0].caption, "Cap tion");
	assert_string_equal(wp_absolute(&a, "https://old.example/", b.images[0].src),
			    "https://old.example/wp-content/uploads/a.png");
	assert_string_equal(wp_absolute(&a, "https://old.example", "//cdn.example/x"), "//cdn.example/x");
	arena_free(&a);
}

static void test_times(void **state)
{
	assert_int_equal(wp_time("2010-04-15 17:05:00"), 1271351100);
	assert_int_equal(wp_time("0000-00-00 00:00:00"), 0);
	assert_int_equal(wp_time("2010-04-15"), 0);
	assert_int_equal(wp_time("2010-13-15 17:05:00"), 0);
	assert_int_equal(wp_time("2010-04-15 17:05:00x"), 0);
}

static struct wxr_item item(const char *type, const char *status, const char *content,
			    const char *excerpt)
{
	return (struct wxr_item){ .id = 12, .type = type, .status = status, .content = content,
				  .excerpt = excerpt, .title = "T &amp; <b>U</b>", .link = "", .guid = "",
				  .creator = "", .date = "", .date_gmt = "2010-04-15 17:05:00",
				  .modified_gmt = "", .name = "", .attachment_url = "", .image_alt = "" };
}

static void test_mapping(void **state)
{
	struct arena a;
	struct section_map m;
	struct wxr_channel ch = { .version = "1.2", .base_site_url = "https://old.example" };
	struct import_article ia;
	struct section_choice sc;
	struct body b;
	bool oom;
	arena_init(&a);
	section_map_init(&m);
	struct wxr_item it = item("post", "publish", "<p>First.</p><p>Second.</p>", "");
	assert_null(wp_map_article(&a, &m, &ch, &it, 0, on_note, &(struct notes){ "", 0 }, &ia, &sc, &b, &oom));
	assert_string_equal(ia.headline, "T & U");
	assert_string_equal(ia.slug, "t-u");
	assert_string_equal(ia.intro, "First.");
	assert_int_equal(ia.nblocks, 1);
	assert_string_equal(ia.status, "published");
	assert_string_equal(sc.slug, "uncategorized");
	assert_string_equal(ia.paths[0], "/?p=12");
	/* an excerpt of its own leaves the body whole; one that repeats the first paragraph not */
	it = item("post", "draft", "<p>First.</p><p>Second.</p>", "Other.");
	assert_null(wp_map_article(&a, &m, &ch, &it, 0, on_note, &(struct notes){ "", 0 }, &ia, &sc, &b, &oom));
	assert_string_equal(ia.intro, "Other.");
	assert_int_equal(ia.nblocks, 2);
	assert_string_equal(ia.status, "draft");
	it = item("post", "publish", "<p>First.</p><p>Second.</p>", "First.");
	assert_null(wp_map_article(&a, &m, &ch, &it, 0, on_note, &(struct notes){ "", 0 }, &ia, &sc, &b, &oom));
	assert_int_equal(ia.nblocks, 1);
	it = item("page", "publish", "", "");
	assert_null(wp_map_article(&a, &m, &ch, &it, 0, on_note, &(struct notes){ "", 0 }, &ia, &sc, &b, &oom));
	assert_string_equal(sc.slug, "pages");
	assert_string_equal(ia.paths[0], "/?page_id=12");
	it = item("post", "trash", "", "");
	assert_string_equal(wp_map_article(&a, &m, &ch, &it, 0, on_note, &(struct notes){ "", 0 }, &ia, &sc, &b, &oom),
			    "status trash");
	section_map_free(&m);
	arena_free(&a);
}

/* The first paragraph of html as the CommonMark the import stores, checked to read back (its
 * words) as the paragraph's text; *html_out: what the article page shows of it. */
static const char *commonmark(struct arena *a, const char *html, const char **html_out)
{
	struct body b;
	assert_true(body_convert(a, html, strlen(html), NULL, NULL, &b));
	assert_true(b.nblocks >= 1);
	const char *plain, *text = wp_commonmark(a, &b.pars[0], &plain);
	assert_non_null(text);
	const char *words = markup_plain(a, text, strlen(text));
	assert_string_equal(words, body_par_text(a, &b.pars[0]));
	if (plain)
		assert_string_equal(plain, words);
	*html_out = markup_html(a, text, strlen(text));
	return text;
}

static void test_commonmark(void **state)
{
	(void)state;
	struct arena a;
	const char *html;
	arena_init(&a);
	/* Plain text stays as it was: no markup, nothing to index apart. */
	assert_string_equal(commonmark(&a, "<p>Shares rose 2.5% on Wednesday.</p>", &html),
			    "Shares rose 2.5% on Wednesday.");
	/* Links, emphasis and strong become markup; a link keeps its address whole. */
	assert_string_equal(commonmark(&a, "<p>He <strong>said</strong> <em>no</em> to "
					   "<a href=\"https://example.test/a_(b)?x=1&amp;y=2\">them</a>.</p>", &html),
			    "He **said** *no* to [them](https://example.test/a_\\(b\\)?x=1\\&y=2).");
	assert_string_equal(html, "<p>He <strong>said</strong> <em>no</em> to "
				  "<a href=\"https://example.test/a_(b)?x=1&amp;y=2\">them</a>.</p>\n");
	/* Everything CommonMark would read as markup is escaped, so it reads as typed. */
	assert_string_equal(commonmark(&a, "<p>a *b* _c_ `d` [e](f) \\ &amp;amp; <b>g</b></p>", &html),
			    "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\\\ \\&amp; **g**");
	assert_string_equal(html, "<p>a *b* _c_ `d` [e](f) \\ &amp;amp; <strong>g</strong></p>\n");
	commonmark(&a, "<p>1. Not a list, <em>just</em> a year: 2010.</p>", &html);
	assert_string_equal(html, "<p>1. Not a list, <em>just</em> a year: 2010.</p>\n");
	commonmark(&a, "<p><a href=\"https://x.test/\">&lt;https://y.test&gt;</a> &lt;b&gt;x&lt;/b&gt;</p>", &html);
	assert_string_equal(html, "<p><a href=\"https://x.test/\">&lt;https://y.test&gt;</a> &lt;b&gt;x&lt;/b&gt;</p>\n");
	/* Emphasis CommonMark would not read as one (punctuation against a letter) is left out;
	 * the words stay. */
	commonmark(&a, "<p>a<em>\"quoted\"</em>b</p>", &html);
	assert_string_equal(html, "<p>a&quot;quoted&quot;b</p>\n");
	/* A '!' before a link keeps it a link, not an image; looks side by side keep their words. */
	assert_string_equal(commonmark(&a, "<p>Wow!<a href=\"https://x.test/\">this</a></p>", &html),
			    "Wow\\![this](https://x.test/)");
	assert_string_equal(html, "<p>Wow!<a href=\"https://x.test/\">this</a></p>\n");
	commonmark(&a, "<p><strong>a</strong><em>b</em>c<em>d</em><strong><em>e</em></strong></p>", &html);
	/* A mailto: link keeps its words only; a site path stays a link. */
	assert_string_equal(commonmark(&a, "<p><a href=\"mailto:d@x.test\">the desk</a> or "
					   "<a href=\"/about\">us</a></p>", &html),
			    "the desk or [us](/about)");
	arena_free(&a);
}

/* The items of the first list of html as one CommonMark list, rendered. */
static const char *list_html(struct arena *a, const char *html, const char **text)
{
	struct body b;
	assert_true(body_convert(a, html, strlen(html), NULL, NULL, &b));
	assert_true(b.nblocks >= 1 && b.pars[0].list_id);
	int n = 1;
	while (n < b.nblocks && b.pars[n].list_id == b.pars[0].list_id)
		n++;
	const char *plain;
	*text = wp_commonmark_list(a, b.pars, n, b.pars[0].list == 2, &plain);
	assert_non_null(*text);
	assert_string_equal(markup_plain(a, *text, strlen(*text)), plain);
	return markup_html(a, *text, strlen(*text));
}

static void test_lists(void **state)
{
	(void)state;
	struct arena a;
	const char *text;
	arena_init(&a);
	assert_string_equal(list_html(&a, "<ul><li>Talks in <em>Astana</em></li><li>A referendum</li></ul>", &text),
			    "<ul>\n<li>Talks in <em>Astana</em></li>\n<li>A referendum</li>\n</ul>\n");
	assert_string_equal(text, "- Talks in *Astana*\n- A referendum");
	/* An item that starts like a list, heading or quote of its own reads as typed. */
	assert_string_equal(list_html(&a, "<ol><li>2. two</li><li>- three</li><li># four</li>"
					  "<li>&gt; five</li><li>[6]</li></ol>", &text),
			    "<ol>\n<li>2. two</li>\n<li>- three</li>\n<li># four</li>\n"
			    "<li>&gt; five</li>\n<li>[6]</li>\n</ol>\n");
	/* Items of a list inside an item are a list of their own (ids differ). */
	struct body b;
	const char *html = "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul><p>d</p>";
	assert_true(body_convert(&a, html, strlen(html), NULL, NULL, &b));
	assert_int_equal(b.nblocks, 4);
	assert_int_equal(b.pars[0].list, 1);
	assert_true(b.pars[1].list_id != b.pars[0].list_id);
	assert_int_equal(b.pars[2].list_id, b.pars[0].list_id);
	assert_int_equal(b.pars[3].list_id, 0);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bodies), cmocka_unit_test(test_runs), cmocka_unit_test(test_images),
		cmocka_unit_test(test_times), cmocka_unit_test(test_mapping),
		cmocka_unit_test(test_commonmark), cmocka_unit_test(test_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
