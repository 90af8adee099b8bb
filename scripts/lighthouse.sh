#!/bin/sh
# Lighthouse scores (mobile emulation; performance, accessibility, best practices, SEO) of the
# given pages, measured against a local production-mode server: DJANGO_DEBUG=0, collectstatic
# into a throw-away STATIC_ROOT (WhiteNoise with compressed, hashed files and long cache headers)
# and gunicorn, as in scripts/observatory.sh. Plain HTTP on a local port, so the HTTPS redirect
# and HSTS are switched off for this run only. Uses the development database (var/db.sqlite3,
# read only: run `make seed` first for the demo pages). Prints the four scores per page; the
# reports go to var/lighthouse/ (JSON and HTML).
#
# Usage: sh scripts/lighthouse.sh PATH...       e.g. sh scripts/lighthouse.sh / /en/
# LIGHTHOUSE_URL=http://127.0.0.1:8000 measures an already running server instead (e.g. `make
# run`: development mode, uncompressed static files, so lower performance scores).
# LIGHTHOUSE (default: npx lighthouse@$LIGHTHOUSE_VERSION), CHROME_PATH (default
# /usr/bin/chromium), LIGHTHOUSE_PORT (default 8765) adjust the run.
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ "$#" -gt 0 ] || { echo "usage: $0 PATH..." >&2; exit 2; }
LIGHTHOUSE_VERSION=${LIGHTHOUSE_VERSION:-12.8.2}
LIGHTHOUSE=${LIGHTHOUSE:-npx --yes lighthouse@$LIGHTHOUSE_VERSION}
CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
export CHROME_PATH
TMP=$(mktemp -d)
PID=""
cleanup() {
    [ -z "$PID" ] || kill "$PID" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

URL=${LIGHTHOUSE_URL:-}
if [ -z "$URL" ]; then
    PORT=${LIGHTHOUSE_PORT:-8765}
    URL=http://127.0.0.1:$PORT
    export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_STATIC_ROOT="$TMP/static" \
        DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_HSTS_SECONDS=0 DJANGO_SECURE_COOKIES=0
    DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(60))')
    export DJANGO_SECRET_KEY
    $PY manage.py collectstatic --noinput -v0
    # Uploaded images (/media/: module images and their renditions) come from the reverse proxy
    # in production; here WhiteNoise stands in for it, in a WSGI module of this run only.
    cat >"$TMP/lighthouse_wsgi.py" <<'PYTHON'
from django.conf import settings
from whitenoise import WhiteNoise

from portal.wsgi import application

application = WhiteNoise(application, autorefresh=True)  # renditions appear while it runs
application.add_files(settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)
PYTHON
    PYTHONPATH="$TMP${PYTHONPATH:+:$PYTHONPATH}" .venv/bin/gunicorn lighthouse_wsgi \
        -w 2 -b "127.0.0.1:$PORT" --log-level warning >"$TMP/server.log" 2>&1 &
    PID=$!
    for _ in $(seq 50); do
        curl -sf -o /dev/null "$URL/" && break
        sleep 0.2
    done
fi

# Warm up: every page once per gunicorn worker (and more, as requests are spread unevenly), so
# the scores measure serving a page, not a worker's first import of the code and templates or
# the first creation of image renditions.
for path in "$@"; do
    for _ in 1 2 3 4; do curl -s -o /dev/null "$URL$path" || true; done
done

mkdir -p var/lighthouse
failed=0
for path in "$@"; do
    name=page$(echo "$path" | tr '/' '_')
    # A page Lighthouse cannot load (e.g. a 500) is reported and the others are still measured.
    # shellcheck disable=SC2086  # $LIGHTHOUSE may be a command with arguments (npx ...)
    if ! $LIGHTHOUSE "$URL$path" --quiet \
        --only-categories=performance,accessibility,best-practices,seo \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
        --output=json --output=html --output-path="var/lighthouse/$name"; then
        echo "FAILED  $URL$path" >&2
        failed=1
        continue
    fi
    node -e 'const r = require(process.argv[1]); console.log(Object.values(r.categories).map(c => `${c.id} ${Math.round(c.score * 100)}`).join("  "), " ", r.finalDisplayedUrl)' \
        "$PWD/var/lighthouse/$name.report.json"
done
exit $failed
