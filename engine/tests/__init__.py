"""Engine tests: plain pytest + hypothesis, no Odoo (see engine/__init__.py to run)."""
from hypothesis import settings

settings.register_profile('engine', deadline=None)
settings.load_profile('engine')
