"""Timing a command: wall time and peak memory of its whole process tree.

Peak memory is sampled with psutil every 50 ms as the sum of the resident set sizes of the
process and all its descendants (forked render workers, Pagefind runs). The sum counts pages
shared between a parent and its forked children once per process, so it overstates a
forking program; the sum of proportional set sizes (`peak_pss_mb`, every 0.5 s) counts
them once; the largest single process (`max_process_mb`, sampled with the sum) is
reported beside it (not wait4's ru_maxrss: Linux carries the high-water mark of the process that
started the command across fork and exec, so a command started from a large benchmark process
reported that process's size), and so is the CPU time (user + system) of the whole tree, which other
work on the machine inflates far less than wall time. A memory cap kills the tree when the sum passes it: the step is then
recorded as "did not finish".
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

SAMPLE_EVERY = 0.05
PSS_EVERY = 10  # samples


@dataclass
class Measurement:
    seconds: float
    peak_mb: float  # sum over the process tree, sampled
    max_process_mb: float  # the largest single process of the tree, sampled
    returncode: int
    peak_pss_mb: float = 0.0  # the same as proportional set sizes (shared pages counted once), sampled less often
    cpu_seconds: float = 0.0  # user + system time of the whole tree: robust when other work shares the machine
    finished: bool = True  # False: killed by the memory cap or the time limit
    why: str = ""
    stdout_tail: str = ""
    stderr_tail: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _tree_sizes(proc: psutil.Process, size) -> list[int]:
    """A size of the process and of each of its descendants (those that vanish are skipped)."""
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return []
    sizes = []
    for p in procs:
        try:
            sizes.append(size(p))
        except (psutil.Error, AttributeError):
            pass
    return sizes


def _tree_rss(proc: psutil.Process) -> list[int]:
    return _tree_sizes(proc, lambda p: p.memory_info().rss)


def _tree_pss(proc: psutil.Process) -> int:
    """Proportional set size of the tree: a page shared by n processes counts 1/n in each, so
    forked workers that share their parent's memory are not counted twice (Linux smaps)."""
    return sum(_tree_sizes(proc, lambda p: p.memory_full_info().pss))


def _kill_tree(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)  # the command runs in its own process group
    except ProcessLookupError:
        pass


def run(cmd: list[str], *, cwd: Path | None = None, env: dict | None = None, mem_cap_mb: float | None = None,
        timeout_s: float | None = None) -> Measurement:
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}-{time.monotonic_ns()}"
    with open(f"{out_path}.out", "w+b") as out, open(f"{out_path}.err", "w+b") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
        ps = psutil.Process(proc.pid)
        state = {"peak": 0, "pss": 0, "largest": 0, "why": "", "n": 0}
        done = threading.Event()

        def sample():
            while not done.is_set():
                sizes = _tree_rss(ps)
                rss = sum(sizes)
                state["peak"] = max(state["peak"], rss)
                state["largest"] = max(state["largest"], *sizes, 0)
                state["n"] += 1
                if state["n"] % PSS_EVERY == 1:  # reading smaps costs more than the RSS
                    state["pss"] = max(state["pss"], _tree_pss(ps))
                if mem_cap_mb and rss > mem_cap_mb * 2**20:
                    state["why"] = f"killed: memory passed {mem_cap_mb / 1024:.0f} GB after {time.perf_counter() - started:.0f} s"
                    _kill_tree(proc.pid)
                    return
                if timeout_s and time.perf_counter() - started > timeout_s:
                    state["why"] = f"killed: time limit {timeout_s:.0f} s"
                    _kill_tree(proc.pid)
                    return
                done.wait(SAMPLE_EVERY)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        _kill_tree(proc.pid)  # leftovers of a killed tree
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    for suffix in (".out", ".err"):
        os.unlink(f"{out_path}{suffix}")
    return Measurement(seconds=round(seconds, 2), peak_mb=round(state["peak"] / 2**20, 1),
                       peak_pss_mb=round(state["pss"] / 2**20, 1),
                       max_process_mb=round(state["largest"] / 2**20, 1), returncode=proc.returncode,
                       cpu_seconds=round(usage.ru_utime + usage.ru_stime, 2), finished=not state["why"], why=state["why"], stdout_tail=stdout[-3000:],
                       stderr_tail=stderr[-3000:])


def wait_quiet(max_wait_s: float, busy_below: float = 25.0) -> dict:
    """Wait (up to max_wait_s) until the machine's other work has stopped: two consecutive seconds
    with system-wide CPU use below busy_below percent. Returns what was seen, to record beside the
    timing: figures taken on a busy machine are not comparable."""
    started = time.perf_counter()
    quiet_seconds, busy = 0, 100.0
    while time.perf_counter() - started < max_wait_s:
        busy = psutil.cpu_percent(interval=1.0)
        quiet_seconds = quiet_seconds + 1 if busy < busy_below else 0
        if quiet_seconds >= 2:
            break
    return {"cpu_busy_before_pct": busy, "waited_s": round(time.perf_counter() - started, 1),
            "load_avg_1min": round(os.getloadavg()[0], 2), "quiet": quiet_seconds >= 2}


def set_aside(path: Path, folder: Path) -> None:
    """Move path (a build cache before a cold step) into folder under a name of its own, if it
    exists: renaming is instant, where deleting 10⁵ files is slow kernel work that would land in
    the next measurement. The caller deletes folder after its last timed step. folder must be on
    path's file system."""
    if path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.rename(folder / f"{path.name}-{time.monotonic_ns()}")


def warm(folder: Path) -> int:
    """Read every file under folder once, so that the timed step finds them in the page cache."""
    total = 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            try:
                with open(os.path.join(dirpath, name), "rb") as f:
                    while chunk := f.read(1 << 20):
                        total += len(chunk)
            except OSError:
                pass
    return total
