// Symbolic links as Go's os package sees them on Windows (reparse points): a tree under the
// directory given as the argument holds links to a directory outside it; os.Lstat and
// os.Readlink report the links themselves, and os.RemoveAll takes the links, never what they
// point at. Every line it prints is deterministic.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func must(what string, err error) {
	if err != nil {
		fmt.Println(what+":", err)
		os.Exit(1)
	}
}

func kind(m os.FileMode) string {
	switch {
	case m&os.ModeSymlink != 0:
		return "link"
	case m.IsDir():
		return "dir"
	default:
		return "file"
	}
}

func main() {
	base := os.Args[1]
	outside := filepath.Join(base, "outside")
	tree := filepath.Join(base, "tree")
	must("mkdir outside", os.MkdirAll(outside, 0o755))
	must("keep.txt", os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("kept"), 0o644))
	must("mkdir tree", os.MkdirAll(filepath.Join(tree, "sub"), 0o755))
	must("a.txt", os.WriteFile(filepath.Join(tree, "a.txt"), []byte("a"), 0o644))
	must("abs link", os.Symlink(outside, filepath.Join(tree, "abs")))
	must("rel link", os.Symlink(`..\..\outside`, filepath.Join(tree, "sub", "rel")))
	must("file link", os.Symlink("a.txt", filepath.Join(tree, "file-link")))

	for _, name := range []string{"abs", `sub\rel`, "file-link", "a.txt"} {
		p := filepath.Join(tree, name)
		l, err := os.Lstat(p)
		must("lstat", err)
		s, err := os.Stat(p)
		must("stat", err)
		fmt.Printf("%s: lstat %s stat %s\n", name, kind(l.Mode()), kind(s.Mode()))
	}
	abs, err := os.Readlink(filepath.Join(tree, "abs"))
	must("readlink abs", err)
	// The link was made to a rooted name (`\dir\outside`); it reads back with its drive.
	fmt.Println("readlink abs is the outside directory:", strings.EqualFold(abs, filepath.VolumeName(abs)+outside))
	rel, err := os.Readlink(filepath.Join(tree, "sub", "rel"))
	must("readlink rel", err)
	fmt.Println("readlink rel:", rel)
	entries, err := os.ReadDir(tree)
	must("readdir", err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name()+":"+kind(e.Type()))
	}
	sort.Strings(names)
	fmt.Println("entries:", strings.Join(names, " "))
	fmt.Println("removeall:", os.RemoveAll(tree))
	_, err = os.Lstat(tree)
	fmt.Println("tree gone:", os.IsNotExist(err))
	kept, err := os.ReadFile(filepath.Join(outside, "keep.txt"))
	fmt.Printf("outside kept: %q %v\n", kept, err)
}
