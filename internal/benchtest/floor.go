package benchtest

// FloorPass is the floor of the direct JSON path's benchmarks: one pass of a
// minimal JSON tokenizer over b, counting tokens (strings with their escapes
// skipped, numbers, literals, punctuation), building nothing. No decoder of
// the same bytes can be faster.
func FloorPass(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			n++
		case '{', '}', '[', ']', ',', ':':
			n++
		case ' ', '\n', '\t', '\r':
		default:
			for i+1 < len(b) && b[i+1] != ',' && b[i+1] != '}' && b[i+1] != ']' {
				i++
			}
			n++
		}
	}
	return n
}
