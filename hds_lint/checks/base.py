"""What every rule module provides: its metadata beside its check, and the subject it checks."""

from __future__ import annotations

from dataclasses import dataclass

from hds_lint.catalog import Catalog, Provider
from hds_lint.model import (
    Classification,
    Finding,
    Level,
    Origin,
    Placement,
    Related,
    Resource,
    Span,
)


@dataclass(frozen=True)
class RuleMeta:
    """The public face of a rule: `hds-lint rules`, `explain`, SARIF `rules` all read this."""

    id: str
    slug: str
    name: str  # PascalCase, for SARIF reportingDescriptor.name
    title: str  # one line, for tables and SARIF shortDescription
    level: Level  # default level
    summary: str  # what it checks, a short paragraph (SARIF fullDescription)
    why: str  # why it matters for HDS, with the legal reference
    bad_example: str
    good_example: str
    fix: str
    security_severity: str | None  # GitHub's 0.1-10.0 score, as text; None: not a security result
    tags: tuple[str, ...] = ("security", "hds", "compliance")
    precision: str = "high"
    example_language: str = "hcl"


@dataclass(frozen=True)
class Subject:
    """One in-scope resource, checked against one candidate provider."""

    resource: Resource
    classification: Classification
    placement: Placement
    provider: Provider | None
    catalog: Catalog
    # The resources that refer to this one, with the attribute that does (backup selections, versioning).
    referrers: tuple[tuple[Resource, str], ...] = ()
    min_retention_days: int = 7  # the organisation's backup policy (config backup.min_retention_days)

    @property
    def is_copy(self) -> bool:
        """In scope as a copy of another store (a replica, a backup, a replication target)."""
        return self.classification.copy_of is not None

    def location(self, origin: Origin | None) -> Span:
        """Point at the resource's own attribute when the fact is set there, else its header."""
        if origin is not None and origin.on_resource:
            return origin.span
        return self.resource.span.first_line

    def finding(
        self,
        meta: RuleMeta,
        message: str,
        *,
        origin: Origin | None = None,
        level: Level | None = None,
        anchor: str = "",
        extra: tuple[Related, ...] = (),
    ) -> Finding:
        related: list[Related] = []
        reason = self.classification.reason
        if reason is not None:
            verb = "could hold" if self.classification.state == "unknown" else "holds"
            related.append(Related(reason.span, f"{verb} health data: {reason.description}"))
        copy_of = self.classification.copy_of
        if copy_of is not None and copy_of != reason:
            related.append(Related(copy_of.span, f"a copy: {copy_of.description}"))
        for earlier in self.classification.chain:  # why the source of a copy is in scope, back to the label
            related.append(Related(earlier.span, f"which holds health data: {earlier.description}"))
        if origin is not None and not origin.on_resource and origin.span != self.resource.span.first_line:
            related.append(Related(origin.span, f"set here: {origin.description}"))
            binding = self.resource.provider
            if origin.key.startswith("provider") and binding is not None and binding.via:
                # The configuration came down through module calls: the last one chose it.
                related.append(Related(binding.via[-1], "the module call that passes this provider configuration"))
        related.extend(extra)
        return Finding(
            rule_id=meta.id,
            level=level or meta.level,
            message=message,
            location=self.location(origin),
            address=self.resource.address,
            kind=self.resource.kind,
            anchor=anchor or (origin.key if origin else ""),
            related=tuple(dict.fromkeys(related)),
            resource_span=self.resource.span,
        )
