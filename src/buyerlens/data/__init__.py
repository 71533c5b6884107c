"""Package data: the demo bundle (demo.json, buyerlens/v1) and its story (DEMO.md)."""
