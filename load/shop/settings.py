"""
Where the scenarios send their load. Their other settings, and the defaults, are in
load/scenarios.json (shop.scenarios), which the k6 scripts read too.
"""

import os

DEFAULT_BASE_URL = "http://127.0.0.1:3000/api/v1"

# Only 127.0.0.1 on a developer machine; a cluster's gateway when BASE_URL says so.
BASE_URL = (os.environ.get("BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
