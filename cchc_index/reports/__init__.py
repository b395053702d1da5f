from . import cchc_score_matrix_xlsx
from . import cchc_score_report
