"""HTML views of the cases app, one module per page family; urls.py imports them."""
