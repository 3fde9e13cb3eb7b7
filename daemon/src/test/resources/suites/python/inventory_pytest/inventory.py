"""A small inventory: items with a quantity, added, removed and listed."""


class OutOfStock(Exception):
    pass


class Inventory:
    def __init__(self, items=None):
        self.items = {}
        for name, count in (items or {}).items():
            self.add(name, count)

    def add(self, name, count=1):
        if count <= 0:
            raise ValueError(f"cannot add {count} of {name}")
        self.items[name] = self.items.get(name, 0) + count

    def remove(self, name, count=1):
        have = self.items.get(name, 0)
        if count > have:
            raise OutOfStock(f"only {have} {name} left")
        if count == have:
            del self.items[name]
        else:
            self.items[name] = have - count

    def listing(self):
        return sorted(self.items.items())
