# -*- coding: utf-8 -*-
from odoo import api, fields, models


class MrpBackflushSetupResult(models.TransientModel):
    """What "Set Up WIP Valuation" did, shown to the person who pressed it."""
    _name = "mrp.backflush.setup.result"
    _description = "WIP Valuation Set-Up Result"

    summary = fields.Text(string="Done", readonly=True)

    @api.multi
    def action_close(self):
        # the settings screen shows the accounts and journal the set-up filled in
        return {"type": "ir.actions.client", "tag": "reload"}
