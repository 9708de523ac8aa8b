// Package ddbjson reads DynamoDB's JSON answers straight into models and
// writes model items straight into requests, inside aws-sdk-go-v2's
// middleware stack, without the SDK's map[string]types.AttributeValue
// (issue 18). It is handler-side plumbing: generic code here, per-model
// code generated next to MarshalItem/UnmarshalItem.
//
// # Reading
//
// WithDecoder(dec) is the option of one call of a *dynamodb.Client. It
// inserts a Deserialize middleware right after the SDK's
// "OperationDeserializer". On the way back that middleware sees the answer
// before the SDK's deserializer does and after the SDK's checksum
// middleware ("DynamoDB:ResponseChecksumValidation", further down the
// step) has wrapped the body. For a 200 answer it reads the body whole
// (MaxBody at most), closes it (which runs the CRC32 check: a mismatch is a
// retryable *ChecksumError), hands the bytes to dec, and leaves the SDK's
// deserializer an empty body, so the call's output holds only its
// ResultMetadata. Any other answer goes on untouched to the SDK's
// deserializer, which makes its typed error. Signing, endpoint resolution,
// retries (each attempt decodes afresh: decoders reset themselves), the
// request ID and the user's middleware are the SDK's.
//
// The answer shapes are Page (Query, Scan), ItemResult (GetItem; PutItem,
// UpdateItem, DeleteItem with ReturnValues), BatchGetResult (BatchGetItem)
// and TxGetResult (TransactGetItems). Their items go to ItemSinks: Items
// (a slice of models) and One (one model) call the model's
// DecodeJSONItem(*Map) for each item. Keys (LastEvaluatedKey,
// UnprocessedKeys) and ConsumedCapacity come out in the SDK's types, for
// cursors and ddb.Capacity.
//
// # Stores
//
// NewClient(c) wraps a *dynamodb.Client for the generated stores: it
// implements ddb.DirectGetAPI and ddb.DirectPageAPI, so a store's Get and
// the Page and All of its queries and scans read their answers with WithDecoder
// straight into the model, when the model has DecodeJSONItem; anything
// else goes through the embedded client as before.
//
// # The reader
//
// A scanner over the body's bytes; nothing is built that the decoder does
// not ask for. Map iterates over the attributes of an item or an M (Name,
// NameIs, Value); Value is one attribute value: its Type tag and accessors
// that check it (S, N, Int, Uint, Float, Bool, B, IsNull) or open it (L, M,
// Set). Strings without escapes are substrings of the body, which is one
// new array per answer, never reused: decoding a page of strings allocates
// nothing per string, and a string kept keeps its body alive. The string
// slices of a body's items (DecodeStrings) are cut from a few shared arrays,
// each with capacity equal to its length. Iterators are reused per nesting
// level (a List or Map is valid until the iterator it came from moves on);
// the iterator of an item level remembers which field each attribute
// position was (FieldIndex), so the next item's names are matched by
// comparing bytes. The forms DynamoDB sends ({"S":"..."} without escapes,
// {"L":[...]}, ,"name":) are read in one go, strings eight bytes at a time;
// anything else takes the token path, with the same results and errors.
//
// The body is checked whole before a decode counts as a success: an
// attribute the decoder does not read, or reads only in part, is checked
// when its iterator moves on (an L or M is first passed over by bracket
// matching, then checked by being decoded or, failing that, by settle).
// Every problem is a *SyntaxError (ErrMalformed) with its offset, a
// *TypeError, or the decoder's own error: never a panic, never a partial
// result with a nil error. What the SDK's deserializer does with odd input
// is kept where it matters for equality (FuzzPage compares both paths on
// every body the direct one accepts): a string with escapes has its invalid
// UTF-8 and lone surrogates replaced by U+FFFD, one without is kept as sent;
// a B must be valid base64 even in an attribute nobody reads. The reader is
// stricter than the SDK in places (an N must be a number, an attribute
// value must have exactly one known type tag): those are errors, not
// different results.
//
// # Writing
//
// Writer writes DynamoDB JSON byte for byte as the SDK's serializer does
// (tested against it: escapes, DEL, invalid UTF-8, U+2028/2029, base64,
// nil and empty binaries). WithItems(encs...) is the option of one PutItem,
// BatchWriteItem or TransactWriteItems call whose input holds
// Placeholder() where items go: a Serialize middleware after the SDK's
// "OperationSerializer" replaces the i-th "Item":{} of the request with
// what encs[i].EncodeJSONItem writes, before the payload hash, the content
// length and the signature are computed. The rest of the request (keys,
// expressions) stays the SDK's.
//
// # Streams
//
// DecodeStreamEvent reads a Lambda DynamoDB stream event from its raw JSON
// into StreamRecords whose images (Image) decode with the same
// DecodeJSONItem; StreamHandler is a lambda.Handler (lambda.Start takes
// it) that copies Lambda's reused payload buffer and passes the records on.
//
// # What the generator emits per model
//
// Two methods per table struct (gen/codec_json.go), beside MarshalItem and
// UnmarshalItem: typed calls of this package's helpers (DecodeString,
// DecodeInt, WriteStrings, WriteTime ...) for the common kinds, and the
// generated map codec's code for any other field. order_test.go and
// writer_test.go keep the hand-written pair the design started from;
// internal/codectest proves the generated ones equal to the SDK's
// (de)serializer plus the map codec:
//
//	func (v *Order) DecodeJSONItem(m *ddbjson.Map) error {
//		for m.Next() {
//			switch {
//			case m.NameIs("customer_id"): // one case per attribute, by exact name
//				...decode m.Value() as UnmarshalItem decodes the field...
//			default: // attributevalue's case-insensitive match, then ignore
//			}
//		}
//		return m.Err()
//	}
//	func (v *Order) EncodeJSONItem(w *ddbjson.Writer) error // BeginItem, Name+value per field, EndItem
//
// An entity of a single-table design (gen/entity_json.go) gets the same
// pair: its fields as above, and its key and type attributes through
// EntityItem (which notes them as they pass and, at the end of the item,
// decides as ddb.Entity.Decode does: owner check, then the first field
// error, then the template fields recovered from the keys) and
// WriteEntityKeys (ddb.Entity.Item's keys and type). An item of another
// entity is an error wrapping ddb.ErrForeignItem, as on the map path.
// Collection is the sink of a page holding several entities (see
// collection.go); Map.Find and Map.Mark/Rewind are what it needs of the
// reader.
//
// The rules of the map codec hold unchanged: NULL decodes to the zero
// value; omitempty and the other dynamodbav options decide what is
// written; numbers are formatted and parsed exactly as attributevalue does
// (Value.Float mirrors ddb.ParseFloat); errors carry the attribute path
// (ddb.DecodeAt); interface-typed and fallback fields go through
// Value.AttributeValue and the existing reflective fallback; a NaN or
// infinite float is an error (Writer.Float).
package ddbjson
