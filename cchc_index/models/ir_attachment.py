import base64
import os

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools.mimetypes import guess_mimetype

LINE_MODEL = "cchc.evaluation.line"
DEFAULT_MAX_SIZE_MB = 20.0
DEFAULT_EXTENSIONS = (
    "pdf,png,jpg,jpeg,gif,webp,tif,tiff,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp,txt,csv"
)
# First bytes of programs and scripts: Windows PE, ELF, Mach-O, shebang scripts.
PROGRAM_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"#!",
)
# Content types that run code in a browser or on a desktop (sniffed, not declared).
REFUSED_MIMETYPES = {
    "application/javascript",
    "application/x-dosexec",
    "application/x-elf",
    "application/x-executable",
    "application/x-mach-binary",
    "application/x-msdownload",
    "application/x-sharedlib",
    "application/x-sh",
    "application/xhtml+xml",
    "application/xml",
    "image/svg+xml",
    "text/html",
    "text/javascript",
    "text/x-python",
    "text/x-shellscript",
    "text/xml",
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def check(self, mode, values=None):
        """Evidence of a submitted evaluation line can no longer change."""
        result = super().check(mode, values)
        if mode in ("create", "write", "unlink") and not self.env.su:
            line_ids = {a.res_id for a in self.sudo() if a.res_model == LINE_MODEL}
            if (
                values
                and values.get("res_model") == LINE_MODEL
                and values.get("res_id")
            ):
                line_ids.add(values["res_id"])
            if line_ids:
                self.env[LINE_MODEL]._check_evidence_editable(list(line_ids))
        return result

    @api.model
    def _evidence_limits(self):
        """(maximum size in bytes, allowed extensions), from the system parameters."""
        params = self.env["ir.config_parameter"].sudo()
        try:
            max_mb = float(params.get_param("cchc_index.evidence_max_size_mb"))
        except (TypeError, ValueError):
            max_mb = DEFAULT_MAX_SIZE_MB
        extensions = params.get_param(
            "cchc_index.evidence_allowed_extensions", DEFAULT_EXTENSIONS
        )
        allowed = {e.strip().lower().lstrip(".") for e in extensions.split(",")}
        return max_mb * 1024 * 1024, allowed - {""}

    @api.model
    def _check_evidence_file(self, name, raw):
        """Refuse evidence that is too large, of a refused type, or a program."""
        max_size, allowed = self._evidence_limits()
        extension = os.path.splitext(name)[1].lower().lstrip(".")
        if extension not in allowed:
            raise ValidationError(
                self.env._(
                    "%(name)s cannot be attached as evidence: allowed file types are "
                    "%(allowed)s.",
                    name=name,
                    allowed=", ".join(sorted(allowed)),
                )
            )
        if raw is None:
            return
        if len(raw) > max_size:
            raise ValidationError(
                self.env._(
                    "%(name)s is %(size)s MB: evidence files may be at most "
                    "%(max)s MB.",
                    name=name,
                    size=round(len(raw) / 1024 / 1024, 3),
                    max=round(max_size / 1024 / 1024, 3),
                )
            )
        mimetype = guess_mimetype(raw, default="application/octet-stream")
        if raw.startswith(PROGRAM_SIGNATURES) or mimetype in REFUSED_MIMETYPES:
            raise ValidationError(
                self.env._(
                    "%(name)s is a program or a script, whatever its name says: it "
                    "cannot be attached as evidence.",
                    name=name,
                )
            )

    @staticmethod
    def _raw_of(vals):
        if vals.get("raw") is not None:
            raw = vals["raw"]
            return raw.encode() if isinstance(raw, str) else raw
        if "datas" in vals:
            return base64.b64decode(vals["datas"] or b"")
        return None

    @api.model_create_multi
    def create(self, vals_list):
        default_model = self.env.context.get("default_res_model")
        for vals in vals_list:
            # Evidence added on the line's form gets its model from the context.
            if vals.get("res_model", default_model) == LINE_MODEL:
                # Access first: who may not attach learns nothing about the file.
                self.browse().check(
                    "create", {"res_model": LINE_MODEL, "res_id": vals.get("res_id")}
                )
                self._check_evidence_file(vals.get("name") or "", self._raw_of(vals))
        return super().create(vals_list)

    def write(self, vals):
        if {"name", "datas", "raw", "res_model"} & set(vals):
            self.check("write", values=vals)
            for rec in self:
                if vals.get("res_model", rec.res_model) == LINE_MODEL:
                    raw = self._raw_of(vals)
                    self._check_evidence_file(
                        vals.get("name", rec.name) or "",
                        rec.raw if raw is None and "res_model" in vals else raw,
                    )
        return super().write(vals)
