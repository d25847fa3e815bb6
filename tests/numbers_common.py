# -*- coding: utf-8 -*-
"""Fixture of the tests of issue 11 (right numbers in the situations factories report):
the balances of accounts read from the journal items themselves, the README's Oak
Dining Table, work orders and company settings set as a person sets them."""
from .costing_common import CostingCase


class NumbersCase(CostingCase):

    def _account_balances(self, company=None):
        """{account: balance} of every account of the company with a non-zero balance."""
        company = company or self.company
        groups = self.env["account.move.line"].read_group(
            [("company_id", "=", company.id)], ["account_id", "balance"], ["account_id"])
        return {group["account_id"][0]: round(group["balance"], 2) for group in groups
                if round(group["balance"], 2)}

    def _labels(self, production):
        """Labels of the journal items of the entries linked to the order."""
        return production.backflush_move_ids.mapped("line_ids.name")

    def _rounding_amount(self, production):
        """What the order's entries put on a line labelled Rounding."""
        lines = production.backflush_move_ids.mapped("line_ids").filtered(
            lambda line: "Rounding" in (line.name or ""))
        return round(sum(abs(line.balance) for line in lines), 2)

    @classmethod
    def _oak_table(cls, prefix="Oak"):
        """The README's (and the demo's) Oak Dining Table, standard 160.00: 4 Leg Kits (a
        kit of 1 Steel Leg 8.00, 4 Screws M6 0.05 with 5 % scrap, 1 Corner Bracket 2.50)
        and 0.05 kg of Wood Glue (0.02 a gram) with 10 % scrap at Assemble (30 min at
        Assembly Bench), 1 Oak Top 20.00 consumed at Cut top (12 min at Saw Line). Sets
        cls.oak_* and returns the table."""
        saw = cls._workcenter("%s Saw Line" % prefix)
        bench = cls._workcenter("%s Assembly Bench" % prefix)
        routing = cls.env["mrp.routing"].create({
            "name": "%s: cut and assemble" % prefix,
            "operation_ids": [
                (0, 0, {"name": "Cut top", "sequence": 1, "workcenter_id": saw.id,
                        "time_mode": "manual", "time_cycle_manual": 12.0}),
                (0, 0, {"name": "Assemble", "sequence": 2, "workcenter_id": bench.id,
                        "time_mode": "manual", "time_cycle_manual": 30.0})]})
        cut, assemble = routing.operation_ids.sorted("sequence")
        cls.oak_leg = cls._product("%s Steel Leg" % prefix, 8.0)
        cls.oak_screw = cls._product("%s Screw M6" % prefix, 0.05)
        cls.oak_bracket = cls._product("%s Corner Bracket" % prefix, 2.5)
        cls.oak_glue = cls._product("%s Wood Glue" % prefix, 0.02, uom=cls.uom_gram)
        cls.oak_top = cls._product("%s Oak Top" % prefix, 20.0)
        cls.oak_kit = cls._product("%s Leg Kit" % prefix, 0.0)
        cls._bom(cls.oak_kit, [(cls.oak_leg, 1), (cls.oak_screw, 4, {"scrap_percent": 5.0}),
                               (cls.oak_bracket, 1)], bom_type="phantom")
        table = cls._product("%s Dining Table" % prefix, 160.0)
        cls.oak_bom = cls._bom(table, [
            (cls.oak_kit, 4, {"operation_id": assemble.id}),
            (cls.oak_top, 1, {"operation_id": cut.id, "backflush_policy": "operation"}),
            (cls.oak_glue, 0.05, {"product_uom_id": cls.uom_kg.id, "scrap_percent": 10.0,
                                  "operation_id": assemble.id})], routing=routing)
        for component, qty in ((cls.oak_leg, 1000), (cls.oak_screw, 10000),
                               (cls.oak_bracket, 1000), (cls.oak_glue, 100000),
                               (cls.oak_top, 1000)):
            cls._stock(component, qty)
        cls.oak_table = table
        return table

    def _workorder(self, production, name):
        if not production.workorder_ids:
            production.button_plan()
        return production.workorder_ids.filtered(lambda wo: wo.name == name)

    def _set_company(self, company=None, **values):
        """Company settings the way a person sets them: the settings form."""
        company = company or self.company
        settings = self.env["res.config.settings"].with_context(
            force_company=company.id).create(dict(values, company_id=company.id))
        # Save (what the form's button stores); not execute(), which also re-applies
        # groups and resets the environments: a later test of the same class (one
        # transaction, savepoints) then posted a queued component's move as done with
        # nothing moved. Cause not found; CostingCase saves the same way
        settings.set_values()
