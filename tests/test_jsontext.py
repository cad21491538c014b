"""The report writer's JSON is json.dumps(indent=2, ensure_ascii=False) byte for byte."""

from __future__ import annotations

import collections
import enum
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hds_lint.report.jsontext import dumps

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.tuples(children, children) | st.dictionaries(KEYS, children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_the_same_text_as_the_standard_library(document: object) -> None:
    assert dumps(document) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_odd_values_and_subclasses() -> None:
    class Name(str):
        pass

    class Kind(str, enum.Enum):  # noqa: UP042 - the case where str() differs from the text
        ERROR = "error"

    class Count(enum.IntEnum):
        ONE = 1

    document = {
        "a": [float("inf"), float("-inf"), -0.0, 10**30, Name("x"), '\u2028\x00é"\\', Kind.ERROR, Count.ONE],
        Name("k"): collections.OrderedDict([("z", 1), ("y", (2, Kind.ERROR))]),
        Kind.ERROR: {},
    }
    assert dumps(document) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_what_json_cannot_hold_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError):
        dumps({"a": object()})
    with pytest.raises(TypeError):
        dumps({(1, 2): "tuple key"})
