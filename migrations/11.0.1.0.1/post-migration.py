# -*- coding: utf-8 -*-
"""11.0.1.0.1: every journal item of an order carries it (account.move.line
.manufacture_order_id), and the WIP of an order is read from that field alone. The
items posted before it get their order as the earlier versions found it: the order of
their entry's stock move (a component's or finished good's, or the order its unbuild
undoes), else the order the backflush posted their entry for. Items that already name
an order (OCA's account_move_line_manufacture_info declares the same field) keep it."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE account_move_line aml
           SET manufacture_order_id = COALESCE(
                   sm.raw_material_production_id, sm.production_id, unbuild.mo_id,
                   consume_unbuild.mo_id, am.backflush_production_id)
          FROM account_move am
          LEFT JOIN stock_move sm ON sm.id = am.stock_move_id
          LEFT JOIN mrp_unbuild unbuild ON unbuild.id = sm.unbuild_id
          LEFT JOIN mrp_unbuild consume_unbuild ON consume_unbuild.id = sm.consume_unbuild_id
         WHERE am.id = aml.move_id
           AND aml.manufacture_order_id IS NULL
           AND COALESCE(sm.raw_material_production_id, sm.production_id, unbuild.mo_id,
                        consume_unbuild.mo_id, am.backflush_production_id) IS NOT NULL""")
