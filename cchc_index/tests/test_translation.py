import polib

from odoo.tests import TransactionCase, tagged
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
