package ddb

import (
	"context"
	"encoding/json"
	"io"
	"math/big"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestCanonicalNumberEqualValues(t *testing.T) {
	for _, group := range [][]string{
		{"0", "-0", "+0", "0.0", "-0.000", "0e5", "-0E-7", "000", ".0", "0."},
		{"1", "1.0", "1.000", "01", "+1", "1e0", "10e-1", "0.1e1", "100E-2"},
		{"1.5", "1.50", "15e-1", "0.15e1", "150e-2", "001.5000"},
		{"100", "1e2", "1E2", "1e+2", "10e1", "100.0", "0.001e5"},
		{"-42", "-42.0", "-4.2e1", "-420e-1"},
		{"0.001", "1e-3", "1E-3", ".001", "0.0010"},
		{"12345678901234567890123456789012345678", "1.2345678901234567890123456789012345678e37"},
		{"9.9999999999999999999999999999999999999e125", "99999999999999999999999999999999999999e88"},
		{"1e-130", "0.1e-129", "10e-131"},
	} {
		want := canonicalNumber(group[0])
		for _, n := range group[1:] {
			if got := canonicalNumber(n); got != want {
				t.Errorf("canonicalNumber(%q) = %q, want %q as for %q", n, got, want, group[0])
			}
		}
	}
}

func TestCanonicalNumberDistinctValues(t *testing.T) {
	distinct := []string{
		"0", "1", "-1", "10", "100", "1000", "0.1", "0.01", "1.5", "15", "150", "-1.5",
		"12345678901234567890123456789012345678", "12345678901234567890123456789012345679",
		"0.12345678901234567890123456789012345678", "0.12345678901234567890123456789012345679",
		"1e125", "1e126", "1e-129", "1e-130", "2", "20", "0.2",
	}
	seen := map[string]string{}
	for _, n := range distinct {
		c := canonicalNumber(n)
		if prev, ok := seen[c]; ok {
			t.Errorf("%q and %q both give %q", prev, n, c)
		}
		seen[c] = n
	}
}

func TestCanonicalNumberSpelling(t *testing.T) {
	for in, want := range map[string]string{
		"15": "15", "100": "1e2", "1.5": "15e-1", "-0": "0", "-0.50": "-5e-1", "7": "7",
		// Not numbers: returned as they are.
		"": "", "-": "-", "abc": "abc", "1e": "1e", "1x": "1x", "1.2.3": "1.2.3", "e5": "e5", "1e5x": "1e5x",
	} {
		if got := canonicalNumber(in); got != want {
			t.Errorf("canonicalNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// respell writes the decimal value of r (a number with at most 38
// significant digits) in a random one of the spellings DynamoDB accepts.
func respell(rng *rand.Rand, digits string, exp int, neg bool) string {
	// value = digits × 10^exp; move the point and add zeros at random.
	var b strings.Builder
	if neg {
		b.WriteString("-")
	} else if rng.IntN(4) == 0 {
		b.WriteString("+")
	}
	b.WriteString(strings.Repeat("0", rng.IntN(3)))
	point := rng.IntN(len(digits) + 1) // digits before the point
	b.WriteString(digits[:point])
	if point == 0 {
		b.WriteString("0")
	}
	frac := digits[point:] + strings.Repeat("0", rng.IntN(3))
	if frac != "" || rng.IntN(2) == 0 {
		b.WriteString(".")
		b.WriteString(frac)
	}
	e := exp + len(digits) - point
	if e != 0 || rng.IntN(2) == 0 {
		b.WriteString([]string{"e", "E"}[rng.IntN(2)])
		if e >= 0 && rng.IntN(2) == 0 {
			b.WriteString("+")
		}
		b.WriteString(big.NewInt(int64(e)).String())
	}
	return b.String()
}

// Random numbers in random spellings: canonicalNumber agrees with exact
// rational equality.
func TestCanonicalNumberAgreesWithRationalEquality(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rat := func(s string) *big.Rat {
		r, ok := new(big.Rat).SetString(strings.TrimPrefix(s, "+"))
		if !ok {
			t.Fatalf("big.Rat cannot parse %q", s)
		}
		return r
	}
	randomDigits := func() string {
		n := 1 + rng.IntN(38)
		d := make([]byte, n)
		for i := range d {
			d[i] = byte('0' + rng.IntN(10))
		}
		return string(d)
	}
	for range 20000 {
		d1, e1, n1 := randomDigits(), rng.IntN(60)-30, rng.IntN(2) == 0
		a := respell(rng, d1, e1, n1)
		b := respell(rng, d1, e1, n1)
		if rng.IntN(2) == 0 { // often another value, sometimes close to it
			d2 := d1
			if rng.IntN(2) == 0 {
				d2 = randomDigits()
			} else {
				d2 = d1[:len(d1)-1] + string('0'+(d1[len(d1)-1]-'0'+1)%10)
			}
			b = respell(rng, d2, e1+rng.IntN(3)-1, rng.IntN(2) == 0)
		}
		same := rat(a).Cmp(rat(b)) == 0
		if got := canonicalNumber(a) == canonicalNumber(b); got != same {
			t.Fatalf("%q and %q: canonical forms %q and %q; equal values: %v", a, b, canonicalNumber(a), canonicalNumber(b), same)
		}
	}
}

// capture is an HTTP client that records the request body and answers {}.
type capture struct{ body []byte }

func (c *capture) Do(r *http.Request) (*http.Response, error) {
	c.body, _ = io.ReadAll(r.Body)
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/x-amz-json-1.0"}},
		Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

// sentString returns the string DynamoDB receives when the SDK sends s as a
// key value: the request body is decoded as the server decodes it.
func sentString(t *testing.T, s string) string {
	t.Helper()
	c := &capture{}
	client := dynamodb.New(dynamodb.Options{
		Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("k", "s", ""),
		BaseEndpoint: aws.String("http://127.0.0.1:1"), HTTPClient: c,
	})
	_, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String("t"),
		Key: map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: s}}})
	if err != nil {
		t.Fatalf("GetItem through the capturing client: %v", err)
	}
	if !json.Valid(c.body) || !utf8.Valid(c.body) {
		t.Fatalf("the SDK sent a body that is not valid JSON text: %q", c.body)
	}
	var in struct{ Key map[string]struct{ S string } }
	if err := json.Unmarshal(c.body, &in); err != nil {
		t.Fatalf("decoding %q: %v", c.body, err)
	}
	return in.Key["pk"].S
}

// canonicalString is what the SDK's encoder actually sends.
func TestCanonicalStringIsWhatTheSDKSends(t *testing.T) {
	cases := []string{
		"", "plain", "ünïcødé ✓ 𝄞", "a\xffb", "\xff\xfe", "a\xe2\x82", "\xe2\x82\xac", "\xed\xa0\x80", // surrogate half
		"\xf4\x90\x80\x80", // above U+10FFFF
		"\xc0\xaf",         // overlong
		"\uFFFD", "x\uFFFD\xff", "\u2028\u2029", "<&>\"\\\x00\x1f",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{'a', 0x00, 0x7f, 0x80, 0xbf, 0xc2, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0xf0, 0x9d, 0x84, 0x9e, 0xf4, 0x90, 0xff}
	for range 300 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		if got, want := canonicalString(s), sentString(t, s); got != want {
			t.Fatalf("canonicalString(%q) = %q, but the SDK sends %q", s, got, want)
		}
	}
}

func TestKeyIDIsDynamoDBKeyEquality(t *testing.T) {
	attrs := []string{"pk", "sk"}
	key := func(pk types.AttributeValue, sk types.AttributeValue) map[string]types.AttributeValue {
		return map[string]types.AttributeValue{"pk": pk, "sk": sk, "other": S("ignored")}
	}
	n := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	id := func(k map[string]types.AttributeValue) string {
		s, err := keyID(k, attrs)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	same := [][2]map[string]types.AttributeValue{
		{key(S("p"), n("0")), key(S("p"), n("-0"))},
		{key(S("p"), n("1.50")), key(S("p"), n("1.5"))},
		{key(S("p"), n("1e2")), key(S("p"), n("100"))},
		{key(S("a\xff"), n("1")), key(S("a\xfe"), n("1"))},
		{key(S("a\xff"), n("1")), key(S("a\uFFFD"), n("1"))},
		{key(B([]byte{1, 2}), n("1")), key(B([]byte{1, 2}), n("1"))},
	}
	for _, p := range same {
		if id(p[0]) != id(p[1]) {
			t.Errorf("%s and %s are one key to DynamoDB, keyID differs", FormatKey(p[0]), FormatKey(p[1]))
		}
	}
	different := [][2]map[string]types.AttributeValue{
		{key(S("p"), n("1")), key(S("p"), n("10"))},
		{key(S("p1"), n("1")), key(S("p"), n("11"))}, // the same text once concatenated
		{key(S("1"), n("1")), key(B([]byte("1")), n("1"))},
		{key(S("p"), S("1")), key(S("p"), n("1"))},
		{key(B([]byte{0xff}), n("1")), key(B([]byte{0xfe}), n("1"))}, // binary is not text
		{key(S("a\xff"), n("1")), key(S("a"), n("1"))},
	}
	for _, p := range different {
		if id(p[0]) == id(p[1]) {
			t.Errorf("%s and %s are two keys to DynamoDB, keyID is equal", FormatKey(p[0]), FormatKey(p[1]))
		}
	}
}

func FuzzCanonicalNumber(f *testing.F) {
	for _, s := range []string{"0", "-0", "1.50", "1e2", "100", "0.001e5", "+1", "1e-130", "abc", "1e", ".5", "5."} {
		f.Add(s, "0")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ca, cb := canonicalNumber(a), canonicalNumber(b)
		if canonicalNumber(ca) != ca {
			t.Fatalf("canonicalNumber is not idempotent on %q: %q then %q", a, ca, canonicalNumber(ca))
		}
		ra, okA := decimal(a)
		rb, okB := decimal(b)
		if !okA || !okB {
			return
		}
		if same := ra.Cmp(rb) == 0; (ca == cb) != same {
			t.Fatalf("%q and %q: canonical %q and %q, equal values: %v", a, b, ca, cb, same)
		}
	})
}

// decimal parses s when it is a decimal number with an exponent of at most
// four digits (big.Rat also accepts forms DynamoDB does not, such as 1/2 or
// hexadecimal, so those are filtered first).
func decimal(s string) (*big.Rat, bool) {
	t := strings.TrimLeft(s, "+-")
	if len(s)-len(t) > 1 || t == "" || strings.ContainsFunc(t, func(r rune) bool {
		return !strings.ContainsRune("0123456789.eE+-", r)
	}) {
		return nil, false
	}
	if i := strings.IndexAny(t, "eE"); i >= 0 && len(strings.TrimLeft(t[i+1:], "+-")) > 4 {
		return nil, false
	}
	return new(big.Rat).SetString(strings.TrimPrefix(s, "+"))
}
