/* What is compiled into the binary: schema migrations in order, the demo content, the sessions
 * file's schema, and the list of common passwords. */
#ifndef NEWSDESK_EMBEDDED_SQL_H
#define NEWSDESK_EMBEDDED_SQL_H

extern const char *const sql_migrations[];  /* sql_migrations[i] takes user_version i to i+1 */
extern const int sql_migration_count;
extern const char *const sql_demo;
extern const char *const sql_sessions;     /* the sessions file: created if missing */
extern const char *const common_passwords_text;  /* "# comments\nword\nword\n..." */

#endif
