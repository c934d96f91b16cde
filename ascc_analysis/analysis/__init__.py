"""Analysis layer: pure functions over tidy frames; no file reading, no plotting (built on ``data``)."""
