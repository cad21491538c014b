"""Kubernetes placement and Velero destinations, on objects built in memory."""

from __future__ import annotations

from typing import Any

import pytest

from hds_lint.catalog import default_catalog
from hds_lint.engine import scan
from hds_lint.kubernetes.placement import place
from hds_lint.kubernetes.relations import KubernetesIndex, velero_destinations, velero_scope, velero_server_flags
from hds_lint.model import Resource, Span

SPAN = Span("m.yaml", 1, 10)


def _object(kind: str, name: str, spec: dict[str, Any], namespace: str | None = "velero", **top: Any) -> Resource:
    metadata: dict[str, Any] = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    address = f"{kind}/{namespace}/{name}" if namespace is not None else f"{kind}/{name}"
    return Resource("kubernetes", kind, address, SPAN, {"metadata": metadata, "spec": spec, **top})


def _bsl(name: str, region: str = "eu-west-3", default: bool | None = None, namespace: str = "velero") -> Resource:
    spec: dict[str, Any] = {"provider": "aws", "objectStorage": {"bucket": name}, "config": {"region": region}}
    if default is not None:
        spec["default"] = default
    return _object("BackupStorageLocation", name, spec, namespace)


def _vsl(name: str, provider: str = "aws", **config: str) -> Resource:
    return _object("VolumeSnapshotLocation", name, {"provider": provider, "config": config})


def _schedule(**template: Any) -> Resource:
    return _object(
        "Schedule", "nightly", {"schedule": "0 1 * * *", "template": {"includedNamespaces": ["dpi"], **template}}
    )


def _velero_server(*args: str, image: str = "velero/velero:v1.15.0") -> Resource:
    container = {"name": "velero", "image": image, "command": ["/velero"], "args": list(args)}
    return _object("Deployment", "velero", {"template": {"spec": {"containers": [container]}}})


def _destinations(schedule: Resource, *others: Resource) -> list[tuple[str | None, str | None]]:
    """(target name or None, unresolved reason or None) for each destination."""
    index = KubernetesIndex([schedule, *others])
    scope = velero_scope(schedule)
    assert scope is not None
    return [
        (d.target.address.rsplit("/", 1)[-1] if d.target else None, d.unresolved)
        for d in velero_destinations(schedule, scope, index)
    ]


# Velero's BackupStorageLocation ------------------------------------------------------------------


def test_the_location_marked_default_wins_over_the_one_named_default() -> None:
    found = _destinations(_schedule(), _bsl("paris", "us-east-1", default=True), _bsl("default", "eu-west-3"))
    assert found == [("paris", None)]


def test_without_a_marked_location_velero_uses_the_one_named_default() -> None:
    found = _destinations(_schedule(), _bsl("paris", default=False), _bsl("default"))
    assert found == [("default", None)]


def test_the_server_flag_names_the_default_when_none_is_marked() -> None:
    server = _velero_server("server", "--default-backup-storage-location", "paris")
    found = _destinations(_schedule(), _bsl("paris"), _bsl("default", "us-east-1"), server)
    assert found == [("paris", None)]
    # A location marked default still wins over the flag, as in Velero's backup controller.
    found = _destinations(_schedule(), _bsl("paris"), _bsl("lyon", default=True), server)
    assert found == [("lyon", None)]


def test_several_locations_marked_default_are_not_guessed() -> None:
    [(target, why)] = _destinations(
        _schedule(), _bsl("paris", default=True), _bsl("virginie", "us-east-1", default=True)
    )
    assert target is None
    assert why is not None and "several" in why and "paris, virginie" in why


def test_no_default_location_in_the_manifests_is_unknown() -> None:
    [(target, why)] = _destinations(_schedule(), _bsl("paris"))
    assert target is None
    assert why is not None and "'default'" in why and "paris" in why
    [(target, why)] = _destinations(_schedule())
    assert target is None and why is not None


def test_a_named_location_is_used_and_a_missing_one_is_unknown() -> None:
    assert _destinations(
        _schedule(storageLocation="lyon"), _bsl("lyon", default=False), _bsl("paris", default=True)
    ) == [("lyon", None)]
    [(target, why)] = _destinations(_schedule(storageLocation="archives"), _bsl("paris", default=True))
    assert target is None and why is not None and "archives" in why


def test_locations_of_another_namespace_are_not_used() -> None:
    [(target, why)] = _destinations(_schedule(), _bsl("default", namespace="velero-dr"))
    assert target is None and why is not None


# Velero's VolumeSnapshotLocations ---------------------------------------------------------------


def test_the_only_snapshot_location_of_a_plugin_is_used() -> None:
    found = _destinations(_schedule(), _bsl("default"), _vsl("ebs", region="eu-west-3"), _vsl("pd", "gcp"))
    assert found == [("default", None), ("ebs", None), ("pd", None)]


def test_a_named_snapshot_location_takes_its_plugin_and_others_still_get_theirs() -> None:
    schedule = _schedule(volumeSnapshotLocations=["ebs-paris"])
    found = _destinations(
        schedule, _bsl("default"), _vsl("ebs-paris", "velero.io/aws"), _vsl("ebs-us", "aws"), _vsl("pd", "gcp")
    )
    assert found == [("default", None), ("ebs-paris", None), ("pd", None)]


def test_several_snapshot_locations_of_a_plugin_need_the_server_default() -> None:
    locations = (_bsl("default"), _vsl("ebs-paris"), _vsl("ebs-us"))
    [_storage, (target, why)] = _destinations(_schedule(), *locations)
    assert target is None and why is not None and "ebs-paris, ebs-us" in why
    server = _velero_server("server", "--default-volume-snapshot-locations=velero.io/aws:ebs-paris,gcp:pd")
    assert _destinations(_schedule(), *locations, server)[1] == ("ebs-paris", None)


def test_no_snapshot_location_when_volume_snapshots_are_off() -> None:
    assert _destinations(_schedule(snapshotVolumes=False), _bsl("default"), _vsl("a"), _vsl("b")) == [("default", None)]


def test_server_flags_come_only_from_a_single_velero_server() -> None:
    index = KubernetesIndex([_velero_server("server", "--default-backup-storage-location=paris")])
    assert velero_server_flags(index, "velero") == {"--default-backup-storage-location": "paris"}
    other = _velero_server("server", "--default-backup-storage-location=paris", image="nginx:1.27")
    assert velero_server_flags(KubernetesIndex([other]), "velero") == {}
    not_server = _velero_server("install", "--default-backup-storage-location=paris")
    assert velero_server_flags(KubernetesIndex([not_server]), "velero") == {}
    two = [
        _velero_server("server", "--x=1"),
        _object("Deployment", "velero-2", _velero_server("server").attributes["spec"]),
    ]
    assert velero_server_flags(KubernetesIndex(two), "velero") == {}


# Where Velero's locations are --------------------------------------------------------------------


def _placement(resource: Resource):
    found = place(resource, default_catalog())
    assert found is not None
    return found


def test_aws_snapshot_copies_to_alt_region_are_placed_too() -> None:
    found = _placement(_vsl("ebs", region="eu-west-3", altRegion="us-west-1"))
    assert [value for value, _origin in found.regions] == ["eu-west-3", "us-west-1"]
    assert found.unresolved == ()


def test_messages_say_what_each_plugin_does_without_a_region() -> None:
    def why(resource: Resource) -> str:
        [(reason, _origin)] = _placement(resource).unresolved
        return reason

    aws_snapshots = why(_vsl("ebs"))
    assert "config.region" in aws_snapshots and "bucket" not in aws_snapshots
    gcp_snapshots = why(_vsl("pd", "gcp"))
    assert "snapshotLocation" in gcp_snapshots and "bucket" not in gcp_snapshots
    aws_bucket = why(_object("BackupStorageLocation", "b", {"provider": "aws", "objectStorage": {"bucket": "x"}}))
    assert "bucket x" in aws_bucket and "config.region" in aws_bucket
    gcp_bucket = why(_object("BackupStorageLocation", "b", {"provider": "gcp", "objectStorage": {"bucket": "x"}}))
    assert "gs://x" in gcp_bucket and "hds-lint.io/ignore" in gcp_bucket
    azure = why(
        _object(
            "BackupStorageLocation",
            "b",
            {
                "provider": "azure",
                "objectStorage": {"bucket": "velero"},
                "config": {"resourceGroup": "rg", "storageAccount": "stbackups"},
            },
        )
    )
    assert "storage account stbackups" in azure and "paired region" in azure and "hds-lint.io/ignore" in azure
    assert "bucket's" not in azure


def test_azure_snapshots_stay_with_their_disks() -> None:
    found = _placement(_vsl("disks", "velero.io/azure", resourceGroup="rg"))
    assert found.providers == ("azurerm",) and found.regions == () and found.unresolved == ()


# CSI drivers' zone keys --------------------------------------------------------------------------


def _storage_class(provisioner: str, key: str, *zones: str) -> Resource:
    return Resource(
        "kubernetes",
        "StorageClass",
        "StorageClass/s",
        SPAN,
        {
            "metadata": {"name": "s", "labels": {"hds": "true"}},
            "provisioner": provisioner,
            "allowedTopologies": [{"matchLabelExpressions": [{"key": key, "values": list(zones)}]}],
        },
    )


@pytest.mark.parametrize(
    ("provisioner", "key", "zone", "provider"),
    [
        ("ebs.csi.aws.com", "topology.ebs.csi.aws.com/zone", "eu-west-3a", "aws"),
        ("disk.csi.azure.com", "topology.disk.csi.azure.com/zone", "francecentral-1", "azurerm"),
        ("pd.csi.storage.gke.io", "topology.gke.io/zone", "europe-west9-a", "google"),
        ("example.com/unknown", "topology.ebs.csi.aws.com/zone", "eu-west-3a", "aws"),  # the key names it
    ],
)
def test_csi_zone_keys_pin_the_region(provisioner: str, key: str, zone: str, provider: str) -> None:
    found = _placement(_storage_class(provisioner, key, zone))
    assert provider in found.providers
    assert [value for value, _origin in found.regions] == [zone]
    assert not [why for why, _origin in found.unresolved if "does not pin" in why]


def test_csi_zones_that_do_not_map_to_a_region_are_unknown() -> None:
    for zone in ("euw3-az1", ""):
        found = _placement(_storage_class("ebs.csi.aws.com", "topology.ebs.csi.aws.com/zone", zone))
        assert found.regions == () and len(found.unresolved) == 1, zone
    found = _placement(_storage_class("ebs.csi.aws.com", "topology.disk.csi.azure.com/zone", "francecentral-1"))
    assert found.regions == ()
    assert [why for why, _origin in found.unresolved] == [
        "its zone key belongs to Microsoft Azure, not to the provider its provisioner or CSI driver names"
    ]


def test_a_term_without_the_zone_key_leaves_the_volume_unpinned() -> None:
    resource = _storage_class("ebs.csi.aws.com", "topology.ebs.csi.aws.com/zone", "eu-west-3a")
    resource.attributes["allowedTopologies"].append(
        {"matchLabelExpressions": [{"key": "node.kubernetes.io/instance-type", "values": ["m7i.large"]}]}
    )
    assert any("alternatives" in why for why, _origin in _placement(resource).unresolved)


def test_csi_zone_key_in_a_pod_node_selector(write) -> None:
    pod = (
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    hds: "true"\nspec:\n'
        "  nodeSelector:\n    topology.ebs.csi.aws.com/zone: {zone}\n  containers:\n    - name: c\n      image: c:1\n"
    )
    assert [f.rule_id for f in scan([str(write({"pod.yaml": pod.replace("{zone}", "eu-west-3b")}))]).findings] == []
    found = scan([str(write({"pod.yaml": pod.replace("{zone}", "us-east-1b")}))]).findings
    assert [(f.rule_id, f.location.start_line) for f in found] == [("HDS002", 9)]


def test_velero_default_location_end_to_end(write) -> None:
    namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dpi\n  labels:\n    hds: "true"\n---\n'
    schedule = (
        "apiVersion: velero.io/v1\nkind: Schedule\nmetadata:\n  name: n\n  namespace: velero\nspec:\n"
        "  schedule: '0 1 * * *'\n  template:\n    includedNamespaces: [dpi]\n---\n"
    )
    location = (
        "apiVersion: velero.io/v1\nkind: BackupStorageLocation\nmetadata:\n  name: {name}\n  namespace: velero\n"
        "spec:\n  provider: aws\n  default: {default}\n  objectStorage:\n    bucket: b\n  config:\n"
        "    region: {region}\n---\n"
    )

    def rules(paris: str, default: str, *marked: str) -> list[tuple[str, str]]:
        text = namespace + schedule
        text += location.format(name="paris", default=str("paris" in marked).lower(), region=paris)
        text += location.format(name="default", default=str("default" in marked).lower(), region=default)
        return [(f.rule_id, f.address) for f in scan([str(write({"m.yaml": text}))]).findings]

    assert rules("us-east-1", "eu-west-3", "paris") == [("HDS011", "BackupStorageLocation/velero/paris")]
    assert rules("eu-west-3", "us-east-1", "paris") == []
    assert rules("eu-west-3", "us-east-1") == [("HDS011", "BackupStorageLocation/velero/default")]
    assert rules("eu-west-3", "us-east-1", "paris", "default") == [("HDS004", "Schedule/velero/n")]
