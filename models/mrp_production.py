# -*- coding: utf-8 -*-
"""The manufacturing order of the backflush: its fields, buttons, and the one override
of each Odoo method a production posting goes through.

A posting (``post_inventory``: Post Inventory, Mark as Done, Report Completion) of the
quantity recorded since the last one runs these steps, each a method a module may
extend (``_prepare_*`` return values, ``_create_*`` write); each reads the order's
``BackflushPosting`` (``backflush_posting.py``) and this method keeps what they return:
1. plan          ``_prepare_backflush_posting``: the BOM exploded once, what each component
                 requires, what was recorded, what to top up; the activity (hours) and
                 the rates of the conversion costs, once;
2. check         ``_check_backflush_postings``: configuration and stock of every order,
                 before anything is written: one UserError, nothing posted;
3. record        ``_create_backflush_top_ups``: the top-ups on the raw moves;
4. native        Odoo's posting: the moves done, their valuation collected into the
                 posting (``stock.move._create_account_move_line``), and in between
                 (``_cal_price``): 5. conversion ``_prepare_backflush_conversion`` and
                 6. finished-goods price ``_prepare_backflush_prices``;
7. clear WIP     ``_prepare_backflush_clearing``: the rest of the order's WIP, as
                 variances (standard cost) or a rounding rest;
8. entries, log  ``_create_backflush_entries``, ``_create_backflush_log``.
The steps live in files of their own, ``mrp_production_<step>.py``:
- ``bom``, ``recording``, ``plan``: the components and what each posting requires
  (DESIGN 2, 3); ``activity``: the hours and rates of the conversion costs (DESIGN 4);
- ``checks``: step 2; ``stock``: step 3 (and a work order's `operation` components);
- ``conversion``: steps 5 and 6; ``clearing``: step 7 (DESIGN 5.4);
- ``valuation``, ``entries``: step 8's one entry per posting; ``log``: its log;
- around the posting: ``closed`` (WIP of a done or cancelled order, cancel),
  ``wip_transfer`` (a change of the WIP account), ``unbuild`` (the reversal of an
  unbuilt share), ``completion`` and ``completion_check`` (the one-step completion
  report and its API, DESIGN 7).
"""
from collections import OrderedDict

from lxml import etree

from odoo import _, api, fields, models
from odoo.tools import float_compare
from odoo.addons.queue_job.job import identity_exact, job

from .queue_job_retry import CHANNEL, MAX_RETRIES, RETRY_PATTERN, retry_on_concurrency

from .backflush_posting import POSTING_KEY, BackflushPosting


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    # Replenish Supermarkets looks for the released orders among years of done ones
    state = fields.Selection(index=True)
    backflush_line_ids = fields.One2many(
        "mrp.backflush.line", "production_id", string="Backflush Log", readonly=True,
        copy=False)
    backflush_components = fields.Text(
        string="Components as Confirmed", readonly=True, copy=False,
        help="The order's bill of materials (kits and scrap % included) as it was when the "
             "order was confirmed or its quantity last updated: what its postings "
             "backflush, whatever was edited in the BOM since.")
    backflush_queued_count = fields.Integer(
        compute="_compute_backflush_queued_count", string="Queued Components")
    analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Analytic Account", copy=True,
        states={"done": [("readonly", True)], "cancel": [("readonly", True)]},
        help="Carried by the conversion and variance entries of this order.")
    backflush_move_ids = fields.One2many(
        "account.move", "backflush_production_id", string="Backflush Entries",
        readonly=True, copy=False,
        help="Every journal entry the backflush posted for this order: one per posting "
             "(components, conversion costs, finished goods, variances), unbuild "
             "reversals and cancel write-offs.")
    backflush_move_count = fields.Integer(compute="_compute_backflush_move_count",
                                          string="Entries Count",
                                          help="Every journal entry of the order: stock "
                                               "valuation, conversion, variances, unbuild.")
    backflush_cost_line_ids = fields.One2many(
        "mrp.backflush.cost.line", "production_id", string="Conversion Costs",
        readonly=True, copy=False)
    backflush_event_ids = fields.One2many(
        "mrp.backflush.event", "production_id", string="Completion Events", readonly=True,
        copy=False)

    @api.model
    def fields_view_get(self, view_id=None, view_type="form", toolbar=False, submenu=False):
        """The order form shows analytic_account_id once: OCA's mrp_analytic adds it to
        the form too (after Source), and the first place wins."""
        res = super(MrpProduction, self).fields_view_get(
            view_id=view_id, view_type=view_type, toolbar=toolbar, submenu=submenu)
        if view_type == "form":
            arch = etree.fromstring(res["arch"])
            nodes = arch.xpath("//field[@name='analytic_account_id'][not(ancestor::field)]")
            for node in nodes[1:]:
                node.getparent().remove(node)
            if len(nodes) > 1:
                res["arch"] = etree.tostring(arch, encoding="unicode")
        return res

    @api.multi
    @api.depends("backflush_line_ids.state")
    def _compute_backflush_queued_count(self):
        for production in self:
            production.backflush_queued_count = len(production.backflush_line_ids.filtered(
                lambda line: line.state == "queued"))

    @api.multi
    def _backflush_entries_domain(self):
        """Every journal entry of the order: the valuation of its stock moves (and its
        unbuilds') and the entries the backflush posted for it, whose items carry it."""
        self.ensure_one()
        return [("line_ids.manufacture_order_id", "=", self.id)]

    @api.multi
    def _compute_backflush_move_count(self):
        # the smart button counts entries a manufacturing user may not read
        entries = self.env["account.move"].sudo()
        for production in self:
            production.backflush_move_count = entries.search_count(
                production._backflush_entries_domain())

    @api.multi
    def action_view_backflush_moves(self):
        self.ensure_one()
        action = self.env.ref("account.action_move_journal_line").read()[0]
        action["domain"] = self._backflush_entries_domain()
        action["context"] = {}
        action["name"] = action["display_name"] = _("Entries of %s") % self.name
        return action

    @api.multi
    def action_backflush_retry(self):
        """Button and job: post the queued components that now have stock."""
        self.mapped("backflush_line_ids").filtered(
            lambda line: line.state == "queued")._backflush_retry()
        return True

    @api.model
    def _cron_backflush_retry(self):
        """Hourly safety net: a retry job for each order with queued components."""
        lines = self.env["mrp.backflush.line"].search([("state", "=", "queued")])
        for production in lines.mapped("production_id"):
            production._backflush_retry_enqueue()

    @api.multi
    def _backflush_retry_enqueue(self):
        """The retry job of this order: one waiting job per order (identity key), of the
        order's company (see ``_completion_enqueue``)."""
        self.ensure_one()
        return self.with_context(company_id=self.company_id.id).with_delay(
            channel=CHANNEL, max_retries=MAX_RETRIES, identity_key=identity_exact,
            description=_("Retry the backflush queue of %s") % self.name,
        )._backflush_retry_job()

    @api.multi
    @job(default_channel=CHANNEL, retry_pattern=RETRY_PATTERN)
    def _backflush_retry_job(self):
        """Job: post the queued components of this order that now have stock, with the
        order taken (a posting of it in progress: retried with backoff)."""
        self.ensure_one()
        with retry_on_concurrency(self.env, _("Manufacturing order %s is being posted by "
                                              "another transaction") % self.name):
            self._completion_lock()
            self.action_backflush_retry()
        return _("Queued components of %s: %d still waiting.") % (
            self.name, self.backflush_queued_count)

    @api.multi
    def _generate_moves(self):
        result = super(MrpProduction, self)._generate_moves()
        self._backflush_keep_components()
        return result

    @api.multi
    def _generate_raw_moves(self, exploded_lines):
        """The raw moves ask for the planned scrap before Odoo confirms them: a transfer
        their confirmation makes (make to order) stages what the postings consume."""
        moves = super(MrpProduction, self)._generate_raw_moves(exploded_lines)
        self._backflush_stage_scrap()
        return moves

    @api.multi
    def _update_raw_move(self, bom_line, line_data):
        """Update Quantity writes the BOM line's quantity, in the line's unit, on its open
        raw move: converted to the move's unit when that is another (a posting expressed
        it in the component's stock unit: 1 Box of 100 is 100 screws, not 1)."""
        move = self.move_raw_ids.filtered(
            lambda move: move.bom_line_id == bom_line
            and move.state not in ("done", "cancel"))[:1]
        if move and move.product_uom != bom_line.product_uom_id:
            line_data = dict(line_data, qty=bom_line.product_uom_id._compute_quantity(
                line_data["qty"], move.product_uom, round=False))
        return super(MrpProduction, self)._update_raw_move(bom_line, line_data)

    @api.multi
    def _backflush_other_company(self):
        """True when one of these orders is not of the company the environment reads
        company-dependent fields for (the user's current one, unless forced)."""
        current = self.env.context.get("force_company") or self.env.user.company_id.id
        return any(production.company_id.id != current for production in self)

    @api.multi
    def _backflush_by_company(self):
        """These orders grouped by company, each group in its own company's context: the
        product's cost, its category's accounts and journal, the production location
        (company-dependent fields) are then that company's, whatever company the user
        works in."""
        groups = OrderedDict()
        for production in self:
            groups.setdefault(production.company_id.id, []).append(production.id)
        return [self.browse(ids).with_context(force_company=company_id)
                for company_id, ids in groups.items()]

    @api.multi
    def _generate_raw_move(self, bom_line, line_data):
        """Components are consumed from their source location (a supermarket; of a
        kit's component, the one of its kit line: a kit further up is taken into account
        at the posting, which moves the raw move there)."""
        move = super(MrpProduction, self)._generate_raw_move(bom_line, line_data)
        parent = line_data.get("parent_line") or bom_line.browse()
        source = move and self._backflush_source_location(
            bom_line, parent.supermarket_location_id)
        if move and move.location_id != source:
            move.location_id = source
        return move

    # ------------------------------------------------------------------ posting
    @api.multi
    def post_inventory(self):
        if self._backflush_other_company():
            # each order in its own company's context (accounts, costs, locations)
            for orders in self._backflush_by_company():
                orders.post_inventory()
            return True
        # a work order's lines for what it produces next (done_wo False: the tablet's,
        # not recorded) are no consumption: Odoo would post them beside the backflush
        # (refusing those with no serial number: a Report Completion of a planned order)
        pending = self.mapped("move_raw_ids").filtered(
            lambda move: move.state not in ("done", "cancel")).mapped(
            "move_line_ids").filtered(lambda line: not line.done_wo)
        workorders = pending.mapped("workorder_id")
        pending.unlink()
        postings = OrderedDict(
            (production, production._prepare_backflush_posting()) for production in self)
        self._check_backflush_postings(postings)
        for production, posting in postings.items():
            production._create_backflush_top_ups(posting.plan)
        by_id = {production.id: posting for production, posting in postings.items()}
        result = super(MrpProduction, self.with_context(**{POSTING_KEY: by_id})).post_inventory()
        for production, posting in postings.items():
            posting.clearing = production._prepare_backflush_clearing(posting)
            production._create_backflush_entries(posting)
            # a posting of a quantity is logged and is a completion event even when it
            # consumed no component (all at their operations, or none on the BOM)
            if float_compare(posting.qty, 0.0,
                             precision_rounding=production.product_uom_id.rounding) > 0:
                production._create_backflush_log(posting.plan, posting.qty)
        # the tablet's lines back for what its open work orders produce next
        workorders.filtered(lambda wo: wo.state not in ("done", "cancel")
                            and wo.qty_producing > 0)._generate_lot_ids()
        return result

    @api.multi
    def button_mark_done(self):
        """Mark as Done posts what was recorded since the last posting: a component
        recorded once every unit was received (a manual one typed late) is consumed with
        no unit left to carry its value. Once the order is done it is cleared as any
        valuation landing on a done order's WIP (``_backflush_clear_closed_wip``)."""
        result = super(MrpProduction, self).button_mark_done()
        for production in self.filtered(lambda order: order.state == "done"):
            production = production.with_context(force_company=production.company_id.id)
            late = production._backflush_uncleared_raw_moves()
            if late and production._backflush_is_costed():
                production._backflush_clear_closed_wip(late[:1])
        return result

    @api.multi
    @api.depends("move_raw_ids.quantity_done", "move_raw_ids.product_uom_qty")
    def _compute_consumed_less_than_planned(self):
        """Odoo asks "You have consumed less material than what was planned" at Mark as
        Done when a raw move's quantity done is below its To Consume. The posting tops
        every component consumed at completion up to what the BOM requires (planned
        scrap included): only a `manual` one, or one added by hand, stays short."""
        super(MrpProduction, self)._compute_consumed_less_than_planned()
        for production in self.filtered("consumed_less_than_planned"):
            topped_up = production._backflush_topped_up_moves()
            production.consumed_less_than_planned = any(
                float_compare(move.quantity_done, move.product_uom_qty,
                              precision_rounding=move.product_uom.rounding) < 0
                for move in production.move_raw_ids - topped_up)

    @api.multi
    def _backflush_topped_up_moves(self):
        """The open raw moves of BOM lines the order's posting consumes at completion
        (policy `finish`, or `operation` with no work order to do it)."""
        self.ensure_one()
        kit_policies = self._backflush_kit_line_values("backflush_policy")
        moves = self.move_raw_ids.filtered(
            lambda move: move.bom_line_id and move.state not in ("done", "cancel"))
        return moves.filtered(lambda move: self._backflush_stage(
            move.bom_line_id._backflush_effective_policy(
                kit_policies.get(move.bom_line_id.id, False)), move) == "finish")

    @api.multi
    def _cal_price(self, consumed_moves):
        """Odoo's hook between the components done and the finished goods received: the
        conversion costs are applied and the finished goods priced from them."""
        result = super(MrpProduction, self)._cal_price(consumed_moves)
        posting = self.env.context.get(POSTING_KEY, {}).get(self.id)
        if posting and posting.costed and posting.product_qty > 0:
            posting.conversion = self._prepare_backflush_conversion(posting)
            prices = self._prepare_backflush_prices(posting)
            for price, moves in self._backflush_group_by_value(prices).items():
                moves.write({"price_unit": price})
        return result

    @api.multi
    def _prepare_backflush_posting(self):
        """The BackflushPosting of the quantity recorded since the last posting, planned
        once: the quantity (MO and product UoM), the date, the BOM requirements and the
        component plan, and for a costed order what it had in WIP, its activity and
        rates (``_prepare_backflush_costing``)."""
        self.ensure_one()
        qty = self._backflush_posting_qty()
        # what the earlier postings covered: rounding is trued up over all of them
        before = self._backflush_posted_before(qty)
        requirements = self._backflush_explode(before + qty) if qty > 0 else []
        posting = BackflushPosting(
            self, qty,
            product_qty=self.product_uom_id._compute_quantity(
                qty, self.product_id.uom_id, round=False),
            posted_before=before,
            date=self._backflush_posting_date(),
            requirements=requirements,
            plan=self._backflush_plan(qty, requirements=requirements),
            costed=self._backflush_is_costed(),
            finished_before=set(self.move_finished_ids.filtered(
                lambda move: move.state == "done").ids))
        if posting.costed:
            posting.set_costing(self._prepare_backflush_costing(posting))
        return posting

    @api.multi
    def _backflush_posting_qty(self):
        """Quantity of the finished product recorded (produce wizard, work orders) but not
        yet posted, in the MO's unit of measure: what the next posting completes."""
        self.ensure_one()
        moves = self.move_finished_ids.filtered(
            lambda m: m.product_id == self.product_id and m.state not in ("done", "cancel"))
        return sum(m.product_uom._compute_quantity(m.quantity_done, self.product_uom_id)
                   for m in moves)

    @api.multi
    def _backflush_received_qty(self):
        """Finished product received into stock so far (posted), in its stock UoM; Odoo's
        qty_produced (posted or recorded) is ``_completion_produced_qty``."""
        self.ensure_one()
        moves = self.move_finished_ids.filtered(
            lambda move: move.product_id == self.product_id and move.state == "done")
        return sum(move.product_qty for move in moves)

    @api.multi
    def _backflush_posting_date(self):
        # the date the native valuation entries of the posting get (stock_account)
        return self.env.context.get("force_period_date") or fields.Date.context_today(self)

    @api.multi
    def _check_backflush_postings(self, postings):
        """Every order's configuration (one UserError listing every problem), then its
        stock (the company's insufficient-stock policy), before anything is written."""
        self._backflush_raise_problems([
            problem for production, posting in postings.items()
            for problem in production._backflush_posting_problems(posting)])
        for production, posting in postings.items():
            production._backflush_check_stock(posting.plan)
