"""Static files that a reverse proxy running as another user may read (mode 0644, dirs 0755).

``FILE_UPLOAD_PERMISSIONS = 0o640`` keeps uploads from other users of the machine, but Django
applies it to every ``FileSystemStorage`` without its own mode, and so to ``collectstatic``: the
collected files came out 0640, and an nginx serving ``/static/`` as ``www-data`` got 403s.
Static files are public by definition, so settings.STORAGES gives the static storage
``file_permissions_mode=0o644`` and ``directory_permissions_mode=0o755``.

WhiteNoise writes its ``.gz``/``.br`` copies with a plain ``open()``, so their mode follows the
process umask rather than those options; ``CompressedManifestStaticStorage`` sets it on them too.
"""

import os

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CompressedManifestStaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, with its compressed copies given ``file_permissions_mode``."""

    def compress_files(self, paths):
        for name, compressed_name in super().compress_files(paths):
            if self.file_permissions_mode is not None:
                os.chmod(self.path(compressed_name), self.file_permissions_mode)
            yield name, compressed_name
