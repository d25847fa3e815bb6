# -*- coding: utf-8 -*-
"""Deferred completion reports off the main paths, as an integrator meets them: serial
numbers reported while an earlier report of them waits for its job."""
from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError

from .shopfloor_common import ShopfloorCase


class TestReportDeferredPaths(ShopfloorCase):

    def _perform(self, uuid):
        result = Job.load(self.env, uuid).perform()
        self.env.cache.invalidate()
        return result

    def test_serials_of_a_waiting_report_are_refused_at_once(self):
        """Order of 4 serial-tracked tables of 4 legs. SN-1, SN-2 reported deferred (the
        job not run yet). SN-2, SN-3 (same order, deferred or inline) and SN-1 on another
        order of the table are refused at once, as when SN-1, SN-2 are in stock: nothing
        recorded, no job. SN-3, SN-4 are accepted; the two jobs post 2 + 2 = 4 tables,
        one per serial number, 4 x 4 = 16 legs, the order done."""
        serial_table = self._product("SF Serial Table", 100.0, tracking="serial")
        bom = self._bom(serial_table, [(self.leg, 4)])
        production = self._production(serial_table, 4, bom)
        other = self._production(serial_table, 1, bom)
        report = self.env["mrp.production"].report_completion
        first = report(production.name, 2, "EV-SN-1", lot_names=["SN-1", "SN-2"],
                       deferred=True)
        self.assertEqual(production.backflush_event_ids.lot_names, "SN-1, SN-2")
        jobs = self.env["queue.job"].search_count([])
        refusal = ("Serial numbers %s of SF Serial Table are already reported and waiting "
                   "to post (Manufacturing > Reporting > Completion Events): each unit "
                   "reported on %s needs a new one.")
        for order, names, deferred in ((production, ["SN-2", "SN-3"], True),
                                       (production, ["SN-2", "SN-3"], False),
                                       (other, ["SN-1"], True)):
            with self.assertRaises(UserError) as refused:
                report(order.name, len(names), "EV-SN-X", lot_names=names,
                       deferred=deferred)
            self.assertEqual(refused.exception.name, refusal % (names[0], order.name))
        self.assertEqual(self.env["queue.job"].search_count([]), jobs)
        self.assertFalse(self.env["mrp.backflush.event"].search(
            [("event_id", "=", "EV-SN-X")]))

        last = report(production.name, 2, "EV-SN-2", lot_names=["SN-3", "SN-4"],
                      deferred=True)
        self._perform(first["job_uuid"])
        self._perform(last["job_uuid"])
        lots = self.env["stock.production.lot"].search(
            [("product_id", "=", serial_table.id)])
        self.assertEqual(sorted(lots.mapped("name")), ["SN-1", "SN-2", "SN-3", "SN-4"])
        self.assertEqual(lots.mapped("product_qty"), [1.0] * 4)
        self.assertEqual((production.state, self._produced(production),
                          self._consumed(production, self.leg)), ("done", 4, 16))
        self.assertEqual(production.backflush_event_ids.mapped("state"), ["posted"] * 2)

    def test_a_job_set_to_done_by_hand_leaves_its_event_failed_not_waiting(self):
        """Order of 10 tables of 4 legs and a top. The MES reports 8 deferred; before the
        job runs, a job manager sets it to done (Job Queue > Jobs > Set to Done): nothing
        is posted (0 tables, 0 legs). The event must not stay Waiting to Post for a job
        that will never run: Failed, saying so, on the chatter too. Post Again runs the
        job: 8 tables, 8 x 4 = 32 legs, posted once."""
        production = self._production(self.table, 10, self.bom)
        answer = self.env["mrp.production"].report_completion(
            production.name, 8, "EV-SET-DONE", deferred=True)
        event = production.backflush_event_ids
        event.job_id.button_done()
        self.assertEqual((self._produced(production), self._consumed(production, self.leg)),
                         (0, 0))
        self.assertEqual(event.state, "failed")
        message = ("Its job was set to done without posting it (Manually set to done by "
                   "%s): Post Again to post it.") % self.env.user.name
        self.assertEqual(event.failure, message)
        self.assertIn("Completion event EV-SET-DONE (8 Unit(s)) could not be posted: "
                      + message, production.message_ids[0].body)
        event.action_post_again()
        self.assertEqual((event.state, event.job_state), ("pending", "pending"))
        self._perform(answer["job_uuid"])
        self.assertEqual((self._produced(production), self._consumed(production, self.leg),
                          event.state), (8, 32, "posted"))

    def test_a_deleted_job_leaves_its_event_failed_and_not_taken_by_a_posting(self):
        """Order of 10 tables of 4 legs. The MES reports 8 deferred; a job manager then
        deletes its job (Job Queue > Jobs > Delete) before it runs. The event cannot
        post any more: Failed, saying so (Post Again explains to report it anew). The
        planner's Produce 2 + Post Inventory is its own event (2, posting 1), not the
        MES's 8 marked posted: 2 tables, 2 x 4 = 8 legs."""
        production = self._production(self.table, 10, self.bom)
        self.env["mrp.production"].report_completion(
            production.name, 8, "EV-DELETED", deferred=True)
        event = production.backflush_event_ids
        event.job_id.unlink()
        self.assertEqual(event.state, "failed")
        self.assertEqual(event.failure, "Its job was deleted before it posted: report it "
                                        "again with a new event id.")
        self._produce(production, 2)
        production.post_inventory()
        self.assertEqual([(e.source, e.quantity, e.posting, e.state)
                          for e in production.backflush_event_ids.sorted("id")],
                         [("api", 8, 0, "failed"), ("posting", 2, 1, "posted")])
        self.assertEqual((self._produced(production), self._consumed(production, self.leg)),
                         (2, 8))
        with self.assertRaises(UserError) as refused:
            event.action_post_again()
        self.assertIn("has no job any more", refused.exception.name)

    def test_a_completion_whose_queued_components_are_consumed_is_posted(self):
        """Queue policy, a table of 4 short legs, 10 legs in stock. A deferred report of
        4: its job receives 4 tables and queues the 4 x 4 = 16 legs (10 < 16): event
        Posted, components queued. 10 legs arrive (20); the hourly retry's job consumes
        the 16 (4 left): nothing of that completion waits any more, its event is Posted."""
        self.company.backflush_negative_policy = "queue"
        short = self._product("SF Short Leg", 3.0)
        bom = self._bom(self.table, [(short, 4)])
        self._stock(short, 10)
        production = self._production(self.table, 5, bom)
        answer = self.env["mrp.production"].report_completion(
            production.name, 4, "EV-QUEUED", deferred=True)
        self._perform(answer["job_uuid"])
        event = production.backflush_event_ids
        self.assertEqual((self._produced(production), production.backflush_queued_count,
                          event.state), (4, 1, "queued"))
        self._stock(short, 10)
        jobs = self.env["queue.job"].search([("method_name", "=", "_backflush_retry_job")])
        self.env.ref("mrp_backflush.ir_cron_backflush_retry").method_direct_trigger()
        retry = self.env["queue.job"].search(
            [("method_name", "=", "_backflush_retry_job")]) - jobs
        self._perform(retry.uuid)
        self.assertEqual((self._consumed(production, short), short.qty_available,
                          production.backflush_queued_count), (16, 4, 0))
        self.assertEqual(event.state, "posted")

    def test_done_quantity_recorded_in_another_unit_counts_converted(self):
        """Order of 10 tables (Units, no over-production tolerance). Someone records 0.5
        Dozen done on the finished move's Detailed Operations (a line in Dozens): by
        hand 0.5 x 12 = 6 tables produced, 10 - 6 = 4 remain. A report of 5 is refused
        naming the 4 that remain; a deferred report of 4 is accepted and answers
        qty_produced 6."""
        self.company.backflush_overproduction_tolerance = 0.0
        production = self._production(self.table, 10, self.bom)
        finished = production.move_finished_ids.filtered(
            lambda move: move.product_id == self.table)
        self.env["stock.move.line"].create({
            "move_id": finished.id, "product_id": self.table.id,
            "product_uom_id": self.env.ref("product.product_uom_dozen").id, "qty_done": 0.5,
            "location_id": finished.location_id.id,
            "location_dest_id": finished.location_dest_id.id})
        report = self.env["mrp.production"].report_completion
        with self.assertRaises(UserError) as refused:
            report(production.name, 5, "EV-DOZEN-1", deferred=True)
        self.assertIn("only 4 Unit(s) remain to produce", refused.exception.name)
        answer = report(production.name, 4, "EV-DOZEN-2", deferred=True)
        self.assertEqual((answer["queued"], answer["qty_produced"]), (True, 6.0))
