# -*- coding: utf-8 -*-
"""A deferred completion event follows its job: Failed when the job fails for any reason
(a business error is noted by the job itself; retries used up on a busy order, or an
unexpected error, only reach the job's record), set to done by hand before it posted,
or deleted; waiting to post again when it is requeued (Post Again, or Requeue on
Job Queue > Jobs)."""
from odoo import _, api, fields, models
from odoo.addons.queue_job.job import DONE, FAILED, PENDING


class QueueJob(models.Model):
    _inherit = "queue.job"

    backflush_event_ids = fields.One2many("mrp.backflush.event", "job_id",
                                          string="Completion Events", readonly=True)

    @api.multi
    def write(self, vals):
        result = super(QueueJob, self).write(vals)
        if vals.get("state") in (FAILED, DONE):
            # a job that posted its event made it posted first: a pending one did not
            for job in self:
                job.backflush_event_ids.sudo().filtered(
                    lambda event: event.state == "pending")._note_failure(
                    job._backflush_failure())
        elif vals.get("state") == PENDING:
            self.sudo().mapped("backflush_event_ids").filtered(
                lambda event: event.state == "failed").write(
                {"state": "pending", "failure": False})
        return result

    @api.multi
    def unlink(self):
        # an event left pending without its job would never post, and the order's next
        # posting on the screens would take it for its own (a pending event without job
        # is an inline report's, see mrp.production._completion_log_event)
        self.sudo().mapped("backflush_event_ids").filtered(
            lambda event: event.state == "pending")._note_failure(
            _("Its job was deleted before it posted: report it again with a new event id."))
        return super(QueueJob, self).unlink()

    @api.multi
    def _backflush_failure(self):
        """Why the job did not post its event: set to done by hand (its result says by
        whom), or its error message, the last line of its traceback without the
        exception's class ("...FailedJobError: Max. retries (20) reached: ...")."""
        self.ensure_one()
        if self.state == DONE:
            return _("Its job was set to done without posting it (%s): Post Again to post "
                     "it.") % self.result
        lines = (self.exc_info or "").strip().splitlines()
        last = lines[-1] if lines else self.result or ""
        name, separator, message = last.partition(": ")
        return message if separator and " " not in name else last
