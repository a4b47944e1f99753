#!/bin/sh
# Runs the cache tier in the foreground: Varnish on CACHE_LISTEN in front of the site at
# SITE_ORIGIN, with deploy/varnish/site.vcl. See deploy/README.md.
#
#   SITE_ORIGIN=127.0.0.1:3000 CACHE_LISTEN=127.0.0.1:8080 deploy/varnish/start.sh
#
# Several instances of the site (sharing one cache in Redis, REDIS_URL): a comma-separated list,
#   SITE_ORIGIN=127.0.0.1:3000,127.0.0.1:3001 deploy/varnish/start.sh
# Readers are spread over the healthy ones; publishes (/api/revalidate) go to the first healthy one.
#
# Optional: CACHE_SIZE (memory for cached pages, default 256m), CACHE_WORK_DIR (varnishd's
# working dir, default a new temp dir), CACHE_JAIL (varnishd -j; default: varnishd's own, which
# drops root privileges to the varnish users the Debian package creates; "none" keeps root).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
origin=${SITE_ORIGIN:-127.0.0.1:3000}
listen=${CACHE_LISTEN:-127.0.0.1:8080}
size=${CACHE_SIZE:-256m}
work=${CACHE_WORK_DIR:-$(mktemp -d -t site-cache.XXXXXX)}

if ! command -v varnishd >/dev/null 2>&1 && [ ! -x /usr/sbin/varnishd ]; then
  echo "varnishd not found: apt-get install -y varnish (Debian/Ubuntu)" >&2
  exit 1
fi

mkdir -p "$work"
# varnishd drops root to its own users (unless CACHE_JAIL=none); they compile the VCL in here.
chmod 755 "$work"
# One backend per instance, each watched by the health probe in site.vcl, and the two directors
# site.vcl routes to: `readers` (round robin) and `publisher` (the first healthy instance).
backends=""
members=""
n=0
for one in $(echo "$origin" | tr ',' ' '); do
  n=$((n + 1))
  backends="$backends
backend site$n {
  .host = \"${one%:*}\";
  .port = \"${one##*:}\";
  .connect_timeout = 2s;
  .first_byte_timeout = 60s;
  .probe = instance_health;
}"
  members="$members
  readers.add_backend(site$n);
  publisher.add_backend(site$n);"
done
if [ "$n" -eq 0 ]; then
  echo "SITE_ORIGIN names no instance (host:port, comma-separated)" >&2
  exit 1
fi
cat >"$work/backend.vcl" <<VCL
$backends

sub vcl_init {
  new readers = directors.round_robin();
  new publisher = directors.fallback();$members
}
VCL

# http_gzip_support=off: the site compresses and sends Vary: Accept-Encoding, and site.vcl keeps
# gzip and identity variants apart, so Varnish stores what the site sent and never gunzips per request.
echo "cache: varnish on http://$listen -> $origin ($n instance(s); purge from 127.0.0.1: CACHE_PURGE_URL=http://$listen)"
exec "$(command -v varnishd || echo /usr/sbin/varnishd)" -F \
  -n "$work" \
  -a "$listen" \
  -f "$here/site.vcl" \
  -p vcl_path="$work:$here" \
  -s "malloc,$size" \
  -p http_gzip_support=off \
  ${CACHE_JAIL:+-j "$CACHE_JAIL"}
