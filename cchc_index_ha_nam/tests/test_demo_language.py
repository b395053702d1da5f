from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.cchc_index.tests.test_translation import TranslationCompleteCase


@tagged("post_install", "-at_install")
class TestDemoLanguage(TransactionCase):
    def test_demo_speaks_vietnamese(self):
        """The demo gives its users Vietnamese and Vietnam's time zone, and
        renames the shipped sets, which were named in the installer's language."""
        admin = self.env.ref("base.user_admin")
        admin.write({"lang": "en_US", "tz": "UTC"})
        shipped = self.env.ref("cchc_index_ha_nam.criteria_set_2018_so")
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


@tagged("post_install", "-at_install")
class TestTranslation(TranslationCompleteCase):
    def test_vietnamese_is_complete(self):
        self.assertTranslated("cchc_index_ha_nam", 1)
