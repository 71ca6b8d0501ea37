"""`vorlage serve`: drafting in the browser. See app.py."""
