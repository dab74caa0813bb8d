package write

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLockHelper is not a test: TestLockDiesWithProcess runs the test
// binary with BRIEFING_LOCK_HELPER=FILE to get a process holding a lock.
func TestLockHelper(t *testing.T) {
	path := os.Getenv("BRIEFING_LOCK_HELPER")
	if path == "" {
		t.Skip("run by TestLockDiesWithProcess")
	}
	if _, err := LockFile(context.Background(), path, "build", nil); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
	os.Exit(0)
}

// TestLockDiesWithProcess: a lock held by a process is busy for another,
// which waits and says who holds it; when the holder is killed with
// SIGKILL the system releases the lock, and the waiter gets it.
func TestLockDiesWithProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".site.briefing-lock")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestLockHelper$")
	cmd.Env = append(os.Environ(), "BRIEFING_LOCK_HELPER="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	if n, _ := stdout.Read(buf); !strings.HasPrefix(string(buf[:n]), "locked") {
		t.Fatalf("the helper says %q", buf[:n])
	}
	if !lockBusy(path) {
		t.Fatal("the lock the helper holds is not busy")
	}
	waited := make(chan string, 1)
	got := make(chan *Lock, 1)
	go func() {
		l, err := LockFile(context.Background(), path, "build", func(msg string) { waited <- msg })
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	want := fmt.Sprintf("waiting for another briefing (build, pid %d) to finish", cmd.Process.Pid)
	select {
	case msg := <-waited:
		if msg != want {
			t.Errorf("waiting: %q, want %q", msg, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("LockFile did not wait")
	}
	select {
	case <-got:
		t.Fatal("the lock was taken while the helper held it")
	case <-time.After(200 * time.Millisecond):
	}
	cmd.Process.Kill()
	cmd.Wait()
	select {
	case l := <-got:
		l.Unlock()
	case <-time.After(10 * time.Second):
		t.Fatal("the lock was not released when its holder was killed")
	}
	if _, err := os.Lstat(path); err == nil && removeLockFile {
		t.Error("the lock file is left after Unlock")
	}
}

// TestLockRefusesLink: a lock file that is a symbolic link is refused,
// at once and by name: followed, it would make or lock a file elsewhere
// (the link's target), and its file never being the one at the path, a
// build waited for it for ever, Ctrl-C included.
func TestLockRefusesLink(t *testing.T) {
	dir := t.TempDir()
	for _, target := range []string{"precious", "missing"} {
		path := filepath.Join(dir, ".out.briefing-lock")
		os.Remove(path)
		if target == "precious" {
			os.WriteFile(filepath.Join(dir, target), []byte("mine"), 0o644)
		}
		if err := os.Symlink(filepath.Join(dir, target), path); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		l, err := LockFile(ctx, path, "build", nil)
		cancel()
		if err == nil {
			l.Unlock()
			t.Fatalf("a link to %s was taken as the lock", target)
		}
		if want := path + ": Briefing's lock file is a symbolic link: remove it"; err.Error() != want {
			t.Errorf("link to %s: %v, want %s", target, err, want)
		}
		if data, err := os.ReadFile(filepath.Join(dir, "precious")); err != nil || string(data) != "mine" {
			t.Errorf("the link's target changed: %q, %v", data, err)
		}
		if _, err := os.Lstat(filepath.Join(dir, "missing")); err == nil {
			t.Error("a file was made through the link")
		}
	}
}

// TestLockLeavesOthersFile: a file that has the lock's name but holds
// what no lock's holder writes is someone else's: refused by name, never
// truncated nor removed. A lock file a killed build left is taken over.
func TestLockLeavesOthersFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".out.briefing-lock")
	os.WriteFile(path, []byte("my important lock notes"), 0o644)
	if l, err := LockFile(context.Background(), path, "build", nil); err == nil {
		l.Unlock()
		t.Error("a file of someone else's was taken as the lock")
	} else if want := path + ": a file that is not Briefing's has the name of its lock file: move it"; err.Error() != want {
		t.Errorf("%v, want %s", err, want)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "my important lock notes" {
		t.Errorf("the file: %q, %v", b, err)
	}
	os.WriteFile(path, []byte("build, pid 4242\n"), 0o644)
	l, err := LockFile(context.Background(), path, "zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Unlock()
}

// TestLockErrorSaysWhatFile: the lock file is one the user never named,
// so an error making it says it is Briefing's lock, beside the output
// (here its name, 16 characters longer than the output's, is too long).
func TestLockErrorSaysWhatFile(t *testing.T) {
	path := LockPath(filepath.Join(t.TempDir(), strings.Repeat("a", 245)))
	_, err := LockFile(context.Background(), path, "build", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "making Briefing's lock file beside the output: ") || !strings.Contains(err.Error(), "file name too long") {
		t.Errorf("%v", err)
	}
}
