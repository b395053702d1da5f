from . import main
from . import binary
