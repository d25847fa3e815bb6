from . import test_harness
from . import test_backflush
from . import test_report_completion
from . import test_report_completion_concurrency
from . import test_report_completion_wizard
from . import test_mes_client
from . import test_cycle_count
from . import test_supermarket
