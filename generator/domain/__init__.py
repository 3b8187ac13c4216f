"""The domain: the file format (schema), the validated model, and the pure rules over it
(dates, deadline status, public filter, views, reference data). Imports nothing else of Adal."""
