from . import mrp_report_completion
