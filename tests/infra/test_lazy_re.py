"""LazyPattern: the compiled pattern's behaviour, compiled only when first used."""

from __future__ import annotations

import re

from desktop.infra.lazy_re import LazyPattern


def test_compiles_on_first_use_and_then_acts_as_the_compiled_pattern(monkeypatch):
    compiled: list[str] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda p, f=0: compiled.append(p) or real(p, f))
    han = LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
    assert compiled == []
    assert han.findall("ab 讲稿 cd 助手") == ["讲稿", "助手"]
    assert han.sub("", "讲稿assist") == "assist"
    assert han.search("abc") is None and han.match("讲稿").group() == "讲稿"
    assert [m.span() for m in han.finditer("x讲y稿")] == [(1, 2), (3, 4)]
    assert han.split("讲a稿") == ["", "a", ""]
    assert compiled == [r"[\u3400-\u4dbf\u4e00-\u9fff]+"]  # once, however many methods were used
    assert han.pattern == r"[\u3400-\u4dbf\u4e00-\u9fff]+"


def test_flags_are_kept():
    assert LazyPattern("abc", re.IGNORECASE).fullmatch("ABC") is not None
