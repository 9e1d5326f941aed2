// C++ exceptions in a mingw-w64 g++ program: libgcc's SEH unwinder runs on
// RaiseException, RtlUnwindEx, RtlVirtualUnwind and RtlLookupFunctionEntry.
// Catch by type, catch-all, rethrow, destructors of locals in every frame
// left, a throw from a catch block, and many throws in a row.
#include <cstdio>
#include <stdexcept>
#include <string>

static int passed, failed;
#define ok(cond, ...)                                                         \
    do {                                                                      \
        if (cond)                                                             \
            passed++;                                                         \
        else {                                                                \
            failed++;                                                         \
            std::printf("FAIL %s:%d: ", __FILE__, __LINE__);                  \
            std::printf(__VA_ARGS__);                                         \
            std::printf("\n");                                                \
        }                                                                     \
    } while (0)

static int constructed, destroyed;
struct Tracked {
    int id;
    explicit Tracked(int i) : id(i) { constructed++; }
    ~Tracked() { destroyed++; }
};

struct MyError {
    int code;
};
struct Derived : std::runtime_error {
    Derived() : std::runtime_error("derived") {}
};

__attribute__((noinline)) void thrower(int depth, int kind)
{
    Tracked t(depth);
    if (depth > 0) {
        thrower(depth - 1, kind);
        return;
    }
    switch (kind) {
    case 0: throw 42;
    case 1: throw MyError{7};
    case 2: throw Derived();
    case 3: throw std::string("text");
    }
}

static void test_catch_by_type()
{
    constructed = destroyed = 0;
    try {
        thrower(10, 0);
        ok(false, "no throw");
    } catch (int v) {
        ok(v == 42, "int %d", v);
    }
    ok(constructed == 11 && destroyed == 11, "int: %d constructed, %d destroyed", constructed,
       destroyed);

    constructed = destroyed = 0;
    try {
        thrower(5, 1);
    } catch (int) {
        ok(false, "MyError caught as int");
    } catch (const MyError &e) {
        ok(e.code == 7, "MyError code %d", e.code);
    }
    ok(destroyed == 6, "MyError: %d destroyed", destroyed);

    try {
        thrower(3, 2);
    } catch (const std::exception &e) {
        ok(std::string(e.what()) == "derived", "what() %s", e.what());
    }

    bool caught = false;
    try {
        thrower(2, 3);
    } catch (...) {
        caught = true;
    }
    ok(caught, "catch (...) missed a std::string");
}

static int rethrow_inner()
{
    try {
        thrower(2, 0);
    } catch (int) {
        Tracked t(99);
        throw;
    }
    return 0;
}

static void test_rethrow_and_nested()
{
    constructed = destroyed = 0;
    try {
        rethrow_inner();
        ok(false, "no rethrow");
    } catch (int v) {
        ok(v == 42, "rethrown %d", v);
    }
    ok(constructed == 4 && destroyed == 4, "rethrow: %d constructed, %d destroyed", constructed,
       destroyed);

    int stage = 0;
    try {
        try {
            throw MyError{1};
        } catch (MyError &) {
            stage = 1;
            throw std::runtime_error("from catch");
        }
    } catch (std::runtime_error &) {
        stage = stage == 1 ? 2 : -1;
    }
    ok(stage == 2, "throw from a catch block: stage %d", stage);

    int sum = 0;
    for (int i = 0; i < 1000; i++) {
        try {
            thrower(i % 4, 0);
        } catch (int v) {
            sum += v;
        }
    }
    ok(sum == 42000, "1000 throws: sum %d", sum);
}

int main()
{
    test_catch_by_type();
    test_rethrow_and_nested();
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
