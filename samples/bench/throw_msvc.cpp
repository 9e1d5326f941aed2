// throw.cpp for the MSVC ABI without a C runtime: C++ throw + catch across 10 frames through
// vcruntime140 (_CxxThrowException, __CxxFrameHandler3). Prints microseconds per throw.
extern "C" {
int puts(const char *);
void ExitProcess(unsigned);
int QueryPerformanceCounter(long long *);
int QueryPerformanceFrequency(long long *);
}

__declspec(noinline) void down(int depth)
{
    if (depth == 0)
        throw depth;
    down(depth - 1);
    asm volatile("");
}

extern "C" void start()
{
    const int throws = 20000;
    int caught = 0;
    long long frequency, begin, end;
    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&begin);
    for (int i = 0; i < throws; i++) {
        try {
            down(10);
        } catch (int) {
            caught++;
        }
    }
    QueryPerformanceCounter(&end);
    // Hundredths of a microsecond per throw, printed as "12.34".
    long long centi = (end - begin) * 100000000 / frequency / throws;
    char text[32], digits[20];
    int n = 0, at = 0;
    long long whole = centi / 100;
    do
        digits[n++] = '0' + whole % 10;
    while (whole /= 10);
    while (n)
        text[at++] = digits[--n];
    text[at++] = '.';
    text[at++] = '0' + centi / 10 % 10;
    text[at++] = '0' + centi % 10;
    text[at] = 0;
    puts(text);
    ExitProcess(caught == throws ? 0 : 1);
}
