"""A unit's evidence library: each document kept once per campaign, cited by
any number of its items."""

import base64

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, ValidationError

LINE_MODEL = "cchc.evaluation.line"
DOCUMENT_MODEL = "cchc.evidence.document"


class CchcEvidenceMixin(models.AbstractModel):
    _name = "cchc.evidence.mixin"
    _description = "Evidence Library Record"
    _inherit = ["cchc.guard.mixin"]

    def _cchc_check_system(self):
        """What the system files from an accepted upload is refused once the
        campaign is published; the superuser (set-up, upgrades) is not locked
        out."""
        if self.env.uid != SUPERUSER_ID:
            self.evaluation_id._check_not_published()


class CchcEvidenceDocument(models.Model):
    """A document of a unit's library in one campaign: its file, its number,
    date, issuing body and title."""

    _name = "cchc.evidence.document"
    _description = "Evidence Document"
    _inherit = ["cchc.evidence.mixin"]
    _order = "document_date desc, id desc"
    _cchc_parent = ("evaluation_id", "_check_open")

    name = fields.Char(string="Title", required=True)
    document_number = fields.Char(help="As printed on the document, e.g. 123/QĐ-UBND.")
    document_date = fields.Date()
    issuing_body = fields.Char(help="The authority that issued the document.")
    evaluation_id = fields.Many2one(
        "cchc.evaluation",
        string="Self-assessment",
        required=True,
        ondelete="cascade",
        index=True,
    )
    agency_id = fields.Many2one(
        related="evaluation_id.agency_id", store=True, string="Unit", index=True
    )
    campaign_id = fields.Many2one(related="evaluation_id.campaign_id", store=True)
    company_id = fields.Many2one(
        related="evaluation_id.company_id", store=True, index=True
    )
    # Set by the system from the uploaded file (required: see create).
    attachment_id = fields.Many2one(
        "ir.attachment", string="File", ondelete="restrict", readonly=True, index=True
    )
    datas = fields.Binary(related="attachment_id.datas", string="Download")
    upload = fields.Binary(store=False)
    upload_name = fields.Char(store=False)
    checksum = fields.Char(related="attachment_id.checksum", store=True, index=True)
    citation_ids = fields.One2many(
        "cchc.evidence.citation", "document_id", string="Cited By"
    )
    shared_agency_ids = fields.Many2many(
        "cchc.agency",
        compute="_compute_shared_agency_ids",
        string="Same File Cited By",
        help="Other units whose library holds the very same file: it cannot prove "
        "the work of each of them.",
    )

    _sql_constraints = [
        (
            "file_once",
            "unique(evaluation_id, checksum)",
            "A unit keeps a file once in its library of a campaign.",
        ),
    ]

    @api.depends("checksum", "campaign_id")
    def _compute_shared_agency_ids(self):
        """Units of the same province that cite a document with the same file,
        whatever the user may see of them."""
        others = self.sudo().search(
            [
                ("checksum", "in", [c for c in self.mapped("checksum") if c]),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        for rec in self:
            rec.shared_agency_ids = others.filtered(
                lambda d, r=rec: (
                    d.checksum == r.checksum
                    and d.agency_id != r.agency_id
                    and d.citation_ids
                )
            ).agency_id

    @api.model_create_multi
    def create(self, vals_list):
        """The file given as ``upload`` is checked like any evidence file and
        kept once per library: the same file again is refused (cite the
        document that has it)."""
        uploads = [
            (v.pop("upload", None), v.pop("upload_name", None)) for v in vals_list
        ]
        records = super().create(vals_list)
        for rec, (raw, name) in zip(records, uploads, strict=True):
            if raw:
                rec._store_file(name or rec.name, base64.b64decode(raw))
        if missing := records.filtered(lambda d: not d.attachment_id):
            raise ValidationError(
                self.env._("Upload the file of %(document)s.", document=missing[0].name)
            )
        return records

    def write(self, vals):
        if "evaluation_id" in vals and self._cchc_changed(
            {"evaluation_id": vals["evaluation_id"]}
        ):
            raise ValidationError(
                self.env._("A library document stays in the library it was filed in.")
            )
        if vals.get("upload") or "upload_name" in vals:
            raise ValidationError(
                self.env._(
                    "The file of a library document is not replaced: add the new "
                    "file as a new document."
                )
            )
        vals.pop("upload", None)
        return super().write(vals)

    def unlink(self):
        # Their citations first, so that each item's history shows them go.
        self.citation_ids.unlink()
        return super().unlink()

    def _store_file(self, name, raw):
        """Keep this content as the document's file, once per library: the
        content is checked as evidence, and stored as the system (Odoo's file
        store keeps equal contents once)."""
        self.ensure_one()
        attachment = (
            self.env["ir.attachment"]
            .with_user(SUPERUSER_ID)
            .create(
                {
                    "name": name,
                    "raw": raw,
                    "res_model": DOCUMENT_MODEL,
                    "res_id": self.id,
                }
            )
        )
        same = self.sudo().search(
            [
                ("evaluation_id", "=", self.evaluation_id.id),
                ("checksum", "=", attachment.checksum),
                ("id", "!=", self.id),
            ],
            limit=1,
        )
        if same:
            raise ValidationError(
                self.env._(
                    "%(name)s is already in the library as %(document)s: cite that "
                    "document.",
                    name=name,
                    document=same.name,
                )
            )
        self.sudo().attachment_id = attachment

    def _cchc_check_editable(self, vals=None):
        """The library follows the self-assessment: changed by its unit while
        it is open."""
        if self.env.su:
            self._cchc_check_system()
            return
        self.evaluation_id._check_unit_files()

    @api.model
    def _file(self, attachments):
        """File these uploads of items in their unit's library and cite them:
        a file already in the library is cited from there, not filed twice.
        Run as the system once the upload was accepted."""
        documents = self.sudo()
        lines = self.env[LINE_MODEL].sudo().browse(attachments.mapped("res_id"))
        library = {}
        for document in documents.search(
            [
                ("evaluation_id", "in", lines.evaluation_id.ids),
                ("checksum", "in", attachments.mapped("checksum")),
            ]
        ):
            library.setdefault((document.evaluation_id, document.checksum), document)
        cited = {
            (c.line_id, c.document_id) for d in library.values() for c in d.citation_ids
        }
        line_by_id = {line.id: line for line in lines}
        citations = []
        for attachment in attachments:
            line = line_by_id[attachment.res_id]
            key = (line.evaluation_id, attachment.checksum)
            document = library.get(key)
            if not document:
                document = library[key] = documents.create(
                    {
                        "name": attachment.name,
                        "evaluation_id": line.evaluation_id.id,
                        "upload": attachment.datas,
                        "upload_name": attachment.name,
                    }
                )
            if (line, document) not in cited:
                cited.add((line, document))
                citations.append(
                    {
                        "line_id": line.id,
                        "document_id": document.id,
                        "upload_id": attachment.id,
                    }
                )
        return self.env["cchc.evidence.citation"].sudo().create(citations)


class CchcEvidenceCitation(models.Model):
    """An item citing a document of its unit's library, at a section or page."""

    _name = "cchc.evidence.citation"
    _description = "Evidence Citation"
    _inherit = ["cchc.evidence.mixin"]
    _order = "line_id, id"
    _cchc_scope_fields = ("line_id", "document_id")

    line_id = fields.Many2one(
        LINE_MODEL, string="Item", required=True, ondelete="cascade", index=True
    )
    document_id = fields.Many2one(
        "cchc.evidence.document", required=True, ondelete="cascade", index=True
    )
    section = fields.Char(
        string="Section / Page", help="Where the document proves the item."
    )
    # The item's own upload this citation was filed from: removing the
    # upload removes the citation, the document stays in the library.
    upload_id = fields.Many2one(
        "ir.attachment", ondelete="cascade", readonly=True, index="btree_not_null"
    )
    evaluation_id = fields.Many2one(related="line_id.evaluation_id", store=True)
    agency_id = fields.Many2one(related="line_id.agency_id", store=True, string="Unit")
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    document_number = fields.Char(related="document_id.document_number")
    document_date = fields.Date(related="document_id.document_date")
    shared_agency_ids = fields.Many2many(related="document_id.shared_agency_ids")
    check_flags = fields.Text(related="document_id.check_flags")
    is_shared = fields.Boolean(
        compute="_compute_is_shared",
        string="Same File as Another Unit",
        help="The very same file is cited by another unit.",
    )

    _sql_constraints = [
        (
            "cited_once",
            "unique(line_id, document_id)",
            "An item cites a document once; give all its sections in one citation.",
        ),
    ]

    @api.depends("shared_agency_ids")
    def _compute_is_shared(self):
        for rec in self:
            rec.is_shared = bool(rec.shared_agency_ids)

    @api.constrains("line_id", "document_id")
    def _check_same_unit(self):
        for rec in self.sudo():
            if rec.document_id.evaluation_id != rec.line_id.evaluation_id:
                raise ValidationError(
                    self.env._(
                        "Item %(code)s can only cite the documents of its own unit's "
                        "library in this campaign.",
                        code=rec.line_id.code,
                    )
                )

    @api.depends("document_id.name", "document_id.document_number", "section")
    def _compute_display_name(self):
        for rec in self:
            parts = [rec.document_id.document_number, rec.document_id.name, rec.section]
            rec.display_name = " – ".join(p for p in parts if p)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._trail(added=True)
        return records

    def unlink(self):
        self._trail(added=False)
        return super().unlink()

    def _trail(self, added):
        """Citations chosen on the item are recorded in its history (uploads
        are, as files)."""
        changes = [
            (rec.line_id, "evidence", "", rec.display_name)
            if added
            else (rec.line_id, "evidence", rec.display_name, "")
            for rec in self.sudo().filtered(lambda c: not c.upload_id)
        ]
        if changes:
            self.env["cchc.score.change"]._record(changes, action="evidence")

    def _cchc_check_editable(self, vals=None):
        self._cchc_check_lines(adding=False)

    def _cchc_check_addable(self):
        self._cchc_check_lines(adding=True)

    def _cchc_check_lines(self, adding):
        """Citations follow the item's evidence: by its unit while open, and
        during an explanation round only added, to the items asked about."""
        if self.env.su:
            self._cchc_check_system()
            return
        if not self.env.user.has_group("cchc_index.group_cchc_officer"):
            raise AccessError(
                self.env._("Only the users of a unit cite its evidence documents.")
            )
        self.env[LINE_MODEL]._check_evidence_editable(self.line_id.ids, adding=adding)
