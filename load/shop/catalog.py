"""
Test data, found through the storefront API before the load starts (not counted in the stats):
products discovered by listing, words of their names for searches, the categories.
"""

import json
import re
import urllib.error
import urllib.parse
import urllib.request


class SetupError(Exception):
    """The run cannot start: the gateway does not answer, or the shop has nothing to sell."""


def get_json(base_url, path, timeout=10):
    try:
        with urllib.request.urlopen(f"{base_url}{path}", timeout=timeout) as response:
            return json.loads(response.read() or b"null")
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SetupError(f"GET {base_url}{path} failed: {error}") from error


class Catalog:
    """Products, search words and categories of the shop under test, shared by every user."""

    def __init__(self):
        self.products = []
        self.words = ["shirt"]
        self.categories = []

    def load(self, base_url, pages=3, in_stock_only=False):
        """Lists up to `pages` pages of products; `in_stock_only` keeps those one can buy."""
        self.categories = get_json(base_url, "/categories").get("items") or []
        found, cursor = [], ""
        for _ in range(pages):
            query = "limit=50" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
            page = get_json(base_url, f"/products?{query}")
            found.extend(page.get("items") or [])
            cursor = page.get("nextCursor") or ""
            if not cursor:
                break
        if in_stock_only:
            # Sold-out products fail checkout by design: they would count as failed checkouts.
            found = [item for item in found if self._available(base_url, item["id"]) > 5]
        if not found:
            which = "in stock " if in_stock_only else ""
            raise SetupError(f"no product {which}at {base_url}: is the shop seeded?")
        self.products = [{"id": p["id"], "sku": p["sku"], "name": p.get("name", "")}
                         for p in found]
        self.words = search_words(self.products) or self.words

    @staticmethod
    def _available(base_url, product_id):
        detail = get_json(base_url, f"/products/{urllib.parse.quote(product_id)}")
        return ((detail or {}).get("availability") or {}).get("available", 0)


def search_words(products):
    """Words of at least four letters from product names, for searches that find something."""
    words = set()
    for product in products:
        for word in str(product.get("name", "")).split():
            cleaned = re.sub(r"[^a-z0-9]", "", word.lower())
            if len(cleaned) >= 4:
                words.add(cleaned)
    return sorted(words)


CATALOG = Catalog()
