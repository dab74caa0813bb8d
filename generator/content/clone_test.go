package content

import (
	"reflect"
	"testing"
	"time"
)

// TestCloneCopiesEveryField fills every exported field of a Doc and
// checks that Clone copies it, so a field added to Doc and forgotten in
// Clone fails here.
func TestCloneCopiesEveryField(t *testing.T) {
	d := &Doc{lowerName: "n"}
	v := reflect.ValueOf(d).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() {
			continue
		}
		fill(t, v.Type().Field(i).Name, f)
	}
	c := d.Clone()
	cv := reflect.ValueOf(c).Elem()
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		if !sf.IsExported() {
			continue
		}
		if !reflect.DeepEqual(v.Field(i).Interface(), cv.Field(i).Interface()) {
			t.Errorf("Clone does not copy %s", sf.Name)
		}
	}
	if c.lowerName != d.lowerName {
		t.Errorf("Clone does not copy lowerName")
	}
	if c == d {
		t.Errorf("Clone returned the same Doc")
	}
}

// fill sets f to a value that is not its zero value.
func fill(t *testing.T, name string, f reflect.Value) {
	switch f.Kind() {
	case reflect.String:
		f.SetString("x")
	case reflect.Int, reflect.Int64:
		f.SetInt(7)
	case reflect.Bool:
		f.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(f.Type(), 1, 1)
		fill(t, name, s.Index(0))
		f.Set(s)
	case reflect.Pointer:
		p := reflect.New(f.Type().Elem())
		fill(t, name, p.Elem())
		f.Set(p)
	case reflect.Uint8:
		f.SetUint(1)
	case reflect.Float64:
		f.SetFloat(1.5)
	case reflect.Struct:
		if f.Type() == reflect.TypeOf(time.Time{}) {
			f.Set(reflect.ValueOf(time.Date(2024, 12, 6, 0, 0, 0, 0, time.UTC)))
			return
		}
		set := false
		for i := 0; i < f.NumField(); i++ {
			if f.Type().Field(i).IsExported() {
				fill(t, name, f.Field(i))
				set = true
			}
		}
		if !set {
			t.Fatalf("cannot fill field %s of type %s", name, f.Type())
		}
	default:
		t.Fatalf("cannot fill field %s of kind %s", name, f.Kind())
	}
}
