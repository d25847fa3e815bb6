# -*- coding: utf-8 -*-
"""Issue 11 over RPC: report_completion reached with execute_kw over XML-RPC, as an MES
calls it, trues rounding up across the reports of an order (kind 1)."""
import xmlrpc.client

from .test_mes_client import PASSWORD, MesServerCase


class TestNumbersOverRpc(MesServerCase):

    def setUp(self):
        super(TestNumbersOverRpc, self).setUp()
        with self._env() as env:
            self._mes_user(env)
            uom = env.ref("product.product_uom_unit")
            uom.rounding = 1.0
            product_vals = {"type": "product", "uom_id": uom.id, "uom_po_id": uom.id}
            crate = env["product.product"].create(dict(product_vals, name="RPC Crate"))
            slat = env["product.product"].create(dict(product_vals, name="RPC Slat"))
            bom = env["mrp.bom"].create({
                "product_tmpl_id": crate.product_tmpl_id.id, "product_qty": 1.0,
                "product_uom_id": uom.id,
                "bom_line_ids": [(0, 0, {"product_id": slat.id, "product_qty": 4.2,
                                         "product_uom_id": uom.id})]})
            env["stock.quant"]._update_available_quantity(
                slat, env.ref("stock.stock_location_stock"), 1000)
            production = env["mrp.production"].create({
                "product_id": crate.id, "product_qty": 10, "product_uom_id": uom.id,
                "bom_id": bom.id})
            self.order, self.order_id, self.slat_id = production.name, production.id, slat.id

    def test_two_reports_consume_what_one_would(self):
        """4 crates: 16.8 -> 17 slats; then 6: round_up(42) - 17 = 25 (not 26): 42."""
        common = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/common")
        uid = common.login(self.db, "mes_operator", PASSWORD)
        models = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/object")
        for qty, event in ((4, "RPC-R1"), (6, "RPC-R2")):
            result = models.execute_kw(self.db, uid, PASSWORD, "mrp.production",
                                       "report_completion", [self.order, qty, event])
            self.assertIs(result["posted"], True)
        with self._env() as env:
            production = env["mrp.production"].browse(self.order_id)
            self.assertEqual(production.state, "done")
            lines = production.backflush_line_ids.sorted("posting")
            self.assertEqual(lines.mapped("consumed_qty"), [17.0, 25.0])
            slats = production.move_raw_ids.filtered(lambda move: move.state == "done")
            self.assertEqual(sum(slats.mapped("product_qty")), 42.0)
