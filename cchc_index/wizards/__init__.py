from . import cchc_criteria_import
from . import cchc_evaluation_reset
from . import cchc_explanation_request
from . import cchc_campaign_wizard
