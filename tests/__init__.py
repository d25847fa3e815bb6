from . import test_harness
