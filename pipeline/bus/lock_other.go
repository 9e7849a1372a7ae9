//go:build !unix

package bus

// dirLock does nothing where flock is not available: there, keep to one process per data
// directory by hand.
type dirLock struct{}

func lockDir(dir string) (*dirLock, error) { return &dirLock{}, nil }

func (l *dirLock) unlock() {}
