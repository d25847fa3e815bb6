# -*- coding: utf-8 -*-
"""The demo data as a planner meets it: standards that stay what the routing says, and a
line-side location that Replenish Supermarkets has something to show for."""
import glob
import os

from lxml import etree

from odoo.tests.common import TransactionCase

DEMO = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "demo")


def demo_records(model):
    """[(xml id, {field name: field node})] of the ``model`` records in demo/*.xml."""
    records = []
    for path in sorted(glob.glob(os.path.join(DEMO, "*.xml"))):
        for record in etree.parse(path).getroot().iter("record"):
            if record.get("model") == model:
                records.append((record.get("id"), dict(
                    (field.get("name"), field) for field in record.iter("field"))))
    return records


class TestDemoData(TransactionCase):

    def test_operations_have_a_standard_of_their_own(self):
        """time_cycle is computed by Odoo: written by the demo it was ignored, the
        operations stayed on "Compute based on real time" at Odoo's default 60 minutes,
        and one order clicked through in 3.5 minutes for 10 tables made the standard
        0.35 min a table. Each operation sets time_mode manual and its minutes (Cut top
        12, Assemble 30)."""
        operations = demo_records("mrp.routing.workcenter")
        self.assertEqual(sorted(xmlid for xmlid, _fields in operations),
                         ["demo_routing_table_assemble", "demo_routing_table_cut"])
        for xmlid, fields in operations:
            self.assertNotIn("time_cycle", fields, xmlid)
            self.assertEqual(fields["time_mode"].text, "manual", xmlid)
            self.assertGreater(float(fields["time_cycle_manual"].text), 0, xmlid)
        minutes = dict((xmlid, float(fields["time_cycle_manual"].text))
                       for xmlid, fields in operations)
        self.assertEqual(minutes, {"demo_routing_table_cut": 12.0,
                                   "demo_routing_table_assemble": 30.0})
        # in a database with the demo data (the native tests' template), as loaded
        cut = self.env.ref("mrp_backflush.demo_routing_table_cut", raise_if_not_found=False)
        if cut:
            self.assertEqual((cut.time_mode, cut.time_cycle), ("manual", 12.0))

    def test_a_bom_line_has_a_line_side_supermarket(self):
        """The dining table's glue comes from the Assembly Line Side, 200 g there: the
        demo order of 10 tables needs 0.05 kg x 10 x 1.10 = 550 g, Replenish
        Supermarkets proposes 550 - 200 = 350 g."""
        lines = [fields for _xmlid, fields in demo_records("mrp.bom.line")
                 if "supermarket_location_id" in fields]
        self.assertEqual([fields["supermarket_location_id"].get("ref") for fields in lines],
                         ["demo_location_assembly_side"])
        side = self.env.ref("mrp_backflush.demo_location_assembly_side",
                            raise_if_not_found=False)
        if side:
            wizard_model = self.env["mrp.supermarket.replenishment"]
            wizard = wizard_model.create(wizard_model.default_get(list(wizard_model._fields)))
            glue = wizard.line_ids.filtered(lambda line: line.location_id == side)
            self.assertEqual((glue.product_id.default_code, glue.demand_qty,
                              glue.on_hand_qty, glue.qty), ("BF-GLUE", 550.0, 200.0, 350.0))
            self.assertFalse(wizard.setup_note)

    def test_material_handling_applies_to_the_demo_products(self):
        """The demo's material handling is 5 % of the components of its manufactured
        products (category "Manufactured"), 0 % of any other product's: an order of a
        product made elsewhere posts what native Odoo's structure has (OCA's
        account_move_line_manufacture_info counts 6 journal items on its order).
        Order of 5, each 2 x A at 10.00 + 1 x B at 20.00 = 40.00 of components, finished
        standard 100.00, no routing (no hours, so no labour or machine overhead):
        - other category: components Dr WIP 200.00 / Cr Stock 200.00, finished goods Dr
          Stock 500.00 / Cr WIP 500.00, standard revision Dr WIP 300.00 / Cr variance
          300.00: 6 items, none on Overhead Applied;
        - the demo's category: also 5 % x 200.00 = 10.00 Dr WIP / Cr Overhead Applied,
          and the variance 500.00 - 200.00 - 10.00 = 290.00: 8 items."""
        rate = self.env.ref("mrp_backflush.demo_rate_material_handling",
                            raise_if_not_found=False)
        if not rate:
            self.skipTest("needs the demo data (make test-odoo)")
        other = self.env["product.category"].create({
            "name": "Bought-in assemblies", "property_valuation": "real_time",
            "property_cost_method": "standard"})
        overhead_applied = rate.pool_id.applied_account_id
        for categ, items, applied in ((other, 6, 0.0), (rate.product_categ_id, 8, 10.0)):
            def product(name, cost, categ=categ):
                return self.env["product.product"].create({
                    "name": name, "type": "product", "standard_price": cost,
                    "categ_id": categ.id})
            finished = product("Assembly", 100.0)
            bom = self.env["mrp.bom"].create({
                "product_tmpl_id": finished.product_tmpl_id.id, "product_qty": 1,
                "bom_line_ids": [(0, 0, {"product_id": product("A", 10.0).id,
                                         "product_qty": 2}),
                                 (0, 0, {"product_id": product("B", 20.0).id,
                                         "product_qty": 1})]})
            order = self.env["mrp.production"].create({
                "product_id": finished.id, "product_uom_id": finished.uom_id.id,
                "product_qty": 5, "bom_id": bom.id})
            order.action_assign()
            self.env["mrp.product.produce"].with_context(
                active_id=order.id, active_ids=order.ids).create(
                {"product_qty": 5}).do_produce()
            order.button_mark_done()
            lines = self.env["account.move.line"].search(
                [("manufacture_order_id", "=", order.id)])
            self.assertEqual(len(lines), items, categ.name)
            wip_account = order.company_id.backflush_wip_account_id
            wip = lines.filtered(lambda line, account=wip_account: line.account_id == account)
            self.assertAlmostEqual(sum(wip.mapped("balance")), 0.0, places=2)
            self.assertEqual(sorted(wip.mapped("balance")),
                             sorted([200.0, -500.0, 500.0 - 200.0 - applied]
                                    + ([applied] if applied else [])), categ.name)
            self.assertAlmostEqual(-sum(lines.filtered(
                lambda line: line.account_id == overhead_applied).mapped("balance")),
                applied, places=2)
