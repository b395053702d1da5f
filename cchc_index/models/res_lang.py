from odoo import api, models

from .ir_actions_report import DOCUMENT_LANG


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _cchc_activate_document_lang(self):
        """The documents are Vietnamese whatever the user's language: the
        language is active, with the translations of the installed modules."""
        if self._lang_get(DOCUMENT_LANG):
            return
        self._activate_lang(DOCUMENT_LANG)
        self.env["ir.module.module"].search(
            [("state", "=", "installed")]
        )._update_translations([DOCUMENT_LANG])
