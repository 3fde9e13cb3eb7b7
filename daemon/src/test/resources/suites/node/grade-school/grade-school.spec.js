import { beforeEach, describe, expect, test, xtest } from '@jest/globals';
import { GradeSchool } from './grade-school';

describe('School', () => {
  let school;

  beforeEach(() => {
    school = new GradeSchool();
  });

  test('Roster is empty when no student is added', () => {
    expect(school.roster()).toEqual([]);
  });

  xtest('Add a student', () => {
    expect(school.add('Aimee', 2)).toBe(true);
  });

  xtest('Student is added to the roster', () => {
    school.add('Aimee', 2);
    expect(school.roster()).toEqual(['Aimee']);
  });

  xtest('Cannot add student to same grade in the roster more than once', () => {
    school.add('Blair', 2);
    school.add('James', 2);
    expect(school.add('James', 2)).toBe(false);
    expect(school.roster()).toEqual(['Blair', 'James']);
  });

  xtest('Students are sorted by grades and then by name in the roster', () => {
    school.add('Peter', 2);
    school.add('Anna', 1);
    school.add('Barb', 1);
    school.add('Zoe', 2);
    school.add('Alex', 2);
    school.add('Jim', 3);
    school.add('Charlie', 1);
    expect(school.roster()).toEqual(['Anna', 'Barb', 'Charlie', 'Alex', 'Peter', 'Zoe', 'Jim']);
  });

  xtest('Grade is empty if no students in that grade', () => {
    expect(school.grade(1)).toEqual([]);
  });

  xtest('Roster cannot be modified outside of module', () => {
    school.add('Aimee', 2);
    const roster = school.roster();
    roster.push('Oops');
    expect(school.roster()).not.toContain('Oops');
  });
});
