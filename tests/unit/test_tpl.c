/* Unit tests for the template bridge: hostile values come out escaped for their context, and the
 * dictionary follows ctemplate's lookup rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tpl.h"

static const char *const names[] = { "escape.tpl", "scopes.tpl", "scopes_inc.tpl", NULL };

static char *expand(const char *text, const char *url)
{
	struct buf out;
	buf_init(&out);
	tpl_dict *d = tpl_dict_new();
	assert_non_null(d);
	tpl_set(d, "TEXT", text);
	tpl_set(d, "URL", url);
	assert_true(tpl_expand("escape.tpl", d, &out));
	tpl_dict_free(d);
	return out.data;  /* the caller frees */
}

static void test_html_text_escaped(void **state)
{
	char *html = expand("<script>alert(\"x\")</script> & 'q'", "/ok");
	assert_non_null(strstr(html, "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>"));
	assert_null(strstr(html, "<script>"));
	free(html);
}

static void test_attribute_escaped(void **state)
{
	char *html = expand("\"><img src=x onerror=alert(1)>", "/ok");
	assert_null(strstr(html, "<img"));
	assert_non_null(strstr(html, "title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""));
	free(html);
}

static void test_javascript_url_neutralised(void **state)
{
	char *html = expand("x", "javascript:alert(1)");
	assert_non_null(strstr(html, "href=\"#\""));
	assert_null(strstr(html, "javascript:"));
	free(html);
	html = expand("x", " JaVaScRiPt:alert(1)");
	assert_null(strstr(html, "alert"));
	free(html);
	html = expand("x", "https://example.com/a?b=1&c=\"2\"");
	assert_non_null(strstr(html, "href=\"https://example.com/a?b=1&amp;c=&quot;2&quot;\""));
	free(html);
}

static void test_null_value_fails_page(void **state)
{
	struct buf out;
	buf_init(&out);
	tpl_dict *d = tpl_dict_new();
	tpl_set(d, "TEXT", NULL);  /* what a failed allocation upstream looks like */
	assert_false(tpl_expand("escape.tpl", d, &out));
	tpl_dict_free(d);
	buf_free(&out);
}

/* A section sees its parents' values and may hide them; an include sees only its own; the last
 * value set wins; a section shown twice expands once; names are copied, not kept. */
static void test_lookup_rules(void **state)
{
	(void)state;
	struct buf out;
	char name[16];
	buf_init(&out);
	tpl_dict *d = tpl_dict_new();
	tpl_set(d, "TOP", "x");
	tpl_set(d, "TOP", "t");
	tpl_set(tpl_section(d, "ITEM"), "NAME", "a");
	tpl_dict *b = tpl_section(d, "ITEM");
	tpl_set(b, "NAME", "b");
	tpl_set(b, "TOP", "u");
	strcpy(name, "SHOWN");
	tpl_show(d, name);
	tpl_show(d, name);
	memset(name, 0, sizeof name);
	tpl_set(tpl_include(d, "INC", "scopes_inc.tpl"), "OWN", "o&");
	assert_true(tpl_expand("scopes.tpl", d, &out));
	assert_int_equal(out.len, strlen("[t]<a:t><b:u>shown(|o&amp;) ."));
	assert_memory_equal(out.data, "[t]<a:t><b:u>shown(|o&amp;) .", out.len);
	tpl_dict_free(d);
	buf_free(&out);
}

static void test_template_without_pragma_refused(void **state)
{
	static const char *const unsafe[] = { "unsafe.tpl", NULL };
	static const char *const missing[] = { "missing.tpl", NULL };
	char err[256];
	assert_false(tpl_init(TEST_TEMPLATE_DIR, unsafe, err, sizeof err));
	assert_non_null(strstr(err, "AUTOESCAPE"));
	assert_false(tpl_init(TEST_TEMPLATE_DIR, missing, err, sizeof err));
	assert_non_null(strstr(err, "missing.tpl"));
	assert_true(tpl_init(TEST_TEMPLATE_DIR, names, err, sizeof err));
}

int main(void)
{
	char err[256];
	if (!tpl_init(TEST_TEMPLATE_DIR, names, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_text_escaped),
		cmocka_unit_test(test_attribute_escaped),
		cmocka_unit_test(test_javascript_url_neutralised),
		cmocka_unit_test(test_null_value_fails_page),
		cmocka_unit_test(test_lookup_rules),
		cmocka_unit_test(test_template_without_pragma_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
