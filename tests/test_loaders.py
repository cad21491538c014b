from __future__ import annotations

from hds_lint.discover import discover
from hds_lint.kubernetes.loader import load_kubernetes
from hds_lint.model import Unknown
from hds_lint.terraform.loader import load_terraform
from hds_lint.terraform.modules import Evaluation, Inputs


def terraform(root) -> tuple[list, list]:
    """Resources as the engine sees them: loaded, then evaluated."""
    modules, _variables, problems = load_terraform(discover([str(root)])[0])
    return Evaluation(modules, Inputs()).run(), problems


PROVIDERS = """terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 6.0" }
  }
}
provider "aws" {
  region = "eu-west-3"
}
provider "aws" {
  alias  = "london"
  region = "eu-west-2"
}
"""


def test_resources_bind_to_their_provider_block_across_files(write) -> None:
    root = write(
        {
            "providers.tf": PROVIDERS,
            "main.tf": 'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n\n'
            'resource "aws_s3_bucket" "b" {\n  provider = aws.london\n  bucket   = "b"\n}\n',
        }
    )
    resources, problems = terraform(root)
    assert problems == []
    by_address = {r.address: r for r in resources}
    a, b = by_address["aws_s3_bucket.a"], by_address["aws_s3_bucket.b"]
    assert (a.provider.alias, a.provider.config["region"], a.provider.source) == (
        None,
        "eu-west-3",
        "hashicorp/aws",
    )
    assert (b.provider.alias, b.provider.config["region"]) == ("london", "eu-west-2")
    assert b.provider.config_spans["region"].start_line == 11
    assert (b.span.start_line, b.span.end_line) == (5, 8)


def test_unconfigured_provider_is_a_binding_without_block(write) -> None:
    root = write({"main.tf": 'resource "google_storage_bucket" "b" {\n  location = "EU"\n}\n'})
    (resource,), _ = terraform(root)
    assert resource.provider.local_name == "google"
    assert resource.provider.span is None
    assert resource.attributes["location"] == "EU"


def test_nested_blocks_and_object_keys_keep_their_lines(write) -> None:
    root = write(
        {
            "main.tf": 'resource "outscale_volume" "v" {\n'
            '  subregion_name = "eu-west-2a"\n'
            '  tags {\n    key   = "hds"\n    value = "true"\n  }\n'
            '  labels = {\n    team = "dpi"\n    hds  = var.flag\n  }\n'
            "}\n"
        }
    )
    (resource,), _ = terraform(root)
    assert resource.attributes["tags"] == [{"key": "hds", "value": "true"}]
    assert resource.attribute_spans[("tags", 0)].start_line == 3
    assert resource.attribute_spans[("labels", "hds")].start_line == 9
    assert resource.attributes["labels"]["hds"] == Unknown("var.flag")


def test_tf_json_resources_with_lines_and_expressions(write) -> None:
    root = write(
        {
            "main.tf.json": '{\n  "provider": {"aws": {"region": "eu-west-1"}},\n'
            '  "resource": {\n    "aws_db_instance": {\n      "db": {\n'
            '        "engine": "postgres",\n        "tags": {"hds": "true", "env": "${var.env}"}\n'
            "      }\n    }\n  }\n}\n"
        }
    )
    (resource,), problems = terraform(root)
    assert problems == []
    assert resource.address == "aws_db_instance.db"
    assert resource.provider.config["region"] == "eu-west-1"
    assert resource.attributes["tags"] == {"hds": "true", "env": Unknown("var.env")}
    assert resource.attribute_spans[("tags",)].start_line == 7


def test_broken_files_become_problems_and_the_rest_still_loads(write) -> None:
    root = write(
        {
            "good.tf": 'resource "aws_s3_bucket" "ok" {\n  bucket = "ok"\n}\n',
            "bad.tf": 'resource "aws_s3_bucket" "broken" {\n  bucket = "x"\n',
            "latin1.tf": b'resource "a" "b" {\n  name = "\xe9t\xe9"\n}\n',
            "bad.tf.json": '{"resource": ',
            "prod.tfvars": "region = \n",
        }
    )
    resources, problems = terraform(root)
    assert [r.address for r in resources] == ["aws_s3_bucket.ok"]
    found = {p.path.rsplit("/", 1)[1]: (p.line, p.message) for p in problems}
    assert set(found) == {"bad.tf", "latin1.tf", "bad.tf.json", "prod.tfvars"}
    # "unexpected end of file" is placed on the last line, never past it (GitHub rejects that)
    assert found["bad.tf"][0] == 2 and "end of file" in found["bad.tf"][1]
    assert "UTF-8" in found["latin1.tf"][1]
    assert "JSON" in found["bad.tf.json"][1]


MANIFESTS = """apiVersion: v1
kind: Namespace
metadata:
  name: dpi
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      namespace: dpi
    spec:
      template:
        spec:
          nodeSelector:
            topology.kubernetes.io/region: eu-west-3
---
# not Kubernetes: ignored
name: CI
on: [push]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
"""


def test_kubernetes_documents_lists_and_addresses(write) -> None:
    root = write({"app.yaml": MANIFESTS})
    resources, problems, notices = load_kubernetes(discover([str(root)])[0])
    assert problems == [] and notices == []
    assert [r.address for r in resources] == [
        "Namespace/dpi",
        "Deployment/dpi/api",
        "ConfigMap/default/settings",
    ]
    deployment = resources[1]
    assert (deployment.span.start_line, deployment.span.end_line) == (9, 18)
    selector = ("spec", "template", "spec", "nodeSelector", "topology.kubernetes.io/region")
    assert deployment.attribute_spans[selector].start_line == 18


def test_kubernetes_yaml_errors_and_other_json(write) -> None:
    root = write(
        {
            "broken.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
            "plan.json": '{"format_version": "1.2", "planned_values": {}}',
            "package.json": '{"name": "web"}',
        }
    )
    resources, problems, notices = load_kubernetes(discover([str(root)])[0])
    assert resources == []
    assert [(p.path.rsplit("/", 1)[1], p.line) for p in problems] == [("broken.yaml", 4)]
    assert notices == []  # plan.json is the plan loader's; package.json is nobody's


def test_a_broken_document_costs_only_itself(write) -> None:
    root = write(
        {
            "m.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: first}\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken}\ndata:\n  a: [1, 2\n---\n"
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: last\n"
        }
    )
    resources, problems, _ = load_kubernetes(discover([str(root)])[0])
    assert [r.address for r in resources] == ["Pod/default/first", "Pod/default/last"]
    assert resources[1].span.start_line == 11
    assert [p.line for p in problems] == [9]  # the unclosed list, not the next document


def test_json_that_is_not_kubernetes_is_ignored_even_when_invalid(write) -> None:
    root = write(
        {
            "tsconfig.json": '{\n  // comments are fine for tsc\n  "compilerOptions": {}\n}\n',
            "broken-pod.json": '{"apiVersion": "v1", "kind": "Pod",',
        }
    )
    _, problems, _ = load_kubernetes(discover([str(root)])[0])
    assert [p.path.rsplit("/", 1)[1] for p in problems] == ["broken-pod.json"]


def test_template_placeholders_are_unknown_values(write) -> None:
    root = write(
        {
            "pod.yaml": 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{ .Release.Name }}-api"\n'
            'spec:\n  nodeSelector:\n    topology.kubernetes.io/region: "{{ .Values.region }}"\n'
        }
    )
    (pod,), _, _ = load_kubernetes(discover([str(root)])[0])
    selector = pod.attributes["spec"]["nodeSelector"]["topology.kubernetes.io/region"]
    assert selector == Unknown("{{ .Values.region }}")


def test_plan_references_are_followed_through_module_outputs_and_inputs() -> None:
    """A plan records, for each expression, what it refers to: a replica in one module of a
    database in another is tied to it through the module's output and the other's input."""
    import json

    from hds_lint.terraform.plan import load_plan

    def resource(address: str, rtype: str, expressions: dict) -> dict:
        name = address.rsplit(".", 1)[1]
        return {"address": address, "mode": "managed", "type": rtype, "name": name, "expressions": expressions}

    configuration = {
        "root_module": {
            "module_calls": {
                "db": {
                    "module": {
                        "resources": [resource("aws_db_instance.main", "aws_db_instance", {})],
                        "outputs": {
                            "arn": {"expression": {"references": ["aws_db_instance.main.arn", "aws_db_instance.main"]}}
                        },
                    }
                },
                "dr": {
                    "expressions": {"source_arn": {"references": ["module.db.arn", "module.db"]}},
                    "module": {
                        "resources": [
                            resource(
                                "aws_db_instance.replica",
                                "aws_db_instance",
                                {"replicate_source_db": {"references": ["var.source_arn"]}},
                            )
                        ]
                    },
                },
            }
        }
    }
    planned = [
        {
            "address": "module.db.aws_db_instance.main",
            "mode": "managed",
            "type": "aws_db_instance",
            "name": "main",
            "values": {},
        },
        {
            "address": "module.dr.aws_db_instance.replica",
            "mode": "managed",
            "type": "aws_db_instance",
            "name": "replica",
            "values": {},
        },
    ]
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": planned}},
        "configuration": configuration,
    }
    resources = {r.address: r for r in load_plan("plan.json", json.dumps(plan), plan)}
    replica = resources["module.dr.aws_db_instance.replica"]
    assert replica.references == {"replicate_source_db": ("module.db.aws_db_instance.main",)}
    assert resources["module.db.aws_db_instance.main"].references == {}
