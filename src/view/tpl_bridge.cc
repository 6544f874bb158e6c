// The C face of the template engine (ctemplate, auto-escaping by context); no exception leaves here.
#include "tpl.h"

#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include <ctemplate/template.h>
#include <ctemplate/template_emitter.h>

using ctemplate::TemplateDictionary;

namespace {

// A failed set or add (out of memory) poisons this thread's next expansion: a page with a
// missing piece must become a 500, never a page that silently lacks it.
thread_local bool dict_failed = false;

TemplateDictionary *cpp(tpl_dict *d) { return reinterpret_cast<TemplateDictionary *>(d); }
tpl_dict *c(TemplateDictionary *d) { return reinterpret_cast<tpl_dict *>(d); }

class BufEmitter : public ctemplate::ExpandEmitter {
 public:
  explicit BufEmitter(struct buf *out) : out_(out) {}
  void Emit(char ch) override { buf_append(out_, &ch, 1); }
  void Emit(const std::string &s) override { buf_append(out_, s.data(), s.size()); }
  void Emit(const char *s) override { buf_append(out_, s, std::strlen(s)); }
  void Emit(const char *s, size_t n) override { buf_append(out_, s, n); }

 private:
  struct buf *out_;
};

bool starts_with_autoescape(const std::string &path, char *err, size_t errlen) {
  err[0] = '\0';
  static const char pragma[] = "{{%AUTOESCAPE context=";
  char head[sizeof pragma - 1];
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    std::snprintf(err, errlen, "cannot open template %s", path.c_str());
    return false;
  }
  size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  if (n != sizeof head || std::memcmp(head, pragma, sizeof head) != 0) {
    std::snprintf(err, errlen, "template %s does not start with an AUTOESCAPE pragma", path.c_str());
    return false;
  }
  return true;
}

}  // namespace

// The cache every expansion uses. Swapped only by tpl_init, which the server calls before any
// worker runs or while it holds every worker out (SIGHUP reload).
static ctemplate::TemplateCache *current_cache = nullptr;

extern "C" bool tpl_init(const char *dir, const char *const *names, char *err, size_t errlen) {
  ctemplate::TemplateCache *fresh = nullptr;
  try {
    std::string root(dir);
    if (!root.empty() && root.back() != '/') root += '/';
    fresh = new ctemplate::TemplateCache();
    if (!fresh->SetTemplateRootDirectory(root)) {
      std::snprintf(err, errlen, "cannot use template directory %s", dir);
      delete fresh;
      return false;
    }
    for (const char *const *name = names; *name; name++) {
      if (!starts_with_autoescape(root + *name, err, errlen) ||
          !fresh->LoadTemplate(*name, ctemplate::STRIP_BLANK_LINES)) {
        if (!*err) std::snprintf(err, errlen, "template %s%s does not parse", root.c_str(), *name);
        delete fresh;
        return false;
      }
    }
    fresh->Freeze();  // nothing reloads behind our back: a reload is a new cache
    delete current_cache;
    current_cache = fresh;
    return true;
  } catch (...) {
    delete fresh;
    std::snprintf(err, errlen, "out of memory loading templates");
    return false;
  }
}

extern "C" void tpl_shutdown(void) {
  delete current_cache;
  current_cache = nullptr;
}

extern "C" tpl_dict *tpl_dict_new(void) {
  try {
    dict_failed = false;
    return c(new TemplateDictionary("page"));
  } catch (...) {
    return nullptr;
  }
}

extern "C" void tpl_dict_free(tpl_dict *d) { delete cpp(d); }

extern "C" void tpl_set(tpl_dict *d, const char *key, const char *value) {
  try {
    if (!value) {  // a NULL value is a failed allocation upstream: fail the page, not the field
      dict_failed = true;
      return;
    }
    cpp(d)->SetValue(key, value);  // SetValue copies into the dictionary's arena
  } catch (...) {
    dict_failed = true;
  }
}

extern "C" void tpl_set_n(tpl_dict *d, const char *key, const char *value, size_t len) {
  try {
    cpp(d)->SetValue(key, ctemplate::TemplateString(value, len));
  } catch (...) {
    dict_failed = true;
  }
}

extern "C" void tpl_set_int(tpl_dict *d, const char *key, long long value) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld", value);
  tpl_set(d, key, text);
}

extern "C" void tpl_show(tpl_dict *d, const char *section) {
  try {
    cpp(d)->ShowSection(section);
  } catch (...) {
    dict_failed = true;
  }
}

extern "C" tpl_dict *tpl_section(tpl_dict *d, const char *section) {
  try {
    return c(cpp(d)->AddSectionDictionary(section));
  } catch (...) {
    dict_failed = true;
    return d;  // sets land in the parent, and the poisoned expansion fails anyway
  }
}

extern "C" tpl_dict *tpl_include(tpl_dict *d, const char *name, const char *file) {
  try {
    TemplateDictionary *inc = cpp(d)->AddIncludeDictionary(name);
    inc->SetFilename(file);
    return c(inc);
  } catch (...) {
    dict_failed = true;
    return d;
  }
}

extern "C" bool tpl_expand(const char *file, tpl_dict *d, struct buf *out) {
  try {
    if (dict_failed) return false;
    BufEmitter emitter(out);
    if (!current_cache) return false;
    bool ok = current_cache->ExpandWithData(file, ctemplate::STRIP_BLANK_LINES, cpp(d), nullptr, &emitter);
    return ok && !out->failed;
  } catch (...) {
    return false;
  }
}
