from . import res_company
from . import product_template
from . import mrp_bom
from . import mrp_workcenter
from . import mrp_production
