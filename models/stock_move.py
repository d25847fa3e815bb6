# -*- coding: utf-8 -*-
from odoo import api, fields, models

# context key: {production id: its posting} while mrp.production.post_inventory posts
POSTING_KEY = "backflush_postings"


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
        Odoo refuses a valuation of 0 ("The cost of ... is currently equal to 0")."""
        if (not self.env.context.get("force_valuation_amount")
                and self.company_id.currency_id.is_zero(cost) and self._backflush_priced()):
            return []
        return super(StockMove, self)._prepare_account_move_line(
            qty, cost, credit_account_id, debit_account_id)

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
            return super(StockMove, self)._create_account_move_line(
                credit_account_id, debit_account_id, journal_id)
        # the quantity and value stock_account gives its own entry
        quantity = self.env.context.get("forced_quantity", self.product_qty)
        quantity = quantity if self._is_in() else -quantity
        lines = self._prepare_account_move_line(
            quantity, abs(self.value), credit_account_id, debit_account_id)
        if lines:
            date = self.env.context.get("force_period_date") or fields.Date.context_today(self)
            posting["valuation"].append(
                (self, journal_id, date, [dict(vals) for _command, _id, vals in lines]))

    @api.multi
    def _backflush_posting(self):
        """The production posting this move is done in, if any (see POSTING_KEY)."""
        self.ensure_one()
        postings = self.env.context.get(POSTING_KEY)
        if not postings:
            return None
        production = self.raw_material_production_id or self.production_id
        return postings.get(production.id)
