# -*- coding: utf-8 -*-
"""Backflush of the components at each production posting (DESIGN 2, 3).

A posting (``post_inventory``: Post Inventory, Mark as Done) of ``q`` finished units:
1. ``_backflush_plan``: what each component of the exploded BOM requires for ``q``
   (engine.consumption), what was already recorded for this posting, what to top up;
2. ``_backflush_check_stock``: the company's insufficient-stock policy, before any
   write (block: one UserError; queue: the short components wait);
3. ``_backflush_record``: the top-ups written on the raw moves;
4. the native posting (moves done, valuation);
5. ``_backflush_log_posting``: one backflush line per component, one chatter message.
"""
from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from ..engine import consumption as consumption_engine


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    backflush_line_ids = fields.One2many(
        "mrp.backflush.line", "production_id", string="Backflush Log", readonly=True,
        copy=False)
    backflush_queued_count = fields.Integer(
        compute="_compute_backflush_queued_count", string="Queued Components")

    @api.multi
    @api.depends("backflush_line_ids.state")
    def _compute_backflush_queued_count(self):
        for production in self:
            production.backflush_queued_count = len(production.backflush_line_ids.filtered(
                lambda line: line.state == "queued"))

    @api.multi
    def _backflush_posting_qty(self):
        """Quantity of the finished product recorded (produce wizard, work orders) but not
        yet posted, in the MO's unit of measure: what the next posting completes."""
        self.ensure_one()
        moves = self.move_finished_ids.filtered(
            lambda m: m.product_id == self.product_id and m.state not in ("done", "cancel"))
        return sum(m.product_uom._compute_quantity(m.quantity_done, self.product_uom_id)
                   for m in moves)

    # ------------------------------------------------------------------ explosion
    @api.multi
    def _backflush_explode(self, qty):
        """[(leaf BOM line, engine LineRequirement)] for ``qty`` (MO UoM) of the finished
        product: kits exploded at any depth, scrap included, quantities in each
        component's stock UoM rounded up to its rounding."""
        self.ensure_one()
        bom_lines = {}
        kits = {}  # {product id: its kit BOM or empty}, one search per BOM

        def engine_bom(bom, product):
            lines = []
            bom_products = bom.bom_line_ids.mapped("product_id")
            kits.update(self._backflush_kits(bom_products.filtered(
                lambda component: component.id not in kits), bom))
            for line in bom.bom_line_ids:
                if line._skip_bom_line(product):
                    continue
                kit = kits[line.product_id.id]
                to_uom = kit.product_uom_id if kit else line.product_id.uom_id
                bom_lines[line.id] = line
                lines.append(consumption_engine.BomLine(
                    line.id, line.product_id.id, line.product_qty,
                    line.product_uom_id._compute_quantity(1.0, to_uom, round=False),
                    line.scrap_percent, line.product_id.uom_id.rounding))
            return consumption_engine.Bom(product.id, bom.product_qty, lines)

        products = self.env["product.product"]

        def find_kit(product_id):
            kit = kits[product_id]
            return engine_bom(kit, products.browse(product_id)) if kit else None

        bom_qty = self.product_uom_id._compute_quantity(
            qty, self.bom_id.product_uom_id, round=False)
        try:
            requirements = consumption_engine.explode(
                engine_bom(self.bom_id, self.product_id), bom_qty, find_kit)
        except ValueError as error:
            raise UserError(_("Cannot explode the bill of materials of %s: %s")
                            % (self.name, error))
        return [(bom_lines[req.line_key], req) for req in requirements]

    @api.model
    def _backflush_kits(self, products, parent_bom):
        """{product id: its phantom (kit) BOM, or an empty recordset} of the components
        ``products`` of ``parent_bom``, in one search: for each, the BOM that
        mrp.bom._bom_find would choose (variant BOM first, then by sequence)."""
        Bom = self.env["mrp.bom"]
        domain = ["|", ("product_id", "in", products.ids), "&", ("product_id", "=", False),
                  ("product_tmpl_id", "in", products.mapped("product_tmpl_id").ids)]
        if parent_bom.picking_type_id:
            domain += ["|", ("picking_type_id", "=", parent_bom.picking_type_id.id),
                       ("picking_type_id", "=", False)]
        company_id = parent_bom.company_id.id or self.env.context.get("company_id")
        if company_id:
            domain += [("company_id", "=", company_id)]
        boms = Bom.search(domain, order="sequence, product_id") if products else Bom
        kits = {}
        for product in products:
            bom = next((bom for bom in boms if bom.product_id == product or (
                not bom.product_id and bom.product_tmpl_id == product.product_tmpl_id)), Bom)
            kits[product.id] = bom if bom.type == "phantom" else Bom
        return kits

    # ------------------------------------------------------------------- posting
    @api.multi
    def post_inventory(self):
        plans = OrderedDict((production, production._backflush_plan(
            production._backflush_posting_qty())) for production in self)
        plans = OrderedDict((production, plan) for production, plan in plans.items() if plan)
        for production, plan in plans.items():
            production._backflush_check_stock(plan)
        for production, plan in plans.items():
            production._backflush_record(plan)
        result = super(MrpProduction, self).post_inventory()
        for production, plan in plans.items():
            production._backflush_log_posting(plan)
        return result

    @api.multi
    def _backflush_plan(self, qty, policy="finish", moves=None):
        """One dict per leaf BOM line for a posting of ``qty`` (MO UoM) that consumes the
        components of ``policy`` (see ``_backflush_prepare_item``); ``moves`` limits the
        plan to the lines of those raw moves (a work order's)."""
        self.ensure_one()
        if float_compare(qty, 0.0, precision_rounding=self.product_uom_id.rounding) <= 0:
            return []
        open_moves = (moves or self.move_raw_ids).filtered(
            lambda move: move.state not in ("done", "cancel") and move.bom_line_id)
        moves_by_line = {}
        for move in open_moves:
            moves_by_line.setdefault(move.bom_line_id.id, self.env["stock.move"])
            moves_by_line[move.bom_line_id.id] |= move
        return [self._backflush_prepare_item(bom_line, requirement,
                                             moves_by_line.get(bom_line.id, open_moves[:0]),
                                             policy)
                for bom_line, requirement in self._backflush_explode(qty)
                if moves is None or bom_line.id in moves_by_line]

    @api.multi
    def _backflush_prepare_item(self, bom_line, requirement, moves, consume_policy):
        """What the posting does with one leaf BOM line's component (quantities in its
        stock UoM): a component of ``consume_policy`` is topped up to what it requires."""
        product = bom_line.product_id
        policy = bom_line._backflush_effective_policy()
        recorded = sum(move.product_uom._compute_quantity(
            move.quantity_done, product.uom_id, round=False) for move in moves)
        consume = policy == consume_policy and bool(moves)
        return {
            "bom_line": bom_line, "product": product, "policy": policy, "moves": moves,
            "consume": consume, "location": moves[:1].location_id or self.location_src_id,
            "required_qty": requirement.required_qty, "scrap_qty": requirement.scrap_qty,
            "recorded_qty": recorded,
            "to_consume_qty": consumption_engine.top_up(
                requirement.required_qty, recorded, product.uom_id.rounding) if consume else 0.0,
            "queued_reason": False,
        }

    @api.multi
    def _backflush_check_stock(self, plan):
        """Apply the company's insufficient-stock policy to the components the posting
        consumes automatically: block raises one UserError naming every short component;
        queue marks them, so they wait in the backflush queue instead."""
        self.ensure_one()
        policy = self.company_id.backflush_negative_policy
        if policy == "allow":
            return
        shortages = []
        available = self._backflush_available(
            [(item["product"], item["location"]) for item in plan if item["consume"]])
        for item in plan:
            if not item["consume"]:
                continue
            product, location = item["product"], item["location"]
            needed = item["recorded_qty"] + item["to_consume_qty"]
            on_hand = available.get((product.id, location.id), 0.0)
            if float_compare(needed, on_hand, precision_rounding=product.uom_id.rounding) > 0:
                shortages.append((item, needed, on_hand))
                # several lines of one component share what is there
            available[(product.id, location.id)] = max(0.0, on_hand - needed)
        if not shortages:
            return
        if policy == "block":
            raise UserError(_("Not enough stock to backflush %s:\n%s") % (self.name, "\n".join(
                _("- %s: %s %s needed in %s, %s available") % (
                    item["product"].display_name, needed, item["product"].uom_id.name,
                    item["location"].display_name, on_hand)
                for item, needed, on_hand in shortages)))
        for item, needed, on_hand in shortages:
            item["queued_reason"] = _("%s %s needed in %s, %s available") % (
                needed, item["product"].uom_id.name, item["location"].display_name, on_hand)

    @api.model
    def _backflush_available(self, pairs):
        """{(product id, location id): quantity on hand there, children included} of
        [(product, location)] pairs, in one query per location (read fresh: stock may
        have moved within the transaction)."""
        available = {}
        by_location = OrderedDict()
        for product, location in pairs:
            by_location.setdefault(location, set()).add(product.id)
        for location, product_ids in by_location.items():
            groups = self.env["stock.quant"].sudo().read_group(
                [("product_id", "in", list(product_ids)),
                 ("location_id", "child_of", location.id)],
                ["product_id", "quantity"], ["product_id"])
            for group in groups:
                available[(group["product_id"][0], location.id)] = group["quantity"]
        return available

    @api.multi
    def _backflush_record(self, plan):
        """Write the top-ups on the raw moves; a queued component records nothing now."""
        self.ensure_one()
        for item in plan:
            if not item["consume"]:
                continue
            if item["queued_reason"]:
                item["moves"].mapped("move_line_ids").write({"qty_done": 0.0})
                continue
            if float_is_zero(item["to_consume_qty"],
                             precision_rounding=item["product"].uom_id.rounding):
                continue
            move = item["moves"][0]
            extra = item["product"].uom_id._compute_quantity(
                item["to_consume_qty"], move.product_uom, round=False)
            if len(move._get_move_lines()) < 2:
                move.quantity_done += extra
            else:
                move._set_quantity_done(extra)

    @api.multi
    def _backflush_log_posting(self, plan):
        """One backflush line per component of the posting, and a chatter message."""
        self.ensure_one()
        posting = len(set(self.backflush_line_ids.mapped("posting"))) + 1
        vals_list = [self._backflush_prepare_line_vals(item, posting) for item in plan]
        lines = self.env["mrp.backflush.line"]
        for vals in vals_list:
            lines |= lines.create(vals)
        self.message_post(body=lines._backflush_summary_html())
        return lines

    @api.multi
    def _backflush_prepare_line_vals(self, item, posting):
        product = item["product"]
        done_moves = item["moves"].filtered(lambda move: move.state == "done")
        consumed = sum(move.product_qty for move in done_moves)
        if item["queued_reason"]:
            state, consumed = "queued", 0.0
        elif item["consume"]:
            state = "done"
        elif item["policy"] in ("manual", "operation"):
            state = item["policy"]
        else:
            state = "skipped"  # no open raw move left for this component
        return {
            "production_id": self.id,
            "company_id": self.company_id.id,
            "posting": posting,
            "date": fields.Datetime.now(),
            "bom_line_id": item["bom_line"].id,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "policy": item["policy"],
            "required_qty": item["required_qty"],
            "scrap_qty": item["scrap_qty"],
            "consumed_qty": consumed,
            "location_id": item["location"].id,
            "location_dest_id": self.product_id.property_stock_production.id,
            "state": state,
            "reason": item["queued_reason"] or False,
            "move_id": done_moves[:1].id,
        }

    @api.multi
    def action_backflush_retry(self):
        """Button and cron: post the queued components that now have stock."""
        self.mapped("backflush_line_ids").filtered(
            lambda line: line.state == "queued")._backflush_retry()
        return True

    @api.model
    def _cron_backflush_retry(self):
        self.env["mrp.backflush.line"].search([("state", "=", "queued")])._backflush_retry()

    @api.multi
    def _backflush_after_late_consumption(self, move):
        """Hook: a queued component was consumed after the goods were received."""
        return True

    # -------------------------------------------------------- operation policy
    @api.multi
    def _backflush_operation(self, workorder, qty):
        """A work order recorded ``qty`` (MO UoM): post its `operation` components."""
        self.ensure_one()
        plan = self._backflush_plan(qty, "operation", workorder.move_raw_ids)
        plan = [item for item in plan if item["consume"]]
        if not plan:
            return
        self._backflush_check_stock(plan)
        self._backflush_record(plan)
        moves = self.env["stock.move"]
        for item in plan:
            if not item["queued_reason"]:
                moves |= item["moves"]
        moves._action_done()
        self._backflush_log_posting(plan)

    @api.multi
    def _generate_raw_move(self, bom_line, line_data):
        """Components with a supermarket location are consumed from it."""
        move = super(MrpProduction, self)._generate_raw_move(bom_line, line_data)
        if move and bom_line.supermarket_location_id:
            move.location_id = bom_line.supermarket_location_id
        return move
