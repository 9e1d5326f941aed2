// A Go program as the Go runtime runs it on Windows: goroutines and channels, timers and
// sleeps, files, arguments, a recovered panic, the collector, and a CPU-bound loop that only
// finishes because the runtime preempts it asynchronously (SuspendThread + GetThreadContext +
// SetThreadContext + ResumeThread). Every line it prints is deterministic.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func goroutines() {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 1; i <= 100; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			results <- n * n
		}(i)
	}
	go func() { wg.Wait(); close(results) }()
	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum of squares:", sum)
}

func timers() {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	slept := time.Since(start)
	fired := make(chan string, 2)
	time.AfterFunc(10*time.Millisecond, func() { fired <- "afterfunc" })
	t := time.NewTimer(30 * time.Millisecond)
	<-t.C
	fired <- "timer"
	ticks := 0
	ticker := time.NewTicker(5 * time.Millisecond)
	for range ticker.C {
		ticks++
		if ticks == 3 {
			ticker.Stop()
			break
		}
	}
	fmt.Println("slept enough:", slept >= 20*time.Millisecond, <-fired, <-fired, "ticks:", ticks)
	select {
	case <-time.After(10 * time.Millisecond):
		fmt.Println("select timeout")
	case <-make(chan int):
	}
}

func files(dir string) {
	path := filepath.Join(dir, "gocheck.txt")
	if err := os.WriteFile(path, []byte("line one\nline two\n"), 0o644); err != nil {
		fmt.Println("write:", err)
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		f.WriteString("line three\n")
		f.Close()
	}
	data, err := os.ReadFile(path)
	fmt.Printf("read %d bytes, %d lines, err=%v\n", len(data), strings.Count(string(data), "\n"), err)
	info, err := os.Stat(path)
	fmt.Println("stat:", info.Name(), info.Size(), err)
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	fmt.Println("dir:", strings.Join(names, ","))
	_, err = os.Stat(filepath.Join(dir, "missing.txt"))
	fmt.Println("missing is not-exist:", errors.Is(err, os.ErrNotExist))
	fmt.Println("remove:", os.Remove(path))
}

func recovered() (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("recovered: ", r)
		}
	}()
	var m map[string]int
	m["x"] = 1
	return "no panic"
}

func nilDeref() (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("recovered: ", r)
		}
	}()
	var p *int
	return fmt.Sprint(*p)
}

func collector() {
	var keep [][]byte
	for i := 0; i < 2000; i++ {
		b := make([]byte, 64<<10)
		b[0] = byte(i)
		if i%100 == 0 {
			keep = append(keep, b)
		}
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	fmt.Println("gc ran:", after.NumGC > before.NumGC, "kept:", len(keep))
}

// preemption: with one P, a goroutine spinning without function calls can only be stopped by
// asynchronous preemption; the main goroutine then gets to run and stops it.
func preemption() {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	var stop int32
	done := make(chan uint64)
	go func() {
		var n uint64
		for atomic.LoadInt32(&stop) == 0 {
			n++
		}
		done <- n
	}()
	time.Sleep(50 * time.Millisecond)
	atomic.StoreInt32(&stop, 1)
	fmt.Println("spinner preempted:", <-done > 0)
}

func main() {
	fmt.Println("args:", strings.Join(os.Args[1:], "|"))
	goroutines()
	timers()
	if len(os.Args) > 1 {
		files(os.Args[1])
	}
	fmt.Println(recovered())
	fmt.Println(nilDeref())
	collector()
	preemption()
	fmt.Println("goroutines at end:", runtime.NumGoroutine())
	os.Exit(7)
}
