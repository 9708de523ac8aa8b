// Package keys builds, splits and queries DynamoDB keys made from templates
// of constant text and typed fields, for single-table designs:
//
//	pk = CUSTOMER#{CustomerID}
//	sk = ORDER#{PlacedAt}#{ID}
//	gsi1pk = EMAIL#{Email|lower}
//	sk = PROFILE
//
// It is pure Go (no AWS SDK). The generator parses and checks templates with
// Parse, Bind, CheckLiteralPrefix and Compare, reporting TemplateErrors at
// their byte offsets; generated code binds each template once (MustBind),
// builds keys with a Builder, splits keys read back (KEYS_ONLY indexes) with
// Split and the Parse functions, and builds sort-key conditions with Prefix
// and Range.
//
// # Grammar
//
//	template    = literal { placeholder literal }
//	placeholder = "{" Field { "|" modifier } "}"
//	modifier    = "lower" | "upper" | "fixed=" N      (N is 0 to 18, no leading zero)
//
// A literal is any UTF-8 text without '{', '}', control characters
// (U+0000–U+001F) or U+10FFFF; the first and the last literal may be empty,
// the ones between placeholders may not (adjacent placeholders are refused:
// the key would not split back). Field is a Go identifier. lower and upper
// apply to string fields, fixed to float fields (which need it); lower and
// upper exclude each other and no modifier appears twice. A template is not
// empty, and its literal text fits the key's limit (2,048 bytes for a
// partition key, 1,024 for a sort key), as does its shortest key once its
// fields' kinds are bound. CheckLiteralPrefix refuses a template that does
// not begin with literal text (required of sort keys, so that entities
// sharing an index are told apart by their keys).
//
// # Encodings
//
// A field's encoding follows from its Go type (Kind) and its modifiers; every
// encoding decodes back (round trip) and, except text, has a fixed width with
// byte order equal to the values' natural order:
//
//	Kind        Encoding  Width  Examples
//	integers    EncInt    20     0 → 00000000000000000000, 42 → 00000000000000000042,
//	                             -1 → -9999999999999999999, math.MinInt64 → -0776627963145224192,
//	                             math.MaxInt64 → 09223372036854775807
//	unsigned    EncUint   20     42 → 00000000000000000042, math.MaxUint64 → 18446744073709551615
//	time.Time   EncTime   30     2026-11-03T10:04:05-05:00 → 2026-11-03T15:04:05.000000000Z
//	float       EncFixed  20/21  {Price|fixed=2}: 12.5 → 000000000000000012.50, -12.5 → -99999999999999987.50
//	string      EncText   any    "c-17" → c-17; {Email|lower}: "Ada@X.com" → ada@x.com
//	custom      EncText   any    whatever KeyText returns
//
// Signed integers of every size share one 20-character form: a value >= 0 is
// '0' and 19 zero-padded digits, a value < 0 is '-' and the 19 digits of
// v + 10^19; '-' sorts before '0'. Widening a field (int32 to int64) keeps
// its keys. Decoding into a smaller type refuses values that do not fit
// (ErrOutOfRange). Unsigned integers are 20 zero-padded digits.
//
// Times are converted to UTC and written with nanoseconds; the zone and the
// monotonic reading are not kept (the decoded time is Equal, in UTC). Years
// 0000–9999 (in UTC) only; others are ErrOutOfRange.
//
// Floats need a declared fixed format: {Price|fixed=N} writes v·10^N as an
// integer (as above) with a '.' before its last N digits (no '.' when N is
// 0). NaN, infinities, values whose v·10^N does not fit an int64 and values
// with more than N decimals (1.005 at N = 2: rounding would give two values
// one key) are ErrOutOfRange. -0 is written as 0.
//
// Strings and named string types are their text, unchanged: case changes only
// where written. |lower and |upper map each rune with unicode.ToLower or
// unicode.ToUpper (Go's simple case mapping: "ß" stays "ß" under upper), and
// a lowered field decodes to its lowered text. A custom type implements
// Texter (KeyText() (string, error)) and, on its pointer, TextParser
// (ParseKeyText(string) error); its text follows the text rules below, no
// modifier applies, and its order in keys is its text's order.
//
// # The separator rule
//
// A table has one separator (DefaultSep '#' unless it names another: a
// printable ASCII punctuation character other than { } - . :, so no number or
// time encoding contains it). A text value (string or custom) must be
// non-empty, valid UTF-8, hold no control character (U+0000–U+001F) and no
// U+10FFFF, must not contain the separator, and the literal that follows its
// placeholder must not begin inside it. The last condition only matters when
// that literal lacks the separator: in {A}-{B}, A may not contain "-"; in
// {A}#{B} the separator rule already guarantees it. A value breaking a rule is
// a typed error naming the template and the field (ErrEmptyValue,
// ErrInvalidText, ErrSeparator, ErrAmbiguous), before anything is sent.
//
// Values are refused rather than escaped: keys stay exactly the values' text,
// readable in the console and by other tools, begins_with prefixes stay plain
// text, and byte order stays value order — an escape cannot keep it (with
// '#' escaped as "%23", "a#" < "a$" but "a%23" > "a$").
//
// # Guarantees
//
//   - Split: a key built from a template splits back into exactly its fields'
//     texts, so Append(Split(key)) == key; Split accepts nothing else
//     (ErrMalformed). Fixed-width fields are cut by width, text fields at the
//     first occurrence of the following literal (which the rule above makes
//     the right one).
//   - Length: a key over 2,048 bytes (partition) or 1,024 bytes (sort) is
//     ErrKeyTooLong.
//   - Conditions: Prefix with the first k fields selects exactly the keys of
//     the template with those fields (begins_with ends with the following
//     literal, so "eu" never matches "eu-west"; with all fields, sk = key).
//     Range adds one operator on field k and selects exactly the keys whose
//     field satisfies it, as one BETWEEN whose bounds stay inside the
//     prefix's range (U+10FFFF, which no key contains, closes the upper end).
//     Operators are never rewritten: a condition that cannot be exact is an
//     error. For a text field followed by literal text L, a value that extends
//     another with a character below L's first one ("eu west" beside "eu",
//     space < '#') sorts before it in keys, so only Ge, Lt and GeLt (a <= v <
//     b) are offered there (Exact), and only with bounds whose characters
//     after the first sort above L's first (ErrInexactRange otherwise); on
//     numbers, times and a text field ending the template every operator is
//     exact. When the next field has a fixed width, Prefix and Range bound it
//     by the encoding's least and greatest texts, so keys of another shape
//     under the same literal (ORDER#PROFILE beside ORDER#{N}) are not
//     selected.
//   - Compare(a, b) decides soundly, from the literals, the encodings'
//     alphabets and the separator rule, whether a key of a can equal a key of
//     b (Equal: the entity would not be known from the key) and whether a key
//     of one is selected by a query of the other on fewer fields than it has
//     (AInB, BInA: hierarchical keys such as ORDER#{ID} and
//     ORDER#{OrderID}#ITEM#{N}, a collection), each with a witness key for the
//     message. It never reports keys disjoint that can meet.
//
// Normalized and Shape give a bound template's canonical text with its
// fields' kinds and modifiers ("ORDER#{PlacedAt:time}#{ID:string}",
// "ORDER#{time}#{string}"), to record templates against stranding changes
// and to compare collection members' partition templates.
//
// Errors at run time are *FieldError or *KeyError and match ErrInvalid and a
// precise sentinel through errors.Is.
package keys
