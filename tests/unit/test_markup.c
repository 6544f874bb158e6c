/* Unit tests for markup.c: cmark's options (safe, UTF-8 checked, never unsafe), what survives
 * (links to http, https and this site, emphasis, strong, lists) and what reads as text, which
 * texts are plain (and render as they always did), and the words search indexes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cmark.h>

#include "markup.h"

static void test_options(void **state)
{
	(void)state;
	int o = markup_cmark_options();
	assert_true(o & CMARK_OPT_SAFE);
	assert_true(o & CMARK_OPT_VALIDATE_UTF8);
	assert_false(o & CMARK_OPT_UNSAFE);
	assert_false(o & CMARK_OPT_SOURCEPOS);
}

static void test_html(void **state)
{
	(void)state;
	struct { const char *in, *out; } cases[] = {
		{ "*em* and **strong**", "<p><em>em</em> and <strong>strong</strong></p>\n" },
		{ "[BBC](https://www.bbc.co.uk/a?b=1&c=2 \"T\")",
		  "<p><a href=\"https://www.bbc.co.uk/a?b=1&amp;c=2\" title=\"T\">BBC</a></p>\n" },
		{ "[here](/news/europe/x)", "<p><a href=\"/news/europe/x\">here</a></p>\n" },
		{ "[x](javascript:alert(1))", "<p>x</p>\n" },
		{ "[x](JaVaScRiPt:alert(1))", "<p>x</p>\n" },
		{ "[x](//evil.example/)", "<p>x</p>\n" },
		{ "[x](data:text/html,hi)", "<p>x</p>\n" },
		{ "[x](mailto:a@b.c)", "<p>x</p>\n" },
		{ "[x](https://a.example/\"onmouseover=\"alert(1))", "<p>x</p>\n" },  /* quotes: refused */
		{ "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n" },
		{ "a <b onclick=\"x\">b</b>", "<p>a &lt;b onclick=&quot;x&quot;&gt;b&lt;/b&gt;</p>\n" },
		{ "<div>\nblock\n</div>", "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>\n" },
		{ "<script>alert(1)</script> more\nand a second line",
		  "<p>&lt;script&gt;alert(1)&lt;/script&gt; more\nand a second line</p>\n" },
		{ "<https://auto.example/>", "<p>&lt;https://auto.example/&gt;</p>\n" },
		{ "![alt](https://x.example/i.png)", "<p>alt</p>\n" },
		{ "# Heading\ntext", "<p>Heading</p>\n<p>text</p>\n" },
		{ "> quoted\nlines", "<p>quoted\nlines</p>\n" },
		{ "    code <b>", "<p>code &lt;b&gt;</p>\n" },
		{ "`code`", "<p>code</p>\n" },
		{ "a\n\n---", "<p>a</p>\n" },
		/* one line that starts like a block reads as typed, as plain paragraphs always did */
		{ "2010. That *year*", "<p>2010. That <em>year</em></p>\n" },
		{ "- x *y*", "<p>- x <em>y</em></p>\n" }, { "# h *i*", "<p># h <em>i</em></p>\n" },
		{ "  12) [a](/b)", "<p>12) <a href=\"/b\">a</a></p>\n" }, { "~~~ *x*", "<p>~~~ <em>x</em></p>\n" },
		{ "- one\n- two *2*", "<ul>\n<li>one</li>\n<li>two <em>2</em></li>\n</ul>\n" },
		{ "- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n" },
		{ "1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n" },
		{ "[r]\n\n[r]: https://x.example/", "<p><a href=\"https://x.example/\">r</a></p>\n" },
		{ "bad \xff byte*s*", "<p>bad \xef\xbf\xbd byte<em>s</em></p>\n" },
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *html = markup_html(&a, cases[i].in, strlen(cases[i].in));
		assert_non_null(html);
		if (strcmp(html, cases[i].out) != 0)
			fail_msg("'%s': got '%s', want '%s'", cases[i].in, html, cases[i].out);
	}
	char refs[2000] = "";
	for (int i = 0; i <= MARKUP_REFS_MAX; i++)
		strcat(refs, "[a]: /x\n");
	assert_null(markup_html(&a, refs, strlen(refs)));  /* shown as plain text by the page */
	arena_free(&a);
}

static void test_wanted(void **state)
{
	(void)state;
	struct { const char *text; bool wanted; } cases[] = {
		{ "Airlines said they were losing $200m a day.", false },
		{ "\"He is accused,\" it said (OSCE); Kyrgyzstan's 7 April uprising & more!", false },
		{ "It said the EU, the UN and OSCE had also been involved in \"active mediation\".", false },
		{ "A *word*", true }, { "snake_case", true }, { "[a](b)", true }, { "a <b>", false },
		{ "a\\b", true }, { "two\nlines", true }, { "- item\n- two", true }, { "1. one\n2. two", true },
		/* one line starting like a list, heading or quote is a plain paragraph, as before */
		{ "- item", false }, { "+ item", false }, { "# h", false }, { "> q", false },
		{ "1. one", false }, { "12) one", false }, { "2010. That year the rally...", false },
		{ "2010 was a year.", false }, { "    code", false }, { "=== x", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (markup_wanted(cases[i].text, strlen(cases[i].text)) != cases[i].wanted)
			fail_msg("'%s': wanted %d", cases[i].text, !cases[i].wanted);
}

static void test_plain(void **state)
{
	(void)state;
	struct { const char *in, *out; } cases[] = {
		{ "See [the BBC](https://www.bbc.co.uk/secret-word) *now*", "See the BBC now" },
		{ "- one\n- two", "one two" },
		{ "<b>bold</b> **x**", "<b>bold</b> x" },
		{ "plain & simple", "plain & simple" },
		{ "", "" },
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *plain = markup_plain(&a, cases[i].in, strlen(cases[i].in));
		assert_non_null(plain);
		if (strcmp(plain, cases[i].out) != 0)
			fail_msg("'%s': got '%s', want '%s'", cases[i].in, plain, cases[i].out);
	}
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_wanted),
		cmocka_unit_test(test_plain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
