/* newsdesk user add|passwd|list|disable: editors' accounts from the command line. */
#ifndef NEWSDESK_CLI_USER_H
#define NEWSDESK_CLI_USER_H

int cmd_user(int argc, char **argv);

#endif
