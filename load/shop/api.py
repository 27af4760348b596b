"""
The calls a shopper makes to the storefront API, as a Locust user. Every request is named by its
route pattern ("GET /products/:id"), so the stats have one line per route, not one per URL.
"""

import random
import time
import urllib.parse
import uuid

import gevent
from locust import FastHttpUser

from .scenarios import number_of
from .settings import BASE_URL

TERMINAL = ("CONFIRMED", "REJECTED", "CANCELLED")

# Access tokens are short-lived: a customer signs in again after this many seconds (soak).
TOKEN_REFRESH_S = 4 * 60

PASSWORD = "a load-test password 123"


class CheckoutFailed(Exception):
    """A checkout that did not end CONFIRMED; the message is its end state or the refusal."""


def quote(text):
    return urllib.parse.quote(str(text), safe="")


class Shopper(FastHttpUser):
    """A storefront client; scenarios subclass it and add tasks."""

    abstract = True
    host = BASE_URL

    def __init__(self, environment):
        super().__init__(environment)
        self.customer = None
        self.signed_in_at = 0.0

    # --- requests ---------------------------------------------------------------------------

    def call(self, method, path, name, expect=(200,), token=None, headers=None, **kwargs):
        """One request; a status outside `expect` is a failure. Returns the JSON body or None."""
        all_headers = {"accept": "application/json", **(headers or {})}
        if token:
            all_headers["authorization"] = f"Bearer {token}"
        with self.client.request(method, path, name=name, headers=all_headers,
                                 catch_response=True, **kwargs) as response:
            if response.status_code not in expect:
                response.failure(f"HTTP {response.status_code} (expected {expect})")
                return None
            try:
                return response.json() if response.content else None
            except ValueError:
                response.failure("the body is not JSON")
                return None

    # --- browsing ---------------------------------------------------------------------------

    def list_products(self, query="limit=20", name="GET /products"):
        body = self.call("GET", f"/products?{query}", name)
        return body if isinstance(body, dict) else {"items": []}

    def search(self, word, limit=20):
        return self.list_products(f"q={quote(word)}&limit={limit}", "GET /products?q")

    def product_detail(self, product_id):
        return self.call("GET", f"/products/{quote(product_id)}", "GET /products/:id")

    def categories(self):
        return self.call("GET", "/categories", "GET /categories")

    # --- customers and carts ----------------------------------------------------------------

    def register(self, prefix):
        """A customer of its own: unique per user and run, so runs never collide on accounts."""
        email = f"{prefix}-{uuid.uuid4().hex[:16]}@load.test"
        body = self.call("POST", "/auth/register", "POST /auth/register", expect=(201,),
                         json={"email": email, "password": PASSWORD})
        self.customer = {"email": email, "token": (body or {}).get("accessToken")}
        self.signed_in_at = time.monotonic()
        return self.customer["token"]

    def login(self):
        body = self.call("POST", "/auth/login", "POST /auth/login",
                         json={"email": self.customer["email"], "password": PASSWORD})
        self.customer["token"] = (body or {}).get("accessToken")
        self.signed_in_at = time.monotonic()
        return self.customer["token"]

    def token(self, prefix):
        """This user's customer, registered on first use, with a token that is still fresh."""
        if self.customer is None or not self.customer["token"]:
            return self.register(prefix)
        if time.monotonic() - self.signed_in_at > TOKEN_REFRESH_S:
            return self.login()
        return self.customer["token"]

    def me(self, token):
        return self.call("GET", "/auth/me", "GET /auth/me", token=token)

    def get_cart(self, token):
        return self.call("GET", "/cart", "GET /cart", token=token)

    def clear_cart(self, token):
        self.call("DELETE", "/cart", "DELETE /cart", expect=(200, 204), token=token)

    def add_to_cart(self, token, sku, quantity=1):
        self.call("POST", "/cart/items", "POST /cart/items", expect=(200, 201), token=token,
                  json={"sku": sku, "quantity": quantity})

    # --- checkout ---------------------------------------------------------------------------

    def checkout(self, token, timeout_s=None):
        """
        Checks the cart out with a fresh Idempotency-Key and polls the order to its end state
        (at most ORDER_TIMEOUT_S). Reports two CHECKOUT events: "outcome" for every checkout
        (a failure unless CONFIRMED: its success ratio is the checkout success rate) and
        "to_confirmed", the time from POST /orders to the poll that saw CONFIRMED.
        """
        timeout_s = timeout_s or number_of("ORDER_TIMEOUT_S")
        started = time.perf_counter()
        order = self.call("POST", "/orders", "POST /orders", expect=(201, 202), token=token,
                          headers={"idempotency-key": str(uuid.uuid4())})
        if not order or not order.get("id"):
            return self.report_checkout("refused", started)
        status = order.get("status")
        deadline = started + timeout_s
        while status not in TERMINAL and time.perf_counter() < deadline:
            # Polls 100 ms apart: the time to CONFIRMED is up to 100 ms pessimistic.
            gevent.sleep(0.1)
            polled = self.call("GET", f"/orders/{quote(order['id'])}", "GET /orders/:id",
                               token=token)
            status = (polled or {}).get("status", status)
        return self.report_checkout(status if status in TERMINAL else "timeout", started)

    def report_checkout(self, state, started):
        elapsed_ms = (time.perf_counter() - started) * 1000
        fire = self.environment.events.request.fire
        failed = None if state == "CONFIRMED" else CheckoutFailed(state)
        fire(request_type="CHECKOUT", name="outcome", response_time=elapsed_ms,
             response_length=0, exception=failed, context={})
        if state == "CONFIRMED":
            fire(request_type="CHECKOUT", name="to_confirmed", response_time=elapsed_ms,
                 response_length=0, exception=None, context={})
        return state

    def buy(self, prefix, products, lines=1):
        """Empties this customer's cart, puts `lines` products in it and checks out."""
        token = self.token(prefix)
        self.clear_cart(token)
        for product in random.sample(products, min(lines, len(products))):
            self.add_to_cart(token, product["sku"], 1)
        return self.checkout(token)
