from . import mrp_overhead_close
