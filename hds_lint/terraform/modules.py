"""Terraform modules evaluated as Terraform would: roots with their inputs, module calls with
`count`/`for_each` and provider mappings, variables, locals, outputs, resource instances.

Each module instance owns Lazy namespaces (`var`, `local`, `module`, resource types) so a
value is computed when first needed, in dependency order, with cycles reported as Unknown.
A module folder that another scanned module calls is evaluated only through its calls, with
the values the caller passes: evaluating it alone with its defaults would report findings
the real configuration does not have.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hds_lint.discover import DiscoveredFile
from hds_lint.errors import SourceSyntaxError, UsageError
from hds_lint.model import (
    AttrPath,
    Inputs,
    LoadProblem,
    ProviderBinding,
    Resource,
    Span,
    Unknown,
    is_unknown_key,
    unknown_key,
)
from hds_lint.sources import READ_ERRORS, entries, is_dir, is_file, read_text, resolve
from hds_lint.terraform import hcl
from hds_lint.terraform.calls import find_roots, reachable
from hds_lint.terraform.loader import DYNAMIC, Block, load_directory, load_terraform, read_tfvars
from hds_lint.terraform.tree import Rule, object_elements
from hds_lint.terraform.values import MISSING, Computed, Evaluator, Lazy, expression_text, reference_parts

MAX_DEPTH = 16
MAX_INSTANCES = 10_000  # beyond, count is taken as unknown rather than expanded
UNREADABLE = "<module source not read>"  # attribute of a module call standing in for its resources
META_ARGUMENTS = frozenset({"source", "version", "count", "for_each", "providers", "depends_on", "lifecycle"})
UNKNOWN_INSTANCES = "[*]"


@dataclass
class _Respan:
    """The spans of a body whose dynamic blocks were expanded: each generated block takes the
    spans of its dynamic block's content, and a block after it its own, at its new position."""

    original: dict[AttrPath, Span]
    spans: dict[AttrPath, Span]

    def move(self, source: AttrPath, target: AttrPath) -> None:
        if source == target:
            return
        for key, span in self.original.items():
            if key[: len(source)] == source:
                self.spans[(*target, *key[len(source) :])] = span


def realize(
    value: Any, evaluator: Evaluator, respan: _Respan | None = None, source: AttrPath = (), target: AttrPath = ()
) -> Any:
    """A block body (expression nodes, JSON literals, nested blocks) as plain values, `dynamic`
    blocks expanded. `source` and `target` are the path of `value` as parsed and as realized
    (they differ after a dynamic block generated other than one block), for `respan`."""
    if isinstance(value, Rule):
        return evaluator.evaluate(value)
    if isinstance(value, dict):
        return {k: realize(v, evaluator, respan, (*source, k), (*target, k)) for k, v in value.items()}
    if isinstance(value, list):
        items: list[Any] = []
        for index, item in enumerate(value):
            if isinstance(item, dict) and DYNAMIC in item:
                items.extend(_dynamic(item, evaluator, respan, (*source, index), target, len(items)))
                continue
            if respan is not None and index != len(items):
                respan.move((*source, index), (*target, len(items)))
            items.append(realize(item, evaluator, respan, (*source, index), (*target, len(items))))
        return items
    return value


def _dynamic(
    entry: dict[str, Any], evaluator: Evaluator, respan: _Respan | None, source: AttrPath, target: AttrPath, at: int
) -> list[Any]:
    """The blocks a `dynamic` block generates, as Terraform does: one per element of for_each,
    with `<iterator>.key` and `<iterator>.value` bound in its content; one Unknown standing for
    them all when for_each cannot be evaluated (how many blocks, and what they say, is hidden)."""
    name = entry[DYNAMIC]
    expression = entry.get("for_each")
    collection = realize(expression, evaluator) if expression is not None else None
    if isinstance(collection, Lazy):
        collection = dict(collection.items())
    pairs: list[tuple[Any, Any]] | None = None
    if isinstance(collection, dict) and not any(is_unknown_key(k) for k in collection):
        pairs = [(k, collection[k]) for k in sorted(collection)]
    elif isinstance(collection, list) and _is_set(expression):
        # A set's key is its element, and Terraform walks a set of strings in order.
        strings = all(isinstance(v, str) for v in collection)
        elements = sorted(set(collection)) if strings else collection
        pairs = [(v, v) for v in elements]
    elif isinstance(collection, list):
        pairs = list(enumerate(collection))
    if pairs is None:
        text = expression_text(expression) if isinstance(expression, Rule) else repr(expression)
        why = f"its for_each is {text}"
        if isinstance(collection, Unknown):
            why += f": {collection.reason}" if collection.reason else ", which cannot be evaluated statically"
        else:
            why += ", not a collection Terraform can iterate"
        if respan is not None:
            respan.move(source, (*target, at))
        return [Unknown(f'dynamic "{name}" block', why)]
    iterator = _iterator_name(entry.get("iterator"), name)
    generated = []
    for key, element in pairs:
        here = (*target, at + len(generated))
        if respan is not None:
            respan.move(source, here)
        with evaluator.bound({iterator: {"key": key, "value": element}}):
            generated.append(realize(entry.get("content", {}), evaluator, respan, source, here))
    return generated


def _is_set(expression: Any) -> bool:
    """Whether a for_each is a set, which hds-lint's values (plain lists) cannot say: written
    with toset(). A variable declared set(...) and iterated as is still counts its keys 0, 1..."""
    return isinstance(expression, Rule) and "toset(" in expression.text.replace(" ", "")


def _iterator_name(node: Any, default: str) -> str:
    """`iterator = rule` names the variable of a dynamic block's content (default: its label)."""
    if isinstance(node, str):
        return node
    parts = reference_parts(node) if node is not None else None
    return parts[0] if parts and len(parts) == 1 else default


def _has_dynamic(value: Any) -> bool:
    if isinstance(value, dict):
        return DYNAMIC in value or any(_has_dynamic(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_dynamic(v) for v in value)
    return False


def default_provider_name(resource_type: str) -> str:
    """Terraform's rule: the provider local name is the type's prefix before the first `_`."""
    return resource_type.split("_", 1)[0]


def _instance_key(key: Any) -> str:
    return f"[{key}]" if isinstance(key, int) else f"[{json.dumps(key, ensure_ascii=False)}]"


@dataclass
class ModuleDir:
    """The parsed blocks of one module folder, indexed by what evaluation looks up."""

    path: Path
    blocks: list[Block]

    def __post_init__(self) -> None:
        self.variables = {b.labels[0]: b for b in self.blocks if b.type == "variable" and b.labels}
        self.outputs = {b.labels[0]: b for b in self.blocks if b.type == "output" and b.labels}
        self.calls = {b.labels[0]: b for b in self.blocks if b.type == "module" and b.labels}
        self.resources = [b for b in self.blocks if b.type == "resource" and len(b.labels) == 2]
        self.locals: dict[str, tuple[Any, Block]] = {}
        self.sources: dict[str, str] = {}
        for block in self.blocks:
            if block.type == "locals":
                for name, expression in block.body.items():
                    self.locals[name] = (expression, block)
            elif block.type == "terraform":
                for entry in block.body.get("required_providers", []):
                    for local_name, spec in (entry if isinstance(entry, dict) else {}).items():
                        source = _literal(spec).get("source") if isinstance(_literal(spec), dict) else None
                        if isinstance(source, str):
                            self.sources[local_name] = source
        self.resource_types = {b.labels[0] for b in self.resources}


def _literal(value: Any) -> Any:
    return realize(value, Evaluator())


class Evaluation:
    """The module folders of one run, and each root module evaluated on its own."""

    def __init__(
        self,
        modules: dict[Path, list[Block]],
        inputs: Inputs,
        variables: dict[str, dict[str, Any]] | None = None,
        reported: frozenset[str] = frozenset(),
        discovered: dict[Path, list[DiscoveredFile]] | None = None,
        named: frozenset[str] = frozenset(),
    ) -> None:
        """`variables`: the values of variable files read while loading; `reported`: files
        loading already reported as unreadable (a broken terraform.tfvars is one HDS900, not
        also a notice per variable it might set); `discovered`: the scanned folders not in
        `modules`, loaded when a module call first reaches one (`named`: files found and left
        out, no siblings to read for context). Variable files given with --var-file are
        checked before (loader.check_var_files)."""
        self.dirs = {resolve(path): ModuleDir(resolve(path), blocks) for path, blocks in modules.items()}
        self.discovered = dict(discovered or {})  # discovery gives resolved paths
        self.named = named
        self.inputs = inputs
        self.reported = set(reported)
        self.load_problems: dict[Path, list[LoadProblem]] = {}  # of the scanned folders loaded on demand
        self._preloaded = dict(variables or {})
        self._start()

    def _start(self) -> None:
        """Forget what the last root found and read: a root's result depends on its own reads."""
        self.notices: list[LoadProblem] = []
        self.resources: list[Resource] = []
        self.instances: list[Instance] = []
        self.folders: list[Path] = []  # the scanned folders this root used, in order
        self._loaded: dict[Path, ModuleDir | None] = {}
        self._tfvars: dict[str, dict[str, Any] | BaseException] = {}
        self._auto_files: dict[Path, list[str]] = {}

    def workspace(self, root: Path) -> str:
        """TF_WORKSPACE, else the workspace `terraform workspace select` recorded, else default."""
        if "TF_WORKSPACE" in self.inputs.environment:
            return self.inputs.environment["TF_WORKSPACE"]
        try:
            return read_text(str(root / ".terraform" / "environment")).strip() or "default"
        except (OSError, UnicodeDecodeError):
            return "default"

    def tfvars(self, path: str) -> dict[str, Any]:
        """A variable file's values, read once per root (files may change between runs). One that
        cannot be read raises the same error each time it is asked for, and is noticed once,
        unless loading already reported it (HDS900)."""
        if path not in self._tfvars:
            try:
                if path in self._preloaded:
                    read_text(path)  # parsed while loading; read here too, so that a root's record holds it
                    self._tfvars[path] = self._preloaded[path]
                else:
                    self._tfvars[path] = read_tfvars(path)
            except READ_ERRORS as exc:
                self._tfvars[path] = exc
                if path not in self.reported:
                    self.notice(path, getattr(exc, "line", 1), f"variable file not read: {exc}")
        found = self._tfvars[path]
        if isinstance(found, BaseException):
            raise found
        return found

    def auto_var_files(self, directory: Path) -> list[str]:
        """The variable files Terraform loads by itself in a root folder, listed once per root
        (each variable of the root asks)."""
        if directory not in self._auto_files:
            self._auto_files[directory] = _auto_var_files(directory)
        return self._auto_files[directory]

    def notice(self, path: str, line: int, message: str) -> None:
        self.notices.append(LoadProblem(path, max(line, 1), message))

    def scanned(self, path: Path) -> ModuleDir | None:
        """A scanned folder's module, loaded on first use; what Terraform would reject in it is
        said the first time a root uses it."""
        if path not in self.dirs and path in self.discovered:
            loaded = load_terraform(self.discovered.pop(path), self.named)
            self.load_problems[path] = loaded.problems
            self.reported.update(p.path for p in loaded.problems)
            self._preloaded.update(loaded.variables)
            found = [blocks for folder, blocks in loaded.modules.items() if resolve(folder) == path]
            if found:  # a file that parses into no block still makes a module, as in a full load
                self.dirs[path] = ModuleDir(path, [block for blocks in found for block in blocks])
        module = self.dirs.get(path)
        if module is not None and path not in self.folders:
            self.folders.append(path)
            self.notices.extend(_block_problems(module))
        return module

    def module_dir(self, path: Path) -> ModuleDir | None:
        path = resolve(path)
        found = self.scanned(path)
        if found is not None:
            return found
        if path not in self._loaded:
            blocks, problems = load_directory(path) if is_dir(path) else ([], [])
            for problem in problems:
                self.notice(problem.path, problem.line, f"module file not read: {problem.message}")
            self._loaded[path] = ModuleDir(path, blocks) if blocks else None
        return self._loaded[path]

    def local_calls(self, module: ModuleDir) -> set[Path]:
        targets = set()
        for call in module.calls.values():
            source = _literal(call.body.get("source"))
            if isinstance(source, str) and source.startswith(("./", "../")):
                targets.add(resolve(module.path / source))
        return targets - {module.path}  # calling itself is a cycle, reported later

    def calls(self) -> dict[Path, set[Path]]:
        """The local module folders each loaded folder calls."""
        return {path: self.local_calls(module) for path, module in self.dirs.items()}

    def evaluate_root(self, path: Path, folders: list[Path]) -> list[Resource]:
        """The resources of the root module in `path`, on its own: nothing is carried over from
        another root, so that what it finds depends only on what it reads. `folders`: the
        scanned folders its calls reach, said to be used even when no instance of them is made."""
        self._start()
        for folder in folders:
            self.scanned(folder)
        root = self.scanned(path)
        assert root is not None, f"{path} is not a module folder"
        Instance(self, root, address="", root=root, inputs=None, providers={}, calls=()).evaluate()
        for instance in self.instances:  # notes recorded after an instance's own walk
            instance.flush_notes()
        return self.resources

    def run(self) -> list[Resource]:
        """Every root's resources, one root after the other."""
        calls = self.calls()
        resources, notices = [], []
        for path in find_roots(calls):
            resources.extend(self.evaluate_root(path, sorted(reachable([path], calls))))
            notices.extend(self.notices)
        self.resources, self.notices = resources, list(dict.fromkeys(notices))
        return resources


class Instance:
    """One instance of a module: the root, or `module.x["k"]` called with its inputs."""

    def __init__(
        self,
        run: Evaluation,
        module: ModuleDir,
        *,
        address: str,
        root: ModuleDir,
        inputs: dict[str, Any] | None,
        providers: dict[tuple[str, str | None], ProviderBinding],
        calls: tuple[Span, ...],
        ancestors: tuple[Path, ...] = (),
        call_key: str = "",
    ) -> None:
        self.run, self.module, self.address, self.root = run, module, address, root
        self.inputs, self.passed_providers, self.calls = inputs, providers, calls
        self.ancestors = (*ancestors, module.path)  # module folders from the root down to here
        self.call_key = call_key  # "a.b" as in .terraform/modules/modules.json
        self._notes: list[tuple[str, list[tuple[int, str]]]] = []
        self.caller: Instance | None = None  # for a module instance: the instance that calls it
        self.call_block: Block | None = None
        run.instances.append(self)
        self.var = Lazy("var", module.variables, self._variable)
        self.local = Lazy("local", module.locals, self._local)
        self.module_outputs = Lazy("module", module.calls, self._call_outputs)
        self.children: dict[str, list[tuple[Any, Instance]] | Unknown] = {}
        self._resource_values = {
            rtype: Lazy(
                rtype,
                [b.labels[1] for b in module.resources if b.labels[0] == rtype],
                lambda name, rtype=rtype: self._resource_value(rtype, name),
            )
            for rtype in module.resource_types
        }
        self._providers: dict[tuple[str, str | None], ProviderBinding] | None = None

    # --- evaluation context ----------------------------------------------------------------
    def evaluator(self, path: str, bound: dict[str, Any] | None = None) -> Evaluator:
        """An evaluator for expressions of `path` here; its notes reach the run's notices."""
        notes: list[tuple[int, str]] = []
        self._notes.append((path, notes))
        return Evaluator(self.resolve, notes, bound)

    def flush_notes(self) -> None:
        for path, notes in self._notes:
            for line, message in notes:
                self.run.notice(path, line, message)
        self._notes.clear()

    def resolve(self, name: str) -> Any:
        if name == "var":
            return self.var
        if name == "local":
            return self.local
        if name == "module":
            return self.module_outputs
        if name == "path":
            return {"module": str(self.module.path), "root": str(self.root.path), "cwd": os.getcwd()}
        if name == "terraform":
            return {"workspace": self.run.workspace(self.root.path)}
        if name == "data":
            return Unknown("data", "data sources are read from the provider at plan time")
        if name in self._resource_values:
            return self._resource_values[name]
        return None

    # --- variables, locals, outputs --------------------------------------------------------
    def _variable(self, name: str) -> Any:
        block = self.module.variables[name]
        if self.inputs is not None:
            value = self.inputs.get(name, MISSING)
            nullable = _literal(block.body.get("nullable", True)) is not False
            if value is not MISSING and (value is not None or nullable):
                return value  # an explicit null is the value, unless the variable says nullable = false
        else:
            value = self._root_value(name, block)
            if value is not MISSING:
                return value
        if "default" in block.body:
            return realize(block.body["default"], self.evaluator(block.span.path))
        if self.inputs is not None:
            return Unknown(f"var.{name}", f"the call of {self.address} does not set the input {name}")
        return Unknown(
            f"var.{name}",
            f"variable {name} has no value: set it with --var {name}=..., a .tfvars file (--var-file), "
            f"TF_VAR_{name}, or scan a plan",
        )

    def _root_value(self, name: str, block: Block) -> Any:
        """Terraform's precedence: TF_VAR_ < terraform.tfvars(.json) < *.auto.tfvars(.json) <
        --var-file < --var; the last one that sets the variable wins. A variable file that
        cannot be read after the last one that set it might win: the value is then unknown."""
        value: Any = MISSING
        unread: str | None = None
        typed = _type_text(block)
        environment = self.run.inputs.environment.get(f"TF_VAR_{name}")
        if environment is not None:
            value = _from_text(name, environment, typed, "TF_VAR_")
        for path in self.run.auto_var_files(self.module.path) + list(self.run.inputs.var_files):
            try:
                values = self.run.tfvars(path)
            except READ_ERRORS:
                unread = path
                continue
            if name in values:
                value, unread = values[name], None
        for key, text in self.run.inputs.variables:
            if key == name:
                value, unread = _from_text(name, text, typed, "--var"), None
        if unread is not None:
            shown = Path(unread).name if Path(unread).parent == self.module.path else unread
            return Unknown(f"var.{name}", f"variable {name} may be set in {shown}, which cannot be read")
        return value

    def _local(self, name: str) -> Any:
        expression, block = self.module.locals[name]
        return realize(expression, self.evaluator(block.span.path))

    def _output(self, name: str) -> Any:
        block = self.module.outputs[name]
        if "value" not in block.body:
            return None
        return realize(block.body["value"], self.evaluator(block.span.path))

    def _call_outputs(self, name: str) -> Any:
        instances = self.instantiate_call(name)
        if isinstance(instances, Unknown):
            return instances
        keys = [key for key, _ in instances]
        if keys == [UNKNOWN_INSTANCES]:
            return Unknown(f"module.{name}", f"the count or for_each of module.{name} cannot be evaluated")
        outputs = {key: Lazy(f"module.{name}", child.module.outputs, child._output) for key, child in instances}
        if keys == [None]:
            return outputs[None]
        if all(isinstance(k, int) for k in keys):
            return [outputs[k] for k in keys]
        return {str(k): outputs[k] for k in keys}

    def _resource_value(self, rtype: str, name: str) -> Any:
        """What another expression sees of `type.name`: its configured attributes; what the
        provider computes (ids, ARNs) is known only after apply."""
        for block in self.module.resources:
            if block.labels == (rtype, name):
                instances = list(self._instances(block))
                if instances and instances[0][0] == UNKNOWN_INSTANCES:
                    return Unknown(f"{rtype}.{name}", _why_instances(instances[0][1]))
                values = [
                    Computed(realize(_attributes(block), self.evaluator(block.span.path, bound)))
                    for _k, bound in instances
                ]
                if "count" in block.body:
                    return values
                if "for_each" in block.body:
                    return {str(k): v for (k, _b), v in zip(instances, values, strict=True)}
                return values[0] if values else Unknown(name)
        return MISSING

    # --- instances ---------------------------------------------------------------------------
    def _instances(self, block: Block) -> Iterator[tuple[Any, dict[str, Any]]]:
        """(key, names bound) for each instance: key None without count/for_each."""
        evaluator = self.evaluator(block.span.path)
        if "count" in block.body:
            count = _whole(realize(block.body["count"], evaluator))
            if count is not None and 0 <= count <= MAX_INSTANCES:
                for index in range(count):
                    yield index, {"count": {"index": index}}
                return
            yield UNKNOWN_INSTANCES, {"count": {"index": Unknown("count.index", _why(count, "count"))}}
            return
        if "for_each" in block.body:
            collection = realize(block.body["for_each"], evaluator)
            if isinstance(collection, dict) and not any(is_unknown_key(k) for k in collection):
                for key in sorted(collection):
                    yield key, {"each": {"key": key, "value": collection[key]}}
                return
            if isinstance(collection, list) and all(isinstance(v, str) for v in collection):
                for key in sorted(set(collection)):
                    yield key, {"each": {"key": key, "value": key}}
                return
            reason = _why(collection, "for_each")
            yield (
                UNKNOWN_INSTANCES,
                {"each": {"key": Unknown("each.key", reason), "value": Unknown("each.value", reason)}},
            )
            return
        yield None, {}

    def instantiate_call(self, name: str) -> list[tuple[Any, Instance]] | Unknown:
        if name in self.children:
            return self.children[name]
        block = self.module.calls[name]
        self.children[name] = Unknown(f"module.{name}", f"module.{name} refers to itself (a cycle)")
        result = self._instantiate(name, block)
        self.children[name] = result
        return result

    def _instantiate(self, name: str, block: Block) -> list[tuple[Any, Instance]] | Unknown:
        evaluator = self.evaluator(block.span.path)
        source = realize(block.body.get("source"), evaluator)
        call_key = f"{self.call_key}.{name}" if self.call_key else name
        target = self._source_dir(source, call_key)
        if isinstance(target, str):
            self.run.notice(block.span.path, block.span.start_line, f"module.{name}: {target}")
            if not block.context:
                self._unreadable_call(name, block, target, evaluator)
            return Unknown(f"module.{name}", target)
        if len(self.ancestors) >= MAX_DEPTH or target.path in self.ancestors:
            message = (
                f"module.{name}: its source {source} is already being evaluated (a cycle), "
                f"or modules nest deeper than {MAX_DEPTH}"
            )
            self.run.notice(block.span.path, block.span.start_line, message)
            return Unknown(f"module.{name}", message)
        instances = []
        for key, bound in self._instances(block):
            call_evaluator = self.evaluator(block.span.path, bound)
            inputs = {k: realize(v, call_evaluator) for k, v in block.body.items() if k not in META_ARGUMENTS}
            suffix = "" if key is None else ("[*]" if key == UNKNOWN_INSTANCES else _instance_key(key))
            address = f"{self.address}.module.{name}{suffix}" if self.address else f"module.{name}{suffix}"
            child = Instance(
                self.run,
                target,
                address=address,
                root=self.root,
                inputs=inputs,
                providers=self._passed(block),
                calls=(*self.calls, block.span.first_line),
                ancestors=self.ancestors,
                call_key=call_key,
            )
            child.caller, child.call_block = self, block
            instances.append((key, child))
        return instances

    def _unreadable_call(self, name: str, block: Block, why: str, evaluator: Evaluator) -> None:
        """A module hds-lint cannot read still says, through the tags it is given, whether it
        holds health data: then it is reported as a resource whose hosting is unknown."""
        inputs = {k: realize(v, evaluator) for k, v in block.body.items() if k not in META_ARGUMENTS}
        address = f"{self.address}.module.{name}" if self.address else f"module.{name}"
        self.run.resources.append(
            Resource(
                source="terraform",
                kind="module",
                address=address,
                span=block.span,
                attributes={**inputs, UNREADABLE: why},
                attribute_spans=block.spans,
                provider=None,
                calls=self.calls,
            )
        )

    def _source_dir(self, source: Any, call_key: str) -> ModuleDir | str:
        if not isinstance(source, str):
            return "its source cannot be evaluated statically"
        if source.startswith(("./", "../")):
            found = self.run.module_dir(self.module.path / source)
            return found or f"the local source {source} holds no Terraform files"
        manifest = self.root.path / ".terraform" / "modules" / "modules.json"
        try:
            entries = json.loads(read_text(str(manifest))).get("Modules", [])
        except (OSError, ValueError, AttributeError):
            entries = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("Key") == call_key and isinstance(entry.get("Dir"), str):
                found = self.run.module_dir(self.root.path / entry["Dir"])
                if found is not None:
                    return found
        return f"the source {source} is not installed (run terraform init so .terraform/modules holds it)"

    # --- providers ---------------------------------------------------------------------------
    def providers(self) -> dict[tuple[str, str | None], ProviderBinding]:
        """Configurations visible here: this module's own blocks, then what the caller passed
        (every default configuration, or only the `providers = {...}` mapping when given)."""
        if self._providers is None:
            visible = dict(self.passed_providers)
            for block in self.module.blocks:
                if block.type != "provider" or not block.labels:
                    continue
                binding = self._binding(block)
                visible[(binding.local_name, binding.alias)] = binding
            self._providers = visible
        return self._providers

    def _binding(self, block: Block) -> ProviderBinding:
        local_name = block.labels[0]
        config = realize(block.body, self.evaluator(block.span.path))
        alias = config.get("alias")
        if alias is not None and not isinstance(alias, str):
            # An alias hds-lint cannot read must not take the default configuration's place.
            alias = unknown_key(alias.text if isinstance(alias, Unknown) else repr(alias))
        spans = {key[0]: s for key, s in block.spans.items() if len(key) == 1 and isinstance(key[0], str)}
        return ProviderBinding(
            local_name=local_name,
            alias=alias,
            source=self.module.sources.get(local_name),
            config=config,
            config_spans=spans,
            span=block.span,
        )

    def _passed(self, call: Block) -> dict[tuple[str, str | None], ProviderBinding]:
        visible = self.providers()
        mapping = call.body.get("providers")
        via = (*self.calls, call.span.first_line)
        if mapping is None:
            return {k: replace(b, via=via) for k, b in visible.items() if k[1] is None}
        passed: dict[tuple[str, str | None], ProviderBinding] = {}
        for key_node, value_node in _object_pairs(mapping):
            inner, outer = reference_parts(key_node), reference_parts(value_node)
            if not inner or not outer:
                continue
            binding = visible.get((outer[0], ".".join(outer[1:]) or None))
            if binding is not None:
                passed[(inner[0], ".".join(inner[1:]) or None)] = replace(
                    binding, local_name=inner[0], alias=".".join(inner[1:]) or None, via=via
                )
        return passed

    def _references(self, block: Block) -> dict[str, tuple[str, ...]]:
        """The resources of this module each attribute refers to, as addresses without
        instance keys (`aws_db_instance.main` for `aws_db_instance.main[0].arn`)."""
        found: dict[str, tuple[str, ...]] = {}
        for path, node in _expressions(_attributes(block)):
            addresses = self.addresses(node, set())
            if addresses:
                found[path] = tuple(dict.fromkeys(addresses))
        return found

    def addresses(self, node: Any, seen: set[tuple[int, int]]) -> list[str]:
        """Resources an expression refers to, followed through module outputs (`module.db.arn`)
        and module inputs (`var.source_arn` set by the caller), so a replica in one module of a
        database in another is still a replica of it."""
        if (id(self), id(node)) in seen:
            return []
        seen.add((id(self), id(node)))
        prefix = f"{self.address}." if self.address else ""
        found: list[str] = []
        for parts in _reference_roots(node):
            if len(parts) >= 2 and parts[0] in self.module.resource_types:
                found.append(f"{prefix}{parts[0]}.{parts[1]}")
            elif len(parts) >= 3 and parts[0] == "module" and parts[1] in self.module.calls:
                instances = self.instantiate_call(parts[1])
                for _key, child in [] if isinstance(instances, Unknown) else instances:
                    output = child.module.outputs.get(parts[2])
                    if output is not None and "value" in output.body:
                        found.extend(child.addresses(output.body["value"], seen))
            elif len(parts) >= 2 and parts[0] == "var" and self.caller and self.call_block:
                value = self.call_block.body.get(parts[1])
                if value is not None:
                    found.extend(self.caller.addresses(value, seen))
        return found

    def binding_for(self, block: Block) -> ProviderBinding:
        if block.provider_ref:
            local_name, alias = block.provider_ref[0], ".".join(block.provider_ref[1:]) or None
        else:
            local_name, alias = default_provider_name(block.labels[0]), None
        found = self.providers().get((local_name, alias))
        if found is not None:
            return found if found.source else replace(found, source=self.module.sources.get(local_name))
        return ProviderBinding(
            local_name=local_name,
            alias=alias,
            source=self.module.sources.get(local_name),
            config={},
            config_spans={},
            span=None,
            via=self.calls,
        )

    # --- the walk ------------------------------------------------------------------------------
    def evaluate(self) -> None:
        if self.inputs is None:  # a root: values given as text are read now, so a bad one is an error
            given = {k for k, _ in self.run.inputs.variables}
            given |= {k[len("TF_VAR_") :] for k in self.run.inputs.environment if k.startswith("TF_VAR_")}
            for name in given & set(self.module.variables):
                self.var.get(name)
        for block in self.module.resources:
            binding = self.binding_for(block)
            references = self._references(block)
            body = _attributes(block)
            dynamic = _has_dynamic(body)
            for key, bound in self._instances(block):
                suffix = "" if key is None else ("[*]" if key == UNKNOWN_INSTANCES else _instance_key(key))
                local_address = f"{block.labels[0]}.{block.labels[1]}{suffix}"
                respan = _Respan(block.spans, dict(block.spans)) if dynamic else None
                self.run.resources.append(
                    Resource(
                        source="terraform",
                        kind=block.labels[0],
                        address=f"{self.address}.{local_address}" if self.address else local_address,
                        span=block.span,
                        attributes=realize(body, self.evaluator(block.span.path, bound), respan),
                        attribute_spans=respan.spans if respan is not None else block.spans,
                        provider=binding,
                        calls=self.calls,
                        references=references,
                        root=str(self.root.path),
                        context=block.context,
                    )
                )
        for name, block in self.module.calls.items():
            if block.context:
                continue
            instances = self.instantiate_call(name)
            if not isinstance(instances, Unknown):
                for _key, child in instances:
                    child.evaluate()
        self.flush_notes()


def _attributes(block: Block) -> dict[str, Any]:
    return {
        k: v for k, v in block.body.items() if k not in ("count", "for_each", "provider", "depends_on", "lifecycle")
    }


KNOWN_BLOCKS = frozenset(
    {
        "resource",
        "data",
        "module",
        "provider",
        "variable",
        "output",
        "locals",
        "terraform",
        "moved",
        "import",
        "check",
        "removed",
        "ephemeral",
    }
)


def _block_problems(module: ModuleDir) -> Iterator[LoadProblem]:
    """What Terraform itself would reject in a module: two blocks with one address, a block
    type it does not know. Said, not silently merged."""
    seen: dict[tuple[str, ...], Block] = {}
    for block in module.blocks:
        if block.type not in KNOWN_BLOCKS:
            yield LoadProblem(block.span.path, block.span.start_line, f"unknown block type {block.type!r}: not read")
            continue
        if block.type in ("resource", "data", "module", "variable", "output") and not block.context:
            key = (block.type, *block.labels)
            if key in seen:
                first = seen[key].span
                where = f"{Path(first.path).name}:{first.start_line}"
                yield LoadProblem(
                    block.span.path,
                    block.span.start_line,
                    f"duplicate {block.type} {'.'.join(block.labels)} (first at {where}): Terraform rejects the module",
                )
            seen.setdefault(key, block)


def _expressions(body: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted attribute path, expression node) of a block body, nested blocks included. In a
    dynamic block, an attribute that uses the iterator (`replica.value`) also refers to what
    its for_each refers to."""
    if isinstance(body, Rule):
        yield prefix, body
    elif isinstance(body, dict) and DYNAMIC in body:
        iterator = _iterator_name(body.get("iterator"), body[DYNAMIC])
        collection = body.get("for_each")
        for path, node in _expressions(body.get("content", {}), prefix):
            yield path, node
            if isinstance(collection, Rule) and any(parts[0] == iterator for parts in _reference_roots(node)):
                yield path, collection
    elif isinstance(body, dict):
        for key, value in body.items():
            yield from _expressions(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(body, list):
        for item in body:
            yield from _expressions(item, prefix)


def _reference_roots(node: Any) -> Iterator[tuple[str, ...]]:
    """Every dotted reference inside an expression (`aws_s3_bucket.b.arn` -> its parts)."""
    parts = reference_parts(node)
    if parts is not None:
        yield parts
        return
    kind = node.kind if isinstance(node, Rule) else ""
    if kind in ("GetAttrExprTermRule", "IndexExprTermRule", "FullSplatExprTermRule", "AttrSplatExprTermRule"):
        base = next((c for c in node.children if isinstance(c, Rule)), None)
        if base is not None:
            yield from _reference_roots(base)
            rest = [c for c in node.children[1:] if isinstance(c, Rule)]
            for child in rest:
                yield from _reference_roots(child)
            return
    for child in node.children if isinstance(node, Rule) else []:
        if isinstance(child, Rule):
            yield from _reference_roots(child)


def _object_pairs(node: Any) -> Iterator[tuple[Any, Any]]:
    """Key and value nodes of an object constructor (`providers = { aws = aws.paris }`)."""
    for elem in object_elements(node):
        rules = [c for c in elem.children if isinstance(c, Rule)]
        key_rule = rules[0]
        key_inner = [c for c in key_rule.children if isinstance(c, Rule)]
        yield (key_inner[0] if key_inner else key_rule), rules[-1]


def _whole(value: Any) -> int | None:
    """count as Terraform converts it: 2, 2.0 and "2" are two instances."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return None


def _why_instances(bound: dict[str, Any]) -> str:
    for names in bound.values():
        for value in names.values():
            if isinstance(value, Unknown):
                return value.reason or "its count or for_each cannot be evaluated"
    return "its count or for_each cannot be evaluated"


def _why(value: Any, what: str) -> str:
    if isinstance(value, Unknown):
        return f"{what} is {value.text}: {value.reason}" if value.reason else f"{what} is {value.text}"
    return f"{what} is not a value hds-lint can expand"


def _type_text(block: Block) -> str:
    node = block.body.get("type")
    if node is None:
        return ""
    from hds_lint.terraform.values import expression_text

    return expression_text(node) if isinstance(node, Rule) else str(node)


def _from_text(name: str, text: str, type_text: str, given_as: str) -> Any:
    """A value given as text (--var, TF_VAR_): a string for string variables, else HCL, as
    Terraform reads it; a value Terraform would reject is a usage error, not a string."""
    if type_text in ("", "string", "number", "bool"):
        return text  # Terraform reads --var as HCL only for non-primitive types (any included)
    try:
        return Evaluator().evaluate(hcl.parse_expression(text))
    except SourceSyntaxError as exc:
        raise UsageError(f"{given_as} {name}: {text!r} is not a valid {type_text} ({exc.message})") from exc


AUTO_VAR_FILES = ("terraform.tfvars", "terraform.tfvars.json")  # and *.auto.tfvars(.json), as Terraform loads


def _auto_var_files(directory: Path) -> list[str]:
    automatic = [
        n for n, file, _link in entries(directory) if file and n.endswith((".auto.tfvars", ".auto.tfvars.json"))
    ]
    named = [n for n in AUTO_VAR_FILES if is_file(directory / n)]  # as the file system matches names
    return [str(directory / n) for n in [*named, *sorted(automatic)]]  # Terraform's precedence, lowest first
