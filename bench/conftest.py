from tests.support.fixtures import *  # noqa: F401,F403  (plugin, redis_broker…)
