import unittest

from grade_school import (
    School,
)


class GradeSchoolTest(unittest.TestCase):
    def test_roster_is_empty_when_no_student_is_added(self):
        school = School()
        expected = []
        self.assertEqual(school.roster(), expected)

    def test_add_a_student(self):
        school = School()
        school.add_student(name="Aimee", grade=2)
        expected = [True]
        self.assertEqual(school.added(), expected)

    def test_student_is_added_to_the_roster(self):
        school = School()
        school.add_student(name="Aimee", grade=2)
        self.assertEqual(school.roster(), ["Aimee"])

    def test_cannot_add_student_to_same_grade_in_the_roster_more_than_once(self):
        school = School()
        school.add_student(name="Blair", grade=2)
        school.add_student(name="James", grade=2)
        school.add_student(name="James", grade=2)
        school.add_student(name="Paul", grade=2)
        self.assertEqual(school.added(), [True, True, False, True])
        self.assertEqual(school.roster(), ["Blair", "James", "Paul"])

    def test_students_are_sorted_by_grades_in_the_roster(self):
        school = School()
        school.add_student(name="Jim", grade=3)
        school.add_student(name="Peter", grade=2)
        school.add_student(name="Anna", grade=1)
        self.assertEqual(school.roster(), ["Anna", "Peter", "Jim"])

    def test_grade_is_empty_if_no_students_in_that_grade(self):
        school = School()
        school.add_student(name="Peter", grade=2)
        self.assertEqual(school.grade(1), [])

    def test_students_are_sorted_by_name_in_a_grade(self):
        school = School()
        school.add_student(name="Franklin", grade=5)
        school.add_student(name="Bradley", grade=5)
        school.add_student(name="Jeff", grade=1)
        self.assertEqual(school.grade(5), ["Bradley", "Franklin"])

    @unittest.skipIf(not hasattr(School, "grade"), "this version of the exercise has no grade()")
    def test_grade_returns_a_new_list(self):
        school = School()
        school.add_student(name="Zoe", grade=4)
        school.grade(4).append("Mallory")
        self.assertEqual(school.grade(4), ["Zoe"])
