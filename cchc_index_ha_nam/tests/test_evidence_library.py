import base64
import importlib.util

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools.misc import file_path

from .common import CchcCase

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
OTHER_PDF = PDF + b"% another document\n"


class TestEvidenceLibrary(CchcCase):
    """A unit keeps each document once per campaign and cites it from any
    number of its items; the same file in two units is flagged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._open_small_campaign(2038, cls.agency_stp | cls.agency_stttt)
        cls.other = cls.campaign.evaluation_ids - cls.evaluation
        cls.other_lines = {line.code: line for line in cls.other.line_ids}
        cls.other_officer = new_test_user(
            cls.env,
            login="t_officer_stttt",
            groups="base.group_user,cchc_index.group_cchc_officer",
            cchc_agency_id=cls.agency_stttt.id,
        )

    def _upload(self, line, name="12-KH-STP.pdf", raw=PDF, user=None):
        return (
            self.env["ir.attachment"]
            .with_user(user or self.officer)
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(raw),
                    "res_model": line._name,
                    "res_id": line.id,
                }
            )
        )

    def _document(self, raw=OTHER_PDF, user=None, evaluation=None, **vals):
        return (
            self.env["cchc.evidence.document"]
            .with_user(user or self.officer)
            .create(
                {
                    "name": "Quyết định ban hành kế hoạch CCHC",
                    "document_number": "123/QĐ-UBND",
                    "document_date": "2038-03-12",
                    "issuing_body": "UBND tỉnh",
                    "evaluation_id": (evaluation or self.evaluation).id,
                    "upload": base64.b64encode(raw),
                    "upload_name": "qd-123.pdf",
                    **vals,
                }
            )
        )

    def _cite(self, line, document, user=None, section="Điều 3"):
        return (
            self.env["cchc.evidence.citation"]
            .with_user(user or self.officer)
            .create(
                {"line_id": line.id, "document_id": document.id, "section": section}
            )
        )

    def test_upload_from_an_item_files_the_document_once(self):
        first = self._upload(self.lines["1.1"])
        again = self._upload(self.lines["1.2"], name="ke-hoach.pdf")
        document = self.evaluation.document_ids
        self.assertEqual(len(document), 1)
        self.assertEqual(document.name, "12-KH-STP.pdf")
        self.assertEqual(document.checksum, first.checksum)
        self.assertEqual(document.attachment_id.res_model, document._name)
        # One document cited by two items, each from its own upload.
        self.assertEqual(
            document.citation_ids.mapped(lambda c: (c.line_id, c.upload_id)),
            [(self.lines["1.1"], first), (self.lines["1.2"], again)],
        )
        self.assertEqual(self.lines["1.1"].evidence_count, 1)
        self.assertEqual(self.lines["1.2"].evidence_count, 1)
        # Removing an upload removes its citation; the library keeps the document.
        again.unlink()
        self.assertEqual(document.citation_ids.line_id, self.lines["1.1"])
        self.assertTrue(document.exists())

    def test_one_document_cited_by_several_items(self):
        document = self._document()
        self.assertEqual(document.attachment_id.name, "qd-123.pdf")
        for code in ("1.1", "1.2", "2"):
            self._cite(self.lines[code], document, section=f"Mục {code}")
        self.assertEqual(
            document.citation_ids.line_id,
            self.lines["1.1"] | self.lines["1.2"] | self.lines["2"],
        )
        self.assertEqual(self.lines["2"].evidence_count, 1)
        self.assertFalse(self.lines["2"].needs_explanation)
        trail = self.lines["2"].change_ids
        self.assertEqual(
            trail.mapped(lambda c: (c.field_name, c.new_value, c.user_id)),
            [
                (
                    "evidence",
                    "123/QĐ-UBND – Quyết định ban hành kế hoạch CCHC – Mục 2",
                    self.officer,
                )
            ],
        )

    def test_the_unit_deletes_a_document_with_its_file(self):
        document = self._document()
        file = document.attachment_id
        self._cite(self.lines["1.1"], document)
        document.with_user(self.officer).unlink()
        self.assertFalse(document.exists() or file.exists())
        self.assertFalse(self.lines["1.1"].citation_ids)
        self.assertEqual(
            self.lines["1.1"].change_ids.mapped("new_value"),
            [False, "123/QĐ-UBND – Quyết định ban hành kế hoạch CCHC – Điều 3"],
        )

    def test_the_same_file_in_the_own_library_is_refused(self):
        document = self._document()
        with self.assertRaises(ValidationError) as caught:
            self._document(name="Bản sao")
        self.assertIn("already in the library as", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(self.evaluation.document_ids, document)

    def test_the_same_file_cited_by_two_units_is_flagged(self):
        self._upload(self.lines["1.1"])
        self._upload(self.other_lines["1.1"], user=self.other_officer)
        self._upload(self.other_lines["1.2"], raw=OTHER_PDF, user=self.other_officer)
        mine, theirs = self.evaluation.document_ids, self.other.document_ids
        self.assertEqual(mine.shared_agency_ids, self.agency_stttt)
        self.assertEqual(
            theirs.filtered(lambda d: d.shared_agency_ids).shared_agency_ids,
            self.agency_stp,
        )
        self.assertTrue(self.lines["1.1"].citation_ids.is_shared)
        self.assertIn(self.agency_stttt.name, self.lines["1.1"].evidence_warning)
        self.assertFalse(self.other_lines["1.2"].citation_ids.is_shared)
        self.assertFalse(self.other_lines["1.2"].evidence_warning)

    def test_a_program_is_no_library_document(self):
        with self.assertRaises(ValidationError) as caught:
            self._document(raw=b"MZ\x90\x00" + b"\x00" * 64)
        self.assertIn("program or a script", str(caught.exception))
        self.env.invalidate_all()
        self.assertFalse(self.evaluation.document_ids)

    def test_only_the_unit_keeps_and_cites_its_library(self):
        document = self._document()
        with self.assertRaises(AccessError):
            self._document(user=self.other_officer, raw=PDF)
        with self.assertRaises(AccessError):
            self._cite(self.lines["1.1"], document, user=self.other_officer)
        with self.assertRaisesRegex(ValidationError, "its own unit's library"):
            self._cite(self.other_lines["1.1"], document, user=self.other_officer)
        for user in (self.appraiser, self.secretariat):
            with self.assertRaises(AccessError):
                document.with_user(user).write({"document_number": "1/QĐ"})
        # Its file is kept as uploaded.
        with self.assertRaises(AccessError):
            document.attachment_id.with_user(self.officer).write({"name": "x.pdf"})
        with self.assertRaises(AccessError):
            document.attachment_id.with_user(self.officer).unlink()
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.officer).create(
                {
                    "name": "more.pdf",
                    "datas": base64.b64encode(PDF),
                    "res_model": document._name,
                    "res_id": document.id,
                }
            )
        self.assertEqual(document.document_number, "123/QĐ-UBND")

    def test_library_is_locked_after_submission(self):
        document = self._document()
        citation = self._cite(self.lines["1.1"], document)
        self._score_all(self.evaluation.line_ids)
        self._add_participants(self.evaluation)
        self.evaluation.with_user(self.head).action_submit()
        calls = (
            lambda: document.with_user(self.officer).write({"name": "Khác"}),
            lambda: document.with_user(self.officer).unlink(),
            lambda: self._document(raw=PDF),
            lambda: citation.with_user(self.officer).write({"section": "Điều 4"}),
            lambda: citation.with_user(self.officer).unlink(),
            lambda: self._cite(self.lines["1.2"], document),
            lambda: self._upload(self.lines["1.2"]),
        )
        for call in calls:
            with self.assertRaises(UserError) as caught:
                call()
            self.assertIn("is not open", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(document.citation_ids, citation)
        self.assertEqual(citation.section, "Điều 3")

    def test_upgrade_files_the_existing_evidence(self):
        """Files attached to items before the library existed are filed by the
        upgrade to 18.0.2.1.0: once per file, cited by each of their items."""
        uploads = self._upload(self.lines["1.1"]) | self._upload(self.lines["1.2"])
        uploads |= self._upload(self.other_lines["1.1"], user=self.other_officer)
        # As before the upgrade: no library.
        self.env["cchc.evidence.document"].search(
            [("campaign_id", "=", self.campaign.id)]
        ).with_user(SUPERUSER_ID).unlink()
        self.env.invalidate_all()
        self.assertFalse(self.evaluation.document_ids | self.other.document_ids)
        migration = importlib.util.spec_from_file_location(
            "cchc_index_post_migrate_18_0_2_1_0",
            file_path("cchc_index/migrations/18.0.2.1.0/post-migrate.py"),
        )
        module = importlib.util.module_from_spec(migration)
        migration.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        mine = self.evaluation.document_ids
        self.assertEqual(len(mine), 1)
        self.assertEqual(
            mine.citation_ids.mapped(lambda c: (c.line_id, c.upload_id)),
            [(self.lines["1.1"], uploads[0]), (self.lines["1.2"], uploads[1])],
        )
        self.assertEqual(self.other.document_ids.citation_ids.upload_id, uploads[2])
        self.assertEqual(mine.shared_agency_ids, self.agency_stttt)
        # Run again (an upgrade repeated): nothing filed twice.
        module.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(len(self.evaluation.document_ids.citation_ids), 2)
