package database

// Prepared returns how many statements s holds prepared for its last transaction.
func Prepared(s *Statements) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, st := range s.m {
		if st != nil {
			n++
		}
	}
	return n
}
