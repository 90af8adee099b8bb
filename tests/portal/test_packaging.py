"""``pip install -e .`` stays quiet: the licence is an SPDX expression (PEP 639), which
setuptools reads from version 77 on; a TOML table there makes it print deprecation banners."""

import tomllib
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.version import Version


def pyproject() -> dict:
    return tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())


def test_the_licence_is_an_spdx_expression():
    assert pyproject()["project"]["license"] == "EUPL-1.2"


def test_the_build_needs_a_setuptools_that_reads_it():
    [requirement] = [Requirement(r) for r in pyproject()["build-system"]["requires"]]
    assert requirement.name == "setuptools"
    assert not requirement.specifier.contains(Version("76.1"))
    assert requirement.specifier.contains(Version("77.0"))
