# -*- coding: utf-8 -*-
"""What the addon's queue_job jobs share: their channel, their backoff, and the turning of
PostgreSQL concurrency errors into queue_job's RetryableJobError (DESIGN 7, background
posting)."""
from contextlib import contextmanager

import psycopg2
from psycopg2 import errorcodes

from odoo.addons.queue_job.exception import RetryableJobError

# configured in the server's [queue_job] channels (README, Background posting); a
# channel the runner does not know runs in root
CHANNEL = "root.backflush"
# retry count -> seconds before the next try: quick at first (another posting of the same
# order usually ends within a second), then backing off
RETRY_PATTERN = {1: 1, 3: 5, 6: 30, 10: 300}
# a busy order may refuse its lock many times during a burst of reports
MAX_RETRIES = 20
CONCURRENCY_ERRORS = (errorcodes.LOCK_NOT_AVAILABLE, errorcodes.SERIALIZATION_FAILURE,
                      errorcodes.DEADLOCK_DETECTED)


@contextmanager
def retry_on_concurrency(env, what):
    """Run the block in a savepoint; a PostgreSQL concurrency error in it (the order is
    being posted by another transaction) rolls the block back, with the environment's
    caches, and becomes a RetryableJobError, which queue_job retries after the
    RETRY_PATTERN's delay."""
    try:
        with env.clear_upon_failure(), env.cr.savepoint():
            yield
    except psycopg2.OperationalError as error:
        if error.pgcode not in CONCURRENCY_ERRORS:
            raise
        raise RetryableJobError("%s: %s" % (what, error.pgerror or error))
