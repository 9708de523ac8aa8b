// Package streamfilter builds Lambda event filter patterns for DynamoDB stream
// subscriptions from a model's typed attribute handles, so a filter on an
// attribute the model does not have, or with a value of the wrong Go type, does
// not compile:
//
//	streamfilter.Match(
//		streamfilter.Events(streamfilter.Insert, streamfilter.Modify),
//		streamfilter.NewImage(streamfilter.Equals(&models.OrderAttrs.Status, "paid")),
//	)
//
// renders as the pattern Lambda expects, in the stream record's attribute-value
// shape:
//
//	{"dynamodb":{"NewImage":{"status":{"S":["paid"]}}},"eventName":["INSERT","MODIFY"]}
//
// A Filter is one pattern: a record matches when every condition in it holds.
// A subscription's filters are ORed. Values go through the handle's encoder, so a
// pattern holds exactly what the generated codec writes.
//
// What AWS's filtering cannot express is not offered: there are no numeric range
// operators, because DynamoDB stream records carry numbers as strings and Lambda
// refuses numeric operators on them (a number attribute supports Equals,
// AnythingBut, Exists and NotExists on its canonical text); no condition reaches
// into a list element. What the package can only see at deployment (a value the
// codec omits, two conditions on one attribute, an image the stream lacks, an
// attribute of another table) is an error from Pattern, which the subscription
// reports before anything is deployed.
//
// The package imports runtime/ddb for the handles and nothing of Pulumi; the
// infra runtime (runtime/awsinfra) renders filters when a subscription is declared.
package streamfilter

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// MaxPatternLength is the longest filter pattern Lambda accepts, in characters.
const MaxPatternLength = 4096

// Handle is an attribute handle of a model (models.OrderAttrs.Status and the
// like, taken by address): its path, and how it stores Go values of type V.
type Handle[V any] interface {
	Path() ddb.AttrPath
	Encode(V) (types.AttributeValue, error)
}

// Scalar is the handle of an attribute holding one value: a string, number,
// binary or boolean (ddb.String, ddb.Number, ddb.Binary, ddb.Value, ddb.Ordered).
// Sets, lists and maps are not scalars: AWS matches an array in a record
// element by element, so equality with a whole set or list cannot be expressed
// (use Contains for a set element, or a map member's own handle).
type Scalar[V any] interface {
	Handle[V]
	Key(V) ddb.KeyValue
}

// EventName is the kind of change a stream record describes.
type EventName string

// The event names of DynamoDB stream records.
const (
	Insert EventName = "INSERT" // a new item
	Modify EventName = "MODIFY" // an item changed
	Remove EventName = "REMOVE" // an item deleted, by a request or by TTL
)

// Images of a stream record that conditions on attributes apply to.
const (
	imageKeys = "Keys"
	imageNew  = "NewImage"
	imageOld  = "OldImage"
)

// Stream view types, as the table's stream is declared.
const (
	ViewKeysOnly        = "KEYS_ONLY"
	ViewNewImage        = "NEW_IMAGE"
	ViewOldImage        = "OLD_IMAGE"
	ViewNewAndOldImages = "NEW_AND_OLD_IMAGES"
)

// Stream describes the stream a filter is rendered for. Each field that is set
// enables a check; generated Subscribe methods set all of them.
type Stream struct {
	// Table is the logical table name: conditions on attributes of another
	// table are refused.
	Table string
	// Keys are the table's key attribute names: Keys conditions on other
	// attributes are refused (a record's Keys hold the table's key only).
	Keys []string
	// View is the stream view type: conditions on an image the stream does not
	// carry are refused (they would never match).
	View string
}

// Filter is one Lambda filter pattern. Make one with Match or Raw.
type Filter struct {
	conds []Cond
	raw   string
	isRaw bool
}

// Match is the filter that holds when every one of conds holds.
func Match(conds ...Cond) Filter { return Filter{conds: conds} }

// Raw is a filter pattern written by hand, as Lambda documents it. It is sent
// as is, after checking that it is a JSON object within Lambda's length limit.
func Raw(pattern string) Filter { return Filter{raw: pattern, isRaw: true} }

// Cond is one condition of a Filter: an event name, a TTL test, or conditions
// on the attributes of one image.
type Cond struct {
	kind   condKind
	events []EventName
	image  string
	attrs  []AttrCond
}

type condKind uint8

const (
	condEvents condKind = iota + 1
	condTTL
	condNotTTL
	condImage
)

// Events holds when the record's event name is one of names.
//
// AWS's pages disagree on this top-level key: the Lambda guide says DynamoDB
// event source mappings "only support filtering on the dynamodb key", while
// AWS's own examples (the CDK's, the TTL tutorial's) filter on eventName and
// userIdentity. See docs/streams.md; a handler that must not see other events
// should check the event name too.
func Events(names ...EventName) Cond { return Cond{kind: condEvents, events: names} }

// TTLExpired holds for the REMOVE records of items the Time to Live process
// deleted: their userIdentity is {"type":"Service","principalId":"dynamodb.amazonaws.com"}.
// The same top-level-key caveat as Events applies.
func TTLExpired() Cond { return Cond{kind: condTTL} }

// NotTTLExpired holds for every record the Time to Live process did not make:
// those without userIdentity.type, which DynamoDB sets on TTL deletions only.
func NotTTLExpired() Cond { return Cond{kind: condNotTTL} }

// Keys holds when the record's Keys (the table's key attributes, present in
// every record) satisfy every one of conds.
func Keys(conds ...AttrCond) Cond { return Cond{kind: condImage, image: imageKeys, attrs: conds} }

// NewImage holds when the item as it is after the change satisfies every one of
// conds. INSERT and MODIFY records have it, when the stream carries new images.
func NewImage(conds ...AttrCond) Cond { return Cond{kind: condImage, image: imageNew, attrs: conds} }

// OldImage holds when the item as it was before the change satisfies every one
// of conds. MODIFY and REMOVE records have it, when the stream carries old images.
func OldImage(conds ...AttrCond) Cond { return Cond{kind: condImage, image: imageOld, attrs: conds} }

// AttrCond is a condition on one attribute, placed in an image by Keys,
// NewImage or OldImage.
type AttrCond struct {
	path ddb.AttrPath
	op   string
	typ  string // the attribute-value type key the rule sits under: S, N, B, BOOL, NULL, SS, NS, BS
	rule []any
	err  error
}

func attrErr(p ddb.AttrPath, op string, err error) AttrCond {
	return AttrCond{path: p, op: op, err: err}
}

// Equals holds when the attribute equals one of vs, as the handle encodes them.
// Numbers compare as the text the codec writes (AWS compares N values as
// strings: 300 and 300.0 differ).
func Equals[V any](h Scalar[V], vs ...V) AttrCond {
	return valuesCond(h, "Equals", vs, func(vals []any) []any { return vals })
}

// AnythingBut holds when the attribute is present with the handle's type and
// equals none of vs. A record without the attribute does not match.
func AnythingBut[V any](h Scalar[V], vs ...V) AttrCond {
	return valuesCond(h, "AnythingBut", vs, func(vals []any) []any {
		return []any{map[string]any{"anything-but": vals}}
	})
}

func valuesCond[V any](h Scalar[V], op string, vs []V, rule func([]any) []any) AttrCond {
	p := h.Path()
	if len(vs) == 0 {
		return attrErr(p, op, errors.New("needs at least one value"))
	}
	typ := ""
	var vals []any
	for _, v := range vs {
		av, err := h.Encode(v)
		if err != nil {
			return attrErr(p, op, err)
		}
		t, val, err := scalarValue(av)
		if err != nil {
			return attrErr(p, op, fmt.Errorf("value %v: %w", v, err))
		}
		if typ != "" && t != typ {
			return attrErr(p, op, fmt.Errorf("the values are stored as both %s and %s; AWS would require both at once: use one filter per type", typ, t))
		}
		typ = t
		if !slices.Contains(vals, val) {
			vals = append(vals, val)
		}
	}
	if op == "AnythingBut" && (typ == "BOOL" || typ == "NULL") {
		return attrErr(p, op, fmt.Errorf("anything-but does not apply to %s values: use Equals with the other value", typ))
	}
	return AttrCond{path: p, op: op, typ: typ, rule: rule(vals)}
}

// scalarValue returns the type key and the pattern value of an encoded scalar.
func scalarValue(av types.AttributeValue) (string, any, error) {
	switch v := av.(type) {
	case nil:
		return "", nil, errors.New("the codec omits it (omitempty), so no record holds it: use NotExists")
	case *types.AttributeValueMemberS:
		return "S", v.Value, nil
	case *types.AttributeValueMemberN:
		return "N", v.Value, nil
	case *types.AttributeValueMemberB:
		return "B", base64.StdEncoding.EncodeToString(v.Value), nil
	case *types.AttributeValueMemberBOOL:
		return "BOOL", v.Value, nil
	case *types.AttributeValueMemberNULL:
		return "NULL", true, nil
	default:
		return "", nil, fmt.Errorf("it is stored as %s, not a single value; AWS matches lists, maps and sets element by element, so equality cannot be expressed", ddb.AVType(av))
	}
}

// Prefix holds when the string attribute starts with prefix, which must not be
// empty.
func Prefix[V ~string](h *ddb.String[V], prefix V) AttrCond {
	p := h.Path()
	if prefix == "" {
		return attrErr(p, "Prefix", errors.New("the prefix is empty, which every string has: leave the condition out"))
	}
	return AttrCond{path: p, op: "Prefix", typ: "S", rule: []any{map[string]any{"prefix": string(prefix)}}}
}

// Contains holds when the set attribute has at least one of elems.
func Contains[E any](h *ddb.Set[E], elems ...E) AttrCond {
	p := h.Path()
	if len(elems) == 0 {
		return attrErr(p, "Contains", errors.New("needs at least one element"))
	}
	typ := ""
	var vals []any
	for _, e := range elems {
		av, err := h.Encode([]E{e})
		if err != nil {
			return attrErr(p, "Contains", err)
		}
		var t string
		var val any
		switch s := av.(type) {
		case *types.AttributeValueMemberSS:
			t, val = "SS", s.Value[0]
		case *types.AttributeValueMemberNS:
			t, val = "NS", s.Value[0]
		case *types.AttributeValueMemberBS:
			t, val = "BS", base64.StdEncoding.EncodeToString(s.Value[0])
		default:
			return attrErr(p, "Contains", fmt.Errorf("element %v is not stored as a set element (%s)", e, ddb.AVType(av)))
		}
		typ = t
		if !slices.Contains(vals, val) {
			vals = append(vals, val)
		}
	}
	return AttrCond{path: p, op: "Contains", typ: typ, rule: vals}
}

// Exists holds when the attribute is present with the type its handle stores.
// AWS's exists operator only works on leaf values, so the pattern goes through
// the type key ({"status":{"S":[{"exists":true}]}}); that is why lists and maps
// are refused (filter on a map member's handle instead).
func Exists[V any](h Handle[V]) AttrCond { return existsCond(h, "Exists", true) }

// NotExists holds when the attribute is absent (or stored with another type,
// such as NULL). A record without the image does not hold it either.
func NotExists[V any](h Handle[V]) AttrCond { return existsCond(h, "NotExists", false) }

func existsCond[V any](h Handle[V], op string, exists bool) AttrCond {
	p := h.Path()
	typ, err := storedType(h)
	if err != nil {
		return attrErr(p, op, err)
	}
	if typ == "L" || typ == "M" {
		return attrErr(p, op, fmt.Errorf("the attribute is stored as %s, which has no leaf value of its own and AWS's exists only tests leaves: filter on a member's handle, or write a Raw pattern", typ))
	}
	return AttrCond{path: p, op: op, typ: typ, rule: []any{map[string]any{"exists": exists}}}
}

// storedType finds the type the handle's encoder stores, from the zero value
// and, when that is omitted or NULL, from a non-zero probe value.
func storedType[V any](h Handle[V]) (string, error) {
	var zero V
	if t := encodedType(h, zero); t != "" {
		return t, nil
	}
	if probe, ok := nonZero(reflect.TypeFor[V](), 0); ok {
		if v, ok := probe.Interface().(V); ok {
			if t := encodedType(h, v); t != "" {
				return t, nil
			}
		}
	}
	return "", fmt.Errorf("cannot tell which DynamoDB type the attribute is stored as (a custom encoding): write a Raw pattern")
}

func encodedType[V any](h Handle[V], v V) string {
	av, err := h.Encode(v)
	if err != nil || av == nil {
		return ""
	}
	if t := ddb.AVType(av); t != "NULL" {
		return t
	}
	return ""
}

// nonZero builds a non-zero value of t, for finding an encoder's type.
func nonZero(t reflect.Type, depth int) (reflect.Value, bool) {
	if depth > 4 {
		return reflect.Value{}, false
	}
	v := reflect.New(t).Elem()
	if t == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Unix(1, 0).UTC()))
		return v, true
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.String:
		v.SetString("x")
	case reflect.Slice:
		e, ok := nonZero(t.Elem(), depth+1)
		if !ok {
			return reflect.Value{}, false
		}
		s := reflect.MakeSlice(t, 1, 1)
		s.Index(0).Set(e)
		v.Set(s)
	case reflect.Pointer:
		e, ok := nonZero(t.Elem(), depth+1)
		if !ok {
			return reflect.Value{}, false
		}
		ptr := reflect.New(t.Elem())
		ptr.Elem().Set(e)
		v.Set(ptr)
	default:
		return reflect.Value{}, false
	}
	return v, true
}

// imagesOf are the images each event's records carry (when the stream view does).
var imagesOf = map[EventName][]string{
	Insert: {imageKeys, imageNew},
	Modify: {imageKeys, imageNew, imageOld},
	Remove: {imageKeys, imageOld},
}

// viewImages are the images each stream view type carries.
var viewImages = map[string][]string{
	ViewKeysOnly:        {imageKeys},
	ViewNewImage:        {imageKeys, imageNew},
	ViewOldImage:        {imageKeys, imageOld},
	ViewNewAndOldImages: {imageKeys, imageNew, imageOld},
}

// Pattern renders the filter as Lambda's filter-pattern JSON, with keys in a
// fixed order, after checking it against s and Lambda's rules.
func (f Filter) Pattern(s Stream) (string, error) {
	if f.isRaw {
		return f.raw, CheckPattern(f.raw)
	}
	if len(f.conds) == 0 {
		return "", errors.New("a filter with no conditions would match every record: leave the filter out")
	}
	root := map[string]any{}
	var events []EventName
	ttl := condKind(0)
	images := map[string]*node{}
	var used []string // images with conditions, in first-use order
	for _, c := range f.conds {
		switch c.kind {
		case condEvents:
			if events != nil {
				return "", errors.New("two Events conditions in one filter: AWS would require both; list every name in one Events")
			}
			if len(c.events) == 0 {
				return "", errors.New("Events needs at least one event name")
			}
			var names []any
			for _, e := range c.events {
				if _, ok := imagesOf[e]; !ok {
					return "", fmt.Errorf("unknown event name %q: use Insert, Modify or Remove", e)
				}
				if !slices.Contains(events, e) {
					events = append(events, e)
					names = append(names, string(e))
				}
			}
			root["eventName"] = names
		case condTTL, condNotTTL:
			if ttl != 0 {
				return "", errors.New("two TTL conditions in one filter (TTLExpired, NotTTLExpired): keep one")
			}
			ttl = c.kind
			if c.kind == condTTL {
				root["userIdentity"] = map[string]any{"type": []any{"Service"}, "principalId": []any{"dynamodb.amazonaws.com"}}
			} else {
				root["userIdentity"] = map[string]any{"type": []any{map[string]any{"exists": false}}}
			}
		case condImage:
			if len(c.attrs) == 0 {
				return "", fmt.Errorf("%s has no conditions", c.image)
			}
			if s.View != "" {
				have, ok := viewImages[s.View]
				if !ok {
					return "", fmt.Errorf("unknown stream view type %q", s.View)
				}
				if !slices.Contains(have, c.image) {
					return "", fmt.Errorf("a condition on %s never matches: the stream of table %s carries %s", c.image, tableName(s.Table), s.View)
				}
			}
			img := images[c.image]
			if img == nil {
				img = &node{}
				images[c.image] = img
				used = append(used, c.image)
			}
			for _, a := range c.attrs {
				if err := a.place(img, c.image, s); err != nil {
					return "", err
				}
			}
		default:
			return "", errors.New("a zero Cond: build conditions with Events, TTLExpired, NotTTLExpired, Keys, NewImage or OldImage")
		}
	}
	// TTL deletions are REMOVE records, which carry no new image.
	if ttl == condTTL {
		if events != nil && !slices.Contains(events, Remove) {
			return "", errors.New("TTLExpired with Events that leave out Remove never matches: TTL deletions are REMOVE records")
		}
		if images[imageNew] != nil {
			return "", errors.New("TTLExpired with a NewImage condition never matches: TTL deletions are REMOVE records, which have no new image")
		}
	}
	if events != nil {
		ok := false
		for _, e := range events {
			if covers(imagesOf[e], used) {
				ok = true
			}
		}
		if !ok {
			return "", fmt.Errorf("conditions on %s never match records of events %v: INSERT records have no old image, REMOVE records no new image", strings.Join(used, " and "), events)
		}
	}
	if len(images) > 0 {
		dyn := map[string]any{}
		for name, n := range images {
			dyn[name] = n.members()
		}
		root["dynamodb"] = dyn
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(root); err != nil {
		return "", err
	}
	out := strings.TrimSuffix(b.String(), "\n")
	if n := utf8.RuneCountInString(out); n > MaxPatternLength {
		return "", fmt.Errorf("the pattern is %d characters, over Lambda's %d", n, MaxPatternLength)
	}
	return out, nil
}

func covers(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func tableName(t string) string {
	if t == "" {
		return "(unnamed)"
	}
	return t
}

// CheckPattern checks a hand-written pattern: a JSON object of at most
// MaxPatternLength characters.
func CheckPattern(p string) error {
	var obj map[string]any
	if err := json.Unmarshal([]byte(p), &obj); err != nil {
		return fmt.Errorf("not a JSON object pattern: %w", err)
	}
	if obj == nil {
		return errors.New("not a JSON object pattern: null")
	}
	if len(obj) == 0 {
		return errors.New("the pattern {} matches every record: leave the filter out instead")
	}
	if n := utf8.RuneCountInString(p); n > MaxPatternLength {
		return fmt.Errorf("the pattern is %d characters, over Lambda's %d", n, MaxPatternLength)
	}
	return checkPatternValues("", obj)
}

// checkPatternValues checks the shape Lambda's filter syntax requires: every
// field holds an object (more fields) or an array (values or rules to match).
func checkPatternValues(path string, obj map[string]any) error {
	for k, v := range obj {
		at := k
		if path != "" {
			at = path + "." + k
		}
		switch v := v.(type) {
		case map[string]any:
			if len(v) == 0 {
				return fmt.Errorf("field %s is an empty object, which matches nothing", at)
			}
			if err := checkPatternValues(at, v); err != nil {
				return err
			}
		case []any:
			if len(v) == 0 {
				return fmt.Errorf("field %s is an empty array, which matches nothing", at)
			}
		default:
			return fmt.Errorf("field %s is %s: a pattern's values are arrays of values or rules, such as [%s]", at, jsonText(v), jsonText(v))
		}
	}
	return nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// node is an attribute in an image: a leaf rule, or members of a map.
type node struct {
	children map[string]*node
	typ      string
	rule     []any
	by       string // the condition that set the leaf, for messages
}

// members renders n's children as an image or an M value.
func (n *node) members() map[string]any {
	out := map[string]any{}
	for name, c := range n.children {
		if c.children != nil {
			out[name] = map[string]any{"M": c.members()}
		} else {
			out[name] = map[string]any{c.typ: c.rule}
		}
	}
	return out
}

// place adds the condition to the image rooted at img.
func (a AttrCond) place(img *node, image string, s Stream) error {
	where := func(err error) error {
		return fmt.Errorf("%s(%s) in %s: %w", a.op, a.path, image, err)
	}
	if a.op == "" {
		return fmt.Errorf("a zero AttrCond in %s: build conditions with Equals, AnythingBut, Prefix, Contains, Exists or NotExists", image)
	}
	if a.err != nil {
		return where(a.err)
	}
	if t := a.path.Table(); t != "" && s.Table != "" && t != s.Table {
		return where(fmt.Errorf("the attribute belongs to table %s, but the subscription is to table %s", t, s.Table))
	}
	names, err := pathNames(a.path)
	if err != nil {
		return where(err)
	}
	if image == imageKeys && s.Keys != nil && (len(names) != 1 || !slices.Contains(s.Keys, names[0])) {
		return where(fmt.Errorf("%s is not a key attribute of table %s (%s): a record's Keys hold only those; use NewImage or OldImage", a.path, tableName(s.Table), strings.Join(s.Keys, ", ")))
	}
	n := img
	for i, name := range names {
		if n.children == nil {
			if n.rule != nil {
				return where(fmt.Errorf("%s already has a condition (%s) on it as a whole", strings.Join(names[:i], "."), n.by))
			}
			n.children = map[string]*node{}
		}
		c := n.children[name]
		if c == nil {
			c = &node{}
			n.children[name] = c
		}
		n = c
	}
	if n.rule != nil || n.children != nil {
		return where(errors.New("another condition in this filter is on the same attribute (or inside it): AWS would require both at once; put alternatives in one condition (Equals takes several values) or in separate filters"))
	}
	n.typ, n.rule, n.by = a.typ, a.rule, a.op
	return nil
}
