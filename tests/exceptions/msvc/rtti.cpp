// MSVC RTTI (__RTDynamicCast, __RTtypeid, __RTCastToVoid over the x64 RTTI structures), built
// for the MSVC ABI with clang and linked without a C runtime like eh.cpp: dynamic_cast down,
// across and to void* through single, multiple and virtual inheritance; ambiguous and private
// bases; bad_cast for references, bad_typeid for a null pointer; typeid(*p) and type_info's
// name, raw name and order. Prints one line per failed check and the totals. Microsoft's
// vcruntime140.dll passes every check (under Wine); Wine's own fails the ambiguous and private
// base checks and words the bad_typeid message differently ("NULL pointer").
extern "C" {
int puts(const char *);
void ExitProcess(unsigned);
const char *__std_type_info_name(const void *data, void *root);
int __std_type_info_compare(const void *a, const void *b);
}

// The runtime's exception classes as vcruntime140 lays them out: a vftable (deleting
// destructor, what) and the message with its ownership flag.
namespace std {
class type_info {
public:
    virtual ~type_info();
};
class exception {
public:
    virtual ~exception();
    virtual const char *what() const;

private:
    const char *message;
    bool owned;
};
class bad_cast : public exception {};
class bad_typeid : public exception {};
}
static const void *type_data(const std::type_info &t) { return (const char *)&t + 8; }
static const char *raw_name(const std::type_info &t) { return (const char *)&t + 16; }
alignas(16) static void *type_info_root[2];

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

static void check(bool ok, const char *what)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    char line[160] = "failed: ";
    char *p = line + 8;
    while (*what)
        *p++ = *what++;
    *p = 0;
    puts(line);
}

static bool same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

// Single inheritance.
struct Animal {
    virtual ~Animal() {}
    int legs = 4;
};
struct Dog : Animal {
    int barks = 1;
};
struct Puppy : Dog {};

// Multiple inheritance: Left at offset 0, Right after it.
struct Left {
    virtual ~Left() {}
    long long l = 1;
};
struct Right {
    virtual ~Right() {}
    long long r = 2;
};
struct Both : Left, Right {
    long long b = 3;
};

// A diamond over a virtual base: the Base subobject sits where the vbtables say.
struct Base {
    virtual ~Base() {}
    long long base = 10;
};
struct Mid1 : virtual Base {
    long long m1 = 11;
};
struct Mid2 : virtual Base {
    long long m2 = 12;
};
struct Diamond : Mid1, Mid2 {
    long long d = 13;
};

// Two Root subobjects: Root is ambiguous in Twice.
struct Root {
    virtual ~Root() {}
    int root = 20;
};
struct Branch1 : Root {};
struct Branch2 : Root {};
struct Other {
    virtual ~Other() {}
};
struct Twice : Branch1, Branch2, Other {};

// A private base: not a public base of the complete object.
struct Hidden {
    virtual ~Hidden() {}
};
struct Shown {
    virtual ~Shown() {}
};
struct Secret : private Hidden, public Shown {
    Hidden *hidden() { return this; }
};

// Casts go through a volatile pointer so the compiler cannot fold them.
template <class T> static T *opaque(T *p)
{
    T *volatile v = p;
    return v;
}

static void dynamic_casts()
{
    Puppy puppy;
    Animal *animal = opaque<Animal>(&puppy);
    check(dynamic_cast<Dog *>(animal) == static_cast<Dog *>(&puppy), "single: down to the middle");
    check(dynamic_cast<Puppy *>(animal) == &puppy, "single: down to the complete object");
    Dog dog;
    check(dynamic_cast<Puppy *>(opaque<Animal>(&dog)) == nullptr, "single: not a Puppy");
    check(dynamic_cast<void *>(animal) == &puppy, "single: to void*");
    check(dynamic_cast<Dog *>(opaque<Animal>(nullptr)) == nullptr, "null stays null");

    Both both;
    Right *right = opaque<Right>(&both);
    check((void *)right != (void *)&both, "Right is not at offset 0");
    check(dynamic_cast<Both *>(right) == &both, "multiple: down from the second base");
    check(dynamic_cast<Left *>(right) == static_cast<Left *>(&both), "multiple: across");
    check(dynamic_cast<void *>(right) == &both, "multiple: to void*");
    Right lone;
    check(dynamic_cast<Left *>(opaque<Right>(&lone)) == nullptr, "multiple: no Left in a Right");
    check(dynamic_cast<Both *>(opaque<Right>(&lone)) == nullptr, "multiple: a Right is no Both");

    Diamond diamond;
    Base *base = opaque<Base>(&diamond);
    check((void *)base != (void *)&diamond, "the virtual base is not at offset 0");
    check(dynamic_cast<Diamond *>(base) == &diamond, "virtual: down from the virtual base");
    check(dynamic_cast<Mid2 *>(base) == static_cast<Mid2 *>(&diamond), "virtual: down to Mid2");
    check(dynamic_cast<Mid1 *>(opaque<Mid2>(&diamond)) == static_cast<Mid1 *>(&diamond),
          "virtual: across");
    check(dynamic_cast<void *>(base) == &diamond, "virtual: to void*");
    Mid1 mid1;
    check(dynamic_cast<Mid1 *>(opaque<Base>(&mid1)) == &mid1, "virtual: Mid1 alone");
    check(dynamic_cast<Diamond *>(opaque<Base>(&mid1)) == nullptr, "virtual: Mid1 is no Diamond");
    check(dynamic_cast<Mid2 *>(opaque<Base>(&mid1)) == nullptr, "virtual: Mid1 has no Mid2");

    Twice twice;
    Other *other = opaque<Other>(&twice);
    check(dynamic_cast<Root *>(other) == nullptr, "ambiguous base: null");
    check(dynamic_cast<Branch2 *>(other) == static_cast<Branch2 *>(&twice),
          "unambiguous sibling of an ambiguous base");
    Root *second = opaque<Root>(static_cast<Branch2 *>(&twice));
    check(dynamic_cast<Twice *>(second) == &twice, "down from one of two Roots");
    check(dynamic_cast<Branch2 *>(second) == static_cast<Branch2 *>(&twice),
          "down to the Branch holding that Root");
    check(dynamic_cast<Branch1 *>(second) == static_cast<Branch1 *>(&twice),
          "across from one Root to the other branch");

    Secret secret;
    Hidden *hidden = opaque<Hidden>(secret.hidden());
    check(dynamic_cast<Secret *>(hidden) == nullptr, "private base: no down cast");
    check(dynamic_cast<Shown *>(hidden) == nullptr, "private base: no cross cast");
    check(dynamic_cast<void *>(hidden) == &secret, "private base: void* still works");
    check(dynamic_cast<Secret *>(opaque<Shown>(&secret)) == &secret, "public base of Secret");
}

static void reference_casts()
{
    Dog dog;
    Animal &animal = *opaque<Animal>(&dog);
    int caught = 0;
    try {
        (void)dynamic_cast<Puppy &>(animal);
        check(false, "a reference cast that fails returns");
    } catch (std::bad_cast &e) {
        caught = 1;
        check(same(e.what(), "Bad dynamic_cast!"), "bad_cast::what");
    }
    check(caught == 1, "a failed reference cast throws bad_cast");

    caught = 0;
    try {
        Dog &again = dynamic_cast<Dog &>(animal);
        check(&again == &dog, "a reference cast that works");
    } catch (...) {
        caught = 1;
    }
    check(caught == 0, "a reference cast that works throws nothing");

    caught = 0;
    Right lone;
    try {
        (void)dynamic_cast<Left &>(*opaque<Right>(&lone));
    } catch (std::exception &e) {
        caught = 1;
        check(same(e.what(), "Bad dynamic_cast!"), "bad_cast caught as std::exception");
    }
    check(caught == 1, "bad_cast is a std::exception");
}

static void typeids()
{
    Diamond diamond;
    Base *base = opaque<Base>(&diamond);
    const std::type_info &t = typeid(*base);
    check(&t == &typeid(Diamond), "typeid(*p) is the dynamic type's descriptor");
    check(same(__std_type_info_name(type_data(t), type_info_root), "struct Diamond"),
          "typeid(*p).name()");
    check(same(raw_name(t), ".?AUDiamond@@"), "typeid(*p).raw_name()");
    Both both;
    Right *right = opaque<Right>(&both);
    check(same(__std_type_info_name(type_data(typeid(*right)), type_info_root), "struct Both"),
          "typeid through the second base");
    check(__std_type_info_compare(type_data(typeid(Both)), type_data(typeid(Diamond))) < 0,
          "type_info::before orders by decorated name");
    check(__std_type_info_compare(type_data(typeid(Diamond)), type_data(t)) == 0,
          "type_info::operator==");

    int caught = 0;
    try {
        Base *none = opaque<Base>(nullptr);
        (void)typeid(*none);
    } catch (std::bad_typeid &e) {
        caught = 1;
        check(same(e.what(), "Attempted a typeid of nullptr pointer!"), "bad_typeid::what");
    }
    check(caught == 1, "typeid of a null pointer throws bad_typeid");
}

extern "C" void start()
{
    dynamic_casts();
    reference_casts();
    typeids();
    char line[64], *p = format(line, passed);
    const char *mid = " passed, ";
    while (*mid)
        *p++ = *mid++;
    p = format(p, failed);
    const char *end = " failed";
    while (*end)
        *p++ = *end++;
    *p = 0;
    puts(line);
    ExitProcess(failed != 0);
}
