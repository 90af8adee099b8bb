#!/bin/sh
# Vendors KERN UX (npm @kern-ux/native) under static/vendor/kern-ux/: the built CSS, the Fira Sans
# fonts its font stylesheet names, the licence and a VERSION file. The site serves them itself,
# so no page asks a CDN or a font service for anything (CSP: style-src and font-src 'self').
# Usage: sh scripts/vendor_kern.sh [version]   (default: the version in static/vendor/kern-ux/VERSION)
set -eu
DEST="static/vendor/kern-ux"
VERSION="${1:-$(cat "$DEST/VERSION" 2>/dev/null || echo latest)}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

( cd "$TMP" && npm pack --silent "@kern-ux/native@$VERSION" >/dev/null && tar xzf ./*.tgz )
PKG="$TMP/package"
VERSION="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$PKG/package.json")"

# OFL-FiraSans.txt (the fonts' licence, not in the npm package) and README.md stay.
rm -rf "$DEST/fonts" "$DEST/kern.min.css" "$DEST/LICENSE.md" "$DEST/VERSION"
mkdir -p "$DEST/fonts/fira-sans"
cp "$PKG/dist/kern.min.css" "$DEST/kern.min.css"
cp "$PKG/dist/fonts/fira-sans.css" "$DEST/fonts/fira-sans.css"
# Only the font files the stylesheet refers to (the package ships 32 cuts, the CSS uses 10).
for font in $(sed -n 's/.*url("\{0,1\}\.\/fira-sans\/\([^")]*\)"\{0,1\}).*/\1/p' "$PKG/dist/fonts/fira-sans.css"); do
  cp "$PKG/dist/fonts/fira-sans/$font" "$DEST/fonts/fira-sans/$font"
done
cp "$PKG/LICENSE.md" "$DEST/LICENSE.md"
echo "$VERSION" > "$DEST/VERSION"
echo "KERN UX $VERSION vendored into $DEST"
