from tests.saleor.conftest import *  # noqa: F401,F403  (plugin, redis_broker…)
