"""Sanitizing: active markup out, the text and the blocks unchanged."""

from __future__ import annotations

import lxml.html

from translator.html.parse import parse_html

UNTRUSTED = (
    '<div class="comment"><p onclick="steal()">Great article, <a href="javascript:alert(1)">see this</a>.'
    '<script>document.location="https://evil.example"</script></p>'
    '<iframe src="https://evil.example/frame"></iframe><object data="x.swf"></object>'
    '<p>Second <img src="a.jpg" onerror="steal()"> paragraph here.</p><embed src="y.swf">'
    '<p style="color:red" class="kept">Third paragraph stays styled.</p></div>'
)


def _active(root: object) -> list[str]:
    tree = lxml.html.tostring(root, encoding=str)
    return [m for m in ("<script", "<iframe", "<object", "<embed", "onclick", "onerror", "javascript:") if m in tree]


def test_active_markup_is_stripped_and_the_blocks_stay_the_same():
    plain, cleaned = parse_html(UNTRUSTED), parse_html(UNTRUSTED, sanitized=True)
    assert _active(plain.root) == ["<script", "<iframe", "<object", "<embed", "onclick", "onerror", "javascript:"]
    assert _active(cleaned.root) == []
    assert [(b.kind, b.text) for b in cleaned.article.blocks] == [(b.kind, b.text) for b in plain.article.blocks]
    html = lxml.html.tostring(cleaned.root, encoding=str)
    assert 'style="color:red"' in html and 'class="kept"' in html and 'src="a.jpg"' in html


def test_a_whole_page_loses_its_meta_refresh_and_scripts_but_not_its_text():
    page = ('<!doctype html><html><head><meta http-equiv="refresh" content="0;url=https://evil.example">'
            '<script src="tracker.js"></script><title>Storm</title></head>'
            '<body><h1>Storm closes the port</h1><p>The port closed on Monday.</p></body></html>')
    cleaned = parse_html(page, sanitized=True)
    html = lxml.html.tostring(cleaned.root, encoding=str)
    assert "refresh" not in html and "<script" not in html
    assert [b.text for b in cleaned.article.blocks] == ["Storm closes the port", "The port closed on Monday."]
