"""Thin routers: each parses the request, calls the graph layer, returns its shapes."""
