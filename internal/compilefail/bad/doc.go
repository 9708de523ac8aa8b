// Package bad is where the compile-failure test of package compilefail puts
// its snippets (as an overlay, never on disk): code that must not compile.
package bad
