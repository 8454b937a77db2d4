"""A scraped web page: its site furniture (menus, breadcrumbs, share bars, related links, footers) is no part of
the article and is not read; the headline and the article's paragraphs are, whatever the page's markup."""

from __future__ import annotations

import pytest

import nqp
from nqp.corpus import html_text

BODY = ["坚持和发展新时代“枫桥经验”,推进矛盾纠纷预防化解。", "加快补齐儿科、老年医学等服务短板,加强全科医生培养培训。"]
PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>聚焦_新华财经网</title></head><body>
<div class="header"><a href="/">新华财经网首页</a> | 登录 | 注册 | 手机版</div>
<nav><ul><li>首页</li><li>时政</li><li>财经</li></ul></nav>
<div class="crumb">当前位置：首页 &gt; 财经 &gt; 正文</div>
<h1>聚焦：推动新质生产力加快发展</h1>
<div class="info">来源：新华财经网　发布时间：2020-12-06</div>
<div class="article"><p>{BODY[0]}</p><p>{BODY[1]}</p></div>
<div class="editor">责任编辑：王明</div>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="related"><h3>相关阅读</h3><ul><li>习近平：加快发展新质生产力</li></ul></div>
<div id="comments">网友评论 0 条</div>
<aside>热点排行</aside>
<div role="contentinfo">版权所有 ©2024 新华财经网 | 京ICP备12030456号-1</div>
<footer>关于我们 | 联系我们<br>未经授权禁止转载</footer>
</body></html>"""


def test_the_furniture_of_a_news_page_is_not_read():
    assert html_text(PAGE).split("\n") == ["聚焦：推动新质生产力加快发展", "来源：新华财经网　发布时间：2020-12-06",
                                           *BODY, "责任编辑：王明"]


@pytest.mark.parametrize(
    "markup, kept",
    [
        # a page-level header holding the headline, and an article's own header, are the article's
        (f"<header><h1>标题</h1></header><p>{BODY[0]}</p>", ["标题", BODY[0]]),
        (f"<article><header><h1>标题</h1><p>本报记者 张三</p></header><p>{BODY[0]}</p></article>",
         ["标题", "本报记者 张三", BODY[0]]),
        # a class that merely contains a furniture word inside another word is not one
        (f'<div class="main-content inside"><p>{BODY[0]}</p></div>', [BODY[0]]),
        # a furniture class around most of the article's text is the article (a careless template)
        (f'<div class="share-wrap"><p>{BODY[0]}</p><p>{BODY[1]}</p></div><p>短</p>', [*BODY, "短"]),
        (f'<div class="article-header"><h1>标题</h1></div><p>{BODY[0]}</p>', ["标题", BODY[0]]),
    ],
)
def test_what_is_the_article_stays(markup, kept):
    assert html_text(f"<html><body>{markup}</body></html>").split("\n") == kept


def test_a_folder_of_pages_loads_without_the_furniture(tmp_path):
    for i in range(3):
        (tmp_path / f"p{i}.html").write_text(PAGE, encoding="utf-8")
    corpus = nqp.load_corpus(tmp_path)
    assert not corpus["text"].str.contains("版权所有|分享到|相关阅读|当前位置|京ICP备|首页").any()
    assert corpus["text"].str.contains(BODY[1], regex=False).all()
