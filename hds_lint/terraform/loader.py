"""Terraform files (`.tf`, `.tf.json`) into Resources bound to their provider configuration.

Each directory is one Terraform module, as Terraform itself reads it: provider blocks and
`required_providers` apply to every file of the directory.
"""

from __future__ import annotations

import json
import pickle
import sys
from collections import defaultdict
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from hds_lint.cache import Cache, Parsing, cached, current
from hds_lint.discover import DiscoveredFile, kind_from_name
from hds_lint.errors import SourceSyntaxError, UsageError
from hds_lint.model import AttrPath, LoadProblem, Span, Unknown, map_strings
from hds_lint.sources import READ_ERRORS, TIMEOUT, entries, gave_up, problem, read_text, time_limit
from hds_lint.terraform import grammar, hcl
from hds_lint.terraform.tree import (
    Rule,
    attribute_expression,
    attribute_name,
    attributes,
    block_labels,
    blocks,
    object_elements,
)
from hds_lint.terraform.values import Evaluator, reference_parts
from hds_lint.workers import in_workers, no_workers
from hds_lint.yamlnodes import compose_documents, node_span, to_value

# The key of a block-list entry standing for a `dynamic` block (no HCL attribute is named so):
# {DYNAMIC: "replica", "for_each": <expression>, "iterator": <expression>, "content": {...}}.
DYNAMIC = "<dynamic>"


@dataclass
class Block:
    """A top-level block of a module, from HCL or JSON syntax alike."""

    type: str
    labels: tuple[str, ...]
    body: dict[str, Any]
    span: Span
    spans: dict[AttrPath, Span] = field(default_factory=dict)
    provider_ref: tuple[str, ...] | None = None  # `provider = aws.x` on a resource
    context: bool = False  # read for its providers only: a sibling of a file named on the command line


# --- HCL syntax ---------------------------------------------------------------------------


def _object_key_spans(
    expression: Any, path: str, prefix: AttrPath, spans: dict[AttrPath, Span], evaluator: Evaluator
) -> None:
    """Spans of the keys of an object literal (`tags = { hds = "true" }`), one level deep."""
    for elem in object_elements(expression):
        key = evaluator.object_key(elem.children[0])
        if isinstance(key, str):
            spans[(*prefix, key)] = hcl.span(elem, path)


def _read_body(
    node: Rule, path: str, evaluator: Evaluator, prefix: AttrPath, spans: dict[AttrPath, Span]
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for attribute in attributes(node):
        name = attribute_name(attribute)
        here = (*prefix, name)
        spans[here] = hcl.span(attribute, path)
        expression = attribute_expression(attribute)
        body[name] = expression  # evaluated per module instance
        _object_key_spans(expression, path, here, spans, evaluator)
    for block in blocks(node):
        kind, *labels = block_labels(block)
        dynamic = kind == "dynamic" and len(labels) == 1
        name = labels[0] if dynamic else kind
        items = body.setdefault(name, [])
        if not isinstance(items, list):
            continue  # an attribute and a block of one name: keep the attribute
        here = (*prefix, name, len(items))
        spans.setdefault((*prefix, name), hcl.span(block, path))
        spans[here] = hcl.span(block, path)
        if dynamic:
            items.append(_read_dynamic(block, name, path, evaluator, here, spans))
        else:
            items.append(_read_body(block, path, evaluator, here, spans))
    return body


def _read_dynamic(
    block: Rule, name: str, path: str, evaluator: Evaluator, here: AttrPath, spans: dict[AttrPath, Span]
) -> dict[str, Any]:
    """`dynamic "x" { for_each = ...  content { ... } }` generates one x block per element of its
    for_each, which only a module instance can evaluate: kept as a DYNAMIC entry that
    `modules.realize` expands. The content's spans are those of the block it generates."""
    entry: dict[str, Any] = {DYNAMIC: name}
    for attribute in attributes(block):
        entry[attribute_name(attribute)] = attribute_expression(attribute)  # for_each, iterator, labels
    for inner in blocks(block):
        if block_labels(inner)[0] == "content" and "content" not in entry:
            entry["content"] = _read_body(inner, path, evaluator, here, spans)
    return entry


def _provider_ref(expression: Any, evaluator: Evaluator) -> tuple[str, ...] | None:
    parts = reference_parts(expression)
    if parts is None:
        value = evaluator.evaluate(expression)
        if isinstance(value, str):  # Terraform 0.11 style: provider = "aws.x"
            parts = tuple(value.split("."))
    return parts


def blocks_from_hcl(path: str, text: str) -> list[Block]:
    evaluator = Evaluator()
    found = []
    for block in blocks(hcl.parse(text)):
        kind, *labels = block_labels(block)
        spans: dict[AttrPath, Span] = {}
        body = _read_body(block, path, evaluator, (), spans)
        provider_ref = None
        if kind in ("resource", "data") and "provider" in body:
            provider_ref = _provider_ref(body["provider"], evaluator)
        found.append(Block(kind, tuple(labels), body, hcl.span(block, path), spans, provider_ref))
    return found


# --- JSON syntax --------------------------------------------------------------------------


def _json_literal(text: str) -> Any:
    """In Terraform JSON syntax a string holding `${...}` is a template, evaluated like HCL."""
    if "${" not in text.replace("$${", ""):
        return text
    try:
        return hcl.parse_template(text)
    except SourceSyntaxError:
        return Unknown(text, "a template hds-lint cannot parse")


def _json_dynamic(value: Any, spans: dict[AttrPath, Span], path: AttrPath = ()) -> Any:
    """JSON syntax writes `dynamic` blocks as `"dynamic": {"x": {"for_each": ..., "content": {...}}}`:
    made the same DYNAMIC entries as HCL's, appended to the blocks of their name, their
    content's spans (in `spans`, the block's) moved where HCL's would be."""
    if isinstance(value, list):
        return [_json_dynamic(item, spans, (*path, index)) for index, item in enumerate(value)]
    if not isinstance(value, dict):
        return value
    body = {key: _json_dynamic(item, spans, (*path, key)) for key, item in value.items() if key != "dynamic"}
    specs = value.get("dynamic")
    if specs is not None and not _is_dynamic_spec(specs):
        body["dynamic"] = _json_dynamic(specs, spans, (*path, "dynamic"))  # an attribute named so
    elif specs is not None:
        levels = specs if isinstance(specs, list) else [specs]
        for level_index, level in enumerate(levels):
            at: AttrPath = (*path, "dynamic", *((level_index,) if isinstance(specs, list) else ()))
            for name, entries in level.items():
                items = body.get(name, [])
                items = items if isinstance(items, list) else [items]
                for index, entry in enumerate(entries if isinstance(entries, list) else [entries]):
                    here = (*at, name, *((index,) if isinstance(entries, list) else ()))
                    target = (*path, name, len(items))
                    converted = _json_dynamic(entry, spans, here)  # nested dynamic blocks first
                    for key, span in list(spans.items()):
                        if key[: len(here) + 1] == (*here, "content"):
                            spans[(*target, *key[len(here) + 1 :])] = span
                    if here in spans:
                        spans[target] = spans[here]
                        spans.setdefault((*path, name), spans[here])
                    items.append({**converted, DYNAMIC: name})
                body[name] = items
    return body


def _is_dynamic_spec(specs: Any) -> bool:
    levels = specs if isinstance(specs, list) else [specs]
    return all(
        isinstance(level, dict)
        and all(
            isinstance(entry, dict) and "content" in entry
            for entries in level.values()
            for entry in (entries if isinstance(entries, list) else [entries])
        )
        for level in levels
    )


def _shift(spans: dict[AttrPath, Span], prefix: AttrPath) -> dict[AttrPath, Span]:
    return {key[len(prefix) :]: s for key, s in spans.items() if key[: len(prefix)] == prefix}


def blocks_from_json(path: str, text: str) -> list[Block]:
    try:
        json.loads(text)  # strict JSON first: the YAML composer accepts more than JSON
    except json.JSONDecodeError as exc:
        raise SourceSyntaxError(exc.lineno, f"invalid JSON: {exc.msg}") from exc
    documents = list(compose_documents(text))
    if not documents:
        return []
    spans: dict[AttrPath, Span] = {}
    root = to_value(documents[0], path, spans)
    if not isinstance(root, dict):
        raise SourceSyntaxError(1, "a .tf.json file must hold a JSON object")
    found: list[Block] = []
    whole = node_span(documents[0], path)

    def objects(value: Any, prefix: AttrPath) -> Iterator[tuple[dict[str, Any], AttrPath]]:
        """HCL's JSON syntax allows an array of objects at every label level."""
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from objects(item, (*prefix, index))
        elif isinstance(value, dict):
            yield value, prefix

    def add(kind: str, labels: tuple[str, ...], body: Any, prefix: AttrPath) -> None:
        entries = body if isinstance(body, list) else [body]
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            here = (*prefix, index) if isinstance(body, list) else prefix
            local = _shift(spans, here)
            provider_ref = None
            if kind == "resource" and isinstance(entry.get("provider"), str):
                provider_ref = tuple(entry["provider"].split("."))
            content = map_strings(entry, _json_literal)
            found.append(
                Block(
                    kind,
                    labels,
                    _json_dynamic(content, local) if kind in ("resource", "data", "provider") else content,
                    spans.get(here, whole),
                    local,
                    provider_ref,
                )
            )

    for kind, content in root.items():
        for level, at in objects(content, (kind,)):
            if kind in ("resource", "data"):
                for rtype, named in level.items():
                    for names, named_at in objects(named, (*at, rtype)):
                        for name, body in names.items():
                            add(kind, (rtype, name), body, (*named_at, name))
            elif kind in ("provider", "variable", "output", "module"):
                for name, body in level.items():
                    add(kind, (name,), body, (*at, name))
            elif kind in ("terraform", "locals"):
                add(kind, (), level, at)
    return found


# --- a module -----------------------------------------------------------------------------


_POOL_MINIMUM = 8  # fewer files to parse than this: starting processes costs more than it saves


def _is_variable_file(path: str) -> bool:
    return kind_from_name(Path(path).name) == "tfvars"


def _parse(path: str, text: str) -> list[Block] | dict[str, Any]:
    """A Terraform file's blocks, or a variable file's values."""
    with time_limit():
        if _is_variable_file(path):
            return _variable_values(path, text)
        return blocks_from_json(path, text) if path.endswith(".json") else blocks_from_hcl(path, text)


def _is_blocks(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(block, Block) for block in value)


def _is_values(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(name, str) for name in value)


Parsed = list[Block] | dict[str, Any] | LoadProblem


def _parse_file(item: tuple[str, str]) -> Parsed:
    """One file's blocks or values, or why it cannot be read (run in a worker process with --jobs)."""
    path, text = item
    try:
        return _parse(path, text)
    except READ_ERRORS as exc:
        return problem(path, text, exc, "Terraform")


def _parse_in_worker(cache: Cache | None, item: tuple[str, str]) -> bytes | None:
    """Parse in a worker process: pickled once, for the cache and for the way back. None when
    the parse cannot be pickled (nesting deeper than pickle recurses): the parent parses it."""
    result = _parse_file(item)
    try:
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError):
        return None
    if cache is not None and not isinstance(result, LoadProblem):
        cache.store(*item, payload)
    return payload


def _in_parallel(items: list[tuple[str, str]], settings: Parsing) -> list[Parsed] | None:
    """Every item parsed in worker processes, in order; None when no processes can be had
    (a sandbox, a memory limit, a platform's limit on workers): the caller parses here."""
    workers = min(settings.jobs, len(items))
    if sys.platform == "win32":
        workers = min(workers, 61)  # ProcessPoolExecutor's limit there
    chunk = max(1, len(items) // (workers * 8))
    payloads = in_workers(partial(_parse_in_worker, settings.cache), items, workers, chunk)
    try:
        return [
            _parse_file(item) if payload is None else pickle.loads(payload)  # our own workers: trusted
            for item, payload in zip(items, payloads, strict=True)
        ]
    except no_workers():
        return None
    finally:
        payloads.close()


def _parse_files(items: list[tuple[str, str]]) -> list[Parsed]:
    """Blocks, values or problem of each file, in order: from the cache, else parsed, across processes
    when there are enough files. Workers only parse; results come back in order, so the
    report is the same byte for byte whatever the number of processes."""
    settings = current()
    results: list[Parsed | None] = [None] * len(items)
    missing = []
    for index, (path, text) in enumerate(items):
        valid = _is_values if _is_variable_file(path) else _is_blocks
        found = settings.cache.get(path, text, valid) if settings.cache is not None else None
        if found is not None:
            results[index] = found
        else:
            missing.append(index)
    work = [items[i] for i in missing]
    if work:
        grammar.parser()  # here: a foreign hcl2 stops the run, and workers forked next (Linux) inherit it
    parsed = _in_parallel(work, settings) if settings.jobs > 1 and len(work) >= _POOL_MINIMUM else None
    if parsed is None:
        parsed = [_parse_file(item) for item in work]
        if settings.cache is not None:
            for item, result in zip(work, parsed, strict=True):
                if not isinstance(result, LoadProblem):
                    settings.cache.put(*item, result)
    for index, result in zip(missing, parsed, strict=True):
        results[index] = result
        if isinstance(result, LoadProblem) and result.message.startswith(f"not parsed: {TIMEOUT}"):
            gave_up(result.path)  # in a worker: said here, where the scan records what it read
    return [r for r in results if r is not None]  # every index was filled above


def context_files(directory: Path, discovered: set[str]) -> list[tuple[str, str]]:
    """The module's other files, when only some files were named (pre-commit passes the
    changed files): providers, variables and locals live in files of their own. Links are
    not followed; files that cannot be read are left to their own scan."""
    items = []
    for name, is_file, is_link in entries(directory):
        sibling = str(directory / name)
        if sibling in discovered or is_link or not is_file or not name.endswith((".tf", ".tf.json")):
            continue
        try:
            items.append((sibling, read_text(sibling)))
        except READ_ERRORS:
            continue
    return items


class TerraformFiles(NamedTuple):
    """What loading found: the blocks of every module folder, the values of every variable
    file (by path, for the evaluation to use rather than read again), and the files that
    could not be read, in discovery order."""

    modules: dict[Path, list[Block]]
    variables: dict[str, dict[str, Any]]
    problems: list[LoadProblem]


def load_terraform(files: list[DiscoveredFile], named: Set[str] = frozenset()) -> TerraformFiles:
    """Every Terraform and variable file among `files`, parsed in one batch. Siblings of
    named files are read for context: evaluated, not reported, and a sibling that does not
    parse is left to its own scan. `named`: other files the scan found and left out (too
    large, excluded), which are no siblings to read either."""
    modules: dict[Path, list[Block]] = defaultdict(list)
    variables: dict[str, dict[str, Any]] = {}
    problems: list[tuple[int, LoadProblem]] = []  # with the file's place, to report in discovery order
    sources: list[tuple[str, str]] = []
    places: list[int] = []
    for place, file in enumerate(files):
        text = ""
        try:
            text = read_text(file.path)
            sources.append((file.path, text))
            places.append(place)
        except READ_ERRORS as exc:
            problems.append((place, problem(file.path, text, exc, "Terraform")))
    discovered = {f.path for f in files} | set(named)
    folders = dict.fromkeys(Path(path).parent for path, _text in sources if not _is_variable_file(path))
    context = [item for folder in folders for item in context_files(folder, discovered)]
    results = _parse_files(sources + context)  # one batch: one pool of workers at most
    for place, (path, _text), result in zip(places, sources, results[: len(sources)], strict=True):
        if isinstance(result, LoadProblem):
            problems.append((place, result))
        elif isinstance(result, dict):
            variables[path] = result
        else:
            modules[Path(path).parent].extend(result)
    for (path, _text), result in zip(context, results[len(sources) :], strict=True):
        folder = Path(path).parent
        if isinstance(result, list) and folder in modules:  # as before: no named file of it parsed, not read
            modules[folder].extend(Block(**{**vars(b), "context": True}) for b in result)
    ordered = [found for _place, found in sorted(problems, key=lambda pair: pair[0])]
    return TerraformFiles(dict(modules), variables, ordered)


def load_directory(directory: Path) -> tuple[list[Block], list[LoadProblem]]:
    """Every block of a module folder that was not discovered (a module source outside the
    scanned tree, or installed under .terraform/modules)."""
    found: list[Block] = []
    problems: list[LoadProblem] = []
    items = []
    names = [name for name, _is_file, _is_link in entries(directory)]
    for path in [directory / n for n in names if n.endswith(".tf")] + [
        directory / n for n in names if n.endswith(".tf.json")
    ]:
        try:
            items.append((str(path), read_text(str(path))))
        except READ_ERRORS as exc:
            problems.append(problem(str(path), "", exc, "Terraform"))
    for result in _parse_files(items):
        if isinstance(result, LoadProblem):
            problems.append(result)
        else:
            found.extend(result)
    return found, problems


def _variable_values(path: str, text: str) -> dict[str, Any]:
    if path.lower().endswith(".json"):
        values = json.loads(text)
        if not isinstance(values, dict):
            raise SourceSyntaxError(1, "a .tfvars.json file must hold a JSON object")
        return values
    evaluator = Evaluator()
    return {attribute_name(a): evaluator.evaluate(attribute_expression(a)) for a in attributes(hcl.parse(text))}


def check_var_files(paths: tuple[str, ...]) -> None:
    """A variable file given with --var-file or in the configuration that cannot be read is
    a usage error at its line, on every run (a root that sets no variable never reads it)."""
    for path in paths:
        text = ""
        try:
            text = read_text(path)
            read_tfvars(path)
        except READ_ERRORS as exc:
            found = problem(path, text, exc, "a variable file")
            raise UsageError(f"{found.path}:{found.line}: variable file not read: {found.message}") from exc


def read_tfvars(path: str) -> dict[str, Any]:
    """Values of a variable file (`.tfvars` or `.tfvars.json`): literals, no references."""
    text = read_text(path)
    return cached(path, text, _is_values, lambda: _variable_values(path, text))
