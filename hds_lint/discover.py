"""Find the files to scan under the paths a user gave, without leaving the scanned tree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hds_lint.errors import UsageError

FileKind = Literal["terraform", "terraform-json", "tfvars", "yaml", "json"]

# Tool and dependency caches: scanning them would report other people's code, or the same
# module twice (Terragrunt copies whole module trees into its cache).
SKIPPED_DIRS = frozenset({".git", ".terraform", "node_modules", ".terragrunt-cache"})


@dataclass(frozen=True, order=True)
class DiscoveredFile:
    path: str  # absolute, symlinks resolved
    kind: FileKind


def kind_from_name(name: str) -> FileKind | None:
    lower = name.lower()
    if lower.endswith(".tf"):
        return "terraform"
    if lower.endswith(".tf.json"):
        return "terraform-json"
    if lower.endswith((".tfvars", ".tfvars.json")):
        return "tfvars"
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    if lower.endswith(".json"):
        return "json"
    return None


def _kind_from_content(path: Path) -> FileKind:
    """A file named on the command line is scanned whatever its name: guess from its start."""
    try:
        head = path.read_bytes()[:4096].decode("utf-8", errors="replace")
    except OSError:
        return "yaml"
    stripped = head.lstrip()
    if stripped.startswith(("{", "[")):
        return "json"
    for marker in ('resource "', 'provider "', 'module "', 'variable "', "terraform {"):
        if marker in head:
            return "terraform"
    return "yaml"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def discover(paths: list[str]) -> list[DiscoveredFile]:
    """Files to scan, sorted and without duplicates; raises UsageError for a missing path."""
    found: dict[str, DiscoveredFile] = {}
    for given in paths:
        start = Path(given)
        if not start.exists():
            raise UsageError(f"{given}: no such file or directory")
        if start.is_file():
            real = start.resolve()
            kind = kind_from_name(real.name) or kind_from_name(start.name) or _kind_from_content(real)
            found.setdefault(str(real), DiscoveredFile(str(real), kind))
            continue
        root = start.resolve()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
            for name in filenames:
                kind = kind_from_name(name)
                if kind is None:
                    continue
                candidate = Path(dirpath, name)
                real = candidate.resolve()
                if not _inside(real, root) or not real.is_file():
                    continue  # a link leaving the scanned tree, or a dangling one
                found.setdefault(str(real), DiscoveredFile(str(real), kind))
    return sorted(found.values())
