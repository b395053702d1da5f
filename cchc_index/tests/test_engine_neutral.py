from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestEngineNeutral(TransactionCase):
    """The engine names no province: its units, sets and texts are a province's data."""

    def test_no_province_data(self):
        """Units and criteria sets come only from other modules (or users)."""
        shipped = self.env["ir.model.data"].search_count(
            [
                ("module", "=", "cchc_index"),
                (
                    "model",
                    "in",
                    [
                        "cchc.agency",
                        "cchc.criteria.set",
                        "cchc.criterion",
                        "cchc.criterion.level",
                        "cchc.campaign",
                    ],
                ),
            ]
        )
        self.assertEqual(shipped, 0)
        unit_types = self.env["ir.model.data"].search(
            [("module", "=", "cchc_index"), ("model", "=", "cchc.unit.type")]
        )
        self.assertEqual(
            sorted(unit_types.mapped("name")),
            ["unit_type_huyen", "unit_type_so", "unit_type_xa"],
        )

    @staticmethod
    def _dates(year):
        return {
            "year": year,
            "date_self_open": f"{year}-10-01",
            "date_self_close": f"{year}-11-10",
        }

    def test_new_province_defaults(self):
        """A new province's campaign prints its own texts, the engine's neutral
        ones until it sets them, and never another province's."""
        company = self.env["res.company"].create({"name": "Tỉnh Mới"})
        Campaign = self.env["cchc.campaign"].with_company(company)
        campaign = Campaign.create(self._dates(2026))
        texts = [
            campaign.province_name or "",
            campaign.legal_bases,
            campaign.recipients,
            campaign.signer_title,
            campaign.signer_authority,
        ]
        self.assertFalse(campaign.province_name)
        self.assertIn("Nghị quyết số 76/NQ-CP", campaign.legal_bases)
        self.assertEqual(campaign.signer_authority, "KT. CHỦ TỊCH")
        self.assertFalse([t for t in texts if "Hà Nam" in t])
        self.assertEqual(campaign.company_id, company)
        company.write(
            {
                "cchc_province_name": "Ninh Bình",
                "cchc_signer_name": "Phạm Quang Ngọc",
                "cchc_legal_bases": "Căn cứ Quyết định số 1/QĐ-UBND;",
            }
        )
        campaign = Campaign.create(self._dates(2027))
        self.assertEqual(
            (campaign.province_name, campaign.signer_name, campaign.legal_bases),
            ("Ninh Bình", "Phạm Quang Ngọc", "Căn cứ Quyết định số 1/QĐ-UBND;"),
        )
        campaign.province_name = "Ninh Bình (mới)"
        self.assertEqual(campaign.province_name, "Ninh Bình (mới)")
