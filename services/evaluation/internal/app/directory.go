package app

import "github.com/simpeg-id/simpeg/services/planning/directory"

// directoryEmployee is an employee as the directory copy knows them.
type directoryEmployee = directory.Employee

// errDirectoryNotFound is the directory copy's answer for an employee it does not know.
var errDirectoryNotFound = directory.ErrNotFound
