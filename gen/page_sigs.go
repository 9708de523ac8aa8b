package gen

import (
	"bytes"
	"strings"
)

// methodSigs returns the signature of every method of type recv that the
// rendered files code declare, in their order: "Put(ctx context.Context, v
// *Order, opts ...ddb.WriteOption) error". The code emitters write each
// method's signature on its func line (gofmt keeps it there), so the page
// lists exactly what the generated code declares.
func methodSigs(code [][]byte, recv string) []sig {
	prefix := []byte("func (s *" + recv + ") ")
	var out []sig
	for _, src := range code {
		for line := range bytes.Lines(src) {
			line = bytes.TrimSuffix(line, []byte("\n"))
			rest, ok := bytes.CutPrefix(line, prefix)
			if !ok {
				continue
			}
			text, ok := bytes.CutSuffix(rest, []byte(" {"))
			if !ok {
				continue
			}
			name, _, _ := strings.Cut(string(text), "(")
			out = append(out, sig{name: name, text: string(text)})
		}
	}
	return out
}

// sig is one method's name and its signature as generated.
type sig struct{ name, text string }

// writeSigs are the signatures of a store's methods that are not reads:
// writes, transactions, migration (the reads have their own table).
func writeSigs(all []sig) []sig {
	var out []sig
	for _, s := range all {
		if !isReadMethod(s.name) {
			out = append(out, s)
		}
	}
	return out
}

// isReadMethod reports whether a store method is one of the reads the
// access-pattern tables list.
func isReadMethod(name string) bool {
	return name == "Get" || name == "BatchGet" || strings.HasPrefix(name, "Query") || strings.HasPrefix(name, "Scan")
}

// writeTable writes intro and the signatures as a table of methods; nothing
// when there are none (a page rendered without the code).
func writeTable(b *strings.Builder, sigs []sig, intro string) {
	if len(sigs) == 0 {
		return
	}
	b.WriteString(intro)
	b.WriteString("| method (signature as generated) |\n| --- |\n")
	for _, s := range sigs {
		b.WriteString("| `" + cell(s.text) + "` |\n")
	}
	b.WriteString("\n")
}
