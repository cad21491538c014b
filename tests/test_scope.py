from __future__ import annotations

import pytest

from hds_lint.model import Resource, Span, Unknown
from hds_lint.scope import classify

SPAN = Span("f", 1, 5)


def _tf(**attributes) -> Resource:
    return Resource("terraform", "aws_s3_bucket", "aws_s3_bucket.x", SPAN, attributes)


@pytest.mark.parametrize(
    "attributes",
    [
        {"tags": {"data-classification": "health"}},
        {"tags": {"Data_Classification": "HEALTH"}},
        {"tags": {"HDS": "True"}},
        {"labels": {"health-data": "true"}},
        {"user_labels": {"dataclassification": "health"}},
        {"tags": ["team=dpi", "hds=true"]},
        {"tags": ["hds:true"]},
        {"tags": [{"key": "hds", "value": "true"}]},
        {"settings": [{"user_labels": {"hds": "true"}}]},
    ],
)
def test_health_data_tags_in_every_provider_shape(attributes: dict) -> None:
    assert classify(_tf(**attributes)).state == "in"


@pytest.mark.parametrize(
    "attributes",
    [
        {},
        {"tags": {"data-classification": "public"}},
        {"tags": {"hds": "false"}},
        {"tags": {"health": "true"}},
        {"tags": ["hds"]},
        {"name": "hds-true"},
    ],
)
def test_other_tags_are_out_of_scope(attributes: dict) -> None:
    assert classify(_tf(**attributes)).state == "out"


def test_unreadable_tags_make_classification_unknown_with_the_reason() -> None:
    result = classify(_tf(tags=Unknown('merge(local.tags, {app = "dpi"})')))
    assert result.state == "unknown"
    assert "merge(local.tags" in result.reason.description
    assert classify(_tf(tags={"hds": Unknown("var.flag")})).state == "unknown"
    assert classify(_tf(tags={"team": Unknown("var.team")})).state == "out"


def test_a_known_health_tag_wins_over_unknown_ones() -> None:
    assert classify(_tf(tags={"<var.k>": Unknown("var.k"), "hds": "true"})).state == "in"


def test_kubernetes_own_and_pod_template_labels() -> None:
    deployment = Resource(
        "kubernetes",
        "Deployment",
        "Deployment/dpi/api",
        SPAN,
        {
            "metadata": {"name": "api"},
            "spec": {"template": {"metadata": {"labels": {"hds": "true"}}}},
        },
    )
    assert classify(deployment).state == "in"
    config_map = Resource(
        "kubernetes",
        "ConfigMap",
        "ConfigMap/dpi/c",
        SPAN,
        {"spec": {"template": {"metadata": {"labels": {"hds": "true"}}}}},
    )
    assert classify(config_map).state == "out"
