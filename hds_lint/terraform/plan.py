"""Terraform plan JSON (`terraform show -json plan.out`) into the same Resources as HCL.

A plan has every value resolved: variables, modules, `for_each`. Resources come from
`planned_values` (root and child modules); their provider configuration from
`configuration.provider_config` through each resource's `provider_config_key`, with
`constant_value` expressions or references to plan variables. Findings point at the line
of the resource's address in the plan. Values are never echoed into reports beyond what a
rule needs (plans carry secrets).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hds_lint.discover import DiscoveredFile
from hds_lint.model import LoadProblem, ProviderBinding, Resource, Span, Unknown
from hds_lint.sources import READ_ERRORS, problem, read_text


def is_plan_json(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and "format_version" in value
        and ("planned_values" in value or "resource_changes" in value)
    )


def _line_of(text: str, pattern: str, start: int = 0) -> int:
    match = re.compile(pattern).search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else 1


_ADDRESS = re.compile(r'"address"\s*:\s*("(?:[^"\\]|\\.)*")')


def _address_lines(text: str, start: int) -> dict[str, int]:
    """Line of the first `"address": ...` of each resource after `start`, in one pass."""
    lines: dict[str, int] = {}
    line, position = text.count("\n", 0, start) + 1, start
    for match in _ADDRESS.finditer(text, start):
        line += text.count("\n", position, match.start())
        position = match.start()
        try:
            lines.setdefault(json.loads(match.group(1)), line)
        except json.JSONDecodeError:
            continue
    return lines


def _expression(value: Any, variables: dict[str, Any], module: bool = False) -> Any:
    """A plan's expression representation: a constant, a variable reference, or unknown."""
    if not isinstance(value, dict):
        return value
    if "constant_value" in value:
        return value["constant_value"]
    references = value.get("references")
    if isinstance(references, list) and references:
        # The plan lists what an expression refers to, not the expression: `var.region` alone
        # is taken as the variable's value (a provider's region almost always is that).
        name = str(references[0])
        if len(references) == 1 and name.startswith("var.") and not module:
            variable = variables.get(name[4:])
            if isinstance(variable, dict) and "value" in variable:
                return variable["value"]
        return Unknown(name, f"{name} is not recorded in the plan")
    return Unknown("<expression>", "an expression the plan does not resolve")


def _block(expressions: Any, variables: dict[str, Any], module: bool) -> dict[str, Any]:
    """Provider configuration expressions, with nested blocks (default_tags) as lists. In a
    module's own configuration `var.x` is the module's variable, which the plan does not hold."""
    config: dict[str, Any] = {}
    for key, value in (expressions if isinstance(expressions, dict) else {}).items():
        if isinstance(value, list):
            config[key] = [_block(item, variables, module) for item in value]
        else:
            config[key] = _expression(value, variables, module)
    return config


def _configured(module: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(absolute address without instance keys, provider_config_key) for each configured resource."""
    if not isinstance(module, dict):
        return
    for resource in module.get("resources", []) or []:
        if isinstance(resource, dict) and "address" in resource:
            yield prefix + str(resource["address"]), str(resource.get("provider_config_key", ""))
    for name, call in (module.get("module_calls") or {}).items():
        if isinstance(call, dict):
            yield from _configured(call.get("module"), f"{prefix}module.{name}.")


def _planned(module: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(module, dict):
        return
    for resource in module.get("resources", []) or []:
        if isinstance(resource, dict) and resource.get("mode", "managed") == "managed":
            yield resource
    for child in module.get("child_modules", []) or []:
        yield from _planned(child)


def _config_address(address: str) -> str:
    """module.x["a"].aws_s3_bucket.b[0] -> module.x.aws_s3_bucket.b, as configuration names it."""
    return re.sub(r"\[[^\]]*\]", "", address)


def _inherited(key: str, bindings: dict[str, ProviderBinding]) -> ProviderBinding | None:
    """A module resource keyed "db:aws" with no such configuration. Terraform 1.x rewrites
    inherited and passed configurations to their source key ("aws.london"); older plans kept
    the module's local name and no record of `providers = {...}`. The root configuration is
    taken only when it is the only one of that provider; otherwise the binding stays unknown."""
    if ":" not in key:
        return None
    name = key.rsplit(":", 1)[1]
    candidates = [b for k, b in bindings.items() if b.local_name == name.split(".")[0] and ":" not in k]
    return candidates[0] if len(candidates) == 1 and candidates[0].alias is None else None


_NOT_RESOURCES = frozenset({"var", "local", "module", "data", "each", "count", "path", "terraform", "self"})


@dataclass(frozen=True)
class _Scope:
    """A module of the plan's configuration, where its references resolve: `calls` of its
    caller hold its inputs (`var.x`), its own `module_calls` hold its children's outputs."""

    module: dict[str, Any]
    parent: _Scope | None = None
    call: str = ""


def _scopes(module: Any, prefix: str = "", parent: _Scope | None = None, call: str = "") -> dict[str, _Scope]:
    """Every module of the configuration by its address prefix (`module.db.`), keys aside."""
    if not isinstance(module, dict):
        return {}
    scope = _Scope(module, parent, call)
    found = {prefix: scope}
    for name, child in (module.get("module_calls") or {}).items():
        if isinstance(child, dict):
            found.update(_scopes(child.get("module"), f"{prefix}module.{name}.", scope, name))
    return found


def _resolve(references: Any, scope: _Scope, instance: str, depth: int = 0) -> list[str]:
    """Resources that the plan's `references` of an expression name, as addresses in the plan:
    within the module instance, through child module outputs and through the caller's inputs,
    as hds-lint follows them in .tf sources. A module called with count or for_each has keyed
    instances the configuration does not list: references through it are not followed."""
    if depth > 20 or not isinstance(references, list):
        return []
    types = {str(r.get("type")) for r in scope.module.get("resources", []) or [] if isinstance(r, dict)}
    found: list[str] = []
    for reference in references:
        parts = [re.sub(r"\[.*\]$", "", part) for part in str(reference).split(".")]
        if len(parts) >= 2 and parts[0] not in _NOT_RESOURCES and parts[0] in types:
            found.append(f"{instance}{parts[0]}.{parts[1]}")
        elif len(parts) >= 3 and parts[0] == "module":
            call = (scope.module.get("module_calls") or {}).get(parts[1])
            child = call.get("module") if isinstance(call, dict) else None
            output = ((child or {}).get("outputs") or {}).get(parts[2]) if isinstance(child, dict) else None
            if isinstance(output, dict):
                inner = _Scope(child, scope, parts[1])
                refs = (output.get("expression") or {}).get("references")
                found.extend(_resolve(refs, inner, f"{instance}module.{parts[1]}.", depth + 1))
        elif len(parts) >= 2 and parts[0] == "var" and scope.parent is not None:
            call = (scope.parent.module.get("module_calls") or {}).get(scope.call) or {}
            given = (call.get("expressions") or {}).get(parts[1])
            outer = re.sub(r"module\.[^.\[]+(\[[^\]]*\])?\.$", "", instance)
            refs = given.get("references") if isinstance(given, dict) else None
            found.extend(_resolve(refs, scope.parent, outer, depth + 1))
    return found


def _references(expressions: Any, scope: _Scope, instance: str, prefix: str = "") -> dict[str, tuple[str, ...]]:
    """The resources each attribute refers to (`rule.destination.bucket` -> addresses), from a
    configured resource's `expressions`: what relations (replicas, copies) follow."""
    found: dict[str, tuple[str, ...]] = {}
    for key, value in (expressions if isinstance(expressions, dict) else {}).items():
        path = f"{prefix}{key}"
        if isinstance(value, list):  # nested blocks
            for block in value:
                for inner, addresses in _references(block, scope, instance, f"{path}.").items():
                    found[inner] = tuple(dict.fromkeys(found.get(inner, ()) + addresses))
        elif isinstance(value, dict) and "references" in value:
            addresses = _resolve(value["references"], scope, instance)
            if addresses:
                found[path] = tuple(dict.fromkeys(addresses))
    return found


def _configured_resources(scopes: dict[str, _Scope]) -> dict[str, tuple[dict[str, Any], _Scope]]:
    """Each configured resource by its address without instance keys, with its module."""
    found = {}
    for prefix, scope in scopes.items():
        for resource in scope.module.get("resources", []) or []:
            if isinstance(resource, dict) and "address" in resource:
                found[prefix + str(resource["address"])] = (resource, scope)
    return found


def load_plan(path: str, text: str, plan: dict[str, Any]) -> list[Resource]:
    variables = plan.get("variables") or {}
    configuration = plan.get("configuration") or {}
    provider_configs = configuration.get("provider_config") or {}
    keys = dict(_configured(configuration.get("root_module")))
    configured = _configured_resources(_scopes(configuration.get("root_module")))
    planned_at = text.find('"planned_values"')
    config_at = text.find('"provider_config"')
    bindings: dict[str, ProviderBinding] = {}
    for key, config in provider_configs.items():
        if not isinstance(config, dict):
            continue
        line = _line_of(text, re.escape(json.dumps(key)) + r"\s*:", max(config_at, 0))
        bindings[key] = ProviderBinding(
            local_name=str(config.get("name") or key.split(".")[0].split(":")[-1]),
            alias=config.get("alias") or None,
            source=config.get("full_name"),
            config=_block(config.get("expressions"), variables, ":" in key),
            config_spans={},
            span=Span(path, line, line),
        )
    address_lines = _address_lines(text, max(planned_at, 0))
    resources = []
    for resource in _planned((plan.get("planned_values") or {}).get("root_module")):
        address = str(resource.get("address", ""))
        rtype = str(resource.get("type", ""))
        key = keys.get(_config_address(address), "")
        # A module's own configuration is keyed "module.db:aws" in provider_config.
        binding = bindings.get(key) or bindings.get(f"module.{key}") or _inherited(key, bindings)
        if binding is None:
            name = str(resource.get("provider_name", rtype.split("_")[0])).rsplit("/", 1)[-1]
            unknown = Unknown(
                "(not in the plan)",
                f"the plan does not record which {name} configuration {address} uses (plans omit "
                "providers = {...} mappings); scan the .tf sources instead",
            )
            binding = ProviderBinding(name, None, resource.get("provider_name"), {"region": unknown}, {}, None)
        line = address_lines.get(address, 1)
        values = resource.get("values") if isinstance(resource.get("values"), dict) else {}
        references: dict[str, tuple[str, ...]] = {}
        config, scope = configured.get(_config_address(address), (None, None))
        if config is not None and scope is not None:
            name = f"{rtype}.{resource.get('name', '')}"
            instance = address[: address.rfind(name)] if name in address else ""
            references = _references(config.get("expressions"), scope, instance)
        resources.append(
            Resource(
                source="terraform",
                kind=rtype,
                address=address,
                span=Span(path, line, line),
                attributes=values,
                provider=binding,
                references=references,
                root=path,  # addresses are unique within one plan
            )
        )
    return resources


def load_plans(files: list[DiscoveredFile]) -> tuple[list[Resource], list[LoadProblem], set[str]]:
    """Resources of the plan files among `files`, problems, and which files were plans."""
    resources: list[Resource] = []
    problems: list[LoadProblem] = []
    plans: set[str] = set()
    for file in files:
        text = ""
        try:
            text = read_text(file.path)
            if '"format_version"' not in text[:4096] and '"planned_values"' not in text:
                continue
            parsed = json.loads(text)
        except json.JSONDecodeError:
            continue  # not ours to judge here: the Kubernetes loader decides
        except READ_ERRORS as exc:
            problems.append(problem(file.path, text, exc, "a Terraform plan"))
            plans.add(file.path)
            continue
        if is_plan_json(parsed):
            plans.add(file.path)
            resources.extend(load_plan(file.path, text, parsed))
    return resources, problems, plans
