"""Terraform placement: which provider default a resource that sets no location takes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hds_lint.catalog import default_catalog, load_catalog, rules_dir
from hds_lint.engine import scan
from hds_lint.errors import UsageError

SCALEWAY_SERVER = 'resource "scaleway_instance_server" "s" {\n  type = "PRO2-S"\n  tags = ["hds=true"]\n}\n'
SCALEWAY_DATABASE = (
    'resource "scaleway_rdb_instance" "d" {\n  node_type = "DB-PRO2-XXS"\n  backup_same_region = true\n'
    '  tags = ["hds=true"]\n}\n'
)


def _scaleway(provider_body: str, resource: str) -> str:
    return f'provider "scaleway" {{\n{provider_body}}}\n' + resource


PLACEMENT_RULES = ("HDS001", "HDS002", "HDS003", "HDS004")  # the backup rules have tests of their own


def _scan(write, text: str) -> list:
    return [f for f in scan([str(write({"main.tf": text}))]).findings if f.rule_id in PLACEMENT_RULES]


def _findings(write, text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, f.level) for f in _scan(write, text)]


def _messages(write, text: str) -> list[str]:
    return [f"{f.rule_id} {f.message}" for f in _scan(write, text)]


def test_a_zonal_scaleway_resource_takes_the_provider_zone(write) -> None:
    both = '  region = "fr-par"\n  zone = "fr-par-2"\n'
    assert _findings(write, _scaleway(both, SCALEWAY_SERVER)) == []
    amsterdam = '  region = "fr-par"\n  zone = "nl-ams-1"\n'
    assert _findings(write, _scaleway(amsterdam, SCALEWAY_SERVER)) == [("HDS002", "warning"), ("HDS003", "error")]


def test_a_regional_scaleway_resource_takes_the_provider_region_never_the_zone_region(write) -> None:
    amsterdam_zone = '  region = "fr-par"\n  zone = "nl-ams-1"\n'
    assert _findings(write, _scaleway(amsterdam_zone, SCALEWAY_DATABASE)) == []
    (message,) = _messages(write, _scaleway('  zone = "fr-par-1"\n', SCALEWAY_DATABASE))
    assert message.startswith("HDS004") and "sets no region" in message and "not its zone = 'fr-par-1'" in message


def test_a_zonal_scaleway_resource_is_not_placed_by_the_provider_region(write) -> None:
    # Scaleway's default zone is fr-par-1 whatever the region, unless the environment says otherwise.
    (message,) = _messages(write, _scaleway('  region = "nl-ams"\n', SCALEWAY_SERVER))
    assert message.startswith("HDS004") and "sets no zone" in message and "not its region = 'nl-ams'" in message


def test_a_type_the_catalog_does_not_list_is_not_guessed_when_region_and_zone_disagree(write) -> None:
    queue = 'resource "scaleway_messageq_deployment" "q" {\n  tags = ["hds=true"]\n}\n'
    agree = '  region = "fr-par"\n  zone = "fr-par-2"\n'
    assert _findings(write, _scaleway(agree, queue)) == []
    disagree = '  region = "fr-par"\n  zone = "nl-ams-1"\n'
    (message,) = _messages(write, _scaleway(disagree, queue))
    assert message.startswith("HDS004") and "in different regions" in message and "messageq" in message


def test_google_zonal_and_regional_resources(write) -> None:
    provider = 'provider "google" {\n  region = "europe-west9"\n  zone = "europe-west2-b"\n}\n'
    instance = 'resource "google_compute_instance" "i" {\n  name = "i"\n  labels = { hds = "true" }\n}\n'
    database = 'resource "google_sql_database_instance" "d" {\n  name = "d"\n  labels = { hds = "true" }\n}\n'
    assert _findings(write, provider + instance) == [("HDS002", "error")]  # London
    assert _findings(write, provider + database) == []  # Paris
    zone_only = 'provider "google" {\n  zone = "us-east1-b"\n}\n'
    (message,) = _messages(write, zone_only + database)
    assert message.startswith("HDS002") and "us-east1" in message  # the provider derives it from its zone


def test_every_zone_restricted_service_is_placed_by_zone() -> None:
    """A service HDS only in some zones (Scaleway Block Storage, Instances) must not be placed
    at region level from the provider block, or the zone check fails on a compliant stack."""
    catalog = default_catalog()
    for provider in catalog.providers.values():
        for service in provider.services:
            zones = [r for r in service.regions if r.lower() not in provider.regions]
            if not zones or not provider.provider_location_attributes:
                continue
            for resource_type in service.resource_types:
                default = provider.provider_default(resource_type)
                assert default is not None and default.attributes[0] == "zone", (provider.id, resource_type)


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    shutil.copytree(rules_dir() / "catalog", tmp_path / "catalog")
    return tmp_path


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        ("    - attributes: [zone]\n", "    - attributes: [datacenter]\n", "drawn from provider_location_attributes"),
        ("      sources:\n", "      references:\n", "expected no such key"),
    ],
)
def test_provider_location_by_type_is_validated(catalog_copy: Path, replace: str, by: str, expected: str) -> None:
    scaleway = catalog_copy / "catalog" / "providers" / "scaleway.yaml"
    text = scaleway.read_text()
    assert replace in text
    scaleway.write_text(text.replace(replace, by, 1))
    with pytest.raises(UsageError, match=expected):
        load_catalog(catalog_copy)
