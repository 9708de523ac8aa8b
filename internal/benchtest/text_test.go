package benchtest

import (
	"regexp"
	"strings"
)

var tokenEnd = regexp.MustCompile(`^[A-Za-z0-9_]`)

// replaceToken replaces whole placeholder tokens (":0" but not ":01").
func replaceToken(s, tok, with string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, tok)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		rest := s[i+len(tok):]
		b.WriteString(s[:i])
		if tokenEnd.MatchString(rest) {
			b.WriteString(tok)
		} else {
			b.WriteString(with)
		}
		s = rest
	}
}

func normalizeSpaces(s string) string {
	s = strings.NewReplacer("(", "", ")", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
