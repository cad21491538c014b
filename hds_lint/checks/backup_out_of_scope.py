"""HDS011 backup-out-of-scope: a copy of health data that lands outside HDS scope."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hds_lint.backup import Copy, default_stores, hidden, setting, show_value, through_blocks
from hds_lint.catalog import normalize
from hds_lint.checks import unresolved
from hds_lint.checks.base import RuleMeta, Subject
from hds_lint.checks.region import verdict
from hds_lint.model import AttrPath, Finding, Origin, Unknown
from hds_lint.relations import default_pack

META = RuleMeta(
    id="HDS011",
    slug="backup-out-of-scope",
    name="BackupOutOfScope",
    title="A backup, replica or copy of health data outside the EEA or the certificate's scope",
    level="error",
    summary=(
        "Reports a copy of health data whose location fails the test a primary must pass: a backup "
        "copy, a snapshot or its copy, a read replica, a replication destination, a geo-redundant "
        "secondary in the paired region, a backup location left to the provider's default. It "
        "points at the setting that sends the copy there, with the source as a related location."
    ),
    why=(
        "A copy is health data like the original: it must stay with a certified host, inside the "
        "EEA (HDS requirement 28; Public Health Code art. R.1111-9-1), and backup is hosting "
        "activity 6 (art. R.1111-9), which the host's certificate must cover."
    ),
    bad_example=(
        'resource "azurerm_mssql_database" "patients" {\n'
        "  # storage_account_type omitted: Geo, backups copied to the paired region\n"
        '  tags = { hds = "true" }\n'
        "}"
    ),
    good_example=(
        'resource "azurerm_mssql_database" "patients" {\n'
        '  storage_account_type = "Zone"\n'
        '  tags                 = { hds = "true" }\n'
        "}"
    ),
    fix="Send copies only to covered regions inside the EEA; the message names the setting and its value.",
    security_severity="8.0",
)


DYNAMIC_HIDES = (
    "The dynamic block hides where the copies go: write its blocks out, or make its for_each a value "
    "hds-lint can read, or scan the plan (terraform show -json)."
)


def _region_of(value: str) -> str:
    """A region, or the region inside an ARN (arn:aws:backup:us-east-1:123:backup-vault:x)."""
    parts = value.split(":")
    return parts[3] if value.startswith("arn:") and len(parts) > 4 and parts[3] else value


def _s3_arn(value: str) -> bool:
    return value.startswith("arn:aws:s3:::")  # bucket ARNs name no region


def destinations(subject: Subject, copy: Copy) -> Iterator[tuple[Any, AttrPath | None, str]]:
    """(destination region or Unknown, path of the setting or None for a default, how)."""
    resource = subject.resource
    if copy.only_if is not None and copy.only_if.holds(resource) is False:
        return  # e.g. continuous Cosmos DB backups keep no geo-redundant copy
    found = [(v, p) for v, p in through_blocks(resource, copy.attribute) if v is not None]
    if copy.to == "value":
        if copy.attribute in resource.references:
            return  # it names another resource of the configuration: that resource is the copy (relations)
        for value, path in found:
            if hidden(value, path, copy.attribute):
                yield value, path, f"{copy.attribute}, in a {value.text}"
                continue
            for item in value if isinstance(value, list) else [value]:
                how = f"{copy.attribute} = {show_value(item)}"
                if isinstance(item, str) and _s3_arn(item):
                    yield Unknown(item, "a bucket ARN, which names no region"), path, how
                else:
                    yield (_region_of(item) if isinstance(item, str) else item), path, how
        return
    primaries = [value for value, _origin in subject.placement.regions]
    if copy.to == "by_region":
        if found:
            return  # set explicitly: the `value` entry checks it
        for primary in primaries:
            key = next((k for k in (copy.by_region or {}) if normalize(primary).startswith(normalize(k))), None)
            how = f"{copy.attribute} not set"
            if key is None:
                yield (
                    Unknown(
                        "the provider's default region", f"hds-lint does not know where {primary} backs up by default"
                    ),
                    None,
                    how,
                )
            else:
                yield copy.by_region[key], None, f"{how}: {primary} backs up to {copy.by_region[key]}"
        return
    current = setting(resource, copy.attribute, copy.default)
    if isinstance(current.value, Unknown):
        yield current.value, current.path, f"{copy.attribute} = {show_value(current.value)}"
        return
    if current.value is None or not copy.creates_copy(current.value):
        return
    how = f"{copy.attribute} = {show_value(current.value)}" + (
        ", the default when omitted" if current.is_default else ""
    )
    if copy.to == "other_region":
        yield (
            Unknown("a region the provider does not name", "so the copies cannot be shown to stay in scope"),
            current.path,
            how,
        )
        return
    provider = subject.provider
    for primary in primaries:
        info = provider.region(primary) if provider else None
        pair = provider.paired_regions.get(normalize(info.code)) if provider and info else None
        if pair is None:
            yield (
                Unknown(f"the paired region of {primary}", "which hds-lint's catalog does not record"),
                current.path,
                how,
            )
        else:
            yield pair, current.path, f"{how}: {primary} is paired with {pair}"


def check(subject: Subject) -> Iterator[Finding]:
    provider = subject.provider
    if provider is None or provider.status != "certified":
        return
    resource = subject.resource
    if subject.is_copy:  # in scope as the copy of another store: its own location is the copy's
        reason = subject.classification.copy_of
        for value, origin in subject.placement.regions:
            found = verdict(provider, value, subject.catalog)
            if found is not None:
                yield subject.finding(
                    META,
                    f"{resource.address} is a copy of health data ({reason.description}) stored in "
                    f"{found.problem}. {found.advice}",
                    origin=origin,
                    level=found.level,
                )
    store = default_stores().get(resource.kind)
    backups_off = store is not None and store.backups_off(resource)
    for copy in store.copies if store else ():
        if copy.of_backups and backups_off:
            continue  # no backups, so no copies of them (HDS010 says so)
        for destination, path, how in destinations(subject, copy):
            anchor = f"copy:{copy.attribute}:{'.'.join(str(p) for p in path or () if isinstance(p, int))}"
            origin = Origin(resource.span_at(path), how, copy.attribute, on_resource=True) if path is not None else None
            if hidden(destination, path, copy.attribute):
                yield subject.finding(
                    unresolved.META,
                    f"{resource.address} holds health data and sends its {copy.description} ({copy.attribute}) "
                    f"from a {destination.text}; {destination.reason or 'its for_each cannot be evaluated'}. "
                    f"{DYNAMIC_HIDES} Fix: {copy.fix}.",
                    origin=origin,
                    level="warning",
                    anchor=anchor,
                )
                continue
            if isinstance(destination, Unknown):
                yield subject.finding(
                    unresolved.META if copy.to != "other_region" else META,
                    f"{resource.address} holds health data and may send its {copy.description} ({how}) "
                    f"where hds-lint cannot tell: {destination.reason or 'the value cannot be evaluated statically'}. "
                    f"Fix: {copy.fix}.",
                    origin=origin,
                    level="warning",
                    anchor=anchor,
                )
                continue
            found = verdict(provider, str(destination), subject.catalog)
            if found is not None:
                yield subject.finding(
                    META,
                    f"{resource.address} holds health data and sends its {copy.description} ({how}) to "
                    f"{found.problem}. Fix: {copy.fix}.",
                    origin=origin,
                    level=found.level,
                    anchor=anchor,
                )
    yield from _hidden_relations(subject, {c.attribute for c in store.copies} if store else set())


def _hidden_relations(subject: Subject, checked: set[str]) -> Iterator[Finding]:
    """A copy that a relation sends to the resource `target` names, where a dynamic block
    hds-lint cannot expand stands on the way: which resource receives the copy is hidden."""
    resource = subject.resource
    for relation in default_pack().for_type(resource.kind):
        if not relation.copy or relation.target == "self" or relation.target in checked:
            continue
        if resource.references.get(relation.target):
            continue  # the block names its target by reference: followed as a relation, checked there
        for value, path in through_blocks(resource, relation.target):
            if not hidden(value, path, relation.target):
                continue
            origin = Origin(resource.span_at(path), f"{relation.target} in a {value.text}", relation.target, True)
            yield subject.finding(
                unresolved.META,
                f"{resource.address} holds health data, and where it sends a copy ({relation.target}, the "
                f"{relation.description.split(' of')[0]}) is set in a {value.text}; "
                f"{value.reason or 'its for_each cannot be evaluated'}. {DYNAMIC_HIDES}",
                origin=origin,
                anchor=f"copy:{relation.target}:{'.'.join(str(p) for p in path if isinstance(p, int))}",
            )
