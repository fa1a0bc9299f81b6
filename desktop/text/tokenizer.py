"""Our own word segmenter, loaded lazily, with the field's user dictionary.

Two engines give the same token boundaries with HMM off (checked on the seeds by
tests/text/test_segmenter.py): rjieba (jieba-rs, Rust: its dictionary loads in about 0.2 s and
it segments at 10–16 MB/s, releasing start-up and import from jieba's 0.8–2 s load and
0.5–0.8 MB/s) when it is installed, else jieba itself. SPEECHDRAFT_SEGMENTER=jieba forces jieba.

Not jieba's defaults: no global tokenizer, the dictionary cache in our cache folder rather
than the system temp folder, and jieba's log handler silenced. HMM is off everywhere so that
the index and the queries cut text the same way, whatever words jieba would guess.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, cast

from desktop.infra.data_files import read_text as read_data_text
from desktop.infra.paths import resource_path

_WORD_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")


class _TokenFlags(dict):
    """token -> a predicate's answer, computed once per distinct token (a text's tokens repeat)."""

    def __init__(self, test: Callable[[str], bool]) -> None:
        super().__init__()
        self._test = test

    def __missing__(self, token: str) -> bool:
        if len(self) >= 200_000:  # numbers and Latin words are an open set
            self.clear()
        flag = self[token] = self._test(token)
        return flag


_IS_WORD = _TokenFlags(lambda token: _WORD_RE.search(token) is not None)
SEGMENTER_ENV = "SPEECHDRAFT_SEGMENTER"

_rjieba_default_taken = False  # the module's default segmenter is in use by a tokenizer
_rjieba_lock = threading.Lock()


def user_words(path: Path) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) of each line of a jieba user dictionary ("word [freq] [tag]")."""
    words = []
    for line in read_data_text(path).splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        words.append((parts[0], freq, tag))
    return words


class _Segmenter(Protocol):
    """What we use of an rjieba segmenter: rjieba.Jieba, or the rjieba module's own functions."""

    def cut(self, text: str, hmm: bool = True) -> list[str]: ...

    def add_word(self, word: str, freq: int | None, tag: str | None) -> int: ...

    def tag(self, text: str, hmm: bool = True) -> list[tuple[str, str]]: ...


def _new_rjieba() -> _Segmenter:
    """An rjieba segmenter. rjieba loads a default one on import and offers it as its module
    functions (rjieba.cut, rjieba.add_word): the process's first tokenizer uses those, which
    saves loading the dictionary (0.2 s) a second time; any other gets its own Jieba()."""
    global _rjieba_default_taken
    import rjieba

    with _rjieba_lock:
        if not _rjieba_default_taken:
            _rjieba_default_taken = True
            return cast(_Segmenter, rjieba)
    return rjieba.Jieba()


def rjieba_available() -> bool:
    if os.environ.get(SEGMENTER_ENV, "").lower() == "jieba":
        return False
    import importlib.util

    return importlib.util.find_spec("rjieba") is not None


class Tokenizer:
    """Segmentation for indexing, queries and keywords."""

    def __init__(self, cache_dir: Path | None = None, user_dict: Path | None = None, engine: str | None = None) -> None:
        self._cache_dir = cache_dir
        self._user_dict = user_dict if user_dict is not None else resource_path("userdict.txt")
        self._engine = engine  # "rjieba" / "jieba"; None: rjieba when installed
        self._cut: Callable[[str], list[str]] | None = None
        self._add: Callable[[str, int | None], object] | None = None
        self._tag: Callable[[str], list[tuple[str, str]]] | None = None
        self._lock = threading.Lock()
        self._added: list[tuple[str, int | None]] = []
        self.segmenter: str | None = None  # the engine in use, once loaded

    def spec(self) -> tuple:
        """What another process needs to build a tokenizer that cuts exactly like this one."""
        self.load()
        return (self._cache_dir, self._user_dict, self.segmenter, list(self._added))

    @classmethod
    def from_spec(cls, spec: tuple) -> Tokenizer:
        cache_dir, user_dict, engine, added = spec
        tokenizer = cls(cache_dir=cache_dir, user_dict=user_dict, engine=engine)
        for word, freq in added:
            tokenizer.add_word(word, freq)
        return tokenizer

    @property
    def loaded(self) -> bool:
        return self._cut is not None

    def load(self) -> None:
        """Load the dictionary now (rjieba about 0.2 s, jieba about a second); later calls are free."""
        with self._lock:
            if self._cut is not None:
                return
            engine = self._engine or ("rjieba" if rjieba_available() else "jieba")
            words = user_words(Path(self._user_dict)) if self._user_dict and Path(self._user_dict).exists() else []
            if engine == "rjieba":
                seg = _new_rjieba()
                for word, freq, tag in words:
                    seg.add_word(word, freq, tag)
                self._add = lambda word, freq: seg.add_word(word, freq, None)
                self._cut = lambda text: seg.cut(text, False)
                self._tag = lambda text: seg.tag(text, True)
            else:
                tk = self._load_jieba()
                for word, freq, tag in words:
                    tk.add_word(word, freq, tag)
                self._add = tk.add_word
                self._cut = lambda text: tk.lcut(text, HMM=False)
                self._tag = _jieba_tagger(tk)
            self.segmenter = engine

    def _load_jieba(self) -> Any:  # a jieba.Tokenizer; jieba ships no type information
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        if self._cache_dir is not None:
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            tk.tmp_dir = str(self._cache_dir)
            tk.cache_file = "jieba.cache"
        tk.initialize()
        return tk

    def add_word(self, word: str, freq: int | None = None) -> None:
        self.load()
        assert self._add is not None  # load() sets it
        self._add(word, freq)
        self._added.append((word, freq))

    def raw_cut(self, text: str) -> list[str]:
        """Every token, punctuation and spaces included (what the segmenter itself returns)."""
        self.load()
        assert self._cut is not None  # load() sets it
        return self._cut(text)

    def cut(self, text: str) -> list[str]:
        """Tokens in order, punctuation and spaces dropped."""
        self.load()
        assert self._cut is not None  # load() sets it
        is_word = _IS_WORD
        return [t for t in self._cut(text) if is_word[t]]

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        """Keywords of a text; fill-in slots (【数字】…) are not words of it."""
        from desktop.core.phrases import SLOT_RE

        return keywords_from_tokens(self.cut(SLOT_RE.sub(" ", text)), limit)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech flag) pairs with HMM on, so that unknown names come out as names
        (陈国阳 nr): only the slots of core.slots use it; the index keeps HMM off."""
        self.load()
        assert self._tag is not None  # load() sets it
        return self._tag(text)


def _jieba_tagger(tk: Any) -> Callable[[str], list[tuple[str, str]]]:  # tk: a jieba.Tokenizer
    """jieba's part-of-speech cut over this tokenizer's dictionary, loaded on first use (its HMM
    tables take a moment to read)."""
    state: dict[str, object] = {}

    def tag(text: str) -> list[tuple[str, str]]:
        if "pos" not in state:
            import jieba.posseg

            state["pos"] = jieba.posseg.POSTokenizer(tk)
        return [(w.word, w.flag) for w in state["pos"].lcut(text, HMM=True)]  # type: ignore[attr-defined]

    return tag


_default: Tokenizer | None = None
_default_lock = threading.Lock()


def default_tokenizer(cache_dir: Path | None = None) -> Tokenizer:
    """One shared tokenizer for the process, created on first use (never at import)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Tokenizer(cache_dir=cache_dir)
        return _default


_STOPWORDS: frozenset[str] | None = None


def stopwords() -> frozenset[str]:
    global _STOPWORDS
    if _STOPWORDS is None:
        path = resource_path("stopwords.txt")
        lines = read_data_text(path).splitlines() if path.exists() else []
        words = [w for line in lines if not line.startswith("#") for w in line.split()]
        _STOPWORDS = frozenset(words)
    return _STOPWORDS


_NUMERIC = re.compile(r"^[0-9０-９.．%％一二三四五六七八九十百千万亿零〇两]+$")
_IS_CONTENT: _TokenFlags | None = None


def keywords_from_tokens(tokens: list[str], limit: int = 6) -> list[str]:
    """Content words of two characters or more, most frequent first, ties by first use.

    Not jieba.analyse: importing it costs about 0.8 s and 160 MB for TF-IDF we do not need.
    """
    global _IS_CONTENT
    if _IS_CONTENT is None:
        stop = stopwords()
        _IS_CONTENT = _TokenFlags(lambda t: len(t) >= 2 and t not in stop and not _NUMERIC.match(t))
    is_content = _IS_CONTENT
    counts: dict[str, int] = {}
    for t in tokens:
        if is_content[t]:
            counts[t] = counts.get(t, 0) + 1
    # counts keeps first-use order and sorted() is stable: ties stay in order of first use.
    return sorted(counts, key=lambda t: -counts[t])[:limit]
