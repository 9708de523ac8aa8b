// Package bad is where streamfilter's compile-failure test puts its snippets
// (as an overlay, never on disk): filters that must not compile.
package bad
