from . import res_company
from . import product_template
from . import mrp_bom
from . import mrp_workcenter
from . import mrp_backflush_line
from . import mrp_production
from . import mrp_workorder
from . import res_config_settings
