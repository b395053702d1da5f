{
    "name": "Administrative Reform Index — Hà Nam",
    "summary": "Hà Nam's units, its 2018 criteria sets and decision texts for the "
    "Administrative Reform Index, with the living 2018–2020 demo",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/cchc-index/cchc_index",
    "author": "cchc_index developers",
    "maintainers": ["cchc-index"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "depends": ["cchc_index"],
    "data": [
        "data/res_company_data.xml",
        "data/cchc_agency_data.xml",
        "data/cchc_criteria_set_data.xml",
        "data/cchc.criterion.csv",
        "data/cchc.criterion.level.csv",
        "data/cchc_criteria_set_activate.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/cchc_demo_users.xml",
        "demo/cchc_campaign_demo.xml",
        "demo/cchc_improvement_demo.xml",
    ],
    "assets": {"web.assets_tests": ["cchc_index_ha_nam/static/tests/tours/*.js"]},
}
