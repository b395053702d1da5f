from odoo.exceptions import AccessError


def check_readonly_fields(records, vals):
    """Refuse a direct write of fields the model declares read-only.

    Workflow states, results and the links the system sets are read-only in
    the model, which the web client honours but RPC does not: only the model's
    own guarded methods set them, in superuser mode.
    """
    if records.env.su:
        return
    fields = records._fields
    names = sorted(f for f in vals if f in fields and fields[f].readonly)
    if names:
        raise AccessError(
            records.env._(
                "%(fields)s of %(model)s change only through the workflow, not "
                "directly.",
                fields=", ".join(
                    fields[f]._description_string(records.env) for f in names
                ),
                model=records._description,
            )
        )
