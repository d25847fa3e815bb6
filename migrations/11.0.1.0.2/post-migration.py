# -*- coding: utf-8 -*-
"""11.0.1.0.2: the demo's Material handling rate (5 %) applies to the demo's
Manufactured category, 0 % (a new pool-wide rate) to any other product. Demo data is not
updated by an upgrade (noupdate): the rate of a demo database made before gets its
category here, or the new 0 % rate, the later of two pool-wide rates, would win for
every product."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE mrp_overhead_rate rate
           SET product_categ_id = categ.res_id
          FROM ir_model_data data, ir_model_data categ
         WHERE data.module = 'mrp_backflush' AND data.name = 'demo_rate_material_handling'
           AND data.model = 'mrp.overhead.rate' AND rate.id = data.res_id
           AND categ.module = 'mrp_backflush' AND categ.name = 'demo_categ_manufactured'
           AND categ.model = 'product.category'
           AND rate.product_categ_id IS NULL""")
