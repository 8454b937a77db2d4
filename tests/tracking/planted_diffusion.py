"""A generated corpus with planted diffusion: a term introduced by a municipal outlet, taken up by
provincial outlets two months later and central ones five months later (some dated to the month only),
one central outlet using it only in a headline given as metadata, and a county outlet whose level is
given by the corpus's own ``level`` column."""

from __future__ import annotations

import pandas as pd

TERM = "数智强链"
OTHER = "低空经济"
OUTLETS = ["成都日报", "成都商报", "四川日报", "华西都市报", "人民日报", "新华社", "经济日报", "科技日报"]
COUNTY = "郫都融媒"
#: (outlet, date, precision, where: "text" | "title"): the planted mentions of TERM, one document each
PLANTED = [
    ("成都日报", "2023-03-10", "day", "text"),    # municipal, month m
    ("成都商报", "2023-04", "month", "text"),
    ("四川日报", "2023-05-12", "day", "text"),    # provincial, m + 2
    ("华西都市报", "2023-06", "month", "text"),
    ("成都日报", "2023-07-02", "day", "text"),    # a second document, not a new outlet
    ("新华社", "2023-08", "month", "text"),       # central, m + 5: the month only
    ("人民日报", "2023-08-20", "day", "text"),
    ("经济日报", "2023-10-09", "day", "title"),   # only in a headline the text does not print
    (COUNTY, "2023-11-03", "day", "text"),        # level from the level column
]
#: the other theme, a faster one: every central outlet in 2023-02
PLANTED_OTHER = [(o, "2023-02-15", "day", "text") for o in ("人民日报", "新华社", "经济日报", "科技日报")]

FILLER = "今年以来，当地持续推进重点项目建设，企业生产经营总体平稳。"


def planted_corpus() -> pd.DataFrame:
    """The corpus as a table: background articles of every outlet in every month of 2023, then the planted ones."""
    rows = []
    for month in range(1, 13):
        for k, outlet in enumerate(OUTLETS + [COUNTY]):
            rows.append({"doc_id": f"bg-{month:02d}-{k}", "outlet": outlet, "date": f"2023-{month:02d}-{k + 1:02d}",
                         "title": f"{outlet}要闻{month}月", "text": FILLER * 3})
    for i, (outlet, date, _, where) in enumerate(PLANTED + PLANTED_OTHER):
        term = TERM if i < len(PLANTED) else OTHER
        text = FILLER + (f"会上提出，要以{term}推动产业升级。" if where == "text" else "会议要求抓好落实。") + FILLER
        title = f"{term}开启新篇章" if where == "title" else f"{outlet}综合报道"
        rows.append({"doc_id": f"p-{i:02d}", "outlet": outlet, "date": date, "title": title, "text": text})
    df = pd.DataFrame(rows)
    df["level"] = [("county" if o == COUNTY else "") for o in df["outlet"]]
    return df
