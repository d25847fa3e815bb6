# -*- coding: utf-8 -*-
from odoo import _, api, fields, models
from odoo.tools import float_compare

from .res_company import BACKFLUSH_POLICIES


class MrpBackflushLine(models.Model):
    """The backflush log: one line per component per production posting."""
    _name = "mrp.backflush.line"
    _description = "Backflush Log Line"
    _order = "production_id, posting, id"

    production_id = fields.Many2one("mrp.production", string="Manufacturing Order",
                                    required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 index=True)
    posting = fields.Integer(string="Posting", required=True,
                             help="1 for the order's first production posting, 2 for the "
                                  "second, ...")
    date = fields.Datetime(string="Date", required=True)
    bom_line_id = fields.Many2one("mrp.bom.line", string="BOM Line", ondelete="set null")
    product_id = fields.Many2one("product.product", string="Component", required=True)
    product_uom_id = fields.Many2one("product.uom", string="Unit of Measure", required=True)
    policy = fields.Selection(BACKFLUSH_POLICIES, string="Policy")
    required_qty = fields.Float(string="Required", digits=(16, 4),
                                help="BOM quantity for the posting, scrap included.")
    scrap_qty = fields.Float(string="Of Which Scrap", digits=(16, 4))
    consumed_qty = fields.Float(string="Consumed", digits=(16, 4))
    location_id = fields.Many2one("stock.location", string="Source Location")
    location_dest_id = fields.Many2one("stock.location", string="Production Location")
    state = fields.Selection([
        ("done", "Consumed"),
        ("queued", "Queued"),
        ("manual", "Manual"),
        ("operation", "At Operation"),
        ("skipped", "Nothing Left to Consume"),
    ], string="Status", required=True, index=True)
    reason = fields.Char(string="Reason")
    move_id = fields.Many2one("stock.move", string="Stock Move", ondelete="set null")

    @api.multi
    def _backflush_summary_html(self):
        """The chatter message of one posting."""
        rows = "".join(
            "<li>%s: %s %s%s</li>" % (line.product_id.display_name,
                                      line.consumed_qty if line.state != "queued"
                                      else line.required_qty,
                                      line.product_uom_id.name,
                                      "" if line.state == "done"
                                      else " (%s)" % dict(self._fields["state"].selection)[
                                          line.state])
            for line in self)
        return _("<p>Backflush, posting %s:</p><ul>%s</ul>") % (self[:1].posting, rows)

    @api.multi
    def _backflush_retry(self):
        """Post each queued line whose component now has stock at its source."""
        queued = self.filtered(lambda line: line.state == "queued")
        available = self.env["mrp.production"]._backflush_available(
            [(line.product_id, line.location_id) for line in queued])
        for line in queued:
            product = line.product_id
            on_hand = available.get((product.id, line.location_id.id), 0.0)
            if float_compare(on_hand, line.required_qty,
                             precision_rounding=product.uom_id.rounding) < 0:
                line.reason = _("%s %s needed in %s, %s available") % (
                    line.required_qty, product.uom_id.name, line.location_id.display_name,
                    on_hand)
                continue
            move = self.env["stock.move"].create(line._prepare_retry_move_vals())
            move._action_confirm()
            move._action_assign()
            move.quantity_done = line.required_qty
            move._action_done()
            available[(product.id, line.location_id.id)] = on_hand - line.required_qty
            line.write({"state": "done", "consumed_qty": line.required_qty,
                        "move_id": move.id, "reason": False})
            line.production_id._backflush_after_late_consumption(move)
            line.production_id.message_post(body=_(
                "Backflush queue: %s %s of %s consumed.") % (
                line.required_qty, product.uom_id.name, product.display_name))
        return True

    @api.multi
    def _prepare_retry_move_vals(self):
        self.ensure_one()
        production = self.production_id
        return {
            "name": production.name,
            "origin": production.name,
            "product_id": self.product_id.id,
            "product_uom": self.product_uom_id.id,
            "product_uom_qty": self.required_qty,
            "location_id": self.location_id.id,
            "location_dest_id": self.location_dest_id.id,
            "raw_material_production_id": production.id,
            "bom_line_id": self.bom_line_id.id,
            "company_id": self.company_id.id,
            "price_unit": self.product_id.standard_price,
        }
