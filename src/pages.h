/* The page handlers the route table points at: one file per page. */
#ifndef NEWSDESK_PAGES_H
#define NEWSDESK_PAGES_H

struct ctx;

void page_home(struct ctx *c);
void page_section(struct ctx *c);
void page_article(struct ctx *c);
void page_article_print(struct ctx *c);

/* Renders the error page for status (404, 405, 400, 414, 500) into c->res. */
void page_error(struct ctx *c, int status);

#endif
