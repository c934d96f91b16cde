"""Pipeline layer: the command line, plan, workers, cache, gate and publishing; nothing imports it."""
