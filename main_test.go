package main

import "testing"

// TestBuildVersion: a binary built without a release version (go run, go
// build in the repository, go test) has none, rather than one made up;
// a version set at release time is kept.
func TestBuildVersion(t *testing.T) {
	if v := buildVersion(); v != "" {
		t.Errorf("development build: version %q, want none", v)
	}
	defer func(v string) { version = v }(version)
	version = "v1.2.3"
	if v := buildVersion(); v != "v1.2.3" {
		t.Errorf("release build: version %q", v)
	}
}
