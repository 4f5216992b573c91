"""OpenAPI 3 to Python bindings generator."""
