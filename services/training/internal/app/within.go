package app

// Within returns the use cases over repo instead of a's own repository, with a's directory,
// positions, policy, signer and clock. A consumer of another service's events runs a use case
// with the repository of its own transaction (store.Store.Within), so that the change commits
// with the record that the event was processed.
func (a *App) Within(repo Repository) *App {
	c := *a
	c.repo = repo
	return &c
}
