# -*- coding: utf-8 -*-
"""The production posting of one manufacturing order, as one object the steps of
``mrp.production.post_inventory`` read and whose results they hand on (see
``mrp_production.py``): plan -> check -> move stock -> read what moved -> value ->
convert -> clear -> entries -> log.
"""
from collections import OrderedDict

# context key: {production id: its BackflushPosting} while mrp.production.post_inventory
# posts: stock.move._create_account_move_line collects the valuation of the order's moves
# into it (``collect``) instead of posting an entry per move
POSTING_KEY = "backflush_postings"


class BackflushPosting(object):
    """One posting of the quantity an order recorded since its last posting.

    The plan (``mrp.production._prepare_backflush_posting``):
    - ``production``: the mrp.production posted;
    - ``qty``: the quantity posted, in the order's unit (not rounded);
    - ``product_qty``: the same, in the finished product's stock unit;
    - ``posted_before``: what the order's earlier postings posted, in the order's unit
      (rounding is trued up over all of them);
    - ``date``: the date of the posting's entries (``YYYY-MM-DD``);
    - ``requirements``: [(mrp.bom.line, engine.consumption Requirement)], the BOM
      exploded for ``posted_before + qty`` ([] when ``qty`` is 0);
    - ``plan``: [BackflushItem], one per leaf BOM line: what each component requires,
      what was recorded, what to top up; the stock check marks the items it queues
      (``queued_reason``);
    - ``costed``: the finished product is valued in real time: the conversion costs
      and the clearing of the order's WIP apply;
    - ``finished_before``: {ids of the order's finished moves done before the posting};
    - ``workorder``: the mrp.workorder whose `operation` components a work order's
      posting consumes (``mrp.production._backflush_operation``: ``qty`` is what the
      work order recorded, nothing is received: ``product_qty`` 0), else None.
    The costing of a costed order with a quantity (``set_costing``, the values of
    ``mrp.production._prepare_backflush_costing``):
    - ``wip_before``: the order's WIP balance before the posting (company currency);
    - ``hours``, ``standard_hours``: {mrp.workcenter: machine hours} as costed, and at
      standard time (the efficiency variance);
    - ``time_logs``: the mrp.workcenter.productivity logs the posting costs;
    - ``rates``: {(mrp.cost.pool, mrp.workcenter or empty): rate (currency per unit of
      the pool's basis; percent for cost bases)};
    - ``missing_rates``: [message of each pool in use without a valid rate].
    What the steps after Odoo's own posting return:
    - ``valuation``: [(stock.move, journal id, date, [account.move.line values])]: what
      moved, read from the valuation stock_account makes of each move (``collect``);
    - ``conversion``: [engine.conversion Applied] rows, amount not zero
      (``mrp.production._prepare_backflush_conversion``);
    - ``clearing``: None, or {``raw``: the component moves it clears, ``rest``: the WIP
      left (currency), ``amounts``: {(variance kind, pool id or False): amount}}
      (``mrp.production._prepare_backflush_clearing``).
    """

    def __init__(self, production, qty, product_qty, posted_before, date, requirements,
                 plan, costed, finished_before, workorder=None):
        self.production = production
        self.qty = qty
        self.product_qty = product_qty
        self.posted_before = posted_before
        self.date = date
        self.requirements = requirements
        self.plan = plan
        self.costed = costed
        self.finished_before = finished_before
        self.workorder = workorder
        self.wip_before = 0.0
        self.hours = OrderedDict()
        self.standard_hours = OrderedDict()
        self.time_logs = production.env["mrp.workcenter.productivity"]
        self.rates = OrderedDict()
        self.missing_rates = []
        self.valuation = []
        self.conversion = []
        self.clearing = None

    def __repr__(self):
        return "<BackflushPosting %s: %s>" % (self.production.name, self.qty)

    def set_costing(self, values):
        """Take the costing ``values`` ({attribute: value}, the costing attributes
        above)."""
        for name, value in values.items():
            if not hasattr(self, name):
                raise AttributeError("BackflushPosting has no attribute %s" % name)
            setattr(self, name, value)

    def collect(self, move, journal_id, date, lines):
        """What ``move`` moved, as stock_account values it: its ``lines`` (values of
        account.move.line) for ``journal_id`` on ``date``, posted with the posting."""
        self.valuation.append((move, journal_id, date, lines))


class BackflushItem(object):
    """What a posting does with the component of one leaf BOM line
    (``mrp.production._backflush_prepare_item``; quantities in the component's stock
    unit):
    - ``bom_line``, ``product``: the mrp.bom.line and its product.product;
    - ``policy``: its effective backflush policy (`finish`, `operation`, `manual`);
    - ``workorder``: the mrp.workorder whose posting it is part of, else None;
    - ``line_moves``: the order's raw moves of the line not cancelled (done ones
      included); ``moves``: the open ones; ``move``: the open move the top-up is
      written on (a new one when none is open: the top-up step sets it);
    - ``consume``: the posting consumes it (its policy's stage is the posting's);
    - ``location``: the stock.location it is consumed from;
    - ``required_qty``, ``scrap_qty``: what the BOM requires for the posting (trued up
      across postings), and the planned scrap of it;
    - ``ahead_qty``: consumed ahead of the posting (done, in no posting's log) and
      counted in it;
    - ``recorded_qty``: what a person recorded on the open moves (Odoo's own proposal
      left out); ``proposal``: Odoo's proposal is on the open moves, replaced by the
      posting's quantity;
    - ``to_consume_qty``: the top-up; ``posting_qty``: what the posting takes from
      stock for the line (recorded + top-up);
    - ``queued_reason``: False, or why it waits in the backflush queue (set by the
      stock check);
    - ``done_before``: {ids of the line's moves done before the posting}: the log reads
      what the others moved.
    """

    FIELDS = ("bom_line", "product", "policy", "line_moves", "moves", "consume",
              "location", "required_qty", "scrap_qty", "ahead_qty", "recorded_qty",
              "proposal", "to_consume_qty", "posting_qty", "move", "done_before")

    def __init__(self, **values):
        missing = [name for name in self.FIELDS if name not in values]
        unknown = [name for name in values if name not in self.FIELDS]
        if missing or unknown:
            raise TypeError("BackflushItem: missing %s, unknown %s" % (missing, unknown))
        for name, value in values.items():
            setattr(self, name, value)
        self.workorder = None
        self.queued_reason = False

    def __repr__(self):
        return "<BackflushItem %s: %s>" % (self.product.display_name, self.posting_qty)
