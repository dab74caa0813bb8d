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
	"strings"
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

	byKey map[string]*Entity
}

// Entity is a page.
type Entity struct {
	Kind         string `json:"kind"`
	Key          string `json:"key"`
	Name         string `json:"name"`
	URL          string `json:"url"` // relative to the site root: "cities/hama/"
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

// Decode reads an edition from the bytes of its briefing.json.
func Decode(data []byte) (*Edition, error) {
	var e Edition
	if err := json.Unmarshal(data, &e); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("not a briefing.json: invalid JSON at byte %d: %v", se.Offset, se)
		}
		return nil, fmt.Errorf("not a briefing.json: %v", err)
	}
	if e.Schema != Schema {
		if e.Schema == "" {
			return nil, errors.New("not a briefing.json: it has no \"schema\"")
		}
		return nil, fmt.Errorf("not a briefing.json of this version: its schema is %q, not %q", e.Schema, Schema)
	}
	e.index()
	return &e, nil
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
	var data []byte
	switch {
	case info.IsDir():
		data, err = readFile(filepath.Join(name, File))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no %s in this folder: is it a built site?", name, File)
		}
	case isZip(name):
		data, err = readZip(name)
	default:
		data, err = readFile(name)
	}
	if err != nil {
		return nil, err
	}
	e, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return e, nil
}

func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", name)
	}
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
// folder.
func readZip(name string) ([]byte, error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
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
		return nil, fmt.Errorf("%s: no %s at its top or in its top folder: is it a briefing's zip?", name, File)
	}
	rc, err := found.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v", name, found.Name, err)
	}
	defer rc.Close()
	return readLimited(rc, name+": "+found.Name)
}
