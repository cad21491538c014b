"""`hds-lint catalog`: the HDS facts as a table, and one provider in full with its sources."""

from __future__ import annotations

import textwrap

from hds_lint.catalog import Catalog, Provider


def _table(headers: list[str], rows: list[list[str]], wrap: dict[int, int]) -> str:
    """Columns padded to their widest cell; columns in `wrap` fold at the given width."""
    cells = [
        [textwrap.wrap(c, wrap[i], break_on_hyphens=False) or [""] if i in wrap else [c] for i, c in enumerate(r)]
        for r in rows
    ]
    widths = [max([len(h)] + [len(line) for row in cells for line in row[i]]) for i, h in enumerate(headers)]
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in cells:
        for n in range(max(len(c) for c in row)):
            parts = [(c[n] if n < len(c) else "").ljust(w) for c, w in zip(row, widths, strict=True)]
            out.append("  ".join(parts).rstrip())
    return "\n".join(out)


def _codes(provider: Provider, hds: str) -> list[str]:
    return sorted({info.code for info in provider.regions.values() if info.hds == hds})


def service_scope(provider: Provider) -> str:
    """Whether HDS003 can check this provider's services, in a few words."""
    if provider.services_status == "listed":
        return f"{len(provider.services)} services listed"
    if provider.services:
        return f"unverified; HDS conditions for {len(provider.services)} services"
    return "unverified"


def overview(catalog: Catalog) -> str:
    """Certified providers first: what a user choosing a host wants to see."""
    providers = sorted(catalog.providers.values(), key=lambda p: (p.status != "certified", p.id))
    rows = [
        [
            p.id,
            f"{p.status} ({p.confidence})",
            ", ".join(_codes(p, "covered")) or "-",
            ", ".join(_codes(p, "unknown")) or "-",
            service_scope(p),
            p.verified,
        ]
        for p in providers
    ]
    table = _table(
        ["PROVIDER", "CERTIFICATION", "COVERED", "COVERAGE UNKNOWN", "SERVICES", "VERIFIED"],
        rows,
        wrap={2: 34, 3: 30, 4: 24},
    )
    return (
        f"{table}\n\n"
        "COVERED: regions the certificate covers, inside the EEA. Every other region is reported.\n"
        "SERVICES unverified: hds-lint holds no certified-service list for that provider, so HDS003\n"
        "checks only the conditions it records.\n"
        f"EEA: {', '.join(sorted(catalog.eea))}\n"
        "Details and sources: hds-lint catalog PROVIDER\n"
    )


def detail(catalog: Catalog, provider: Provider) -> str:
    """Every region with its coverage and confidence, and the sources to check them against."""
    lines = [
        f"{provider.id}: {provider.display_name}",
        f"  terraform sources: {', '.join(provider.sources) or '-'}",
        f"  certification:     {provider.status} (confidence: {provider.confidence})",
        f"  certificate:       {provider.certificate}",
        f"  activities:        {', '.join(map(str, provider.activities or ())) or 'unknown'}",
        f"  verified:          {provider.verified}",
    ]
    if provider.note:
        lines.append(f"  note:              {provider.note}")
    lines += ["  sources:", *(f"    {s}" for s in provider.certification_sources), ""]
    regions = sorted({info.code: info for info in provider.regions.values()}.values(), key=lambda i: (i.hds, i.code))
    rows = [
        [
            info.code,
            info.name or "",
            ", ".join(info.countries) or "unknown",
            "yes" if info.countries and all(catalog.in_eea(c) for c in info.countries) else "no",
            info.hds,
            info.confidence,
            info.note or "",
        ]
        for info in regions
    ]
    lines.append(_table(["REGION", "NAME", "COUNTRY", "EEA", "HDS", "CONFIDENCE", "NOTE"], rows, wrap={1: 24, 6: 50}))
    lines += ["", f"  services: {service_scope(provider)}"]
    if provider.services_note:
        lines.append(f"    {provider.services_note}")
    for service in provider.services:
        where = f" in {', '.join(service.regions)}" if service.regions else ""
        lines.append(f"  - {service.name} ({', '.join(service.resource_types)}): {service.hds}{where}")
        lines += [f"      condition: {c.message}" for c in service.constraints]
    if provider.paired_regions:
        pairs = ", ".join(f"{a}->{b}" for a, b in sorted(provider.paired_regions.items()))
        lines += ["", f"  paired regions (geo-redundant copies): {pairs}"]
    if provider.csi_provisioners:
        lines.append(f"  Kubernetes CSI provisioners: {', '.join(provider.csi_provisioners)}")
    return "\n".join(lines) + "\n"
