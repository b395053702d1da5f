from . import cchc_unit_type
from . import cchc_agency
from . import res_users
from . import cchc_criteria_set
from . import cchc_criterion
from . import cchc_criterion_level
