from collections import defaultdict


class School:
    def __init__(self):
        self._grades = defaultdict(set)
        self._added = []

    def add_student(self, name, grade):
        known = any(name in names for names in self._grades.values())
        self._added.append(not known)
        if not known:
            self._grades[grade].add(name)

    def roster(self):
        return [name for grade in sorted(self._grades) for name in sorted(self._grades[grade])]

    def grade(self, grade_number):
        return sorted(self._grades.get(grade_number, ()))

    def added(self):
        return list(self._added)
