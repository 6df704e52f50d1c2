"""How numbers and words look, shared by every face: the Chinese/English catalogue (`strings`) and
the plotly figure builders (`charts`, pure `(frame, …) -> go.Figure`).

May import: `store`, `engine`. No Streamlit, no SQL, no files.
"""
