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
// array indexes) starts in data, or -1 if there is none. A key is matched
// as encoding/json matches it: in any letter case, and the last of keys
// written twice, whose value is the one decoded.
func Find(data []byte, path ...any) int64 {
	return find(data, 0, path)
}

// find is Find from the value at offset off.
func find(data []byte, off int64, path []any) int64 {
	off = skipSeparators(data, off)
	if len(path) == 0 {
		return off
	}
	dec := json.NewDecoder(bytes.NewReader(data[off:]))
	dec.UseNumber()
	key, isKey := path[0].(string)
	open := json.Delim('[')
	if isKey {
		open = '{'
	}
	if t, err := dec.Token(); err != nil || t != open {
		return -1
	}
	found := int64(-1)
	for i := 0; dec.More(); i++ {
		name := ""
		if isKey {
			t, err := dec.Token()
			if err != nil {
				return -1
			}
			name, _ = t.(string)
		}
		if isKey && strings.EqualFold(name, key) {
			found = off + dec.InputOffset() // a later one wins
		} else if !isKey && path[0] == i {
			found = off + dec.InputOffset()
			break
		}
		if err := dec.Decode(new(json.RawMessage)); err != nil {
			return -1
		}
	}
	if found < 0 {
		return -1
	}
	return find(data, found, path[1:])
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
