from . import test_harness
from . import test_backflush
from . import test_backflush_policies
from . import test_backflush_stock
