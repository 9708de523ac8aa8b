package gen

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stelviogen/stelviogen/tags"
)

// codecTestFiles renders every file stelviogen generates for
// internal/codectest (its handler files and its infra package), keyed by path.
func codecTestFiles(t *testing.T) map[string][]byte {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "internal", "codectest"))
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := tags.Load(dir, tags.LoadOptions{})
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	files, err := Generate(pkg, Config{DirectJSON: true}) // its go:generate has -json
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The committed code of internal/codectest, whose tests prove the codec, is
// what the generator makes of its models today.
func TestCodecTestPackageIsUpToDate(t *testing.T) {
	for path, want := range codecTestFiles(t) {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go generate ./internal/codectest)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./internal/codectest", path)
		}
	}
}

func TestCodecOutputIsDeterministic(t *testing.T) {
	a := codecTestFiles(t)
	b := codecTestFiles(t)
	for path := range a {
		if !bytes.Equal(a[path], b[path]) {
			t.Errorf("%s differs between two runs", path)
		}
	}
}

// goRun runs the go command in dir and fails the test with its output.
func goRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// A hand-built model: the orders table, a shipments table that shares the
// nested Address struct with it, a promoted field and two projections.
const handPkgPath = "example.com/handmade"

var (
	tString  = &tags.Type{Kind: tags.KindString, Basic: "string"}
	tFloat   = &tags.Type{Kind: tags.KindFloat, Basic: "float64"}
	tInt64   = &tags.Type{Kind: tags.KindInt, Basic: "int64"}
	tTime    = &tags.Type{Kind: tags.KindTime, Name: "Time", PkgPath: "time"}
	tStrings = &tags.Type{Kind: tags.KindSlice, Elem: tString}
)

func handField(attr string, t *tags.Type, path ...string) *tags.Field {
	return &tags.Field{Path: path, Attr: attr, Type: t}
}

func handModel() *tags.Package {
	address := &tags.Struct{Name: "Address", PkgPath: handPkgPath, Fields: []*tags.Field{
		handField("street", tString, "Street"),
		handField("city", tString, "City"),
	}}
	tAddress := &tags.Type{Kind: tags.KindStruct, Name: "Address", PkgPath: handPkgPath, Struct: address}
	order := &tags.Struct{Name: "Order", PkgPath: handPkgPath, Fields: []*tags.Field{
		handField("customer_id", tString, "CustomerID"),
		handField("order_date", tString, "OrderDate"),
		handField("status", tString, "Status"),
		handField("total", tFloat, "Total"),
		handField("created_by", tString, "Audit", "CreatedBy"),
		handField("ship_to", &tags.Type{Kind: tags.KindPtr, Elem: tAddress}, "ShipTo"),
	}}
	order.Fields[5].Enc.OmitEmpty = true
	orders := &tags.Table{Name: "orders", Struct: order,
		PK: &tags.Key{Field: order.Fields[0], Type: tags.AttrS},
		SK: &tags.Key{Field: order.Fields[1], Type: tags.AttrS},
	}
	orders.LSIs = []*tags.Index{{Name: "status-index", Kind: tags.LocalIndex, PK: orders.PK,
		SK:         &tags.Key{Field: order.Fields[2], Type: tags.AttrS},
		Projection: tags.Projection{Type: tags.ProjectInclude, NonKey: []string{"total"}}}}
	orders.GSIs = []*tags.Index{{Name: "by-total", Kind: tags.GlobalIndex,
		PK:         &tags.Key{Field: order.Fields[3], Type: tags.AttrN},
		Projection: tags.Projection{Type: tags.ProjectKeysOnly}}}
	shipment := &tags.Struct{Name: "Shipment", PkgPath: handPkgPath, Fields: []*tags.Field{
		handField("id", tString, "ID"),
		handField("from", tAddress, "From"),
		handField("to", &tags.Type{Kind: tags.KindSlice, Elem: tAddress}, "To"),
		handField("at", tTime, "At"),
		handField("seq", tInt64, "Seq"),
		handField("labels", tStrings, "Labels"),
	}}
	shipment.Fields[3].Enc.UnixTime = true
	shipment.Fields[5].Enc.StringSet = true
	shipments := &tags.Table{Name: "shipments", Struct: shipment, PK: &tags.Key{Field: shipment.Fields[0], Type: tags.AttrS}}
	return &tags.Package{Name: "handmade", Path: handPkgPath, Tables: []*tags.Table{orders, shipments}}
}

const handModels = `package handmade

import "time"

type Audit struct {
	CreatedBy string ` + "`dynamodbav:\"created_by\"`" + `
}

type Address struct {
	Street string ` + "`dynamodbav:\"street\"`" + `
	City   string ` + "`dynamodbav:\"city\"`" + `
}

type Order struct {
	CustomerID string   ` + "`dynamodbav:\"customer_id\"`" + `
	OrderDate  string   ` + "`dynamodbav:\"order_date\"`" + `
	Status     string   ` + "`dynamodbav:\"status\"`" + `
	Total      float64  ` + "`dynamodbav:\"total\"`" + `
	Audit
	ShipTo     *Address ` + "`dynamodbav:\"ship_to,omitempty\"`" + `
}

type Shipment struct {
	ID     string    ` + "`dynamodbav:\"id\"`" + `
	From   Address   ` + "`dynamodbav:\"from\"`" + `
	To     []Address ` + "`dynamodbav:\"to\"`" + `
	At     time.Time ` + "`dynamodbav:\"at,unixtime\"`" + `
	Seq    int64     ` + "`dynamodbav:\"seq\"`" + `
	Labels []string  ` + "`dynamodbav:\"labels,stringset\"`" + `
}
`

// handTest checks the generated code of the hand-built model against
// attributevalue inside the generated package itself.
const handTest = `package handmade

import (
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func same(t *testing.T, v any, got map[string]types.AttributeValue) {
	t.Helper()
	want, err := attributevalue.MarshalMap(v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("generated item %v differs from attributevalue's %v", got, want)
	}
}

func TestHandmade(t *testing.T) {
	o := &Order{CustomerID: "c", OrderDate: "d", Status: "s", Total: 1.25, Audit: Audit{CreatedBy: "me"}, ShipTo: &Address{City: "Rome"}}
	item, err := o.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	same(t, o, item)
	var back Order
	if err := back.UnmarshalItem(item); err != nil || !reflect.DeepEqual(&back, o) {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	var p OrderStatusIndexProjection
	if err := p.UnmarshalItem(item); err != nil || p != (OrderStatusIndexProjection{CustomerID: "c", OrderDate: "d", Status: "s", Total: 1.25}) {
		t.Fatalf("projection: %+v, %v", p, err)
	}
	var k OrderByTotalIndexProjection
	if err := k.UnmarshalItem(item); err != nil || k != (OrderByTotalIndexProjection{CustomerID: "c", OrderDate: "d", Total: 1.25}) {
		t.Fatalf("keys-only projection: %+v, %v", k, err)
	}
	if av, _ := OrderAttrs.CreatedBy.Encode("me"); !reflect.DeepEqual(av, item["created_by"]) {
		t.Fatalf("handle of a promoted field: %v", av)
	}
	if av, _ := OrderAttrs.ShipTo.Encode(*o.ShipTo); !reflect.DeepEqual(av, item["ship_to"]) {
		t.Fatalf("handle of a pointer to a struct: %v, want %v", av, item["ship_to"])
	}
	if got := OrderAttrs.ShipTo.City.Name(); got != "ship_to.city" {
		t.Fatalf("nested handle path %q", got)
	}
	if av, _ := OrderAttrs.ShipTo.City.Encode("Rome"); !reflect.DeepEqual(av, item["ship_to"].(*types.AttributeValueMemberM).Value["city"]) {
		t.Fatalf("nested handle encodes %v", av)
	}
	if got := ShipmentAttrs.To.At(1).City.Name(); got != "to[1].city" {
		t.Fatalf("list element handle path %q", got)
	}
	if av, _ := ShipmentAttrs.Labels.Encode([]string{"fragile"}); !reflect.DeepEqual(av, &types.AttributeValueMemberSS{Value: []string{"fragile"}}) {
		t.Fatalf("string set handle: %v", av)
	}

	s := &Shipment{ID: "x", From: Address{Street: "a"}, To: []Address{{City: "b"}, {}}, At: time.Unix(1700000000, 0), Seq: 3, Labels: []string{"fragile"}}
	item, err = s.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	same(t, s, item)
	var sb Shipment
	if err := sb.UnmarshalItem(item); err != nil || !reflect.DeepEqual(&sb, s) {
		t.Fatalf("round trip: %+v, %v", sb, err)
	}
}
`

// TestCodecOfHandBuiltModelCompilesAndMatchesAttributevalue generates the
// codec of a hand-built model into a module of its own, then builds, vets and
// tests it with the go command.
func TestCodecOfHandBuiltModelCompilesAndMatchesAttributevalue(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod := strings.Replace(string(gomod), "module github.com/stelviogen/stelviogen", "module "+handPkgPath, 1) +
		"\nrequire github.com/stelviogen/stelviogen v0.0.0\n\nreplace github.com/stelviogen/stelviogen => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	pkg := handModel()
	files := map[string]string{"go.mod": mod, "go.sum": string(sum), "models.go": handModels, "handmade_test.go": handTest}
	for _, tb := range pkg.Tables {
		src, err := render(handlerFile(newHandleGen(pkg), pkg, tb, structOwners(pkg)[tb]))
		if err != nil {
			t.Fatal(err)
		}
		files[fileBase(tb)+"_stelviogen.go"] = string(src)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The shared struct's codec is emitted once, in the first table's file.
	if !strings.Contains(files["order_stelviogen.go"], "func marshalAddress(") || strings.Contains(files["shipment_stelviogen.go"], "func marshalAddress(") {
		t.Errorf("marshalAddress must be in order_stelviogen.go only")
	}
	if strings.Contains(files["order_stelviogen.go"], `"reflect"`) {
		t.Errorf("generated code imports reflect")
	}
	goRun(t, dir, "vet", "./...")
	goRun(t, dir, "test", "-count=1", "./...")
}

func TestCodecNames(t *testing.T) {
	pkg := handModel()
	orders := pkg.Tables[0]
	if got := fieldEncoderName("Order", orders.Struct.Fields[5]); got != "marshalOrderShipTo" {
		t.Errorf("fieldEncoderName = %s", got)
	}
	if got := projectionTypeName(orders, orders.LSIs[0]); got != "OrderStatusIndexProjection" {
		t.Errorf("projectionTypeName = %s", got)
	}
	if got := projectionTypeName(orders, orders.GSIs[0]); got != "OrderByTotalIndexProjection" {
		t.Errorf("projectionTypeName = %s", got)
	}
}

func TestTypeCodeQualifiesEveryNamedType(t *testing.T) {
	addr := &tags.Type{Kind: tags.KindStruct, Name: "Address", PkgPath: "example.com/geo", Struct: &tags.Struct{Name: "Address", PkgPath: "example.com/geo"}}
	cases := []struct {
		t    *tags.Type
		want string
	}{
		{&tags.Type{Kind: tags.KindMap, Key: tString, Elem: &tags.Type{Kind: tags.KindSlice, Elem: &tags.Type{Kind: tags.KindPtr, Elem: addr}}}, "map[string][]*geo.Address"},
		{&tags.Type{Kind: tags.KindArray, Len: 4, Elem: &tags.Type{Kind: tags.KindUint, Basic: "uint8"}}, "[4]uint8"},
		{&tags.Type{Kind: tags.KindBytes}, "[]byte"},
		{tTime, "time.Time"},
		{&tags.Type{Kind: tags.KindInterface}, "any"},
	}
	for _, c := range cases {
		f := newFile("p", "example.com/p")
		f.Var().Id("x").Add(typeCode(c.t))
		src, err := render(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(src), "var x "+c.want) {
			t.Errorf("typeCode renders\n%s\nwant var x %s", src, c.want)
		}
	}
}
