package codectest

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// nonFiniteError checks that err is the codec's refusal of a NaN or
// infinite number at path: a *ddb.EncodeError matching ErrInvalidInput.
func nonFiniteError(t *testing.T, what string, err error, path string) {
	t.Helper()
	var ee *ddb.EncodeError
	if !errors.As(err, &ee) || !errors.Is(err, ddb.ErrInvalidInput) || !errors.Is(err, ddb.ErrEncode) {
		t.Errorf("%s: %v, want a *ddb.EncodeError matching ErrInvalidInput", what, err)
		return
	}
	if ee.Attr != path {
		t.Errorf("%s: path %q, want %q (%v)", what, ee.Attr, path, err)
	}
	if !strings.Contains(err.Error(), "DynamoDB numbers cannot be NaN or infinite") {
		t.Errorf("%s: message %q does not say why", what, err)
	}
}

// attributevalue writes NaN and infinities as the N "NaN", "+Inf" and
// "-Inf", which DynamoDB refuses (ValidationException); the generated codec
// refuses them before anything is sent, naming the attribute: a deliberate
// difference. With the string option they are text, written as attributevalue
// writes them.
func TestNonFiniteNumbersRefused(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := map[string]struct {
		v interface {
			MarshalItem() (map[string]types.AttributeValue, error)
		}
		path string
	}{
		"float32":                      {&Profile{Ratio: float32(inf)}, "ratio"},
		"float in a list of structs":   {&Profile{Lines: []Line{{Price: 1}, {Price: nan}}}, "lines[1].price"},
		"float in a nested struct":     {&Profile{Home: Address{Geo: &GeoPoint{Lat: -inf}}}, "home.geo.lat"},
		"float in a nested pointer":    {&Profile{Work: &Address{Geo: &GeoPoint{Lng: nan}}}, "work.geo.lng"},
		"map of floats":                {&Profile{Counters: map[int]float64{7: nan}}, "counters.7"},
		"number set of floats":         {&Kitchen{Ratios: []float32{1, float32(nan)}}, "ratios[1]"},
		"table key and index sort key": {&Order{CustomerID: "c", OrderDate: "d", Status: "s", Total: nan}, "total"},
	}
	for name, c := range cases {
		m, err := c.v.MarshalItem()
		if m != nil {
			t.Errorf("%s: an item came back with the error", name)
		}
		nonFiniteError(t, name, err, c.path)
		av, avErr := attributevalue.MarshalMap(c.v)
		if avErr != nil || av == nil {
			t.Errorf("%s: attributevalue: %v, want it to write the value (the codec is stricter)", name, avErr)
		}
	}
	// Text is not a number: the string option stores NaN as attributevalue does.
	p := &Profile{Score: nan}
	m, err := p.MarshalItem()
	if err != nil {
		t.Fatalf("NaN with the string option: %v", err)
	}
	if s, ok := m["score"].(*types.AttributeValueMemberS); !ok || s.Value != "NaN" {
		t.Errorf("score = %#v, want the S \"NaN\" attributevalue writes", m["score"])
	}
	// The handles' encoders refuse them too, with the path.
	_, err = ProfileAttrs.Counters.Encode(map[int]float64{1: inf})
	nonFiniteError(t, "generated value encoder", err, "counters.1")
	_, err = ProfileAttrs.Ratio.Encode(float32(nan))
	nonFiniteError(t, "number encoder", err, "")
	_, err = KitchenAttrs.Ratios.Encode([]float32{float32(-inf)})
	nonFiniteError(t, "number set encoder", err, "[0]")
	_, err = ProfileAttrs.Home.Geo.Encode(GeoPoint{Lat: nan})
	nonFiniteError(t, "nested struct encoder", err, "lat")
}
