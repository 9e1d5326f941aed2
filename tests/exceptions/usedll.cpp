// Catches, by base class, what dllthrow.dll throws six frames down.
#include <cstdio>
#include <stdexcept>
#include <string>

extern "C" __declspec(dllimport) void dll_throw(int depth, int *destroyed);

int main()
{
    int destroyed = 0;
    std::string what;
    try {
        dll_throw(5, &destroyed);
    } catch (const std::exception &e) {
        what = e.what();
    }
    std::printf("%s %d\n", what.c_str(), destroyed);
    return what == "from dll" && destroyed == 6 ? 0 : 1;
}
