from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hds_lint.catalog import default_catalog, load_catalog, rules_dir
from hds_lint.errors import UsageError


def test_every_provider_has_sources_and_a_verification_date() -> None:
    catalog = default_catalog()
    required = {
        "aws",
        "azurerm",
        "google",
        "ovh",
        "scaleway",
        "outscale",
        "clevercloud",
        "hcloud",
        "digitalocean",
        "linode",
        "vultr",
        "exoscale",
        "oci",
    }
    assert required <= set(catalog.providers)
    for provider in catalog.providers.values():
        assert provider.certification_sources or provider.status == "unknown", provider.id
        assert provider.verified
        for info in provider.regions.values():
            if info.hds == "covered":
                assert all(catalog.in_eea(c) for c in info.countries), (provider.id, info.code)


@pytest.mark.parametrize(
    ("provider", "value", "code", "hds"),
    [
        ("aws", "eu-west-3", "eu-west-3", "covered"),
        ("aws", "eu-west-3a", "eu-west-3", "covered"),
        ("aws", "us-east-1", "us-east-1", "not_covered"),
        ("aws", "eu-south-2", "eu-south-2", "unknown"),
        ("azurerm", "France Central", "francecentral", "covered"),
        ("azurerm", "uksouth", "uksouth", "not_covered"),
        ("azurerm", "germanywestcentral", "germanywestcentral", "unknown"),
        ("google", "europe-west9-a", "europe-west9", "covered"),
        ("google", "EU", "EU", "covered"),
        ("google", "europe-west6", "europe-west6", "not_covered"),
        ("ovh", "GRA7", "GRA", "covered"),
        ("ovh", "BHS5", "BHS", "not_covered"),
        ("scaleway", "fr-par-1", "fr-par", "covered"),
        ("scaleway", "nl-ams", "nl-ams", "unknown"),
        ("google", "regional-europe-west9", "europe-west9", "covered"),
        ("google", "eur3", "eur3", "covered"),
    ],
)
def test_region_lookup(provider: str, value: str, code: str, hds: str) -> None:
    info = default_catalog().providers[provider].region(value)
    assert info is not None and (info.code, info.hds) == (code, hds)


def test_unknown_region_is_none() -> None:
    assert default_catalog().providers["aws"].region("eu-west-33") is None


def test_provider_lookup_by_source_name_and_kubernetes_hints() -> None:
    catalog = default_catalog()
    assert catalog.for_terraform("registry.terraform.io/hashicorp/aws", "whatever").id == "aws"
    assert catalog.for_terraform(None, "azurerm").id == "azurerm"
    assert catalog.for_terraform("example/unheard-of", "x") is None
    assert catalog.for_terraform(None, "random").kind == "utility"
    assert catalog.for_provisioner("csi.scaleway.com").id == "scaleway"
    assert catalog.for_node_label("eks.amazonaws.com/nodegroup").id == "aws"


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    shutil.copytree(rules_dir() / "catalog", tmp_path / "catalog")
    return tmp_path


def test_unknown_key_names_the_file_and_key(catalog_copy: Path) -> None:
    aws = catalog_copy / "catalog" / "providers" / "aws.yaml"
    aws.write_text(aws.read_text() + "\nregoins: {}\n")
    with pytest.raises(UsageError, match=r"aws\.yaml: regoins: expected no such key"):
        load_catalog(catalog_copy)


def test_covered_region_outside_the_eea_is_rejected(catalog_copy: Path) -> None:
    aws = catalog_copy / "catalog" / "providers" / "aws.yaml"
    text = aws.read_text()
    assert "hds: not_covered" in text
    aws.write_text(text.replace("hds: not_covered", "hds: covered", 1))
    with pytest.raises(UsageError, match="covered only for a location inside the EEA"):
        load_catalog(catalog_copy)


def test_invalid_yaml_names_the_line(catalog_copy: Path) -> None:
    (catalog_copy / "catalog" / "eea.yaml").write_text("countries: {FR: France\n")
    with pytest.raises(UsageError, match=r"eea\.yaml:\d+: invalid YAML"):
        load_catalog(catalog_copy)
