from . import test_harness
from . import test_backflush
