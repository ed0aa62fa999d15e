"""培训考核: the tab and its pages (员工, 培训记录, 笔试成绩, 日检查, 每周口号, 月度考核)."""

from frontdesk.ui.tabs.training.tab import TrainingTab

__all__ = ["TrainingTab"]
