# -*- coding: utf-8 -*-
{
    "name": "MRP Backflush Accounting",
    "summary": "Backflush components at completion and apply labour and overhead "
               "at predetermined rates, with WIP cleared and variances named",
    "version": "11.0.1.0.0",
    "category": "Manufacturing",
    "author": "mrp_backflush developers",
    "website": "https://example.com/mrp_backflush",
    "license": "LGPL-3",
    "depends": ["mrp", "stock_account"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "demo": [],
    "installable": True,
    "application": False,
}
