"""帮助 → 使用说明: a short guide to the desks, the keyboard and where the data lives."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from frontdesk import config
from frontdesk.ui.widgets.screen_fit import fit_to_screen

GUIDE = """
<h2>物业客服前台 使用说明</h2>
<h3>各个页面</h3>
<ul>
{tab_list}</ul>
<h3>登记一通来电（只用键盘）</h3>
<table border="1" cellspacing="0" cellpadding="4">
<tr><td>房号</td><td>打开页面时光标就在房号；可输入 3-2-1502、3栋1502、业主姓名、拼音首字母（如 zlj）或电话后几位，
出现列表后按 Enter 选第一行，或用 ↑↓ 选择。</td></tr>
<tr><td>选中房号后</td><td>自动跳到“类别”（来电人、电话已自动填好时不再停留）。</td></tr>
<tr><td>类别/状态/方式</td><td>按数字或拼音首字母直接选：类别 z 咨询、b 报修、t 投诉、j 建议、f 缴费、y 表扬、q 其他。</td></tr>
<tr><td>Tab / Shift+Tab</td><td>到下一格 / 上一格。</td></tr>
<tr><td>Enter</td><td>保存。状态栏显示“已保存 时间 · 来电 … · 报修单号 (打开)”，新记录在台账中选中。</td></tr>
<tr><td>Alt+S</td><td>修改时间（默认是当前时间，Tab 不经过这里）。</td></tr>
<tr><td>Alt+W / Alt+L / Alt+N / Alt+R</td><td>直接到“方式” / “类别” / “内容” / 回到“房号”（如不需要房号的咨询，Alt+N 直接写内容）。</td></tr>
<tr><td>Esc</td><td>清空表单；已输入内容时会先询问。</td></tr>
</table>
<h3>其他快捷键</h3>
<ul>
<li>Ctrl+F 全局搜索；F5 刷新；Ctrl+Q 退出；F1 本说明。</li>
<li>页面里的分页（如收费催缴的 收款、欠费清单、催缴计划 …）：Ctrl+Tab / Ctrl+Shift+Tab 到下一页 / 上一页，
Alt+1 … Alt+9 直接打开第几页，光标随之进入该页。</li>
<li>列表：Tab 进入时选中当前行，↑↓ 换行，Enter 打开，再按 Tab 到旁边的按钮；欠费、催缴计划中 Alt+R 为选中的一户登记催缴，Alt+P 到“收款”页为它收款。</li>
<li>收款：Alt+R 回到“房屋”，Alt+M 到“收款金额”，Alt+D 到“收款日期”；在收款金额中按 Enter 收款并出收据。</li>
<li>报修单：Alt+P 派工、Alt+K 开始处理、Alt+S 暂停、Alt+H 恢复、Alt+W 完工、Alt+T 退单、Alt+Z 转单、Alt+Q 取消、Alt+G 关闭；Alt+E 修改信息，Alt+R 打印派工单。</li>
<li>多行输入框（如投诉处理的各步骤、违章事实）：Tab 到下一格；对话框里任意一格按 Ctrl+Enter 保存。</li>
<li>按钮：光标在按钮上时，Enter 与空格键一样按下它。</li>
<li>打印预览：Ctrl+P 打印，Ctrl+S 另存为 PDF。统计报表：Alt+L 跳到下方的待督办事项和员工服务情况列表。</li>
<li>菜单可用 Alt+带下划线的字母打开，如 Alt+F 文件、Alt+H 帮助。</li>
</ul>
<h3>不会丢失输入</h3>
<p>关闭窗口、Ctrl+Q、切换用户、Esc 或关闭对话框时，如有未保存的内容会先询问。来电登记表单的内容随时保存为草稿，
断电或程序意外退出后再次打开，会提示恢复。</p>
<h3>数据在哪里</h3>
<p>数据目录：{data_dir}<br>数据库、自动备份（backups 文件夹）、草稿（drafts 文件夹）和日志都在这里。
“工具 → 备份与恢复”可以手动备份和恢复。</p>
"""


def guide_html() -> str:
    from frontdesk.ui.tabs import registry

    items = []
    for index, (title, _module, _name) in enumerate(registry.TABS):
        digit = registry.tab_digit(index)
        key = f"Ctrl+{digit}" if digit is not None else "视图菜单"
        items.append(f"<li><b>{title}</b>（{key}）：{registry.PURPOSES.get(title, '')}</li>\n")
    return GUIDE.replace("{tab_list}", "".join(items)).replace("{data_dir}", str(config.data_dir()))


class GuideDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 680)
