from odoo import models

LINE_MODEL = "cchc.evaluation.line"


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
