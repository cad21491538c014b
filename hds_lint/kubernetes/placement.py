"""Where a Kubernetes object would run or keep its data, from what its manifest pins down.

Pods land on nodes chosen by `nodeSelector` and required node affinity on the region (or
zone) topology labels; PersistentVolumes carry node affinity; StorageClasses name their
provisioner (which identifies the provider) and `allowedTopologies`. A manifest that pins
nothing can run in any cluster it is applied to: that is "cannot determine", not a pass.
"""

from __future__ import annotations

from typing import Any

from hds_lint.catalog import Catalog
from hds_lint.config import Config
from hds_lint.model import AttrPath, Origin, Placement, Resource, Span, attr_name
from hds_lint.scope import POD_TEMPLATE_PATHS

REGION_KEYS = ("topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region")
ZONE_KEYS = ("topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone")
# Zone labels that CSI drivers put on nodes and volumes, and use in StorageClass allowedTopologies
# and PersistentVolume node affinity: the key names the provider, the value is one of its zones
# (read 2026-11-28): github.com/kubernetes-sigs/aws-ebs-csi-driver (docs, tests/e2e manifest
# TopologyKeys: topology.ebs.csi.aws.com/zone, values such as eu-west-3a);
# github.com/kubernetes-sigs/azuredisk-csi-driver (docs/topology.md: topology.disk.csi.azure.com/zone,
# values such as francecentral-1, empty on nodes outside availability zones);
# github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver and cloud.google.com GKE docs
# (topology.gke.io/zone, values such as europe-west9-a).
CSI_ZONE_KEYS = {
    "topology.ebs.csi.aws.com/zone": "aws",
    "topology.disk.csi.azure.com/zone": "azurerm",
    "topology.gke.io/zone": "google",
}
LOCATION_KEYS = REGION_KEYS + ZONE_KEYS + tuple(CSI_ZONE_KEYS)
NODE_AFFINITY = (
    "affinity",
    "nodeAffinity",
    "requiredDuringSchedulingIgnoredDuringExecution",
    "nodeSelectorTerms",
)


def _pod_spec_path(resource: Resource) -> AttrPath | None:
    if resource.kind == "Pod":
        return ("spec",)
    template = POD_TEMPLATE_PATHS.get(resource.kind)
    return (*template, "spec") if template else None


class _Reader:
    """Collects region candidates, provider hints and gaps while walking one object."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.regions: list[tuple[str, Origin]] = []
        self.zones: list[tuple[str, Origin]] = []
        self.hints: list[tuple[str, Origin]] = []  # node label keys that may name a provider
        self.unresolved: list[tuple[str, Origin]] = []
        self.csi_zones: list[tuple[str, str, Origin]] = []  # (provider id, zone, origin) from CSI zone keys

    def origin(self, path: AttrPath, text: str) -> Origin:
        return Origin(self.resource.span_at(path), text, attr_name(path), on_resource=True)

    def location(self, key: str, value: Any, path: AttrPath, text: str) -> None:
        """A region or zone value: a name to check, or something that cannot be known."""
        if key in CSI_ZONE_KEYS and isinstance(value, str):
            self.csi_zones.append((CSI_ZONE_KEYS[key], value, self.origin(path, text)))
        elif isinstance(value, str):
            (self.regions if key in REGION_KEYS else self.zones).append((value, self.origin(path, text)))
        else:
            self.unresolved.append((f"{key} is {value}, not a region name known statically", self.origin(path, key)))

    def selector(self, selector: Any, path: AttrPath) -> None:
        if not isinstance(selector, dict):
            return
        for key, value in selector.items():
            here = (*path, key)
            self.hints.append((key, self.origin(here, f"node label {key}")))
            if key in LOCATION_KEYS:
                self.location(key, value, here, f"{key}: {value}")

    def terms(self, terms: Any, path: AttrPath, expressions_key: str = "matchExpressions") -> None:
        """Node selector terms are ORed: each one must pin the region, or the object may run anywhere."""
        if not isinstance(terms, list) or not terms:
            return
        loose = False
        for index, term in enumerate(terms):
            pinned = False
            expressions = term.get(expressions_key) if isinstance(term, dict) else None
            for position, expression in enumerate(expressions if isinstance(expressions, list) else []):
                if not isinstance(expression, dict):
                    continue
                key = expression.get("key")
                here = (*path, index, expressions_key, position)
                if isinstance(key, str):
                    self.hints.append((key, self.origin(here, f"node label {key}")))
                if key not in LOCATION_KEYS:
                    continue
                pinned = True
                operator = expression.get("operator", "In")
                values = expression.get("values")
                if operator != "In" or not isinstance(values, list) or not values:
                    self.unresolved.append(
                        (
                            f"{key} is constrained with {operator}, which does not name where it runs",
                            self.origin(here, key),
                        )
                    )
                    continue
                for item, value in enumerate(values):
                    self.location(key, value, (*here, "values", item), f"{key} In {value}")
            loose = loose or not pinned
        if loose and (self.regions or self.zones or self.csi_zones):
            self.unresolved.append(
                (
                    "one of its node selector terms does not constrain the region, and terms are alternatives",
                    self.origin(path, attr_name(path)),
                )
            )


def _provider_from_hints(reader: _Reader, catalog: Catalog) -> tuple[list[str], Origin | None]:
    for key, origin in reader.hints:
        provider = catalog.for_node_label(key)
        if provider is not None:
            return [provider.id], origin
    return [], None


def _csi_zones(
    reader: _Reader, catalog: Catalog, providers: list[str], provider_origin: Origin | None
) -> tuple[list[str], Origin | None, list[tuple[str, Origin]]]:
    """Zones under a CSI driver's topology key: the key names the provider (unless the
    provisioner or driver already did, and then they must agree), and a zone counts only when
    that provider's zone pattern maps it to one of its regions, as Terraform zones are mapped."""
    named = list(dict.fromkeys(provider for provider, _zone, _origin in reader.csi_zones))
    if not providers:
        if len(named) > 1:
            reader.unresolved.append(
                (
                    f"it uses the zone keys of several providers' CSI drivers ({', '.join(named)})",
                    reader.csi_zones[0][2],
                )
            )
            return providers, provider_origin, []
        providers, provider_origin = list(named), reader.csi_zones[0][2]
    zones: list[tuple[str, Origin]] = []
    for provider_id, zone, origin in reader.csi_zones:
        entry = catalog.providers.get(provider_id)
        if provider_id not in providers or entry is None:
            named_by_key = entry.display_name if entry else provider_id
            why = f"its zone key belongs to {named_by_key}, not to the provider its provisioner or CSI driver names"
            reader.unresolved.append((why, origin))
        elif not zone.strip():
            reader.unresolved.append(
                ("an empty zone, which nodes outside availability zones carry, names no region", origin)
            )
        elif entry.region(zone) is None:
            why = (
                f"the zone {zone!r} is not one that hds-lint's catalog maps to a region of {entry.display_name} "
                "(it maps zone names, not zone IDs or local zones); use the zone's name"
            )
            reader.unresolved.append((why, origin))
        else:
            zones.append((zone, origin))
    return providers, provider_origin, zones


# Velero's object-store and snapshot plugins, by the names BackupStorageLocations use.
VELERO_PROVIDERS = {
    "aws": "aws",
    "velero.io/aws": "aws",
    "azure": "azurerm",
    "velero.io/azure": "azurerm",
    "gcp": "google",
    "velero.io/gcp": "google",
}

# Where each plugin's location lives, read 2026-11-28 from the plugins' documentation:
# github.com/vmware-tanzu/velero-plugin-for-aws (backupstoragelocation.md: config.region is "the AWS
# region where the bucket is located", queried from S3 when not set; volumesnapshotlocation.md:
# config.region required, config.altRegion "an AWS region to which snapshots will be copied"),
# velero-plugin-for-microsoft-azure (backupstoragelocation.md: resourceGroup and storageAccount, no
# region; volume_snapshotter.go CreateSnapshot: a snapshot takes the Location of its disk), and
# velero-plugin-for-gcp (backupstoragelocation.md: no region; volumesnapshotlocation.md:
# config.snapshotLocation, else Compute Engine's default snapshot location).


def _velero_location(resource: Resource, reader: _Reader, config: Config | None) -> Placement:
    """Where Velero writes backups or snapshots: the plugin names the provider, its configuration
    (or the object it writes to) the region."""
    plugin = resource.get(("spec", "provider"))
    settings = resource.get(("spec", "config"))
    settings = settings if isinstance(settings, dict) else {}
    provider = VELERO_PROVIDERS.get(plugin) if isinstance(plugin, str) else None
    origin = reader.origin(("spec", "provider"), f"Velero plugin {plugin}")
    if provider is None:
        why = f"the Velero plugin {plugin!r} is not tied to a hosting provider in hds-lint's catalog"
        return Placement(unresolved=((why, origin),))
    snapshots = resource.kind == "VolumeSnapshotLocation"
    if provider == "aws" and not snapshots and isinstance(settings.get("s3Url"), str):
        url = settings["s3Url"]
        why = f"it writes to the S3-compatible endpoint {url}, whose host and region hds-lint cannot identify"
        return Placement(unresolved=((why, reader.origin(("spec", "config", "s3Url"), url)),))

    def read(*keys: str) -> tuple[tuple[str, Origin], ...]:
        found = [(key, settings.get(key)) for key in keys]
        return tuple(
            (value, reader.origin(("spec", "config", key), f"{key}: {value}"))
            for key, value in found
            if isinstance(value, str) and value
        )

    def placed(regions: tuple[tuple[str, Origin], ...], *unknown: str) -> Placement:
        return Placement(
            providers=(provider,),
            provider_origin=origin,
            regions=regions,
            unresolved=tuple((why, origin) for why in unknown),
        )

    bucket = resource.get(("spec", "objectStorage", "bucket"))
    bucket = f" {bucket}" if isinstance(bucket, str) else ""
    annotate = "record it with the annotations hds-lint.io/ignore: HDS004 and hds-lint.io/reason on this object"
    if provider == "aws":
        if snapshots:  # altRegion receives copies of every snapshot: it must pass as well
            regions = read("region", "altRegion")
            if read("region"):
                return placed(regions)
            return placed(
                regions, "config.region is not set, and the AWS plugin needs it to know where the volumes are"
            )
        if read("region"):
            return placed(read("region"))
        return placed(
            (),
            f"config.region is not set, so the AWS plugin asks S3 at run time where the bucket{bucket} is; "
            "set config.region to the bucket's region",
        )
    if provider == "google":
        if snapshots:
            if read("snapshotLocation"):
                return placed(read("snapshotLocation"))
            return placed(
                (),
                "config.snapshotLocation is not set, so Compute Engine keeps the snapshots in its default "
                "snapshot location, which depends on the disk's location; set config.snapshotLocation to a "
                "covered EEA region",
            )
        return placed(
            (),
            f"the GCP plugin has no region setting: backups go to the bucket{bucket}, stored in the location "
            "chosen when the bucket was created (a region, or a dual- or multi-region such as EU or US); check "
            f"it (gcloud storage buckets describe gs://{bucket.strip() or 'BUCKET'} --format='value(location)'); "
            f"if it is a covered EEA region, {annotate}",
        )
    # azurerm
    if snapshots:
        # Snapshots are created in the region of the disk they copy, where the cluster's volumes
        # are: those volumes are checked where they are declared. The cluster target, if
        # configured, places them; nothing else in this object can.
        cluster = config.cluster_for(resource.span.path) if config else None
        if cluster is not None and cluster.provider == provider and config is not None and config.path:
            where = Origin(
                Span(config.path, cluster.line, cluster.line),
                f"cluster target {cluster.provider} {cluster.region} in the configuration (snapshots stay "
                "in their disks' region)",
                "cluster",
            )
            return placed(((cluster.region, where),))
        return placed(())
    account = settings.get("storageAccount")
    group = settings.get("resourceGroup")
    named = (
        f"the storage account {account}" + (f" (resource group {group})" if isinstance(group, str) else "")
        if isinstance(account, str)
        else "a storage account that config.storageAccount does not name"
    )
    return placed(
        (),
        f"the Azure plugin has no region setting: backups go to the container{bucket} of {named}, in the "
        "account's location and, with GRS, RA-GRS, GZRS or RA-GZRS redundancy, in its paired region too; check "
        f"both (az storage account show --name {account if isinstance(account, str) else 'ACCOUNT'} --query "
        "'{location: location, redundancy: sku.name}'); if the location is a covered EEA region and the "
        f"redundancy LRS or ZRS, {annotate}",
    )


def place(resource: Resource, catalog: Catalog, config: Config | None = None) -> Placement | None:
    """None for objects whose location is that of the cluster (ConfigMaps, Services, ...).
    A manifest that pins nothing runs where the configuration's cluster target for its path
    says, when there is one."""
    reader = _Reader(resource)
    providers: list[str] = []
    provider_origin: Origin | None = None
    pod_spec = _pod_spec_path(resource)
    if pod_spec is not None:
        spec = resource.get(pod_spec, {})
        spec = spec if isinstance(spec, dict) else {}
        reader.selector(spec.get("nodeSelector"), (*pod_spec, "nodeSelector"))
        reader.terms(resource.get((*pod_spec, *NODE_AFFINITY)), (*pod_spec, *NODE_AFFINITY))
        what = "its pods may be scheduled on any node"
    elif resource.kind == "PersistentVolume":
        terms_path = ("spec", "nodeAffinity", "required", "nodeSelectorTerms")
        reader.terms(resource.get(terms_path), terms_path)
        driver = resource.get(("spec", "csi", "driver"))
        provider = catalog.for_provisioner(driver) if isinstance(driver, str) else None
        if provider is not None:
            providers = [provider.id]
            provider_origin = reader.origin(("spec", "csi", "driver"), f"CSI driver {driver}")
        what = "the volume's node affinity does not pin a region"
    elif resource.kind == "StorageClass":
        provisioner = resource.get(("provisioner",))
        if isinstance(provisioner, str):
            provider_origin = reader.origin(("provisioner",), f"provisioner {provisioner}")
            provider = catalog.for_provisioner(provisioner)
            if provider is not None:
                providers = [provider.id]
            else:
                reader.unresolved.append(
                    (
                        f"hds-lint's catalog ties no hosting provider to the provisioner {provisioner}",
                        provider_origin,
                    )
                )
        reader.terms(resource.get(("allowedTopologies",)), ("allowedTopologies",), "matchLabelExpressions")
        what = "allowedTopologies does not pin a region, so volumes may be created wherever the cluster runs"
    elif resource.kind in ("BackupStorageLocation", "VolumeSnapshotLocation"):
        return _velero_location(resource, reader, config)
    else:
        return None

    csi_zones: list[tuple[str, Origin]] = []
    if reader.csi_zones:
        providers, provider_origin, csi_zones = _csi_zones(reader, catalog, providers, provider_origin)
    if not providers:
        providers, hint_origin = _provider_from_hints(reader, catalog)
        provider_origin = hint_origin or provider_origin
    regions = reader.regions or reader.zones + csi_zones
    cluster = config.cluster_for(resource.span.path) if config and not regions and not reader.unresolved else None
    if cluster is not None and config is not None and config.path:
        origin = Origin(
            Span(config.path, cluster.line, cluster.line),
            f"cluster target {cluster.provider} {cluster.region} in the configuration",
            "cluster",
        )
        return Placement(providers=(cluster.provider,), provider_origin=origin, regions=((cluster.region, origin),))
    if not regions and not reader.unresolved:
        reader.unresolved.append((what, Origin(resource.span.first_line, "the object", "placement")))
    if not providers and regions:
        # No provider named: every catalog provider that has a region of that name is a candidate.
        for value, _origin in regions:
            providers += [p.id for p in catalog.for_region(value) if p.id not in providers]
        if not providers:
            value, origin = regions[0]
            reader.unresolved.append(
                (f"the region {value!r} is not a region of any provider in hds-lint's catalog", origin)
            )
            regions = []
    return Placement(
        providers=tuple(providers),
        provider_origin=provider_origin,
        regions=tuple(regions),
        unresolved=tuple(reader.unresolved),
    )
