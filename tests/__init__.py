from . import test_harness
from . import test_costing_posting
