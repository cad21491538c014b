"""Terraform fragments and input generators the tests share."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

# A bucket holding health data needs a backup (HDS010): versioning is the simplest one.
VERSIONING = "  versioning {\n    enabled = true\n  }\n"


@st.composite
def mutated(draw: st.DrawFn, files: list[Path], characters: str) -> tuple[Path, str]:
    """A real file with up to four bytes cut, doubled or replaced by one of `characters`:
    broken and odd layouts alike."""
    path = draw(st.sampled_from(files))
    text = path.read_text()
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        how = draw(st.sampled_from(["cut", "dup", "char"]))
        if how == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif how == "dup":
            text = text[:at] + text[at : at + 30] + text[at:]
        else:
            text = text[:at] + draw(st.sampled_from(list(characters))) + text[at + 1 :]
    return path, text
