"""Terraform plan JSON (`terraform show -json`): recognised now, read with the evaluation stage."""

from __future__ import annotations

from typing import Any


def is_plan_json(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and "format_version" in value
        and ("planned_values" in value or "resource_changes" in value)
    )
