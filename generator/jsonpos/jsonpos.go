// Package jsonpos finds where a value is in a JSON file, for a message
// that points at it. Files are decoded into plain values, which keeps
// their reading fast; only a value at fault is looked for, in the bytes.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Find returns the byte offset where the value at path (object keys and
// array indexes) starts in data, or -1 if there is none.
func Find(data []byte, path ...any) int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for _, step := range path {
		key, isKey := step.(string)
		open := json.Delim('[')
		if isKey {
			open = '{'
		}
		if t, err := dec.Token(); err != nil || t != open {
			return -1
		}
		// Skip, each whole, the members or elements before the step's.
		for i := 0; ; i++ {
			if !dec.More() {
				return -1
			}
			if isKey {
				t, err := dec.Token()
				if err != nil {
					return -1
				}
				if t == key {
					break
				}
			} else if step == i {
				break
			}
			if err := dec.Decode(new(json.RawMessage)); err != nil {
				return -1
			}
		}
	}
	return skipSeparators(data, dec.InputOffset())
}

// Start returns where the JSON value that ends at end starts, or -1 if
// none ends there: encoding/json places a value of the wrong type at its
// end (after the opening bracket of an array or object), and a message
// points at its first character.
func Start(data []byte, end int64) int64 {
	dec := json.NewDecoder(bytes.NewReader(data))
	prev := int64(0)
	for {
		if _, err := dec.Token(); err != nil {
			return -1
		}
		if dec.InputOffset() == end {
			return skipSeparators(data, prev)
		}
		prev = dec.InputOffset()
	}
}

// skipSeparators is the offset of the first character at or after off
// that is not white space or the ':' or ',' before a value.
func skipSeparators(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n:,", data[off]) >= 0 {
		off++
	}
	return off
}
