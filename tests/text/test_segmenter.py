"""Both segmenting engines cut our text alike, user dictionary included."""

from __future__ import annotations

import pytest

from desktop.read.files import read_documents
from desktop.text.tokenizer import Tokenizer, user_words

pytest.importorskip("rjieba")


@pytest.fixture(scope="module")
def engines():
    return Tokenizer(engine="jieba"), Tokenizer(engine="rjieba")


def test_rjieba_and_jieba_give_the_same_tokens_on_the_seeds(engines, seed_files):
    jieba_tk, rjieba_tk = engines
    paragraphs = [p for path in seed_files.values() for doc in read_documents(path) for p in doc.paragraphs]
    assert len(paragraphs) > 100
    differing = [p for p in paragraphs if jieba_tk.raw_cut(p) != rjieba_tk.raw_cut(p)]
    assert differing == []
    assert rjieba_tk.segmenter == "rjieba" and jieba_tk.segmenter == "jieba"


def test_user_dictionary_words_stay_whole_in_both(engines):
    from desktop.infra.paths import resource_path

    words = [w for w, _f, _t in user_words(resource_path("userdict.txt"))]
    assert "两个维护" in words
    for tk in engines:
        for word in words:
            assert word in tk.cut(f"我们要坚决做到{word}，持续推进工作。"), (tk.segmenter, word)


def test_added_words_are_kept_whole_in_both(engines):
    for tk in engines:
        assert "乡村振兴示范带" not in tk.cut("打造乡村振兴示范带。")
        tk.add_word("乡村振兴示范带", 1000)
        assert "乡村振兴示范带" in tk.cut("打造乡村振兴示范带。")
