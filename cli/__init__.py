"""The `tracker` command (`main`): loads files, prints status, scores, findings and histories, writes
the meeting pack and the official forms. `textable` draws its plain-text tables.

May import: every layer below it (`store`, `loaders`, `engine`, `presentation`, `exports`). Never
Streamlit or `dashboard`; nothing imports the CLI.
"""
