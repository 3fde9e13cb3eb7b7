import pytest

from inventory import Inventory, OutOfStock


def test_new_inventory_is_empty(empty):
    assert empty.listing() == []


def test_add_one(empty):
    empty.add("apple")
    assert empty.items == {"apple": 1}


@pytest.mark.parametrize(
    "adds, expected",
    [
        ([("apple", 1)], [("apple", 1)]),
        ([("apple", 1), ("apple", 2)], [("apple", 3)]),
        ([("pear", 1), ("apple", 5)], [("apple", 5), ("pear", 1)]),
    ],
    ids=["single", "same-twice", "sorted"],
)
def test_listing(empty, adds, expected):
    for name, count in adds:
        empty.add(name, count)
    assert empty.listing() == expected


@pytest.mark.parametrize("count", [0, -1])
def test_add_rejects_non_positive(empty, count):
    with pytest.raises(ValueError, match="cannot add"):
        empty.add("apple", count)


class TestRemove:
    def test_remove_some(self, stocked):
        stocked.remove("plum", 2)
        assert stocked.items["plum"] == 10

    def test_remove_all_drops_the_item(self, stocked):
        stocked.remove("pear")
        assert "pear" not in stocked.items

    def test_remove_too_many(self, stocked):
        with pytest.raises(OutOfStock) as info:
            stocked.remove("apple", 4)
        assert str(info.value) == "only 3 apple left"

    @pytest.mark.slow
    def test_many_removals(self, stocked):
        for _ in range(12):
            stocked.remove("plum")
        assert stocked.listing() == [("apple", 3), ("pear", 1)]
