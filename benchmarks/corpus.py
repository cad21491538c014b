"""A deterministic corpus in the proportions of real infrastructure repositories.

Each root module has providers (one aliased), variables with a tfvars file, locals merged
into tags, resources with for_each, and a nested local module called through an aliased
provider; beside them, a Kubernetes tree of namespaces, workloads, volumes and Velero
objects. The same seed and size always give the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

REGIONS = ["eu-west-3", "eu-west-1", "eu-central-1", "us-east-1", "eu-south-2"]


def _root(index: int, rng: random.Random) -> dict[str, str]:
    region = rng.choice(REGIONS)
    sites = {f"site{n}": rng.choice(REGIONS) for n in range(rng.randint(2, 5))}
    sites_hcl = ", ".join(f'{k} = "{v}"' for k, v in sites.items())
    resources = []
    for n in range(rng.randint(4, 10)):
        kind = rng.choice(["aws_s3_bucket", "aws_db_instance", "aws_dynamodb_table", "aws_ebs_volume"])
        health = rng.random() < 0.6
        tags = f'merge(local.common_tags, {{ Name = "r{n}" }})' if health else f'{{ Name = "public{n}" }}'
        extra = ""
        if kind == "aws_db_instance":
            extra = f'  engine = "postgres"\n  backup_retention_period = {rng.choice([0, 1, 7, 14])}\n'
        elif kind == "aws_ebs_volume":
            extra = f'  availability_zone = "{region}a"\n  size = {rng.randint(10, 500)}\n'
        resources.append(f'resource "{kind}" "r{n}" {{\n{extra}  tags = {tags}\n}}\n')
    return {
        "providers.tf": (
            'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n  }\n}\n'
            'provider "aws" {\n  region = var.region\n}\n'
            'provider "aws" {\n  alias  = "dr"\n  region = var.dr_region\n}\n'
        ),
        "variables.tf": (
            'variable "region" {\n  type = string\n}\nvariable "dr_region" {\n  type    = string\n'
            '  default = "eu-central-1"\n}\nvariable "sites" {\n  type    = map(string)\n'
            f"  default = {{ {sites_hcl} }}\n}}\n"
        ),
        "terraform.tfvars": f'region = "{region}"\n',
        "locals.tf": (
            f'locals {{\n  common_tags = {{\n    data-classification = "health"\n    team = "team{index % 7}"\n'
            f'    environment = "prod"\n  }}\n  prefix = "hosp{index}"\n}}\n'
        ),
        "main.tf": "".join(resources)
        + (
            'resource "aws_s3_bucket" "per_site" {\n  for_each = var.sites\n'
            '  bucket   = "${local.prefix}-${each.key}"\n  tags     = local.common_tags\n}\n'
            'module "archive" {\n  source    = "./modules/archive"\n  name      = local.prefix\n'
            "  tags      = local.common_tags\n  providers = { aws = aws.dr }\n}\n"
        ),
        "modules/archive/main.tf": (
            'variable "name" {}\nvariable "tags" {}\n'
            'resource "aws_s3_bucket" "this" {\n  bucket = "${var.name}-archive"\n  tags   = var.tags\n}\n'
            'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n'
            '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n'
            'output "arn" {\n  value = aws_s3_bucket.this.arn\n}\n'
        ),
    }


def _kubernetes(index: int, rng: random.Random) -> str:
    namespace = f"ns{index}"
    health = "true" if rng.random() < 0.5 else "false"
    region = rng.choice(REGIONS)
    return (
        f'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {namespace}\n  labels:\n    hds: "{health}"\n---\n'
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: {namespace}\nspec:\n"
        "  replicas: 2\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n"
        f"      nodeSelector:\n        topology.kubernetes.io/region: {region}\n"
        "        eks.amazonaws.com/nodegroup: main\n"
        "      containers:\n        - name: api\n          image: registry.example/api:1.0\n"
        "      volumes:\n        - name: data\n          persistentVolumeClaim:\n            claimName: data\n---\n"
        f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  namespace: {namespace}\n"
        "spec:\n  storageClassName: gp3\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n"
        "      storage: 10Gi\n---\n"
        f"apiVersion: velero.io/v1\nkind: Schedule\nmetadata:\n  name: {namespace}-daily\n  namespace: velero\n"
        f'spec:\n  schedule: "0 2 * * *"\n  template:\n    includedNamespaces: [{namespace}]\n'
    )


def generate(root: Path, size: int, seed: int = 42) -> Path:
    """`size` root modules and as many Kubernetes files under `root`; returns root."""
    rng = random.Random(seed)
    for index in range(size):
        for name, text in _root(index, rng).items():
            path = root / "terraform" / f"stack{index:04d}" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        k8s = root / "kubernetes" / f"team{index % 20:02d}" / f"app{index:04d}.yaml"
        k8s.parent.mkdir(parents=True, exist_ok=True)
        k8s.write_text(_kubernetes(index, rng))
    shared = root / "kubernetes" / "velero.yaml"
    shared.write_text(
        "apiVersion: velero.io/v1\nkind: BackupStorageLocation\nmetadata:\n  name: default\n  namespace: velero\n"
        "spec:\n  provider: aws\n  objectGranularity: bucket\n  objectStorage:\n    bucket: backups\n"
        "  config:\n    region: eu-west-3\n"
    )
    return root
