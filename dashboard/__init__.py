"""The dashboard: the Streamlit face. `app` routes; `views/` are the thin pages (not `pages/`, which
Streamlit would auto-discover); `ui` holds the widgets and cached fetches every page shares;
`form_ui` and `importing` are the official forms' and the import page's helpers.

May import: every layer below it (`store`, `loaders` for the import page and form saves, `engine`,
`presentation`, `exports`). The only package that imports Streamlit; nothing imports the dashboard.
SQL text stays in the engine and the loaders, never in a page.
"""
