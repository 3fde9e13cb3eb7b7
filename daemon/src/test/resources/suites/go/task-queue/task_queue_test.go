package taskqueue

import (
	"testing"

	"github.com/stretchr/testify/suite"
)

type QueueSuite struct {
	suite.Suite
	q *Queue
}

func (s *QueueSuite) SetupTest() {
	s.q = &Queue{}
	s.q.Add(Task{"write report", 2})
	s.q.Add(Task{"fix outage", 0})
	s.q.Add(Task{"answer mail", 2})
}

func (s *QueueSuite) TestLen() {
	s.Equal(3, s.q.Len())
}

func (s *QueueSuite) TestMostUrgentFirst() {
	t, ok := s.q.Next()
	s.Require().True(ok)
	s.Equal("fix outage", t.Name)
}

func (s *QueueSuite) TestTiesByName() {
	s.q.Next()
	first, _ := s.q.Next()
	second, _ := s.q.Next()
	s.Equal([]string{"answer mail", "write report"}, []string{first.Name, second.Name})
}

func (s *QueueSuite) TestEmpty() {
	for s.q.Len() > 0 {
		s.q.Next()
	}
	_, ok := s.q.Next()
	s.False(ok)
}

func TestQueueSuite(t *testing.T) {
	suite.Run(t, new(QueueSuite))
}
