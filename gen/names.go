package gen

import (
	"strings"
	"unicode"

	. "github.com/dave/jennifer/jen"
	"github.com/stelviogen/stelviogen/tags"
)

// Import paths of the packages generated code uses.
const (
	pkgDDB      = "github.com/stelviogen/stelviogen/runtime/ddb"
	pkgAWSInfra = "github.com/stelviogen/stelviogen/runtime/awsinfra"
	pkgTypes    = "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	pkgDynamoDB = "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	pkgPulumi   = "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pkgPulumiDB = "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/dynamodb"
)

// camel turns a DynamoDB name into a Go identifier part: "status-total-index" -> "StatusTotalIndex".
func camel(name string) string { return tags.GoIdent(name) }

// fieldIdent is the identifier part generated names take from field f of s
// (SetName, NameEq, ...): its Go name, or its joined selector path ("BaseName")
// when another encoded field of s, promoted from an embedded struct, has the
// same Go name, so the generated methods do not clash.
func fieldIdent(s *tags.Struct, f *tags.Field) string {
	g := f.GoName()
	for _, o := range s.Fields {
		if o != f && o.GoName() == g {
			return strings.Join(f.Path, "")
		}
	}
	return g
}

// typeName is the Go name of a table's model type, e.g. "Order".
func typeName(t *tags.Table) string { return t.Struct.Name }

// indexIdent names an index in Go: "status-index" -> "StatusIndex", "by-day" -> "ByDayIndex".
// Every emitter that names something after an index uses it, so names agree.
func indexIdent(ix *tags.Index) string { return ix.GoName() }

// envName is the link's environment-variable stem: upper case, non-alphanumerics as '_'
// (Stelvio's rule, so mixed Python/Go stacks agree).
func envName(table string) string {
	var b strings.Builder
	for _, r := range table {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// doc starts a declaration with its doc comment, one Comment per line.
func doc(lines ...string) *Statement {
	s := Null()
	for _, l := range lines {
		s = s.Comment(l).Line()
	}
	return s
}

// addDecls adds top-level declarations to f, one statement each.
func addDecls(f *File, decls []Code) {
	for _, d := range decls {
		f.Add(d)
	}
}

// kv is one key of a composite literal written by literal.
type kv struct {
	key   string
	value Code
}

// literal writes the keys of a composite literal in the order given, one per
// line (jennifer's Dict sorts them, which reads worse for a struct's fields).
func literal(typ *Statement, kvs ...kv) *Statement {
	items := make([]Code, len(kvs))
	for i, p := range kvs {
		items[i] = Id(p.key).Op(":").Add(p.value)
	}
	return typ.Custom(Options{Open: "{", Close: "}", Separator: ",", Multi: true}, items...)
}
