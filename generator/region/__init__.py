"""`adal region`: a supervising body's regional portal, rolled up from the open data its
organizations published (config.py → published.py → rollup.py → pages.py, tied in build.py),
and a national one over regions' published summaries (summary.py reads their region.json;
counts.py holds the counts both share)."""
