"""The shared vocabulary of every stage: plain, immutable data that one stage hands the next."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    """A value the static view cannot know; `text` is the expression as written, for messages."""

    text: str

    def __str__(self) -> str:
        return self.text


def is_known(value: Any) -> bool:
    """True when a value holds no Unknown anywhere inside it."""
    if isinstance(value, Unknown):
        return False
    if isinstance(value, dict):
        return all(is_known(v) for v in value.values())
    if isinstance(value, list):
        return all(is_known(v) for v in value)
    return True


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


@dataclass(frozen=True)
class Placement:
    """Where a resource would run or store its data, as far as the static view can tell.

    `providers` lists candidate catalog provider ids (several when a Kubernetes region name
    exists at more than one provider); `unlisted` names a provider the catalog does not know;
    `unresolved` holds what could not be determined, each with where it was read.
    """

    providers: tuple[str, ...] = ()
    provider_origin: Origin | None = None
    provider_label: str = ""
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

    def attribute_span(self, path: AttrPath) -> Span | None:
        """The span of the attribute at `path`, or of its nearest enclosing attribute."""
        for end in range(len(path), 0, -1):
            span = self.attribute_spans.get(tuple(path[:end]))
            if span is not None:
                return span
        return None

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


def last_line(text: str) -> int:
    """Number of the last line; parsers report "unexpected end of file" one line past it."""
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def problem_at(path: str, text: str, line: int, message: str) -> LoadProblem:
    return LoadProblem(path, min(max(line, 1), last_line(text)), message)


@dataclass(frozen=True)
class Related:
    span: Span
    message: str


@dataclass(frozen=True)
class Finding:
    rule_id: str
    level: Level
    message: str
    location: Span
    address: str  # resource address, or the file path for file-level findings
    kind: str
    anchor: str  # the attribute or fact the finding is about; part of its stable identity
    related: tuple[Related, ...] = ()

    @property
    def identity(self) -> str:
        """What makes this finding the same finding across edits elsewhere in the file."""
        return f"{self.rule_id}|{self.address}|{self.anchor}"


@dataclass
class ScanResult:
    findings: list[Finding]
    problems: list[LoadProblem]
    notices: list[LoadProblem]  # files seen but deliberately not read, said once
    files: list[str]
    resources: int = 0
    in_scope: int = 0
