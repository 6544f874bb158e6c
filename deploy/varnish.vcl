# newsdesk: the cache tier. Varnish (Debian's `varnish`, 7.1 on Debian 12) with the xkey and var
# modules (Debian's `varnish-modules`) in front of one or more nodes, each nginx + newsdesk;
# docs/operations.md explains it. Install it as /etc/varnish/default.vcl (or point varnishd's
# -f at it), fill in your nodes below, then `varnishd -C -f FILE >/dev/null` to check it and
# `systemctl reload varnish` (or restart) to use it.
#
# What it does:
# - Public pages are kept as long as newsdesk says (Surrogate-Control: max-age, never past the
#   moment a page changes by itself: a scheduled article appearing, an "x hours ago" ticking
#   over), and forgotten the moment an editor's change is committed: newsdesk sends PURGE with
#   the surrogate keys of what changed (xkey) to every cache in its purge_urls, and every page
#   that showed it carries those keys in its xkey header.
# - Only the nodes may purge (acl newsdesk_nodes).
# - A page that was made from the content as it was before a purge this cache has seen is
#   never kept (the X-Newsdesk-Version gate below): a page still on its way from a node when
#   the purge arrives cannot outlive it.
# - Editors (the session cookie newsdesk_session, or __Host-newsdesk_session over https) and
#   everything under /admin go straight to a node, never cached; readers' cookies are dropped.
# - Grace: while no node can answer (down, or answering 5xx), readers get the last copy of a
#   page, up to a day old, instead of an error. While a node answers, never a stale one.
#
# scripts/varnish-conf builds the tests' and the benchmark's VCL from this file: it replaces
# the lines between "# nodes:begin" and "# nodes:end", between "# acl:begin" and "# acl:end",
# and between "# director:begin" and "# director:end". Keep those markers.
vcl 4.1;

import directors;
import std;
import var;
import xkey;

# Is a node alive? newsdesk's /healthz through the node's nginx (allow this cache's address in
# nginx's `location = /healthz`). A node that fails 3 of the last 5 probes gets no requests.
probe newsdesk_health {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
    .initial = 3;   # healthy from the start
}

# The nodes: nginx in front of newsdesk, plain http on the internal network (see
# docs/operations.md for that nginx server). One backend a node; list each in vcl_init too.
# nodes:begin
backend node1 {
    .host = "10.0.0.11";
    .port = "8080";
    .probe = newsdesk_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;   # as nginx's fastcgi_read_timeout
    .between_bytes_timeout = 10s;
}
backend node2 {
    .host = "10.0.0.12";
    .port = "8080";
    .probe = newsdesk_health;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}
# nodes:end

# Who may purge: the nodes (newsdesk sends its purges from there).
acl newsdesk_nodes {
    # acl:begin
    "10.0.0.11";
    "10.0.0.12";
    # acl:end
    # Not loopback: behind a TLS terminator on this machine every reader comes from 127.0.0.1.
}

sub vcl_init {
    new nodes = directors.round_robin();
    # director:begin
    nodes.add_backend(node1);
    nodes.add_backend(node2);
    # director:end
}

sub vcl_recv {
    set req.backend_hint = nodes.backend();

    if (req.method == "PURGE") {
        call newsdesk_purge;
    }

    # The machine's own endpoints stay on the machine (and the nodes' nginx allows them only
    # to themselves): not through the cache.
    if (req.url ~ "^/(healthz|metrics)([?#]|$)") {
        return (synth(404, "Not Found"));
    }

    # Only a GET or HEAD of a reader's page is looked up; a login, a form, anything of an
    # editor's goes to a node as it is, cookies and all.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin([/?#]|$)") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;)[ \t]*(__Host-)?newsdesk_session=") {
        return (pass);
    }
    # newsdesk's public pages are the same for every reader: no cookie makes a difference.
    unset req.http.Cookie;

    # Two copies of a page: gzipped for the clients that take gzip (nearly all), plain for the
    # rest, each sent as it is kept. Left alone, Varnish keeps only the gzipped one and unzips it
    # on every hit for a client without gzip, which halved the hits it could serve.
    unset req.http.X-Newsdesk-Plain;
    if (req.http.Accept-Encoding ~ "(^|,)[ \t]*gzip[ \t]*(;[ \t]*q=(1(\.0*)?|0?\.0*[1-9][0-9]*))?[ \t]*(,|$)") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
        set req.http.X-Newsdesk-Plain = "1";
    }

    # Grace only when no node could answer: the first pass wants a fresh page (a copy past its
    # time is not served, it is fetched again); vcl_synth restarts a failed fetch with
    # X-Newsdesk-Stale, and then any copy of the last day will do.
    if (req.restarts == 0) {
        unset req.http.X-Newsdesk-Stale;   # the client's word counts for nothing here
        set req.grace = 0s;
    } else if (req.http.X-Newsdesk-Stale) {
        set req.grace = 24h;
    }
    return (hash);
}

# PURGE with the keys in xkey (space-separated) and X-Newsdesk-Version: the content version the
# change committed. Every page stamped older is refused from now on (vcl_backend_response);
# X-Newsdesk-Reset (newsdesk starting) sets that mark instead of raising it.
sub newsdesk_purge {
    if (client.ip !~ newsdesk_nodes) {
        return (synth(403, "Forbidden"));
    }
    if (!req.http.xkey) {
        return (synth(400, "PURGE needs an xkey header"));
    }
    if (req.http.X-Newsdesk-Version ~ "^[0-9]{1,18}$") {
        if (req.http.X-Newsdesk-Reset ||
            std.integer(req.http.X-Newsdesk-Version, 0) >
            std.integer(var.global_get("newsdesk_version"), 0)) {
            var.global_set("newsdesk_version", req.http.X-Newsdesk-Version);
        }
    }
    set req.http.X-Purged = xkey.purge(req.http.xkey);
    return (synth(200, "Purged " + req.http.X-Purged));
}

sub vcl_hash {
    if (req.http.X-Newsdesk-Plain) {
        hash_data("plain");
    }
    # on to the built-in vcl_hash: the URL and the host
}

sub vcl_backend_fetch {
    # The plain copy is fetched plain (Varnish asks a node for gzip whatever the client took).
    if (bereq.http.X-Newsdesk-Plain) {
        unset bereq.http.Accept-Encoding;
    }
    unset bereq.http.X-Newsdesk-Plain;
}

sub vcl_backend_response {
    # A node that fails: no copy of its error page; the reader gets the last good copy of the
    # page instead, if there is one (vcl_synth). Editors' requests see the node's own answer.
    if (beresp.status >= 500 && !bereq.uncacheable) {
        return (abandon);
    }
    # Made from older content than a purge this cache has already seen: pass it on, keep it not.
    if (beresp.http.X-Newsdesk-Version &&
        std.integer(beresp.http.X-Newsdesk-Version, -1) <
        std.integer(var.global_get("newsdesk_version"), 0)) {
        set beresp.ttl = 1s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # newsdesk says how long the cache may keep the page when it purges this cache on every
    # change (Surrogate-Control); otherwise Cache-Control's s-maxage (a minute at most) counts.
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1") + "s", 0s);
    }
    set beresp.grace = 24h;   # served only while no node answers (vcl_recv)
}

sub vcl_backend_error {
    # No node answered: as for a 5xx, the reader may still get the last good copy.
    if (!bereq.uncacheable) {
        return (abandon);
    }
}

sub vcl_synth {
    # A fetch abandoned above: once more, this time taking a copy past its time.
    if (resp.status == 503 && req.restarts == 0 && !req.http.X-Newsdesk-Stale &&
        (req.method == "GET" || req.method == "HEAD")) {
        set req.http.X-Newsdesk-Stale = "1";
        return (restart);
    }
}

sub vcl_deliver {
    # What only this cache needs.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;   # a CDN in front would take its keys from the nodes
    unset resp.http.X-Newsdesk-Version;
    unset resp.http.Surrogate-Control;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0 && obj.ttl <= 0s) {
        set resp.http.X-Cache = "STALE";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
