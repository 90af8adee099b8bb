"""The admin add-ons use Wagtail's own colours and components (issue R7, "the look").

Colours come from Wagtail's CSS custom properties, so that the add-ons follow the light and dark
admin theme; our admin templates use Wagtail's classes for buttons, help blocks, status tags,
tables and text for screen readers, not a palette or helpers of their own.
"""

import re
from pathlib import Path

from django.conf import settings

ADMIN_CSS = Path(settings.BASE_DIR) / "static" / "css" / "admin.css"
WAGTAIL_CSS = (
    Path(__import__("wagtail").__file__).parent
    / "admin"
    / "static"
    / "wagtailadmin"
    / "css"
    / "core.css"
)
ADMIN_TEMPLATES = [
    path
    for app in ("courses", "needs_analysis", "portal", "workshops")
    for path in sorted((Path(settings.BASE_DIR) / "templates" / app / "admin").rglob("*.html"))
]

# A colour written out: #rgb/#rrggbb(aa), rgb()/rgba()/hsl()/hsla(), or a named colour.
COLOUR_LITERAL = re.compile(
    r"#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\s*\(|"
    r":\s*(?:[^;{}]*\s)?(?:white|black|red|green|blue|grey|gray|yellow|orange)\b",
    re.IGNORECASE,
)
# Colour literals that are truly needed, with the reason (none so far).
ALLOWED_LITERALS: dict[str, str] = {}


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def test_admin_css_has_no_colour_literals():
    css = _without_comments(ADMIN_CSS.read_text(encoding="utf-8"))
    found = [m.group(0) for m in COLOUR_LITERAL.finditer(css)]
    assert [literal for literal in found if literal not in ALLOWED_LITERALS] == []


def test_admin_css_uses_only_custom_properties_wagtail_defines():
    used = set(re.findall(r"var\(\s*(--[\w-]+)", ADMIN_CSS.read_text(encoding="utf-8")))
    assert used
    defined = set(re.findall(r"(--w-[\w-]+)\s*:", WAGTAIL_CSS.read_text(encoding="utf-8")))
    assert sorted(used - defined) == []


def test_admin_templates_use_wagtails_classes():
    assert ADMIN_TEMPLATES
    for path in ADMIN_TEMPLATES:
        html = path.read_text(encoding="utf-8")
        # Wagtail's admin has no "visually-hidden"/"visuallyhidden": such text was shown.
        assert not re.search(r'class="[^"]*\bvisually-?hidden\b', html), path
        # Colours belong in admin.css, on Wagtail's variables.
        assert not re.search(r"style=\"[^\"]*(?:color|background)", html), path
        # Plain tables are Wagtail listings; na-table is the demand matrix only.
        for table in re.findall(r"<table[^>]*>", html):
            assert 'class="listing' in table or 'class="na-table"' in table, (path, table)
    matrix_tables = [
        path.name for path in ADMIN_TEMPLATES if 'class="na-table"' in path.read_text("utf-8")
    ]
    assert sorted(matrix_tables) == ["dashboard.html", "trainer_demand.html"]
