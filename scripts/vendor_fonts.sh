#!/bin/sh
# Vendors Fira Sans from npm @fontsource/fira-sans (Google Fonts' build, SIL OFL 1.1 without a
# Reserved Font Name) under static/vendor/fontsource-fira-sans/: the woff2 files of the Latin and
# Latin Extended subsets for the cuts the site uses, the licence and a VERSION file. Their
# @font-face rules (font-display: swap; unicode-range, so a page loads only the subsets its text
# needs: Latin holds ä ö ü ß „“ – €) are written into static/css/site.css between its "Fonts"
# markers: one render-blocking stylesheet fewer than a separate font stylesheet. KERN UX's own
# Fira Sans files (130-150 KB each, Reserved Font Name "Fira", so no subsetting) are not used.
# Usage: sh scripts/vendor_fonts.sh [version]   (default: the version in VERSION)
set -eu
DEST="static/vendor/fontsource-fira-sans"
VERSION="${1:-$(cat "$DEST/VERSION" 2>/dev/null || echo latest)}"
# The cuts: KERN's weights 400 (body), 500 (sublines), 600 (headings, labels), 700 (<strong>,
# <b> in rich text) upright; 400 and 700 italic (<em>, <i> in rich text).
FACES="400-normal 500-normal 600-normal 700-normal 400-italic 700-italic"
SUBSETS="latin latin-ext"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

( cd "$TMP" && npm pack --silent "@fontsource/fira-sans@$VERSION" >/dev/null && tar xzf ./*.tgz )
PKG="$TMP/package"
VERSION="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$PKG/package.json")"

SITE_CSS="static/css/site.css"
BEGIN="/* Fonts: begin (scripts/vendor_fonts.sh writes this block) */"
END="/* Fonts: end */"
grep -qF "$BEGIN" "$SITE_CSS" && grep -qF "$END" "$SITE_CSS" || {
  echo "$SITE_CSS has no Fonts markers" >&2; exit 1; }
rm -rf "$DEST/files" "$DEST/LICENSE" "$DEST/VERSION"
mkdir -p "$DEST/files"
CSS="$TMP/faces.css"
printf '/* Fira Sans %s, npm @fontsource/fira-sans (SIL OFL 1.1: %s/LICENSE). */\n' \
  "$VERSION" "$DEST" > "$CSS"
for face in $FACES; do
  weight="${face%-*}"
  style="${face#*-}"
  for subset in $SUBSETS; do
    file="fira-sans-$subset-$face.woff2"
    cp "$PKG/files/$file" "$DEST/files/$file"
    # The unicode-range of this subset, from the package's own stylesheet for the cut.
    sheet="$PKG/$weight.css"
    [ "$style" = normal ] || sheet="$PKG/$weight-italic.css"
    range="$(awk -v name="fira-sans-$subset-$face" '
      $0 ~ "/\\* " name " \\*/" { found = 1 }
      found && /unicode-range/ { sub(/^ *unicode-range: */, ""); sub(/;$/, ""); print; exit }
    ' "$sheet")"
    [ -n "$range" ] || { echo "no unicode-range for $file in $sheet" >&2; exit 1; }
    printf "@font-face{font-family:'Fira Sans';font-style:%s;font-display:swap;font-weight:%s;src:url(../vendor/fontsource-fira-sans/files/%s) format('woff2');unicode-range:%s}\n" \
      "$style" "$weight" "$file" "$range" >> "$CSS"
  done
done
# The block between the markers in site.css becomes the new rules.
awk -v begin="$BEGIN" -v end="$END" -v faces="$CSS" '
  $0 == begin { print; while ((getline line < faces) > 0) print line; skip = 1; next }
  $0 == end { skip = 0 }
  !skip { print }
' "$SITE_CSS" > "$TMP/site.css"
cat "$TMP/site.css" > "$SITE_CSS"
cp "$PKG/LICENSE" "$DEST/LICENSE"
echo "$VERSION" > "$DEST/VERSION"
echo "Fira Sans (@fontsource/fira-sans) $VERSION vendored into $DEST"
