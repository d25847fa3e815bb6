from . import mrp_overhead_close
from . import mrp_product_produce
from . import mrp_report_completion
from . import mrp_supermarket_replenishment
from . import mrp_backflush_setup_result
from . import change_production_qty
