/* Time as readers see it: one UTC instant rendered as GMT, local (UK) time, ISO 8601 and ages. */
#ifndef NEWSDESK_TIMEFMT_H
#define NEWSDESK_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define TIMEFMT_MAX 64

/* True when zone names rules that exist (tzdata). */
bool timefmt_zone_exists(const char *zone);
/* Sets the display zone for localtime_r. Only while no other thread formats times: at
 * start-up, or while a reload holds the workers out. */
bool timefmt_set_zone(const char *zone);

/* Parses "YYYY-MM-DDTHH:MM:SSZ" exactly; anything else is rejected. */
bool timefmt_parse_iso(const char *s, time_t *out);

/* "2010-04-15T17:05:00Z" */
void timefmt_iso(time_t t, char out[TIMEFMT_MAX]);

/* "17:05 GMT, Thursday, 15 April 2010" */
void timefmt_gmt_line(time_t t, char out[TIMEFMT_MAX]);

/* "18:05 UK": the same instant in the display zone, with its label */
void timefmt_local_line(time_t t, const char *zone_label, char out[TIMEFMT_MAX]);

/* "15 April 2010" in the display zone */
void timefmt_local_date(time_t t, char out[TIMEFMT_MAX]);

/* "16 April 2010 09:12 BST": a correction's time in the display zone, with the zone's
 * abbreviation for that instant */
void timefmt_note_time(time_t t, char out[TIMEFMT_MAX]);

/* "15 April 2010, 18:05" in the display zone */
void timefmt_local_datetime(time_t t, char out[TIMEFMT_MAX]);

/* "2010-04-15T18:05" in the display zone, as an <input type="datetime-local"> shows it */
void timefmt_local_input(time_t t, char out[TIMEFMT_MAX]);

/* Reads "YYYY-MM-DDTHH:MM" (or with a space) as a time in the display zone; false for
 * anything else, including a time the clocks skip. */
bool timefmt_parse_local(const char *s, time_t *out);

/* "just now", "N min(s) ago", "N hr(s) ago", or the local date from 72 hours on */
void timefmt_age(time_t then, time_t now, char out[TIMEFMT_MAX]);

/* The span [*since, *until) in which timefmt_age(then, now) keeps the text it has at now;
 * *until is 0 when the text never changes again (a date). Caching must not outlast it. */
void timefmt_age_window(time_t then, time_t now, time_t *since, time_t *until);

/* "2010-04-15T17:05:00+00:00": RFC 3339 with an explicit offset, for structured data */
void timefmt_rfc3339(time_t t, char out[TIMEFMT_MAX]);

/* "Thu, 15 Apr 2010 17:05:00 +0000" (RSS) and "Thu, 15 Apr 2010 17:05:00 GMT" (HTTP) */
void timefmt_rfc822(time_t t, char out[TIMEFMT_MAX]);
void timefmt_http(time_t t, char out[TIMEFMT_MAX]);
/* Reads an HTTP-date in its preferred form (IMF-fixdate); false for anything else. */
bool timefmt_parse_http(const char *s, time_t *out);

/* The request clock: NEWSDESK_NOW when set (validated at start-up), else the real time. */
bool timefmt_pin_from_env(void);
time_t timefmt_now(void);

#endif
