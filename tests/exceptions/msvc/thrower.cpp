// A DLL whose C++ exceptions are caught by the program that loads it (eh.cpp): the ThrowInfo's
// RVAs are relative to this DLL, and the thrown object's destructor lives here. Built with /EHa
// (-fasync-exceptions) for its structured-exception translator.
extern "C" {
typedef void (*se_translator)(unsigned, void *);
se_translator _set_se_translator(se_translator);
}
struct Problem {
    int code;
    Problem(int code) : code(code) {}
    Problem(const Problem &o) : code(o.code) {}
    ~Problem();
};

static int destroyed;
Problem::~Problem() { destroyed++; }

extern "C" __declspec(dllexport) void dll_throw(int code)
{
    Problem p(code);
    throw p;
}

extern "C" __declspec(dllexport) int dll_destroyed() { return destroyed; }

struct StructuredException {
    unsigned code;
};
static void translate(unsigned code, void *) { throw StructuredException{code}; }
__declspec(noinline) int read_through(volatile int *p) { return *p; }
// Called through a pointer the compiler cannot see through: it would drop the try block of a
// call it knows throws no C++ exception, even under /EHa.
static int (*volatile read_may_throw)(volatile int *) = read_through;

// An access violation, caught as the C++ exception the translator makes of it: its code.
extern "C" __declspec(dllexport) unsigned dll_translated()
{
    se_translator previous = _set_se_translator(translate);
    unsigned code = 0;
    try {
        read_may_throw(0);
    } catch (StructuredException &e) {
        code = e.code;
    }
    _set_se_translator(previous);
    return code;
}
