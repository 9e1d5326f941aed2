// MSVC C++ exceptions (__CxxFrameHandler3, _CxxThrowException), built for the MSVC ABI with
// clang and linked without a C runtime: catch by type, by reference, by pointer to a base, by
// value with a copy constructor; catch(...); destructors of the frames left; rethrow; try blocks
// inside catch clauses; std::terminate. Prints one line per failed check and the totals.
//
//   eh.exe             the checks
//   eh.exe terminate   an exception leaving a noexcept function: the terminate handler runs
//   eh.exe rethrow     `throw;` with no exception: terminate
//   eh.exe unhandled   nothing catches: the process ends with 0xE06D7363
extern "C" {
int puts(const char *);
void ExitProcess(unsigned);
const char *GetCommandLineA();
typedef void (*terminate_handler)();
terminate_handler set_terminate(terminate_handler);
int __uncaught_exceptions();
void **__current_exception();
void **__current_exception_context();
int _is_exception_typeof(const void *type, void *pointers);
const char *__std_type_info_name(const void *data, void *root);
int __std_type_info_compare(const void *a, const void *b);
unsigned long long __std_type_info_hash(const void *data);
void dll_throw(int code);
int dll_destroyed();
unsigned dll_translated();
}

// What typeid refers to: MSVC's type_info is a TypeDescriptor (vftable, cached name, decorated
// name); the runtime functions take the part after the vftable.
namespace std {
class type_info {
public:
    virtual ~type_info();
};
}
static const void *type_data(const std::type_info &t) { return (const char *)&t + 8; }
// Where the runtime links the names it allocates (an SLIST_HEADER).
alignas(16) static void *type_info_root[2];

// The classes' deleting destructors refer to it; nothing here is allocated.
void operator delete(void *, unsigned long long) noexcept {}

static int passed, failed;

static char *format(char *p, long long v)
{
    char digits[24];
    int n = 0;
    bool negative = v < 0;
    unsigned long long u = negative ? -(unsigned long long)v : v;
    do
        digits[n++] = '0' + u % 10;
    while (u /= 10);
    if (negative)
        *p++ = '-';
    while (n)
        *p++ = digits[--n];
    return p;
}

static void check(int line, long long got, long long expected)
{
    if (got == expected) {
        passed++;
        return;
    }
    failed++;
    char text[96], *p = text;
    for (const char *s = "FAIL line "; *s; s++)
        *p++ = *s;
    p = format(p, line);
    *p++ = ':';
    *p++ = ' ';
    p = format(p, got);
    for (const char *s = " != "; *s; s++)
        *p++ = *s;
    p = format(p, expected);
    *p = 0;
    puts(text);
}
#define CHECK(got, expected) check(__LINE__, (got), (expected))

static int destroyed, copied, constructed;

struct Counted {
    int id;
    Counted(int id) : id(id) { constructed++; }
    Counted(const Counted &o) : id(o.id) { copied++; constructed++; }
    ~Counted() { destroyed++; }
};

struct Base {
    int base = 1;
    virtual int value() const { return 10; }
    virtual ~Base() {}
};
struct Other {
    long long other[3] = {7, 8, 9};
    virtual ~Other() {}
};
// Other first: a Derived* converted to Base* moves past Other.
struct Derived : Other, Base {
    int derived = 2;
    int value() const override { return 20 + derived; }
};

__declspec(noinline) void throw_int(int v) { throw v; }

__declspec(noinline) void down(int depth, int value)
{
    Counted local(depth);
    if (depth == 0)
        throw_int(value);
    down(depth - 1, value);
}

__declspec(noinline) void throw_derived()
{
    Counted local(0);
    throw Derived();
}

static Derived static_derived;
__declspec(noinline) void throw_pointer() { throw &static_derived; }

__declspec(noinline) void throw_counted(int id)
{
    Counted c(id);
    throw c;
}

static int uncaught_seen = -1;
struct Watcher {
    ~Watcher() { uncaught_seen = __uncaught_exceptions(); }
};

__declspec(noinline) void throw_watched()
{
    Watcher w;
    throw 5;
}

static int int_by_type()
{
    try {
        throw_int(42);
    } catch (double) {
        return -1;
    } catch (int v) {
        return v;
    }
    return 0;
}

static int rethrown()
{
    int seen = 0;
    try {
        try {
            throw_counted(3);
        } catch (Counted &c) {
            seen += c.id;
            c.id = 30;
            throw;
        }
    } catch (Counted &c) {
        seen += c.id;
    }
    return seen;
}

static int nested_in_catch()
{
    int trail = 0;
    try {
        throw_int(1);
    } catch (int a) {
        Counted inside(9);
        trail = trail * 10 + a;
        try {
            throw_int(2);
        } catch (int b) {
            trail = trail * 10 + b;
        }
        trail = trail * 10 + 3;
    }
    return trail;
}

static int thrown_from_catch()
{
    int trail = 0;
    try {
        try {
            throw_int(1);
        } catch (int a) {
            trail = a;
            throw_counted(4);
        }
    } catch (const Counted &c) {
        trail = trail * 10 + c.id;
    }
    return trail;
}

// The exception type eh.cpp sees the DLL's Problem as: the same name, so the same type.
struct Problem {
    int code;
};

static bool same_text(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static int catch_all()
{
    try {
        throw_derived();
    } catch (...) {
        return 1;
    }
    return 0;
}

__declspec(noinline) void no_throw_allowed() noexcept { throw_int(1); }
// Called through a pointer the compiler cannot see through, so the caller's try block stays.
static void (*volatile may_throw)() = no_throw_allowed;

static void on_terminate()
{
    puts("terminate handler");
    ExitProcess(42);
}

static bool mode(const char *name)
{
    const char *cmd = GetCommandLineA();
    const char *end = cmd;
    while (*end)
        end++;
    const char *n = name;
    int len = 0;
    while (n[len])
        len++;
    if (end - cmd < len)
        return false;
    for (int i = 0; i < len; i++)
        if (end[i - len] != name[i])
            return false;
    return true;
}

extern "C" void start()
{
    if (mode(" terminate")) {
        set_terminate(on_terminate);
        try {
            may_throw();
        } catch (int) {
            puts("caught through noexcept");
        }
        ExitProcess(1);
    }
    if (mode(" rethrow")) {
        set_terminate(on_terminate);
        throw;
    }
    if (mode(" unhandled")) {
        puts("throwing");
        throw_int(7);
    }

    CHECK(int_by_type(), 42);

    destroyed = constructed = 0;
    try {
        down(9, 5);
    } catch (int v) {
        CHECK(v, 5);
        CHECK(destroyed, 10); // every frame's local, before the catch runs
    }

    destroyed = constructed = 0;
    try {
        throw_derived();
    } catch (const Base &b) {
        CHECK(b.value(), 22);
        CHECK(b.base, 1);
        CHECK(destroyed, 1); // the thrower's local; the exception object lives on
    }
    CHECK(destroyed, 1);

    try {
        throw_pointer();
    } catch (Base *b) {
        CHECK((long long)b, (long long)static_cast<Base *>(&static_derived));
        CHECK(b->value(), 22);
    }
    try {
        throw_pointer();
    } catch (Other *o) {
        CHECK((long long)o, (long long)static_cast<Other *>(&static_derived));
        CHECK(o->other[2], 9);
    }

    destroyed = constructed = copied = 0;
    try {
        throw_counted(6);
    } catch (Counted c) {
        CHECK(c.id, 6);
        CHECK(copied, 2); // into the exception object, then into c
    }
    CHECK(destroyed, constructed); // the local, the exception object and c

    destroyed = constructed = copied = 0;
    CHECK(rethrown(), 33);
    CHECK(destroyed, constructed); // the object was destroyed once, after the last catch

    destroyed = constructed = 0;
    CHECK(nested_in_catch(), 123);
    CHECK(destroyed, 1);

    destroyed = constructed = copied = 0;
    CHECK(thrown_from_catch(), 14);
    CHECK(destroyed, constructed);

    CHECK(catch_all(), 1);

    try {
        throw_watched();
    } catch (int) {
        CHECK(__uncaught_exceptions(), 0);
    }
    CHECK(uncaught_seen, 1);

    // A DLL's exception, caught by type here; its destructor (in the DLL) runs once the catch
    // is over.
    try {
        dll_throw(17);
    } catch (const Problem &p) {
        CHECK(p.code, 17);
        CHECK(dll_destroyed(), 1); // the DLL's local copy
    }
    CHECK(dll_destroyed(), 2);

    // The exception being handled, as std::current_exception sees it.
    try {
        throw_int(8);
    } catch (...) {
        void *pointers[2] = {*__current_exception(), *__current_exception_context()};
        CHECK(*(unsigned *)pointers[0], 0xE06D7363);
        CHECK(_is_exception_typeof(&typeid(int), pointers), 1);
        CHECK(_is_exception_typeof(&typeid(Counted), pointers), 0);
    }

    CHECK(same_text(__std_type_info_name(type_data(typeid(Derived)), type_info_root), "struct Derived"), 1);
    CHECK(same_text(__std_type_info_name(type_data(typeid(int)), type_info_root), "int"), 1);
    CHECK(__std_type_info_compare(type_data(typeid(int)), type_data(typeid(int))), 0);
    CHECK(__std_type_info_compare(type_data(typeid(int)), type_data(typeid(Derived))) != 0, 1);
    CHECK(__std_type_info_hash(type_data(typeid(int))) ==
              __std_type_info_hash(type_data(typeid(Derived))),
          0);

    // A structured exception (an access violation) turned into a C++ exception by the thread's
    // translator, in the DLL (built with /EHa, which translators need).
    CHECK(dll_translated(), 0xC0000005);

    char text[48], *p = text;
    p = format(p, passed);
    for (const char *s = " passed, "; *s; s++)
        *p++ = *s;
    p = format(p, failed);
    for (const char *s = " failed"; *s; s++)
        *p++ = *s;
    *p = 0;
    puts(text);
    ExitProcess(failed != 0);
}
