export class GradeSchool {
  constructor() {
    this._grades = new Map();
  }

  roster() {
    return [...this._grades.keys()]
      .sort((a, b) => a - b)
      .flatMap((g) => this.grade(g));
  }

  add(name, grade) {
    for (const students of this._grades.values()) {
      if (students.includes(name)) {
        return false;
      }
    }
    const students = this._grades.get(grade) ?? [];
    students.push(name);
    this._grades.set(grade, students);
    return true;
  }

  grade(level) {
    return [...(this._grades.get(level) ?? [])].sort();
  }
}
