vcl 4.1;

# The cache tier in front of the reader site (`next start`): a Varnish that stands in for a CDN.
# It keeps what the site's Cache-Control allows (s-maxage), serves stale while it refetches in
# the background (stale-while-revalidate), and forgets a story's pages when the site's
# /api/revalidate route tells it to (apps/web/lib/cache/purge.ts). See deploy/README.md.

import std;
import directors;

# How the cache knows an instance of the site is up: /status is the cheapest page it serves and
# reads no content, so an instance whose content source or Redis is down still counts as up (it
# serves pages from its cache, or renders them). Sick after 3 failures in the last 5 seconds,
# well again after 3 answers.
probe instance_health {
  .url = "/status";
  .interval = 1s;
  .timeout = 2s;
  .window = 5;
  .threshold = 3;
  .initial = 3;
}

# One `backend siteN {...}` per instance of the site and the two directors `readers` and
# `publisher` over them: written by deploy/varnish/start.sh (or the bench) from SITE_ORIGIN, so
# this file is the same everywhere.
include "backend.vcl";

# Who may purge: the site's servers. Add their addresses when the site runs on other hosts.
acl purgers {
  "127.0.0.1";
  "::1";
}

sub vcl_recv {
  # Publishes go to one instance at a time (the first healthy one), which takes them in the order
  # they come (apps/web/lib/revalidation/oneAtATime.ts) and expires them for every instance in
  # the cache they share; readers are spread over every healthy instance.
  if (req.url ~ "^/api/revalidate") {
    set req.backend_hint = publisher.backend();
  } else {
    set req.backend_hint = readers.backend();
  }
  # Purge by URL pattern: `PURGE /` with `X-Ban-Url: <regex>`, sent by the revalidate route with the
  # pages of the tags it expired. Lurker-friendly (it matches obj.http.x-url, not req.url), so
  # bans do not pile up.
  if (req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    if (!req.http.x-ban-url) {
      return (synth(400, "X-Ban-Url required"));
    }
    if (std.ban("obj.http.x-url ~ " + req.http.x-ban-url)) {
      return (synth(200, "Banned"));
    }
    return (synth(400, std.ban_error()));
  }
  # Refetch now, replacing what is cached even if it is still fresh: the route warms the pages
  # it just purged this way, so no reader waits for them.
  if (req.http.x-cache-refresh) {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    set req.hash_always_miss = true;
    unset req.http.x-cache-refresh;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  # The webhook, draft mode and anything else under /api/ always reach the site.
  if (req.url ~ "^/api/") {
    return (pass);
  }
  # Draft mode (previews) is per editor and never cached.
  if (req.http.cookie ~ "(^|;\s*)(__prerender_bypass|__next_preview_data)=") {
    return (pass);
  }
  if (req.http.authorization) {
    return (pass);
  }
  # Other cookies (analytics and the like) do not change a public page.
  unset req.http.cookie;
  # Two encodings at most (the site sends Vary: Accept-Encoding): gzip or identity.
  if (req.http.accept-encoding ~ "gzip") {
    set req.http.accept-encoding = "gzip";
  } else {
    unset req.http.accept-encoding;
  }
  # Photos on the lake come through the site (apps/web/next.config.ts) with the lake's own
  # `max-age=31536000, immutable` and `Vary: Accept` (auto=format picks AVIF, then WebP, else the
  # original): three variants at most, not one per browser's Accept string.
  if (req.url ~ "^/images/") {
    if (req.http.accept ~ "image/avif") {
      set req.http.accept = "image/avif";
    } elsif (req.http.accept ~ "image/webp") {
      set req.http.accept = "image/webp";
    } else {
      unset req.http.accept;
    }
  }
  return (hash);
}

sub vcl_hash {
  # One site behind this cache: the path and query are the key, whatever Host a client or the
  # purge call used. Vary (RSC, router headers, Accept-Encoding) still keeps variants apart.
  hash_data(req.url);
  return (lookup);
}

sub vcl_backend_response {
  # What bans match against.
  set beresp.http.x-url = bereq.url;
  # Serve stale for as long as the site allows while one background fetch refreshes the page
  # (Next.js sends `s-maxage=3600, stale-while-revalidate=31532400` for ISR pages).
  if (beresp.http.cache-control ~ "stale-while-revalidate=[0-9]+") {
    set beresp.grace = std.duration(
      regsub(beresp.http.cache-control, "^.*stale-while-revalidate=([0-9]+).*$", "\1s"),
      10s
    );
  }
  # Keep expired objects a day longer for conditional requests to the site.
  set beresp.keep = 1d;
}

# An instance that went away between two health probes: a read is tried once more on the next
# one. Publishes are not: their sender (the lake, Sanity) delivers them again.
sub vcl_backend_error {
  if (bereq.retries < 2 && (bereq.method == "GET" || bereq.method == "HEAD")) {
    return (retry);
  }
}

sub vcl_deliver {
  unset resp.http.x-url;
  if (obj.hits > 0) {
    set resp.http.x-cache = "HIT";
  } else {
    set resp.http.x-cache = "MISS";
  }
  # The shared lifetime is this tier's to keep and to purge; browsers and caches further down
  # would not hear of a purge, so they revalidate every time (ETag makes that cheap).
  if (resp.http.cache-control ~ "s-maxage") {
    set resp.http.cache-control = "public, max-age=0, must-revalidate";
  }
}
