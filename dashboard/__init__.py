"""The dashboard: reads the store (never writes) and shows it as Streamlit pages.

Layers: `queries` (SQL, one function per question) → `rules` (pure Python) → `charts` (figures)
→ `views` (thin Streamlit pages; not `pages/`, which Streamlit would auto-discover). `strings` holds every user-visible text in Chinese and English.
"""
