"""The shared vocabulary of every stage: plain, immutable data that one stage hands the next."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Source = Literal["terraform", "kubernetes"]
Level = Literal["error", "warning", "note"]
LEVELS: tuple[Level, ...] = ("note", "warning", "error")

# A path into a resource's attributes: keys for maps, ints for list items.
AttrPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Span:
    """Lines of a file, 1-based and inclusive; `path` is as discovered (absolute)."""

    path: str
    start_line: int
    end_line: int

    @property
    def first_line(self) -> Span:
        return Span(self.path, self.start_line, self.start_line)


@dataclass(frozen=True)
class Unknown:
    """A value the static view cannot know; `text` is the expression as written, for messages.

    `reason` names the root cause (a variable without a value, a data source, an attribute
    known only after apply) so a finding can say which input to supply; `error` marks an
    expression Terraform itself would reject, which `try()` and `can()` treat differently.
    """

    text: str
    reason: str = field(default="", compare=False)
    error: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return self.text


def map_strings(value: Any, convert: Any) -> Any:
    """`value` with every string (not key) replaced by `convert(string)`, at any depth."""
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, dict):
        return {k: map_strings(v, convert) for k, v in value.items()}
    if isinstance(value, list):
        return [map_strings(v, convert) for v in value]
    return value


def has_unknown(value: Any) -> bool:
    """True when a value holds an Unknown anywhere, or is a partly known object."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(is_unknown_key(k) or has_unknown(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_unknown(v) for v in value)
    return False


def unknown_key(text: str) -> str:
    """The dict key standing for a computed key (`(var.k) = "v"`), so known keys can stay."""
    return f"<{text}>"


def is_unknown_key(key: Any) -> bool:
    return isinstance(key, str) and key.startswith("<") and key.endswith(">")


def attr_name(path: AttrPath) -> str:
    """`("settings", 0, "user_labels")` -> `settings.user_labels`, for messages and identities."""
    return ".".join(str(p) for p in path if not isinstance(p, int))


def _walk(value: Any, parts: list[str], path: AttrPath) -> Iterator[tuple[Any, AttrPath]]:
    if isinstance(value, list) and parts:  # blocks on the way; a list at the end is the value
        for index, item in enumerate(value):
            yield from _walk(item, parts, (*path, index))
        return
    if not parts:
        yield value, path
        return
    if isinstance(value, dict) and parts[0] in value:
        yield from _walk(value[parts[0]], parts[1:], (*path, parts[0]))


@dataclass(frozen=True)
class Origin:
    """Where a fact about a resource was read, said in words a reader understands.

    `key` names the fact stably (`location`, `provider.region`, `nodeSelector`): it is part
    of a finding's identity, so an alert survives edits to the value and to other lines.
    """

    span: Span
    description: str
    key: str
    on_resource: bool = False


@dataclass(frozen=True)
class Classification:
    """Whether a resource holds health data: "in", "out" or "unknown", and why."""

    state: Literal["in", "out", "unknown"]
    reason: Origin | None = None
    chain: tuple[Origin, ...] = ()  # for a resource in scope by relation: the reasons before it
    copy_of: Origin | None = None  # set when it holds a copy of another store's data (a replica, a backup)


@dataclass(frozen=True)
class Placement:
    """Where a resource would run or store its data, as far as the static view can tell.

    `providers` lists candidate catalog provider ids (several when a Kubernetes region name
    exists at more than one provider); `provider_origin` is where the provider was named, if
    anywhere; `unlisted` names a provider the catalog does not know;
    `unresolved` holds what could not be determined, each with where it was read.
    """

    providers: tuple[str, ...] = ()
    provider_origin: Origin | None = None
    unlisted: str | None = None
    regions: tuple[tuple[str, Origin], ...] = ()
    unresolved: tuple[tuple[str, Origin], ...] = ()


@dataclass(frozen=True)
class ProviderBinding:
    """The Terraform provider configuration a resource is bound to."""

    local_name: str
    alias: str | None
    source: str | None  # registry address from required_providers, e.g. "hashicorp/aws"
    config: dict[str, Any]  # evaluated attributes of the provider block; empty if no block
    config_spans: dict[str, Span]
    span: Span | None  # the provider block, None when no block configures it
    via: tuple[Span, ...] = ()  # module calls that passed this configuration down, outermost first

    @property
    def display(self) -> str:
        return f"{self.local_name}.{self.alias}" if self.alias else self.local_name


@dataclass(frozen=True)
class Resource:
    """One Terraform resource or Kubernetes object, whatever file format it came from."""

    source: Source
    kind: str  # Terraform resource type, or Kubernetes kind
    address: str  # aws_db_instance.main, or Deployment/namespace/name
    span: Span
    attributes: dict[str, Any]
    attribute_spans: dict[AttrPath, Span] = field(default_factory=dict, compare=False)
    provider: ProviderBinding | None = None
    api_version: str | None = None  # Kubernetes only
    calls: tuple[Span, ...] = field(default=(), compare=False)  # module calls leading here, outermost first
    # Terraform: the resources each attribute refers to (`rule.destination.bucket` -> addresses,
    # without instance keys), for relations such as replicas and backup copies.
    references: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    root: str = ""  # the root module folder: addresses are unique only within one root
    context: bool = False  # read for its relations only: not in a file the user named

    def span_at(self, path: AttrPath) -> Span:
        """The span of the attribute at `path`, else of its nearest enclosing attribute, else
        the resource's first line: a finding always has a line to point at."""
        for end in range(len(path), 0, -1):
            span = self.attribute_spans.get(tuple(path[:end]))
            if span is not None:
                return span
        return self.span.first_line

    def values(self, dotted: str) -> Iterator[tuple[Any, AttrPath]]:
        """Every value at a dotted path (`nodes.region`) with its exact path. Nested blocks are
        lists in HCL and may be single objects in `.tf.json`; both shapes are walked."""
        yield from _walk(self.attributes, dotted.split("."), ())

    def get(self, path: AttrPath, default: Any = None) -> Any:
        value: Any = self.attributes
        for key in path:
            if (isinstance(value, dict) and isinstance(key, str) and key in value) or (
                isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value)
            ):
                value = value[key]
            else:
                return default
        return value


@dataclass(frozen=True)
class LoadProblem:
    """A file (or part of one) that could not be read or understood; becomes HDS900."""

    path: str
    line: int
    message: str


@dataclass(frozen=True)
class Related:
    """A second place a finding points at: why the resource is in scope, where a value was set."""

    span: Span
    message: str


@dataclass(frozen=True)
class Finding:
    """One rule broken by one resource (or one file), located where the fix goes."""

    rule_id: str
    level: Level
    message: str
    location: Span
    address: str  # resource address, or the file path for file-level findings
    kind: str
    anchor: str  # the attribute or fact the finding is about; part of its stable identity
    related: tuple[Related, ...] = ()
    resource_span: Span | None = None  # the resource's block, where a suppression above it applies

    @property
    def identity(self) -> str:
        """What makes this finding the same finding across edits elsewhere in the file."""
        return f"{self.rule_id}|{self.address}|{self.anchor}"

    def fingerprint(self, relative_path: str) -> str:
        """Stable across line moves (no line text in it); the file keeps the same address in
        prod/ and staging/ apart. GitHub reads it as primaryLocationLineHash."""
        key = f"{relative_path}|{self.identity}"
        return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ":1"  # a name's own bytes


@dataclass(frozen=True)
class StoreEntry:
    """One resource holding health data, for the data map an HDS audit asks for."""

    address: str
    kind: str
    span: Span
    provider: str  # display name, or what the configuration says when the catalog does not know it
    locations: tuple[str, ...]  # "eu-west-3 (Paris, FR): covered"
    reason: str
    copies_to: tuple[str, ...]  # addresses this resource's data also lands in
    backup: str = ""  # how it is backed up, as far as the configuration says


@dataclass(frozen=True)
class Inputs:
    """Root variable values from the command line and the environment, lowest first."""

    var_files: tuple[str, ...] = ()
    variables: tuple[tuple[str, str], ...] = ()  # --var name=value, in order
    environment: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Unit:
    """One part of an analysis that stands on its own, with the record of what it read
    (sources.recording): a Terraform root module with the scanned folders its calls use, or
    the rest (plans and Kubernetes manifests). A later run reuses it when every read gives
    the same answer and its files are the same."""

    root: str  # the root module's folder; "" for the rest
    files: tuple[str, ...]  # the scanned files it stands for
    folders: tuple[str, ...]  # the scanned Terraform folders it used
    calls: tuple[tuple[str, tuple[str, ...]], ...]  # of each of its folders: the local module folders it calls
    reads: dict[tuple[str, str], Any]
    findings: tuple[Finding, ...]
    problems: tuple[LoadProblem, ...]  # files of its folders that could not be loaded
    notices: tuple[LoadProblem, ...]
    annotations: tuple[Any, ...]  # suppress.Suppression and suppress.Malformed of Kubernetes objects
    resources: int
    in_scope: int
    inventory: tuple[StoreEntry, ...]


@dataclass(frozen=True)
class Analysis:
    """What the files say, before suppressions are applied and findings selected: the part of
    a scan a later run reuses when nothing it read has changed."""

    files: tuple[str, ...]  # the files read, in discovery order (not those too large)
    findings: tuple[Finding, ...]
    suppressions: tuple[Any, ...]  # suppress.Suppression and suppress.Malformed
    problems: tuple[LoadProblem, ...]
    notices: tuple[LoadProblem, ...]
    resources: int
    in_scope: int
    inventory: tuple[StoreEntry, ...]


@dataclass(frozen=True)
class ScanResult:
    """What one scan found, in the order reports show it."""

    root: Path  # the repository root: report paths are relative to it
    findings: tuple[Finding, ...]
    problems: tuple[LoadProblem, ...]
    notices: tuple[LoadProblem, ...]  # files or links seen but deliberately not read, said once
    files: tuple[str, ...]
    resources: int = 0
    in_scope: int = 0
    suppressed: tuple[tuple[Finding, str], ...] = ()  # (finding, justification), not reported
    baselined: int = 0  # findings found in the baseline, not reported
    inventory: tuple[StoreEntry, ...] = ()


def base_address(address: str) -> str:
    """`aws_s3_bucket.b["k"]` -> `aws_s3_bucket.b`: references name resources, not instances."""
    return re.sub(r"\[[^\]]*\]$", "", address)
