"""The engine without a province, and a database from before the split upgraded.

Each test builds its own database with Odoo's command line (the configuration of
`make test`, exported as CCHC_ODOO_CONF) and reads it with SQL.
"""

import configparser
import os
import shutil
import subprocess
import tarfile
import time
import uuid
from contextlib import closing

import psycopg2
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The last commit of main before the province's data left the engine.
BEFORE_SPLIT = "52f12a7"
TABLES = [
    "cchc_agency",
    "cchc_criteria_set",
    "cchc_criterion",
    "cchc_criterion_level",
    "cchc_campaign",
    "cchc_evaluation",
    "cchc_evaluation_field",
    "cchc_evaluation_line",
    "cchc_evaluation_participant",
    "cchc_appraisal",
    "cchc_award_proposal",
    "cchc_award_candidate",
    "res_users",
]


@pytest.fixture(scope="module")
def odoo_conf():
    path = os.environ.get("CCHC_ODOO_CONF", "")
    if not os.path.isfile(path):
        pytest.fail("CCHC_ODOO_CONF is not set: run these tests with `make test`")
    parser = configparser.ConfigParser()
    parser.read(path)
    return path, parser["options"]


class Database:
    """A throwaway database built and changed by Odoo's command line."""

    def __init__(self, conf, tmp_path):
        self.conf_path, self.options = conf
        self.name = f"cchc_split_{uuid.uuid4().hex[:8]}"
        self.tmp_path = tmp_path

    def odoo(self, *args, addons_root=ROOT):
        """Run odoo with `make test`'s configuration; addons from addons_root."""
        paths = self.options["addons_path"].split(",")
        paths = [p for p in paths if os.path.realpath(p) != os.path.realpath(ROOT)]
        log = self.tmp_path / f"{self.name}-{len(list(self.tmp_path.iterdir()))}.log"
        cmd = [
            os.environ.get("CCHC_PYTHON", "python3"),
            "-m",
            "odoo",
            "-c",
            self.conf_path,
            "-d",
            self.name,
            f"--addons-path={','.join([*paths, str(addons_root)])}",
            "--stop-after-init",
            "--no-http",
            "--max-cron-threads=0",
            "--log-level=warn",
            f"--logfile={log}",
            *args,
        ]
        done = subprocess.run(cmd, check=False, timeout=1200)
        text = log.read_text() if log.exists() else ""
        assert done.returncode == 0 and " ERROR " not in text, text[-4000:]

    def connect(self, dbname=None):
        opts = self.options
        return psycopg2.connect(
            host=opts["db_host"],
            port=opts["db_port"],
            user=opts["db_user"],
            password=opts["db_password"],
            dbname=dbname or self.name,
        )

    def query(self, sql, params=()):
        with closing(self.connect()) as conn, conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def counts(self):
        return {t: self.query(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}  # noqa: S608

    def drop(self):
        """Drop the database (PostgreSQL itself stops an autovacuum worker in
        it; WITH (FORCE) would need the right to signal it)."""
        with closing(self.connect("postgres")) as conn:
            conn.autocommit = True
            with conn.cursor() as cr:
                for attempt in range(20):
                    try:
                        cr.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                        break
                    except psycopg2.errors.ObjectInUse:
                        if attempt == 19:
                            raise
                        time.sleep(0.5)
        shutil.rmtree(
            os.path.join(self.options["data_dir"], "filestore", self.name),
            ignore_errors=True,
        )


@pytest.fixture
def database(odoo_conf, tmp_path):
    db = Database(odoo_conf, tmp_path)
    yield db
    db.drop()


def test_engine_alone_names_no_province(database):
    """Only cchc_index, no demo: no units, no sets, no Hà Nam in any default."""
    database.odoo("-i", "cchc_index", "--without-demo=all")
    assert database.query(
        "SELECT count(*) FROM cchc_agency UNION ALL SELECT count(*) FROM cchc_criteria_set"
    ) == [(0,), (0,)]
    assert database.query(
        "SELECT name FROM ir_module_module WHERE name LIKE 'cchc%%' AND state = 'installed'"
    ) == [("cchc_index",)]
    (texts,) = database.query(
        """SELECT concat_ws(' ', cchc_province_name, cchc_legal_bases, cchc_signer_name,
                  cchc_signer_title, cchc_signer_authority, cchc_recipients)
             FROM res_company"""
    )
    assert "Hà Nam" not in texts[0] and "Căn cứ" in texts[0]
    # The documents print in Vietnamese without any demo.
    assert database.query("SELECT active FROM res_lang WHERE code = 'vi_VN'") == [
        (True,)
    ]
    defaults = database.query(
        "SELECT count(*) FROM ir_default WHERE json_value::text LIKE '%%Hà Nam%%'"
    )
    assert defaults == [(0,)]


def test_upgrade_from_before_split_keeps_everything(database):
    """A database with the demo of the engine before the split upgrades with `-u`:
    every record is kept, now owned by cchc_index_ha_nam, installed on the way."""
    old = database.tmp_path / "before_split"
    old.mkdir()
    archive = database.tmp_path / "old.tar"
    subprocess.run(
        ["git", "-C", ROOT, "archive", "-o", str(archive), BEFORE_SPLIT, "cchc_index"],
        check=True,
    )
    with tarfile.open(archive) as tar:
        tar.extractall(old, filter="data")
    database.odoo("-i", "cchc_index", addons_root=old)
    before = database.counts()
    assert before["cchc_agency"] == 26 and before["cchc_evaluation"] > 26
    published = database.query(
        """SELECT id, state, decision_number, legal_bases, signer_name
             FROM cchc_campaign ORDER BY id"""
    )
    indexes = database.query(
        "SELECT id, appraised_index FROM cchc_evaluation ORDER BY id"
    )

    database.odoo("-u", "cchc_index")

    assert database.counts() == before
    assert database.query(
        "SELECT name, state, demo FROM ir_module_module WHERE name LIKE 'cchc%%' ORDER BY name"
    ) == [("cchc_index", "installed", True), ("cchc_index_ha_nam", "installed", False)]
    assert (
        database.query(
            """SELECT id, state, decision_number, legal_bases, signer_name
                 FROM cchc_campaign ORDER BY id"""
        )
        == published
    )
    assert (
        database.query("SELECT id, appraised_index FROM cchc_evaluation ORDER BY id")
        == indexes
    )
    owners = database.query(
        """SELECT module, count(*) FROM ir_model_data
            WHERE model IN ('cchc.agency', 'cchc.criteria.set', 'cchc.criterion',
                            'cchc.campaign')
            GROUP BY module"""
    )
    assert owners == [("cchc_index_ha_nam", 26 + 2 + 159 + 1)]
    assert database.query(
        "SELECT cchc_province_name FROM res_company WHERE id = 1"
    ) == [("Hà Nam",)]
    # Lines read their unit and company through their evaluation (18.0.2.2.0),
    # their appraising agency through their item (18.0.2.3.0).
    assert (
        database.query(
            """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'cchc_evaluation_line'
              AND column_name IN ('agency_id', 'company_id', 'assigned_agency_id')"""
        )
        == []
    )
    # The province module updates again like any installed module.
    database.odoo("-u", "cchc_index_ha_nam")
    assert database.counts() == before
