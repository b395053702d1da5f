from . import cchc_xlsx_report
from . import cchc_criteria_set_xlsx
from . import cchc_score_matrix_xlsx
from . import cchc_score_report
from . import cchc_repeat_loss_report
