/* Plain CGI: one request from the environment and standard input, answered on standard output,
 * through the same handler as the FastCGI server. */
#ifndef NEWSDESK_CGI_H
#define NEWSDESK_CGI_H

#include <stdbool.h>

/* Started by a web server as a CGI program: GATEWAY_INTERFACE is set and standard input is not
 * a listening (FastCGI) socket. */
bool cgi_requested(void);

/* Answers the one request and returns the exit status (0 once an answer was written, even an
 * error page). Settings come from NEWSDESK_* variables, since a CGI program gets no options. */
int cgi_run(void);

#endif
