# -*- coding: utf-8 -*-
from collections import OrderedDict

from odoo import api, fields, models

from .backflush_posting import POSTING_KEY


class StockMove(models.Model):
    _inherit = "stock.move"

    # Computed for the move that is read, not for every move prefetched with it: the
    # produce wizard (and a posting's top-up) sets quantity_done move after move, each
    # write invalidates it, and computing it again for all the order's moves each time
    # made completing an order quadratic in its components (8 s of 9 for 200).
    quantity_done = fields.Float(recursive=True)

    # Odoo 11 indexes none of these links: reading an order's moves (move_raw_ids,
    # move_finished_ids), its unbuilds' moves or an inventory's moves scanned every
    # stock move of the database, each posting a few times (bench/history.py)
    production_id = fields.Many2one(index=True)
    raw_material_production_id = fields.Many2one(index=True)
    unbuild_id = fields.Many2one(index=True)
    consume_unbuild_id = fields.Many2one(index=True)
    inventory_id = fields.Many2one(index=True)

    backflush_cleared = fields.Boolean(
        string="Cleared from WIP", readonly=True, copy=False,
        help="A component move whose value a production posting has already moved from "
             "work in process to the finished goods (or to variances).")

    backflush_proposed_qty = fields.Float(
        string="Proposed by Odoo", readonly=True, copy=False, digits=(16, 4),
        help="What Odoo's Produce wizard and work orders recorded on this component move "
             "by themselves since its last posting (its BOM quantity for the units "
             "produced, rounded in the move's unit), in the component's stock unit. Left "
             "as it is, it is no one's record: the posting consumes the requirement "
             "instead.")

    @api.multi
    def _backflush_quantity_done(self):
        """{move: done quantity in its product's stock UoM} of these moves, as their move
        lines will move the quants: each line converted half-up to the stock unit, as
        Odoo does (20 Units of a component stocked in Dozens, to 0.01, move 1.67)."""
        return dict((move, sum(line.product_uom_id._compute_quantity(
            line.qty_done, move.product_id.uom_id, rounding_method="HALF-UP")
            for line in move._get_move_lines())) for move in self)

    @api.model
    def _backflush_add_proposals(self, before):
        """Add to each move of ``before`` ({move: done quantity in the stock UoM before
        Odoo filled it}) what Odoo filled since: its proposal."""
        moves = self.browse([move.id for move in before]).exists()
        proposals = OrderedDict()
        for move, done in moves._backflush_quantity_done().items():
            proposed = done - before[move]
            if proposed > 0:
                proposals[move] = move.backflush_proposed_qty + proposed
        groups = OrderedDict()
        for move, qty in proposals.items():
            groups[qty] = groups.get(qty, self.browse()) | move
        for qty, group in groups.items():
            group.write({"backflush_proposed_qty": qty})

    @api.multi
    def _backflush_moved_qty(self):
        """What these done moves took from stock, in their product's stock UoM: their
        move lines' done quantities converted as Odoo moves the quants (half-up)."""
        return sum(line.product_uom_id._compute_quantity(
            line.qty_done, line.product_id.uom_id, rounding_method="HALF-UP")
            for line in self.filtered(lambda move: move.state == "done").mapped(
                "move_line_ids"))
    @api.model_cr
    def init(self):
        """Two searches each posting makes through Odoo, which read every stock move:
        - the FIFO candidates of a product (stock_account searches them for each move it
          values, outgoing ones included, whatever the cost method): the moves with
          quantity left, few, not every move of the product as its product index reads;
        - the open moves (stock.move.line._free_reservation, when a posting consumes
          more than was reserved, resolves ``move_id.state not in (done, cancel)`` to
          every open move): a NOT IN reads no btree index, this partial index holds
          the open moves only (its predicate is the ORM's SQL of that domain)."""
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS stock_move_backflush_fifo_candidates_index
                ON stock_move (product_id, date, id) WHERE remaining_qty > 0""")
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS stock_move_backflush_open_index
                ON stock_move (id) WHERE (state NOT IN ('done', 'cancel') OR state IS NULL)""")

    @api.multi
    def _backflush_priced(self):
        """True for the finished goods (by-products included) of an order whose
        finished product is costed, and the moves of its unbuilds: the backflush prices
        them (the goods an unbuild takes leave at their FIFO or average value), 0
        included."""
        self.ensure_one()
        production = (self.production_id or self.unbuild_id.mo_id
                      or self.consume_unbuild_id.mo_id)
        return bool(production) and production._backflush_is_costed()

    @api.multi
    def _get_price_unit(self):
        # Odoo reads a price of 0 as "not set" and would take the product's cost field
        if self._backflush_priced():
            return self.price_unit
        return super(StockMove, self)._get_price_unit()

    @api.multi
    def _prepare_account_move_line(self, qty, cost, credit_account_id, debit_account_id):
        """A move the backflush priced at 0 (a posting worth nothing) has nothing to post;
        Odoo refuses a valuation of 0 ("The cost of ... is currently equal to 0"). Every
        line of a move of an order carries the order (``manufacture_order_id``)."""
        if (not self.env.context.get("force_valuation_amount")
                and self.company_id.currency_id.is_zero(cost) and self._backflush_priced()):
            return []
        lines = super(StockMove, self)._prepare_account_move_line(
            qty, cost, credit_account_id, debit_account_id)
        production = self._backflush_production()
        for _command, _id, vals in lines if production else []:
            vals["manufacture_order_id"] = production.id
        return lines

    @api.multi
    def _backflush_production(self):
        """The manufacturing order whose work in process this move's valuation goes
        through: the order it consumes for or produces, or the order its unbuild undoes."""
        self.ensure_one()
        return (self.raw_material_production_id or self.production_id
                or self.unbuild_id.mo_id or self.consume_unbuild_id.mo_id)

    @api.model
    def _get_in_base_domain(self, company_id=False):
        """FIFO layers of the company the posting runs for (force_company: the order's,
        see mrp.production._backflush_by_company), not of the user's current company."""
        return super(StockMove, self)._get_in_base_domain(
            company_id=company_id or self.env.context.get("force_company"))

    @api.model
    def _get_all_base_domain(self, company_id=False):
        return super(StockMove, self)._get_all_base_domain(
            company_id=company_id or self.env.context.get("force_company"))

    @api.multi
    def _backflush_needs_lots(self):
        """A top-up of this raw move names lots: its component is tracked, or its order's
        finished product is (each consumed line says which finished lot it went into)."""
        self.ensure_one()
        return (self.product_id.tracking != "none"
                or self.raw_material_production_id.product_id.tracking != "none")

    @api.multi
    def _backflush_lots(self):
        """Lots or serial numbers these done moves consumed."""
        return self.filtered(lambda move: move.state == "done").mapped(
            "move_line_ids").filtered(lambda line: line.lot_id and line.qty_done > 0).mapped(
            "lot_id")

    @api.multi
    def _get_accounting_data_for_valuation(self):
        """A move out of or into a production location is valued against its company's
        Work in Process Account, read at each posting: components consumed post
        Dr WIP / Cr Stock, finished goods Dr Stock / Cr WIP. Taken from the company
        setting itself (not copied onto the locations), a changed WIP account takes
        effect at the next posting, and a production location shared by several
        companies serves each with its own account."""
        journal_id, acc_src, acc_dest, acc_valuation = super(
            StockMove, self)._get_accounting_data_for_valuation()
        wip = self.company_id.backflush_wip_account_id
        if wip and self.location_id.usage == "production":
            acc_src = wip.id
        if wip and self.location_dest_id.usage == "production":
            acc_dest = wip.id
        return journal_id, acc_src, acc_dest, acc_valuation

    @api.multi
    def _create_account_move_line(self, credit_account_id, debit_account_id, journal_id):
        """Within a production posting, the valuation lines of the order's moves are
        collected into the posting (``valuation``: [(move, journal id, date, line
        values)]) and posted with it, in one entry, instead of one entry per move: each
        entry costs about 100 queries in Odoo 11."""
        posting = self._backflush_posting()
        if posting is None:
            result = super(StockMove, self)._create_account_move_line(
                credit_account_id, debit_account_id, journal_id)
            self._backflush_clear_closed_order()
            return result
        # the quantity and value stock_account gives its own entry
        quantity = self.env.context.get("forced_quantity", self.product_qty)
        quantity = quantity if self._is_in() else -quantity
        lines = self._prepare_account_move_line(
            quantity, abs(self.value), credit_account_id, debit_account_id)
        if lines:
            date = self.env.context.get("force_period_date") or fields.Date.context_today(self)
            posting.collect(self, journal_id, date, [dict(vals) for _command, _id, vals in lines])

    @api.multi
    def _backflush_clear_closed_order(self):
        """The valuation just posted for this move outside a posting lands on the WIP of
        its order: when the order is done or cancelled, no posting of it will ever clear
        it, so it is cleared at once (mrp.production._backflush_clear_closed_wip). Odoo
        posts so on a component consumed from the backflush queue after the last posting,
        and on its FIFO correction of a component consumed into negative stock
        (``_fifo_vacuum``: a later receipt prices it; its entry has ``forced_quantity``
        0). An unbuild's moves are left to the unbuild, which clears their WIP itself."""
        self.ensure_one()
        production = self.raw_material_production_id or self.production_id
        if not production or production.state not in ("done", "cancel"):
            return
        production = production.with_context(
            {key: value for key, value in self.env.context.items()
             if key not in ("force_valuation_amount", "forced_quantity", "forced_ref")},
            force_company=production.company_id.id)
        if production._backflush_is_costed():
            production._backflush_clear_closed_wip(
                self, repriced=self.env.context.get("forced_quantity") == 0)

    @api.multi
    def _backflush_posting(self):
        """The production posting this move is done in, if any (see POSTING_KEY)."""
        self.ensure_one()
        postings = self.env.context.get(POSTING_KEY)
        if not postings:
            return None
        production = self.raw_material_production_id or self.production_id
        return postings.get(production.id)
