"""HTML views of the prevention app, one module per page family; urls.py imports them."""
