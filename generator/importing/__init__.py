"""`adal import PLAN.docx`: from the Word work plan an organization already has to a portal.

read.py reads the document (its text parts only, within limits) into plain rows; parse.py
turns them into a plan (pure rules: numbering, continuation rows, dates, people, directions
matched to the standard catalog); write.py writes the portal and the import report.
"""
