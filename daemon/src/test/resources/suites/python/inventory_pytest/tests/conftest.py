import pytest

from inventory import Inventory


@pytest.fixture
def empty():
    return Inventory()


@pytest.fixture
def stocked():
    return Inventory({"apple": 3, "pear": 1, "plum": 12})


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a slower test")
