# -*- coding: utf-8 -*-
from collections import OrderedDict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import float_is_zero

from ..engine import cycle_count


class StockInventory(models.Model):
    _inherit = "stock.inventory"

    @api.multi
    def action_done(self):
        result = super(StockInventory, self).action_done()
        self._backflush_count_alerts()
        return result

    @api.multi
    def _backflush_count_alerts(self):
        """An alert, with an activity, for each backflushed component whose count differs
        from the book by more than the company's thresholds. The alerts are the system's
        reaction to the count, made whatever the rights of the user who validated it."""
        alerts = self.env["mrp.cycle.count.alert"].sudo()
        for inventory in self:
            counts = inventory._backflush_counts()
            bom_lines = inventory._backflush_component_lines(self.env["product.product"].browse(
                list(set(product.id for product, _location in counts))))
            history = inventory._backflush_history(bom_lines)
            moved = inventory._backflush_moved_products(bom_lines.mapped("product_id"))
            company = inventory.company_id
            for (product, location), (book, counted) in counts.items():
                lines = bom_lines.filtered(lambda line, product=product:
                                           line.product_id == product)
                first_load = product not in moved and float_is_zero(
                    book, precision_rounding=product.uom_id.rounding)
                if not lines or first_load or not cycle_count.is_significant(
                        book, counted, company.backflush_count_threshold_percent,
                        company.backflush_count_threshold_qty, product.uom_id.rounding):
                    continue
                alerts |= alerts.create(inventory._prepare_count_alert_vals(
                    product, location, book, counted, lines, history))
        alerts._schedule_review()
        return alerts

    @api.multi
    def _backflush_counts(self):
        """{(product, location): [book qty, counted qty]} in the product's UoM, lots and
        packages added up."""
        self.ensure_one()
        counts = OrderedDict()
        for line in self.line_ids:
            uom, product_uom = line.product_uom_id, line.product_id.uom_id
            count = counts.setdefault((line.product_id, line.location_id), [0.0, 0.0])
            count[0] += uom._compute_quantity(line.theoretical_qty, product_uom, round=False)
            count[1] += uom._compute_quantity(line.product_qty, product_uom, round=False)
        return counts

    @api.multi
    def _backflush_moved_products(self, products):
        """Those of ``products`` that had a stock move done before this inventory: for
        the others, the count is their first stock load, not a count difference. One
        done move found is enough (counting them read years of moves)."""
        self.ensure_one()
        if not products:
            return products
        self.env.cr.execute("""
            SELECT product.id FROM unnest(%s) AS product(id)
             WHERE EXISTS (SELECT 1 FROM stock_move move
                            WHERE move.product_id = product.id AND move.state = 'done'
                              AND move.inventory_id IS DISTINCT FROM %s)""",
                            (products.ids, self.id))
        return products.browse([row[0] for row in self.env.cr.fetchall()])

    @api.multi
    def _backflush_component_lines(self, products):
        """The lines of this company's active BOMs that backflush one of ``products`` (any
        policy but manual)."""
        self.ensure_one()
        lines = self.env["mrp.bom.line"].sudo().search([
            ("product_id", "in", products.ids), ("bom_id.active", "=", True),
            ("bom_id.company_id", "in", [self.company_id.id, False])])
        return lines.filtered(lambda line: line._backflush_effective_policy() != "manual")

    @api.multi
    def _backflush_history(self, bom_lines):
        """What ``bom_lines`` backflushed over the company's look-back, from the consumed
        backflush log lines: {(BOM id, component id): (orders, consumed quantity, of
        which scrap)}, summed in SQL (the look-back of a busy line holds thousands)."""
        self.ensure_one()
        if not bom_lines:
            return {}
        since = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(
            days=self.company_id.backflush_count_lookback_days)
        self.env.cr.execute("""
            SELECT bom_line.bom_id, bom_line.product_id, count(DISTINCT log.production_id),
                   sum(log.consumed_qty), sum(log.scrap_qty)
              FROM mrp_backflush_line log
              JOIN mrp_bom_line bom_line ON bom_line.id = log.bom_line_id
             WHERE log.bom_line_id IN %s AND log.state = 'done' AND log.date >= %s
             GROUP BY bom_line.bom_id, bom_line.product_id""",
                            (tuple(bom_lines.ids), fields.Datetime.to_string(since)))
        return {(bom_id, product_id): (orders, consumed, scrap)
                for bom_id, product_id, orders, consumed, scrap in self.env.cr.fetchall()}

    @api.multi
    def _prepare_count_alert_vals(self, product, location, book, counted, bom_lines, history):
        self.ensure_one()
        difference = cycle_count.count_difference(book, counted, product.uom_id.rounding)
        boms = bom_lines.mapped("bom_id")
        return {
            "name": _("%s in %s") % (product.display_name, location.display_name),
            "company_id": self.company_id.id,
            "inventory_id": self.id,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "location_id": location.id,
            "book_qty": book,
            "counted_qty": counted,
            "difference_qty": difference.difference_qty,
            "difference_percent": difference.difference_percent,
            "bom_ids": [(6, 0, boms.ids)],
            "line_ids": [(0, 0, self._prepare_count_alert_line_vals(
                bom, bom_lines.filtered(lambda line, bom=bom: line.bom_id == bom), history))
                for bom in boms],
            "user_id": (self.company_id.backflush_count_responsible_id
                        or product.responsible_id).id,
        }

    @api.model
    def _prepare_count_alert_line_vals(self, bom, bom_lines, history):
        product = bom_lines[:1].product_id
        orders, consumed, scrap = history.get((bom.id, product.id), (0, 0.0, 0.0))
        return {
            "bom_id": bom.id,
            "bom_qty": sum(line.product_uom_id._compute_quantity(
                line.product_qty, product.uom_id, round=False) for line in bom_lines
            ) / (bom.product_qty or 1.0),
            "scrap_percent": max(bom_lines.mapped("scrap_percent")),
            "production_count": orders,
            "backflushed_qty": consumed,
            "scrap_qty": scrap,
        }
