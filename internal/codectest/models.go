// Package codectest holds tagged model structs that cover every kind of field
// the generated codec handles, with their committed generated code, and the
// tests that prove the codec interchangeable with attributevalue: property
// tests, a fuzz target and benchmarks.
package codectest

//go:generate go tool stelviogen -json

import (
	"encoding/json"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
)

// Order is the orders table of the Stelvio guide.
type Order struct {
	_          struct{} `dynamo:"table=orders"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string   `dynamodbav:"order_date" dynamo:"sk"`
	Status     string   `dynamodbav:"status" lsi:"status-index,project=total" gsi:"status-total-index,pk,project=all"`
	Total      float64  `dynamodbav:"total" gsi:"status-total-index,sk"`
	ExpiresAt  int64    `dynamodbav:"expires_at" dynamo:"ttl"`
	Version    int64    `dynamodbav:"version" dynamo:"version"`
}

// User is a users table with an embedded struct and a keys-only index.
type User struct {
	_         struct{}  `dynamo:"table=users"`
	ID        string    `dynamodbav:"id" dynamo:"pk"`
	Email     string    `dynamodbav:"email" gsi:"by-email,pk"`
	Name      string    `dynamodbav:"name"`
	Age       int       `dynamodbav:"age,omitempty"`
	Roles     []string  `dynamodbav:"roles,stringset,omitempty"`
	CreatedAt time.Time `dynamodbav:"created_at"`
	Audit
}

// Audit is embedded in User: its fields are stored as User's own.
type Audit struct {
	CreatedBy string `dynamodbav:"created_by"`
	Revision  int    `dynamodbav:"revision"`
}

// Profile is the 30-field struct of the benchmarks: nested structs, pointers,
// maps, slices, sets, times, options and a Marshaler type.
type Profile struct {
	_        struct{}          `dynamo:"table=profiles"`
	ID       string            `dynamodbav:"id" dynamo:"pk"`
	Seq      int64             `dynamodbav:"seq" dynamo:"sk"`
	Name     string            `dynamodbav:"name" gsi:"by-name,pk,project=score|tags"`
	Nick     *string           `dynamodbav:"nick"`
	Note     string            `dynamodbav:"note,omitempty"`
	Active   bool              `dynamodbav:"active"`
	Age      int8              `dynamodbav:"age"`
	Level    int16             // no tag: the attribute is named Level
	Count    int32             `dynamodbav:"count"`
	Big      uint64            `dynamodbav:"big"`
	Ratio    float32           `dynamodbav:"ratio"`
	Score    float64           `dynamodbav:"score,string"`
	Payload  []byte            `dynamodbav:"payload"`
	Created  time.Time         `dynamodbav:"created"`
	Expires  time.Time         `dynamodbav:"expires,unixtime"`
	Seen     *time.Time        `dynamodbav:"seen,omitempty"`
	Tags     []string          `dynamodbav:"tags,stringset"`
	Scores   []int             `dynamodbav:"scores,numberset"`
	Blobs    [][]byte          `dynamodbav:"blobs"`
	Lines    []Line            `dynamodbav:"lines"`
	Home     Address           `dynamodbav:"home"`
	Work     *Address          `dynamodbav:"work,omitempty"`
	Attrs    map[string]string `dynamodbav:"attrs"`
	Counters map[int]float64   `dynamodbav:"counters"`
	Price    Money             `dynamodbav:"price"`
	Prices   map[string]Money  `dynamodbav:"prices,omitempty"`
	Kind     Kind              `dynamodbav:"kind"`
	Rank     Rank              `dynamodbav:"rank,string"`
	Matrix   [][]int           `dynamodbav:"matrix"`
	Flags    map[Kind]bool     `dynamodbav:"flags,omitempty"`
}

// Line is an element of Profile.Lines.
type Line struct {
	SKU   string  `dynamodbav:"sku"`
	Qty   int     `dynamodbav:"qty"`
	Price float64 `dynamodbav:"price"`
	Gift  *bool   `dynamodbav:"gift,omitempty"`
}

// Address is nested in Profile, by value and by pointer.
type Address struct {
	Street string    `dynamodbav:"street"`
	City   string    `dynamodbav:"city"`
	Geo    *GeoPoint `dynamodbav:"geo"`
}

// GeoPoint is nested two levels deep.
type GeoPoint struct {
	Lat float64 `dynamodbav:"lat"`
	Lng float64 `dynamodbav:"lng"`
}

// Kind is a named string type.
type Kind string

// Rank is a named integer type.
type Rank int32

// Kitchen holds the rarer shapes: every integer kind, arrays, double
// pointers, interfaces, json.Number, nullempty and element options,
// attributevalue.UnixTime and named byte types.
type Kitchen struct {
	_       struct{}                `dynamo:"table=kitchen"`
	ID      string                  `dynamodbav:"id" dynamo:"pk"`
	I       int                     `dynamodbav:"i"`
	I8      int8                    `dynamodbav:"i8"`
	I16     int16                   `dynamodbav:"i16"`
	I32     int32                   `dynamodbav:"i32"`
	I64     int64                   `dynamodbav:"i64"`
	U       uint                    `dynamodbav:"u"`
	U8      uint8                   `dynamodbav:"u8"`
	U16     uint16                  `dynamodbav:"u16"`
	U32     uint32                  `dynamodbav:"u32"`
	U64     uint64                  `dynamodbav:"u64,string"`
	F32     float32                 `dynamodbav:"f32,omitempty"`
	B       bool                    `dynamodbav:"b,nullempty"`
	S       string                  `dynamodbav:"s,nullempty"`
	Digest  [4]byte                 `dynamodbav:"digest"`
	Triple  [3]int                  `dynamodbav:"triple"`
	PP      **int                   `dynamodbav:"pp"`
	PS      *[]string               `dynamodbav:"ps"`
	Any     any                     `dynamodbav:"any,omitempty"`
	Anys    []any                   `dynamodbav:"anys"`
	Free    map[string]any          `dynamodbav:"free"`
	Amount  json.Number             `dynamodbav:"amount"`
	Stamp   attributevalue.UnixTime `dynamodbav:"stamp"`
	Opt     map[string]*int         `dynamodbav:"opt,omitemptyelem"`
	Nulls   []string                `dynamodbav:"nulls,nullemptyelem"`
	Blob    Blob                    `dynamodbav:"blob"`
	Names   []Kind                  `dynamodbav:"names,stringset"`
	Ratios  []float32               `dynamodbav:"ratios,numberset"`
	Keys    map[uint16]string       `dynamodbav:"keys"`
	FKeys   map[float64]bool        `dynamodbav:"fkeys"`
	BKeys   map[bool]int            `dynamodbav:"bkeys"`
	Times   []time.Time             `dynamodbav:"times"`
	When    map[string]*time.Time   `dynamodbav:"when"`
	Moneys  []Money                 `dynamodbav:"moneys"`
	PMoney  *Money                  `dynamodbav:"pmoney"`
	Nested  []map[string][]GeoPoint `dynamodbav:"nested"`
	RankS   []Rank                  `dynamodbav:"rank_s,numberset,omitemptyelem"`
	PInt    *int                    `dynamodbav:"pint,string"`
	Opaque  Opaque                  `dynamodbav:"opaque"`
	PLines  []*Line                 `dynamodbav:"plines"`
	BlobMap map[string][]byte       `dynamodbav:"blob_map"`
	Points  [2]*GeoPoint            `dynamodbav:"points"`
	Tally   Tally                   `dynamodbav:"tally"`
	Tallies map[string]Tally        `dynamodbav:"tallies"`
	TallyL  []Tally                 `dynamodbav:"tally_l"`
	Handle  uintptr                 `dynamodbav:"handle"`
	Anon    struct {
		X int    `dynamodbav:"x"`
		Y string `dynamodbav:"y"`
	} `dynamodbav:"anon"`
}

// Blob is a named byte slice.
type Blob []byte

// Record is a 30-field struct shaped like a typical business record: mostly
// scalars, with a nested struct, a pointer, times, sets, a map, a list and a
// Marshaler type. Profile is the collection-heavy counterpart.
type Record struct {
	_           struct{}          `dynamo:"table=records"`
	Tenant      string            `dynamodbav:"tenant" dynamo:"pk"`
	ID          string            `dynamodbav:"id" dynamo:"sk"`
	Title       string            `dynamodbav:"title"`
	Description string            `dynamodbav:"description,omitempty"`
	State       Kind              `dynamodbav:"state"`
	Owner       string            `dynamodbav:"owner"`
	Priority    int               `dynamodbav:"priority"`
	Weight      float64           `dynamodbav:"weight"`
	Quantity    int32             `dynamodbav:"quantity"`
	Limit       uint32            `dynamodbav:"limit"`
	Ratio       float32           `dynamodbav:"ratio"`
	Code        int64             `dynamodbav:"code,string"`
	Archived    bool              `dynamodbav:"archived"`
	Public      bool              `dynamodbav:"public,omitempty"`
	Version     int64             `dynamodbav:"version" dynamo:"version"`
	CreatedAt   time.Time         `dynamodbav:"created_at"`
	UpdatedAt   time.Time         `dynamodbav:"updated_at"`
	ExpiresAt   time.Time         `dynamodbav:"expires_at,unixtime" dynamo:"ttl"`
	Reviewer    *string           `dynamodbav:"reviewer,omitempty"`
	Score       *float64          `dynamodbav:"score"`
	Tags        []string          `dynamodbav:"tags,stringset,omitempty"`
	Levels      []int             `dynamodbav:"levels,numberset,omitempty"`
	Notes       []string          `dynamodbav:"notes"`
	Meta        map[string]string `dynamodbav:"meta"`
	Location    GeoPoint          `dynamodbav:"location"`
	Price       Money             `dynamodbav:"price"`
	Checksum    []byte            `dynamodbav:"checksum"`
	Region      string            `dynamodbav:"region"`
	Zone        string            `dynamodbav:"zone"`
	Rank        Rank              `dynamodbav:"rank"`
}
