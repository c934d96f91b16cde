"""Run the generator: ``python -m scripts.tool1_register [--out DIR]`` from the project root."""

from .cli import main

raise SystemExit(main())
