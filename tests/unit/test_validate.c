/* Unit tests for validate.c: addresses, slugs and lengths, table by table, hostile values included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "validate.h"

static void test_urls(void **state)
{
	struct { const char *url; bool site_paths; bool ok; } cases[] = {
		{ "", false, true },
		{ "https://www.ft.com/cms/s/0/x.html", false, true },
		{ "http://news.example/a?b=1&c=2", false, true },
		{ "HTTPS://EXAMPLE.COM/", false, true },
		{ "/static/img/a.svg", true, true },
		{ "/static/img/a.svg", false, false },      /* related links go elsewhere */
		{ "//evil.example/x", true, false },        /* scheme-relative: another host */
		{ "javascript:alert(1)", true, false },
		{ "JavaScript:alert(1)", false, false },
		{ " javascript:alert(1)", true, false },
		{ "data:text/html,<script>", true, false },
		{ "vbscript:x", false, false },
		{ "https://", false, false },
		{ "https:///path", false, false },
		{ "https://a.example/\"onmouseover=\"x", false, false },
		{ "https://a.example/<script>", false, false },
		{ "https://a.example/a b", false, false },
		{ "https://a.example/\x01", false, false },
		{ "ftp://files.example/x", false, false },
		{ "mailto:desk@example.com", false, false },
		{ "relative/path", true, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *p = url_problem(cases[i].url, cases[i].site_paths);
		if ((p == NULL) != cases[i].ok)
			fail_msg("url '%s' (site paths %d): got %s", cases[i].url, cases[i].site_paths,
				 p ? p : "ok");
	}
}

static void test_slugs(void **state)
{
	struct { const char *headline, *slug; } cases[] = {
		{ "Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan",
		  "kyrgyz-ex-leader-kurmanbek-bakiyev-flies-to-kazakhstan" },
		{ "Has China's housing bubble burst?", "has-chinas-housing-bubble-burst" },
		{ "  <script>alert(1)</script>  ", "script-alert-1-script" },
		{ "\xd0\x9a\xd1\x83\xd1\x80\xd0\xbc\xd0\xb0\xd0\xbd\xd0\xb1\xd0\xb5\xd0\xba", "kurmanbek" },
		{ "Eyjafjallaj\xc3\xb6kull erupts", "eyjafjallajokull-erupts" },
		{ "Курманбек Бакиев", "kurmanbek-bakiev" },
		{ "Роза Отунбаева: «Временное правительство»", "roza-otunbaeva-vremennoe-pravitelstvo" },
		{ "Щёлково, Жуковский, Харьков, Юрьев, Яблоко", "shchyolkovo-zhukovskiy-kharkov-yurev-yabloko" },
		{ "Київ і Їжак, Ґанок", "kiyiv-i-yizhak-ganok" },
		{ "Ça ira: Żółć, Łódź, Straße, Ærø, Œuvre, Ĳssel", "ca-ira-zolc-lodz-strasse-aero-oeuvre-ijssel" },
		{ "Şırnak and İstanbul, Dubrovnik Đuro", "sirnak-and-istanbul-dubrovnik-duro" },
		{ "北京 Beijing", "beijing" },
		{ "a\xc3", "a" },        /* a lead byte at the end: nothing read past it */
		{ "×÷ price", "price" },
		{ "Мир 2010", "mir-2010" },
		{ "Өзгөн, Үркүн, Ңа", "ozgon-urkun-nga" },
		{ "\xd0 x \xe2\x82", "x" },  /* bytes that are no character vanish */
		{ "---", "" },
		{ "A  --  B", "a-b" },
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(slug_from_headline(&a, cases[i].headline), cases[i].slug);
	char longer[400];
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_int_equal(strlen(slug_from_headline(&a, longer)), 100);
	char cyrillic[400] = "";  /* щ is four letters: the slug stops before one that does not fit */
	for (int i = 0; i < 50; i++)
		strcat(cyrillic, "\xd1\x89");
	assert_int_equal(strlen(slug_from_headline(&a, cyrillic)), 100);
	strcpy(cyrillic, "ab");
	for (int i = 0; i < 50; i++)
		strcat(cyrillic, "\xd1\x89");
	assert_int_equal(strlen(slug_from_headline(&a, cyrillic)), 98);
	arena_free(&a);
}

static void test_chars(void **state)
{
	assert_int_equal(text_chars(""), 0);
	assert_int_equal(text_chars("abc"), 3);
	assert_int_equal(text_chars("\xd0\x9a\xd1\x83"), 2);
	assert_int_equal(text_chars("\xf0\x9f\x93\xb0"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_slugs),
		cmocka_unit_test(test_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
