"""Reading the demo data files that sit next to each app's demo seeders.

The demo texts are data, not code: each app keeps them as YAML in its ``demo/`` folder, read
from the source tree (the folder ships with the app, so no packaging step is involved).
"""

from functools import cache
from pathlib import Path

import yaml


def load(package_file: str, name: str):
    """The parsed YAML file ``name`` in the folder of ``package_file`` (pass ``__file__``)."""
    return _load(Path(package_file).parent / name)


@cache
def _load(path: Path):
    # Cached per process: ``seed_demo`` and the tests read the same files many times. Callers
    # must not change what they get back.
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)
