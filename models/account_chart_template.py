# -*- coding: utf-8 -*-
from odoo import api, models


class WizardMultiChartsAccounts(models.TransientModel):
    _inherit = "wizard.multi.charts.accounts"

    @api.multi
    def execute(self):
        """A company that gets its chart of accounts gets backflush costing set up too."""
        result = super(WizardMultiChartsAccounts, self).execute()
        self.company_id._backflush_setup_accounting()
        return result
