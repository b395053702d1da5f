from contextlib import suppress

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.web.controllers.binary import Binary

from ..models.ir_attachment import is_cchc


class CchcBinary(Binary):
    @http.route()
    def upload_attachment(self, model, id, ufile, callback=None):
        """Check the target of a Reform Index file before Odoo's upload does.

        The check locks the unit's evaluation (``_check_open``), which a
        colleague scoring an item of the same unit updates at the same moment.
        Odoo retries a request that fails to serialize, but the upload route
        turns every error of its ``create`` into "Something horrible
        happened": taken here, outside that catch-all, the lock's
        serialization failure reaches Odoo's retry instead. Any other refusal
        is left to the upload itself, which reports it as before; once taken,
        the lock holds until the transaction ends, so the check repeated
        there cannot fail to serialize again.
        """
        if is_cchc(model) and str(id).isdigit():
            # A refusal is the upload's to report, in its own words.
            with (
                suppress(AccessError, MissingError, UserError, ValidationError),
                request.env.cr.savepoint(),
            ):
                request.env["ir.attachment"]._check_cchc_target(model, int(id), "add")
        return super().upload_attachment(model, id, ufile, callback=callback)
