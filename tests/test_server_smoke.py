"""Smoke test: the server answers, admin can log in, cchc_index and cchc_index_ha_nam are installed."""

import requests


def test_web_login_page(odoo_url):
    response = requests.get(f"{odoo_url}/web/login", timeout=30)
    assert response.status_code == 200


def test_admin_authenticates_and_reads_users(rpc):
    admin = rpc("admin", "admin")
    assert admin.uid
    assert admin.call("res.users", "search_count", []) > 0


def test_server_is_odoo_18(rpc):
    version = rpc().common.version()
    assert version["server_version_info"][0] == 18


def test_modules_installed(rpc):
    """The engine and the province module that `make test` installs."""
    modules = rpc().call(
        "ir.module.module",
        "search_read",
        [("name", "in", ["cchc_index", "cchc_index_ha_nam"])],
        fields=["name", "state"],
        order="name",
    )
    assert [(m["name"], m["state"]) for m in modules] == [
        ("cchc_index", "installed"),
        ("cchc_index_ha_nam", "installed"),
    ]
