#!/bin/sh
# Grade the site's security headers with the MDN HTTP Observatory (npm @mdn/mdn-http-observatory)
# against a local production-mode server: HTTPS on port 443 with a throw-away self-signed
# certificate for "localhost" (trusted only by the scanner), plain HTTP on port 80 redirecting to
# it. The scanner only scans hostnames on the standard ports, so this needs root (or
# CAP_NET_BIND_SERVICE) and free ports 80 and 443. Uses the development database (var/db.sqlite3,
# read only: run `make seed` first for the demo pages). Prints the score and the failed tests.
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python
OBS=var/observatory
SCANNER=$OBS/node_modules/@mdn/mdn-http-observatory/src/scan.js
if [ ! -f "$SCANNER" ]; then
    mkdir -p "$OBS"
    # --ignore-scripts: its install script downloads a CA list that a local scan does not need.
    npm install --prefix "$OBS" --ignore-scripts --no-audit --no-fund --silent @mdn/mdn-http-observatory
fi
# Chromium's HSTS preload list, which that script would fetch: "localhost" is never on it.
PRELOAD=$OBS/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json
[ -f "$PRELOAD" ] || echo '{}' > "$PRELOAD"
TMP=$(mktemp -d)
PIDS=""
cleanup() {
    for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost -keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=localhost DJANGO_STATIC_ROOT="$TMP/static"
DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(60))')
export DJANGO_SECRET_KEY
$PY manage.py collectstatic --noinput -v0
.venv/bin/gunicorn portal.wsgi -w 1 -b 127.0.0.1:443 -b '[::1]:443' \
    --certfile "$TMP/cert.pem" --keyfile "$TMP/key.pem" --log-level warning &
PIDS="$PIDS $!"
.venv/bin/gunicorn portal.wsgi -w 1 -b 127.0.0.1:80 -b '[::1]:80' --log-level warning &
PIDS="$PIDS $!"
for _ in $(seq 50); do
    curl -skf -o /dev/null https://localhost/ && break
    sleep 0.2
done
NODE_EXTRA_CA_CERTS="$TMP/cert.pem" node "$SCANNER" localhost > "$TMP/result.json" || true
$PY - "$TMP/result.json" <<'PYEOF'
import json
import sys

result = json.load(open(sys.argv[1]))
if "error" in result:
    sys.exit(f"Observatory error: {result['error']}")
scan = result["scan"]
print(f"MDN HTTP Observatory: {scan['grade']} ({scan['score']}/100), "
      f"{scan['testsPassed']} of {scan['testsQuantity']} tests passed")
for name, test in sorted(result["tests"].items()):
    mark = "ok  " if test["pass"] else "FAIL"
    print(f"  {mark} {name}: {test['result']} ({test['scoreModifier']:+d})")
PYEOF
