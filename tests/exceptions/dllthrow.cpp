// A DLL that throws: the exception crosses into the program that catches it, running the
// destructors in the DLL's frames on the way (each module has its own unwind tables and its
// own copy of libgcc's unwinder).
#include <stdexcept>

struct Guard {
    int *count;
    ~Guard() { ++*count; }
};

extern "C" __declspec(dllexport) void dll_throw(int depth, int *destroyed)
{
    Guard g{destroyed};
    if (depth == 0)
        throw std::runtime_error("from dll");
    dll_throw(depth - 1, destroyed);
}
