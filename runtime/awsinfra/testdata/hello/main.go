// Command hello is the smallest Lambda-shaped main package, for the handler build tests.
package main

import "os"

func main() { os.Stdout.WriteString("hello\n") }
