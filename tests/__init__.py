from . import test_harness
from . import test_backflush
from . import test_costing_posting
from . import test_costing_errors
from . import test_costing_unbuild
from . import test_overhead_close
from . import test_costing_setup
from . import test_valuation_batch
