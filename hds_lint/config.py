"""`.hds-lint.yaml`: found from the scanned path up to the repository root, or `--config`.

Validated on load: an unknown key or a wrong type is one line naming the file, the key and
what was expected (exit 2), because a misspelt setting silently ignored is a compliance gate
silently open.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hds_lint.errors import UsageError
from hds_lint.model import LEVELS
from hds_lint.sources import resolve

CONFIG_NAMES = (".hds-lint.yaml", ".hds-lint.yml")
FAIL_ON = ("error", "warning", "note", "never")


@dataclass(frozen=True)
class ClusterTarget:
    """Where manifests under some paths run, for manifests that do not say themselves."""

    paths: tuple[str, ...]
    provider: str
    region: str
    line: int


@dataclass(frozen=True)
class RegionOverride:
    """An organisation's contract-specific fact about a provider's region, with its source."""

    provider: str
    region: str
    hds: str
    source: str
    line: int


@dataclass(frozen=True)
class Config:
    path: str | None = None  # None: defaults, no file
    fail_on: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    levels: dict[str, str] = field(default_factory=dict)
    exclude_paths: tuple[str, ...] = ()
    classification_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    inherit_resource_group_tags: bool = False
    allow_inline: bool = True
    require_reason: bool = True
    min_retention_days: int | None = None
    max_file_mb: float = 5.0  # larger files are reported, not parsed (generated monsters, binaries)
    variables: dict[str, str] = field(default_factory=dict)
    var_files: tuple[str, ...] = ()
    clusters: tuple[ClusterTarget, ...] = ()
    overrides: tuple[RegionOverride, ...] = ()

    @property
    def base(self) -> Path:
        """Relative paths in the file are relative to the file's folder."""
        return Path(self.path).parent if self.path else Path.cwd()

    def excluded(self, path: str) -> bool:
        return bool(self.exclude_paths) and _matches(path, self.exclude_paths, self.base)

    def cluster_for(self, path: str) -> ClusterTarget | None:
        return next((c for c in self.clusters if _matches(path, c.paths, self.base)), None)


def _matches(path: str, globs: tuple[str, ...], base: Path) -> bool:
    if not globs:
        return False  # resolving the path costs a file system walk; most files meet no pattern
    try:
        relative = resolve(Path(path)).relative_to(resolve(base)).as_posix()
    except ValueError:
        relative = Path(path).as_posix()
    return any(fnmatch.fnmatchcase(relative, g) or fnmatch.fnmatchcase(relative, g.rstrip("/") + "/*") for g in globs)


# --- loading --------------------------------------------------------------------------------


class _Section:
    """A mapping of the file with the line of each key, for errors that name file:line."""

    def __init__(self, node: yaml.Node, file: str, where: str, known: tuple[str, ...]) -> None:
        if not isinstance(node, yaml.MappingNode):
            raise UsageError(f"{file}:{node.start_mark.line + 1}: {where or 'the file'}: expected a mapping")
        self.file, self.where = file, where
        self.items: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in known:
                raise UsageError(
                    f"{file}:{key_node.start_mark.line + 1}: {self._name(key)}: unknown key (known: {', '.join(known)})"
                )
            self.items[key] = value_node

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, expected: str) -> UsageError:
        line = self.items[key].start_mark.line + 1 if key in self.items else 1
        return UsageError(f"{self.file}:{line}: {self._name(key)}: expected {expected}")

    def line(self, key: str) -> int:
        return self.items[key].start_mark.line + 1

    def value(self, key: str) -> Any:
        node = self.items.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
            return None
        return yaml.safe_load(yaml.serialize(node))

    def section(self, key: str, known: tuple[str, ...]) -> _Section | None:
        if key not in self.items or self.value(key) is None:  # absent, or every child commented out
            return None
        return _Section(self.items[key], self.file, self._name(key), known)

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        value = self.value(key)
        if value is None:
            return None
        if value not in choices:
            raise self.fail(key, f"one of {', '.join(choices)}, not {value!r}")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.value(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.value(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of strings")
        return tuple(value)

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.value(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(key, "a mapping")
        return {str(k): v for k, v in value.items()}

    def items_list(self, key: str) -> list[tuple[int, yaml.Node]]:
        node = self.items.get(key)
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(key, "a list")
        return [(item.start_mark.line + 1, item) for item in node.value]


def _rule_ids(section: _Section, key: str) -> tuple[str, ...]:
    from hds_lint.checks import rule

    ids = []
    for item in section.strings(key):
        try:
            ids.append(rule(item).id)
        except UsageError as exc:
            raise section.fail(key, f"rule IDs or slugs ({exc})") from exc
    return tuple(ids)


def load_config(path: str) -> Config:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the configuration: {exc.strerror}") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UsageError(
            f"{path}:{mark.line + 1 if mark else 1}: invalid YAML: {getattr(exc, 'problem', exc)}"
        ) from exc
    if node is None:
        return Config(path=path)
    top = _Section(
        node,
        path,
        "",
        (
            "fail_on",
            "rules",
            "paths",
            "classification",
            "suppressions",
            "backup",
            "terraform",
            "kubernetes",
            "catalog",
            "limits",
        ),
    )
    rules = top.section("rules", ("select", "ignore", "levels"))
    levels: dict[str, str] = {}
    if rules is not None:
        from hds_lint.checks import rule

        for key, level in rules.mapping("levels").items():
            try:
                rule_id = rule(key).id
            except UsageError as exc:
                raise rules.fail("levels", f"rule IDs or slugs as keys ({exc})") from exc
            if level not in LEVELS:
                raise rules.fail("levels", f"levels among {', '.join(LEVELS)}, not {level!r}")
            levels[rule_id] = level
    paths = top.section("paths", ("exclude",))
    classification = top.section("classification", ("keys", "include", "exclude", "inherit_resource_group_tags"))
    keys: dict[str, tuple[str, ...]] = {}
    if classification is not None:
        for key, values in classification.mapping("keys").items():
            values = values if isinstance(values, list) else [values]
            if not all(isinstance(v, str | bool) for v in values):
                raise classification.fail("keys", "a mapping of label keys to values (text or true)")
            keys[key.lower()] = tuple(str(v).lower() for v in values)
    suppressions = top.section("suppressions", ("allow_inline", "require_reason"))
    backup = top.section("backup", ("min_retention_days",))
    retention = backup.value("min_retention_days") if backup else None
    if retention is not None and (isinstance(retention, bool) or not isinstance(retention, int) or retention < 0):
        raise backup.fail("min_retention_days", "a whole number of days")  # type: ignore[union-attr]
    terraform = top.section("terraform", ("variables", "var_files"))
    variables = {
        k: v if isinstance(v, str) else _hcl_literal(v)
        for k, v in (terraform.mapping("variables") if terraform else {}).items()
    }
    base = Path(path).parent
    var_files = tuple(str(base / f) for f in (terraform.strings("var_files") if terraform else ()))
    for var_file in var_files:
        if not Path(var_file).is_file():
            raise terraform.fail("var_files", f"existing files (no {var_file})")  # type: ignore[union-attr]
    limits = top.section("limits", ("max_file_mb",))
    max_file_mb = limits.value("max_file_mb") if limits else None
    if max_file_mb is not None and (
        isinstance(max_file_mb, bool) or not isinstance(max_file_mb, int | float) or max_file_mb <= 0
    ):
        raise limits.fail("max_file_mb", "a positive number of megabytes")  # type: ignore[union-attr]
    return Config(
        path=path,
        max_file_mb=float(max_file_mb) if max_file_mb is not None else 5.0,
        fail_on=top.choice("fail_on", FAIL_ON),
        select=_rule_ids(rules, "select") if rules else (),
        ignore=_rule_ids(rules, "ignore") if rules else (),
        levels=levels,
        exclude_paths=paths.strings("exclude") if paths else (),
        classification_keys=keys,
        include=classification.strings("include") if classification else (),
        exclude=classification.strings("exclude") if classification else (),
        inherit_resource_group_tags=(
            classification.boolean("inherit_resource_group_tags", False) if classification else False
        ),
        allow_inline=suppressions.boolean("allow_inline", True) if suppressions else True,
        require_reason=suppressions.boolean("require_reason", True) if suppressions else True,
        min_retention_days=retention,
        variables=variables,
        var_files=var_files,
        clusters=_clusters(top, path),
        overrides=_overrides(top, path),
    )


def _hcl_literal(value: Any) -> str:
    """A YAML value for a Terraform variable, written as the HCL text --var would take."""
    import json

    try:
        return json.dumps(value)
    except TypeError as exc:  # a YAML date or another value with no HCL spelling
        raise UsageError(f"terraform.variables: {value!r} is not a value Terraform can take ({exc}); quote it") from exc


def _clusters(top: _Section, path: str) -> tuple[ClusterTarget, ...]:
    kubernetes = top.section("kubernetes", ("clusters",))
    if kubernetes is None:
        return ()
    targets = []
    for line, node in kubernetes.items_list("clusters"):
        entry = _Section(node, path, f"kubernetes.clusters (line {line})", ("paths", "provider", "region"))
        for key in ("provider", "region"):
            if not isinstance(entry.value(key), str):
                raise (
                    entry.fail(key, "text")
                    if key in entry.items
                    else UsageError(
                        f"{path}:{line}: kubernetes.clusters: each cluster needs paths, provider and region"
                    )
                )
        if not entry.strings("paths"):
            raise UsageError(f"{path}:{line}: kubernetes.clusters: each cluster needs paths, provider and region")
        targets.append(ClusterTarget(entry.strings("paths"), entry.value("provider"), entry.value("region"), line))
    return tuple(targets)


def _overrides(top: _Section, path: str) -> tuple[RegionOverride, ...]:
    catalog = top.section("catalog", ("overrides",))
    if catalog is None:
        return ()
    overrides = []
    for line, node in catalog.items_list("overrides"):
        entry = _Section(node, path, f"catalog.overrides (line {line})", ("provider", "region", "hds", "source"))
        values = {k: entry.value(k) for k in ("provider", "region", "hds", "source")}
        missing = [k for k, v in values.items() if not isinstance(v, str) or not v.strip()]
        if missing:
            raise UsageError(
                f"{path}:{line}: catalog.overrides: each override needs provider, region, hds and a source "
                f"(missing or not text: {', '.join(missing)})"
            )
        if values["hds"] not in ("covered", "not_covered", "unknown"):
            raise entry.fail("hds", "covered, not_covered or unknown")
        overrides.append(RegionOverride(values["provider"], values["region"], values["hds"], values["source"], line))
    return tuple(overrides)


def find_config(paths: list[str], explicit: str | None) -> Config:
    """`--config`, else the nearest `.hds-lint.yaml` from the first scanned path up to the
    repository root (the folder holding `.git`), else the defaults."""
    if explicit:
        if not Path(explicit).is_file():
            raise UsageError(f"{explicit}: no such configuration file")
        return load_config(explicit)
    start = Path(paths[0] if paths else ".").resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return load_config(str(candidate / name))
        if (candidate / ".git").exists():
            break
    return Config()


STARTER = """\
# hds-lint configuration, written by `hds-lint init`. Every key is optional; delete what you
# do not need. The README's "Configuration" section describes each one.

# Exit 1 when a finding is at or above this level: error | warning | note | never
fail_on: error

rules:
  # Report only these rules (IDs or slugs); empty means all.
  select: []
  # Never report these.
  ignore: []
  # Change a rule's level, e.g. make unresolved locations fail the build:
  # levels:
  #   HDS004: error

paths:
  # Globs relative to this file, e.g. examples and vendored code.
  exclude: []

classification:
  # Label keys (and their values) that mark health data, in addition to the defaults
  # (data-classification: health, hds: true, health-data: true).
  # keys:
  #   sensitivity: [phi, health]
  # Resources with no tags (many OVHcloud resources): addresses or Kind/namespace/name globs.
  # include: ["ovh_cloud_project_database.*"]
  # exclude: ["aws_s3_bucket.public_*"]
  # Azure resources do not inherit their resource group's tags; true if your policy says they do.
  # inherit_resource_group_tags: false

suppressions:
  # false: inline `hds-lint: ignore=...` comments and annotations are not honoured.
  allow_inline: true
  # A suppression without reason="..." raises HDS032.
  require_reason: true

# backup:
#   min_retention_days: 30

# limits:
#   # Files larger than this are reported (HDS900), not parsed.
#   max_file_mb: 5

# terraform:
#   variables:
#     region: eu-west-3
#   var_files: [environments/prod.tfvars]

# kubernetes:
#   # Where manifests run when they do not pin a region themselves.
#   clusters:
#     - paths: ["k8s/prod/**"]
#       provider: aws
#       region: eu-west-3

# catalog:
#   # Facts from your own hosting contract, with their source.
#   overrides:
#     - provider: azurerm
#       region: germanywestcentral
#       hds: covered
#       source: "HDS contract annex 2, signed 2026-03-01"
"""
