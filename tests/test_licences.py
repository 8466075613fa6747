"""Licences: the project is MIT, and nothing it installs (the `test` extra included) is GPL or AGPL.

LGPL libraries are allowed only when listed below with the reason they are acceptable.
"""

from __future__ import annotations

import re
import warnings
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

ROOT_EXTRAS = ("test",)

# LGPL, each imported unmodified as a separate, replaceable library, which the LGPL permits
# in software under any licence (no static linking, no copied code).
LGPL_ALLOWED = {
    "psycopg": "the Postgres driver, LGPL-3.0; imported as a library",
    "psycopg-binary": "psycopg's bundled libpq build, LGPL-3.0; a separate shared library",
    "python-telegram-bot": "the Telegram SDK, LGPL-3.0; imported as a library",
    "python-stdnum": "VAT ID and number checks, LGPL-2.1+; imported as a library",
    "pycountry": "country data for schwifty (IBAN), LGPL-2.1; imported as a library",
    "fpdf2": "test extra only (makes the test PDFs), LGPL-3.0; never shipped with the product",
    "pi-heif": "HEIC decoding; its wheels bundle libheif and libde265 (LGPL-3.0) as shared libraries",
}

_SPDX = re.compile(r"\b(AGPL|LGPL|GPL)-\d")
_TEXT = [("AGPL", re.compile(r"\bAGPL|Affero General Public", re.I)),
         ("LGPL", re.compile(r"\bLGPL|Lesser General Public|Library General Public", re.I)),
         ("GPL", re.compile(r"\bGPL|(?<!Lesser )(?<!Library )(?<!Affero )General Public License", re.I))]


def bundled(dist: metadata.Distribution) -> list[str]:
    """The `License:` lines of a wheel's list of bundled libraries (LICENSES_bundled.txt and the like):
    a wheel's metadata may name only its own code's licence."""
    lines = []
    for path in dist.files or []:
        if ".dist-info" in str(path) and "bundled" in path.name.lower():
            text = path.locate().read_text(encoding="utf-8", errors="replace")
            lines += re.findall(r"^License:\s*(.+)$", text, re.M)
    return lines


def declared(meta) -> bool:
    return bool(meta.get("License-Expression") or (meta.get("License") or "").strip()
                or any(c.startswith("License") for c in meta.get_all("Classifier") or []))


def licence_file_heads(dist: metadata.Distribution) -> list[str]:
    """The opening lines of a distribution's licence files (LICENSE, COPYING), where its metadata names no
    licence: a GPL text says so in its title ('GNU GENERAL PUBLIC LICENSE')."""
    heads = []
    for path in dist.files or []:
        name = path.name.upper()
        if ".dist-info" in str(path) and name.startswith(("LICEN", "COPYING")):
            heads.append(path.locate().read_text(encoding="utf-8", errors="replace")[:300])
    return heads


def texts_of(dist: metadata.Distribution) -> list[str]:
    """What besides its metadata says a distribution's licence."""
    return bundled(dist) + ([] if declared(dist.metadata) else licence_file_heads(dist))


def copyleft(meta, extra: list[str] = ()) -> set[str]:
    """The GPL family members (GPL, AGPL, LGPL) that a distribution's metadata (and extra texts) name."""
    found = set(_SPDX.findall(meta.get("License-Expression") or ""))
    texts = [meta.get("License") or ""] + [c for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    texts += extra
    for text in texts:
        found.update(kind for kind, pattern in _TEXT if pattern.search(text))
    return found


def closure(name: str = "invoicebot", extras: tuple[str, ...] = ROOT_EXTRAS) -> dict[str, metadata.Distribution]:
    """Every installed distribution that `name[extras]` requires, directly or through others."""
    seen: dict[str, set[str]] = {}
    dists: dict[str, metadata.Distribution] = {}
    todo = [(name, set(extras))]
    while todo:
        dist_name, wanted = todo.pop()
        key = canonicalize_name(dist_name)
        if key in seen and wanted <= seen[key]:
            continue
        seen[key] = seen.get(key, set()) | wanted
        dist = dists.setdefault(key, metadata.distribution(dist_name))
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in seen[key] | {""}):
                todo.append((req.name, set(req.extras)))
    return dists


class _Meta(dict):
    def get_all(self, key, default=None):
        return self.get(key, default)


@pytest.mark.parametrize(("meta", "kinds"), [
    ({"License-Expression": "GPL-3.0-only"}, {"GPL"}),
    ({"License-Expression": "AGPL-3.0-or-later"}, {"AGPL"}),
    ({"License-Expression": "LGPL-2.1-only"}, {"LGPL"}),
    ({"License-Expression": "MIT OR GPL-2.0-or-later"}, {"GPL"}),
    ({"License": "GNU GPL v3"}, {"GPL"}),
    ({"License": "LGPL"}, {"LGPL"}),
    ({"Classifier": ["License :: OSI Approved :: GNU General Public License v3 (GPLv3)"]}, {"GPL"}),
    ({"Classifier": ["License :: OSI Approved :: GNU Affero General Public License v3"]}, {"AGPL"}),
    ({"Classifier": ["License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)"]}, {"LGPL"}),
    ({"License-Expression": "MIT", "Classifier": ["License :: OSI Approved :: MIT License"]}, set()),
    ({"License": "BSD-3-Clause, Apache-2.0, dependency licenses"}, set()),
])
def test_copyleft_is_recognised_in_every_metadata_field(meta, kinds):
    assert copyleft(_Meta(meta)) == kinds


def test_licences_of_bundled_libraries_count_too():
    meta = _Meta({"License": "BSD-3-Clause"})
    assert copyleft(meta) == set()
    assert copyleft(meta, ["LGPLv3", "GPLv2"]) == {"LGPL", "GPL"}
    assert bundled(metadata.distribution("pi-heif")) == ["LGPLv3", "LGPLv3"]


def test_a_licence_only_in_a_file_counts_by_its_title(tmp_path):
    meta = _Meta({"Classifier": ["Topic :: System :: Networking"]})
    assert not declared(meta)
    assert copyleft(meta, ["                    GNU GENERAL PUBLIC LICENSE\n                       Version 3"]) == {"GPL"}
    assert copyleft(meta, ["Copyright (c) 2014, Menno Smits\nAll rights reserved.\n\nRedistribution"]) == set()


def test_the_project_is_mit():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n\nCopyright (c) 2026 invoicebot contributors\n")
    assert metadata.metadata("invoicebot").get("License-Expression") == "MIT"


def test_no_dependency_is_gpl_and_lgpl_ones_are_listed():
    dists = closure()
    assert {"pi-heif", "pytest", "openpyxl"} <= dists.keys() and "pillow-heif" not in dists
    refused = {}
    for key, dist in sorted(dists.items()):
        kinds = copyleft(dist.metadata, texts_of(dist))
        if not declared(dist.metadata) and not licence_file_heads(dist):
            refused[key] = ["no licence in its metadata or files"]
        if kinds & {"GPL", "AGPL"}:
            refused[key] = sorted(kinds)
        elif kinds == {"LGPL"} and key not in LGPL_ALLOWED:
            refused[key] = ["LGPL, not listed in LGPL_ALLOWED with a reason"]
    assert refused == {}
    stale = LGPL_ALLOWED.keys() - {k for k, d in dists.items() if copyleft(d.metadata, texts_of(d))}
    if stale:
        warnings.warn(f"no longer needed in tests/test_licences.py: {sorted(stale)}", stacklevel=1)
