# bench/run's editor: reads an admin page and prints the article form's fields as a browser
# would send them (application/x-www-form-urlencoded, in document order, unchecked boxes left
# out, a textarea's first newline dropped), with the value of the first field named `set`
# replaced by `to`. usage: awk -v set=intro -v to='New text' -f bench/form.awk page.html
BEGIN {
  for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
  out = ""
}
{ html = html $0 "\n" }

function decode(s,    n, code) {
  gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&#39;/, "'", s)
  while (match(s, /&#[0-9]+;/)) {
    code = substr(s, RSTART + 2, RLENGTH - 3) + 0
    s = substr(s, 1, RSTART - 1) (code > 0 && code < 128 ? sprintf("%c", code) : "?") \
        substr(s, RSTART + RLENGTH)
  }
  gsub(/&amp;/, "\\&", s)
  return s
}

function encode(s,    i, c, r) {
  r = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c ~ /[A-Za-z0-9._~-]/) r = r c
    else r = r sprintf("%%%02X", ord[c])
  }
  return r
}

function attr(tag, name) {
  if (match(tag, "[ \t\n]" name "=\"[^\"]*\"")) return decode(substr(tag, RSTART + length(name) + 3, RLENGTH - length(name) - 4))
  return ""
}

function has(tag, name) { return tag ~ ("[ \t\n]" name "([ \t\n>=]|$)") }

function emit(name, value) {
  if (name == set && !replaced) { value = to; replaced = 1 }
  out = out (out == "" ? "" : "&") encode(name) "=" encode(value)
}

END {
  start = index(html, "class=\"article-form\"")
  if (!start) { print "form.awk: no article form on the page" > "/dev/stderr"; exit 1 }
  rest = substr(html, start)
  rest = substr(rest, 1, index(rest, "</form>"))
  while (match(rest, /<(input|textarea|select)[ \t\n>][^>]*>/)) {
    tag = substr(rest, RSTART, RLENGTH)
    rest = substr(rest, RSTART + RLENGTH)
    if (!has(tag, "name")) continue
    name = attr(tag, "name")
    if (tag ~ /^<input/) {
      type = has(tag, "type") ? attr(tag, "type") : "text"
      if (type == "submit" || type == "button" || type == "image") continue
      if ((type == "checkbox" || type == "radio") && !has(tag, "checked")) continue
      emit(name, attr(tag, "value"))
    } else if (tag ~ /^<textarea/) {
      text = substr(rest, 1, index(rest, "</textarea>") - 1)
      rest = substr(rest, length(text) + 1)
      sub(/^\r?\n/, "", text)
      emit(name, decode(text))
    } else {
      options = substr(rest, 1, index(rest, "</select>") - 1)
      rest = substr(rest, length(options) + 1)
      chosen = ""; first = ""; seen = 0
      while (match(options, /<option[^>]*>/)) {
        option = substr(options, RSTART, RLENGTH)
        options = substr(options, RSTART + RLENGTH)
        if (!seen) { first = attr(option, "value"); seen = 1 }
        if (has(option, "selected")) { chosen = attr(option, "value"); break }
      }
      emit(name, chosen != "" ? chosen : first)
    }
  }
  if (set != "" && !replaced) { print "form.awk: the form has no field " set > "/dev/stderr"; exit 1 }
  printf "%s", out   # no newline: bench/run appends &action=save to the last field
}
