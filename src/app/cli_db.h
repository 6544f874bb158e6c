/* newsdesk backup and newsdesk check: the database, safe to copy and known to be sound. */
#ifndef NEWSDESK_CLI_DB_H
#define NEWSDESK_CLI_DB_H

int cmd_backup(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
