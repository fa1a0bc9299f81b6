# Overrides the contributed jieba hook, which collects every data file (idf tables, the LAC
# model: ~25 MB). The app uses only the tokenizer, which needs dict.txt.
from PyInstaller.utils.hooks import get_package_paths

_, _jieba_dir = get_package_paths("jieba")
datas = [(f"{_jieba_dir}/dict.txt", "jieba")]
excludedimports = ["jieba.analyse", "jieba.posseg", "jieba.lac_small", "paddle"]
