/* Loading what the site runs with (configuration, display zone, templates): at start-up and
 * again on SIGHUP, all or nothing. */
#include "siteconf.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "routes.h"
#include "timefmt.h"
#include "tpl.h"

bool site_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool site_installed_dir(const char *name, char *out, size_t outlen)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	int len = snprintf(out, outlen, "%s/../share/newsdesk/%s", exe, name);
	return len > 0 && (size_t)len < outlen && site_is_dir(out);
}

const char *site_default_templates(void)
{
	static char installed[PATH_MAX + 64];
	return site_installed_dir("templates", installed, sizeof installed) ? installed
									     : NEWSDESK_TEMPLATE_DIR;
}

bool site_config_has_base_url(const struct config *cfg, const char *config_path, char *err,
			      size_t errlen)
{
	if (*cfg->base_url)
		return true;
	if (config_path)
		snprintf(err, errlen, "base_url is not set in %s (nor NEWSDESK_BASE_URL): set it to "
			 "the site's public address, e.g. base_url = https://news.example.org",
			 config_path);
	else
		snprintf(err, errlen, "base_url is not set (no --config FILE, nor NEWSDESK_BASE_URL): "
			 "set it to the site's public address, e.g. base_url = https://news.example.org");
	return false;
}

bool site_load(struct site *site, const struct site_source *src, char *err, size_t errlen)
{
	struct config cfg;
	config_defaults(&cfg);
	if (!config_load(&cfg, src->config_path, err, errlen))
		return false;
	if (src->require_base_url && !site_config_has_base_url(&cfg, src->config_path, err, errlen))
		return false;
	if (!site_is_dir(src->templates_dir)) {
		snprintf(err, errlen, "templates directory not found: %s", src->templates_dir);
		return false;
	}
	const char *names[64];
	int max = (int)(sizeof names / sizeof names[0]);
	if (src->one_request ? !routes_templates_of(src->route, names, max)
			     : !routes_templates(names, max)) {
		snprintf(err, errlen, "too many templates for the loader");
		return false;
	}
	if (!tpl_init(src->templates_dir, names, err, errlen))
		return false;
	timefmt_set_zone(cfg.timezone);
	site->cfg = cfg;
	return true;
}
