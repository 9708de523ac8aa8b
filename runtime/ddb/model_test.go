package ddb_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// widget is a hand-written model in the shape of a generated one: a table
// keyed by pk (S) and sk (N), with an optimistic-locking version, index keys
// that may be absent (sparse indexes), reserved-word attribute names, sets,
// lists, maps, a nested struct and a list of structs.
type widget struct {
	PK      string            `dynamodbav:"pk"`
	SK      int               `dynamodbav:"sk"`
	Version int64             `dynamodbav:"version"`
	Status  string            `dynamodbav:"status,omitempty"` // GSI by-status partition key (sparse)
	Name    string            `dynamodbav:"name,omitempty"`   // LSI by-name sort key (sparse)
	Code    *string           `dynamodbav:"-"`                // GSI by-code partition key: nil is absent, "" is refused
	Tag     []byte            `dynamodbav:"-"`                // GSI by-tag partition key (B): nil is absent, empty is refused
	Count   int               `dynamodbav:"count"`
	Total   float64           `dynamodbav:"total"` // GSI by-status sort key
	Hits    int               `dynamodbav:"hits,omitempty"`
	Flag    bool              `dynamodbav:"flag"`
	Note    string            `dynamodbav:"note,omitempty"`
	Date    string            `dynamodbav:"date,omitempty"`
	When    time.Time         `dynamodbav:"when,unixtime"`
	Tags    []string          `dynamodbav:"data,stringset,omitempty"`
	Nums    []int             `dynamodbav:"nums,numberset,omitempty"`
	Bins    [][]byte          `dynamodbav:"bins,binaryset,omitempty"`
	Items   []string          `dynamodbav:"items,omitempty"`
	Meta    map[string]string `dynamodbav:"meta,omitempty"`
	Addr    *address          `dynamodbav:"addr,omitempty"`
	Lines   []line            `dynamodbav:"lines,omitempty"`
	Blob    []byte            `dynamodbav:"blob,omitempty"`
}

type address struct {
	City string `dynamodbav:"city"`
	Zip  string `dynamodbav:"zip,omitempty"`
}

type line struct {
	SKU string `dynamodbav:"sku"`
	Qty int    `dynamodbav:"qty"`
}

func (v *widget) MarshalItem() (map[string]types.AttributeValue, error) {
	m, err := attributevalue.MarshalMap(v)
	if err != nil {
		return nil, err
	}
	if v.Code != nil {
		m["code"] = &types.AttributeValueMemberS{Value: *v.Code}
	}
	if v.Tag != nil {
		m["tag"] = &types.AttributeValueMemberB{Value: v.Tag}
	}
	return m, nil
}

func (v *widget) UnmarshalItem(m map[string]types.AttributeValue) error {
	if err := attributevalue.UnmarshalMap(m, v); err != nil {
		return err
	}
	if c, ok := m["code"].(*types.AttributeValueMemberS); ok {
		v.Code = aws.String(c.Value)
	}
	if b, ok := m["tag"].(*types.AttributeValueMemberB); ok {
		v.Tag = b.Value
	}
	return nil
}

// widgetKeys is what the KEYS_ONLY index by-code holds of a widget.
type widgetKeys struct {
	PK   string `dynamodbav:"pk"`
	SK   int    `dynamodbav:"sk"`
	Code string `dynamodbav:"code"`
}

func (v *widgetKeys) UnmarshalItem(m map[string]types.AttributeValue) error {
	return attributevalue.UnmarshalMap(m, v)
}

const widgetTableName = "widgets"

// widgetSchema is the versioned table; plainWidgetSchema the same without
// optimistic locking.
var widgetSchema = ddb.TableSchema{
	Name: widgetTableName,
	PK:   ddb.KeyAttr{Name: "pk", Type: types.ScalarAttributeTypeS},
	SK:   ddb.KeyAttr{Name: "sk", Type: types.ScalarAttributeTypeN},
	LSIs: []ddb.IndexSchema{
		{Name: "by-name", SK: ddb.KeyAttr{Name: "name", Type: types.ScalarAttributeTypeS}, Projection: types.ProjectionTypeAll},
	},
	GSIs: []ddb.IndexSchema{
		{Name: "by-status", PK: ddb.KeyAttr{Name: "status", Type: types.ScalarAttributeTypeS},
			SK: ddb.KeyAttr{Name: "total", Type: types.ScalarAttributeTypeN}, Projection: types.ProjectionTypeAll},
		{Name: "by-code", PK: ddb.KeyAttr{Name: "code", Type: types.ScalarAttributeTypeS}, Projection: types.ProjectionTypeKeysOnly},
		{Name: "by-tag", PK: ddb.KeyAttr{Name: "tag", Type: types.ScalarAttributeTypeB}, Projection: types.ProjectionTypeAll},
	},
	Version: "version",
}

var plainWidgetSchema = func() ddb.TableSchema {
	s := widgetSchema
	s.Version = ""
	return s
}()

var (
	versionedWidgets = ddb.NewTable(widgetSchema, (*widget)(nil),
		ddb.VersionOf(func(v any) *int64 { return &v.(*widget).Version }))
	plainWidgets = ddb.NewTable(plainWidgetSchema, (*widget)(nil), nil)
)

var (
	widgetPrimary  = &ddb.Index{PK: "pk", SK: "sk"}
	widgetByName   = &ddb.Index{Name: "by-name", PK: "pk", SK: "name"}
	widgetByStatus = &ddb.Index{Name: "by-status", PK: "status", SK: "total"}
	widgetByCode   = &ddb.Index{Name: "by-code", PK: "code"}
	widgetByTag    = &ddb.Index{Name: "by-tag", PK: "tag"}
)

// widgetAttributes are the handles of widget's attributes, as a generated
// WidgetAttrs would hold them.
type widgetAttributes struct {
	PK      ddb.String[string]
	SK      ddb.Number[int]
	Version ddb.Number[int64]
	Status  ddb.String[string]
	Name    ddb.String[string]
	Code    ddb.String[string]
	Tag     ddb.Binary[[]byte]
	Count   ddb.Number[int]
	Total   ddb.Number[float64]
	Hits    ddb.Number[int]
	Flag    ddb.Value[bool]
	Note    ddb.String[string]
	Date    ddb.String[string]
	When    ddb.Ordered[time.Time]
	Tags    ddb.Set[string]
	Nums    ddb.Set[int]
	Bins    ddb.Set[[]byte]
	Items   ddb.List[string, ddb.String[string]]
	Meta    ddb.Map[string, ddb.String[string]]
	Addr    addressAttributes
	Lines   ddb.List[line, lineAttributes]
	Blob    ddb.Binary[[]byte]
}

// addressAttributes are the handles of an address stored inside an item.
type addressAttributes struct {
	ddb.Value[address]
	City ddb.String[string]
	Zip  ddb.String[string]
}

func addressAttributesAt(p ddb.AttrPath) addressAttributes {
	return addressAttributes{
		Value: ddb.NewValue(p, encodeStruct[address]),
		City:  ddb.NewString(p.Member("city"), ddb.EncS[string]),
		Zip:   ddb.NewString(p.Member("zip"), ddb.OmitZero(ddb.EncS[string])),
	}
}

// lineAttributes are the handles of a line stored inside an item.
type lineAttributes struct {
	ddb.Value[line]
	SKU ddb.String[string]
	Qty ddb.Number[int]
}

func lineAttributesAt(p ddb.AttrPath) lineAttributes {
	return lineAttributes{
		Value: ddb.NewValue(p, encodeStruct[line]),
		SKU:   ddb.NewString(p.Member("sku"), ddb.EncS[string]),
		Qty:   ddb.NewNumber(p.Member("qty"), ddb.EncN[int]),
	}
}

// encodeStruct stores a struct as attributevalue does inside an item.
func encodeStruct[T any](v T) (types.AttributeValue, error) { return attributevalue.Marshal(v) }

func attr(name string) ddb.AttrPath { return ddb.TableAttr(widgetTableName, name) }

var W = widgetAttributes{
	PK:      ddb.NewString(attr("pk"), ddb.EncS[string]),
	SK:      ddb.NewNumber(attr("sk"), ddb.EncN[int]),
	Version: ddb.NewNumber(attr("version"), ddb.EncN[int64]),
	Status:  ddb.NewString(attr("status"), ddb.OmitZero(ddb.EncS[string])),
	Name:    ddb.NewString(attr("name"), ddb.OmitZero(ddb.EncS[string])),
	Code:    ddb.NewString(attr("code"), ddb.EncS[string]),
	Tag:     ddb.NewBinary(attr("tag"), ddb.OmitNilBytes(ddb.EncB[[]byte])),
	Count:   ddb.NewNumber(attr("count"), ddb.EncN[int]),
	Total:   ddb.NewNumber(attr("total"), ddb.EncN[float64]),
	Hits:    ddb.NewNumber(attr("hits"), ddb.OmitZero(ddb.EncN[int])),
	Flag:    ddb.NewValue(attr("flag"), ddb.EncBool[bool]),
	Note:    ddb.NewString(attr("note"), ddb.OmitZero(ddb.EncS[string])),
	Date:    ddb.NewString(attr("date"), ddb.OmitZero(ddb.EncS[string])),
	When:    ddb.NewOrdered(attr("when"), ddb.EncUnixTime),
	Tags:    ddb.NewSet(attr("data"), ddb.OmitNilList(ddb.EncStringSet[string]), ddb.EncS[string]),
	Nums:    ddb.NewSet(attr("nums"), ddb.OmitNilList(ddb.EncNumberSet[int]), ddb.EncN[int]),
	Bins:    ddb.NewSet(attr("bins"), ddb.OmitNilList(ddb.EncBinarySet[[]byte]), ddb.EncB[[]byte]),
	Items:   ddb.NewList(attr("items"), ddb.OmitNilList(ddb.EncList(ddb.EncS[string])), ddb.EncS[string], ddb.StringAt[string]),
	Meta:    ddb.NewMap(attr("meta"), ddb.OmitNilMap(ddb.EncMap(ddb.EncS[string])), ddb.StringAt[string]),
	Addr:    addressAttributesAt(attr("addr")),
	Lines:   ddb.NewList(attr("lines"), ddb.OmitNilList(ddb.EncList(encodeStruct[line])), encodeStruct[line], lineAttributesAt),
	Blob:    ddb.NewBinary(attr("blob"), ddb.OmitNilBytes(ddb.EncB[[]byte])),
}

// widgetKey is the key of the widget pk/sk.
func widgetKey(pk string, sk int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": ddb.S(pk), "sk": ddb.NInt(int64(sk))}
}

// widgets is a fresh widget table on the local server, read and written
// through the runtime's Reader and Writer, and through the raw client.
type widgets struct {
	t      *testing.T
	client *dynamodb.Client
	name   string
	r      ddb.Reader
	w      ddb.Writer
}

// newWidgets creates a table of widgets, with optimistic locking when
// versioned, and deletes it when the test ends.
func newWidgets(t *testing.T, versioned bool) *widgets {
	t.Helper()
	table := plainWidgets
	if versioned {
		table = versionedWidgets
	}
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, widgetTableName)
	if err := ddb.CreateTable(t.Context(), client, table.Schema, name); err != nil {
		t.Fatalf("create table: %v", err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, name); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	return &widgets{t: t, client: client, name: name, r: ddb.NewReader(client, name, table), w: ddb.NewWriter(client, name, table)}
}

// put writes v unconditionally through the raw client (no version check).
func (s *widgets) put(v *widget) {
	s.t.Helper()
	item, err := v.MarshalItem()
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.client.PutItem(s.t.Context(), &dynamodb.PutItemInput{TableName: aws.String(s.name), Item: item}); err != nil {
		s.t.Fatalf("put %s/%d: %v", v.PK, v.SK, err)
	}
}

// raw returns the stored item pk/sk, nil when there is none.
func (s *widgets) raw(pk string, sk int) map[string]types.AttributeValue {
	s.t.Helper()
	out, err := s.client.GetItem(s.t.Context(), &dynamodb.GetItemInput{TableName: aws.String(s.name), Key: widgetKey(pk, sk), ConsistentRead: aws.Bool(true)})
	if err != nil {
		s.t.Fatalf("get %s/%d: %v", pk, sk, err)
	}
	return out.Item
}

// get returns the stored widget pk/sk, nil when there is none.
func (s *widgets) get(pk string, sk int) *widget {
	s.t.Helper()
	item := s.raw(pk, sk)
	if item == nil {
		return nil
	}
	v := new(widget)
	if err := v.UnmarshalItem(item); err != nil {
		s.t.Fatalf("decode %s/%d: %v", pk, sk, err)
	}
	return v
}

// count returns the number of items in the table.
func (s *widgets) count() int {
	s.t.Helper()
	out, err := s.client.Scan(s.t.Context(), &dynamodb.ScanInput{TableName: aws.String(s.name), Select: types.SelectCount, ConsistentRead: aws.Bool(true)})
	if err != nil {
		s.t.Fatal(err)
	}
	return int(out.Count)
}

func (s *widgets) update(pk string, sk int, opts ...ddb.UpdateOption) (*widget, error) {
	return ddb.Update(s.t.Context(), &s.w, widgetKey(pk, sk), opts, new(widget))
}

func (s *widgets) updateVersion(pk string, sk int, version int64, opts ...ddb.UpdateOption) (*widget, error) {
	return ddb.UpdateVersion(s.t.Context(), &s.w, widgetKey(pk, sk), version, opts, new(widget))
}

func (s *widgets) getWidget(pk string, sk int, opts ...ddb.ReadOption) (*widget, error) {
	return ddb.Get(s.t.Context(), &s.r, widgetKey(pk, sk), opts, new(widget))
}

// all collects the items of a query or scan.
func all[R any](t *testing.T, q *ddb.Query[R]) ([]R, error) {
	t.Helper()
	var out []R
	for v, err := range q.All(t.Context()) {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// ids returns "pk/sk" of each widget.
func ids(ws []widget) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.PK + "/" + itoa(w.SK)
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

// sameWidget reports whether a and b hold the same values: times compare as
// instants, and a nil slice or map equals an empty one.
func sameWidget(a, b *widget) bool {
	if a == nil || b == nil {
		return a == b
	}
	if !a.When.Equal(b.When) {
		return false
	}
	x, y := *a, *b
	x.When, y.When = time.Time{}, time.Time{}
	return reflect.DeepEqual(normalized(x), normalized(y))
}

func normalized(v widget) widget {
	if len(v.Tag) == 0 && v.Tag != nil {
		v.Tag = []byte{}
	}
	if len(v.Tags) == 0 {
		v.Tags = nil
	}
	if len(v.Nums) == 0 {
		v.Nums = nil
	}
	if len(v.Bins) == 0 {
		v.Bins = nil
	}
	if len(v.Items) == 0 {
		v.Items = nil
	}
	if len(v.Meta) == 0 {
		v.Meta = nil
	}
	if len(v.Lines) == 0 {
		v.Lines = nil
	}
	if len(v.Blob) == 0 {
		v.Blob = nil
	}
	return v
}
