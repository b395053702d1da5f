from . import cchc_criteria_import
