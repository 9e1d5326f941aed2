// C++ throw + catch across 10 frames: the cost per throw (DESIGN §8's exception path: RaiseException,
// the frame walk over .pdata, RtlUnwindEx and the landing pads).
#include <chrono>
#include <cstdio>

__attribute__((noinline)) void down(int depth)
{
    if (depth == 0)
        throw depth;
    down(depth - 1);
    asm volatile("");
}

int main()
{
    const int throws = 20000;
    int caught = 0;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < throws; i++) {
        try {
            down(10);
        } catch (int) {
            caught++;
        }
    }
    auto end = std::chrono::steady_clock::now();
    double us = std::chrono::duration<double, std::micro>(end - start).count() / throws;
    std::printf("%.2f\n", us);
    return caught == throws ? 0 : 1;
}
