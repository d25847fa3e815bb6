"""What a person does in Odoo 11's web client, as Playwright steps."""
import re
from pathlib import Path

from playwright.sync_api import expect

# the app's pictures, as Odoo apps ship them; README.md shows them
SCREENS = Path(__file__).resolve().parent.parent / "static" / "description"


def settle(page):
    """Wait until the web client has no RPC in flight (Odoo's long polling keeps the
    network busy, so 'networkidle' never comes)."""
    expect(page.locator(".o_loading")).to_be_hidden()
    expect(page.locator(".blockUI")).to_have_count(0)
    page.wait_for_timeout(300)


def screenshot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    settle(page)
    page.screenshot(path=str(SCREENS / name))


def exact(text):
    return re.compile(r"^\s*%s\s*$" % re.escape(text))


def number(value):
    """A cell showing the whole number ``value`` at any precision ("5", "5.000")."""
    return re.compile(r"^\s*%d(\.0*)?\s*$" % value)


def open_menu(page, app, section, *items):
    """Click through the menus as a person would: the app in the top bar, a section of
    the left-hand menu, then its items (a sub-menu unfolds, the last one opens)."""
    navbar = page.locator("#oe_main_menu_navbar")
    app_link = navbar.locator("a.oe_menu_toggler").filter(has_text=exact(app)).first
    more = navbar.locator("#menu_more_container > a")
    # apps beyond the width of the bar are under "More"; while the web client lays the
    # bar out, neither may be visible yet: wait for one of them
    for _attempt in range(100):
        if app_link.is_visible():
            break
        if more.is_visible():
            more.click()
            break
        page.wait_for_timeout(100)
    app_link.click()
    menu = page.locator(".o_sub_menu .oe_secondary_menu").filter(visible=True)
    scope = menu.locator(".oe_secondary_menu_section").filter(has_text=exact(section))
    for name in items:
        scope = scope.locator("xpath=following-sibling::ul[1]").locator(
            "xpath=./li/a").filter(has_text=exact(name)).first
        scope.click()
    settle(page)


def breadcrumb(page):
    return page.locator(".o_control_panel .breadcrumb li").last


def click_header_button(page, text):
    page.locator(".o_form_statusbar button").filter(visible=True).filter(
        has_text=exact(text)).first.click()
    settle(page)


def set_cell(row, column_index, value):
    """Type ``value`` in the cell of an editable list row (the column's index among the
    row's cells), as a person clicks the cell and types."""
    row.locator("td").nth(column_index).click()
    cell_input = row.locator("td").nth(column_index).locator("input")
    cell_input.fill(str(value))
    cell_input.press("Tab")


def column_index(table, title):
    """Index of the column titled ``title`` among the cells of ``table``'s rows."""
    titles = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    return titles.index(title)


def dialog_with(page, text):
    return page.locator(".modal-dialog").filter(has_text=text)


def post_dialog(page, dialog):
    """Press the dialog's main button and wait until it has posted and closed."""
    dialog.locator(".modal-footer .btn-primary").first.click()
    expect(dialog).to_have_count(0, timeout=120000)
    settle(page)


def post_report(page, dialog, says=()):
    """Report and Post in Report Completion: the dialog comes back saying what it did
    (each text of ``says`` is on it); Close reloads the screen behind. The result's text."""
    dialog.locator(".modal-footer .btn-primary").first.click()
    result = page.locator(".modal-dialog").filter(
        has=page.locator(".o_field_widget[name=result]"))
    expect(result).to_be_visible(timeout=120000)
    for text in says:
        expect(result).to_contain_text(text)
    shown = result.locator(".o_field_widget[name=result]").inner_text()
    result.locator(".modal-footer .btn-primary").first.click()
    expect(page.locator(".modal-dialog")).to_have_count(0, timeout=60000)
    settle(page)
    return shown
