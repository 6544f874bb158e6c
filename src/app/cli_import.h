/* newsdesk import wordpress: a WordPress export into the database, resumable, with progress. */
#ifndef NEWSDESK_CLI_IMPORT_H
#define NEWSDESK_CLI_IMPORT_H

int cmd_import(int argc, char **argv);

#endif
