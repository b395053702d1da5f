import base64
import io
import math
import zipfile

from odoo import Command
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.cchc_index.models.cchc_input_mixin import format_number

from .common import CchcCase

PDF = b"%PDF-1.4\n%%EOF\n"


class TestSecurityGuards(CchcCase):
    """Workflow fields, who writes self scores, numbers and evidence files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_open_evaluation()
        lines = cls.evaluation.line_ids
        cls.free_line = lines.filtered(lambda x: x.scoring_method == "free")[:1]
        cls.band_line = lines.filtered(lambda x: x.scoring_method == "bands")[:1]

    def _attach(self, name, raw, user=None):
        return (
            self.env["ir.attachment"]
            .with_user(user or self.officer)
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(raw),
                    "res_model": "cchc.evaluation.line",
                    "res_id": self.free_line.id,
                }
            )
        )

    def test_workflow_fields_only_through_actions(self):
        attempts = [
            (self.evaluation.with_user(self.head), {"state": "published"}),
            (self.evaluation.with_user(self.head), {"appraised_index": 100}),
            (self.evaluation.with_user(self.head), {"self_total": 100}),
            (self.evaluation.with_user(self.secretariat), {"rank": 1}),
            (self.free_line.with_user(self.officer), {"self_points": 9}),
            (self.free_line.with_user(self.officer), {"is_appraised": True}),
            (self.campaign.with_user(self.secretariat), {"state": "published"}),
            (
                self.campaign.with_user(self.manager),
                {"approved_by_id": self.manager.id},
            ),
        ]
        for records, vals in attempts:
            with self.assertRaises(AccessError) as cm:
                records.write(vals)
            self.assertIn("only through the workflow", str(cm.exception))
        self.assertEqual(self.evaluation.state, "draft")
        self.assertEqual(self.campaign.state, "self_assessment")
        self.assertFalse(self.evaluation.appraised_index)

    def test_only_the_unit_scores_its_items(self):
        for user in (self.secretariat, self.manager):
            with self.assertRaises(AccessError) as cm:
                self.free_line.with_user(user).write({"free_points": 1})
            self.assertIn("Only the users of", str(cm.exception))
            with self.assertRaises(AccessError):
                self._attach("x.pdf", PDF, user)
        self.free_line.with_user(self.officer).free_points = 1
        self.assertEqual(self.free_line.self_points, 1)

    def test_numbers(self):
        line = self.free_line.with_user(self.officer)
        for value, message in [
            (math.nan, "not a number"),
            (math.inf, "not a number"),
            ("2", "not a number"),
            (True, "not a number"),
            (1e9, "too large"),
            (0.125, "more than 2 decimals"),
        ]:
            with self.assertRaises(ValidationError) as cm:
                line.write({"free_points": value})
            self.assertIn(message, str(cm.exception))
        with self.assertRaises(ValidationError) as cm:
            self.band_line.with_user(self.officer).write(
                {"figure_done": 3, "figure_total": 0}
            )
        self.assertIn("more than 0", str(cm.exception))
        line.write({"free_points": 0.25})
        self.assertEqual(line.self_points, 0.25)
        line.write({"free_points": False})
        self.assertEqual(line.self_points, 0)

    def test_numbers_in_messages_are_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        vi_env = self.env(context=dict(self.env.context, lang="vi_VN"))
        self.assertEqual(format_number(vi_env, 1234.5), "1.234,5")
        self.assertEqual(format_number(vi_env, 80.0), "80")
        self.assertEqual(format_number(self.env, 0.125), "0.125")
        line = self.free_line.with_user(self.officer).with_context(lang="vi_VN")
        too_much = line.max_points + 0.5
        with self.assertRaises(ValidationError) as cm:
            line.write({"free_points": too_much})
        self.assertIn(f"{too_much:g}".replace(".", ","), str(cm.exception))

    def test_evidence_types(self):
        for name, raw in [
            ("setup.exe", b"MZ\x90\x00"),
            ("run.sh", b"echo"),
            ("decision.pdf", b"MZ\x90\x00"),
            ("notes.txt", b"#!/bin/sh\n"),
            ("page.txt", b"<html><script>alert(1)</script></html>"),
            ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
            ("decision", PDF),
        ]:
            with self.assertRaises(ValidationError, msg=name) as cm:
                self._attach(name, raw)
            self.assertIn(name, str(cm.exception))
        evidence = self._attach("Decision.PDF", PDF)
        self.assertEqual(self.free_line.evidence_ids, evidence)
        with self.assertRaises(ValidationError):
            evidence.with_user(self.officer).name = "decision.exe"
        with self.assertRaises(ValidationError):
            evidence.with_user(self.officer).datas = base64.b64encode(b"\x7fELF")
        # Through the line's form too, where the model comes from the context.
        with self.assertRaises(ValidationError) as cm:
            self.free_line.with_user(self.officer).evidence_ids = [
                Command.create({"name": "tool.exe", "datas": base64.b64encode(b"MZ")})
            ]
        self.assertIn("tool.exe", str(cm.exception))
        self.assertEqual(self.free_line.evidence_ids, evidence)

    def test_evidence_limits_are_parameters(self):
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("cchc_index.evidence_max_size_mb"), "20")
        params.set_param("cchc_index.evidence_max_size_mb", "0.001")
        with self.assertRaises(ValidationError) as cm:
            self._attach("big.pdf", PDF + b"0" * 2000)
        self.assertIn("at most 0.001 MB", str(cm.exception))
        params.set_param("cchc_index.evidence_allowed_extensions", "pdf, ZIP")
        with io.BytesIO() as bundle:
            with zipfile.ZipFile(bundle, "w") as archive:
                archive.writestr("decision.pdf", PDF)
            self._attach("bundle.zip", bundle.getvalue())
        with self.assertRaises(ValidationError) as cm:
            self._attach("photo.png", b"\x89PNG\r\n\x1a\n")
        self.assertIn("pdf, zip", str(cm.exception))
