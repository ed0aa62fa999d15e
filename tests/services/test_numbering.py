from frontdesk.services import numbering


def test_numbers_count_up_per_series_and_period(db):
    with db.session(system=True) as s:
        assert [numbering.next_number(s, "BX", "202611") for _ in range(3)] == [1, 2, 3]
        assert numbering.next_number(s, "BX", "202612") == 1
        assert numbering.next_number(s, "ZG", "2026") == 1
    assert numbering.format_number("BX", "202611", 7) == "BX-202611-0007"


def test_a_rolled_back_record_gives_its_number_back(db):
    try:
        with db.session(system=True) as s:
            numbering.next_number(s, "BX", "202611")
            raise RuntimeError("save failed")
    except RuntimeError:
        pass
    with db.session(system=True) as s:
        assert numbering.next_number(s, "BX", "202611") == 1
