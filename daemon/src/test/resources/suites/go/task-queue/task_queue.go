// Package taskqueue is a priority queue of tasks.
package taskqueue

import "container/heap"

// Task has a name and a priority (lower runs first).
type Task struct {
	Name     string
	Priority int
}

type tasks []Task

func (t tasks) Len() int { return len(t) }
func (t tasks) Less(i, j int) bool {
	if t[i].Priority != t[j].Priority {
		return t[i].Priority < t[j].Priority
	}
	return t[i].Name < t[j].Name
}
func (t tasks) Swap(i, j int)  { t[i], t[j] = t[j], t[i] }
func (t *tasks) Push(x any)    { *t = append(*t, x.(Task)) }
func (t *tasks) Pop() any      { old := *t; x := old[len(old)-1]; *t = old[:len(old)-1]; return x }

// Queue orders tasks by priority.
type Queue struct{ items tasks }

// Add queues a task.
func (q *Queue) Add(t Task) { heap.Push(&q.items, t) }

// Next removes and returns the most urgent task.
func (q *Queue) Next() (Task, bool) {
	if len(q.items) == 0 {
		return Task{}, false
	}
	return heap.Pop(&q.items).(Task), true
}

// Len is the number of queued tasks.
func (q *Queue) Len() int { return len(q.items) }
