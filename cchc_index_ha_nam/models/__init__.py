from . import cchc_demo
from . import cchc_demo_survey
