# -*- coding: utf-8 -*-
{
    "name": "MRP Backflush Accounting",
    "summary": "Backflush components at completion and apply labour and overhead "
               "at predetermined rates, with WIP cleared and variances named",
    "description": """
Backflush accounting
====================
At each production posting of a manufacturing order the components are consumed from
the bill of materials (scrap, phantom kits, units of measure), labour and overhead are
applied at predetermined rates, work in process is cleared and every difference is
posted as a named variance. A period-close wizard disposes of under- or over-applied
overhead. See README.md for the worked example and the configuration.
""",
    "version": "11.0.1.0.0",
    "category": "Manufacturing",
    "author": "mrp_backflush developers",
    "website": "https://example.com/mrp_backflush",
    "license": "LGPL-3",
    "depends": ["mrp", "stock_account"],
    "data": [
        "security/ir.model.access.csv",
        "security/mrp_backflush_security.xml",
        "security/mrp_backflush_costing_security.xml",
        "security/mrp_shopfloor_security.xml",
        "data/ir_cron.xml",
        "data/mrp_backflush_costing_data.xml",
        "wizards/mrp_overhead_close_views.xml",
        "wizards/mrp_report_completion_views.xml",
        "wizards/mrp_supermarket_replenishment_views.xml",
        "wizards/mrp_backflush_setup_result_views.xml",
        "views/mrp_cost_pool_views.xml",
        "views/mrp_backflush_line_views.xml",
        "views/mrp_backflush_cost_line_views.xml",
        "views/mrp_backflush_event_views.xml",
        "views/mrp_cycle_count_alert_views.xml",
        "views/mrp_production_views.xml",
        "views/mrp_bom_views.xml",
        "views/product_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/mrp_backflush_demo.xml",
        "demo/mrp_backflush_costing_demo.xml",
    ],
    "installable": True,
    "application": False,
}
