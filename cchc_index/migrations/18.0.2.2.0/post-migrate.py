"""Evaluation lines no longer copy their evaluation's unit and company: the
columns, their index and foreign keys go (the values are the evaluation's)."""


def migrate(cr, version):
    cr.execute(
        """
        ALTER TABLE cchc_evaluation_line
            DROP COLUMN IF EXISTS agency_id,
            DROP COLUMN IF EXISTS company_id
        """
    )
