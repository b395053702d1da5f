"""Fixtures for the pytest suite that runs against a live Odoo server.

`make test` starts Odoo on a throwaway database (module cchc_index installed
with demo data) and exports CCHC_URL and CCHC_DB. To run against `make run`:
    CCHC_URL=http://localhost:8069 CCHC_DB=cchc python3 -m pytest tests
"""

import os
import xmlrpc.client

import pytest


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
