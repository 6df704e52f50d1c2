"""数据导入 Import: upload files, preview a dry run, confirm the load, undo a load, templates."""

import streamlit as st

from dashboard import auth, grid, importing
from dashboard.ui import current_access, current_language, demo_badge, fetch, text
from engine.queries import db_path
from presentation.strings import t
from store.errors import DatabaseBusyError, TrackerError

lang = current_language()
access = current_access()
db = db_path()
state = st.session_state
st.title(t("import_title", lang))
st.caption(t("import_caption", lang))
if not db.exists():
    st.info(t("import_no_db", lang))


def attempt(work, *args, **kwargs):
    """Run a write; a busy database or an error becomes a message and stops the page."""
    try:
        return work(*args, **kwargs)
    except DatabaseBusyError:
        st.warning(t("import_busy", lang))
        st.button(t("import_retry", lang), key="import_retry")
    except TrackerError as error:
        st.error(text(error))
    except Exception as error:  # never a traceback
        st.error(t("import_failed", lang, error=text(f"{type(error).__name__}: {error}")))
    st.stop()


def show(report: importing.FileReport) -> None:
    """One file's outcome: counts, rows set aside with their reasons, target findings."""
    if report.status == "unchanged":
        st.info(t("import_unchanged", lang, name=text(report.file_name), load_id=report.load_id))
        return
    if report.status == "error":
        st.error(f"{text(report.error)}  \n{t('import_nothing_written', lang)}")
        return
    status = "import_status_dry_run" if report.status == "dry-run" else "import_status_loaded"
    st.markdown(f"**{text(report.file_name)}** · {t(status, lang, load_id=report.load_id)}")
    for column, (name, value) in zip(st.columns(5), report.counts.items(), strict=False):
        column.metric(t(f"import_{name}", lang), value)
    if report.notes:
        st.caption(text("；".join(report.notes)))
    if report.replaced:
        st.warning(t("import_replaced", lang, codes=text("、".join(report.replaced))))
    if report.status == "dry-run" and not report.stored.empty:
        with st.expander(t("import_stored_rows", lang, n=len(report.stored))):
            grid.show(importing.stored_table(report, lang), hide_index=True)
    if not report.set_aside.empty:
        st.caption(t("import_set_aside", lang))
        grid.show(importing.set_aside_table(report, lang), hide_index=True, width="stretch")
    if not report.findings.empty:
        st.caption(t("import_findings", lang))
        grid.show(importing.findings_table(report, lang), hide_index=True, width="stretch")


def own_units_only(reports: list) -> list:
    """A scoped account's loads that touched other units are undone at once (checked here, on
    the server, after the load: the file's every row is known only then)."""
    if not access.scoped:
        return reports
    touched = fetch("load_units", lang=lang)
    for report in reports:
        if report.load_id is None or report.status != "loaded":
            continue
        units = set(touched.loc[touched["load_id"] == report.load_id, "unit_code"])
        others = sorted(u for u in units if not access.sees(u))
        if others:
            attempt(importing.undo, db, report.load_id)
            auth.record(access.name, "refused", None, f"load {report.load_id}: {','.join(others)}")
            report.status, report.error = (
                "error",
                t("import_refused_units", lang, units="、".join(others)),
            )
    return reports


# what is loaded, from which files; the templates
if not access.writes:
    st.info(t("import_read_only", lang, role=t(f"role_{access.role}", lang)))
kinds = importing.kind_names(lang) if access.writes else {}
kind = (
    st.selectbox(t("import_kind", lang), list(kinds), format_func=kinds.get, key="import_kind")
    if access.writes
    else "targets"
)
project = None
if not access.writes:
    pass
elif kind == "targets":
    st.caption(t("import_targets_help", lang))
else:
    st.caption(t("import_required", lang, columns="、".join(importing.required_headers(kind))))
    help_text = t("import_project_help", lang)
    project = st.text_input(t("import_project", lang), help=help_text, key="import_project")
    project = project.strip() or None
state.setdefault("import_round", 0)  # a new round: a fresh, empty uploader after a load
files = None
if access.writes:
    templates = st.columns([1, 2, 2, 3], vertical_alignment="center")
    templates[0].caption(t("import_templates" if kind == "targets" else "import_example", lang))
    for column, (name, data, mime) in zip(
        templates[1:], importing.template_files(kind), strict=False
    ):
        column.download_button(name, data, file_name=name, mime=mime, icon=":material/download:")
    files = st.file_uploader(
        t("import_files", lang),
        type=importing.FILE_TYPES,
        accept_multiple_files=True,
        key=f"import_files_{state.import_round}",
    )

# the outcome of the load just made (kept across the rerun that emptied the uploader)
if "import_done" in state and not files:
    st.subheader(t("import_result", lang))
    for report in state["import_done"]:
        show(report)

# a dry run of the uploads first (again only when they change), then the confirm button
uploads = [(file.name, file.getvalue()) for file in files or []]
if uploads:
    key = importing.upload_key(kind, project, uploads)
    if state.get("import_preview_of") != key:
        state["import_preview"] = attempt(importing.preview, db, kind, uploads, project=project)
        state["import_preview_of"] = key
    reports = state["import_preview"]
    st.subheader(t("import_preview", lang))
    for report in reports:
        show(report)
    ready = [u for u, r in zip(uploads, reports, strict=True) if r.status == "dry-run"]
    replace = False
    if any(importing.has_changed_vouchers(r) for r in reports):  # the clerk decides
        replace = st.checkbox(t("import_replace_changed", lang), key="import_replace_changed")
    st.caption(t("import_confirm_note", lang))
    if ready and st.button(
        t("import_confirm", lang, n=len(ready)), type="primary", key="import_confirm"
    ):
        bar = st.progress(0.0)

        def advance(done: int, name: str) -> None:
            label = t("import_progress", lang, name=text(name), done=done, total=len(ready))
            bar.progress(done / len(ready), text=label)

        done = attempt(
            importing.load, db, kind, ready, project=project, progress=advance,
            replace_changed=replace, actor=access.name or None,
        )  # fmt: skip
        st.cache_data.clear()  # every page shows the new data at once
        state["import_done"] = own_units_only(done)
        for report in state["import_done"]:
            if report.status == "loaded":
                auth.record(
                    access.name or "web", "load", None, f"{report.load_id} {report.file_name}"
                )
        state.import_round += 1
        del state["import_preview_of"]  # the same files again: a fresh preview (now unchanged)
        st.rerun()

# the load history, with undo (confirmed first)
st.subheader(t("import_history", lang))
if "import_undone" in state:
    st.success(t("import_undone", lang, **state.pop("import_undone")))
if db.exists():
    demo_badge(lang)
history = fetch("imports", lang=lang) if db.exists() else None
if history is None or history.empty:
    st.info(t("import_no_history", lang))
    st.stop()
if access.scoped:  # only the loads of the account's own units
    touched = fetch("load_units", lang=lang)
    mine = touched[touched["unit_code"].isin(access.units)]["load_id"]
    history = history[history["load_id"].isin(set(mine))]
grid.show(importing.history_table(history, lang), hide_index=True, width="stretch")
choices = importing.undo_choices(history, lang) if access.writes else {}
if choices:
    chosen = st.selectbox(
        t("import_undo_choose", lang),
        list(choices),
        format_func=choices.get,
        key="import_undo_choice",
    )
    with st.popover(t("import_undo", lang), icon=":material/undo:"):  # confirm first
        st.warning(t("import_undo_confirm", lang, load=text(choices[chosen])))
        if st.button(t("import_undo_yes", lang), type="primary", key="import_undo_yes"):
            touched = fetch("load_units", lang=lang)
            units = set(touched.loc[touched["load_id"] == chosen, "unit_code"])
            if not access.writes or not access.sees_all(units):  # checked again at the write
                auth.record(access.name, "refused", None, f"undo {chosen}")
                st.error(t("auth_refused_unit", lang, units="、".join(access.units)))
                st.stop()
            removed = attempt(importing.undo, db, chosen)
            auth.record(access.name or "web", "undo", ",".join(sorted(units)) or None, str(chosen))
            st.cache_data.clear()
            state["import_undone"] = {"load_id": chosen, "rows": sum(removed.values())}
            st.rerun()
