/* The newsroom's rules for one article: who may open and change it (a reporter: only their own
 * drafts), who may publish, and the review that follows a save (submit, send back, publish). */
#ifndef NEWSDESK_ADMIN_DESK_H
#define NEWSDESK_ADMIN_DESK_H

#include "ctx.h"
#include "desk.h"

/* PAGE_DONE when the logged-in account may open and change article id (stored status
 * status), with its desk row in *d; else 403 (logged) or the status of the store's failure. */
int desk_gate(struct ctx *c, long long id, const char *status, struct desk *d);

/* PAGE_DONE when the account may take this form action ("publish", "unpublish" and "return"
 * are an editor's), else 403 (logged). */
int desk_action_gate(struct ctx *c, const char *action);

/* Where a save by action moves the article in review (submit, send back, publish), written in
 * the save's own transaction (editor_save): either both happen or neither. */
enum review_change desk_review_of(const char *action);
/* After a committed save labelled label by action: the audit log records sending back,
 * publishes and unpublishes. */
void desk_after_save(struct ctx *c, long long id, const char *action, const char *label);

#endif
