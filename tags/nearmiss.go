package tags

import (
	"go/ast"
	"strings"
)

// Near misses of the tag keys stelviogen and attributevalue read. reflect (and
// so attributevalue) ignores a key it does not know, and stelviogen would
// too: a misspelt dynamo:"pk" silently leaves a struct out of the tables, a
// misspelt dynamodbav silently stores the Go field name. Every struct type of
// the loaded package is checked (a struct whose only pk tag is misspelt is
// not a table, and that is the mistake); other packages' types are not.
//
// The rule, on the key folded to lower case without '_' and '-': equal to one
// of ours (Dynamo, GSI, dynamodb_av, dynamodbAV), or within a small edit
// distance (insertions, deletions, substitutions, transpositions of adjacent
// letters) of it: 1 for dynamo, gsi and lsi (and no deletion from the
// three-letter ones, whose two-letter neighbours are too common), 2 for the
// ten letters of dynamodbav. No key in common use is that close: json, db,
// yaml, validate, gorm, bson, xml, mapstructure, env, default, key and others
// are checked in the tests.

// nearMissKeys are the keys near misses are measured against, with the
// largest edit distance that still counts as one.
var nearMissKeys = []struct {
	key     string
	maxDist int
}{
	{tagKeyDynamo, 1},
	{tagKeyGSI, 1},
	{tagKeyLSI, 1},
	{tagKeyDynamodbav, 2},
}

// nearMissOf returns the tag key that key looks like a misspelling of, given
// the tag's value, or "" when key is one of ours or resembles none of them.
func nearMissOf(key, value string) string {
	switch key {
	case tagKeyDynamo, tagKeyGSI, tagKeyLSI, tagKeyDynamodbav:
		return ""
	}
	norm := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(key))
	var found []string
	for _, k := range nearMissKeys {
		if norm == k.key {
			return k.key
		}
		if len(k.key) <= 3 && len(norm) < len(k.key) {
			continue
		}
		if editDistance(norm, k.key) <= k.maxDist {
			found = append(found, k.key)
		}
	}
	switch {
	case len(found) == 0:
		return ""
	case len(found) == 1 && found[0] != tagKeyDynamodbav:
		return found[0]
	}
	// dynamodb, dynamoav and the like sit between dynamo and dynamodbav; gsi
	// and lsi neighbours (xsi) between gsi and lsi: the value decides.
	if found[0] == tagKeyGSI || found[0] == tagKeyLSI {
		for _, opt := range strings.Split(value, ",") {
			if o := strings.TrimSpace(opt); o == "pk" || o == "sk" {
				return tagKeyGSI
			}
		}
		return tagKeyLSI
	}
	if strings.HasPrefix(norm, tagKeyDynamo) && looksLikeDynamoValue(value) {
		return tagKeyDynamo
	}
	return tagKeyDynamodbav
}

// looksLikeDynamoValue reports whether every option of a tag value is a
// dynamo role, table option or entity option (pk, sk, ttl, version, type,
// table=, stream=, type=, sep=, entity=, in=).
func looksLikeDynamoValue(value string) bool {
	if value == "" {
		return false
	}
	for _, opt := range strings.Split(value, ",") {
		o := strings.TrimSpace(opt)
		key, _, _ := strings.Cut(o, "=")
		switch {
		case o == "pk" || o == "sk" || o == "ttl" || o == "version" || o == "type":
		case strings.Contains(o, "=") && (key == "table" || key == "stream" || key == "type" || key == "sep" || key == "entity" || key == "in"):
		default:
			return false
		}
	}
	return true
}

// editDistance is the optimal string alignment distance of a and b: the
// number of single-byte insertions, deletions, substitutions and
// transpositions of adjacent bytes that turn a into b.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		// Far too long to be a near miss of any of our keys.
		return 64
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// checkNearMisses reports every tag key of the struct types in files that
// looks like a misspelling of dynamo, gsi, lsi or dynamodbav, at the key.
func (a *analyzer) checkNearMisses(files []*ast.File) {
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			for _, fld := range st.Fields.List {
				if fld.Tag == nil {
					continue
				}
				tag, err := unquote(fld.Tag.Value)
				if err != nil {
					continue
				}
				// A malformed tag still yields the pairs before the fault,
				// which reflect reads too.
				entries, _ := parseStructTag(tag)
				for _, e := range entries {
					want := nearMissOf(e.Key, e.Value)
					if want == "" {
						continue
					}
					keyOff := e.Offset - len(`:"`) - len(e.Key)
					a.rep.errorf(a.litPos(fld.Tag, keyOff), "tag key %q looks like a misspelling of %q: neither stelviogen nor attributevalue reads %q, so the tag is silently ignored%s; write %s:%q", e.Key, want, e.Key, nearMissEffect(want, e.Value), want, e.Value)
				}
			}
			return true
		})
	}
}

// nearMissEffect says what the misspelling does, for the message.
func nearMissEffect(want, value string) string {
	switch want {
	case tagKeyDynamo:
		for _, opt := range strings.Split(value, ",") {
			o := strings.TrimSpace(opt)
			if o == "pk" {
				return " (without it the struct is not a table)"
			}
			if strings.HasPrefix(o, "entity=") || strings.HasPrefix(o, "in=") {
				return " (without it the struct is not an entity)"
			}
		}
		return ""
	case tagKeyGSI, tagKeyLSI:
		return " (no index is created)"
	}
	return " (the field is stored under its Go name with default encoding)"
}

// litPos is the position of the byte at offset inside a tag literal's value:
// exact for raw (backquoted) literals, the literal's own position otherwise.
func (a *analyzer) litPos(lit *ast.BasicLit, offset int) Pos {
	p := a.pos(lit.Pos())
	if strings.HasPrefix(lit.Value, "`") {
		p.Col += 1 + offset
	}
	return p
}
