"""The API documentation page (/api/docs/) without a browser: our own assets, no inline script or style,
the init script a request of its own, the same content security policy as the rest of the site."""

import re

from django.test import Client


def test_docs_page_has_no_inline_script_or_style_and_no_outside_assets(world):
    client = world.client("manager")
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="en">' in html
    assert "<style" not in html and " style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/' in attributes and not body.strip() for attributes, body in scripts)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(url.startswith("/") and not url.startswith("//") for url in assets)
    init = [url for url in assets if "script=" in url]
    assert init, "the init script is a request of its own"
    script = client.get(init[0].replace("&amp;", "&"))
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    for response in (page, Client().get("/help/northstar/")):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
