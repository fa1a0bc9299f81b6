"""Text: our own jieba tokenizer, loaded lazily, with the field's user dictionary.

Not jieba's defaults: no global tokenizer, the dictionary cache in our cache folder rather
than the system temp folder, and jieba's log handler silenced. HMM is off everywhere so that
the index and the queries cut text the same way, whatever words jieba would guess.
"""
from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from desktop.core.paths import resource_path

_WORD_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")


class Tokenizer:
    """Text: segmentation for indexing, queries and keywords."""

    def __init__(self, cache_dir: Path | None = None, user_dict: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._user_dict = user_dict if user_dict is not None else resource_path("userdict.txt")
        self._jieba = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._jieba is not None

    def load(self) -> None:
        """Load the dictionary now (slow: about a second); later calls are free."""
        with self._lock:
            if self._jieba is not None:
                return
            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)
            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()
            if self._cache_dir is not None:
                self._cache_dir.mkdir(parents=True, exist_ok=True)
                tk.tmp_dir = str(self._cache_dir)
                tk.cache_file = "jieba.cache"
            tk.initialize()
            if self._user_dict and Path(self._user_dict).exists():
                tk.load_userdict(str(self._user_dict))
            self._jieba = tk

    def add_word(self, word: str, freq: int | None = None) -> None:
        self.load()
        self._jieba.add_word(word, freq)

    def cut(self, text: str) -> list[str]:
        """Tokens in order, punctuation and spaces dropped."""
        self.load()
        return [t for t in self._jieba.cut(text, HMM=False) if _WORD_RE.search(t)]

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        """Keywords of a text; fill-in slots (【数字】…) are not words of it."""
        from desktop.core.phrases import SLOT_RE

        return keywords_from_tokens(self.cut(SLOT_RE.sub(" ", text)), limit)

    def index_text(self, text: str) -> str:
        """The text as FTS5 sees it: tokens joined by spaces."""
        return " ".join(self.cut(text))


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
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        words = [w for line in lines if not line.startswith("#") for w in line.split()]
        _STOPWORDS = frozenset(words)
    return _STOPWORDS


_NUMERIC = re.compile(r"^[0-9０-９.．%％一二三四五六七八九十百千万亿零〇两]+$")


def keywords_from_tokens(tokens: list[str], limit: int = 6) -> list[str]:
    """Content words of two characters or more, most frequent first, ties by first use.

    Not jieba.analyse: importing it costs about 0.8 s and 160 MB for TF-IDF we do not need.
    """
    stop = stopwords()
    counts: dict[str, int] = {}
    for t in tokens:
        if len(t) >= 2 and t not in stop and not _NUMERIC.match(t):
            counts[t] = counts.get(t, 0) + 1
    order = {t: i for i, t in reversed(list(enumerate(tokens)))}
    return sorted(counts, key=lambda t: (-counts[t], order[t]))[:limit]
