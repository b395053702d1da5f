import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader


class TranslationCompleteCase(TransactionCase):
    """Every term a module shows has a Vietnamese translation in its vi.po."""

    def assertTranslated(self, module, at_least):
        reader = TranslationModuleReader(self.env.cr, modules=[module])
        terms = {source for mod, _t, _n, _r, source, _v, _c in reader if mod == module}
        self.assertGreaterEqual(len(terms), at_least)
        po = polib.pofile(file_path(f"{module}/i18n/vi.po"))
        translated = {
            entry.msgid for entry in po if entry.msgstr and not entry.obsolete
        }
        self.assertEqual(sorted(terms - translated), [])


@tagged("post_install", "-at_install")
class TestTranslation(TranslationCompleteCase):
    def test_vietnamese_is_complete(self):
        self.assertTranslated("cchc_index", 300)
