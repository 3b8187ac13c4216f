"""`adal region`: a supervising body's regional portal, rolled up from the open data its
organizations published (config.py → published.py → rollup.py → pages.py, tied in build.py)."""
