"""The printed 派工单: number, home, description in the PDF's text; the CJK font embedded."""

from pypdf import PdfReader
from sqlalchemy import select

from frontdesk.cli import main
from frontdesk.db.models import RepairOrder, Staff, Unit
from frontdesk.reports.pdf.work_order import write_work_orders
from frontdesk.services import repair_flow, repairs


def _fonts(reader: PdfReader) -> dict[str, bool]:
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor.get_object() for k in ("/FontFile2", "/FontFile"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_a_work_order_pdf_holds_what_the_technician_needs(demo_db, frozen_now, tmp_path):
    with demo_db.session(system=True) as s:
        unit = s.scalars(select(Unit).where(Unit.handover_state == "已收房")).first()
        ids = dict(s.execute(select(Staff.name, Staff.id)).all())
        saved = repairs.create_order(s, repairs.RepairInput(
            description="卫生间地面渗水到楼下，楼下天花板有水渍", trade="土建", unit_id=unit.id, reporter="赵先生",
            phone="13912345678"), ids["张丽"])
        repair_flow.dispatch(s, saved.id, ids["周建国"], "张丽")
        code = unit.code
    out = tmp_path / "wo.pdf"
    with demo_db.session(system=True) as s:
        assert write_work_orders(s, [saved.number], out, two_copies=True) == 1
    reader = PdfReader(str(out))
    text = reader.pages[0].extract_text()
    for expected in (saved.number, code, "卫生间地面渗水到楼下", "周建国", "13912345678", "报修派工单", "业主签字",
                     "满意", "维修联", "存根联"):
        assert expected in text, expected
    assert "保修期" in text
    fonts = _fonts(reader)
    assert any("WenQuanYi" in name and embedded for name, embedded in fonts.items()), fonts


def test_the_cli_prints_a_work_order_and_refuses_an_unknown_number(demo_db, tmp_path, capsys):
    with demo_db.session(system=True) as s:
        number = s.scalars(select(RepairOrder.number).where(RepairOrder.unit_id.is_not(None))).first()
    db_path = demo_db.url.removeprefix("sqlite:///")
    out = tmp_path / "a5.pdf"
    assert main(["workorder", "pdf", number, str(out), "--page", "A5", "--db", db_path]) == 0
    assert number in PdfReader(str(out)).pages[0].extract_text()
    assert main(["workorder", "pdf", "BX-209901-0001", str(tmp_path / "x.pdf"), "--db", db_path]) == 2
    assert "找不到报修单" in capsys.readouterr().err
