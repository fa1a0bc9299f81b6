"""Bench target 2: start time and idle memory of the window with the default bank.

    python bench/bench_start.py [--quick]

Two ways in, both offscreen (QT_QPA_PLATFORM=offscreen), each a fresh process, times from just
before the process is started (time.time() in this process):
  - `python -m desktop` (what `speechdraft` runs) with SPEECHDRAFT_STARTUP_TRACE: the moments
    the window was shown and the bank was ready (desktop/ui/main.py writes them);
  - a harness (this file with --harness) that builds the window exactly as run_gui does and
    also notes the first time the phrase panel shows hits (first suggestions) and the peak
    resident memory (ru_maxrss) two seconds after that, idle.
The default bank is built once into a temporary data folder first (not timed here: see
bench_import's seed-bank figure); a first start without a bank is reported beside it.

Python may write its bytecode caches (PYTHONDONTWRITEBYTECODE is removed for the children, and
one start of each kind goes before the timed ones), as an installed app has them: pip compiles
on install and the bundle ships .pyc. Compiling the app's modules on every start would add
~0.05–0.1 s that no user pays.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, REPO, emit, log, quick_mode

TIMEOUT_S = 60


def _env(data_dir: Path, trace: Path | None = None) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPEECHDRAFT_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if trace is not None:
        env["SPEECHDRAFT_STARTUP_TRACE"] = str(trace)
    return env


def _real_entry(data_dir: Path) -> dict[str, float]:
    """Seconds from process start to 'shown' and 'bank_ready' for `python -m desktop`."""
    trace = data_dir / "trace.txt"
    trace.unlink(missing_ok=True)
    t0 = time.time()
    proc = subprocess.Popen(
        [PYTHON, "-m", "desktop"],
        env=_env(data_dir, trace),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    events: dict[str, float] = {}
    try:
        deadline = time.time() + TIMEOUT_S
        while time.time() < deadline and "bank_ready" not in events:
            time.sleep(0.02)
            if trace.exists():
                for line in trace.read_text(encoding="utf-8").splitlines():
                    name, _, stamp = line.partition(" ")
                    events.setdefault(name, float(stamp) - t0)
    finally:
        proc.terminate()
        proc.wait(10)
    return events


def _harness_run(data_dir: Path) -> dict[str, float]:
    t0 = time.time()
    out = subprocess.run(
        [PYTHON, __file__, "--harness", str(t0)],
        env=_env(data_dir),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"harness failed: {out.stderr[-2000:]}")
    return json.loads(lines[-1])


def harness(t0: float) -> None:
    """Runs in the child: the window as run_gui builds it, with the panel's first hits noted."""
    import resource

    from PySide6.QtCore import QTimer

    from desktop.infra.paths import data_paths
    from desktop.ui.main import build_window, make_application

    # process_time: this process's CPU time (every thread) since it started, beside the wall times.
    events: dict[str, float] = {"imported": time.time() - t0, "imported_cpu": time.process_time()}
    app = make_application()
    window = build_window(data_paths())
    window.show()
    QTimer.singleShot(
        0, lambda: (events.setdefault("shown", time.time() - t0), events.setdefault("shown_cpu", time.process_time()))
    )
    show_hits = window.phrases.show_hits

    def noting(hits, *args, **kwargs):
        if hits and "suggestions" not in events:
            events["suggestions"] = time.time() - t0
            events["suggestions_cpu"] = time.process_time()
            QTimer.singleShot(2000, finish)
        return show_hits(hits, *args, **kwargs)

    def finish() -> None:
        events["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(events), flush=True)
        app.quit()

    window.phrases.show_hits = noting
    QTimer.singleShot(TIMEOUT_S * 1000, app.quit)
    app.exec()
    os._exit(0)  # skip slow teardown; the figures are out


def main(argv: list[str]) -> None:
    runs = 3 if quick_mode(argv) else 5
    with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        data_dir = Path(tmp) / "data"
        first = _harness_run(data_dir)  # first start: builds the default bank
        log(f"first start {first}")
        _real_entry(data_dir)  # warm-up: python -m desktop's own modules compiled once
        real = [_real_entry(data_dir) for _ in range(runs)]
        runs_h = [_harness_run(data_dir) for _ in range(runs)]

    def med(key: str, rows: list[dict]) -> float:
        return statistics.median(r[key] for r in rows if key in r)

    emit(
        "start_window_shown",
        med("shown", real),
        "s",
        "≤ 0.5 s",
        {
            "harness_shown_s": med("shown", runs_h),
            "harness_shown_cpu_s": med("shown_cpu", runs_h),
            "imports_done_s": med("imported", runs_h),
        },
        runs=runs,
        entry="python -m desktop (speechdraft)",
    )
    emit(
        "start_first_suggestions",
        med("suggestions", runs_h),
        "s",
        "≤ 1.0 s",
        {
            "cpu_s": med("suggestions_cpu", runs_h),
            "bank_ready_s": med("bank_ready", real),
            "first_start_without_bank_s": first.get("suggestions"),
        },
        runs=runs,
    )
    emit(
        "start_idle_peak_rss",
        med("peak_rss_mb", runs_h),
        "MB",
        "≤ 200 MB",
        {"first_start_peak_rss_mb": first.get("peak_rss_mb")},
        runs=runs,
    )


if __name__ == "__main__":
    if "--harness" in sys.argv:
        harness(float(sys.argv[sys.argv.index("--harness") + 1]))
    else:
        main(sys.argv[1:])
