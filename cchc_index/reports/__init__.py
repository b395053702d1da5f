from . import cchc_score_matrix_xlsx
