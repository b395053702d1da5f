"""The province's data leaves the engine for cchc_index_ha_nam.

Databases built before the split hold Hà Nam's units, criteria sets and demo
under ``cchc_index`` xml ids. Their ids move to ``cchc_index_ha_nam`` before the
engine is loaded again, so that its update deletes none of them, and that module
is installed in the same run: it takes its records over instead of creating
them twice. Its demo is not loaded again (``demo`` false): the database keeps
the demo it has.
"""

from odoo.tools import SQL

MOVED = (
    "agency\\_%",
    "crit\\_%",
    "criteria\\_set\\_2018\\_%",
    "demo\\_%",
    "%cchc\\_demo%",
)


def migrate(cr, version):
    cr.execute(
        SQL(
            """UPDATE ir_model_data SET module = 'cchc_index_ha_nam'
                WHERE module = 'cchc_index' AND name LIKE ANY(%s)""",
            list(MOVED),
        )
    )
    if not cr.rowcount:
        return
    cr.execute(
        """UPDATE ir_module_module SET state = 'to install', demo = FALSE
            WHERE name = 'cchc_index_ha_nam' AND state = 'uninstalled'"""
    )
