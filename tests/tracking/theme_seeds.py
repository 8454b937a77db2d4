"""What the theme tests share: the theme and its mention counts per seed document, read in the seeds."""

from __future__ import annotations

from seed_ids import D000, D001, D002, D003, D004

__all__ = ["RAW_COUNTS", "THEME", "TRUE_COUNTS", "TRUE_HEADINGS"]

THEME = "建圈强链"

# The TRUE number of mentions of 建圈强链 (every variant, both scripts) per seed document, counted by reading
# the seeds. Text the page layout printed twice counts once; headings count (and are flagged).
TRUE_COUNTS = {
    # 华西都市报 feature on 新质生产力: 产业生态圈 and 链主企业 appear, 建圈强链 never does.
    D000: 0,
    # 成都日报 roundtable, 省政协委员邱士安:
    #   "他建议,规划设立工模具产业和量刃具产业要素集聚区,引导产业建圈强链,实现原材料采购…"
    D001: 1,
    # 羊城晚报 sidebar on the expert 宋瑾 (raw text has 5: the last is a layout repeat, see RAW_COUNTS):
    #   heading "成都市经济发展研究院产业经济研究所研究人员宋瑾: 产业建圈强链,共筑成渝地区科技创新生态"
    #   "“在我看来,当前在成都乃至到成都市层面实施的产业建圈强链行动,就是一种强化区域内企业联动的高效路径。”"
    #   "成都市经济发展研究院产业经济研究所研究人员宋瑾表示,推进产业建圈强链重在构建“链主”企业…"
    #   "宋瑾建议,可以将成都的产业建圈强链行动拓展到成渝经济圈。"
    #   NOT counted: "…发挥公共平台的纽带作用,院产业经济研究所研究人员宋瑾表示,推进产业建圈强链重在构建…"
    #   (the paragraph's end repeats the previous paragraph: a layout repeat)
    D002: 4,
    # 每日经济新闻 2026, traditional script, all in the outlet's own voice:
    #   "將沖刺“全國增長極”作為目標的成都,…以重點產業鏈建圈強鏈破題,…"
    #   "而在各個產業涌現的新款、首款,則展現出成都通過產業建圈強鏈推動新興產業…"
    #   "從以終端產品價值挖掘產業鏈價值,…成都正在搭建一套更務實、更落地的建圈強鏈整體方案。"
    D003: 3,
    # 科技日报 高新区 page: "加快形成新质生产力,离不开产业建圈强链和“硬核”科技。"
    D004: 1,
}
TRUE_HEADINGS = {D002: 1}
#: what a naive search of the raw text finds (the layout repeat in 002 counted twice)
RAW_COUNTS = {D001: 1, D002: 5, D003: 3, D004: 1}
