"""Data of the deadline-day load test (``make load``): a generated province.

Runs against a database where cchc_index is installed without demo data, with
Odoo used as a library (as bench/bench_campaign.py, whose builders it uses):

    python bench/load_setup.py -c .local/odoo.conf -d DB --url http://127.0.0.1:8133 \\
        --specs .local/load/specs.json

It builds, for --departments departments (sở, ngành) and --communes communes:

- four appraising agencies, each appraising some of the 7 fields of the
  criteria sets (50 free-points items, as in the benchmark), one set per unit
  type and year;
- campaign A (this year) on its deadline day: self-assessment open, closing
  tomorrow (province time), with about 80 % of every unit's items scored and
  explained and its participants listed; the rest is left to the units;
- campaign B (last year) under appraisal: every unit submitted, every item
  scored, the appraisals created and waiting;
- users: per unit two officers and its head, ten appraisers per appraising
  agency, ten secretariat members; all with the password --password;
- ``report.url`` pointing at the load server, for wkhtmltopdf.

The web client's specifications of the views the load test reads (evaluation
form, item list, appraisal form, evaluation list) are written to --specs.
"""

import argparse
import datetime
import json
import random
import sys
from pathlib import Path

from bench_campaign import Bench, bench_env, start_odoo

from odoo import Command

LOAD_YEAR = 2094  # campaign A; campaign B is the year before
APPRAISERS = (
    ("LOAD-SNV", "Sở Nội vụ (tải)"),
    ("LOAD-STP", "Sở Tư pháp (tải)"),
    ("LOAD-STC", "Sở Tài chính (tải)"),
    ("LOAD-SKHCN", "Sở Khoa học và Công nghệ (tải)"),
)
APPRAISERS_PER_AGENCY = 10
SECRETARIAT_USERS = 10
SCORED_SHARE_A = 0.8  # items already scored in campaign A on deadline day
POINTS = (0.5, 1.0, 1.5, 2.0)
EXPLANATION = "Đã thực hiện theo kế hoạch; văn bản lưu tại đơn vị."


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--url", required=True, help="the load server's URL")
    parser.add_argument("--specs", required=True, help="JSON file written")
    parser.add_argument("--departments", type=int, default=30)
    parser.add_argument("--communes", type=int, default=130)
    parser.add_argument("--password", default="load")
    return parser.parse_args()


class LoadSetup(Bench):
    """The province, its campaigns and its users (see the module docstring)."""

    def users(self, vals_list, group_xmlids):
        env = self.env
        groups = [env.ref("base.group_user").id] + [env.ref(x).id for x in group_xmlids]
        return (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [{**vals, "groups_id": [Command.set(groups)]} for vals in vals_list]
            )
        )

    def score(self, lines, rng):
        """Free points and an explanation on these lines, in a few batches."""
        by_points = {}
        for line in lines:
            by_points.setdefault(rng.choice(POINTS), []).append(line.id)
        for points, ids in sorted(by_points.items()):
            self.env["cchc.evaluation.line"].browse(ids).write(
                {"free_points": points, "explanation": EXPLANATION}
            )

    def participants(self, evaluations):
        self.env["cchc.evaluation.participant"].create(
            [
                {"evaluation_id": e.id, "name": name, "role": role}
                for e in evaluations
                for name, role in (
                    ("Nguyễn Văn An", "head"),
                    ("Trần Thị Bình", "division_head"),
                )
            ]
        )

    def build(self, args, log):
        env = self.env
        rng = random.Random(2094)
        appraisers = env["cchc.agency"].create(
            [{"name": n, "code": c, "is_appraiser": True} for c, n in APPRAISERS]
        )
        kinds = (
            ("load_so", "Sở, ngành (tải)", args.departments, "Sở tải ", "LSO"),
            ("load_xa", "Xã, phường (tải)", args.communes, "Xã tải ", "LXA"),
        )
        sets = {
            LOAD_YEAR: env["cchc.criteria.set"],
            LOAD_YEAR - 1: env["cchc.criteria.set"],
        }
        agencies = env["cchc.agency"]
        for code, name, count, unit_name, unit_code in kinds:
            unit_type = env["cchc.unit.type"].create(
                {"name": name, "code": code, "sequence": 90}
            )
            for year in sets:
                sets[year] |= self.make_criteria_set(year, unit_type, appraisers)[0]
            agencies |= self.make_agencies(unit_type, count, unit_name, unit_code)
        log(f"{len(agencies)} units, {len(appraisers)} appraising agencies, 4 sets")

        today = env.company._cchc_today()
        year_open = today - datetime.timedelta(days=30)
        campaign_a = self.create_campaign(
            "Tải: ngày hạn chót",
            LOAD_YEAR,
            sets[LOAD_YEAR],
            agencies,
            date_self_open=year_open,
            date_self_close=today + datetime.timedelta(days=1),
        )
        campaign_b = self.create_campaign(
            "Tải: đang thẩm định",
            LOAD_YEAR - 1,
            sets[LOAD_YEAR - 1],
            agencies,
            date_self_open=year_open,
            date_self_close=today,
        )
        (campaign_a | campaign_b).action_open_self_assessment()
        self.participants(campaign_a.evaluation_ids | campaign_b.evaluation_ids)
        a_lines = campaign_a.evaluation_ids.line_ids
        self.score(a_lines.filtered(lambda _l: rng.random() < SCORED_SHARE_A), rng)
        self.score(campaign_b.evaluation_ids.line_ids, rng)
        evaluations_b = campaign_b.evaluation_ids
        # What action_submit does, for every unit at once.
        evaluations_b._set_state("submitted")
        env["cchc.appraisal"]._create_for_evaluations(evaluations_b)
        campaign_b.action_start_appraisal()
        log(
            f"campaigns A {campaign_a.id} (deadline day), B {campaign_b.id} (appraisal)"
        )

        officer, head = "cchc_index.group_cchc_officer", "cchc_index.group_cchc_head"
        for suffix, group in (("o1", officer), ("o2", officer), ("h", head)):
            self.users(
                [
                    {
                        "name": f"{a.name} {suffix}",
                        "login": f"load_{a.code.lower()}_{suffix}",
                        "cchc_agency_id": a.id,
                    }
                    for a in agencies
                ],
                [group],
            )
        self.users(
            [
                {
                    "name": f"Thẩm định {a.code} {i}",
                    "login": f"load_{a.code.lower()}_{i}",
                    "cchc_agency_id": a.id,
                }
                for a in appraisers
                for i in range(APPRAISERS_PER_AGENCY)
            ],
            ["cchc_index.group_cchc_appraiser"],
        )
        self.users(
            [
                {"name": f"Thư ký {i}", "login": f"load_secretariat_{i}"}
                for i in range(SECRETARIAT_USERS)
            ],
            ["cchc_index.group_cchc_secretariat"],
        )
        # One hash for every user: hashing 500 passwords would take minutes.
        password = env["res.users"]._crypt_context().hash(args.password)
        self.cr.execute(
            "UPDATE res_users SET password = %s WHERE login LIKE 'load\\_%%'",
            [password],
        )
        # As in a province: Vietnamese, in Vietnam's time zone (the documents
        # are rendered in Vietnamese whatever the user's language).
        env["res.lang"]._activate_lang("vi_VN")
        env["ir.module.module"].search(
            [("state", "=", "installed")]
        )._update_translations(["vi_VN"])
        self.cr.execute(
            """UPDATE res_partner p SET lang = 'vi_VN', tz = 'Asia/Ho_Chi_Minh'
                 FROM res_users u WHERE u.partner_id = p.id AND u.login LIKE 'load\\_%%'"""
        )
        env["ir.config_parameter"].set_param("report.url", args.url)
        env["ir.config_parameter"].set_param("web.base.url", args.url)
        env.flush_all()
        self.cr.commit()
        log("users created")

        sample = campaign_a.evaluation_ids[:1]
        specs = {
            "evaluation_form": self.form_spec(sample),
            "line_list": self.form_spec(sample.line_ids[:1], view_type="list"),
            "evaluation_list": self.form_spec(sample, view_type="list"),
            "appraisal_form": self.form_spec(
                campaign_b.evaluation_ids.appraisal_ids[:1]
            ),
            "campaign_a": campaign_a.id,
            "campaign_b": campaign_b.id,
        }
        Path(args.specs).write_text(json.dumps(specs, indent=1), encoding="utf-8")


def main():
    args = parse_args()
    registry, log = start_odoo(args)
    with registry.cursor() as cr:
        env = bench_env(cr)
        LoadSetup(env, argparse.Namespace()).build(args, log)
    log(f"specifications written to {args.specs}")


if __name__ == "__main__":
    sys.exit(main())
