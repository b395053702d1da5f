from . import test_engine_neutral
from . import test_translation
