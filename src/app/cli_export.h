/* newsdesk export (JSON Lines or WordPress's WXR) and newsdesk import newsdesk: moving out and
 * back in. */
#ifndef NEWSDESK_CLI_EXPORT_H
#define NEWSDESK_CLI_EXPORT_H

int cmd_export(int argc, char **argv);
int cmd_import_newsdesk(int argc, char **argv);

#endif
