"""Files attached to the records of the Reform Index: what they may contain,
and who may add, change or delete them, whatever the path (create, write,
copy, unlink, chatter)."""

import base64
import io
import mimetypes
import os
import re
import zipfile
import zlib

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from .cchc_input_mixin import format_number

CCHC_PREFIX = "cchc."
LINE_MODEL = "cchc.evaluation.line"
EVALUATION_MODEL = "cchc.evaluation"
DOCUMENT_MODEL = "cchc.evidence.document"
MAX_NAME_LENGTH = 255
DEFAULT_MAX_SIZE_MB = 20.0
DEFAULT_EXTENSIONS = (
    "pdf,png,jpg,jpeg,gif,webp,tif,tiff,doc,docx,xls,xlsx,ppt,pptx,odt,ods,odp,txt,csv"
)
# Where Odoo keeps the content: computed from the uploaded file, never written.
STORAGE_FIELDS = {
    "db_datas",
    "store_fname",
    "file_size",
    "checksum",
    "index_content",
    "res_field",
}
# What the content checks depend on.
CONTENT_FIELDS = {"name", "datas", "raw", "mimetype", "res_model", "res_id"}
# Written by Odoo when it shares a file it shows; changes nothing of the file.
UNLOCKED_FIELDS = {"access_token"}
# Old Office files, as python-magic names them before Odoo tells them apart.
OLE_TYPES = ("application/x-ole-storage", "application/CDFV2")
# What the content of a file of each extension must be, as sniffed.
CONTENT_TYPES = {
    "pdf": ("application/pdf",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "gif": ("image/gif",),
    "webp": ("image/webp",),
    "tif": ("image/tiff",),
    "tiff": ("image/tiff",),
    "doc": ("application/msword", *OLE_TYPES),
    "xls": ("application/vnd.ms-excel", *OLE_TYPES),
    "ppt": ("application/vnd.ms-powerpoint", *OLE_TYPES),
    "txt": ("text/plain",),
    "csv": ("text/plain", "text/csv"),
}
# Zip-based documents: their type, and the folder that marks an OOXML one
# (OpenDocument files name their type in their "mimetype" member).
ZIP_DOCUMENTS = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "word/",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xl/",
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ppt/",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", None),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", None),
    "odp": ("application/vnd.oasis.opendocument.presentation", None),
}
ZIP_SIGNATURE = b"PK\x03\x04"
# First bytes of programs and scripts: Windows PE, ELF, Mach-O, shebang scripts.
PROGRAM_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"#!",
)
# Members of an archive that Windows or a desktop would run.
PROGRAM_EXTENSIONS = {
    "bat",
    "cmd",
    "com",
    "cpl",
    "dll",
    "exe",
    "hta",
    "jar",
    "js",
    "jse",
    "lnk",
    "msi",
    "pif",
    "ps1",
    "py",
    "reg",
    "scr",
    "sh",
    "vbe",
    "vbs",
    "wsf",
    "wsh",
}
# Content types that run code in a browser or on a desktop (sniffed).
REFUSED_MIMETYPES = {
    "application/javascript",
    "application/java-archive",
    "application/x-dosexec",
    "application/x-elf",
    "application/x-executable",
    "application/x-mach-binary",
    "application/x-msdownload",
    "application/x-msi",
    "application/x-sharedlib",
    "application/x-sh",
    "application/xhtml+xml",
    "application/xml",
    "image/svg+xml",
    "text/html",
    "text/javascript",
    "text/x-msdos-batch",
    "text/x-perl",
    "text/x-php",
    "text/x-python",
    "text/x-script.python",
    "text/x-shellscript",
    "text/xml",
}
# Markup and code in what python-magic takes for plain text (it misses
# scripts without "#!" and markup after a byte-order mark).
CODE_PATTERN = re.compile(
    rb"(?i:<\s*(?:script|html|head|body|svg|iframe|object|embed|meta|\?xml|!doctype)\b)"
    rb"|^\s*import\s+[\w.]+\s*$|^\s*from\s+[\w.]+\s+import\s+\w|^\s*def\s+\w+\s*\("
    rb"|^\s*(?:var|let|const)\s+[\w$]+\s*=|\bfunction\s*[\w$]*\s*\([^)]*\)\s*\{"
    rb"|\b(?:eval|exec|require|alert|fetch|__import__)\s*\(|=>\s*\{"
    rb"|\b(?:document|window)\.(?:cookie|location|write|body|createElement)\b"
    rb"|^\s*(?:sudo|wget|curl|chmod|chown|rm|nc|bash|sh|cd|export)\s+\S"
    rb"|^\s*if\s+\[|^\s*(?:fi|esac)\s*$"
    rb"|(?i:^\s*@echo\s+off|\bcreateobject\s*\(|\bwscript\.|\binvoke-\w+)",
    re.MULTILINE,
)


def is_cchc(model):
    return bool(model) and model.startswith(CCHC_PREFIX)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # ------------------------------------------------------------ content ---

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
    def _check_evidence_name(self, name):
        if len(name) > MAX_NAME_LENGTH or any(ord(c) < 32 for c in name):
            raise ValidationError(
                self.env._(
                    "The name of an evidence file may have at most %(max)s characters, "
                    "and no line breaks or control characters.",
                    max=MAX_NAME_LENGTH,
                )
            )

    @api.model
    def _check_evidence_file(self, name, raw):
        """The content type to store for this file; raise unless it may be
        evidence: an allowed extension, the size limit, and content that is
        what the extension says and runs nothing."""
        self._check_evidence_name(name)
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
        if len(raw) > max_size:
            raise ValidationError(
                self.env._(
                    "%(name)s is %(size)s MB: evidence files may be at most "
                    "%(max)s MB.",
                    name=name,
                    size=format_number(self.env, round(len(raw) / 1024 / 1024, 3)),
                    max=format_number(self.env, round(max_size / 1024 / 1024, 3)),
                )
            )
        sniffed = guess_mimetype(raw, default="application/octet-stream")
        if (
            raw.startswith(PROGRAM_SIGNATURES)
            or sniffed in REFUSED_MIMETYPES
            or (sniffed.startswith("text/") and CODE_PATTERN.search(raw))
        ):
            raise ValidationError(
                self.env._(
                    "%(name)s is a program or a script, whatever its name says: it "
                    "cannot be attached as evidence.",
                    name=name,
                )
            )
        if extension in ZIP_DOCUMENTS or raw.startswith(ZIP_SIGNATURE):
            self._check_evidence_zip(name, raw, extension)
        if extension in ZIP_DOCUMENTS:
            return ZIP_DOCUMENTS[extension][0]
        expected = CONTENT_TYPES.get(extension) or (
            mimetypes.guess_type(f"file.{extension}")[0],
        )
        if sniffed not in expected:
            raise ValidationError(
                self.env._(
                    "%(name)s cannot be attached as evidence: its content "
                    "(%(mimetype)s) is not that of a .%(extension)s file.",
                    name=name,
                    mimetype=sniffed,
                    extension=extension,
                )
            )
        return sniffed

    @api.model
    def _check_evidence_zip(self, name, raw, extension):
        """A zip-based file must be a readable archive that runs nothing and,
        for an office document, be the document its extension names."""
        mimetype, folder = ZIP_DOCUMENTS.get(extension, (None, None))
        # Office documents start as zips (a program or page may end with one).
        valid = not mimetype or raw.startswith(ZIP_SIGNATURE)
        program = None
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                names = {m.filename for m in members}
                if folder:
                    valid &= "[Content_Types].xml" in names and any(
                        n.startswith(folder) for n in names
                    )
                elif mimetype:
                    valid &= (
                        "mimetype" in names
                        and archive.read("mimetype").strip() == mimetype.encode()
                    )
                for member in members:
                    member_extension = member.filename.rpartition(".")[2].lower()
                    if member_extension in PROGRAM_EXTENSIONS or archive.open(
                        member
                    ).read(4).startswith(PROGRAM_SIGNATURES):
                        program = member.filename
                        break
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            RuntimeError,  # encrypted member
            NotImplementedError,  # unknown compression
            ValueError,
        ):
            valid = False
        if program:
            raise ValidationError(
                self.env._(
                    "%(name)s contains a program (%(member)s): it cannot be attached "
                    "as evidence.",
                    name=name,
                    member=program,
                )
            )
        if not valid:
            raise ValidationError(
                self.env._(
                    "%(name)s cannot be attached as evidence: it is not a readable "
                    ".%(extension)s document.",
                    name=name,
                    extension=extension,
                )
            )

    def _check_evidence_mimetype(self, name, declared, mimetype):
        """A declared content type must be the sniffed one."""
        if declared and declared.lower() != mimetype:
            raise ValidationError(
                self.env._(
                    "%(name)s is %(mimetype)s: it cannot be declared as %(declared)s.",
                    name=name,
                    mimetype=mimetype,
                    declared=declared,
                )
            )

    @api.model
    def _check_evidence_fields(self, vals, creating):
        """Files of the Reform Index are uploaded, stored and private."""
        if vals.get("type", "binary") != "binary" or vals.get("url"):
            raise ValidationError(
                self.env._("Files of the Reform Index must be uploaded, not linked.")
            )
        if vals.get("public"):
            raise ValidationError(
                self.env._(
                    "Files of the Reform Index cannot be public: only the users who "
                    "may see their record can download them."
                )
            )
        storage = STORAGE_FIELDS & set(vals)
        if creating:
            # A copy carries them along with its content, which replaces them.
            storage = (
                {f for f in storage if vals[f]} if self._raw_of(vals) is None else ()
            )
        if storage and not self._cchc_trusted():
            raise AccessError(
                self.env._(
                    "How a file is stored (%(fields)s) is not written directly: "
                    "upload the file instead.",
                    fields=", ".join(sorted(storage)),
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

    # -------------------------------------------------------------- locks ---

    def _cchc_trusted(self):
        """The system itself (set-up, demo, tests) is not locked out."""
        return self.env.su and self.env.uid == SUPERUSER_ID

    @api.model
    def _cchc_target(self, model, res_id):
        if model not in self.env or not res_id:
            return None
        return self.env[model].sudo().browse(res_id).exists() or None

    @api.model
    def _check_cchc_target(self, model, res_id, operation, name=""):
        """Raise unless the acting user may add, change or remove
        (`operation`) a file on this record. Chatter uploads run as superuser
        on behalf of the user: the user's own rights are checked."""
        record = self._cchc_target(model, res_id)
        if not record:
            if operation == "add":
                raise ValidationError(
                    self.env._(
                        "Files of the Reform Index must be attached to an existing "
                        "record."
                    )
                )
            raise AccessError(
                self.env._(
                    "%(name)s is not attached to an existing record: only the user "
                    "who attached it or a Reform Index administrator can delete it.",
                    name=name,
                )
            )
        record = record.with_user(self.env.uid)
        record.check_access("write")
        if model == LINE_MODEL:
            record._check_evidence_editable(record.ids, adding=operation == "add")
        elif model == EVALUATION_MODEL:
            record._check_unit_files()
        elif model == DOCUMENT_MODEL:
            raise AccessError(
                self.env._(
                    "The file of a library document is uploaded with the document "
                    "and then kept as it is."
                )
            )

    def _cchc_may_clean(self):
        """Whether the acting user may delete this file as misplaced: attached
        to no record (by its creator or an administrator), or to a unit's
        record by someone outside that unit, which only a hole allowed (by an
        administrator). Called in sudo mode: env.user is the acting user."""
        self.ensure_one()
        user = self.env.user
        admin = user._is_system() or user.has_group("cchc_index.group_cchc_manager")
        record = self._cchc_target(self.res_model, self.res_id)
        if not record:
            # A library document's file, which Odoo removes with its document.
            return admin or self.create_uid == user or self.res_model == DOCUMENT_MODEL
        creator = self.create_uid
        return (
            admin
            and self.res_model in (LINE_MODEL, EVALUATION_MODEL)
            and bool(creator)
            and not (
                creator._is_superuser()
                or creator._is_system()
                or creator.cchc_agency_id == record.agency_id
            )
        )

    def _cchc_guarded(self, res_model, res_field):
        """Files of CCHC records, except the values of binary fields, which
        the ORM alone writes (in sudo mode)."""
        return is_cchc(res_model) and not (self.env.su and res_field)

    # ---------------------------------------------------------------- CRUD ---

    def _cchc_create_vals(self, vals):
        """Values of a new CCHC file, context defaults included, checked; its
        content type is the sniffed one."""
        defaults = {
            key[8:]: value
            for key, value in self.env.context.items()
            if key.startswith("default_") and key[8:] in self._fields
        }
        vals = {**defaults, **vals}
        if not self._cchc_trusted():
            # Access first: who may not attach learns nothing about the file.
            self._check_cchc_target(vals["res_model"], vals.get("res_id"), "add")
        self._check_evidence_fields(vals, creating=True)
        if self._raw_of(vals) is not None:
            vals = {k: v for k, v in vals.items() if k not in STORAGE_FIELDS}
        name = vals.get("name") or ""
        mimetype = self._check_evidence_file(name, self._raw_of(vals) or b"")
        self._check_evidence_mimetype(name, vals.get("mimetype"), mimetype)
        return {**vals, "mimetype": mimetype}

    @api.model_create_multi
    def create(self, vals_list):
        default_model = self.env.context.get("default_res_model")
        vals_list = [
            self._cchc_create_vals(vals)
            if self._cchc_guarded(
                vals.get("res_model", default_model), vals.get("res_field")
            )
            else vals
            for vals in vals_list
        ]
        records = super().create(vals_list)
        records._cchc_trail_evidence({})
        uploads = records._cchc_evidence_places()
        if uploads:
            self.env["cchc.evidence.document"]._file(self.browse(uploads).sudo())
        return records

    def _cchc_evidence_places(self):
        """{file id: (line, name)} of these files that are evidence of an item."""
        files = self.sudo().filtered(
            lambda a: a.res_model == LINE_MODEL and a.res_id and not a.res_field
        )
        lines = self.env[LINE_MODEL].sudo().browse(set(files.mapped("res_id")))
        existing = set(lines.exists().ids)
        return {
            rec.id: (lines.browse(rec.res_id), rec.name)
            for rec in files
            if rec.res_id in existing
        }

    def _cchc_trail_evidence(self, before):
        """Record in the items' history the evidence files added, renamed,
        moved or removed since ``before`` (``_cchc_evidence_places``)."""
        after = self.exists()._cchc_evidence_places()
        changes = []
        for file_id in before.keys() | after.keys():
            (old_line, old_name), (new_line, new_name) = (
                places.get(file_id, (None, "")) for places in (before, after)
            )
            if old_line == new_line:
                changes.append((new_line, "evidence", old_name, new_name))
                continue
            if old_line and old_line.exists():
                changes.append((old_line, "evidence", old_name, ""))
            if new_line:
                changes.append((new_line, "evidence", "", new_name))
        if changes:
            self.env["cchc.score.change"]._record(changes, action="evidence")

    def write(self, vals):
        files = self.sudo().filtered(
            lambda a: (
                self._cchc_guarded(a.res_model, a.res_field)
                or self._cchc_guarded(vals.get("res_model"), a.res_field)
            )
        )
        if files:
            vals = files.with_env(self.env)._cchc_write_vals(vals)
        moves = {"name", "res_model", "res_id", "res_field"} & set(vals)
        before = moves and self._cchc_evidence_places()
        result = super().write(vals)
        if moves:
            self._cchc_trail_evidence(before)
        return result

    def _cchc_write_vals(self, vals):
        """Check a change of CCHC files: the record each leaves (before) and
        the one it goes to (after), the fields, the content."""
        self._check_evidence_fields(vals, creating=False)
        if "name" in vals:
            self._check_evidence_name(vals["name"] or "")
        locked = not self._cchc_trusted() and not set(vals) <= UNLOCKED_FIELDS
        raw = self._raw_of(vals)
        # Odoo rewrites the same content when the file storage moves: no change.
        rewrite = raw is not None and set(vals) <= {"raw", "datas", "mimetype"}
        mimetype = None
        for rec in self.sudo():
            before = (rec.res_model, rec.res_id)
            after = (
                vals.get("res_model", rec.res_model),
                vals.get("res_id", rec.res_id),
            )
            same_type = vals.get("mimetype", rec.mimetype) == rec.mimetype
            if rewrite and same_type and raw == rec.raw:
                continue
            if locked and is_cchc(before[0]):
                operation = "change" if after == before else "remove"
                self._check_cchc_target(*before, operation, name=rec.name)
            if locked and after != before and is_cchc(after[0]):
                self._check_cchc_target(*after, "add")
            if is_cchc(after[0]) and CONTENT_FIELDS & set(vals):
                name = vals.get("name", rec.name) or ""
                mimetype = self._check_evidence_file(
                    name, (rec.raw or b"") if raw is None else raw
                )
                declared = vals.get("mimetype", rec.mimetype if raw is None else None)
                self._check_evidence_mimetype(name, declared, mimetype)
        if raw is not None and mimetype:
            vals = {**vals, "mimetype": mimetype}
        return vals

    def unlink(self):
        cleanable = self.browse()
        if not self._cchc_trusted():
            for rec in self.sudo().filtered(
                lambda a: self._cchc_guarded(a.res_model, a.res_field)
            ):
                if rec._cchc_may_clean():
                    cleanable |= rec
                else:
                    self._check_cchc_target(
                        rec.res_model, rec.res_id, "remove", name=rec.name
                    )
        before = self._cchc_evidence_places()
        if cleanable:
            # Odoo's own check would ask for write access to the record the
            # file wrongly points to (or to have created it).
            super(IrAttachment, cleanable.sudo()).unlink()
        result = super(IrAttachment, self - cleanable).unlink()
        if before:
            self._cchc_trail_evidence(before)
        return result
