"""Build 讲稿助手 for the machine this runs on: `python packaging/build.py`.

1. PyInstaller turns packaging/speechdraft.spec into dist/speechdraft/ (one folder, windowed),
   with a default bank prebuilt from seeds/.
2. Linux: the .desktop entry, icons and install.sh go into the folder, and a .tar.gz is made.
   Windows: Inno Setup's ISCC, if installed, makes dist/speechdraft-<version>-setup.exe.
3. The frozen app runs `--selfcheck` on an empty data folder; the build fails if it does not pass.
Needs the packaging extra: `pip install -e ".[packaging]"`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_support import (
    APP_NAME,
    PACKAGING,
    ROOT,
    app_metadata,
    app_version,
    bundle_dir,
    folder_size,
    frozen_executable,
)


def run_pyinstaller(dist: Path, work: Path, clean: bool) -> Path:
    try:
        import PyInstaller.__main__
    except ImportError:
        sys.exit('找不到 PyInstaller。请先安装打包依赖：pip install -e ".[packaging]"')
    args = [str(PACKAGING / "speechdraft.spec"), "--noconfirm", "--distpath", str(dist), "--workpath", str(work)]
    PyInstaller.__main__.run(args + (["--clean"] if clean else []))
    return bundle_dir(dist)


def desktop_entry(meta: dict, exec_path: str = APP_NAME, icon: str = APP_NAME) -> str:
    text = (PACKAGING / "linux" / "speechdraft.desktop").read_text(encoding="utf-8")
    return (
        text.replace("@EXEC@", exec_path)
        .replace("@ICON@", icon)
        .replace("@CATEGORIES@", meta["linux_categories"])
        .replace("@KEYWORDS@", meta["linux_keywords"])
    )


def finish_linux(bundle: Path, dist: Path) -> Path:
    """Put the desktop integration beside the program and pack the folder for copying."""
    meta = app_metadata()
    (bundle / f"{APP_NAME}.desktop").write_text(desktop_entry(meta), encoding="utf-8")
    shutil.copy2(ROOT / "resources" / "icons" / "speechdraft-256.png", bundle / f"{APP_NAME}.png")
    shutil.copy2(PACKAGING / "linux" / "install.sh", bundle / "install.sh")
    (bundle / "install.sh").chmod(0o755)
    archive = dist / f"{APP_NAME}-{app_version()}-linux-{os.uname().machine}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(bundle, arcname=APP_NAME)
    return archive


def finish_windows(bundle: Path, dist: Path) -> Path | None:
    """Make the installer with Inno Setup's compiler when it is installed; None otherwise."""
    iscc = shutil.which("ISCC") or next(
        (
            str(p)
            for p in (
                Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe",
                Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Inno Setup 6" / "ISCC.exe",
            )
            if p.is_file()
        ),
        None,
    )
    if not iscc:
        print("未找到 Inno Setup（ISCC.exe）：只生成了程序文件夹，没有生成安装程序。")
        return None
    meta = app_metadata()
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={app_version()}",
            f"/DSourceDir={bundle}",
            f"/DOutputDir={dist}",
            f"/DAppGuid={meta['windows_app_guid']}",
            f"/DIconFile={ROOT / 'resources' / 'icons' / 'speechdraft.ico'}",
            str(PACKAGING / "windows" / "speechdraft.iss"),
        ],
        check=True,
    )
    return dist / f"{APP_NAME}-{app_version()}-setup.exe"


def frozen_selfcheck(dist: Path) -> tuple[dict, float]:
    """Run the frozen app's --selfcheck on an empty data folder, offscreen; (summary, seconds)."""
    with tempfile.TemporaryDirectory(prefix="speechdraft-frozen-") as data:
        env = {**os.environ, "SPEECHDRAFT_DATA_DIR": data, "QT_QPA_PLATFORM": "offscreen"}
        started = time.perf_counter()
        done = subprocess.run(
            [str(frozen_executable(dist)), "--selfcheck"], capture_output=True, env=env, timeout=300, check=False
        )
        seconds = time.perf_counter() - started
    out = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        raise SystemExit(f"自检失败（退出码 {done.returncode}）：\n{out}\n{done.stderr.decode('utf-8', 'replace')}")
    return json.loads(out.splitlines()[-1]), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="在本机打包讲稿助手（PyInstaller，单文件夹）")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="输出文件夹（默认 dist/）")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="中间文件夹")
    parser.add_argument("--clean", action="store_true", help="清除 PyInstaller 缓存后重新打包")
    parser.add_argument("--no-installer", action="store_true", help="只生成程序文件夹，不做安装包")
    parser.add_argument("--no-check", action="store_true", help="打包后不运行自检")
    ns = parser.parse_args(argv)

    started = time.perf_counter()
    bundle = run_pyinstaller(ns.dist.resolve(), ns.work.resolve(), ns.clean)
    print(f"程序文件夹：{bundle}（{folder_size(bundle) / 2**20:.1f} MB），用时 {time.perf_counter() - started:.0f} 秒")
    if not ns.no_installer:
        package = finish_windows(bundle, ns.dist) if os.name == "nt" else finish_linux(bundle, ns.dist)
        if package:
            print(f"安装包：{package}（{package.stat().st_size / 2**20:.1f} MB）")
    if not ns.no_check:
        summary, seconds = frozen_selfcheck(ns.dist.resolve())
        print(f"自检通过：素材库 {summary['bank']['units']} 句（{summary['bank']['origin']}），用时 {seconds:.1f} 秒")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
