import polib

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestTranslation(TransactionCase):
    def test_vietnamese_is_complete(self):
        """Every term the addon shows has a Vietnamese translation in vi.po."""
        reader = TranslationModuleReader(self.env.cr, modules=["cchc_index"])
        terms = {
            source
            for module, _t, _n, _r, source, _v, _c in reader
            if module == "cchc_index"
        }
        self.assertGreater(len(terms), 300)
        po = polib.pofile(file_path("cchc_index/i18n/vi.po"))
        translated = {
            entry.msgid for entry in po if entry.msgstr and not entry.obsolete
        }
        self.assertEqual(sorted(terms - translated), [])

    def test_demo_speaks_vietnamese(self):
        """The demo gives its users Vietnamese and Vietnam's time zone, and
        renames the shipped sets, which were named in the installer's language."""
        admin = self.env.ref("base.user_admin")
        admin.write({"lang": "en_US", "tz": "UTC"})
        shipped = self.env.ref("cchc_index.criteria_set_2018_so")
        shipped.with_context(lang="en_US")._compute_name()
        self.assertEqual(shipped.name, "Criteria set 2018 – Sở, ban, ngành")
        officer = new_test_user(
            self.env,
            login="t_demo_officer",
            groups="base.group_user,cchc_index.group_cchc_officer",
        )
        self.env["cchc.demo"]._use_vietnamese()
        for user in (admin, officer):
            self.assertEqual((user.lang, user.tz), ("vi_VN", "Asia/Ho_Chi_Minh"))
        self.assertEqual(shipped.name, "Bộ chỉ số năm 2018 – Sở, ban, ngành")
