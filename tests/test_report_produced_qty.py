# -*- coding: utf-8 -*-
"""The quantity already produced that a completion report checks and answers (summed in
one query per unit of the lines), against Odoo's own ``qty_produced`` on the paths an
integrator meets: a partial posting then a deferred report, a scrap of finished product,
a by-product, an order in Dozens, two finished lots, a manufacturing user over the RPC
layer. No over-production tolerance: what remains is the limit."""
import unittest

from odoo import api
from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError

from .shopfloor_common import ShopfloorCase


class TestReportProducedQty(ShopfloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestReportProducedQty, cls).setUpClass()
        cls.company.backflush_overproduction_tolerance = 0.0
        cls.report = cls.env["mrp.production"].report_completion

    def _perform(self, uuid):
        result = Job.load(self.env, uuid).perform()
        self.env.cache.invalidate()
        return result

    def _refused(self, production, qty, event_id, most, **kwargs):
        with self.assertRaises(UserError) as refused:
            self.report(production.name, qty, event_id, deferred=True, **kwargs)
        self.assertIn("at most %s)" % most, refused.exception.name)

    def _lot_order(self, name):
        """An order of 10 of a new lot-tracked table of 4 legs: (table, order)."""
        lot_table = self._product(name, 100.0, tracking="lot")
        return lot_table, self._production(lot_table, 10, self._bom(lot_table,
                                                                    [(self.leg, 4)]))

    def test_partial_posting_scrap_then_deferred_and_inline_reports(self):
        """Order of 10 tables. Produce 3 + Post Inventory: 3 produced. Scrap 1 table from
        the order (Odoo's Scrap button): a scrap, not a production, still 3 produced
        (Odoo's qty_produced 3). Deferred report 4: answers qty_produced 3; its job is
        "Post completion event EV-P-1 of <MO>", linked to the event. A deferred report
        of 4 more is refused: 10 - 3 - 4 waiting = 3 left. The job posts the 4: Odoo's
        qty_produced 3 + 4 = 7, legs 7 x 4 = 28. Inline report 3: answers qty_produced
        10, the order done; Odoo's qty_produced 10, legs 40."""
        production = self._production(self.table, 10, self.bom)
        self._produce(production, 3)
        production.post_inventory()
        scrap = self.env["stock.scrap"].create({
            "production_id": production.id, "product_id": self.table.id,
            "product_uom_id": self.table.uom_id.id, "scrap_qty": 1,
            "location_id": production.location_dest_id.id})
        scrap.do_scrap()
        self.env.cache.invalidate()
        self.assertEqual((scrap.state, production.qty_produced), ("done", 3.0))
        answer = self.report(production.name, 4, "EV-P-1", deferred=True)
        self.assertEqual((answer["queued"], answer["qty_produced"]), (True, 3.0))
        job = self.env["queue.job"].search([("uuid", "=", answer["job_uuid"])])
        event = production.backflush_event_ids.filtered(lambda e: e.event_id == "EV-P-1")
        self.assertEqual((job.name, job.company_id, event.job_id),
                         ("Post completion event EV-P-1 of %s" % production.name,
                          self.company, job))
        self._refused(production, 4, "EV-P-2", "3 Unit(s)")
        self._perform(answer["job_uuid"])
        self.assertEqual((production.qty_produced, self._consumed(production, self.leg),
                          event.state), (7.0, 28, "posted"))
        last = self.report(production.name, 3, "EV-P-3", deferred=False)
        self.assertEqual((last["posted"], last["qty_produced"], last["state"]),
                         (True, 10.0, "done"))
        self.assertEqual((production.qty_produced, self._consumed(production, self.leg)),
                         (10.0, 40))

    def test_byproduct_is_not_counted(self):
        """Table with a by-product of 2 offcuts a table. Order of 10: Produce 4 + Post
        Inventory: 4 tables, 8 offcuts. Produced 4 (not 4 + 8 = 12): a report of 7 is
        refused (6 left), a deferred report of 6 answers qty_produced 4 and its job
        finishes the order: Odoo's qty_produced 10, offcuts 20."""
        if "mrp.subproduct" not in self.env:
            raise unittest.SkipTest("mrp_byproduct is not installed")
        offcut = self._product("SF Offcut", 1.0)
        bom = self._bom(self.table, [(self.leg, 4), (self.top, 1)])
        self.env["mrp.subproduct"].create({
            "bom_id": bom.id, "product_id": offcut.id, "product_qty": 2,
            "product_uom_id": offcut.uom_id.id})
        production = self._production(self.table, 10, bom)
        self._produce(production, 4)
        production.post_inventory()
        self._refused(production, 7, "EV-BY-1", "6 Unit(s)")
        answer = self.report(production.name, 6, "EV-BY-2", deferred=True)
        self.assertEqual(answer["qty_produced"], 4.0)
        self._perform(answer["job_uuid"])
        offcuts = production.move_finished_ids.filtered(
            lambda m: m.product_id == offcut and m.state == "done")
        self.assertEqual((production.state, production.qty_produced,
                          sum(offcuts.mapped("product_qty"))), ("done", 10.0, 20.0))

    def test_order_in_dozens_of_a_product_in_units(self):
        """Order of 2 Dozen tables (product in Units). Produce 1 Dozen + Post Inventory:
        12 tables, 48 legs; produced 1 Dozen. A report of 1.5 Dozen is refused (1 Dozen
        left); a deferred report of 0.5 answers qty_produced 1.0; its job posts 6 tables
        (legs 48 + 24 = 72), Odoo's qty_produced 1.5; inline 0.5: answer 2.0, done,
        legs 96."""
        dozen = self.env.ref("product.product_uom_dozen")
        production = self.env["mrp.production"].create({
            "product_id": self.table.id, "product_qty": 2, "product_uom_id": dozen.id,
            "bom_id": self.bom.id})
        production.action_assign()
        self._produce(production, 1)
        production.post_inventory()
        self.assertEqual((production.qty_produced, self._consumed(production, self.leg)),
                         (1.0, 48))
        self._refused(production, 1.5, "EV-DZ-1", "1 Dozen(s)")
        answer = self.report(production.name, 0.5, "EV-DZ-2", deferred=True)
        self.assertEqual(answer["qty_produced"], 1.0)
        self._perform(answer["job_uuid"])
        self.assertEqual((production.qty_produced, self._consumed(production, self.leg)),
                         (1.5, 72))
        last = self.report(production.name, 0.5, "EV-DZ-3", deferred=False)
        self.assertEqual((last["qty_produced"], production.state,
                          self._consumed(production, self.leg)), (2.0, "done", 96))

    def test_two_finished_lots(self):
        """Lot-tracked table, order of 10: deferred reports of 2 in lot L-A and 3 in L-B,
        jobs run: Odoo's qty_produced 5. A report of 6 is refused (5 left); a deferred
        report of 1 in L-A answers qty_produced 5; after its job, 6."""
        _lot_table, production = self._lot_order("SF Lot Table")
        for qty, event_id, lot in ((2, "EV-L-1", "L-A"), (3, "EV-L-2", "L-B")):
            answer = self.report(production.name, qty, event_id, lot_name=lot,
                                 deferred=True)
            self._perform(answer["job_uuid"])
        self.assertEqual(production.qty_produced, 5.0)
        self._refused(production, 6, "EV-L-3", "5 Unit(s)", lot_name="L-C")
        answer = self.report(production.name, 1, "EV-L-4", lot_name="L-A", deferred=True)
        self.assertEqual(answer["qty_produced"], 5.0)
        self._perform(answer["job_uuid"])
        self.assertEqual(production.qty_produced, 6.0)

    def test_manufacturing_user_over_the_rpc_layer(self):
        """A user with Manufacturing / User rights only calls report_completion as
        execute_kw does (odoo.api.call_kw on the model as that user): order of 10,
        deferred 4 answers qty_produced 0, its job posts 4 (legs 16); inline 6 answers
        qty_produced 10, the order done, legs 40. No AccessError."""
        operator = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "SF MES", "login": "sf_mes_pq", "email": "sf_mes_pq@example.com",
            "company_id": self.company.id, "company_ids": [(6, 0, self.company.ids)],
            "groups_id": [(6, 0, [self.env.ref("mrp.group_mrp_user").id])]})
        production = self._production(self.table, 10, self.bom)
        model = self.env(user=operator.id)["mrp.production"]
        answer = api.call_kw(model, "report_completion", [production.name, 4, "EV-U-1"],
                             {"deferred": True})
        self.assertEqual((answer["queued"], answer["qty_produced"]), (True, 0.0))
        self._perform(answer["job_uuid"])
        self.assertEqual(self._consumed(production, self.leg), 16)
        last = api.call_kw(model, "report_completion", [production.name, 6, "EV-U-2"],
                           {"deferred": False})
        self.assertEqual((last["posted"], last["qty_produced"]), (True, 10.0))
        self.assertEqual((production.state, self._consumed(production, self.leg)),
                         ("done", 40))

    def test_two_lots_recorded_on_one_move_not_posted(self):
        """Lot-tracked table, order of 10. Produce 2 in lot L-A and 3 in L-B (recorded on
        the finished move, not posted): produced 2 + 3 = 5, Odoo's qty_produced 5. A
        deferred report of 6 is refused (at most 10 - 5 = 5); one of 5 in L-C answers
        qty_produced 5; its job posts all: 10 tables (L-A 2, L-B 3, L-C 5), 40 legs,
        the order done."""
        lot_table, production = self._lot_order("SF Lot Table 2")
        Lot = self.env["stock.production.lot"]
        for qty, name in ((2, "L-A"), (3, "L-B")):
            lot = Lot.create({"name": name, "product_id": lot_table.id})
            self.env["mrp.product.produce"].with_context(
                active_id=production.id, active_ids=production.ids).create(
                {"product_qty": qty, "lot_id": lot.id}).do_produce()
        self.assertEqual(production.qty_produced, 5.0)
        self._refused(production, 6, "EV-LR-1", "5 Unit(s)", lot_name="L-C")
        answer = self.report(production.name, 5, "EV-LR-2", lot_name="L-C", deferred=True)
        self.assertEqual(answer["qty_produced"], 5.0)
        self._perform(answer["job_uuid"])
        lots = Lot.search([("product_id", "=", lot_table.id)])
        self.assertEqual(sorted((lot.name, lot.product_qty) for lot in lots),
                         [("L-A", 2.0), ("L-B", 3.0), ("L-C", 5.0)])
        self.assertEqual((production.state, production.qty_produced,
                          self._consumed(production, self.leg)), ("done", 10.0, 40))
