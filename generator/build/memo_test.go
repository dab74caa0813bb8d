package build

import (
	"reflect"
	"testing"

	"briefing/generator/content"
	"briefing/generator/resolve"
)

// TestMemoKeys: the Memo compares a file and a shape field by field, so
// a field added to either must be compared too, or a change to it would
// go unseen. Each field is changed in turn and must make the two differ.
func TestMemoKeys(t *testing.T) {
	differs(t, content.File{Kind: "cities", Path: "content/cities/a.md", Src: []byte("x")}, sameFile)
	differs(t, resolve.Shape{Kind: "cities", Slug: "a", Name: "A", Aliases: []string{"B"}}, resolve.Shape.Equal)
}

// differs fails unless same(v, w) holds for w a copy of v, and fails for
// every copy with one field changed.
func differs[T any](t *testing.T, v T, same func(a, b T) bool) {
	t.Helper()
	if !same(v, v) {
		t.Fatalf("%T: a value differs from itself", v)
	}
	typ := reflect.TypeOf(v)
	for i := range typ.NumField() {
		w := reflect.New(typ).Elem()
		w.Set(reflect.ValueOf(v))
		f := w.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "!")
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Slice:
			switch f.Type().Elem().Kind() {
			case reflect.Uint8:
				f.SetBytes(append([]byte(nil), append(f.Bytes(), '!')...))
			case reflect.String:
				f.Set(reflect.Append(f, reflect.ValueOf("!")))
			default:
				t.Fatalf("%T.%s: a slice of %s, which this test cannot change", v, typ.Field(i).Name, f.Type().Elem())
			}
		default:
			t.Fatalf("%T.%s: a %s, which this test cannot change", v, typ.Field(i).Name, f.Kind())
		}
		if same(v, w.Interface().(T)) {
			t.Errorf("%T.%s changed, but the two compare the same", v, typ.Field(i).Name)
		}
	}
}
