"""The files the tracker hands out: the monthly meeting pack (`meeting_pack`: .xlsx, single-file
HTML, PDF) and the official forms in the bureau's layout (`official_forms`: .xlsx, .docx).

May import: `store`, `engine`, `presentation`. Never Streamlit, `loaders`, `dashboard` or `cli`.
"""
