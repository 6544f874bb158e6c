// The C face of the template engine (ctemplate, auto-escaping by context); no exception leaves here.
#include "tpl.h"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <ctemplate/template.h>
#include <ctemplate/template_emitter.h>

using ctemplate::TemplateDictionaryInterface;
using ctemplate::TemplateString;

namespace {

// A failed allocation poisons this thread's next expansion: a page with a missing piece must
// become a 500, never a page that silently lacks it.
thread_local bool dict_failed = false;

// Everything one page's dictionaries hold, freed at once with the page.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena &) = delete;
  Arena &operator=(const Arena &) = delete;
  ~Arena() {
    while (head_) {
      Block *next = head_->next;
      std::free(head_);
      head_ = next;
    }
  }

  // nullptr (and the page poisoned) when memory runs out.
  void *Alloc(size_t n) {
    n = (n + alignof(std::max_align_t) - 1) & ~(alignof(std::max_align_t) - 1);
    if (!head_ || head_->cap - head_->used < n) {
      size_t cap = n > kBlock ? n : kBlock;
      Block *b = static_cast<Block *>(std::malloc(sizeof(Block) + cap));
      if (!b) {
        dict_failed = true;
        return nullptr;
      }
      b->next = head_;
      b->used = 0;
      b->cap = cap;
      head_ = b;
    }
    void *p = head_->data + head_->used;
    head_->used += n;
    return p;
  }

  const char *Copy(const char *s, size_t n) {
    char *p = static_cast<char *>(Alloc(n + 1));
    if (p) {
      std::memcpy(p, s, n);
      p[n] = '\0';
    }
    return p;
  }

 private:
  static constexpr size_t kBlock = 16384;
  struct Block {
    Block *next;
    size_t used, cap;
    alignas(std::max_align_t) char data[];
  };
  Block *head_ = nullptr;
};

class Dict;

// One name in a dictionary: a value, or a section's or an include's list of dictionaries.
struct Entry {
  enum Kind { kValue, kSection, kInclude } kind;
  const char *name;
  size_t len;
  const char *value;  // kValue
  size_t value_len;
  Dict *first, *last;  // kSection, kInclude
  Entry *next;
};

// ctemplate's TemplateDictionary, without what a page never needs: no global name maps, no
// locks, no debugging names, everything in the page's arena. The lookup rules are ctemplate's: a
// section's dictionary sees its parents' names, an include's sees only its own.
class Dict final : public TemplateDictionaryInterface {
 public:
  Dict(Arena *arena, const Dict *parent) : arena_(arena), parent_(parent) {}

  void Set(const char *name, const char *value, size_t len) {
    Entry *e = Find(Entry::kValue, name, std::strlen(name));
    const char *copy = arena_->Copy(value, len);
    if (!copy) return;
    if (!e && !(e = Add(Entry::kValue, name))) return;
    e->value = copy;
    e->value_len = len;
  }

  Dict *AddChild(Entry::Kind kind, const char *name) {
    Entry *e = Find(kind, name, std::strlen(name));
    if (!e && !(e = Add(kind, name))) return this;
    void *mem = arena_->Alloc(sizeof(Dict));
    if (!mem) return this;  // sets land here, and the poisoned expansion fails anyway
    Dict *d = new (mem) Dict(arena_, kind == Entry::kSection ? this : nullptr);
    if (e->last)
      e->last->next_ = d;
    else
      e->first = d;
    e->last = d;
    return d;
  }

  void Show(const char *name) {
    if (!Find(Entry::kSection, name, std::strlen(name))) AddChild(Entry::kSection, name);
  }

  void SetFilename(const char *file) { filename_ = arena_->Copy(file, std::strlen(file)); }

  // The page's arena, which holds this dictionary and every one under it.
  Arena *arena() const { return arena_; }

 protected:
  TemplateString GetValue(const TemplateString &variable) const override {
    for (const Dict *d = this; d; d = d->parent_)
      if (const Entry *e = d->Find(Entry::kValue, variable.data(), variable.size()))
        return TemplateString(e->value, e->value_len);
    if (Named(variable, "BI_SPACE")) return TemplateString(" ", 1);
    if (Named(variable, "BI_NEWLINE")) return TemplateString("\n", 1);
    return TemplateString("", 0);
  }

  bool IsHiddenSection(const TemplateString &name) const override {
    return !Lookup(Entry::kSection, name);
  }
  bool IsUnhiddenSection(const TemplateString &name) const override {
    return !IsHiddenSection(name);
  }
  bool IsHiddenTemplate(const TemplateString &name) const override {
    return !Lookup(Entry::kInclude, name);
  }

  const char *GetIncludeTemplateName(const TemplateString &variable, int dictnum) const override {
    const Entry *e = Lookup(Entry::kInclude, variable);
    const Dict *d = e ? e->first : nullptr;
    for (int i = 0; d && i < dictnum; i++) d = d->next_;
    return d && d->filename_ ? d->filename_ : "";
  }

  Iterator *CreateTemplateIterator(const TemplateString &name) const override {
    return new ListIterator(Lookup(Entry::kInclude, name));
  }
  Iterator *CreateSectionIterator(const TemplateString &name) const override {
    return new ListIterator(Lookup(Entry::kSection, name));
  }

  void DumpToString(std::string *out, int level) const override {
    for (const Entry *e = entries_; e; e = e->next) {
      out->append(static_cast<size_t>(level) * ctemplate::kIndent, ' ');
      out->append(e->name, e->len);
      if (e->kind == Entry::kValue) {
        out->append(": >").append(e->value, e->value_len).append("<\n");
        continue;
      }
      out->append(e->kind == Entry::kSection ? " (section)\n" : " (include)\n");
      for (const Dict *d = e->first; d; d = d->next_) d->DumpToString(out, level + 1);
    }
  }

 private:
  class ListIterator final : public Iterator {
   public:
    explicit ListIterator(const Entry *e) : next_(e ? e->first : nullptr) {}
    bool HasNext() const override { return next_ != nullptr; }
    const TemplateDictionaryInterface &Next() override {
      const Dict *d = next_;
      next_ = d->next_;
      return *d;
    }

   private:
    const Dict *next_;
  };

  static bool Named(const TemplateString &s, const char *name) {
    return s.size() == std::strlen(name) && std::memcmp(s.data(), name, s.size()) == 0;
  }

  const Entry *Find(Entry::Kind kind, const char *name, size_t len) const {
    for (const Entry *e = entries_; e; e = e->next)
      if (e->kind == kind && e->len == len && std::memcmp(e->name, name, len) == 0) return e;
    return nullptr;
  }
  Entry *Find(Entry::Kind kind, const char *name, size_t len) {
    return const_cast<Entry *>(static_cast<const Dict *>(this)->Find(kind, name, len));
  }

  // Found here or in a parent, as ctemplate looks sections and includes up.
  const Entry *Lookup(Entry::Kind kind, const TemplateString &name) const {
    for (const Dict *d = this; d; d = d->parent_)
      if (const Entry *e = d->Find(kind, name.data(), name.size())) return e;
    return nullptr;
  }

  Entry *Add(Entry::Kind kind, const char *name) {
    size_t len = std::strlen(name);
    Entry *e = static_cast<Entry *>(arena_->Alloc(sizeof(Entry)));
    const char *copy = arena_->Copy(name, len);
    if (!e || !copy) return nullptr;
    *e = Entry{kind, copy, len, nullptr, 0, nullptr, nullptr, entries_};
    entries_ = e;
    return e;
  }

  Arena *arena_;
  const Dict *parent_;
  Entry *entries_ = nullptr;
  Dict *next_ = nullptr;  // the next dictionary of the same section or include
  const char *filename_ = nullptr;
};

Dict *to_dict(tpl_dict *d) { return reinterpret_cast<Dict *>(d); }
tpl_dict *to_handle(Dict *d) { return reinterpret_cast<tpl_dict *>(d); }

class BufEmitter : public ctemplate::ExpandEmitter {
 public:
  explicit BufEmitter(struct buf *out) : out_(out) {}
  void Emit(char ch) override { buf_append_short(out_, &ch, 1); }
  void Emit(const std::string &s) override { buf_append_short(out_, s.data(), s.size()); }
  void Emit(const char *s) override { buf_append_short(out_, s, std::strlen(s)); }
  void Emit(const char *s, size_t n) override { buf_append_short(out_, s, n); }

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
  dict_failed = false;
  Arena *arena = new (std::nothrow) Arena;
  void *mem = arena ? arena->Alloc(sizeof(Dict)) : nullptr;
  if (!mem) {
    delete arena;
    return nullptr;
  }
  return to_handle(new (mem) Dict(arena, nullptr));
}

// Only a root from tpl_dict_new: its arena holds it and every dictionary under it.
extern "C" void tpl_dict_free(tpl_dict *d) {
  if (d) delete to_dict(d)->arena();
}

extern "C" void tpl_set(tpl_dict *d, const char *key, const char *value) {
  if (!value) {  // a NULL value is a failed allocation upstream: fail the page, not the field
    dict_failed = true;
    return;
  }
  to_dict(d)->Set(key, value, std::strlen(value));
}

extern "C" void tpl_set_n(tpl_dict *d, const char *key, const char *value, size_t len) {
  to_dict(d)->Set(key, value, len);
}

extern "C" void tpl_set_int(tpl_dict *d, const char *key, long long value) {
  char text[32];
  int n = std::snprintf(text, sizeof text, "%lld", value);
  to_dict(d)->Set(key, text, static_cast<size_t>(n));
}

extern "C" void tpl_show(tpl_dict *d, const char *section) { to_dict(d)->Show(section); }

extern "C" tpl_dict *tpl_section(tpl_dict *d, const char *section) {
  return to_handle(to_dict(d)->AddChild(Entry::kSection, section));
}

extern "C" tpl_dict *tpl_include(tpl_dict *d, const char *name, const char *file) {
  Dict *inc = to_dict(d)->AddChild(Entry::kInclude, name);
  inc->SetFilename(file);
  return to_handle(inc);
}

extern "C" bool tpl_expand(const char *file, tpl_dict *d, struct buf *out) {
  try {
    if (dict_failed) return false;
    BufEmitter emitter(out);
    if (!current_cache) return false;
    bool ok = current_cache->ExpandWithData(file, ctemplate::STRIP_BLANK_LINES, to_dict(d), nullptr, &emitter);
    return ok && !out->failed;
  } catch (...) {
    return false;
  }
}
