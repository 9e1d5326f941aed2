module winrun.test/gocheck

go 1.19
