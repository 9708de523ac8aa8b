package tags

import (
	"fmt"
	"sort"
	"strings"
)

// Diagnostic is one problem in the user's input, at a source position.
type Diagnostic struct {
	Pos Pos
	Msg string
}

func (d Diagnostic) String() string {
	if d.Pos.File == "" {
		return d.Msg
	}
	return d.Pos.String() + ": " + d.Msg
}

// Errors is every problem found in one run, sorted by position.
type Errors []Diagnostic

func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, d := range e {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

func (e Errors) sorted() Errors {
	sort.SliceStable(e, func(i, j int) bool {
		a, b := e[i].Pos, e[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	// Drop exact duplicates (one mistake reached from two directions, such
	// as a template filling two key attributes), wherever they are among the
	// diagnostics at one position.
	out := e[:0]
	var run map[string]bool // messages at the current position
	for i, d := range e {
		if i == 0 || d.Pos != e[i-1].Pos {
			run = map[string]bool{}
		}
		if run[d.Msg] {
			continue
		}
		run[d.Msg] = true
		out = append(out, d)
	}
	return out
}

// reporter collects diagnostics.
type reporter struct{ errs, warns Errors }

// warnf records a warning: a remark on valid input, which changes neither the
// output nor the exit status.
func (r *reporter) warnf(pos Pos, format string, args ...any) {
	r.warns = append(r.warns, Diagnostic{Pos: pos, Msg: "warning: " + fmt.Sprintf(format, args...)})
}

func (r *reporter) errorf(pos Pos, format string, args ...any) {
	r.errs = append(r.errs, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}
