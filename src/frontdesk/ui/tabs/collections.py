"""收费催缴: the fee enquiries and payment matters logged at the desk (calls of category 缴费)."""

from __future__ import annotations

from frontdesk.ui.tabs.contact_list import ContactListTab


class CollectionsTab(ContactListTab):
    title = "收费催缴"
    category = "缴费"
