"""报修维修: the repair requests logged at the desk (calls of category 报修)."""

from __future__ import annotations

from frontdesk.ui.tabs.contact_list import ContactListTab


class RepairsTab(ContactListTab):
    title = "报修维修"
    category = "报修"
