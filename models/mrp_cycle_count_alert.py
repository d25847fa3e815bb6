# -*- coding: utf-8 -*-
"""Cycle-count alerts (DESIGN 7): "if the cycle counts result in significant material
quantity variances, then either the BOM is not accurate or scrap is not being recorded
properly". One alert per backflushed component and location whose count differs
significantly from the book, naming the BOMs that use it and what they backflushed."""
from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp

ALERT_STATES = [("new", "New"), ("investigated", "Investigated"), ("resolved", "Resolved")]


class MrpCycleCountAlert(models.Model):
    _name = "mrp.cycle.count.alert"
    _description = "Cycle Count Alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Alert", required=True, readonly=True)
    date = fields.Datetime(string="Counted On", required=True, readonly=True,
                           default=fields.Datetime.now)
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 readonly=True, index=True)
    inventory_id = fields.Many2one("stock.inventory", string="Inventory Adjustment",
                                   readonly=True, ondelete="set null")
    product_id = fields.Many2one("product.product", string="Component", required=True,
                                 readonly=True, index=True)
    product_uom_id = fields.Many2one("product.uom", string="Unit of Measure", readonly=True)
    location_id = fields.Many2one("stock.location", string="Location", required=True,
                                  readonly=True)
    book_qty = fields.Float(string="Book Quantity", readonly=True,
                            digits=dp.get_precision("Product Unit of Measure"))
    counted_qty = fields.Float(string="Counted Quantity", readonly=True,
                               digits=dp.get_precision("Product Unit of Measure"))
    difference_qty = fields.Float(string="Difference", readonly=True,
                                  digits=dp.get_precision("Product Unit of Measure"),
                                  help="Counted - book: negative, more was used than "
                                       "backflushed (BOM quantity or scrap too low).")
    # the quantities with their unit at its precision ("68 Unit(s)", "4,714.4 g")
    book_text = fields.Char(string="Book", compute="_compute_texts")
    counted_text = fields.Char(string="Counted", compute="_compute_texts")
    difference_text = fields.Char(string="Difference", compute="_compute_texts",
                                  help="Counted - book: negative, more was used than "
                                       "backflushed (BOM quantity or scrap too low).")
    difference_percent = fields.Float(string="Difference (%)", readonly=True, digits=(16, 2))
    bom_ids = fields.Many2many("mrp.bom", string="BOMs Using It", readonly=True)
    line_ids = fields.One2many("mrp.cycle.count.alert.line", "alert_id",
                               string="Recent Backflush", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", track_visibility="onchange")
    state = fields.Selection(ALERT_STATES, string="Status", required=True, default="new",
                             track_visibility="onchange")
    note = fields.Text(string="Findings")

    @api.multi
    @api.depends("product_uom_id", "book_qty", "counted_qty", "difference_qty")
    def _compute_texts(self):
        for alert in self:
            uom = alert.product_uom_id
            for name in ("book", "counted", "difference"):
                alert[name + "_text"] = (uom._backflush_format(alert[name + "_qty"])
                                         if uom else False)

    @api.multi
    def action_investigate(self):
        return self.write({"state": "investigated"})

    @api.multi
    def action_resolve(self):
        self.write({"state": "resolved"})
        self.mapped("activity_ids").action_feedback(_("Alert resolved."))
        return True

    @api.multi
    def action_reopen(self):
        return self.write({"state": "new"})

    @api.multi
    def _schedule_review(self):
        """The responsible user's to-do: check the BOM quantities and the scrap."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get(self._name)
        for alert in self:
            self.env["mail.activity"].create({
                "res_model_id": model.id,
                "res_id": alert.id,
                "activity_type_id": activity_type.id,
                "summary": _("Check the BOM and the scrap of %s") % alert.product_id.display_name,
                "note": _("Counted %s in %s, book %s: check the BOM quantities and that "
                          "scrap is recorded.") % (
                    alert.product_uom_id._backflush_format(alert.counted_qty),
                    alert.location_id.display_name,
                    alert.product_uom_id._backflush_format(alert.book_qty)),
                "user_id": alert.user_id.id or self.env.uid,
                "date_deadline": fields.Date.context_today(alert),
            })
