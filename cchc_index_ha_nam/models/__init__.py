from . import cchc_demo
