"""Benchmark hds-lint against the parser floor: `python3 benchmarks/run.py`.

Generates the corpus of `corpus.py` at 1x, 4x and 16x a base size, and measures, each in a
fresh process so that peak memory is its own: python-hcl2 parse-only time of every `.tf`
file in one process (the floor), PyYAML parse-only time of the YAML (the loader hds-lint
uses), a cold scan, a warm scan (nothing changed), and a scan after one file changed.
Prints one table with the ratios the targets of issue 8 are stated in; `--markdown`
prints it for `benchmarks/RESULTS.md`. Each measure runs `--repeat` times (3) and the
fastest run counts. Takes about eight minutes on two cores; `--size 10 --scales 1,2
--repeat 1` for a quick look.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402


def _peak_mb() -> float:
    """Peak resident memory of the largest process (this one, or a --jobs worker), in MB
    (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _files(root: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name.endswith(suffixes))


def _floor_hcl(root: Path) -> float:
    import hcl2

    texts = [p.read_text() for p in _files(root, ".tf")]
    start = time.perf_counter()
    for text in texts:
        hcl2.parses(text)
    return time.perf_counter() - start


def _floor_yaml(root: Path) -> float:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    texts = [p.read_text() for p in _files(root, ".yaml", ".yml")]
    start = time.perf_counter()
    for text in texts:
        list(yaml.compose_all(text, Loader=loader))
    return time.perf_counter() - start


def _scan(root: Path) -> float:
    from click.testing import CliRunner

    from hds_lint.cli import cli

    start = time.perf_counter()
    # The cache beside the corpus: empty for the cold scan, filled by it for the warm one.
    cache = root.parent / f"{root.name}-cache"
    arguments = ["scan", str(root), "--format", "json", "--fail-on", "never", "--cache-dir", str(cache)]
    result = CliRunner().invoke(cli, arguments)
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(f"scan failed ({result.exit_code}): {result.output[-500:]}")
    return elapsed


_MEASURES = {"hcl": _floor_hcl, "yaml": _floor_yaml, "scan": _scan}


def _measure(kind: str, root: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one measure, in a fresh interpreter that keeps compiled bytecode,
    as an installed package has it (some sandboxes set PYTHONDONTWRITEBYTECODE, and then
    every run compiles hds-lint's modules again)."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, __file__, "--measure", kind, str(root)],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark step {kind} failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["seconds"], result["peak_mb"]


def _best(kind: str, root: Path, repeat: int, before: Callable[[int], None] = lambda _: None) -> tuple[float, float]:
    """The fastest of `repeat` runs (the least disturbed by other work on the machine, as
    timeit advises), and the largest peak memory among them. `before(i)` readies run i."""
    runs = []
    for attempt in range(repeat):
        before(attempt)
        runs.append(_measure(kind, root))
    return min(seconds for seconds, _ in runs), max(mb for _, mb in runs)


def _one_scale(base: Path, size: int, seed: int, repeat: int) -> dict[str, float]:
    root = generate(base / f"size{size}", size, seed)
    tf_files = _files(root, ".tf")
    row: dict[str, float] = {"size": size, "tf_files": len(tf_files), "yaml_files": len(_files(root, ".yaml"))}
    row["hcl_floor"], _ = _best("hcl", root, repeat)
    row["yaml_floor"], _ = _best("yaml", root, repeat)
    cache = root.parent / f"{root.name}-cache"
    row["cold"], row["cold_mb"] = _best("scan", root, repeat, lambda _: shutil.rmtree(cache, ignore_errors=True))
    row["warm"], row["warm_mb"] = _best("scan", root, repeat)
    changed = tf_files[len(tf_files) // 2]
    original = changed.read_text()

    def change(attempt: int) -> None:  # a new text each time: each run has one file to parse again
        changed.write_text(original + f'\n# changed\nlocals {{\n  bench_touch = "{attempt}"\n}}\n')

    row["changed"], _ = _best("scan", root, repeat, change)
    return row


def _table(rows: list[dict[str, float]], markdown: bool) -> str:
    head = [
        "size",
        ".tf",
        "YAML",
        "hcl2 floor s",
        "YAML floor s",
        "cold s",
        "warm s",
        "1 changed s",
        "peak MB",
        "cold/floor",
        "warm/cold",
        "changed/cold",
        "time vs 1x",
    ]
    body = []
    for row in rows:
        body.append(
            [
                f"{row['size']:.0f}",
                f"{row['tf_files']:.0f}",
                f"{row['yaml_files']:.0f}",
                f"{row['hcl_floor']:.2f}",
                f"{row['yaml_floor']:.2f}",
                f"{row['cold']:.2f}",
                f"{row['warm']:.2f}",
                f"{row['changed']:.2f}",
                f"{row['cold_mb']:.0f}",
                f"{row['cold'] / row['hcl_floor']:.2f}",
                f"{row['warm'] / row['cold']:.2f}",
                f"{row['changed'] / row['cold']:.2f}",
                f"{row['cold'] / rows[0]['cold']:.1f}x",
            ]
        )
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(lines + ["| " + " | ".join(cells) + " |" for cells in body])
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(head)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(head, widths, strict=True))]
    lines += ["  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)) for cells in body]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50, help="root modules at 1x (default 50)")
    parser.add_argument("--scales", default="1,4,16", help="multiples of --size (default 1,4,16)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; the fastest counts (default 3)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, root = args.measure
        seconds = _MEASURES[kind](Path(root))
        print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}))
        return
    for module in ("hcl2", "yaml", "hds_lint.cli"):
        try:
            __import__(module)
        except ImportError as exc:
            hint = "run it where hds-lint is installed (python3 -m pip install -e .)"
            raise SystemExit(f"benchmarks/run.py: {hint}: {exc}") from None
    scales = [int(s) for s in args.scales.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="hds-lint-bench-") as base:
        for scale in scales:
            rows.append(_one_scale(Path(base), args.size * scale, args.seed, max(1, args.repeat)))
            print(f"... {scale}x done", file=sys.stderr)
    cpus = os.cpu_count()
    machine = f"{platform.platform()}, Python {platform.python_version()}, {cpus} CPUs"
    print(f"{machine}, seed {args.seed}, best of {args.repeat}")
    print(_table(rows, args.markdown))


if __name__ == "__main__":
    main()
