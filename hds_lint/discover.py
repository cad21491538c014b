"""Find the files to scan under the paths a user gave, without leaving the scanned tree."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hds_lint.errors import UsageError
from hds_lint.model import LoadProblem

FileKind = Literal["terraform", "terraform-json", "tfvars", "yaml", "json"]

# Tool and dependency caches: scanning them would report other people's code, or the same
# module twice (Terragrunt copies whole module trees into its cache).
STDIN = "<stdin>"  # the path standing for standard input, as `-` on the command line
SKIPPED_DIRS = frozenset({".git", ".terraform", "node_modules", ".terragrunt-cache"})


@dataclass(frozen=True, order=True)
class DiscoveredFile:
    path: str  # absolute, symlinks resolved
    kind: FileKind


def is_terraform(kind: FileKind) -> bool:
    return kind in ("terraform", "terraform-json", "tfvars")


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
        with path.open("rb") as stream:
            head = stream.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return "yaml"
    stripped = head.lstrip()
    if stripped.startswith(("{", "[")):
        return "json"
    for marker in ('resource "', 'provider "', 'module "', 'variable "', "terraform {"):
        if marker in head:
            return "terraform"
    return "yaml"


def _module_files(folder: Path) -> list[DiscoveredFile]:
    """The Terraform files of a folder (not links). A variable file named alone, as pre-commit
    passes a changed terraform.tfvars, changes what every resource of its module is: they
    are scanned with it, suppressions and all."""
    found = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []  # the variable file is still scanned; its folder cannot be listed
    for entry in entries:
        kind = kind_from_name(entry.name)
        if kind in ("terraform", "terraform-json") and entry.is_file(follow_symlinks=False):
            found.append(DiscoveredFile(entry.path, kind))
    return found


def _walk(top: str, unreadable: Callable[[OSError], None]) -> Iterator[os.DirEntry[str]]:
    """The entries of a folder that are not folders (links to files included), then those
    of its sub-folders by name, as os.walk visits them without following links; the file
    types come with the listing, so a walk costs no call per file."""
    pending = [top]  # folders still to list, the next one last
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            unreadable(error)
            continue
        folders = []
        for entry in entries:
            if not _is_folder(entry):
                yield entry
            elif entry.name not in SKIPPED_DIRS and not _is_link(entry):
                folders.append(entry.path)
        pending.extend(sorted(folders, key=os.path.basename, reverse=True))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def discover(paths: list[str]) -> tuple[list[DiscoveredFile], list[LoadProblem]]:
    """Files to scan, sorted and without duplicates, and notices for what was passed over
    (links leaving the scanned folder, folders that cannot be read); UsageError for a
    missing path."""
    found: dict[str, DiscoveredFile] = {}
    notices: list[LoadProblem] = []

    def unreadable(error: OSError) -> None:
        notices.append(LoadProblem(str(error.filename), 1, f"folder not scanned: {error.strerror}"))

    for given in paths:
        if given == "-":  # rendered manifests on standard input (helm template ... | hds-lint scan -)
            found.setdefault(STDIN, DiscoveredFile(STDIN, "yaml"))
            continue
        start = Path(given)
        if not start.exists():
            raise UsageError(f"{given}: no such file or directory")
        if start.is_file():
            real = start.resolve()
            kind = kind_from_name(real.name) or kind_from_name(start.name) or _kind_from_content(real)
            found.setdefault(str(real), DiscoveredFile(str(real), kind))
            if kind == "tfvars":
                found.update((f.path, f) for f in _module_files(real.parent) if f.path not in found)
            continue
        root = start.resolve()
        for entry in _walk(str(root), unreadable):
            kind = kind_from_name(entry.name)
            if kind is None:
                continue
            candidate = entry.path
            if not _is_link(entry):  # walked folders are real: so is the file's path
                if _is_file(entry):  # not a socket or a pipe
                    found.setdefault(candidate, DiscoveredFile(candidate, kind))
                continue
            try:
                real = Path(candidate).resolve()
            except (RuntimeError, OSError):  # a link to itself, or a loop of links
                notices.append(LoadProblem(candidate, 1, "not scanned: a link that leads back to itself"))
                continue
            if not real.is_relative_to(root):
                notices.append(LoadProblem(candidate, 1, f"not scanned: a link to {real}, outside {root}"))
                continue
            if real.is_file():  # a dangling link is nothing to scan
                found.setdefault(str(real), DiscoveredFile(str(real), kind))
    return sorted(found.values()), notices
