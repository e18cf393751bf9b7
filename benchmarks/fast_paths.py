"""The rebuilds that skip loading the site, timed on a corpus a kept run left behind.

    python benchmarks/run.py --sizes 100000 --keep        # leaves corpus/ and outputs/
    python benchmarks/fast_paths.py benchmarks/out/run-…/100000

After a full build into outputs/02-site (the run's cold build), it times: a rebuild with
nothing changed; two rebuilds, each after one entry's body was edited (the build says when
the HTML was in place, then re-indexes the search shard); `gongkai check` with nothing
changed since the build, and after another body edit. Each step waits for the machine to
be idle and reads the content into the page cache first (benchmarks/measure.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import measure  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size_folder", type=Path, help="benchmarks/out/run-…/<size> of a run with --keep")
    args = parser.parse_args(argv)
    root, out = args.size_folder / "corpus/gongkai", args.size_folder / "outputs/02-site"

    def gongkai(*command: str) -> dict:
        measure.wait_quiet(60)
        measure.warm(root / "content")
        m = measure.run([sys.executable, "-m", "generator.cli", *command, "--root", str(root),
                         "--as-of", corpus.AS_OF], cwd=HERE.parent)
        said = " ".join(line for line in m.stderr_tail.splitlines()[-1:])
        html = re.search(r"更新了 \d+ 个页面（([\d.]+) 秒）", said)
        return {"seconds": m.seconds, "cpu_seconds": m.cpu_seconds, "peak_mb": m.peak_mb,
                "peak_pss_mb": m.peak_pss_mb, "exit": m.returncode,
                "html_seconds": float(html.group(1)) if html else None, "said": said}

    def edit(fraction: float, text: str) -> None:
        files = sorted((root / "content/catalog").glob("*/*/*.md"))
        with open(files[int(len(files) * fraction)], "a", encoding="utf-8") as handle:
            handle.write(f"\n{text}\n")

    results = {"full build (to start from)": gongkai("build", "-o", str(out))}
    results["build, nothing changed"] = gongkai("build", "-o", str(out))
    for number, fraction in enumerate((0.2, 0.6), start=1):
        edit(fraction, f"补充说明：快速重建测量第{number}次所加。")
        results[f"build, one body edited ({number})"] = gongkai("build", "-o", str(out))
    results["check, nothing changed since the build"] = gongkai("check", "--format", "json")
    edit(0.5, "另一段补充。")
    results["check, one body edited since the build"] = gongkai("check", "--format", "json")
    (HERE / "out" / "fast_paths.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    for name, found in results.items():
        html = f", HTML in place after {found['html_seconds']:.1f} s" if found["html_seconds"] is not None else ""
        print(f"{name:<42} {found['seconds']:7.2f} s (CPU {found['cpu_seconds']:.2f} s) "
              f"{found['peak_mb']:7.1f} MB (PSS {found['peak_pss_mb']:.1f}){html}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
