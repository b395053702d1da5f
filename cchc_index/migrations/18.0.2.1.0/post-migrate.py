"""Evidence library: the files already attached to evaluation items are filed
in their unit's library of the campaign and cited by their item, as an upload
from the item is now. The files stay where they are: nothing of the existing
evidence changes, and a file attached to several items of a unit is filed
once and cited by each. Published campaigns are filed too: the superuser
is not locked out, their records stay read-only for everyone else."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
    cr.execute(
        """
        SELECT a.id
          FROM ir_attachment a
          JOIN cchc_evaluation_line l ON l.id = a.res_id
         WHERE a.res_model = 'cchc.evaluation.line' AND a.res_field IS NULL
           AND NOT EXISTS (SELECT 1 FROM cchc_evidence_citation c
                            WHERE c.upload_id = a.id)
      ORDER BY a.id
        """
    )
    attachments = env["ir.attachment"].browse(row[0] for row in cr.fetchall())
    if attachments:
        env["cchc.evidence.document"]._file(attachments)
