/* A shared library without the winrun_shim entry point. */
int not_a_shim(void)
{
    return 1;
}
