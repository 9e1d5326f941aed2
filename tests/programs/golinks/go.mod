module golinks

go 1.19
