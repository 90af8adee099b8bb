#!/bin/sh
# Vendors KERN UX (npm @kern-ux/native) under static/vendor/kern-ux/: the built CSS, the licence
# and a VERSION file. The site serves them itself, so no page asks a CDN or a font service for
# anything (CSP: style-src and font-src 'self'). Not KERN's Fira Sans files: 130-150 KB a cut, and
# their Reserved Font Name forbids subsetting them; the fonts come from scripts/vendor_fonts.sh.
# Usage: sh scripts/vendor_kern.sh [version]   (default: the version in static/vendor/kern-ux/VERSION)
set -eu
DEST="static/vendor/kern-ux"
VERSION="${1:-$(cat "$DEST/VERSION" 2>/dev/null || echo latest)}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

( cd "$TMP" && npm pack --silent "@kern-ux/native@$VERSION" >/dev/null && tar xzf ./*.tgz )
PKG="$TMP/package"
VERSION="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$PKG/package.json")"

# README.md stays.
rm -rf "$DEST/kern.min.css" "$DEST/LICENSE.md" "$DEST/VERSION"
cp "$PKG/dist/kern.min.css" "$DEST/kern.min.css"
cp "$PKG/LICENSE.md" "$DEST/LICENSE.md"
echo "$VERSION" > "$DEST/VERSION"
echo "KERN UX $VERSION vendored into $DEST"
