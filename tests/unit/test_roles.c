/* Unit tests for the role matrix: role names and ranks, user names, and the route table's
 * declared roles, route by route (the e2e test roles-routes walks the same table over HTTP). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "role.h"
#include "routes.h"
#include "validate.h"

static void test_names(void **state)
{
	(void)state;
	struct { const char *name; enum role r; } cases[] = {
		{ "reporter", ROLE_REPORTER }, { "editor", ROLE_EDITOR }, { "admin", ROLE_ADMIN },
		{ "public", ROLE_UNDECLARED },   /* no account is public */
		{ "undeclared", ROLE_UNDECLARED }, { "Admin", ROLE_UNDECLARED }, { "admin ", ROLE_UNDECLARED },
		{ "", ROLE_UNDECLARED }, { "superuser", ROLE_UNDECLARED }, { "<script>", ROLE_UNDECLARED },
		{ NULL, ROLE_UNDECLARED },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(role_from_name(cases[i].name), cases[i].r);
		assert_int_equal(role_account_name(cases[i].name), cases[i].r != ROLE_UNDECLARED);
	}
	for (int r = ROLE_REPORTER; r <= ROLE_ADMIN; r++)
		assert_int_equal(role_from_name(role_name((enum role)r)), r);
	assert_string_equal(role_name(ROLE_PUBLIC), "public");
	assert_string_equal(role_name((enum role)99), "undeclared");
}

/* Each role may do what the ones below it may: the rank is the whole rule. */
static void test_ranks(void **state)
{
	(void)state;
	assert_true(ROLE_UNDECLARED < ROLE_PUBLIC);
	assert_true(ROLE_PUBLIC < ROLE_REPORTER);
	assert_true(ROLE_REPORTER < ROLE_EDITOR);
	assert_true(ROLE_EDITOR < ROLE_ADMIN);
}

static void test_user_names(void **state)
{
	(void)state;
	struct { const char *name; bool ok; } cases[] = {
		{ "rita", true }, { "Rayhan.Demytrie", true }, { "Курманбек", true }, { "<script>", true },
		{ "", false }, { "has space", false }, { "tab\there", false }, { "nl\n", false },
		{ "del\x7f", false }, { "bad\xff", false }, { "\xc0\xaf", false },
		{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", true },   /* 64 */
		{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false },  /* 65 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(user_name_valid(cases[i].name), cases[i].ok);
}

static const struct route *route_named(const char *name)
{
	for (int i = 0; i < app_routes.n; i++)
		if (strcmp(app_routes.routes[i].name, name) == 0)
			return &app_routes.routes[i];
	return NULL;
}

/* The matrix as the issue states it: reporters write, editors publish and run sections and
 * promos, admins also run users and read the audit log. */
static void test_route_matrix(void **state)
{
	(void)state;
	struct { const char *route; enum role least; } matrix[] = {
		{ "home", ROLE_PUBLIC }, { "article", ROLE_PUBLIC }, { "admin_login", ROLE_PUBLIC },
		{ "healthz", ROLE_PUBLIC },
		{ "admin_logout", ROLE_REPORTER }, { "admin_articles", ROLE_REPORTER },
		{ "admin_article_new", ROLE_REPORTER }, { "admin_article_edit", ROLE_REPORTER },
		{ "admin_revisions", ROLE_REPORTER }, { "admin_restore", ROLE_REPORTER },
		{ "admin_sections", ROLE_EDITOR }, { "admin_promos", ROLE_EDITOR },
		{ "admin_users", ROLE_ADMIN }, { "admin_audit", ROLE_ADMIN },
		{ "admin_people", ROLE_EDITOR }, { "admin_person_edit", ROLE_EDITOR },
		{ "admin_topics", ROLE_EDITOR }, { "admin_front", ROLE_EDITOR },
		{ "admin_article_note", ROLE_EDITOR }, { "person", ROLE_PUBLIC }, { "topic", ROLE_PUBLIC },
	};
	for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++) {
		const struct route *r = route_named(matrix[i].route);
		assert_non_null(r);
		if (r->role != matrix[i].least)
			fail_msg("%s needs %s, not %s", matrix[i].route, role_name(matrix[i].least),
				 role_name(r->role));
	}
}

/* Every route declares a role; every admin route but the login page needs a session; every
 * POST a logged-in account makes carries a CSRF token. */
static void test_every_route(void **state)
{
	(void)state;
	for (int i = 0; i < app_routes.n; i++) {
		const struct route *r = &app_routes.routes[i];
		if (r->role < ROLE_PUBLIC || r->role > ROLE_ADMIN)
			fail_msg("%s (%s) declares no role", r->pattern, r->name);
		if (strncmp(r->pattern, "/admin", 6) == 0 && strcmp(r->name, "admin_login") != 0 &&
		    r->role < ROLE_REPORTER)
			fail_msg("%s is an admin route open to the public", r->pattern);
		if ((r->methods & ALLOW_POST) && r->role >= ROLE_REPORTER && !(r->flags & NEEDS_CSRF))
			fail_msg("%s takes POSTs without a CSRF token", r->pattern);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ranks),
		cmocka_unit_test(test_user_names),
		cmocka_unit_test(test_route_matrix),
		cmocka_unit_test(test_every_route),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
