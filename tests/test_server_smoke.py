"""Smoke test: the server answers, admin can log in, cchc_index is installed."""

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


def test_module_installed(rpc):
    modules = rpc().call(
        "ir.module.module",
        "search_read",
        [("name", "=", "cchc_index")],
        fields=["state"],
    )
    assert modules, "module cchc_index is unknown to the server"
    assert modules[0]["state"] == "installed"
