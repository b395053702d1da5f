from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class CchcGuardMixin(models.AbstractModel):
    """One guard for every path that changes a Reform Index record.

    The values themselves are checked by ``cchc.input.mixin``. ``create``
    (``copy`` included), ``write`` and ``unlink`` all pass here:

    - fields the model declares read-only (workflow states, results, the keys
      the system sets, stored related keys) are refused unless the system
      itself sets them: in ``create`` (values, ``default_*`` context keys and
      copy defaults alike) as in ``write``;
    - ``_cchc_check_editable`` decides whether the records may change now; by
      default their parent does (``_cchc_parent``). It is asked before a change
      and, when the change moves the record (its parent or its unit), after it
      too, when the record rules are checked again on the new values; a new
      record asks ``_cchc_check_addable`` (by default the same question).

    A write of read-only fields alone by the system is a workflow transition:
    the model's own methods have checked it, so the lock does not apply.
    """

    _name = "cchc.guard.mixin"
    _inherit = ["cchc.input.mixin"]
    _description = "Reform Index Guard"

    # (Many2one to the parent, name of the parent's method that raises when
    # the parent no longer lets its children change), or None.
    _cchc_parent = None
    # Fields that place a record in the record rules' scope: changing them
    # re-checks the rules on the new values.
    _cchc_scope_fields = ("agency_id",)

    def _cchc_check_editable(self, vals=None):
        """Raise unless these records may change now (vals: the write's values,
        None for create and unlink)."""
        if self._cchc_parent:
            fname, method = self._cchc_parent
            getattr(self[fname], method)()

    def _cchc_check_addable(self):
        """Raise unless these new records may be added now: by default, as
        if they changed."""
        self._cchc_check_editable()

    def _cchc_changed(self, vals):
        """Fields of vals whose value differs on at least one of these records:
        reloading data with the values it has (an upgrade) is no change. The
        values are checked first: a NaN cannot be compared."""
        self._cchc_check_input(vals)
        changed = set()
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field is None:
                continue
            if field.type in ("one2many", "many2many"):
                changed.add(fname)
                continue
            new = field.convert_to_record(
                field.convert_to_cache(value, self.browse()), self.browse()
            )
            if any(rec[fname] != new for rec in self):
                changed.add(fname)
        return changed

    def _cchc_check_readonly(self, fnames):
        """Refuse a direct change of fields the model declares read-only."""
        if self.env.su:
            return
        fields = self._fields
        names = sorted(f for f in fnames if f in fields and fields[f].readonly)
        if names:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s change only through the workflow, not "
                    "directly.",
                    fields=", ".join(
                        fields[f]._description_string(self.env) for f in names
                    ),
                    model=self._description,
                )
            )

    def _cchc_lock(self):
        """Take these rows for the rest of the transaction.

        A real update, not SELECT … FOR UPDATE: in Odoo's repeatable-read
        transactions a concurrent request that takes the same rows waits, then
        fails to serialize and is retried by Odoo on the committed state, so
        that two last steps done at the same moment see each other.
        """
        if self:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date WHERE id = ANY(%s)",
                    SQL.identifier(self._table),
                    self.ids,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        defaults = {key[8:] for key in self.env.context if key.startswith("default_")}
        self._cchc_check_readonly(defaults.union(*vals_list))
        records = super().create(vals_list)
        records._cchc_check_addable()
        return records

    def write(self, vals):
        self._cchc_check_readonly(vals)
        fields = self._fields
        if self.env.su and all(fields[f].readonly for f in vals if f in fields):
            return super().write(vals)
        keys = {self._cchc_parent and self._cchc_parent[0], *self._cchc_scope_fields}
        moved = self._cchc_changed({f: vals[f] for f in keys & set(vals)})
        self._cchc_check_editable(vals)
        result = super().write(vals)
        if moved:
            # In their new place, as if created there.
            self.check_access("write")
            self._cchc_check_editable()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._cchc_check_editable()
