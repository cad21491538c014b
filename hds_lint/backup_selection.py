"""AWS Backup selections (`rules/packs/backup.yaml`, `aws_backup_selection`): what a selection
selects, as AWS Backup decides: (resources OR selection_tag) AND every condition, minus
not_resources, by ARN pattern and by the tags AWS sees. Three-valued: a criterion hds-lint
cannot evaluate answers "cannot tell", never a guess. Its own module: the store knowledge in
backup.py does not need it, and relations.py asks it once per selection and resource."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from hds_lint.backup import pack_document, show_value, through_blocks
from hds_lint.errors import UsageError
from hds_lint.model import AttrPath, Resource, Span, Unknown, base_address, is_unknown_key, unknown_key

TAG_KEY_PREFIX = "aws:ResourceTag/"
# Before a referrer's attribute: it may refer through it, which cannot be told statically.
UNDETERMINED = "?"
ANY_ACCOUNT = "000000000000"  # the account in a resource's ARN: never known, always matched
OPERATORS = ("string_equals", "string_like", "string_not_equals", "string_not_like")


@cache
def selectable_arns() -> dict[str, str]:
    """Terraform type -> the ARN template AWS Backup matches selections against (the pack's
    `aws_backup_selection.arns`)."""
    path, data = pack_document()
    section = data.get("aws_backup_selection") if isinstance(data, dict) else None
    arns = section.get("arns") if isinstance(section, dict) else None
    if not isinstance(arns, dict) or not all(isinstance(v, str) for v in arns.values()):
        raise UsageError(f"{path}: aws_backup_selection.arns: expected a mapping of type to ARN template")
    return dict(arns)


@dataclass(frozen=True)
class Selected:
    """Whether a selection selects a resource: True, False, or None when it cannot be told;
    `why` names the criterion that decides, `path` where the selection writes it."""

    state: bool | None
    why: str = ""
    path: AttrPath = ()


NOT_SELECTED = Selected(False)


def _all(found: list[Selected]) -> Selected:
    for state in (False, None):
        for item in found:
            if item.state is state:
                return item
    return Selected(True, ", ".join(i.why for i in found if i.why), found[0].path if found else ())


def _text(value: Any) -> str | None:
    """A tag value as AWS stores it (Terraform converts true and 3 to strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value if isinstance(value, str) else None


def aws_tags(resource: Resource) -> dict[str, Any] | Unknown:
    """The tags AWS sees on a resource: `tags_all` in a plan, else the provider's default_tags
    merged with the resource's own. A key standing for tags hds-lint cannot read is an
    unknown key (`model.unknown_key`)."""
    in_plan = resource.attributes.get("tags_all")
    if isinstance(in_plan, dict):
        return in_plan
    own = resource.attributes.get("tags")
    if isinstance(own, Unknown):
        return own
    merged: dict[str, Any] = {}
    config = resource.provider.config if resource.provider is not None else {}
    defaults = config.get("default_tags")
    for block in defaults if isinstance(defaults, list) else [defaults] if defaults is not None else []:
        tags = block.get("tags") if isinstance(block, dict) else block
        if isinstance(tags, dict):
            merged.update(tags)
        elif isinstance(tags, Unknown):
            merged[unknown_key(tags.text)] = tags
    if isinstance(own, dict):
        merged.update(own)
    return merged


def _tag_test(operator: str, tags: dict[str, Any] | Unknown, key: Any, wanted: Any, what: str) -> Selected:
    """One tag criterion (`what` as written) against the resource's tags."""
    if isinstance(key, Unknown) or isinstance(wanted, Unknown):
        cause = key if isinstance(key, Unknown) else wanted
        return Selected(None, f"{what} cannot be evaluated" + (f" ({cause.reason})" if cause.reason else ""))
    if not isinstance(key, str) or _text(wanted) is None:
        return Selected(None, f"{what} is not a key and value hds-lint can read")
    name = key[len(TAG_KEY_PREFIX) :] if key.startswith(TAG_KEY_PREFIX) else key
    if isinstance(tags, Unknown):
        return Selected(None, f"its tags are {tags.text}" + (f" ({tags.reason})" if tags.reason else ""))
    negated = operator in ("string_not_equals", "string_not_like")
    if name not in tags:
        unread = next((k for k in tags if is_unknown_key(k)), None)
        if unread is not None:
            return Selected(None, f"{what}: its tags include {unread[1:-1]}, which hds-lint cannot read")
        return Selected(negated, f"{what} (it has no tag {name})" if negated else "")
    value = _text(tags[name])
    if isinstance(tags[name], Unknown) or value is None:
        return Selected(None, f"{what}: its tag {name} cannot be read statically")
    if operator in ("string_like", "string_not_like"):
        same = _glob(_text(wanted) or "").fullmatch(value) is not None
    else:
        same = value == _text(wanted)
    return Selected(same != negated, f"{what}" if same != negated else "")


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    """AWS Backup's wildcard: `*` is any string; nothing else is special. Compiled once a pattern."""
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")), re.DOTALL)


@lru_cache(maxsize=65536)  # many candidates share an ARN text (unknown ids): the same question
def _possible(pattern: str, tokens: tuple[str | None, ...]) -> bool:
    """Whether some value of the unknown parts (None) makes the subject match the pattern. An
    unknown part (a region, an account, a name, an id) holds no `:` or `/`, which separate the
    parts of an ARN."""
    n, m = len(pattern), len(tokens)
    row_below = [False] * (m + 1)  # matches of pattern[i + 1:] against tokens[j:]
    for i in range(n, -1, -1):
        row = [False] * (m + 1)
        for j in range(m, -1, -1):
            if i == n and j == m:
                row[j] = True
            elif i < n and pattern[i] == "*":
                row[j] = row_below[j] or (j < m and row[j + 1])
            elif j < m and tokens[j] is None:
                row[j] = row[j + 1] or (i < n and pattern[i] not in ":/" and row_below[j])
            elif i < n and j < m:
                row[j] = pattern[i] == tokens[j] and row_below[j + 1]
        row_below = row
    return row_below[0]


def resource_arn(resource: Resource, template: str) -> tuple[list[str | None], list[str]]:
    """The resource's ARN from its template, one token a character and None for a part hds-lint
    cannot know, with the names of those parts."""
    tokens: list[str | None] = []
    unknown: list[str] = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        value: Any = None
        if index % 2 == 0:
            tokens.extend(piece)
            continue
        if piece == "account":
            tokens.extend(ANY_ACCOUNT)  # patterns have their account made a wildcard (_arn_test)
            continue
        if piece == "region":
            value = resource.attributes.get("region")
            if value is None and resource.provider is not None:
                value = resource.provider.config.get("region")
        else:
            value = resource.attributes.get(piece)
        if isinstance(value, str) and "*" not in value:
            tokens.extend(value)
        else:
            tokens.append(None)
            unknown.append("its region" if piece == "region" else f"its {piece}")
    return tokens, unknown


@dataclass(frozen=True)
class Candidate:
    """A resource a selection may select, read once for every selection: its ARN (tokens, and
    the names of the parts hds-lint cannot know) and the tags AWS sees."""

    resource: Resource
    tokens: tuple[str | None, ...]
    unknown: tuple[str, ...]
    tags: dict[str, Any] | Unknown
    known: str = ""  # the ARN up to its first unknown part
    text: str = ""  # the ARN with "\x00" for each unknown part

    @classmethod
    def of(cls, resource: Resource, template: str) -> Candidate:
        tokens, unknown = resource_arn(resource, template)
        first = next((i for i, t in enumerate(tokens) if t is None), len(tokens))
        text = "".join("\x00" if t is None else t for t in tokens)
        return cls(resource, tuple(tokens), tuple(unknown), aws_tags(resource), text[:first], text)


@dataclass(frozen=True)
class _Test:
    """One criterion of a selection, read once for every candidate: an ARN pattern (`arn`), a
    tag test (`tag`, with its operator), or a criterion hds-lint cannot read (`unknown`)."""

    kind: str
    what: str
    path: AttrPath
    operator: str = ""
    key: Any = None
    value: Any = None
    pattern: str = ""

    def test(self, candidate: Candidate) -> Selected:
        if self.kind == "unknown":
            return Selected(None, self.what, self.path)
        if self.kind == "tag":
            found = _tag_test(self.operator, candidate.tags, self.key, self.value, self.what)
        else:
            found = self._arn(candidate)
        return found if found.state is False else replace(found, path=self.path)

    def _arn(self, candidate: Candidate) -> Selected:
        literal = self.pattern.split("*", 1)[0]
        common = min(len(literal), len(candidate.known))
        if candidate.known[:common] != literal[:common]:
            return NOT_SELECTED  # another service or resource type: no need to look further
        if _glob(self.pattern).fullmatch(candidate.text):
            return Selected(True, self.what)
        if len(candidate.known) < len(candidate.text) and _possible(self.pattern, candidate.tokens):
            parts = " and ".join(candidate.unknown) or "its ARN"
            return Selected(None, f"whether {self.what} matches its ARN depends on {parts}")
        return NOT_SELECTED


def _patterns(selection: Resource, attribute: str) -> tuple[_Test, ...]:
    """What `resources` or `not_resources` says, besides the resources it names by reference
    (a reference's ARN is known only after apply: it says nothing of other resources; anything
    else hds-lint cannot read may name any of them)."""
    found = []
    for value, path in through_blocks(selection, attribute):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                fields = item.split(":")
                if len(fields) >= 6:
                    fields[4] = "*"  # the account: a selection selects in its own account only
                found.append(_Test("arn", f'{attribute} = "{item}"', path, pattern=":".join(fields)))
            elif isinstance(item, Unknown) and not (
                item.reason.endswith("known only after apply") and selection.references.get(attribute)
            ):
                reason = f" ({item.reason})" if item.reason else ""
                found.append(_Test("unknown", f"{attribute} includes {item.text}{reason}", path))
    return tuple(found)


def _tag_criterion(operator: str, entry: dict[str, Any], what: str, path: AttrPath) -> _Test:
    key, value = entry.get("key"), entry.get("value")
    if isinstance(key, Unknown) or isinstance(value, Unknown):
        cause = key if isinstance(key, Unknown) else value
        return _Test("unknown", f"{what} cannot be evaluated" + (f" ({cause.reason})" if cause.reason else ""), path)
    return _Test("tag", what, path, operator, key, value)


def _blocks(body: dict[str, Any], dotted: str) -> Iterator[tuple[Any, AttrPath]]:
    """Each block at a dotted path of a body (or an Unknown standing for some), with its path."""
    holder = Resource("terraform", "", "", _NOWHERE, body)
    for value, path in through_blocks(holder, dotted):
        if isinstance(value, list):
            yield from ((item, (*path, index)) for index, item in enumerate(value))
        else:
            yield value, path


_NOWHERE = Span("", 0, 0)


@dataclass(frozen=True)
class Criteria:
    """What an aws_backup_selection selects, read once: (resources OR selection_tag) AND every
    condition, minus not_resources, as AWS Backup decides."""

    resources: tuple[_Test, ...]
    selection_tags: tuple[_Test, ...]
    conditions: tuple[_Test, ...]
    not_resources: tuple[_Test, ...]

    @classmethod
    def of(cls, selection: Resource) -> Criteria:
        tags = []
        for block, path in _blocks(selection.attributes, "selection_tag"):
            if isinstance(block, Unknown):
                tags.append(_Test("unknown", f"selection_tag is in a {block.text}", path))
            elif isinstance(block, dict):
                what = f"selection_tag {show_value(block.get('key'))} = {show_value(block.get('value'))}"
                if isinstance(block.get("type"), Unknown):
                    tags.append(_Test("unknown", f"{what} has type {block['type'].text}", path))
                else:
                    tags.append(_tag_criterion("string_equals", block, what, path))
        conditions = []
        for block, path in _blocks(selection.attributes, "condition"):
            if isinstance(block, Unknown):
                conditions.append(_Test("unknown", f"condition is in a {block.text}", path))
                continue
            for operator in OPERATORS if isinstance(block, dict) else ():
                for entry, at in _blocks(block, operator):
                    where = (*path, *at)
                    if isinstance(entry, Unknown):
                        conditions.append(_Test("unknown", f"condition {operator} is in a {entry.text}", where))
                    elif isinstance(entry, dict):
                        what = f"condition {operator} {show_value(entry.get('key'))} = {show_value(entry.get('value'))}"
                        conditions.append(_tag_criterion(operator, entry, what, where))
        return cls(
            _patterns(selection, "resources"),
            tuple(tags),
            tuple(conditions),
            _patterns(selection, "not_resources"),
        )

    def selects(self, candidate: Candidate, listed: tuple[bool, bool | None] = (False, False)) -> Selected:
        """Whether the candidate is selected; `listed`: whether `resources` and `not_resources`
        name it by reference (None: they name an instance of its resource, maybe another)."""
        if listed[0]:
            chosen = Selected(True, "resources refers to it", ("resources",))
        else:
            chosen = _any_lazy(t.test(candidate) for t in (*self.resources, *self.selection_tags))
        if chosen.state is False:
            return chosen
        if listed[1]:
            return Selected(False, "not_resources refers to it", ("not_resources",))
        excluded = _any_lazy(t.test(candidate) for t in self.not_resources)
        if listed[1] is None and excluded.state is not True:
            excluded = Selected(None, "not_resources names an instance of its resource", ("not_resources",))
        if excluded.state is True:
            return Selected(False, f"excluded: {excluded.why}", excluded.path)
        found = [chosen, *(t.test(candidate) for t in self.conditions)]
        if excluded.state is None:
            found.append(replace(excluded, why=f"whether it is excluded cannot be told: {excluded.why}"))
        return _all(found)


def _any_lazy(found: Iterator[Selected]) -> Selected:
    """The first True, else the first None, else False: evaluated until a True."""
    maybe = None
    for item in found:
        if item.state is True:
            return item
        if item.state is None and maybe is None:
            maybe = item
    return maybe or NOT_SELECTED


def selection_of(selection: Resource, resource: Resource) -> Selected:
    """How `selection` selects `resource` (for messages), names read from its references."""
    template = selectable_arns().get(resource.kind)
    if template is None:
        return Selected(False)
    base = base_address(resource.address)
    listed = tuple(base in selection.references.get(a, ()) for a in ("resources", "not_resources"))
    return Criteria.of(selection).selects(Candidate.of(resource, template), (listed[0], listed[1]))
