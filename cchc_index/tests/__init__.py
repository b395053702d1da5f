from . import test_access
from . import test_campaign
from . import test_criteria_copy
from . import test_criteria_rules
from . import test_criteria_xlsx
from . import test_evaluation_access
from . import test_self_assessment
from . import test_shipped_sets
