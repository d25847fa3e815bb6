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
        the others, the count is their first stock load, not a count difference."""
        self.ensure_one()
        groups = self.env["stock.move"].sudo().read_group(
            [("product_id", "in", products.ids), ("state", "=", "done"),
             ("inventory_id", "!=", self.id)], ["product_id"], ["product_id"])
        return products.browse([group["product_id"][0] for group in groups])

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
        """The consumed backflush log lines of ``bom_lines`` over the company's look-back."""
        self.ensure_one()
        since = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(
            days=self.company_id.backflush_count_lookback_days)
        return self.env["mrp.backflush.line"].sudo().search([
            ("bom_line_id", "in", bom_lines.ids), ("state", "=", "done"),
            ("date", ">=", fields.Datetime.to_string(since))])

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
        logged = history.filtered(lambda log: log.bom_line_id in bom_lines)
        return {
            "bom_id": bom.id,
            "bom_qty": sum(line.product_uom_id._compute_quantity(
                line.product_qty, product.uom_id, round=False) for line in bom_lines
            ) / (bom.product_qty or 1.0),
            "scrap_percent": max(bom_lines.mapped("scrap_percent")),
            "production_count": len(logged.mapped("production_id")),
            "backflushed_qty": sum(logged.mapped("consumed_qty")),
            "scrap_qty": sum(logged.mapped("scrap_qty")),
        }
