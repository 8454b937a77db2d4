"""The ids of the five seed documents (``seeds/<doc_id>.txt``), written once for every test.

``from seed_ids import D002`` works in every test folder: pytest puts ``tests/`` (the folder of the
top ``conftest.py``) on ``sys.path``.
"""

D000 = "000_b3a9ed95d35d7aba"  # 华西都市报·封面新闻, 2024-03
D001 = "001_170771dc1d63228a"  # 成都日报 (锦观新闻), 2024-01-25
D002 = "002_8cc5eebcb8ce380e"  # 羊城晚报, 2024-08
D003 = "003_2a9e08fc7e99da65"  # 每日经济新闻 (网易号), 2026-02-25, traditional script
D004 = "004_8af99f92f70cf692"  # 科技日报, 2024-05

#: all five, in corpus order (sorted by doc_id)
SEED_IDS = (D000, D001, D002, D003, D004)
