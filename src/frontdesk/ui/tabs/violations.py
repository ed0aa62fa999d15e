"""违章整改: complaints about violations logged at the desk (calls of category 投诉)."""

from __future__ import annotations

from frontdesk.ui.tabs.contact_list import ContactListTab


class ViolationsTab(ContactListTab):
    title = "违章整改"
    category = "投诉"
