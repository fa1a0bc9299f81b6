"""Write resources/place_names.txt: China's administrative names, for the slots of desktop/core/slots.py.

    python packaging/make_place_names.py

The names are the place words (tag ns) of jieba's own dictionary that end in an administrative
suffix (省 市 县 区 州 盟 旗 镇 乡 村), less region words and common nouns that the dictionary also
tags ns (大城市, 文明城市, 偏远地区, 各乡镇 …), then the short names of the provincial-level divisions,
their other names (江淮, 齐鲁) and their one-character short names (皖, 鲁: slotted only in a slogan).
Run once when jieba's dictionary changes; writers add their own places (乡镇、村) to the file itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import jieba


def _words(*lines: str) -> list[str]:
    return " ".join(lines).split()


SUFFIX = "省市县区州盟旗镇乡村"
# Common nouns and slogans jieba tags ns: not one place.
NOT_PLACES = _words(
    "后方城市 周边城市 大中城市 大城市 宜居城市 文明城市 港口城市 特大城市 田园城市 第九城市 繁华都市 大都市 新都市"
    " 城中村 上山下乡 四里八乡 江南水乡 爱家乡 中心镇 各乡镇 深山区 老城区 旧城区 新城区 土石山区 都市区 科教兴市"
    " 盘特区 十强县 各省市 各县市 外省市 中国内蒙古自治区 中国西藏自治区 中立地区 戒严地区 新沙乡镇 杏花村镇"
    " 半山区 山地区 山城区 两城镇 大城镇 小城镇 新城镇 城关镇 城厢镇 新市镇 武汉三镇 中关村科技园区 苏州高新区",
    # sayings, kinds of area and words of other fields the dictionary tags ns
    " 一日三省 唐三省 大藏省 沿海各省 诸行省 自治省 两省区 无人区 积累区 精华区 繁华区 萧条区 冬麦区 包干区 中立区"
    " 中心区 三角区 上半区 下半区 山丘区 湖景区 赤道区 黑人区 菲涅耳区 布罗卡区 拉丁区 深水港区 泉塘二区 非上市"
    " 百强县 五大州 瑶族乡 斯加盟 利亚州 维亚州 美加州 中美州 蒙特州 三角村",
)
# Continents, world regions and compass regions before 区 name no administrative area (欧元区, 亚太区, 华东区).
REGION_AREA = re.compile(r"^(欧元|亚太|亚洲|东亚|欧洲|北极|南极|太平洋|大中华|[东西南北华][东西南北中])区$")
# Flags (三色旗, 太阳旗) end in 旗 as a banner does (镶黄旗, 奈曼旗).
FLAG = re.compile(r"(色|角|环|极|阳|半)旗$")
GENERIC_START = re.compile(r"^(各|外|全|本|我|该|每|此|某)")
SLOGAN = re.compile(r"^..(兴|强|富|立|大)(市|县|省)$")
PROVINCES = _words(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州"
    " 云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆",
)
# The provinces' other names, as speeches use them (让江淮大地…, 齐鲁儿女): places like their short names.
NICKNAMES = _words("燕赵 三晋 齐鲁 江淮 八闽 荆楚 三湘 潇湘 岭南 八桂 巴蜀 天府 三秦 陇原 赣鄱 龙江 黔贵 雪域 天山南北")
# Their one-character short names: a place only in a slogan (人才兴皖, 科教强鲁), never on their own.
ABBREVIATIONS = _words(
    "京 津 沪 渝 冀 晋 辽 吉 黑 苏 浙 皖 闽 赣 鲁 豫 鄂 湘 粤 琼 川 蜀 黔 贵 滇 云 陕 秦 甘 陇 青 蒙 桂 藏 宁 新"
)
HEADER = """\
# 行政区划名称：素材入库时，句中的这些地名换成【地名】空位，原文另存。
# 每行一个名称。以省、市、县、区、州、盟、旗、镇、乡、村结尾的是全称；其余（如“浙江”“内蒙古”“江淮”）是简称；
# 一个字的简称（如“皖”）只在“人才兴皖”这样的口号里换成空位。
# 可自行添加本地的乡镇、村名；以 # 开头的行是注释。
# 由 packaging/make_place_names.py 从 jieba 词典的地名（ns）生成，去掉了“大城市”“偏远地区”之类的普通名词。
"""


def names() -> list[str]:
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    out = []
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[2] != "ns":
            continue
        word = parts[0]
        if len(word) < 3 or word[-1] not in SUFFIX or word.endswith("地区"):
            continue
        if word in NOT_PLACES or GENERIC_START.match(word) or SLOGAN.match(word) or REGION_AREA.match(word):
            continue
        if FLAG.search(word):
            continue
        out.append(word)
    return sorted(set(out))


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "resources" / "place_names.txt"
    body = (
        "\n".join(names())
        + "\n# 省级行政区简称\n"
        + "\n".join(PROVINCES)
        + "\n# 省级行政区的别称\n"
        + "\n".join(NICKNAMES)
        + "\n# 省级行政区的一字简称：只在“人才兴皖”“科教强鲁”这样的口号里换成空位\n"
        + "\n".join(ABBREVIATIONS)
        + "\n"
    )
    target.write_text(HEADER + body, encoding="utf-8")
    print(f"{target}: {len(body.splitlines())} lines")


if __name__ == "__main__":
    main()
