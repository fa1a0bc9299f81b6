"""The operations the kill loops interrupt, each run in a child of the fork server.

Every job takes plain JSON arguments and writes only to the paths it is given.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from desktop.core.draft import Draft, save_draft
from desktop.core.structure import parse
from desktop.export.exporter import export_speech
from desktop.infra.paths import DataPaths
from desktop.store.bank import PhraseBank
from desktop.ui.autosave import Autosave


def typed_paragraphs(keystrokes: int) -> list[str]:
    """What the simulated writer has on screen after `keystrokes` keystrokes (one paragraph each)."""
    return ["在全县工作会议上的讲话", "同志们："] + [f"第{k}段，各项工作稳步推进。" for k in range(1, keystrokes + 1)]


def _bank(args: dict, tokenizer) -> PhraseBank:
    return PhraseBank.open(args["bank"], tokenizer=tokenizer, backups_dir=args["backups"])


def _import(args: dict, tokenizer) -> None:
    with _bank(args, tokenizer) as bank:
        bank.import_paths(args["paths"])


def _restore(args: dict, tokenizer) -> None:
    with _bank(args, tokenizer) as bank:
        bank.restore_json(args["src"], merge=bool(args.get("merge")))


def _build(args: dict, tokenizer) -> None:
    """`bank build`: the default bank from the seed folder given, replacing the one there."""
    from desktop.store.seed import build_default_bank

    build_default_bank(DataPaths(Path(args["root"])), args["seeds"], tokenizer=tokenizer, replace=True)


def _open_bank(args: dict, tokenizer) -> None:
    _bank(args, tokenizer).close()


def _save_draft(args: dict, tokenizer) -> None:
    save_draft(Draft(list(args["paragraphs"])), Path(args["path"]))


def _export(args: dict, tokenizer) -> None:
    export_speech(parse(list(args["paragraphs"])), Path(args["out"]))


def _autosave(args: dict, tokenizer) -> None:
    """Type one paragraph a keystroke; autosave every `save_every` keystrokes, as the window's timer
    would; log each keystroke ("t k") and each finished autosave ("s k"). Runs until killed."""
    autosave = Autosave(DataPaths(Path(args["data_dir"])))
    original = Path(args["original"])
    every, pause = int(args["save_every"]), float(args["pause"])
    with open(args["log"], "a", encoding="utf-8", buffering=1) as log:
        k = 0
        while True:
            k += 1
            log.write(f"t {k}\n")
            if k % every == 0:
                autosave.write(Draft(typed_paragraphs(k)), original)
                log.write(f"s {k}\n")
            time.sleep(pause)


def _instance(args: dict, tokenizer) -> None:
    """One app instance's busy session: import files, then tag, favour and search, rounds times."""
    done = {"imported": 0, "refused": [], "edits": 0, "searches": 0}
    with _bank(args, tokenizer) as bank:
        report = bank.import_paths(args["paths"])
        done["imported"] = len(report.imported)
        done["refused"] = [r.reason for r in report.refused]
        for round_no in range(int(args["rounds"])):
            hits = bank.search(args["query"], limit=5)
            done["searches"] += 1
            for hit in hits:
                bank.tag(hit.unit_id, f"{args['tag']}{round_no % 3}")
                bank.set_favourite(hit.unit_id, True)
                bank.count_use(hit.unit_id)
                done["edits"] += 1
            bank.add_unit(f"{args['tag']}第{round_no}轮新增的一句话，确保工作落到实处。", "论述")
            done["edits"] += 1
    Path(args["result"]).write_text(json.dumps(done, ensure_ascii=False), encoding="utf-8")


JOBS = {
    "import": _import,
    "restore": _restore,
    "build": _build,
    "open_bank": _open_bank,
    "save_draft": _save_draft,
    "export": _export,
    "autosave": _autosave,
    "instance": _instance,
}


def run(op: str, args: dict, tokenizer) -> None:
    JOBS[op](args, tokenizer)
