/* Time as readers see it: one UTC instant rendered as GMT, local (UK) time, ISO 8601 and ages. */
#include "timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};
static const char *const day_names[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};

static time_t pinned_now = -1;

static bool zone_name_ok(const char *zone)
{
	size_t n = strlen(zone);
	if (n == 0 || n > 64 || zone[0] == '/' || strstr(zone, ".."))
		return false;
	for (const char *p = zone; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || strchr("/_+-", *p)))
			return false;
	return true;
}

bool timefmt_zone_exists(const char *zone)
{
	/* glibc falls back to UTC silently for an unknown zone: insist the rules exist. */
	char path[128];
	struct stat st;
	if (!zone_name_ok(zone))
		return false;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool timefmt_set_zone(const char *zone)
{
	if (!timefmt_zone_exists(zone))
		return false;
	if (setenv("TZ", zone, 1) != 0)
		return false;
	tzset();
	return true;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool timefmt_parse_iso(const char *s, time_t *out)
{
	int y, mo, d, h, mi, se;
	if (!s || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
	    !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
		return false;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = se };
	time_t t = timegm(&tm);
	struct tm back;
	/* timegm normalises 31 April to 1 May: a date that does not round-trip is invalid. */
	if (t == (time_t)-1 || !gmtime_r(&t, &back) || back.tm_mday != d || back.tm_mon != mo - 1)
		return false;
	*out = t;
	return true;
}

static char *two_digits(char *p, int n)
{
	p[0] = (char)('0' + n / 10);
	p[1] = (char)('0' + n % 10);
	return p + 2;
}

void timefmt_iso(time_t t, char out[TIMEFMT_MAX])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	int year = tm.tm_year + 1900;
	if (year < 0 || year > 9999) {  /* not a time any page shows; keep the format honest */
		snprintf(out, TIMEFMT_MAX, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		return;
	}
	/* by hand: every list item has one, and snprintf was a tenth of a list's render */
	char *p = out;
	p = two_digits(two_digits(p, year / 100), year % 100);
	*p++ = '-';
	p = two_digits(p, tm.tm_mon + 1);
	*p++ = '-';
	p = two_digits(p, tm.tm_mday);
	*p++ = 'T';
	p = two_digits(p, tm.tm_hour);
	*p++ = ':';
	p = two_digits(p, tm.tm_min);
	*p++ = ':';
	p = two_digits(p, tm.tm_sec);
	memcpy(p, "Z", 2);
}

void timefmt_gmt_line(time_t t, char out[TIMEFMT_MAX])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, TIMEFMT_MAX, "%02d:%02d GMT, %s, %d %s %d", tm.tm_hour, tm.tm_min,
		 day_names[tm.tm_wday], tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900);
}

void timefmt_local_line(time_t t, const char *zone_label, char out[TIMEFMT_MAX])
{
	struct tm tm;
	localtime_r(&t, &tm);
	snprintf(out, TIMEFMT_MAX, "%02d:%02d %s", tm.tm_hour, tm.tm_min, zone_label);
}

void timefmt_local_date(time_t t, char out[TIMEFMT_MAX])
{
	struct tm tm;
	localtime_r(&t, &tm);
	int year = tm.tm_year + 1900;
	if (year < 1000 || year > 9999) {
		snprintf(out, TIMEFMT_MAX, "%d %s %d", tm.tm_mday, month_names[tm.tm_mon], year);
		return;
	}
	/* by hand: every related link older than three days has one */
	char *p = out;
	if (tm.tm_mday >= 10)
		*p++ = (char)('0' + tm.tm_mday / 10);
	*p++ = (char)('0' + tm.tm_mday % 10);
	*p++ = ' ';
	size_t n = strlen(month_names[tm.tm_mon]);
	memcpy(p, month_names[tm.tm_mon], n);
	p += n;
	*p++ = ' ';
	p = two_digits(two_digits(p, year / 100), year % 100);
	*p = '\0';
}

void timefmt_local_datetime(time_t t, char out[TIMEFMT_MAX])
{
	struct tm tm;
	localtime_r(&t, &tm);
	snprintf(out, TIMEFMT_MAX, "%d %s %d, %02d:%02d", tm.tm_mday, month_names[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void timefmt_note_time(time_t t, char out[TIMEFMT_MAX])
{
	struct tm tm;
	localtime_r(&t, &tm);
	snprintf(out, TIMEFMT_MAX, "%d %s %d %02d:%02d %.8s", tm.tm_mday, month_names[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_zone ? tm.tm_zone : "");
}

void timefmt_local_input(time_t t, char out[TIMEFMT_MAX])
{
	struct tm tm;
	localtime_r(&t, &tm);
	snprintf(out, TIMEFMT_MAX, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min);
}

bool timefmt_parse_local(const char *s, time_t *out)
{
	int y, mo, d, h, mi;
	if (!s || strlen(s) != 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
	    !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi))
		return false;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59)
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
			 .tm_min = mi, .tm_isdst = -1 };
	time_t t = mktime(&tm);
	struct tm back;
	/* mktime moves 31 April and 01:30 on the spring-forward night: those do not exist. */
	if (t == (time_t)-1 || !localtime_r(&t, &back) || back.tm_mday != d || back.tm_mon != mo - 1 ||
	    back.tm_hour != h || back.tm_min != mi)
		return false;
	*out = t;
	return true;
}

void timefmt_age(time_t then, time_t now, char out[TIMEFMT_MAX])
{
	long long secs = (long long)now - (long long)then;
	if (secs < 60) {  /* also a time slightly in the future: clocks differ */
		snprintf(out, TIMEFMT_MAX, "just now");
	} else if (secs < 3600) {
		long long m = secs / 60;
		snprintf(out, TIMEFMT_MAX, "%lld min%s ago", m, m == 1 ? "" : "s");
	} else if (secs < 72 * 3600) {
		long long h = secs / 3600;
		snprintf(out, TIMEFMT_MAX, "%lld hr%s ago", h, h == 1 ? "" : "s");
	} else {
		timefmt_local_date(then, out);
	}
}

void timefmt_age_window(time_t then, time_t now, time_t *since, time_t *until)
{
	long long secs = (long long)now - (long long)then, unit;
	if (secs < 60) {
		*since = then < now ? then : now;
		*until = then + 60;
		return;
	}
	if (secs >= 72 * 3600) {
		*since = then + 72 * 3600;
		*until = 0;
		return;
	}
	unit = secs < 3600 ? 60 : 3600;
	*since = then + secs / unit * unit;
	*until = then + (secs / unit + 1) * unit;
	if (unit == 3600 && *until > then + 72 * 3600)
		*until = then + 72 * 3600;
}

static const char *const short_days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const short_months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void timefmt_rfc3339(time_t t, char out[TIMEFMT_MAX])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, TIMEFMT_MAX, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void rfc822_zone(time_t t, const char *zone, char out[TIMEFMT_MAX])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, TIMEFMT_MAX, "%s, %02d %s %04d %02d:%02d:%02d %s", short_days[tm.tm_wday],
		 tm.tm_mday, short_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec, zone);
}

void timefmt_rfc822(time_t t, char out[TIMEFMT_MAX])
{
	rfc822_zone(t, "+0000", out);
}

void timefmt_http(time_t t, char out[TIMEFMT_MAX])
{
	rfc822_zone(t, "GMT", out);
}

bool timefmt_parse_http(const char *s, time_t *out)
{
	int d, y, h, mi, se, mo = -1;
	char check[TIMEFMT_MAX];
	if (!s || strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
	    s[16] != ' ' || s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT") != 0 ||
	    !digits(s + 5, 2, &d) || !digits(s + 12, 4, &y) || !digits(s + 17, 2, &h) ||
	    !digits(s + 20, 2, &mi) || !digits(s + 23, 2, &se))
		return false;
	for (int i = 0; i < 12; i++)
		if (strncmp(s + 8, short_months[i], 3) == 0)
			mo = i;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo, .tm_mday = d, .tm_hour = h,
			 .tm_min = mi, .tm_sec = se };
	if (mo < 0 || y < 1970)
		return false;
	time_t t = timegm(&tm);
	timefmt_http(t, check);  /* round trip: the weekday and the date must agree */
	if (t == (time_t)-1 || strcmp(check, s) != 0)
		return false;
	*out = t;
	return true;
}

bool timefmt_pin_from_env(void)
{
	const char *s = getenv("NEWSDESK_NOW");
	time_t t;
	if (!s || !*s) {
		pinned_now = -1;
		return true;
	}
	if (!timefmt_parse_iso(s, &t))
		return false;
	pinned_now = t;
	return true;
}

time_t timefmt_now(void)
{
	return pinned_now >= 0 ? pinned_now : time(NULL);
}
