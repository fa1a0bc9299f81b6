"""Store: keywords of a unit from its tokens (no jieba.analyse: it costs ~0.8 s and ~160 MB).

Content words of two or more characters, not function words, most frequent first, ties in
order of first appearance.
"""
from __future__ import annotations

import re
from collections import Counter

# Words too common in official speeches to say what a sentence is about.
STOPWORDS = frozenset(
    """
    我们 你们 他们 大家 自己 这个 那个 这些 那些 这样 那样 这种 一个 一些 一种 一批 一定 一直
    以及 并且 而且 或者 还是 但是 因为 所以 因此 如果 虽然 只有 只要 就是 也是 都是 不是 没有
    已经 正在 进行 通过 对于 关于 按照 根据 为了 作为 同时 其中 之一 方面 问题 工作 情况
    更加 不断 进一步 切实 认真 积极 努力 全面 各项 各级 各类 有关 相关 主要 重要 必须 需要
    可以 能够 应该 要求 提出 指出 强调 表示 认为 坚持 加强 推进 推动 做好 抓好 实现 提高
    今天 目前 当前 现在 今年 去年 下面 以下 以上 同志 同志们 什么 怎么 如何 为什么
    """.split()
)
_NUMERIC = re.compile(r"^[0-9０-９.．%％一二三四五六七八九十百千万亿零〇两]+$")


def keywords_from_tokens(tokens: list[str], limit: int = 8) -> list[str]:
    """The unit's keywords, from the Tokenizer's tokens of its text."""
    content = [t for t in tokens if len(t) >= 2 and t not in STOPWORDS and not _NUMERIC.match(t)]
    counts = Counter(content)
    first_seen = {t: i for i, t in reversed(list(enumerate(content)))}
    ranked = sorted(counts, key=lambda t: (-counts[t], first_seen[t]))
    return ranked[:limit]
