"""Helper scripts of the project, run as modules from the project root (``python -m scripts.<name>``)."""
