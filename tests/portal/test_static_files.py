"""Static files a reverse proxy running as another user can read; fonts small enough for phones.

``collectstatic`` writes 0644 files in 0755 directories (WhiteNoise's compressed copies too),
whatever the umask; so do public images (MEDIA_ROOT), while documents (private storage) keep
``FILE_UPLOAD_PERMISSIONS`` 0640. Fira Sans comes from
``static/vendor/fontsource-fira-sans/`` (Latin subsets, ``font-display: swap``, declared in
site.css), not KERN UX's 130-150 KB files.
"""

import os
import re
import stat
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.test import override_settings

from portal.storage import PRIVATE_STORAGE

FONTS = Path(settings.BASE_DIR) / "static" / "vendor" / "fontsource-fira-sans"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(value: int):
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def test_public_storages_set_the_modes_private_files_keep_the_upload_mode():
    public = {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755}
    assert settings.STORAGES["staticfiles"]["OPTIONS"] == public
    assert settings.STORAGES["default"]["OPTIONS"] == public
    assert "OPTIONS" not in settings.STORAGES[PRIVATE_STORAGE]
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o640


def test_collectstatic_writes_world_readable_files_whatever_the_umask(tmp_path):
    source = tmp_path / "source"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("body { color: black; }\n" * 100)
    root = tmp_path / "static"
    production = {
        **settings.STORAGES,
        "staticfiles": {
            **settings.STORAGES["staticfiles"],
            "BACKEND": "portal.static_storage.CompressedManifestStaticStorage",
        },
    }
    with (
        override_settings(
            STATIC_ROOT=root,
            STATICFILES_DIRS=[source],
            STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
            STORAGES=production,
        ),
        umask(0o077),
    ):
        call_command("collectstatic", interactive=False, verbosity=0)

    files = [path for path in root.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert "site.css" in names
    assert "site.css.gz" in names  # WhiteNoise's copy, written with a plain open()
    assert any(re.fullmatch(r"site\.[0-9a-f]{12}\.css", name) for name in names)
    assert {path.name: oct(mode(path)) for path in files} == dict.fromkeys(names, "0o644")
    directories = [root, *(path for path in root.rglob("*") if path.is_dir())]
    assert {oct(mode(path)) for path in directories} == {"0o755"}


def test_public_images_are_world_readable_documents_are_not():
    """Images and renditions (MEDIA_ROOT, served by the proxy) 0644; documents 0640."""
    private = storages[PRIVATE_STORAGE]
    with umask(0o077):
        image = default_storage.save("images/bild.webp", ContentFile(b"RIFF"))
        document = private.save("documents/handout.pdf", ContentFile(b"%PDF"))
    try:
        assert oct(mode(Path(default_storage.path(image)))) == "0o644"
        assert oct(mode(Path(default_storage.path(image)).parent)) == "0o755"
        assert oct(mode(Path(private.path(document)))) == "0o640"
    finally:
        default_storage.delete(image)
        private.delete(document)


def test_font_faces_name_only_small_vendored_files_with_swap():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    assert len(faces) == 12  # 6 cuts, Latin and Latin Extended
    for face in faces:
        assert "font-family:'Fira Sans'" in face
        assert "font-display:swap" in face
        assert "unicode-range:" in face
        [url] = re.findall(r"url\(\.\./vendor/fontsource-fira-sans/([^)]*)\)", face)
        path = FONTS / url
        assert path.suffix == ".woff2"
        assert path.stat().st_size < 60_000
    latin = [face for face in faces if "latin-ext" not in face]
    # Latin (U+0000-00FF) holds the German letters ä ö ü ß and the quotes „ “ (U+2000-206F).
    assert all("U+0000-00FF" in face and "U+2000-206F" in face for face in latin)
    assert "SIL Open Font License" in (FONTS / "LICENSE").read_text()
    assert (FONTS / "VERSION").read_text().strip()


def test_pages_load_the_fontsource_fonts_not_kern_ux_files(client, shared_site_pages):
    html = client.get("/").content.decode()

    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == ["/static/vendor/kern-ux/kern.min.css", "/static/css/site.css"]
    preload = re.search(r'<link rel="preload" href="([^"]+)" as="font"[^>]*>', html)
    assert "fira-sans-latin-400-normal" in preload.group(1)
    assert "crossorigin" in preload.group(0)
    assert "kern-ux/fonts" not in html
    assert not (Path(settings.BASE_DIR) / "static" / "vendor" / "kern-ux" / "fonts").exists()
