"""Fixtures for the pytest suite that runs against a live Odoo server.

`make test` starts Odoo on a throwaway database (module cchc_index installed
with demo data) and exports CCHC_URL and CCHC_DB. To run against `make run`:
    CCHC_URL=http://localhost:8069 CCHC_DB=cchc python3 -m pytest tests
"""

import json
import os
import xmlrpc.client

import pytest
import requests


def _env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(
            f"{name} is not set: these tests need a running Odoo server. Use `make test`, "
            "or start one with `make run` and export CCHC_URL=http://localhost:8069 CCHC_DB=cchc",
            pytrace=False,
        )
    return value


@pytest.fixture(scope="session")
def odoo_url():
    """Base URL of the Odoo server, without trailing slash."""
    return _env("CCHC_URL").rstrip("/")


@pytest.fixture(scope="session")
def odoo_db():
    """Name of the database the server serves."""
    return _env("CCHC_DB")


class OdooRPC:
    """Minimal XML-RPC client logged in as one user."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.login, self.password = url, db, login, password
        self.common = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/common", allow_none=True
        )
        self.uid = self.common.authenticate(db, login, password, {})
        if not self.uid:
            raise AssertionError(f"login {login!r} failed on database {db!r} at {url}")
        self.object = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", allow_none=True
        )

    def call(self, model, method, *args, **kwargs):
        """execute_kw(model, method, args, kwargs) as this user."""
        return self.object.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    __call__ = call


@pytest.fixture(scope="session")
def rpc(odoo_url, odoo_db):
    """Factory: rpc(login="admin", password="admin") -> OdooRPC logged in as that user."""

    def factory(login="admin", password="admin"):
        return OdooRPC(odoo_url, odoo_db, login, password)

    return factory


class OdooError(Exception):
    """An error the server answered a JSON-RPC call with."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


class OdooSession:
    """A web session logged in as one user, calling models over JSON-RPC the
    way the browser does (cookies, /web/dataset/call_kw)."""

    Error = OdooError

    def __init__(self, url, db, login, password):
        self.url, self.login = url, login
        self.http = requests.Session()
        result = self._post(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )
        self.uid = result["uid"]

    def _post(self, path, params):
        # json.dumps writes NaN and Infinity as Python's json.loads reads them.
        response = self.http.post(
            f"{self.url}{path}",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
            timeout=300,
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            data = answer["error"].get("data", {})
            raise OdooError(
                data.get("name", "?").rpartition(".")[2],
                data.get("message") or answer["error"].get("message"),
            )
        return answer.get("result")

    def call(self, model, method, *args, **kwargs):
        """model.method(*args, **kwargs) as this user."""
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    __call__ = call

    def get(self, path):
        """A plain HTTP GET in this session (e.g. /web/content/<id>)."""
        return self.http.get(f"{self.url}{path}", timeout=60, allow_redirects=False)


@pytest.fixture(scope="session")
def session(odoo_url, odoo_db):
    """Factory: session(login, password=login) -> OdooSession for that user."""

    def factory(login="admin", password=None):
        return OdooSession(odoo_url, odoo_db, login, password or login)

    return factory
