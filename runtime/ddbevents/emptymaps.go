package ddbevents

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
)

// emptyMapFixer is the HTTP client of the Streams clients NewStreamsClient makes. It
// repairs one fault of DynamoDB Local's GetRecords answers: an empty map
// attribute, which DynamoDB writes as {"M": {}}, comes as {} with no type at all
// (at any depth of Keys, NewImage and OldImage), which the SDK then decodes as
// an empty list or a nil value. GetItem and Query answer {"M": {}} correctly,
// and DynamoDB itself never writes an attribute value without a type, so the
// repair changes nothing else.
type emptyMapFixer struct {
	next dynamodbstreams.HTTPClient
}

func (f emptyMapFixer) Do(req *http.Request) (*http.Response, error) {
	resp, err := f.next.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "" ||
		req.Header.Get("X-Amz-Target") != "DynamoDBStreams_20120810.GetRecords" {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if fixed, ok := fixEmptyMaps(body); ok {
		body = fixed
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp, nil
}

// fixEmptyMaps rewrites every typeless attribute value {} in the records of a
// GetRecords answer as {"M": {}}. It reports false, leaving the answer to the
// SDK as it is, when there was nothing to fix or the answer does not parse.
func fixEmptyMaps(body []byte) ([]byte, bool) {
	if !bytes.Contains(body, []byte("{}")) {
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber() // keeps numbers such as ApproximateCreationDateTime as written
	var out struct {
		Records           []map[string]any `json:"Records"`
		NextShardIterator *string          `json:"NextShardIterator,omitempty"`
	}
	if err := d.Decode(&out); err != nil {
		return nil, false
	}
	fixed := false
	for _, r := range out.Records {
		change, _ := r["dynamodb"].(map[string]any)
		for _, img := range []string{"Keys", "NewImage", "OldImage"} {
			if m, ok := change[img].(map[string]any); ok {
				fixed = fixValues(m) || fixed
			}
		}
	}
	if !fixed {
		return nil, false
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, false
	}
	return b, true
}

// fixValues repairs the attribute values of an image or map value, in place.
func fixValues(m map[string]any) bool {
	fixed := false
	for k, v := range m {
		if fixValue(&v) {
			m[k] = v
			fixed = true
		}
	}
	return fixed
}

func fixValue(v *any) bool {
	av, ok := (*v).(map[string]any)
	if !ok {
		return false
	}
	if len(av) == 0 {
		*v = map[string]any{"M": map[string]any{}}
		return true
	}
	fixed := false
	if m, ok := av["M"].(map[string]any); ok {
		fixed = fixValues(m)
	}
	if l, ok := av["L"].([]any); ok {
		for i := range l {
			if fixValue(&l[i]) {
				fixed = true
			}
		}
	}
	return fixed
}
