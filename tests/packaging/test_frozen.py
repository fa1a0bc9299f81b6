"""The frozen app: build the bundle with PyInstaller, start it offline on an empty data folder.

Slow (a build takes minutes): runs only when SPEECHDRAFT_TEST_FROZEN=1. Set SPEECHDRAFT_FROZEN_DIST
to a dist/ folder made by packaging/build.py to test that bundle instead of building a new one.
The bundle's size and the start times are printed (pytest shows them with -s or -rA).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT, packaging_module

_build_support = packaging_module("build_support")
bundle_dir, folder_size, frozen_executable = (
    _build_support.bundle_dir,
    _build_support.folder_size,
    _build_support.frozen_executable,
)

# A short soak by default; the long one on request, as tests/ui/test_soak.py: SPEECHDRAFT_SOAK_STEPS=2000
# SPEECHDRAFT_SOAK_RUNS=20 SPEECHDRAFT_TEST_FROZEN=1 pytest tests/packaging/test_frozen.py -k soak
FROZEN_SOAK_STEPS = int(os.environ.get("SPEECHDRAFT_SOAK_STEPS", "300"))
FROZEN_SOAK_RUNS = int(os.environ.get("SPEECHDRAFT_SOAK_RUNS", "1"))

pytestmark = pytest.mark.skipif(
    os.environ.get("SPEECHDRAFT_TEST_FROZEN") != "1",
    reason="slow: set SPEECHDRAFT_TEST_FROZEN=1 to build and start the frozen app",
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("SPEECHDRAFT_FROZEN_DIST")
    if given:
        return Path(given).resolve()
    out = tmp_path_factory.mktemp("frozen")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
            "--no-installer",
            "--no-check",
        ],
        check=True,
        timeout=3600,
    )
    _report(f"bundle built in {time.perf_counter() - started:.0f} s")
    return out / "dist"


def _report(line: str) -> None:
    sys.__stdout__.write(f"\n[frozen] {line}\n")
    sys.__stdout__.flush()


def _offline_env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "SPEECHDRAFT_"))}
    # No proxy and an unroutable one: a first-run download would fail rather than pass unnoticed.
    env.update(
        SPEECHDRAFT_DATA_DIR=str(data),
        QT_QPA_PLATFORM="offscreen",
        HOME=str(data.parent),
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
        no_proxy="",
    )
    return env


def test_bundle_holds_what_the_app_needs_and_not_what_it_does_not(dist: Path) -> None:
    bundle = bundle_dir(dist)
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    for needed in (
        "jieba/dict.txt",
        "prebuilt/phrasebank.sqlite3",
        "resources/layouts/gbt9704.json",
        "resources/font_fallbacks.json",
        "resources/icons/speechdraft-256.png",
    ):
        assert any(f.endswith(needed) for f in files), f"{needed} is missing from the bundle"
    assert sum(f.endswith(".txt") and "/seeds/" in f"/{f}" for f in files) >= 5
    for unwanted in ("WebEngine", "Qt6Quick", "Qt6Qml", "Qt63D", "Qt6Multimedia", "idf.txt", "lac_small", "tkinter"):
        assert not [f for f in files if unwanted in f], f"{unwanted} should not be bundled"
    _report(f"bundle {bundle}: {folder_size(bundle) / 2**20:.1f} MB in {len(files)} files")


def test_frozen_selfcheck_on_an_empty_data_folder(dist: Path, tmp_path: Path) -> None:
    data = tmp_path / "home" / "data"
    started = time.perf_counter()
    done = subprocess.run(
        [str(frozen_executable(dist)), "--selfcheck"],
        capture_output=True,
        env=_offline_env(data),
        timeout=300,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    summary = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    assert summary["ok"] and summary["frozen"]
    assert summary["bank"]["origin"] == "prebuilt", "first start copies the bundled bank, no rebuild"
    assert (data / "phrasebank.sqlite3").is_file() and summary["bank"]["units"] > 100
    assert summary["search"]["hits"] > 0 and summary["draft"]["headings"] >= 3 and summary["export"]["bytes"] > 0
    assert summary["gui_loaded"] is False
    assert summary["search"]["segmenter"] == "rjieba", "the bundle carries the fast segmenter"
    assert Path(summary["install_root"]).is_relative_to(bundle_dir(dist))
    _report(f"frozen --selfcheck, empty data folder: exit 0 in {seconds:.2f} s; steps {summary['seconds']}")


def test_frozen_window_starts_offscreen_and_loads_the_bank(dist: Path, tmp_path: Path) -> None:
    data = tmp_path / "home" / "data"
    trace = tmp_path / "trace.txt"
    env = {**_offline_env(data), "SPEECHDRAFT_STARTUP_TRACE": str(trace)}
    started = time.time()
    proc = subprocess.Popen(
        [str(frozen_executable(dist, console=False))], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        events: dict[str, float] = {}
        deadline = time.monotonic() + 120
        while "bank_ready" not in events and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            if trace.exists():
                events = {e: float(t) for e, t in (line.split() for line in trace.read_text().splitlines() if line)}
        assert "shown" in events and "bank_ready" in events, f"window did not get ready: {events}, exit {proc.poll()}"
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0].decode("utf-8", "replace")
    assert "Traceback" not in output, output
    assert (data / "phrasebank.sqlite3").is_file()
    _report(
        f"frozen window: shown after {events['shown'] - started:.2f} s, "
        f"bank ready after {events['bank_ready'] - started:.2f} s"
    )


@pytest.mark.parametrize("seed", range(1, FROZEN_SOAK_RUNS + 1))
def test_frozen_window_survives_a_soak(dist: Path, tmp_path: Path, seed: int) -> None:
    # The bundle's own Python and binding: a binding that drops references to None aborts here.
    data = tmp_path / "home" / "data"
    done = subprocess.run(
        [str(frozen_executable(dist)), "--soak", str(FROZEN_SOAK_STEPS), "--soak-seed", str(seed)],
        capture_output=True,
        env=_offline_env(data),
        timeout=600 + FROZEN_SOAK_STEPS,
        check=False,
    )
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, f"the frozen window died (exit {done.returncode}):\n{stderr[-4000:]}"
    report = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    assert report["steps"] == FROZEN_SOAK_STEPS and report["errors"] == []
    assert report["counts"].get("export", 0) > 0 and report["counts"].get("bank_window", 0) > 0
    assert report["collections_off_gui_thread"] == 0, report  # ui/gui_gc.py in the bundle too
    if report["none_refcount_drop_level"] is not None:  # the bundle's Python is older than 3.12
        assert report["none_refcount_drop_level"] <= 20, report
    _report(
        f"frozen soak seed {seed}: {FROZEN_SOAK_STEPS} steps in {report['seconds']} s, {json.dumps(report['counts'])}"
    )


def test_frozen_large_import_cuts_files_in_its_worker_process(dist: Path, tmp_path: Path, seed_files) -> None:
    # In the bundle the worker is this executable started again by multiprocessing's spawn;
    # packaging/launcher.py must hand such a start to multiprocessing before the app's main().
    folder = tmp_path / "many"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in seed_files.values()]
    for i in range(90):  # ≥ 8 files and ≥ 1 MB: store.importing.workers starts a worker
        (folder / f"speech-{i:03d}.txt").write_text(
            f"第{i}稿\n" + texts[i % len(texts)].replace("。", f"（{i}）。"), encoding="utf-8"
        )
    data = tmp_path / "home" / "data"
    done = subprocess.run(
        [str(frozen_executable(dist)), "bank", "import", str(folder), "--json"],
        capture_output=True,
        env=_offline_env(data),
        timeout=600,
        check=False,
    )
    output = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0 and "Traceback" not in output, output
    result = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    assert result["imported"] >= 90 and not result["refused"], result
    assert result["files_cut_by_worker"] > 0, "the worker process cut none of the files"
    _report(f"frozen import of 90 files: {result['files_cut_by_worker']} cut by the worker process")
