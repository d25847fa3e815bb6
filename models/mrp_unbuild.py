# -*- coding: utf-8 -*-
from odoo import _, api, models
from odoo.exceptions import UserError


class MrpUnbuild(models.Model):
    _inherit = "mrp.unbuild"

    @api.multi
    def action_unbuild(self):
        self.ensure_one()
        production = self.mo_id
        costed = production and production._backflush_is_costed()
        if costed:
            problems = production._backflush_account_problems()
            if problems:
                raise UserError(_("Cannot unbuild %s:\n%s")
                                % (production.name, "\n".join("- %s" % p for p in problems)))
        result = super(MrpUnbuild, self).action_unbuild()
        if costed:
            production._backflush_reverse_unbuild(self)
        return result
