"""Evaluation lines no longer copy their item's appraising agency: the column,
its index and foreign key go (the value is the item's)."""


def migrate(cr, version):
    cr.execute(
        "ALTER TABLE cchc_evaluation_line DROP COLUMN IF EXISTS assigned_agency_id"
    )
