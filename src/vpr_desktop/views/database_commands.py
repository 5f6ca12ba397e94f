"""The File menu's database commands: open, new, demo, back up now and restore a backup.

Opening runs as a background job (``views.opening``) and hands the services to
:meth:`MainWindow.attach`; restoring lets go of the database first, because the restore needs
the file's lock, and opens it again afterwards. These live apart from the window, which only
shows whatever database is attached to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from vpr_desktop import APP_NAME

if TYPE_CHECKING:
    from vpr_desktop.services.container import Services
    from vpr_desktop.store.backup import BackupResult
    from vpr_desktop.store.encryption import KeyNeededError
    from vpr_desktop.views.admin.open_shared import OpenSharedDialog
    from vpr_desktop.views.admin.recovery_key import RecoveryKeyDialog
    from vpr_desktop.views.common.worker import CancelledFn
    from vpr_desktop.views.common.worker import JobRunner
    from vpr_desktop.views.common.worker import ProgressFn
    from vpr_desktop.views.main_window import MainWindow

log = logging.getLogger(__name__)

#: Forms whose drafts are offered back at start: form name -> (words, page key).
DRAFT_FORMS = {"incident": ("The incident form's narrative", "incidents")}

DB_FILTER = "VPR Desktop databases (*.db *.sqlite *.sqlite3);;All files (*)"


class DatabaseCommands:
    """Opening, creating, backing up and restoring the window's database."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.recovery_dialog: RecoveryKeyDialog | None = None  # the last one asked

    # ================================================================== opening

    def open_target(
        self,
        target: str | None,
        *,
        demo: bool = False,
        mode: str = "auto",
        create: bool = True,
        done_note: str = "Database open",
    ) -> None:
        """Open ``target`` (or the demo / default database) in the background, then attach;
        ``done_note`` is what the status bar says once it is open."""
        from vpr_desktop.views.opening import describe_target
        from vpr_desktop.views.opening import open_services_job

        window = self.window
        window.ensure_setup()
        if window.runner.is_busy():
            return
        where = describe_target(target, demo)
        if window.services is None and not window.early_pages:  # (early rows stay on show)
            window.start_page.show_opening(where)
            window.stack.setCurrentWidget(window.start_page)
        window.runner.start(
            open_services_job(target, demo=demo, mode=mode, create=create),
            label=f"Opening {where}…",
            on_done=self._attach_and_verify,
            on_error=self._open_failed,
            on_cancelled=self._open_cancelled,
            on_discard=_close_services,
            cancellable=demo,
            purpose="write",
            done_note=done_note,
        )

    def _attach_and_verify(self, services: Services) -> None:
        self.window.attach(services)
        self.verify(services)

    def verify(self, services: Services) -> None:
        """The integrity check the open left for later, off the GUI thread (see
        ``store.database``): until it passes no write reaches the file; if it fails, the
        database is closed and refused with the words an immediate check would use."""
        from vpr_desktop.views.common.worker import Job

        if services.db.integrity_checked and services.login_audited:
            return
        job = Job(lambda _progress, _cancelled: services.verify(), "Checking the database")
        job.signals.failed.connect(lambda exc: self._verify_failed(services, exc))
        job.start("check")  # its own pool: the first page's reads do not wait behind it

    def _verify_failed(self, services: Services, exc: BaseException) -> None:
        window = self.window
        if window.services is not services:
            return  # another database replaced it meanwhile (and closed it)
        _detached, owned = window.detach()
        if owned:
            close_in_background(services)
        window.setWindowTitle(APP_NAME)
        window.stack.setCurrentWidget(window.start_page)
        self._open_failed(exc)  # the start page and the message, as a refused open shows

    def _open_failed(self, exc: BaseException) -> None:
        from vpr_desktop.store.encryption import KeyNeededError
        from vpr_desktop.views.crash import report_error

        if isinstance(exc, KeyNeededError):
            self.ask_recovery_key(exc)
            return
        if self.window.services is None:
            self.window.start_page.show_closed(
                getattr(exc, "message", "The database did not open.")
            )
            self.window.show_start_sidebar()
        report_error(exc, self.window)

    def ask_recovery_key(self, refusal: KeyNeededError) -> RecoveryKeyDialog:
        """An encrypted database this computer has no key for: ask for its recovery key,
        then open it (``views.admin.recovery_key``)."""
        from vpr_desktop.views.admin.recovery_key import RecoveryKeyDialog

        window = self.window
        if window.services is None:
            window.start_page.show_closed(refusal.message)
            window.show_start_sidebar()

        def unlocked(kept: bool) -> None:
            self.open_target(
                str(refusal.path),
                create=False,
                done_note="Database open"
                if kept
                else "Database open; this computer has no password store, so its recovery key "
                "is asked for again next time",
            )

        dialog = RecoveryKeyDialog(refusal.path, refusal.message, unlocked, window)
        self.recovery_dialog = dialog
        dialog.open()
        return dialog

    def _open_cancelled(self) -> None:
        if self.window.services is None:
            self.window.start_page.show_closed("Opening was cancelled.")
            self.window.show_start_sidebar()

    def open_database(self) -> None:
        """File > Open database…: ask for a file, then open it in the background."""
        from PySide6.QtWidgets import QFileDialog

        services = self.window.services
        db_path = services.db.path if services is not None else None
        start = str(Path(db_path).parent) if db_path is not None else ""
        path, _filter = QFileDialog.getOpenFileName(self.window, "Open database", start, DB_FILTER)
        if path:
            self._switch_to(path, create=False)

    def open_shared_database(self) -> OpenSharedDialog:
        """File > Open shared database…: the connection dialog for a PostgreSQL database."""
        from vpr_desktop.views.admin.open_shared import OpenSharedDialog

        self.window.ensure_setup()
        dialog = OpenSharedDialog(self.window)
        dialog.open()
        return dialog

    def open_shared(
        self,
        url: str,
        *,
        password: str | None,
        where: str,
        on_opened: Callable[[Services], None],
        on_failed: Callable[[BaseException], None],
    ) -> bool:
        """Open a shared database in the background for the connection dialog, then attach.

        Unlike :meth:`open_target`, a failure goes back to the dialog (``on_failed``), which
        shows it beside what was typed. ``url`` has no password; ``password`` reaches psycopg
        only. False when another task is running, so nothing was started.
        """
        from vpr_desktop.views.opening import open_services_job

        window = self.window
        window.ensure_setup()
        if window.runner.is_busy():
            return False

        def done(services: Services) -> None:
            on_opened(services)
            window.attach(services)

        window.runner.start(
            open_services_job(url, mode="rw", password=password),
            label=f"Opening {where}…",
            on_done=done,
            on_error=on_failed,
            on_discard=_close_services,
            cancellable=False,
            purpose="write",
            done_note="Database open",
        )
        return True

    def new_database(self) -> None:
        """File > New database…: ask for a new file name; an existing file is never replaced."""
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(
            self.window, "New database", "vpr.db", DB_FILTER
        )
        if not path:
            return
        if Path(path).exists():
            from vpr_desktop.views.common.dialogs import show_message

            show_message(
                "A file with that name exists",
                f"{path} already exists, so a new database was not created there.",
                "Choose a new file name, or use File > Open database to open it.",
                self.window,
            )
            return
        self._switch_to(path, create=True)

    def open_demo(self) -> None:
        """Open the demonstration database, creating it if need be."""
        self._switch_to(None, demo=True)

    def _switch_to(self, target: str | None, *, demo: bool = False, create: bool = True) -> None:
        current = self.current_path()
        if target is not None and current is not None and Path(target).resolve() == current:
            self.window.refresh()
            self.window.note("That database is already open.")
            return
        self.open_target(target, demo=demo, create=create)

    def current_path(self) -> Path | None:
        """The open database's file, resolved; None when none is open (or in memory)."""
        services = self.window.services
        if services is None or services.db.path is None:
            return None
        return Path(services.db.path).resolve()

    # ================================================================== backups

    def back_up_now(self) -> None:
        """Back up in the background, if this person may and nothing else is running."""
        from vpr_desktop.domain.permissions import Permission

        window = self.window
        services = window.services
        if services is None or not services.actor.can(Permission.BACKUP):
            return
        from vpr_desktop.views.common.write_guard import preview_refusal

        refusal = preview_refusal(services.db)
        if refusal:
            window.note(refusal)
            return
        window.ensure_setup()
        if window.runner.is_busy():
            window.note("Wait for the current task to finish first.")
            return
        backups = services.backups

        def run(progress: ProgressFn, is_cancelled: CancelledFn) -> BackupResult:
            return backups.backup_now(
                progress=lambda percent: progress(percent, "Backing up the database…"),
                is_cancelled=is_cancelled,
            )

        window.runner.start(
            run,
            label="Backing up the database…",
            on_done=self._backup_done,
            purpose="write",
            done_note="Backup finished",
        )

    def offer_drafts(self) -> None:
        """Just opened: if typing was kept before an unexpected close, offer it back."""
        services = self.window.services
        if services is None or services.preview_of is not None or services.db.read_only:
            return
        from vpr_desktop.domain.errors import VprError
        from vpr_desktop.services.common.drafts import DraftStore
        from vpr_desktop.views.common.drafts import describe
        from vpr_desktop.views.common.drafts import offer_drafts

        store = DraftStore(services.db, services.actor)
        try:
            drafts = [d for d in store.left_by_a_crash() if d.form in DRAFT_FORMS]
        except VprError as exc:
            log.warning("Drafts not read: %s", exc.message)
            return
        if not drafts:
            return
        newest = drafts[0]

        def restore() -> None:
            page = self.window.pages.get(DRAFT_FORMS[newest.form][1])
            if page is None or not self.window.show_page(page.key):
                return
            if page.restore_draft(newest.record_key, newest.fields):  # type: ignore[attr-defined]
                self.window.note("Your kept text is back in the form: check it and save.")

        def discard() -> None:
            try:
                store.discard_these(drafts)
            except VprError as exc:
                log.warning("Drafts not discarded: %s", exc.message)

        lines = [describe(d, {k: v[0] for k, v in DRAFT_FORMS.items()}) for d in drafts]
        offer_drafts(self.window, lines, restore, discard)

    def discard_drafts_on_close(self) -> None:
        """A clean close: whatever was unsaved was either saved or let go when asked."""
        services = self.window.services
        if services is None or services.preview_of is not None or services.db.read_only:
            return
        from vpr_desktop.domain.errors import VprError
        from vpr_desktop.services.common.drafts import DraftStore

        try:
            DraftStore(services.db, services.actor).discard_this_session()
        except VprError as exc:
            log.warning("Drafts not discarded: %s", exc.message)

    def backup_on_close(self) -> None:
        """The window is closing: back up if the last backup is a day old (SQLite, for those
        who may). A failure is logged, never a dialog in the way of closing; the status bar's
        "last backup" says so at the next start."""
        services = self.window.services
        if services is None or services.preview_of is not None:
            return
        from vpr_desktop.domain.errors import VprError

        self.window.note("Backing up before closing…")
        try:
            services.backups.backup_if_due()
        except VprError as exc:
            log.warning("Backup on close not taken: %s", exc.message)

    def close_window(self, runner: JobRunner | None) -> None:
        """The window is closing: stop watching for changes and the background work, shut the
        built pages down, then (services the window owns) drop this session's drafts, back up
        if due and close the database. ``runner``: the window's task strip, once it is made."""
        from vpr_desktop.views.common import worker

        window = self.window
        window.live.watch(None)
        if runner is not None:
            runner.cancel()
        for page in window.pages.built_pages():
            page.shutdown()
        worker.shutdown(3000)
        if window.services is not None and window.owns_services:
            self.discard_drafts_on_close()
            self.backup_on_close()
            (window.services.preview_of or window.services).close()
        window.services = None

    def busy_changed(self, busy: bool) -> None:
        """A database task started or ended: New, Open and Demo wait for it, as do backups."""
        window = self.window
        for action in (window.new_action, window.open_action, window.demo_action):
            action.setEnabled(not busy)
        self.enable_backups(busy)

    def enable_backups(self, busy: bool = False) -> None:
        """Back up and restore for those who may, on SQLite files (a server has its own); the
        import template for those who may import. Nothing while a database task runs."""
        services = self.window.services
        if services is None:
            return
        from vpr_desktop.domain.permissions import Permission
        from vpr_desktop.views.common.write_guard import allow
        from vpr_desktop.views.common.write_guard import preview_refusal

        window = self.window
        can, sqlite = services.actor.can, services.db.kind == "sqlite"
        preview = preview_refusal(services.db)
        allow(window.backup_action, not busy and can(Permission.BACKUP) and sqlite, preview)
        allow(window.restore_action, not busy and can(Permission.RESTORE) and sqlite, preview)
        window.template_action.setEnabled(not busy and can(Permission.IMPORT_DATA))
        self.enable_writes()

    def enable_writes(self) -> None:
        """The menu entries that save (set-up, imports, Staff Survey figures, packs, and the
        anonymised return, whose export is audited): greyed, saying why, when the window may
        not write (``write_refusal``); else enabled, each saying for itself, when chosen, if
        this person may not."""
        window = self.window
        if window.services is None:
            return
        from vpr_desktop.views.common.write_guard import allow
        from vpr_desktop.views.common.write_guard import write_refusal

        refusal = write_refusal(window.services.db)
        writes = [
            window.setup_action,
            window.return_action,
            *window.import_actions.values(),
            window.survey_action,
            *window.pack_actions,
        ]
        for action in writes:
            allow(action, True, refusal)

    def _backup_done(self, result: BackupResult) -> None:
        self.window.note(f"Backup saved to {getattr(result, 'path', '')}")
        self.window.reload_home()

    def restore_backup(self, backup: Path | str | None = None) -> bool:
        """File > Restore a backup…: replace the open database file with a backup.

        The service checks the backup (ours, intact, not newer), keeps the current database as
        a "before-restore" backup, and needs the file's lock, so the window lets go of the
        database first and opens it again afterwards — restored, or as it was if the restore
        was refused. A shared PostgreSQL database is restored by its administrators instead.
        Returns True when the restore was started.
        """
        window = self.window
        services = window.services
        if services is None:
            return False
        if services.db.kind != "sqlite" or services.db.path is None:
            window.note("A shared database is restored by IT from the server's own backups.")
            return False
        if not services.actor.can("restore"):  # type: ignore[arg-type]
            window.note("Restoring a backup needs the administrator role.")
            return False
        from vpr_desktop.views.common.write_guard import preview_refusal

        refusal = preview_refusal(services.db)
        if refusal:
            window.note(refusal)
            return False
        if window.runner.is_busy():
            window.note("Wait for the current task to finish first.")
            return False
        target = Path(services.db.path)
        if backup is None:
            from PySide6.QtWidgets import QFileDialog

            chosen, _filter = QFileDialog.getOpenFileName(
                window, "Choose the backup to restore", str(services.backups.folder()), DB_FILTER
            )
            if not chosen:
                return False
            backup = chosen
        backup = Path(backup)
        from vpr_desktop.views.common.dialogs import confirm

        confirm(
            window,
            "Restore a backup",
            f"Replace {target.name} with the backup {backup.name}? Everything saved since "
            "that backup is replaced. The database as it is now is kept first as a "
            "'before-restore' backup, so this can be taken back.",
            "Restore",
            lambda: self._restore(Path(backup), target),
        )
        return True

    def _restore(self, backup: Path, target: Path) -> None:
        from vpr_desktop.services.admin.backups import restore_database
        from vpr_desktop.views.common import worker

        window = self.window
        services, owned = window.detach()
        if services is not None:
            worker.thread_pool("read").waitForDone(10_000)
            if owned:
                services.close()
        window.start_page.show_opening(f"{target.name} (restoring {backup.name})")
        window.stack.setCurrentWidget(window.start_page)
        window.show_start_sidebar()

        def run(progress: ProgressFn, _cancelled: CancelledFn) -> Path | None:
            return restore_database(
                backup,
                target,
                progress=lambda percent: progress(percent, f"Restoring {backup.name}…"),
            )

        def reopen() -> None:  # (the runner is free again when these run)
            self.open_target(str(target), create=False)

        def done(safety: Path | None) -> None:
            kept = f" The database as it was is kept at {safety}." if safety else ""
            window.note_after_open = f"Restored {backup.name}.{kept}"
            reopen()

        def failed(exc: BaseException) -> None:
            from vpr_desktop.views.crash import report_error

            reopen()
            report_error(exc, window)

        window.runner.start(
            run,
            label=f"Restoring {backup.name}…",
            on_done=done,
            on_error=failed,
            cancellable=False,
            purpose="write",
            done_note="Restore finished",
        )


def _close_services(services: Services) -> None:
    services.close()


def close_in_background(services: Services) -> None:
    """Close the previous database once jobs still reading it have finished."""
    from vpr_desktop.views.common.worker import Job
    from vpr_desktop.views.common.worker import thread_pool

    def close(_progress: ProgressFn, _cancelled: CancelledFn) -> None:
        thread_pool("read").waitForDone(10_000)
        services.close()

    Job(close, name="Close the previous database").start("close")
