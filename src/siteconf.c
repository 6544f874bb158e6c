/* Loading what the site runs with (configuration, display zone, templates): at start-up and
 * again on SIGHUP, all or nothing. */
#include "siteconf.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timefmt.h"
#include "tpl.h"

static const char *const template_names[] = {
	"head.tpl", "masthead.tpl", "nav.tpl", "footer.tpl",
	"home.tpl", "section.tpl", "article.tpl", "error.tpl",
	"admin_bar.tpl", "admin_login.tpl", "admin_articles.tpl", "admin_edit.tpl",
	"admin_revisions.tpl", "admin_sections.tpl", "admin_promos.tpl",
	"search.tpl", "feed_atom.tpl", "feed_rss.tpl", "sitemap.tpl", "sitemap_news.tpl", NULL,
};

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *site_default_templates(void)
{
	static char installed[PATH_MAX + 64];
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(installed, sizeof installed, "%s/../share/newsdesk/templates", exe);
			if (is_dir(installed))
				return installed;
		}
	}
	return NEWSDESK_TEMPLATE_DIR;
}

bool site_load(struct site *site, const struct site_source *src, char *err, size_t errlen)
{
	struct config cfg;
	config_defaults(&cfg);
	if (!config_load(&cfg, src->config_path, err, errlen))
		return false;
	if (!is_dir(src->templates_dir)) {
		snprintf(err, errlen, "templates directory not found: %s", src->templates_dir);
		return false;
	}
	if (!tpl_init(src->templates_dir, template_names, err, errlen))
		return false;
	timefmt_set_zone(cfg.timezone);
	site->cfg = cfg;
	return true;
}
