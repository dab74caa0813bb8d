// Package changes says what changed from one edition of a briefing to the
// next. It takes two editions as their briefing.json (the file every build
// writes; its schema is in the README) and gives the claims added, removed
// or with a changed status, the changes of control per place, the figures
// added, revised or removed, and the pages added and removed. The render
// stage makes the "What changed" page and the feed's entry for an edition
// from it; `briefing diff` prints it.
package changes

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"

	"briefing/generator/fields"
	"briefing/generator/jsonpos"
)

// Schema is the schema URL of the briefing.json this package reads; a
// file with another (or none) is refused.
const Schema = "https://briefing.example/schema/briefing-1.json"

// File is the name of the data file in a built site.
const File = "briefing.json"

// MaxSize bounds the briefing.json read: a 10,000-article briefing's is
// about 15 MB.
const MaxSize = 512 << 20

// Edition is what a comparison reads of one edition's briefing.json.
// Fields it does not compare are not decoded (an earlier edition may come
// from an earlier version of Briefing with fields since added).
type Edition struct {
	Schema   string    `json:"schema"`
	Title    string    `json:"title"`
	AsOf     string    `json:"as_of"`
	Entities []Entity  `json:"entities"`
	Claims   []Claim   `json:"claims"`
	Control  []Control `json:"control"`
	Figures  []Figure  `json:"figures"`

	// File is the file the edition was read from (Read), and AsOfAt
	// where its as_of is written, for problems found with it.
	File   string     `json:"-"`
	AsOfAt fields.Pos `json:"-"`

	byKey map[string]*Entity
}

// Entity is a page.
type Entity struct {
	Kind         string `json:"kind"`
	Key          string `json:"key"`
	Name         string `json:"name"`
	Type         string `json:"type"` // a faction's or a place's ("air base")
	URL          string `json:"url"`  // relative to the site root: "cities/hama/"
	Date         string `json:"date"`
	ControlledBy string `json:"controlled_by"`
}

// Claim is a claim on an article.
type Claim struct {
	ID      string   `json:"id"`
	Sheet   string   `json:"sheet"`
	Article string   `json:"article"`
	URL     string   `json:"url"`
	Quote   string   `json:"quote"`
	Status  string   `json:"status"`
	Sources []string `json:"sources"`
	Note    string   `json:"note"`
}

// Control is one row of a place's control timeline.
type Control struct {
	City    string `json:"city"`
	Date    string `json:"date"`
	Faction string `json:"faction"`
	Source  string `json:"source"`
	Note    string `json:"note"`
}

// Figure is one dated number.
type Figure struct {
	Entity    string `json:"entity"`
	Label     string `json:"label"`
	Value     int64  `json:"value"`
	High      int64  `json:"high"`
	Qualifier string `json:"qualifier"`
	AsOf      string `json:"as_of"`
	Since     string `json:"since"`
	Source    string `json:"source"`
	Note      string `json:"note"`
}

// Error is a problem with a briefing.json at a line and column of it
// (columns count characters from 1, as editors do); Read puts the file's
// name before it.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// at is an Error at byte offset off of data; with off -1, where in data
// could not be told, it has no line.
func at(data []byte, off int64, format string, args ...any) *Error {
	if off < 0 {
		return &Error{Msg: fmt.Sprintf(format, args...)}
	}
	p := fields.PosOf(data, int(off))
	return &Error{Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...)}
}

// Decode reads an edition from the bytes of its briefing.json. A file
// that is not valid JSON, holds a value of the wrong type or a date that
// is not one is refused with an *Error at the value at fault (every bad
// date, joined): an edition's dates are shown and compared as written, so
// a hand-edited "2024-13-40" would be read as no date at all.
func Decode(data []byte) (*Edition, error) {
	var e Edition
	if err := json.Unmarshal(data, &e); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se) && se.Offset >= int64(len(data)):
			return nil, at(data, se.Offset, "not a briefing.json: invalid JSON: %v", se)
		case errors.As(err, &se):
			// Offset counts the byte at fault.
			return nil, at(data, se.Offset-1, "not a briefing.json: invalid JSON: %v", se)
		case errors.As(err, &te) && te.Field == "":
			return nil, at(data, jsonpos.Start(data, te.Offset), "not a briefing.json: the file must be a JSON object, got %s", te.Value)
		case errors.As(err, &te):
			return nil, at(data, jsonpos.Start(data, te.Offset), "not a briefing.json: %s must be %s, got %s", te.Field, jsonType(te.Type), te.Value)
		}
		return nil, fmt.Errorf("not a briefing.json: %v", err)
	}
	if e.Schema != Schema {
		if e.Schema == "" {
			return nil, errors.New("not a briefing.json: it has no \"schema\"")
		}
		return nil, fmt.Errorf("not a briefing.json of this version: its schema is %q, not %q", e.Schema, Schema)
	}
	if err := e.checkDates(data); err != nil {
		return nil, err
	}
	if off := jsonpos.Find(data, "as_of"); off >= 0 {
		e.AsOfAt = fields.PosOf(data, int(off))
	}
	e.index()
	return &e, nil
}

// checkDates reports every date of e that is neither empty (undated: an
// edition with no dated item has no as_of) nor a date fields.ParseDate
// takes, at its place in data.
func (e *Edition) checkDates(data []byte) error {
	type bad struct {
		path []any // "control", 3, "date"
		date string
		err  error
	}
	var found []bad
	check := func(date string, path ...any) {
		if date == "" {
			return
		}
		if _, err := fields.ParseDate(date); err != nil {
			found = append(found, bad{path, date, err})
		}
	}
	check(e.AsOf, "as_of")
	for i, p := range e.Entities {
		check(p.Date, "entities", i, "date")
	}
	for i, r := range e.Control {
		check(r.Date, "control", i, "date")
	}
	for i, f := range e.Figures {
		check(f.AsOf, "figures", i, "as_of")
		check(f.Since, "figures", i, "since")
	}
	errs := make([]error, len(found))
	for i, b := range found {
		off := jsonpos.Find(data, b.path...) // -1, and no line, if not found
		what := fmt.Sprint(b.path[0])
		for _, step := range b.path[1:] {
			if n, ok := step.(int); ok {
				what += fmt.Sprintf("[%d]", n)
			} else {
				what += fmt.Sprintf(".%s", step)
			}
		}
		switch b.err {
		case fields.ErrDateShape:
			errs[i] = at(data, off, "%s must be a date (YYYY-MM-DD), got %q", what, b.date)
		case fields.ErrNotReal:
			errs[i] = at(data, off, "%s is not a real date: %q", what, b.date)
		default:
			errs[i] = at(data, off, "%s %v (%s)", what, b.err, fields.ZeroDateHint)
		}
	}
	return errors.Join(errs...)
}

// jsonType names the JSON value a field of type t takes.
func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Slice:
		return "an array"
	case reflect.Struct:
		return "an object"
	}
	return t.String()
}

func (e *Edition) index() {
	e.byKey = make(map[string]*Entity, len(e.Entities))
	for i := range e.Entities {
		e.byKey[e.Entities[i].Key] = &e.Entities[i]
	}
}

// Page returns the page of a key, or nil.
func (e *Edition) Page(key string) *Entity {
	if e.byKey == nil {
		e.index()
	}
	return e.byKey[key]
}

// Name is the name of the page of a key, or the key when the edition has
// no such page.
func (e *Edition) Name(key string) string {
	if p := e.Page(key); p != nil && p.Name != "" {
		return p.Name
	}
	return key
}

// Read reads an edition from a briefing.json file, a built site's folder
// or the zip `briefing zip` writes (whose one top folder holds the site).
// A path that does not exist is an fs.ErrNotExist error.
func Read(name string) (*Edition, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	// where names the file read in messages: in a folder or a zip, the
	// briefing.json in it.
	var data []byte
	where := name
	switch {
	case info.IsDir():
		where = filepath.Join(name, File)
		data, err = readFile(where)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no %s in this folder: is it a built site?", name, File)
		}
	case !info.Mode().IsRegular():
		// Not opened: opening a named pipe waits for a writer, for good.
		return nil, fmt.Errorf("%s: not a regular file", name)
	case isZip(name):
		data, where, err = readZip(name)
	default:
		data, err = readFile(name)
	}
	if err != nil {
		return nil, err
	}
	e, err := Decode(data)
	if err != nil {
		return nil, inFile(where, err)
	}
	e.File = where
	return e, nil
}

// inFile puts the name of the file before each of err's errors: before
// the line and column of an *Error that has them, compiler style.
func inFile(name string, err error) error {
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	out := make([]error, len(list))
	for i, err := range list {
		if e, ok := err.(*Error); ok && e.Line > 0 {
			out[i] = fmt.Errorf("%s:%w", name, err)
		} else {
			out[i] = fmt.Errorf("%s: %w", name, err)
		}
	}
	return errors.Join(out...)
}

func readFile(name string) ([]byte, error) {
	// Looked at before it is opened: opening a named pipe (a folder's
	// briefing.json may be one) waits for a writer, for good.
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, name)
}

func readLimited(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%s: larger than %d MB", name, MaxSize>>20)
	}
	return data, nil
}

// isZip reports whether the file starts as a zip archive does.
func isZip(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	return bytes.Equal(head[:n], []byte("PK\x03\x04")) || bytes.Equal(head[:n], []byte("PK\x05\x06"))
}

// readZip reads the briefing.json at the top of a zip or in its one top
// folder, and names it: "x.zip: x/briefing.json".
func readZip(name string) (data []byte, where string, err error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", name, err)
	}
	defer zr.Close()
	var found *zip.File
	for _, f := range zr.File {
		p := strings.TrimPrefix(f.Name, "./")
		if path.Base(p) == File && strings.Count(p, "/") <= 1 {
			if found == nil || strings.Count(p, "/") < strings.Count(found.Name, "/") {
				found = f
			}
		}
	}
	if found == nil {
		return nil, "", fmt.Errorf("%s: no %s at its top or in its top folder: is it a briefing's zip?", name, File)
	}
	rc, err := found.Open()
	if err != nil {
		return nil, "", fmt.Errorf("%s: %s: %v", name, found.Name, err)
	}
	defer rc.Close()
	where = name + ": " + found.Name
	data, err = readLimited(rc, where)
	return data, where, err
}
